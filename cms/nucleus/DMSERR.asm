*---------------------------------------------------------------------
* DMSERR - TYPE A DMS ERROR MESSAGE AS THE USER'S SET EMSG WANTS IT
*
* FUNCTION: HANDS THE MESSAGE (DMSXXXNNNT TEXT) TO CP WITH DIAGNOSE
*           X'5C', WHICH ADJUSTS THE ADDRESS AND LENGTH FOR CP SET
*           EMSG ON / CODE / TEXT / OFF, AND TYPES WHAT IS LEFT
*           (NOTHING FOR OFF).  THE CMSMSG MACRO CALLS IT.
* ENTRY:    BALR R14,R15 WITH R15 = A(DMSERR), R2 -> MESSAGE,
*           R3 = ITS LENGTH.
* EXIT:     R0-R3 AND R15 CHANGED; OTHER REGISTERS UNCHANGED.
*---------------------------------------------------------------------
DMSERR   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSERR,R15
         STM   R4,R14,ERRREGS
         LR    R12,R15
         DROP  R15
         USING DMSERR,R12
         DIAG  R2,R3,X'5C'             EDIT UNDER SET EMSG
         LTR   R3,R3
         BZ    ERRRET                  EMSG OFF
         WRTERM (R2),(R3)
ERRRET   LM    R4,R14,ERRREGS
         BR    R14
*
ERRREGS  DS    11F
         LTORG
         NUCON
         END
