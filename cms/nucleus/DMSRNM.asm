*---------------------------------------------------------------------
* DMSRNM - RENAME: CHANGE A FILE'S IDENTIFIER
*
* FUNCTION: RENAME FN1 FT1 FM1 FN2 FT2 FM2 - = IN THE NEW FILEID
*           KEEPS THAT PART; THE FILE STAYS ON ITS DISK (FM2'S LETTER
*           MUST BE FM1'S; A MODE NUMBER IN FM2 BECOMES THE FILE'S).
*           AN OPEN FILE IS CLOSED FIRST; THE DIRECTORY IS WRITTEN
*           (DMSAUD).
* CALL:     SVC 202, R1 -> CL8'RENAME',6 TOKENS,8X'FF'
* EXIT:     R15 = 0; 24 FILEID INCOMPLETE OR INVALID (DMSRNM054E,
*           DMSRNM048E); 28 NO SUCH FILE (DMSRNM002E) OR THE NEW ONE
*           EXISTS (DMSRNM024E); 36 DISK NOT ACCESSED OR READ-ONLY
*           (DMSRNM069E, DMSRNM037E); OTHERS FROM THE DIRECTORY WRITE.
*---------------------------------------------------------------------
         ADT
         FST
DMSRNM   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSRNM,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         LA    R2,8(,R10)              SIX TOKENS
         LA    R3,6
RNMCNT   CLI   0(R2),X'FF'
         BE    RNMINC
         CLI   0(R2),C'('
         BE    RNMINC
         LA    R2,8(,R2)
         BCT   R3,RNMCNT
         MVC   RNMOLD,8(R10)           FN FT FM
         MVC   RNMNEW,32(R10)
         LA    R2,RNMNEW               = : THE OLD ONE'S PART
         LA    R3,RNMOLD
         LA    R4,3
RNMEQ    CLC   0(8,R2),=CL8'='
         BNE   *+10
         MVC   0(8,R2),0(R3)
         LA    R2,8(,R2)
         LA    R3,8(,R3)
         BCT   R4,RNMEQ
         CLI   RNMOLD,C'*'             NO PATTERNS
         BE    RNMBADID
         CLI   RNMOLD+8,C'*'
         BE    RNMBADID
         CLI   RNMNEW,C'*'
         BE    RNMBADID
         CLI   RNMNEW+8,C'*'
         BE    RNMBADID
         CLC   RNMOLD+16(1),RNMNEW+16  SAME DISK
         BNE   RNMBADM
         CLI   RNMNEW+17,C' '
         BE    RNMDISK
         CLI   RNMNEW+17,C'0'
         BL    RNMBADM
         CLI   RNMNEW+17,C'6'
         BH    RNMBADM
         CLI   RNMNEW+18,C' '
         BNE   RNMBADM
RNMDISK  L     R8,AADTTAB
         USING ADTD,R8
         LA    R3,ADTSLOTS
RNMADT   CLC   ADTM,RNMOLD+16
         BE    RNMHAVE
         LA    R8,ADTLEN(,R8)
         BCT   R3,RNMADT
         MVC   RNMWORK(1),RNMOLD+16
         CMSMSG 'DMSRNM069E DISK NOT ACCESSED',INSERT=RNMWORK
         LA    R15,36
         B     RNMRET
RNMHAVE  TM    ADTFLG,ADTFRW
         BO    RNMFIND
         MVC   RNMWORK(1),ADTM
         CMSMSG 'DMSRNM037E DISK IS READ/ONLY',INSERT=RNMWORK
         LA    R15,36
         B     RNMRET
RNMFIND  LA    R1,RNMOLD
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   RNMNOTF
         LR    R9,R2                   -> ITS FST
         CLC   RNMOLD(16),RNMNEW
         BE    RNMSAME
         LA    R1,RNMNEW
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BZ    RNMEXIST
RNMSAME  LR    R0,R8                   OPEN? CLOSE IT FIRST
         LA    R1,RNMOLD
         L     R15,=V(AUDFIND)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   RNMSET
         L     R2,ADTFSTB              (THE FSTS MAY MOVE, DMSAUD)
         L     R15,=V(AUDCLOSE)
         BALR  R14,R15
         SR    R9,R2
         A     R9,ADTFSTB
         LTR   R15,R15
         BNZ   RNMRET
RNMSET   MVC   0(16,R9),RNMNEW         FSTFNAME FSTFTYPE
         USING FSTD,R9
         CLI   RNMNEW+17,C' '
         BE    *+10
         MVC   FSTFMODE+1(1),RNMNEW+17
         DROP  R9
         LR    R1,R8
         L     R15,=V(AUDCOMIT)
         BALR  R14,R15
         B     RNMRET
*
RNMINC   CMSMSG 'DMSRNM054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     RNMRET
RNMBADID CMSMSG 'DMSRNM062E INVALID * IN FILEID'
         LA    R15,24
         B     RNMRET
RNMBADM  CMSMSG 'DMSRNM048E INVALID MODE',INSERT=RNMNEW+16
         LA    R15,24
         B     RNMRET
RNMNOTF  CMSMSG 'DMSRNM002E FILE NOT FOUND',INSERT=RNMOLD
         LA    R15,28
         B     RNMRET
RNMEXIST CMSMSG 'DMSRNM024E FILE ALREADY EXISTS',INSERT=RNMNEW
         LA    R15,28
RNMRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
RNMOLD   DS    CL24
RNMNEW   DS    CL24
RNMWORK  DC    CL8' '
         LTORG
         NUCON
         END
