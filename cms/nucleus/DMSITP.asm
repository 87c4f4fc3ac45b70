*---------------------------------------------------------------------
* DMSITP - PROGRAM INTERRUPTION HANDLER, AND DMSABN - ABEND RECOVERY
*
* DMSITP:   GETS CONTROL FROM THE PROGRAM NEW PSW.  IT KEEPS THE
*           REGISTERS AND OLD PSW IN NUCON (PGMREGS, PGMPSW), TYPES
*              DMSITP141T XXXXXXXX EXCEPTION OCCURRED AT AAAAAA IN
*                         ROUTINE NNNNNNNN
*           (ONE LINE; THE EXCEPTION NAME FROM ITPNAMES, THE ROUTINE
*           THE ONE NOW CALLED THROUGH SVC 202, ELSE DMSNUC) AND
*           ABENDS WITH CODE X'0CN' (N = INTERRUPTION CODE).
* DMSABN:   ENTERED BY BRANCH WITH R1 = ABEND CODE, R2 = ADDRESS.
*           TYPES  DMSABN148T SYSTEM ABEND CCC CALLED FROM AAAAAA,
*           DROPS EVERY ACTIVE SVC 202 LEVEL AND RETURNS TO THE
*           COMMAND LOOP (DMSINTR), WHOSE READY MESSAGE SHOWS THE
*           ABEND CODE AS THE RETURN CODE (R6 RECOVERY DETAILS AND
*           THAT RETURN CODE ARE UNVERIFIED).
*---------------------------------------------------------------------
         SVCFRAME
DMSITP   CSECT
         ENTRY DMSABN
         REGEQU
         USING NUCON,R0
         STM   R0,R15,PGMREGS
         MVC   PGMPSW,PGMOPSW
         BALR  R12,0
ITPBASE  EQU   *                       ONE BASE FOR DMSITP AND DMSABN
         USING ITPBASE,R12
         LA    R13,ITPSAVE
         SR    R5,R5
         IC    R5,PGMPSW+3             INTERRUPTION CODE
         N     R5,=A(X'0F')            PROGRAM EXCEPTIONS 1-F
         LR    R6,R5
         MH    R6,=Y(ITPNLEN)
         LA    R6,ITPNAMES(R6)         -> ITS NAME
         L     R7,PGMPSW+4
         LA    R7,0(,R7)               ADDRESS IN THE OLD PSW
         MVC   OUTLINE(11),=C'DMSITP141T '
         MVC   OUTLINE+11(ITPNLEN),0(R6)
         LA    R4,OUTLINE+11+ITPNLEN-1
ITPBACK  CLI   0(R4),C' '              END OF THE NAME
         BNE   ITPNAMED
         BCT   R4,ITPBACK
ITPNAMED MVC   1(23,R4),=C' EXCEPTION OCCURRED AT '
         LA    R4,24(,R4)
         LR    R1,R7
         BAL   R10,HEX6
         MVC   0(12,R4),=C' IN ROUTINE '
         MVC   12(8,R4),=CL8'DMSNUC'
         L     R11,SVCLEVEL
         LTR   R11,R11
         BZ    ITPTYPE
         USING SVFRAME,R11
         MVC   12(8,R4),SVNAME
         DROP  R11
ITPTYPE  LA    R4,20(,R4)
         LA    R2,OUTLINE
         LR    R3,R4
         SR    R3,R2
         XC    SVCLEVEL,SVCLEVEL       THE TYPING BELOW STARTS AFRESH
         WRTERM (R2),(R3)
         LA    R1,X'0C0'(,R5)          ABEND 0CN
         LR    R2,R7
*
         DROP  R12
DMSABN   BALR  R12,0
         USING *,R12
         L     R12,=A(ITPBASE)
         DROP  R12
         USING ITPBASE,R12
         XC    SVCLEVEL,SVCLEVEL       DROP EVERY SVC LEVEL
         LR    R8,R1                   ABEND CODE
         LR    R7,R2                   ADDRESS
         LA    R13,ITPSAVE2
         MVC   OUTLINE(29),=C'DMSABN148T SYSTEM ABEND XXX C'
         MVC   OUTLINE+29(11),=C'ALLED FROM '
         LR    R1,R8
         SLL   R1,20                   3 HEX DIGITS TO THE TOP
         LA    R4,OUTLINE+24
         LA    R9,3
         BAL   R10,HEXN
         LA    R4,OUTLINE+40
         LR    R1,R7
         BAL   R10,HEX6
         LA    R2,OUTLINE
         LR    R3,R4
         SR    R3,R2
         WRTERM (R2),(R3)
         LR    R15,R8                  RC = ABEND CODE
         L     R14,ADMSINTR
         BR    R14
*
* HEX6: R1 (LOW 24 BITS) -> 6 HEX DIGITS AT R4, R4 ADVANCED.
* HEXN: THE TOP R9 NIBBLES OF R1 -> R9 HEX DIGITS AT R4.  USES R0, R15.
HEX6     SLL   R1,8
         LA    R9,6
HEXN     SR    R0,R0
         SLDL  R0,4
         LR    R15,R0
         IC    R15,HEXDIG(R15)
         STC   R15,0(,R4)
         LA    R4,1(,R4)
         BCT   R9,HEXN
         BR    R10
HEXDIG   DC    C'0123456789ABCDEF'
*
* ITPNAMES: EXCEPTION NAME BY PROGRAM INTERRUPTION CODE 0-F.
ITPNLEN  EQU   21
ITPNAMES DC    CL(ITPNLEN)'PROGRAM'
         DC    CL(ITPNLEN)'OPERATION'
         DC    CL(ITPNLEN)'PRIVILEGED OPERATION'
         DC    CL(ITPNLEN)'EXECUTE'
         DC    CL(ITPNLEN)'PROTECTION'
         DC    CL(ITPNLEN)'ADDRESSING'
         DC    CL(ITPNLEN)'SPECIFICATION'
         DC    CL(ITPNLEN)'DATA'
         DC    CL(ITPNLEN)'FIXED-POINT OVERFLOW'
         DC    CL(ITPNLEN)'FIXED-POINT DIVIDE'
         DC    CL(ITPNLEN)'DECIMAL OVERFLOW'
         DC    CL(ITPNLEN)'DECIMAL DIVIDE'
         DC    CL(ITPNLEN)'EXPONENT OVERFLOW'
         DC    CL(ITPNLEN)'EXPONENT UNDERFLOW'
         DC    CL(ITPNLEN)'SIGNIFICANCE'
         DC    CL(ITPNLEN)'FLOATING-POINT DIVIDE'
ITPSAVE  DS    18F
ITPSAVE2 DS    18F
         LTORG
         NUCON
         END
