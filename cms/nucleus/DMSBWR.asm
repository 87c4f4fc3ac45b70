*---------------------------------------------------------------------
* DMSBWR - WRBUF: WRITE RECORDS OF A FILE (THE FSWRITE FUNCTION)
*
* CALL:     SVC 202, R1 -> FSCB (SPEC CMS.MD 4.2): CL8'WRBUF',
*           FSCBFN, FSCBFT, FSCBFM (2 BYTES, BLANK = A1), FSCBITNO
*           (0 = NEXT: AFTER THE LAST ONE WRITTEN, AT FIRST AFTER
*           THE END), FSCBBUFF, FSCBSIZE (BYTES), FSCBFV, FSCBNOIT
*           (F: RECORDS IN THE BUFFER, 0 = 1).
*           THE FIRST WRBUF OPENS THE FILE, A NEW ONE IF IT IS NOT ON
*           THAT DISK.  F RECORDS MAY REPLACE OLD ONES OR LIE PAST
*           THE END (THE GAP IS ZEROS); A V RECORD WRITTEN OVER AN
*           OLD ONE ENDS THE FILE THERE.  THE DISK SEES NOTHING OF IT
*           UNTIL FINIS (DMSAUD: DATA FIRST, THE DIRECTORY LAST).
* EXIT:     R15 = 0; 2 NO BUFFER; 4 BAD MODE LETTER; 5 BAD MODE
*           NUMBER; 6 ITEM NUMBER TOO LARGE; 7 V ITEM PAST THE END;
*           8 LENGTH 0; 9 FILE OPEN FOR READING; 10 DIRECTORY FULL;
*           11 RECFM NOT F OR V; 12 DISK READ-ONLY; 13 DISK FULL;
*           14 LENGTH NOT A MULTIPLE OF FSCBNOIT; 15 F LENGTH NOT THE
*           FILE'S; 16 RECFM NOT THE FILE'S; 17 V RECORD TOO LONG;
*           18 MORE THAN ONE V RECORD; 19 FILE TOO LARGE; 25 NO
*           STORAGE; 36 DISK NOT ACCESSED; 100 DISK ERROR.
*---------------------------------------------------------------------
         ADT
         FST
         AFT
         FSCB
DMSBWR   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSBWR,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         USING FSCBD,R10
         CLI   FSCBFV,C'F'
         BE    BWRFM
         CLI   FSCBFV,C'V'
         BNE   BWRRC11
BWRFM    MVC   BWRMODE,FSCBFM
         CLI   BWRMODE,C' '
         BH    *+10
         MVC   BWRMODE,=C'A1'
         CLI   BWRMODE+1,C' '
         BH    *+8
         MVI   BWRMODE+1,C'1'
         CLI   BWRMODE,C'A'
         BL    BWRRC4
         CLI   BWRMODE,C'Z'
         BH    BWRRC4
         CLI   BWRMODE+1,C'0'
         BL    BWRRC5
         CLI   BWRMODE+1,C'6'
         BH    BWRRC5
         ICM   R0,15,FSCBBUFF
         BZ    BWRRC2
         L     R0,FSCBSIZE
         LTR   R0,R0
         BNP   BWRRC8
*                                      THE DISK
         L     R8,AADTTAB
         USING ADTD,R8
         LA    R3,ADTSLOTS
BWRADT   CLC   ADTM,BWRMODE
         BE    BWRDISK
         LA    R8,ADTLEN(,R8)
         BCT   R3,BWRADT
         LA    R15,36
         B     BWRRET
BWRDISK  TM    ADTFLG,ADTFRW
         BZ    BWRRC12
         MVC   BWRFID(16),FSCBFN
         MVC   BWRFID+16(8),=CL8' '
         MVC   BWRFID+16(1),BWRMODE
         LR    R0,R8
         LA    R1,BWRFID
         L     R15,=V(AUDFIND)
         BALR  R14,R15
         LTR   R15,R15
         BZ    BWROPEN
         LA    R1,BWRFID               ON THIS DISK ALREADY?
         L     R15,ADMSLFS
         BALR  R14,R15
         SR    R3,R3
         LTR   R15,R15
         BNZ   *+6
         LR    R3,R2                   -> ITS FST
         LR    R0,R8
         LA    R1,BWRFID
         LA    R2,AFTFWR
         L     R15,=V(AUDOPEN)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BWRRET
         LR    R9,R1
         USING AFTD,R9
         LA    R6,AFTFST
         USING FSTD,R6
         LTR   R3,R3
         BNZ   BWRHAVE
         MVC   FSTRECFM,FSCBFV         A NEW FILE
         MVC   FSTFMODE,BWRMODE
         B     BWRHAVE
BWROPEN  LR    R9,R1
         TM    AFTFLG,AFTFRD
         BO    BWRRC9
BWRHAVE  LA    R6,AFTFST
         CLC   FSTRECFM,FSCBFV
         BNE   BWRRC16
         LH    R3,FSCBNOIT             R3 = RECORDS
         N     R3,=F'65535'
         BNZ   *+8
         LA    R3,1
         LH    R11,FSCBITNO            R11 = FIRST ITEM
         N     R11,=F'65535'
         BNZ   *+8
         L     R11,AFTWNO
         LR    R1,R11
         AR    R1,R3
         C     R1,=F'65535'
         BH    BWRRC6                  PAST 65534 RECORDS
         CLI   FSTRECFM,C'V'
         BE    BWRV
*                                      F
         L     R1,FSCBSIZE
         SR    R0,R0
         DR    R0,R3
         LTR   R0,R0
         BNZ   BWRRC14
         L     R0,FSTLRECL
         LTR   R0,R0
         BNZ   BWRFLEN
         ST    R1,FSTLRECL             THE FIRST RECORDS SET LRECL
         LR    R0,R1
BWRFLEN  CR    R0,R1
         BNE   BWRRC15
         LR    R15,R11
         BCTR  R15,0
         M     R14,FSTLRECL
         LR    R7,R15                  OFFSET OF THE FIRST RECORD
         L     R4,AFTEND
         SR    R4,R7
         BNM   BWRFPUT
         LPR   R4,R4                   A GAP: ZEROS FIRST
         L     R7,AFTEND
         SR    R5,R5
         LR    R1,R9
         L     R15,=V(AUDPUT)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BWRRET
         AR    R7,R4
BWRFPUT  L     R4,FSCBSIZE
         L     R5,FSCBBUFF
         LR    R1,R9
         L     R15,=V(AUDPUT)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BWRRET
         LR    R1,R11
         AR    R1,R3                   NEXT ITEM
         ST    R1,AFTWNO
         BCTR  R1,0                    LAST ONE WRITTEN
         LH    R0,FSTRECCT
         N     R0,=F'65535'
         CR    R1,R0
         BNH   *+8
         STH   R1,FSTRECCT
         SR    R15,R15
         B     BWRRET
*                                      V: ONE RECORD AT THE END
BWRV     C     R3,=F'1'
         BH    BWRRC18
         L     R0,FSCBSIZE
         C     R0,=F'65535'
         BH    BWRRC17
         LH    R0,FSTRECCT
         N     R0,=F'65535'
         LR    R1,R0
         LA    R1,1(,R1)
         CR    R11,R1
         BH    BWRRC7
         BE    BWRVEND
         SR    R7,R7                   OVER RECORD R11: FIND IT
         LA    R3,1
BWRVSC   CR    R3,R11
         BE    BWRVCUT
         LA    R4,2
         LA    R5,BWRHALF
         LR    R1,R9
         L     R15,=V(AUDGET)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BWRRET
         LH    R4,BWRHALF
         N     R4,=F'65535'
         LA    R7,2(R4,R7)
         LA    R3,1(,R3)
         B     BWRVSC
BWRVCUT  ST    R7,AFTEND               THE FILE ENDS BEFORE IT
         LR    R0,R11
         BCTR  R0,0
         STH   R0,FSTRECCT
BWRVEND  MVC   BWRHALF,FSCBSIZE+2
         L     R7,AFTEND
         LA    R4,2
         LA    R5,BWRHALF
         LR    R1,R9
         L     R15,=V(AUDPUT)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BWRRET
         LA    R7,2(,R7)
         L     R4,FSCBSIZE
         L     R5,FSCBBUFF
         LR    R1,R9
         L     R15,=V(AUDPUT)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BWRRET
         STH   R11,FSTRECCT
         LA    R1,1(,R11)
         ST    R1,AFTWNO
         L     R0,FSCBSIZE
         C     R0,FSTLRECL
         BNH   *+8
         ST    R0,FSTLRECL             THE LONGEST RECORD
         SR    R15,R15
         B     BWRRET
*
BWRRC2   LA    R15,2
         B     BWRRET
BWRRC4   LA    R15,4
         B     BWRRET
BWRRC5   LA    R15,5
         B     BWRRET
BWRRC6   LA    R15,6
         B     BWRRET
BWRRC7   LA    R15,7
         B     BWRRET
BWRRC8   LA    R15,8
         B     BWRRET
BWRRC9   LA    R15,9
         B     BWRRET
BWRRC11  LA    R15,11
         B     BWRRET
BWRRC12  LA    R15,12
         B     BWRRET
BWRRC14  LA    R15,14
         B     BWRRET
BWRRC15  LA    R15,15
         B     BWRRET
BWRRC16  LA    R15,16
         B     BWRRET
BWRRC17  LA    R15,17
         B     BWRRET
BWRRC18  LA    R15,18
BWRRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
BWRMODE  DS    CL2
BWRFID   DS    CL24
BWRHALF  DS    H
         LTORG
         NUCON
         END
