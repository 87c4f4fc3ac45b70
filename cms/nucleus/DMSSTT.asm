*---------------------------------------------------------------------
* DMSSTT - STATE: DOES A FILE EXIST (THE FSSTATE / FSOPEN FUNCTION)
*
* FUNCTION: STATE FN FT [FM] - LOOKS THE FILE UP (DMSLFS) AND COPIES
*           ITS FST ENTRY TO STTFST.
* CALL:     SVC 202, R1 -> CL8'STATE',CL8'FN',CL8'FT'[,CL8'FM'],8X'FF'
*           (OR AN FSCB, WHOSE FIRST 8 BYTES ARE CL8'STATE'; ITS
*           FSCBFM IS A 2-BYTE MODE AND IS TREATED AS A TOKEN).
* EXIT:     R15 = 0, R1 -> A COPY OF THE FST ENTRY (40 BYTES).
*           R15 = 28 NOT FOUND; 24 FILEID INCOMPLETE; 36 THE DISK OF
*           THE LETTER GIVEN IS NOT ACCESSED (DMSSTT069E).  FROM THE
*           TERMINAL (R1 -> NUCON CMNDLIST) THE ERRORS ARE TYPED:
*           DMSSTT002E / DMSSTT054E (TEXTS UNVERIFIED).
*---------------------------------------------------------------------
         ADT
DMSSTT   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSSTT,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         CLI   8(R10),X'FF'
         BE    STTINCMP
         CLI   16(R10),X'FF'
         BE    STTINCMP
         MVC   STTFID(16),8(R10)       FN FT
         MVC   STTFID+16(8),=CL8'*'
         CLI   24(R10),X'FF'
         BE    STTLOOK
         CLI   24(R10),C' '
         BNH   STTLOOK                 BLANK (FSCB): ANY DISK
         MVC   STTFID+16(2),24(R10)    FM LETTER
STTLOOK  LA    R1,STTFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   STTNOTF
         MVC   STTFST,0(R2)
         LA    R1,STTFST
         ST    R1,24(,R13)             R1 ON RETURN
         SR    R15,R15
         B     STTRET
STTNOTF  CLI   STTFID+16,C'*'          A LETTER GIVEN: IS IT THERE?
         BE    STTNOTF2
         L     R4,AADTTAB
         LA    R5,ADTSLOTS
STTADT   CLC   0(1,R4),STTFID+16       ADTM
         BE    STTNOTF2
         LA    R4,ADTLEN(,R4)
         BCT   R5,STTADT
         LA    R15,36                  DISK NOT ACCESSED
         LA    R3,CMNDLIST
         CR    R3,R10
         BNE   STTRET
         MVC   STTFID(8),=CL8' '
         MVC   STTFID(1),24(R10)
         CMSMSG 'DMSSTT069E DISK NOT ACCESSED',INSERT=STTFID
         LA    R15,36
         B     STTRET
STTNOTF2 LA    R15,28
         LA    R3,CMNDLIST
         CR    R3,R10
         BNE   STTRET
         CMSMSG 'DMSSTT002E FILE NOT FOUND',INSERT=8(R10)
         LA    R15,28
         B     STTRET
STTINCMP LA    R15,24
         LA    R3,CMNDLIST
         CR    R3,R10
         BNE   STTRET
         CMSMSG 'DMSSTT054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
STTRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
STTFID   DS    CL24                    FN FT FM FOR DMSLFS
STTFST   DS    CL40                    THE FST ENTRY RETURNED
         LTORG
         NUCON
         END
