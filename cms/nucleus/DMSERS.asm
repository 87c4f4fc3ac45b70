*---------------------------------------------------------------------
* DMSERS - ERASE: DELETE FILES (COMMAND, AND THE FSERASE FUNCTION)
*
* FUNCTION: ERASE FN FT [FM] - FN OR FT * = ANY; FM DEFAULTS TO A,
*           FM * = EVERY ACCESSED DISK; A MODE NUMBER GIVEN MUST
*           MATCH TOO.  AN OPEN FILE IS CLOSED FIRST.  EACH DISK'S
*           DIRECTORY IS WRITTEN ONCE ITS FILES ARE GONE (DMSAUD).
* CALL:     SVC 202, R1 -> CL8'ERASE',CL8'FN',CL8'FT'[,CL8'FM'],8X'FF'
*           OR AN FSCB (FSCBFM 2 BYTES).
* EXIT:     R15 = 0; 24 FILEID INCOMPLETE OR BAD MODE (DMSERS054E,
*           DMSERS048E); 28 NO SUCH FILE (DMSERS002E); 36 DISK NOT
*           ACCESSED OR READ-ONLY (DMSERS069E, DMSERS037E); OTHERS
*           FROM WRITING THE DIRECTORY.  MESSAGES ONLY FROM THE
*           TERMINAL (R1 -> NUCON CMNDLIST).
*---------------------------------------------------------------------
         ADT
         FST
         AFT
DMSERS   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSERS,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         CLI   8(R10),X'FF'
         BE    ERSINC
         CLI   16(R10),X'FF'
         BE    ERSINC
         MVC   ERSFN,8(R10)
         MVC   ERSFT,16(R10)
         MVC   ERSFM,=C'A*'
         CLI   24(R10),X'FF'
         BE    ERSGO
         CLI   24(R10),C' '
         BNH   ERSGO
         MVC   ERSFM(1),24(R10)
         CLI   25(R10),C' '
         BNH   ERSGO
         MVC   ERSFM+1(1),25(R10)
         CLI   26(R10),C' '            (FROM A PLIST TOKEN)
         BH    ERSBADM
ERSGO    CLI   ERSFM,C'*'
         BE    ERSMOK
         CLI   ERSFM,C'A'
         BL    ERSBADM
         CLI   ERSFM,C'Z'
         BH    ERSBADM
ERSMOK   SR    R7,R7                   FILES ERASED
         SR    R6,R6                   DISKS FOUND
         L     R8,AADTTAB
         USING ADTD,R8
         LA    R11,ADTSLOTS
ERSDISK  CLI   ADTM,0
         BE    ERSDNEXT
         CLI   ERSFM,C'*'
         BE    ERSTHIS
         CLC   ADTM,ERSFM
         BNE   ERSDNEXT
ERSTHIS  LA    R6,1(,R6)
         TM    ADTFLG,ADTFRW
         BZ    ERSDRO
         SR    R5,R5                   ERASED ON THIS DISK
         L     R3,ADTFSTB
         USING FSTD,R3
         LH    R4,ADTNFST
         MH    R4,=Y(FSTPERBK)
         LTR   R4,R4
         BZ    ERSDONE
ERSFST   CLI   FSTFNAME,0
         BE    ERSFNEXT
         CLI   ERSFN,C'*'
         BE    *+14
         CLC   ERSFN,FSTFNAME
         BNE   ERSFNEXT
         CLI   ERSFT,C'*'
         BE    *+14
         CLC   ERSFT,FSTFTYPE
         BNE   ERSFNEXT
         CLI   ERSFM+1,C'*'
         BE    *+14
         CLC   ERSFM+1(1),FSTFMODE+1
         BNE   ERSFNEXT
         LR    R0,R8                   OPEN? CLOSE IT FIRST
         LA    R1,FSTFNAME
         L     R15,=V(AUDFIND)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ERSFREE
         L     R2,ADTFSTB              (THE FSTS MAY MOVE, DMSAUD)
         L     R15,=V(AUDCLOSE)
         BALR  R14,R15
         SR    R3,R2
         A     R3,ADTFSTB
         LTR   R15,R15
         BNZ   ERSRET
         CLI   FSTFNAME,0              (AN EMPTY FILE IS GONE NOW)
         BE    ERSFNEXT
ERSFREE  LR    R1,R8
         LR    R2,R3
         L     R15,=V(AUDFREEF)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ERSRET
         XC    0(FSTLEN,R3),0(R3)
         LA    R5,1(,R5)
ERSFNEXT LA    R3,FSTLEN(,R3)
         BCT   R4,ERSFST
ERSDONE  LTR   R5,R5
         BZ    ERSDNEXT
         AR    R7,R5
         LR    R1,R8
         L     R15,=V(AUDCOMIT)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ERSRET
         B     ERSDNEXT
ERSDRO   CLI   ERSFM,C'*'
         BE    ERSDNEXT                * SKIPS R/O DISKS
         LA    R15,36
         LA    R1,CMNDLIST
         CR    R1,R10
         BNE   ERSRET
         MVC   ERSMODE(1),ADTM
         CMSMSG 'DMSERS037E DISK IS READ/ONLY',INSERT=ERSMODE
         LA    R15,36
         B     ERSRET
ERSDNEXT LA    R8,ADTLEN(,R8)
         BCT   R11,ERSDISK
         LTR   R6,R6
         BZ    ERSNODSK
         SR    R15,R15
         LTR   R7,R7
         BNZ   ERSRET
         LA    R15,28
         LA    R1,CMNDLIST
         CR    R1,R10
         BNE   ERSRET
         CMSMSG 'DMSERS002E FILE NOT FOUND',INSERT=ERSFN
         LA    R15,28
         B     ERSRET
ERSNODSK LA    R15,36
         LA    R1,CMNDLIST
         CR    R1,R10
         BNE   ERSRET
         MVC   ERSMODE(1),ERSFM
         CMSMSG 'DMSERS069E DISK NOT ACCESSED',INSERT=ERSMODE
         LA    R15,36
         B     ERSRET
ERSINC   LA    R15,24
         LA    R1,CMNDLIST
         CR    R1,R10
         BNE   ERSRET
         CMSMSG 'DMSERS054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     ERSRET
ERSBADM  LA    R15,24
         LA    R1,CMNDLIST
         CR    R1,R10
         BNE   ERSRET
         CMSMSG 'DMSERS048E INVALID MODE',INSERT=24(R10)
         LA    R15,24
ERSRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
ERSFN    DS    CL8
ERSFT    DS    CL8
ERSFM    DS    CL2
ERSMODE  DC    CL8' '
         LTORG
         NUCON
         END
