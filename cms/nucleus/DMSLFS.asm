*---------------------------------------------------------------------
* DMSLFS - LOCATE A FILE'S FST ENTRY ON THE ACCESSED DISKS
*
* FUNCTION: SEARCHES THE DISKS IN MODE LETTER ORDER A-Z (OR ONLY THE
*           LETTER GIVEN) FOR THE FIRST FST ENTRY WITH THE FILENAME
*           AND FILETYPE.  USED BY TYPE AND STATE.
* ENTRY:    BALR R14,R15 WITH R15 = A(DMSLFS), R1 -> CL8 FN, CL8 FT,
*           CL8 FM (PLIST TOKENS: AN FM OF * OR X'FF' MEANS ANY;
*           ONLY ITS LETTER COUNTS).
* EXIT:     R15 = 0: R1 -> THE ADT ENTRY, R2 -> THE FST ENTRY.
*           R15 = 28: NO SUCH FILE.  OTHER REGISTERS UNCHANGED.
*---------------------------------------------------------------------
         ADT
         FST
DMSLFS   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSLFS,R15
         STM   R3,R12,LFSREGS
         LR    R12,R15
         DROP  R15
         USING DMSLFS,R12
         LR    R11,R1                  -> FN FT FM
         LA    R9,LETTERS
LFSLETR  CLI   0(R9),X'FF'
         BE    LFSNOTF
         CLI   16(R11),C'*'
         BE    LFSADT
         CLI   16(R11),X'FF'
         BE    LFSADT
         CLC   16(1,R11),0(R9)
         BNE   LFSNXTL
LFSADT   L     R10,AADTTAB
         USING ADTD,R10
         LA    R8,ADTSLOTS
LFSADT1  CLC   ADTM,0(R9)
         BE    LFSDISK
         LA    R10,ADTLEN(,R10)
         BCT   R8,LFSADT1
         B     LFSNXTL
LFSDISK  L     R3,ADTFSTB
         LH    R4,ADTNFST
         MH    R4,=Y(FSTPERBK)
         LTR   R4,R4
         BZ    LFSNXTL
         USING FSTD,R3
LFSFST   CLC   FSTFNAME,0(R11)
         BNE   LFSNXTF
         CLC   FSTFTYPE,8(R11)
         BE    LFSFOUND
LFSNXTF  LA    R3,FSTLEN(,R3)
         BCT   R4,LFSFST
LFSNXTL  LA    R9,1(,R9)
         B     LFSLETR
LFSFOUND LR    R1,R10
         LR    R2,R3
         SR    R15,R15
         B     LFSRET
         DROP  R3,R10
LFSNOTF  LA    R15,28
LFSRET   LM    R3,R12,LFSREGS
         BR    R14
*
LETTERS  DC    C'ABCDEFGHIJKLMNOPQRSTUVWXYZ',X'FF'
LFSREGS  DS    10F
         LTORG
         NUCON
         END
