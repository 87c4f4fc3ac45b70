*---------------------------------------------------------------------
* DMSFNS - FINIS: CLOSE FILES (THE FSCLOSE FUNCTION)
*
* FUNCTION: A FILE OPEN FOR WRITING GOES TO DISK (DMSAUD: ITS DATA,
*           CHAIN LINKS AND FST, THEN THE DIRECTORY); A FILE OPEN FOR
*           READING IS FORGOTTEN.  * FOR FN, FT OR FM MEANS ALL.
* CALL:     SVC 202, R1 -> CL8'FINIS',CL8'FN',CL8'FT',CL8'FM',8X'FF'
*           OR AN FSCB (FSCBFM 2 BYTES).  FINIS ALONE = FINIS * * *.
* EXIT:     R15 = 0; 6 THE FILE IS NOT OPEN (NAMED FILES ONLY);
*           OTHERWISE THE FIRST ERROR OF A CLOSE (10 DIRECTORY FULL,
*           13 DISK FULL, 100 DISK ERROR).
*---------------------------------------------------------------------
         ADT
         AFT
DMSFNS   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSFNS,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         MVC   FNSFN,=CL8'*'
         MVC   FNSFT,=CL8'*'
         MVI   FNSFM,C'*'
         CLI   8(R10),X'FF'
         BE    FNSGO
         MVC   FNSFN,8(R10)
         CLI   16(R10),X'FF'
         BE    FNSGO
         MVC   FNSFT,16(R10)
         CLI   24(R10),X'FF'
         BE    FNSGO
         CLI   24(R10),C' '
         BNH   FNSGO
         MVC   FNSFM,24(R10)
FNSGO    SR    R7,R7                   FIRST ERROR
         SR    R6,R6                   FILES CLOSED
         L     R9,=V(AFTTAB)
         USING AFTD,R9
         LA    R5,AFTSLOTS
FNSLOOP  CLI   AFTFLG,0
         BE    FNSNEXT
         CLI   FNSFN,C'*'
         BE    *+14
         CLC   FNSFN,AFTFST
         BNE   FNSNEXT
         CLI   FNSFT,C'*'
         BE    *+14
         CLC   FNSFT,AFTFST+8
         BNE   FNSNEXT
         CLI   FNSFM,C'*'
         BE    FNSCLOSE
         L     R1,AFTADT
         CLC   FNSFM,0(R1)             ADTM
         BNE   FNSNEXT
FNSCLOSE LR    R1,R9
         L     R15,=V(AUDCLOSE)
         BALR  R14,R15
         LA    R6,1(,R6)
         LTR   R15,R15
         BZ    FNSNEXT
         LTR   R7,R7
         BNZ   FNSNEXT
         LR    R7,R15
FNSNEXT  LA    R9,AFTLEN(,R9)
         BCT   R5,FNSLOOP
         LR    R15,R7
         LTR   R6,R6
         BNZ   FNSRET
         CLI   FNSFN,C'*'
         BE    FNSRET
         LA    R15,6                   NOT OPEN
FNSRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
FNSFN    DS    CL8
FNSFT    DS    CL8
FNSFM    DS    CL1
         LTORG
         NUCON
         END
