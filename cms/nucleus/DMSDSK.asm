*---------------------------------------------------------------------
* DMSDSK - THE DISK COMMAND: DISK DUMP AND DISK LOAD
*
* FUNCTION: DISK DUMP FN FT [FM] PUNCHES THE FILE (FM DEFAULTS TO
*           A; * = FIRST FOUND) TO THE VIRTUAL PUNCH AS A DISK-DUMP
*           DECK AND CLOSES THE PUNCH (CP CLOSE 00D), SO THE DECK
*           GOES WHERE SPOOL PUNCH SENDS IT (SPOOL PUNCH TO USERID).
*           DISK LOAD [FN [FT [FM]]] READS THE DECKS IN THE NEXT
*           READER FILE AND WRITES EACH FILE AGAIN UNDER THE NAME,
*           TYPE AND MODE ITS LAST CARD CARRIES; A FN, FT OR FM GIVEN
*           (NOT = OR *) REPLACES THE DECK'S.  A FILE OF THAT NAME
*           IS REPLACED.  (GC20-1818 DISK.)
* DECK:     80-COLUMN CARDS.  COL 1 X'02', 2-4 'CMS', COL 5 BLANK ON
*           A DATA CARD AND 'N' ON THE LAST CARD OF A FILE, WHICH
*           CARRIES ITS DIRECTORY ENTRY (THE 40-BYTE FST) IN COLS
*           6-45.  DATA CARDS CARRY THE FILE AS STORED ON DISK, 50
*           BYTES A CARD IN COLS 6-55 (F: THE RECORDS BACK TO BACK;
*           V: EACH RECORD AFTER ITS HALFWORD LENGTH), THE LAST ONE
*           PADDED WITH ZEROS.  COLS 57-72 FN FT, 76-80 THE CARD
*           NUMBER.  (COLS 1-5 AND THE N CARD AS THE IBM MANUALS
*           DESCRIBE THEM; THE COLUMNS AFTER 5 AS RECALLED FROM R6
*           DMSDSK, NOT CHECKED AGAINST A REAL DECK.)
* LOAD:     THE DATA CARDS GO TO A WORK FILE DISK CMSUT1 A1 (F 50)
*           UNTIL THE N CARD GIVES THE FORMAT; THEN THE RECORDS ARE
*           CUT FROM IT AND WRITTEN (WRBUF), AND IT IS ERASED.
* CALL:     SVC 202, R1 -> CL8'DISK',CL8'DUMP'|'LOAD',TOKENS,8X'FF'
* EXIT:     R15 = 0; 24 BAD OPERANDS (DMSDSK047E NO FUNCTION,
*           DMSDSK014E INVALID FUNCTION, DMSDSK054E INCOMPLETE
*           FILEID); 28 DMSDSK002E FILE NOT FOUND; 8 DMSDSK008E
*           READER EMPTY; 32 DMSDSK078E NOT A DISK-DUMP DECK; 36
*           DMSDSK069E/037E TARGET DISK NOT ACCESSED OR READ-ONLY;
*           25 NO STORAGE; 100 A READ, WRITE OR PUNCH FAILED
*           (DMSDSK104S, DMSDSK105S, DMSDSK118S).
*---------------------------------------------------------------------
         ADT
         FST
DMSDSK   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSDSK,R12,R11
         STM   R14,R12,12(R13)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         LR    R10,R1                  R10 -> PLIST
         LA    R9,DSKFST               R9 -> THE FILE'S FST COPY
         USING FSTD,R9
         XC    DSKBUF,DSKBUF
         CLI   8(R10),X'FF'
         BE    DSKNOFN
         CLC   8(8,R10),=CL8'DUMP'
         BE    DUMP
         CLC   8(8,R10),=CL8'LOAD'
         BE    LOAD
         MVC   DSKMSGI,8(R10)
         CMSMSG 'DMSDSK014E INVALID FUNCTION',INSERT=DSKMSGI
         LA    R15,24
         B     DSKRET
DSKNOFN  CMSMSG 'DMSDSK047E NO FUNCTION SPECIFIED'
         LA    R15,24
         B     DSKRET
*
* DISK DUMP ----------------------------------------------------------
DUMP     CLI   16(R10),X'FF'
         BE    DSKINCMP
         CLI   24(R10),X'FF'
         BE    DSKINCMP
         MVC   DSKFID(16),16(R10)
         MVC   DSKFID+16(8),=CL8'A'
         CLI   32(R10),X'FF'
         BE    DUMPFIND
         MVC   DSKFID+16(8),32(R10)
DUMPFIND LA    R1,DSKFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   DSKNOTF
         MVC   DSKFST,0(R2)            THE FILE'S FST
         USING ADTD,R1
         MVC   DSKRD+8(16),FSTFNAME
         MVC   DSKRD+24(1),ADTM        WHERE IT WAS FOUND
         MVC   DSKRD+25(1),FSTFMODE+1
         DROP  R1
         BAL   R14,GETBUF
         LTR   R15,R15
         BNZ   DSKNOSTG
         L     R1,DSKBUF
         LA    R1,2(,R1)               RECORDS READ AFTER 2 BYTES
         ST    R1,DSKRD+28
         MVC   DSKRD+32(4),FSTLRECL
         MVC   DSKRD+36(1),FSTRECFM
         XC    DSKSEQ,DSKSEQ
         BAL   R14,CLEAR
DUMPREC  XC    DSKRD+26(2),DSKRD+26
         LA    R1,DSKRD
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'              END OF FILE
         BE    DUMPEOF
         LTR   R15,R15
         BNZ   DUMPRERR
         L     R6,DSKBUF
         LA    R6,2(,R6)
         LR    R7,R0                   THE RECORD'S LENGTH
         CLI   FSTRECFM,C'V'
         BNE   DUMPPUT
         BCTR  R6,0                    V: ITS LENGTH FIRST
         BCTR  R6,0
         STH   R0,0(,R6)
         LA    R7,2(,R7)
DUMPPUT  BAL   R14,PUTB
         LTR   R15,R15
         BNZ   DUMPPERR
         B     DUMPREC
DUMPEOF  MVC   DSKFIN+8(24),DSKRD+8
         LA    R1,DSKFIN
         SVC   202
         DC    AL4(1)
         L     R1,DSKCNT               THE PART CARD
         LTR   R1,R1
         BZ    DUMPN
         BAL   R14,PUNCARD
         LTR   R15,R15
         BNZ   DUMPPERR
DUMPN    MVI   DSKCARD+4,C'N'          THE LAST CARD: THE FST
         MVC   DSKCARD+5(FSTLEN),DSKFST
         BAL   R14,PUNCARD
         LTR   R15,R15
         BNZ   DUMPPERR
         LA    R4,DSKCLOSE
         LA    R5,L'DSKCLOSE
         DIAG  R4,R5,X'08'             CP CLOSE 00D
         SR    R15,R15
         B     DSKFREE
DUMPRERR CMSMSG 'DMSDSK104S ERROR READING FILE',INSERT=DSKFID
         B     DSKFAIL
DUMPPERR CMSMSG 'DMSDSK118S ERROR PUNCHING FILE',INSERT=DSKFID
         B     DSKFAIL
*
* PUTB: R7 BYTES AT R6 ONTO THE CARDS, A CARD PUNCHED WHEN FULL.
* R15 = 0 OR CARDPH'S CODE.  R0-R7 CHANGED.
PUTB     ST    R14,DSKLINK2
PUTB1    LTR   R7,R7
         BZ    PUTBOK
         LA    R3,DATALEN
         S     R3,DSKCNT               ROOM LEFT ON THIS CARD
         CR    R3,R7
         BNH   *+6
         LR    R3,R7
         LA    R0,DSKCARD+5
         A     R0,DSKCNT
         LR    R1,R3
         LR    R14,R6
         LR    R15,R3
         MVCL  R0,R14
         AR    R6,R3
         SR    R7,R3
         A     R3,DSKCNT
         ST    R3,DSKCNT
         C     R3,=A(DATALEN)
         BL    PUTB1
         BAL   R14,PUNCARD
         LTR   R15,R15
         BZ    PUTB1
         B     PUTBRET
PUTBOK   SR    R15,R15
PUTBRET  L     R14,DSKLINK2
         BR    R14
*
* PUNCARD: NUMBER AND NAME THE CARD, PUNCH IT (CARDPH), CLEAR IT.
PUNCARD  ST    R14,DSKLINK3
         L     R1,DSKSEQ
         LA    R1,1(,R1)
         ST    R1,DSKSEQ
         CVD   R1,DSKDW
         UNPK  DSKCARD+75(5),DSKDW+5(3)
         OI    DSKCARD+79,X'F0'
         MVC   DSKCARD(4),=X'02C3D4E2'  X'02' CMS
         MVC   DSKCARD+56(16),FSTFNAME
         LA    R1,DSKPH
         SVC   202
         DC    AL4(1)
         LR    R2,R15
         BAL   R14,CLEAR
         LR    R15,R2
         L     R14,DSKLINK3
         BR    R14
*
* CLEAR: A NEW CARD: BLANKS, ZERO DATA COLUMNS, NO BYTES ON IT.
CLEAR    MVI   DSKCARD,C' '
         MVC   DSKCARD+1(CARDLEN-1),DSKCARD
         XC    DSKCARD+5(DATALEN),DSKCARD+5
         XC    DSKCNT,DSKCNT
         BR    R14
*
* DISK LOAD ----------------------------------------------------------
LOAD     MVC   DSKOVR,=3CL8'='         FN FT FM GIVEN, IF ANY
         LA    R2,16(,R10)
         LA    R3,DSKOVR
         LA    R4,3
LOADOPND CLI   0(R2),X'FF'
         BE    LOADGO
         MVC   0(8,R3),0(R2)
         LA    R2,8(,R2)
         LA    R3,8(,R3)
         BCT   R4,LOADOPND
LOADGO   XC    DSKNFILE,DSKNFILE
LOADFILE BAL   R14,READC               THE FIRST CARD OF A FILE
         LTR   R15,R15
         BZ    LOADFIL1
         L     R1,DSKNFILE
         LTR   R1,R1
         BZ    LOADEMPT                NOTHING THERE
         C     R15,=F'1'
         BE    LOADEOF                 THE DECK'S END
         B     LOADRERR
LOADFIL1 DS    0H
         CLC   DSKCARD(4),=X'02C3D4E2'
         BNE   LOADBAD
         MVC   DSKERS+8(24),DSKWORK    NO OLD WORK FILE
         LA    R1,DSKERS
         SVC   202
         DC    AL4(1)
LOADCARD CLI   DSKCARD+4,C'N'
         BE    LOADN
         CLI   DSKCARD+4,C' '
         BNE   LOADBAD
         LA    R1,DSKWT                50 BYTES TO THE WORK FILE
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LOADWERW
         BAL   R14,READC
         LTR   R15,R15
         BNZ   LOADBAD                 NO N CARD
         CLC   DSKCARD(4),=X'02C3D4E2'
         BNE   LOADBAD
         B     LOADCARD
*                                      THE N CARD: WHICH FILE, HOW
LOADN    MVC   DSKFST,DSKCARD+5
         MVC   DSKFIN+8(24),DSKWORK
         LA    R1,DSKFIN
         SVC   202
         DC    AL4(1)
         MVC   DSKOUT(16),FSTFNAME
         MVC   DSKOUT+16(8),=CL8' '
         MVC   DSKOUT+16(2),FSTFMODE
         LA    R2,DSKOVR
         LA    R3,DSKOUT
         LA    R4,3
LOADOVR  CLI   0(R2),C'='
         BE    LOADOVRN
         CLI   0(R2),C'*'
         BE    LOADOVRN
         MVC   0(8,R3),0(R2)
LOADOVRN LA    R2,8(,R2)
         LA    R3,8(,R3)
         BCT   R4,LOADOVR
         CLI   DSKOUT+17,C' '          LETTER ONLY: DECK'S NUMBER
         BNE   *+10
         MVC   DSKOUT+17(1),FSTFMODE+1
         CLI   DSKOUT+17,C' '
         BNE   *+8
         MVI   DSKOUT+17,C'1'
*                                      THE TARGET DISK, WRITABLE
         L     R8,AADTTAB
         USING ADTD,R8
         LA    R3,ADTSLOTS
LOADADT  CLC   ADTM,DSKOUT+16
         BE    LOADDISK
         LA    R8,ADTLEN(,R8)
         BCT   R3,LOADADT
         MVC   DSKMSGI(1),DSKOUT+16
         CMSMSG 'DMSDSK069E DISK NOT ACCESSED',INSERT=DSKMSGI
         LA    R15,36
         B     LOADDROP
LOADDISK TM    ADTFLG,ADTFRW
         BO    LOADOUT
         MVC   DSKMSGI(1),ADTM
         CMSMSG 'DMSDSK037E DISK IS READ/ONLY',INSERT=DSKMSGI
         LA    R15,36
         B     LOADDROP
         DROP  R8
LOADOUT  MVC   DSKERS+8(24),DSKOUT     AN OLD FILE OF THAT NAME GOES
         LA    R1,DSKERS
         SVC   202
         DC    AL4(1)
         BAL   R14,GETBUF
         LTR   R15,R15
         BNZ   LOADNSTG
         MVC   DSKWR+8(16),DSKOUT
         MVC   DSKWR+24(2),DSKOUT+16
         MVC   DSKWR+28(4),DSKBUF
         MVC   DSKWR+36(1),FSTRECFM
         XC    DSKLEFT,DSKLEFT         NOTHING READ FROM THE WORK FILE
         SR    R5,R5
         ICM   R5,3,FSTRECCT           RECORDS TO WRITE
         BZ    LOADDONE
LOADREC  CLI   FSTRECFM,C'V'
         BE    LOADV
         L     R7,FSTLRECL             F: LRECL BYTES
         B     LOADGET
LOADV    LA    R6,DSKLEN               V: THE LENGTH, THEN THE RECORD
         LA    R7,2
         BAL   R14,GETB
         LTR   R15,R15
         BNZ   LOADSHRT
         SR    R7,R7
         ICM   R7,3,DSKLEN
         C     R7,FSTLRECL
         BH    LOADSHRT
         LTR   R7,R7
         BZ    LOADNXT
LOADGET  ST    R7,DSKWR+32
         L     R6,DSKBUF
         BAL   R14,GETB
         LTR   R15,R15
         BNZ   LOADSHRT
         LA    R1,DSKWR
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LOADWERR
LOADNXT  BCT   R5,LOADREC
LOADDONE MVC   DSKFIN+8(24),DSKOUT
         LA    R1,DSKFIN
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LOADWERR
         BAL   R14,DROPWORK
         BAL   R14,FREEBUF
         L     R1,DSKNFILE
         LA    R1,1(,R1)
         ST    R1,DSKNFILE
         B     LOADFILE                THE NEXT FILE OF THE DECK
LOADEOF  SR    R15,R15
         B     DSKRET
LOADEMPT CMSMSG 'DMSDSK008E DEVICE 00C EMPTY OR NOT READY'
         LA    R15,8
         B     DSKRET
LOADBAD  CMSMSG 'DMSDSK078E INVALID CARD IN READER FILE'
         LA    R15,32
         B     LOADDROP
LOADSHRT CMSMSG 'DMSDSK078E INVALID CARD IN READER FILE'
         LA    R15,32
         B     LOADDRPO
LOADRERR CMSMSG 'DMSDSK104S ERROR READING CARD READER'
         LA    R15,100
         B     DSKRET
LOADWERW CMSMSG 'DMSDSK105S ERROR WRITING FILE',INSERT=DSKWORK
         LA    R15,100
         B     LOADDROP
LOADWERR CMSMSG 'DMSDSK105S ERROR WRITING FILE',INSERT=DSKOUT
         LA    R15,100
         B     LOADDRPO
LOADNSTG LA    R15,25
         B     LOADDROP
*                                      FAILED: NO PART FILE STAYS
LOADDRPO LR    R6,R15
         MVC   DSKFIN+8(24),DSKOUT
         LA    R1,DSKFIN
         SVC   202
         DC    AL4(1)
         MVC   DSKERS+8(24),DSKOUT
         LA    R1,DSKERS
         SVC   202
         DC    AL4(1)
         LR    R15,R6
LOADDROP LR    R6,R15
         BAL   R14,DROPWORK
         LR    R15,R6
         B     DSKFREE
*
* DROPWORK: THE WORK FILE IS CLOSED AND ERASED.
DROPWORK ST    R14,DSKLINK2
         MVC   DSKFIN+8(24),DSKWORK
         LA    R1,DSKFIN
         SVC   202
         DC    AL4(1)
         MVC   DSKERS+8(24),DSKWORK
         LA    R1,DSKERS
         SVC   202
         DC    AL4(1)
         L     R14,DSKLINK2
         BR    R14
*
* GETB: THE NEXT R7 BYTES OF THE WORK FILE TO R6.  R15 = 0, OR THE
* RDBUF CODE WHEN THE FILE ENDS FIRST.  R0-R4, R6, R7 CHANGED.
GETB     ST    R14,DSKLINK2
GETB1    LTR   R7,R7
         BZ    GETBOK
         L     R4,DSKLEFT
         LTR   R4,R4
         BNZ   GETB2
         LA    R1,DSKRT                THE NEXT 50 BYTES
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   GETBRET
         LA    R4,DATALEN
         ST    R4,DSKLEFT
         LA    R1,DSKCHUNK
         ST    R1,DSKPTR
GETB2    LR    R3,R4                   MIN(WANTED, LEFT)
         CR    R3,R7
         BNH   *+6
         LR    R3,R7
         LR    R0,R6
         LR    R1,R3
         L     R14,DSKPTR
         LR    R15,R3
         MVCL  R0,R14
         AR    R6,R3
         SR    R7,R3
         L     R1,DSKPTR
         AR    R1,R3
         ST    R1,DSKPTR
         SR    R4,R3
         ST    R4,DSKLEFT
         B     GETB1
GETBOK   SR    R15,R15
GETBRET  L     R14,DSKLINK2
         BR    R14
*
* READC: THE NEXT CARD FROM THE READER (CARDRD); R15 ITS CODE.
READC    ST    R14,DSKLINK3
         MVC   DSKRDC+12(4),=A(CARDLEN)
         LA    R1,DSKRDC
         SVC   202
         DC    AL4(1)
         L     R14,DSKLINK3
         BR    R14
*
* GETBUF: A RECORD BUFFER OF FSTLRECL+2 BYTES -> DSKBUF; R15 = 0/25.
GETBUF   ST    R14,DSKLINK2
         L     R3,FSTLRECL
         LA    R3,2+7(,R3)
         SRL   R3,3
         ST    R3,DSKBUFDW
         DMSFREE DWORDS=(R3)
         LTR   R15,R15
         BNZ   GETBUFX
         ST    R1,DSKBUF
GETBUFX  L     R14,DSKLINK2
         BR    R14
*
* FREEBUF: THE RECORD BUFFER, IF ANY, GOES BACK.  R15 KEPT.
FREEBUF  ST    R14,DSKLINK2
         LR    R6,R15
         L     R1,DSKBUF
         LTR   R1,R1
         BZ    FREEBUFX
         L     R3,DSKBUFDW
         DMSFRET DWORDS=(R3),LOC=(1)
         XC    DSKBUF,DSKBUF
FREEBUFX LR    R15,R6
         L     R14,DSKLINK2
         BR    R14
*
DSKINCMP CMSMSG 'DMSDSK054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     DSKRET
DSKNOTF  CMSMSG 'DMSDSK002E FILE NOT FOUND',INSERT=DSKFID
         LA    R15,28
         B     DSKRET
DSKNOSTG LA    R15,25
         B     DSKRET
DSKFAIL  MVC   DSKFIN+8(24),DSKRD+8
         LA    R1,DSKFIN
         SVC   202
         DC    AL4(1)
         LA    R15,100
DSKFREE  BAL   R14,FREEBUF
DSKRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
         DROP  R9
*
CARDLEN  EQU   80
DATALEN  EQU   50                      FILE BYTES ON A DATA CARD
         DS    0F
DSKRD    DC    CL8'RDBUF',CL8' ',CL8' ',CL2' ',H'0'
         DC    A(0),F'0',CL1'F',X'00',H'1',F'0'
         DS    0F
DSKWR    DC    CL8'WRBUF',CL8' ',CL8' ',CL2' ',H'0'
         DC    A(0),F'0',CL1'F',X'00',H'1',F'0'
         DS    0F
DSKWT    DC    CL8'WRBUF',CL8'DISK',CL8'CMSUT1',CL2'A1',H'0'
         DC    A(DSKCARD+5),A(DATALEN),CL1'F',X'00',H'1',F'0'
         DS    0F
DSKRT    DC    CL8'RDBUF',CL8'DISK',CL8'CMSUT1',CL2'A1',H'0'
         DC    A(DSKCHUNK),A(DATALEN),CL1'F',X'00',H'1',F'0'
DSKFIN   DC    CL8'FINIS',CL24' ',8X'FF'
DSKERS   DC    CL8'ERASE',CL24' ',8X'FF'
DSKPH    DC    CL8'CARDPH',A(DSKCARD),A(CARDLEN)
DSKRDC   DC    CL8'CARDRD',A(DSKCARD),A(CARDLEN)
DSKWORK  DC    CL8'DISK',CL8'CMSUT1',CL8'A1'
DSKCLOSE DC    C'CLOSE 00D'
DSKMSGI  DC    CL8' '
         DS    0D
DSKDW    DS    D
DSKFST   DS    CL(FSTLEN)              THE FILE'S DIRECTORY ENTRY
DSKLINK2 DS    A
DSKLINK3 DS    A
DSKBUF   DS    A                       RECORD BUFFER (DMSFREE)
DSKBUFDW DS    F                       ITS SIZE IN DOUBLEWORDS
DSKSEQ   DS    F                       CARDS PUNCHED
DSKCNT   DS    F                       DATA BYTES ON THE CARD
DSKLEFT  DS    F                       BYTES LEFT IN DSKCHUNK
DSKPTR   DS    A                       NEXT BYTE IN DSKCHUNK
DSKNFILE DS    F                       FILES LOADED
DSKLEN   DS    H                       A V RECORD'S LENGTH
DSKFID   DS    CL24
DSKOVR   DS    CL24
DSKOUT   DS    CL24
DSKCARD  DS    CL(CARDLEN)
DSKCHUNK DS    CL(DATALEN)
         LTORG
         NUCON
         END
