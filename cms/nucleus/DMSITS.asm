*---------------------------------------------------------------------
* DMSITS - SVC INTERRUPTION HANDLER: SVC 202 DISPATCHER
*
* FUNCTION: GETS CONTROL FROM THE SVC NEW PSW.  FOR SVC 202 IT
*           PUSHES A FRAME (CALLER'S OLD PSW AND REGISTERS), LOOKS
*           THE NAME IN THE FIRST 8 BYTES OF THE PLIST UP IN THE
*           NUCLEUS FUNCTION TABLE (FUNCTAB) AND CALLS THE ROUTINE:
*              R0, R1  AS THE CALLER HAD THEM (R1 -> PLIST)
*              R12 = R15 = ROUTINE ADDRESS, R14 = RETURN,
*              R13 -> AN 18-WORD SAVE AREA IN THE FRAME.
*           THE ROUTINE RETURNS BY BR R14 WITH R15 = RETURN CODE.
*           A NAME NOT IN THE TABLE GIVES RETURN CODE -3 (NO EXEC OR
*           MODULE SEARCH YET).
* RETURN:   THE CALLER GETS R0, R1 AND R15 FROM THE ROUTINE, ITS
*           OTHER REGISTERS AS THEY WERE.  IF THE BYTE AFTER THE SVC
*           IS X'00' A DC AL4(ADDR) FOLLOWS: WITH R15 NOT 0 AND ADDR
*           NOT 1 CONTROL GOES TO ADDR, OTHERWISE AFTER THE DC.
*           WITHOUT THE DC CONTROL RETURNS AFTER THE SVC.
* OTHER SVCS: RETURN CODE -3 (NO OS/DOS SIMULATION YET).
* NESTING:  SVLEVELS FRAMES; ONE MORE IS AN ABEND (DMSABN, CODE 0F0).
* REGISTERS: ENTERED WITH THE CALLER'S REGISTERS; THE HANDLER SAVES
*           THEM IN NUCON (BASE 0) BEFORE TAKING R11-R12.
*---------------------------------------------------------------------
* FUNC: ONE ROW OF THE FUNCTION TABLE.
         MACRO
&L       FUNC  &NAME,&ROUTINE
&L       DC    CL8'&NAME',V(&ROUTINE)
         MEND
         SVCFRAME
DMSITS   CSECT
         ENTRY FUNCTAB
         REGEQU
         USING NUCON,R0
         STM   R0,R15,ITSREGS          CALLER'S REGISTERS
         L     R12,ADMSITS
         USING DMSITS,R12
         L     R11,SVCLEVEL            PUSH A FRAME
         LTR   R11,R11
         BNZ   ITSNEXT
         L     R11,=A(FRAMES-SVLEN)
ITSNEXT  LA    R11,SVLEN(,R11)
         C     R11,=A(FRAMEEND)
         BNL   ITSDEEP
         USING SVFRAME,R11
         ST    R11,SVCLEVEL
         MVC   SVOPSW,SVCOPSW
         MVC   SVREGS(64),ITSREGS
         XC    SVERRW,SVERRW
         MVC   SVNAME,=CL8' '
         L     R2,SVOPSW+4
         LA    R2,0(,R2)               -> AFTER THE SVC
         CLI   0(R2),X'00'
         BNE   *+8
         ST    R2,SVERRW               AN ERROR WORD FOLLOWS
         CLC   SVCOPSW+2(2),=H'202'
         BNE   ITSOTHER
         L     R1,SVREGS+4
         LA    R1,0(,R1)               -> PLIST
         MVC   SVNAME,0(R1)
         LA    R3,FUNCTAB
ITSLOOK  CLI   0(R3),X'FF'
         BE    ITSOTHER
         CLC   SVNAME,0(R3)
         BE    ITSCALL
         LA    R3,FUNCLEN(,R3)
         B     ITSLOOK
ITSOTHER LH    R15,=H'-3'              NOT FOUND
         B     ITSRET
ITSCALL  L     R15,8(,R3)
         LR    R12,R15
         DROP  R12
         LA    R13,SVSAVE
         LM    R0,R1,SVREGS
         BALR  R14,R15
*                                      BACK: ONLY R0 R1 R15 ARE KNOWN
ITSRET   STM   R0,R1,ITSREGS
         L     R12,ADMSITS
         USING DMSITS,R12
         L     R11,SVCLEVEL
         MVC   SVREGS(8),ITSREGS       R0 AND R1 FROM THE ROUTINE
         ST    R15,SVREGS+60           R15 = RETURN CODE
         MVC   ITSPSW,SVOPSW
         L     R2,SVERRW
         LTR   R2,R2
         BZ    ITSPOP                  NO ERROR WORD
         LA    R3,4(,R2)               AFTER THE DC
         LTR   R15,R15
         BZ    ITSSET
         CLC   0(4,R2),=F'1'
         BE    ITSSET
         L     R3,0(,R2)               THE ERROR ADDRESS
ITSSET   STCM  R3,7,ITSPSW+5
ITSPOP   MVC   ITSREGS(64),SVREGS         POP THE FRAME
         SR    R2,R2
         C     R11,=A(FRAMES)
         BE    ITSTOP
         LR    R2,R11
         S     R2,=A(SVLEN)
ITSTOP   ST    R2,SVCLEVEL
         LM    R0,R15,ITSREGS
         LPSW  ITSPSW
*                                      TOO DEEP: ABEND 0F0
ITSDEEP  LA    R1,X'0F0'
         L     R2,SVCOPSW+4
         L     R15,ADMSABN
         BR    R15
         DROP  R11
*
* FUNCTAB: THE NUCLEUS FUNCTION TABLE, CL8 NAME + AL4 ADDRESS A ROW,
* ENDED BY X'FF'.  NUCLEUS-RESIDENT COMMANDS AND FUNCTIONS.
FUNCTAB  DS    0F
         FUNC  TYPLIN,DMSCWR           TYPE A LINE
         FUNC  WAITRD,DMSCRD           READ A LINE
         FUNC  CP,DMSCPF               CP COMMAND
         FUNC  QUERY,DMSQRY            QUERY
         FUNC  SET,DMSSET              SET
         FUNC  ACCESS,DMSACC           ACCESS A DISK
         FUNC  LISTFILE,DMSLST         LIST FILES
         FUNC  TYPE,DMSTYP             TYPE A FILE
         FUNC  STATE,DMSSTT            DOES A FILE EXIST
         FUNC  EXEC,DMSEXT             RUN AN EXEC
         FUNC  ATTN,DMSATTN            STACK A LINE
         FUNC  DESBUF,DMSDESB          EMPTY THE CONSOLE STACK
         DC    X'FF'
FUNCLEN  EQU   12
         LTORG
         DS    0D
FRAMES   DS    (SVLEVELS*SVLEN)X
FRAMEEND EQU   *
         NUCON
         END
