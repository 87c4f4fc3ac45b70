*---------------------------------------------------------------------
* DMSPRT - THE PRINT COMMAND: PRINT A FILE ON THE VIRTUAL PRINTER
*
* FUNCTION: PRINT FN FT [FM] [( CC|NOCC ] - READS THE FILE WITH RDBUF
*           AND PRINTS EACH RECORD (PRINTR; AT MOST 132 COLUMNS), THEN
*           CLOSES THE PRINTER (CP CLOSE 00E) SO THE FILE GOES TO THE
*           PRINTER QUEUE (OR WHERE CP SPOOL SAYS).  NOCC (DEFAULT):
*           THE FIRST LINE STARTS A NEW PAGE, THE OTHERS ARE SINGLE
*           SPACED.  CC: THE FIRST CHARACTER OF EACH RECORD IS AN ASA
*           CARRIAGE CONTROL CHARACTER (GC20-1818 PRINT).
* CALL:     SVC 202, R1 -> CL8'PRINT',CL8'FN',CL8'FT'[,CL8'FM']
*              [,CL8'(',CL8'CC'],8X'FF'
* EXIT:     R15 = 0; 24 DMSPRT054E INCOMPLETE FILEID; 28 DMSPRT002E
*           FILE NOT FOUND; 24 DMSPRT003E INVALID OPTION; 100 A READ
*           OR THE PRINTER FAILED.
* NOT YET:  LINECOUNT, UPCASE, HEADER AND MEMBER OPTIONS.
*---------------------------------------------------------------------
DMSPRT   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSPRT,R12
         STM   R14,R12,12(R13)
         LR    R2,R1
         MVI   PRTCC,C'N'
         MVC   PRTFSCB+8(8),8(R2)      FN
         MVC   PRTFSCB+16(8),16(R2)    FT
         MVC   PRTFSCB+24(2),=C'A1'
         CLI   8(R2),X'FF'
         BE    PRTINCMP
         CLI   16(R2),X'FF'
         BE    PRTINCMP
         CLI   8(R2),C'('
         BE    PRTINCMP
         CLI   16(R2),C'('
         BE    PRTINCMP
         LA    R3,24(,R2)
         CLI   0(R3),X'FF'
         BE    PRTOPEN
         CLI   0(R3),C'('
         BE    PRTOPTS
         MVC   PRTFSCB+24(2),0(R3)
         CLI   PRTFSCB+25,C' '
         BNE   *+8
         MVI   PRTFSCB+25,C'1'
         LA    R3,8(,R3)
PRTOPTS  CLI   0(R3),X'FF'
         BE    PRTOPEN
         CLI   0(R3),C'('
         BE    PRTNEXT
         CLI   0(R3),C')'
         BE    PRTNEXT
         CLC   0(8,R3),=CL8'CC'
         BE    PRTSETCC
         CLC   0(8,R3),=CL8'NOCC'
         BE    PRTNOCC
         MVC   PRTBAD,0(R3)
         CMSMSG 'DMSPRT003E INVALID OPTION',INSERT=PRTBAD
         LA    R15,24
         B     PRTRET
PRTSETCC MVI   PRTCC,C'Y'
         B     PRTNEXT
PRTNOCC  MVI   PRTCC,C'N'
PRTNEXT  LA    R3,8(,R3)
         B     PRTOPTS
*
PRTOPEN  MVI   PRTLINE,C'1'            NOCC: FIRST LINE, NEW PAGE
         LA    R6,PRTLINE+1            WHERE RECORDS ARE READ TO
         CLI   PRTCC,C'Y'
         BNE   PRTREAD
         BCTR  R6,0                    CC: THE RECORD HOLDS THE CC
PRTREAD  ST    R6,PRTFSCB+28
         LA    R1,PRTFSCB
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'              END OF FILE
         BE    PRTEND
         C     R15,=F'1'
         BE    PRTNOTF
         LTR   R15,R15
         BZ    PRTONE
         C     R15,=F'8'               LONGER THAN THE LINE: CUT
         BNE   PRTIOERR
         L     R0,PRTFSCB+32
         ST    R0,PRTFSCB+40
PRTONE   L     R7,PRTFSCB+40           BYTES READ
         C     R7,PRTFSCB+32
         BNH   *+8
         L     R7,PRTFSCB+32
         LA    R0,PRTLINE
         LR    R1,R6
         SR    R1,R0                   1 WITHOUT CC, 0 WITH IT
         AR    R7,R1                   LINE LENGTH WITH THE CC
         LTR   R7,R7
         BNZ   *+8
         LA    R7,1
         ST    R7,PRTPR+12
         LA    R1,PRTPR
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   PRTIOERR
         MVI   PRTLINE,C' '            LATER LINES: SPACE 1
         B     PRTREAD
PRTEND   LA    R1,PRTFIN
         MVC   PRTFIN+8(18),PRTFSCB+8
         SVC   202
         DC    AL4(1)
         LA    R4,PRTCLOSE
         LA    R5,L'PRTCLOSE
         DIAG  R4,R5,X'08'             CP CLOSE 00E
         SR    R15,R15
         B     PRTRET
*
PRTINCMP CMSMSG 'DMSPRT054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     PRTRET
PRTNOTF  CMSMSG 'DMSPRT002E FILE NOT FOUND',INSERT=PRTFSCB+8
         LA    R15,28
         B     PRTRET
PRTIOERR CMSMSG 'DMSPRT105S ERROR PRINTING FILE',INSERT=PRTFSCB+8
         LA    R15,100
PRTRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
LINELEN  EQU   132
         DS    0F
PRTFSCB  DC    CL8'RDBUF',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(PRTLINE),A(LINELEN),C'F',X'00',H'1',F'0'
PRTFIN   DC    CL8'FINIS',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(0),A(0),C'F',X'00',H'1',F'0'
PRTPR    DC    CL8'PRINTR',A(PRTLINE),A(0)
PRTCLOSE DC    C'CLOSE 00E'
PRTCC    DS    C
PRTBAD   DS    CL8
PRTLINE  DS    CL(LINELEN+1)
         LTORG
         NUCON
         END
