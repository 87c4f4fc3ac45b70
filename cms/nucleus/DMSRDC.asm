*---------------------------------------------------------------------
* DMSRDC - THE READCARD COMMAND: READ A READER FILE ONTO DISK
*
* FUNCTION: READCARD FN FT [FM] / READCARD * [* [FM]] - READS THE
*           CARDS OF THE NEXT FILE IN THE VIRTUAL READER (CARDRD) UNTIL
*           ITS END OF FILE AND WRITES EACH AS ONE F 80 RECORD (WRBUF)
*           OF THE FILE, WHICH REPLACES A FILE OF THAT NAME.  A READ
*           CONTROL CARD FIRST IN THE DECK (':READ  FN FT FM', AS
*           PUNCH WRITES IT) IS NOT DATA: WITH * IT NAMES THE FILE
*           (GC20-1818 READCARD).  THE FILE MODE DEFAULTS TO A1.
* CALL:     SVC 202, R1 -> CL8'READCARD',CL8'FN',CL8'FT'[,CL8'FM'],
*              8X'FF'
* EXIT:     R15 = 0; 24 DMSRDC054E INCOMPLETE FILEID; 8 DMSRDC008E
*           NO READER FILE (OR NO READ CARD FOR *); 100 A WRITE OR
*           THE READER FAILED.
*           WITH *, EVERY READ CARD IN THE DECK STARTS A NEW FILE.
* NOT YET:  RECORDS OF 81-151 BYTES.
*---------------------------------------------------------------------
DMSRDC   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSRDC,R12
         STM   R14,R12,12(R13)
         LR    R2,R1
         CLI   8(R2),X'FF'
         BE    RDCINCMP
         MVC   RDCFSCB+8(8),8(R2)      FN
         MVC   RDCFSCB+16(8),=CL8'*'
         MVC   RDCFSCB+24(2),=C'A1'
         MVI   RDCFMSET,C'N'
         CLI   16(R2),X'FF'
         BE    RDCSTAR                 ONLY ONE NAME: MUST BE *
         MVC   RDCFSCB+16(8),16(R2)    FT
         CLI   24(R2),X'FF'
         BE    RDCSTAR
         MVC   RDCFSCB+24(2),24(R2)
         MVI   RDCFMSET,C'Y'
         CLI   RDCFSCB+25,C' '
         BNE   RDCSTAR
         MVI   RDCFSCB+25,C'1'
RDCSTAR  MVI   RDCSTRM,C'N'
         CLI   RDCFSCB+8,C'*'
         BNE   RDCNSTAR
         MVI   RDCSTRM,C'Y'            * : READ CARDS NAME THE FILES
         B     RDCFIRST
RDCNSTAR CLI   RDCFSCB+16,C'*'
         BE    RDCINCMP
*                                      THE FIRST CARD
RDCFIRST MVC   RDCRD+12(4),=A(CARDLEN)
         LA    R1,RDCRD
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   RDCNOFIL
         CLC   RDCCARD(5),=C':READ'
         BNE   RDCNAMED
         CLI   RDCSTRM,C'Y'
         BNE   RDCSKIP                 NAMED: THE READ CARD IS SKIPPED
RDCNAME  MVC   RDCFSCB+8(8),RDCCARD+7
         MVC   RDCFSCB+16(8),RDCCARD+16
         CLI   RDCFMSET,C'Y'
         BE    RDCSKIP
         MVC   RDCFSCB+24(2),RDCCARD+25
         CLI   RDCFSCB+24,C' '
         BNE   *+10
         MVC   RDCFSCB+24(2),=C'A1'
         MVI   RDCFSCB+24,C'A'         ONTO THE A-DISK
         CLI   RDCFSCB+25,C' '
         BNE   RDCSKIP
         MVI   RDCFSCB+25,C'1'
RDCSKIP  BAL   R10,RDCERASE
         B     RDCNEXT
RDCNAMED CLI   RDCSTRM,C'Y'
         BE    RDCNOREAD
         BAL   R10,RDCERASE
*                                      WRITE THE CARD, READ THE NEXT
RDCWRITE LA    R1,RDCFSCB
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   RDCIOERR
RDCNEXT  MVC   RDCRD+12(4),=A(CARDLEN)
         LA    R1,RDCRD
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   RDCEND
         CLI   RDCSTRM,C'Y'            * : A READ CARD STARTS A FILE
         BNE   RDCWRITE
         CLC   RDCCARD(5),=C':READ'
         BNE   RDCWRITE
         BAL   R10,RDCFINIS
         B     RDCNAME
RDCEND   C     R15,=F'1'               END OF FILE
         BNE   RDCNOFIL
         BAL   R10,RDCFINIS
         SR    R15,R15
         B     RDCRET
*
* RDCFINIS: THE FILE BEING WRITTEN IS CLOSED (FINIS)
RDCFINIS MVC   RDCFIN+8(18),RDCFSCB+8
         LA    R1,RDCFIN
         SVC   202
         DC    AL4(1)
         BR    R10
*
* RDCERASE: AN OLD FILE OF THAT NAME GOES (ERASE; NOT FOUND IS FINE)
RDCERASE MVC   RDCERA+8(18),RDCFSCB+8
         LA    R1,RDCERA
         SVC   202
         DC    AL4(1)
         BR    R10
*
RDCINCMP CMSMSG 'DMSRDC054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     RDCRET
RDCNOFIL CMSMSG 'DMSRDC008E DEVICE 00C EMPTY OR NOT READY'
         LA    R15,8
         B     RDCRET
RDCNOREAD CMSMSG 'DMSRDC008E NO READ CONTROL CARD'
         LA    R15,8
         B     RDCRET
RDCIOERR ST    R15,RDCRC
         CMSMSG 'DMSRDC105S ERROR WRITING FILE',INSERT=RDCFSCB+8
         LA    R15,100
RDCRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
CARDLEN  EQU   80
         DS    0F
RDCFSCB  DC    CL8'WRBUF',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(RDCCARD),A(CARDLEN),C'F',X'00',H'1',F'0'
RDCFIN   DC    CL8'FINIS',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(0),A(0),C'F',X'00',H'1',F'0'
RDCERA   DC    CL8'ERASE',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(0),A(0),C'F',X'00',H'1',F'0'
RDCRD    DC    CL8'CARDRD',A(RDCCARD),A(CARDLEN)
RDCRC    DS    F                       WRBUF'S CODE WHEN IT FAILED
RDCFMSET DS    C
RDCSTRM  DS    C                       Y: READCARD *
RDCCARD  DS    CL(CARDLEN)
         LTORG
         NUCON
         END
