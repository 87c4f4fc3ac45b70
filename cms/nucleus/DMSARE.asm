*---------------------------------------------------------------------
* DMSARE - RELEASE: FORGET AN ACCESSED DISK
*
* FUNCTION: RELEASE MODE|VADDR [(DET] - CLOSES THE DISK'S OPEN FILES
*           (A FILE BEING WRITTEN GOES TO DISK FIRST), GIVES ITS
*           DIRECTORY STORAGE BACK AND FREES THE LETTER.  (DET ALSO
*           DETACHES THE DEVICE (CP DETACH VADDR).
* CALL:     SVC 202, R1 -> CL8'RELEASE',CL8'MODE|VADDR'[,(,DET],8X'FF'
* EXIT:     R15 = 0; 24 NO OPERAND OR A BAD ONE (DMSARE017E,
*           DMSARE048E); 36 NOT ACCESSED (DMSARE069E).
*---------------------------------------------------------------------
         ADT
         AFT
DMSARE   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSARE,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         CLI   8(R10),X'FF'
         BE    AREBADM
         L     R8,AADTTAB
         USING ADTD,R8
         LA    R3,ADTSLOTS
         CLI   9(R10),C' '             ONE CHARACTER: A MODE LETTER
         BNE   AREVADDR
         CLI   8(R10),C'A'
         BL    AREBADM
         CLI   8(R10),C'Z'
         BH    AREBADM
ARELET   CLC   ADTM,8(R10)
         BE    AREHAVE
         LA    R8,ADTLEN(,R8)
         BCT   R3,ARELET
         B     ARENOTA
AREVADDR SR    R4,R4                   1-4 HEX DIGITS
         LA    R5,8(,R10)
         LA    R6,4
AREHEX   CLI   0(R5),C' '
         BE    AREHEXND
         SR    R7,R7
         IC    R7,0(,R5)
         CLI   0(R5),C'0'
         BNL   AREDIG
         CLI   0(R5),C'A'
         BL    AREBADD
         CLI   0(R5),C'F'
         BH    AREBADD
         SH    R7,=Y(C'A'-10)
         B     ARENIB
AREDIG   CLI   0(R5),C'9'
         BH    AREBADD
         SH    R7,=Y(C'0')
ARENIB   SLL   R4,4
         OR    R4,R7
         LA    R5,1(,R5)
         BCT   R6,AREHEX
         CLI   0(R5),C' '
         BNE   AREBADD
AREHEXND L     R8,AADTTAB
         LA    R3,ADTSLOTS
AREDEV   CLI   ADTM,0
         BE    AREDNXT
         CH    R4,ADTCUU
         BE    AREHAVE
AREDNXT  LA    R8,ADTLEN(,R8)
         BCT   R3,AREDEV
         B     ARENOTA
*                                      CLOSE ITS FILES
AREHAVE  L     R9,=V(AFTTAB)
         USING AFTD,R9
         LA    R3,AFTSLOTS
ARECLOSE CLI   AFTFLG,0
         BE    ARECNXT
         C     R8,AFTADT
         BNE   ARECNXT
         LR    R1,R9
         L     R15,=V(AUDCLOSE)
         BALR  R14,R15
ARECNXT  LA    R9,AFTLEN(,R9)
         BCT   R3,ARECLOSE
         DROP  R9
         L     R1,ADTAREA
         LTR   R1,R1
         BZ    AREFREE
         L     R0,ADTADW
         DMSFRET DWORDS=(0),LOC=(1)
AREFREE  LH    R4,ADTCUU
         XC    0(ADTLEN,R8),0(R8)
         CLI   16(R10),C'('            (DET
         BNE   AREOK
         CLC   24(8,R10),=CL8'DET'
         BNE   AREOK
         STH   R4,DWORK
         UNPK  AREDET+7(5),DWORK(3)    4 HEX DIGITS
         TR    AREDET+7(4),ARETRHEX-240
         MVI   AREDET+11,C' '
         LA    R2,AREDET
         LA    R3,L'AREDET
         DIAG  R2,R3,X'08'
AREOK    SR    R15,R15
         B     ARERET
*
AREBADM  CMSMSG 'DMSARE048E INVALID MODE',INSERT=8(R10)
         LA    R15,24
         B     ARERET
AREBADD  CMSMSG 'DMSARE017E INVALID DEVICE ADDRESS',INSERT=8(R10)
         LA    R15,24
         B     ARERET
ARENOTA  CMSMSG 'DMSARE069E DISK NOT ACCESSED',INSERT=8(R10)
         LA    R15,36
ARERET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
AREDET   DC    C'DETACH XXXX '
ARETRHEX DC    C'0123456789ABCDEF'
         LTORG
         NUCON
         END
