*---------------------------------------------------------------------
* DMSPUN - THE PUNCH COMMAND: PUNCH A FILE TO THE VIRTUAL PUNCH
*
* FUNCTION: PUNCH FN FT [FM] [( HEADER|NOHEADER ] - READS THE FILE
*           WITH RDBUF AND PUNCHES EACH RECORD AS ONE CARD (CARDPH;
*           CUT AT OR BLANK-PADDED TO 80 COLUMNS), THEN CLOSES THE
*           PUNCH (CP CLOSE 00D) SO THE DECK GOES WHERE CP SPOOL SAYS.
*           HEADER (THE DEFAULT) PUNCHES A READ CONTROL CARD FIRST
*           (GC20-1818 PUNCH): COL 1 ':', 2-5 'READ', 8-15 FN, 17-24
*           FT, 26-27 FM, 29-34 THE DISK'S LABEL, 36-43 MM/DD/YY AND
*           46-50 HH:MM LAST WRITTEN (FROM THE FST).
* CALL:     SVC 202, R1 -> CL8'PUNCH',CL8'FN',CL8'FT'[,CL8'FM']
*              [,CL8'(',CL8'NOHEADER'],8X'FF'
* EXIT:     R15 = 0; 24 DMSPUN054E INCOMPLETE FILEID; 28 DMSPUN002E
*           FILE NOT FOUND; 24 DMSPUN003E INVALID OPTION; 100 A READ
*           OR THE PUNCH FAILED.
*---------------------------------------------------------------------
         ADT
DMSPUN   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSPUN,R12
         STM   R14,R12,12(R13)
         LR    R2,R1
         MVI   PUNHDR,C'Y'
         MVC   PUNFSCB+8(8),8(R2)      FN
         MVC   PUNFSCB+16(8),16(R2)    FT
         MVC   PUNFSCB+24(2),=C'A1'
         CLI   8(R2),X'FF'
         BE    PUNINCMP
         CLI   16(R2),X'FF'
         BE    PUNINCMP
         CLI   8(R2),C'('
         BE    PUNINCMP
         CLI   16(R2),C'('
         BE    PUNINCMP
         LA    R3,24(,R2)              FM OR THE OPTIONS
         CLI   0(R3),X'FF'
         BE    PUNOPEN
         CLI   0(R3),C'('
         BE    PUNOPTS
         MVC   PUNFSCB+24(2),0(R3)
         CLI   PUNFSCB+25,C' '
         BNE   *+8
         MVI   PUNFSCB+25,C'1'
         LA    R3,8(,R3)
PUNOPTS  CLI   0(R3),X'FF'
         BE    PUNOPEN
         CLI   0(R3),C'('
         BE    PUNNEXT
         CLC   0(8,R3),=CL8'NOHEADER'
         BE    PUNNOH
         CLC   0(8,R3),=CL8'NOH'
         BE    PUNNOH
         CLC   0(8,R3),=CL8'HEADER'
         BE    PUNHEAD
         CLC   0(8,R3),=CL8'H'
         BE    PUNHEAD
         CLC   0(1,R3),=C')'
         BE    PUNNEXT
         MVC   PUNBAD,0(R3)
         CMSMSG 'DMSPUN003E INVALID OPTION',INSERT=PUNBAD
         LA    R15,24
         B     PUNRET
PUNNOH   MVI   PUNHDR,C'N'
         B     PUNNEXT
PUNHEAD  MVI   PUNHDR,C'Y'
PUNNEXT  LA    R3,8(,R3)
         B     PUNOPTS
*                                      THE HEADER CARD, IF WANTED
PUNOPEN  CLI   PUNHDR,C'Y'
         BNE   PUNREAD
         MVC   PUNFID(16),PUNFSCB+8    FIND IT: ITS DISK AND FST
         MVC   PUNFID+16(8),=CL8' '
         MVC   PUNFID+16(2),PUNFSCB+24
         LA    R1,PUNFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   PUNNOTF
         LR    R6,R2                   R6 -> THE FILE'S FST
         MVI   PUNCARD,C' '
         MVC   PUNCARD+1(79),PUNCARD
         MVC   PUNCARD(5),=C':READ'
         MVC   PUNCARD+7(8),PUNFSCB+8
         MVC   PUNCARD+16(8),PUNFSCB+16
         MVC   PUNCARD+25(2),PUNFSCB+24
         MVC   PUNCARD+28(6),ADTID-ADTD(R1)  THE DISK'S LABEL
         LA    R7,PUNCARD+35           MM/DD/YY LAST WRITTEN
         IC    R4,16(,R6)              FSTDATEW: PACKED MMDD
         BAL   R10,PUNBCD
         MVI   PUNCARD+37,C'/'
         LA    R7,PUNCARD+38
         IC    R4,17(,R6)
         BAL   R10,PUNBCD
         MVI   PUNCARD+40,C'/'
         MVC   PUNCARD+41(2),38(R6)    FSTYEARW
         LA    R7,PUNCARD+45           HH:MM
         IC    R4,18(,R6)              FSTTIMEW: PACKED HHMM
         BAL   R10,PUNBCD
         MVI   PUNCARD+47,C':'
         LA    R7,PUNCARD+48
         IC    R4,19(,R6)
         BAL   R10,PUNBCD
         LA    R1,PUNPH
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   PUNIOERR
*                                      ONE CARD PER RECORD
PUNREAD  MVI   PUNCARD,C' '
         MVC   PUNCARD+1(79),PUNCARD
         LA    R1,PUNFSCB
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'              END OF FILE
         BE    PUNEND
         C     R15,=F'1'
         BE    PUNNOTF
         LTR   R15,R15
         BZ    PUNONE
         C     R15,=F'8'               LONGER THAN 80: CUT
         BNE   PUNIOERR
PUNONE   LA    R1,PUNPH
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BZ    PUNREAD
         B     PUNIOERR
PUNEND   LA    R1,PUNFIN
         MVC   PUNFIN+8(18),PUNFSCB+8
         SVC   202
         DC    AL4(1)
         LA    R4,PUNCLOSE
         LA    R5,L'PUNCLOSE
         DIAG  R4,R5,X'08'             CP CLOSE 00D
         SR    R15,R15
         B     PUNRET
*
* PUNBCD: THE TWO DECIMAL DIGITS IN THE LOW BYTE OF R4 AS CHARACTERS
* AT 0(R7) AND 1(R7).  R10 = RETURN; R4 AND R5 CHANGED.
PUNBCD   N     R4,=F'255'
         LR    R5,R4
         SRL   R4,4
         STC   R4,0(,R7)
         OI    0(R7),X'F0'
         N     R5,=F'15'
         STC   R5,1(,R7)
         OI    1(R7),X'F0'
         BR    R10
*
PUNINCMP CMSMSG 'DMSPUN054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     PUNRET
PUNNOTF  CMSMSG 'DMSPUN002E FILE NOT FOUND',INSERT=PUNFSCB+8
         LA    R15,28
         B     PUNRET
PUNIOERR CMSMSG 'DMSPUN105S ERROR PUNCHING FILE',INSERT=PUNFSCB+8
         LA    R15,100
PUNRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
CARDLEN  EQU   80
         DS    0F
PUNFSCB  DC    CL8'RDBUF',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(PUNCARD),A(CARDLEN),C'F',X'00',H'1',F'0'
PUNFID   DS    3CL8                    FN FT FM FOR DMSLFS
PUNFIN   DC    CL8'FINIS',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(0),A(0),C'F',X'00',H'1',F'0'
PUNPH    DC    CL8'CARDPH',A(PUNCARD),A(CARDLEN)
PUNCLOSE DC    C'CLOSE 00D'
PUNHDR   DS    C
PUNBAD   DS    CL8
PUNCARD  DS    CL(CARDLEN)
         LTORG
         NUCON
         END
