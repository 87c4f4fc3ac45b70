*---------------------------------------------------------------------
* DMSPIO - UNIT RECORD I/O: THE FUNCTIONS PRINTR, CARDPH AND CARDRD
*
* FUNCTION: ONE LINE TO THE VIRTUAL PRINTER (00E), ONE CARD TO THE
*           VIRTUAL PUNCH (00D), ONE CARD FROM THE VIRTUAL READER
*           (00C), EACH A CHANNEL PROGRAM STARTED WITH SIO AND WAITED
*           FOR IN AN ENABLED WAIT (DMSITI RECORDS THE INTERRUPTION;
*           OTHERS ARE PASSED OVER), AS DMSCIO DOES FOR THE CONSOLE.
*           A DEVICE END ALONE WAITING AT SIO (A FILE ARRIVING IN THE
*           READER) IS TAKEN AND THE SIO REISSUED.
* CALL:     SVC 202, R1 -> PLIST (R6 LAYOUT UNVERIFIED):
*             CL8'PRINTR',A(LINE),F'LENGTH'   LINE(1) IS AN ASA
*               CARRIAGE CONTROL: BLANK 1 LINE, 0 2 LINES, - 3 LINES,
*               1 NEW PAGE, + NO SPACING; UP TO 132 DATA BYTES FOLLOW
*             CL8'CARDPH',A(CARD),F'LENGTH'   UP TO 80 BYTES
*             CL8'CARDRD',A(BUFFER),F'LENGTH' UP TO 80 BYTES READ;
*               THE WORD IS SET TO THE NUMBER OF BYTES READ
*           (THE PRINTL, PUNCHC AND RDCARD MACROS BUILD THEM).
* EXIT:     R15 = 0 DONE; 1 END OF FILE (UNIT EXCEPTION); 2 UNIT
*           CHECK (NOT READY / NO FILE); 3 NOT OPERATIONAL; 4 BAD
*           LENGTH.
*---------------------------------------------------------------------
DMSPIO   CSECT
         REGEQU
         USING NUCON,R0
         ENTRY DMSPRR,DMSCPH,DMSCRR
*
* PRINTR -------------------------------------------------------------
DMSPRR   STM   R14,R12,12(R13)
         BALR  R12,0
         USING *,R12
         L     R11,=A(DMSPIO)
         DROP  R12
         USING DMSPIO,R11
         L     R4,8(,R1)               LINE
         L     R5,12(,R1)              LENGTH
         LTR   R5,R5
         BNP   PIOBADL
         C     R5,=A(PRTMAX+1)
         BH    PIOBADL
         LA    R6,PRTSP1               ASA CC -> CHANNEL PROGRAM
         LA    R7,PRTCCTAB
PRTFIND  CLI   0(R7),X'FF'
         BE    PRTGO                   UNKNOWN: AS BLANK
         CLC   0(1,R7),0(R4)
         BE    PRTHIT
         LA    R7,2(,R7)
         B     PRTFIND
PRTHIT   MVC   PRTCTL(1),1(R7)         CONTROL BEFORE THE LINE
         LA    R6,PRTCTL
         CLI   1(R7),0
         BNE   PRTGO
         LA    R6,PRTSP1               BLANK: JUST WRITE, SPACE 1
PRTGO    MVI   PRTWRT,PRTWSP1
         CLI   0(R4),C'+'
         BNE   *+8
         MVI   PRTWRT,PRTWNOSP         OVERPRINT: NO SPACING
         BCTR  R5,0                    DATA LENGTH
         LTR   R5,R5
         BZ    PRTEMPTY
         LA    R4,1(,R4)
         STCM  R4,7,PRTWRT+1
         STH   R5,PRTWRT+6
         B     PRTSIO
PRTEMPTY LA    R4,PRTBLANK             AN EMPTY LINE PRINTS A BLANK
         STCM  R4,7,PRTWRT+1
         MVC   PRTWRT+6(2),=H'1'
PRTSIO   LR    R1,R6
         LH    R2,=Y(PRTADDR)
         BAL   R10,URIO
         B     PIORET
*
* CARDPH -------------------------------------------------------------
DMSCPH   STM   R14,R12,12(R13)
         BALR  R12,0
         USING *,R12
         L     R11,=A(DMSPIO)
         DROP  R12
         L     R4,8(,R1)
         L     R5,12(,R1)
         LTR   R5,R5
         BNP   PIOBADL
         C     R5,=A(CARDLEN)
         BH    PIOBADL
         STCM  R4,7,PCHCCW+1
         STH   R5,PCHCCW+6
         LA    R1,PCHCCW
         LH    R2,=Y(PCHADDR)
         BAL   R10,URIO
         B     PIORET
*
* CARDRD -------------------------------------------------------------
DMSCRR   STM   R14,R12,12(R13)
         BALR  R12,0
         USING *,R12
         L     R11,=A(DMSPIO)
         DROP  R12
         LR    R8,R1
         L     R4,8(,R8)
         L     R5,12(,R8)
         LTR   R5,R5
         BNP   PIOBADL
         C     R5,=A(CARDLEN)
         BNH   *+8
         LA    R5,CARDLEN
         STCM  R4,7,RDRCCW+1
         STH   R5,RDRCCW+6
         LA    R1,RDRCCW
         LH    R2,=Y(RDRADDR)
         BAL   R10,URIO
         SR    R0,R0                   BYTES READ = COUNT - RESIDUAL
         LTR   R15,R15
         BNZ   RDRSET
         LR    R0,R5
         LH    R3,IOCSW+6
         N     R3,=F'65535'
         SR    R0,R3
RDRSET   ST    R0,12(,R8)
         B     PIORET
*
PIOBADL  LA    R15,4
PIORET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* URIO: RUN THE CHANNEL PROGRAM AT R1 ON DEVICE R2, WAIT FOR ITS
* DEVICE END.  R15 = 0 / 1 UNIT EXCEPTION / 2 UNIT CHECK / 3 NOT
* OPERATIONAL.  R10 = RETURN.  IOCSW HOLDS THE FINAL CSW.
URIO     ST    R1,CAW
         STH   R2,URDEV
URSTART  NI    IOFLAG,255-IOPOST
         SIO   0(R2)
         BC    8,URWAIT                CC 0: STARTED
         BC    4,URSTORD               CC 1: CSW STORED
         BC    2,URBUSY                CC 2: BUSY
         LA    R15,3
         BR    R10
URSTORD  MVC   IOCSW,CSW
         TM    IOCSW+4,UNITBUSY
         BO    URBUSY
         TM    IOCSW+4,UNITCE          OUR COMMAND ENDED AT ONCE?
         BO    URCHECK
         B     URSTART                 AN OLD DEVICE END: AGAIN
URWAIT   TM    IOFLAG,IOPOST
         BO    URPOST
         LPSW  URWPSW                  ENABLED WAIT
URPOST   NI    IOFLAG,255-IOPOST
         CLC   IODEV,URDEV
         BNE   URWAIT                  NOT OURS
         TM    IOCSW+4,UNITDE
         BNO   URWAIT                  CHANNEL END ALONE
URCHECK  SR    R15,R15
         TM    IOCSW+4,UNITUC
         BZ    URUX
         LA    R15,2
         BR    R10
URUX     TM    IOCSW+4,UNITUX
         BZR   R10
         LA    R15,1
         BR    R10
URBUSY   TM    IOFLAG,IOPOST
         BO    URSTART
         LPSW  URBPSW
*
PRTADDR  EQU   X'00E'
PCHADDR  EQU   X'00D'
RDRADDR  EQU   X'00C'
PRTMAX   EQU   133                     CC + 132 DATA BYTES
CARDLEN  EQU   80
PRTWSP1  EQU   X'09'                   WRITE, SPACE 1 AFTER
PRTWNOSP EQU   X'01'                   WRITE, NO SPACING
UNITBUSY EQU   X'10'
UNITCE   EQU   X'08'
UNITDE   EQU   X'04'
UNITUC   EQU   X'02'
UNITUX   EQU   X'01'
CCCHAIN  EQU   X'40'
SLI      EQU   X'20'
*                                      ASA CC, CONTROL BEFORE THE LINE
PRTCCTAB DC    C' ',X'00'              NONE: WRITE AND SPACE 1
         DC    C'0',X'0B'              SPACE 1 IMMEDIATE
         DC    C'-',X'13'              SPACE 2 IMMEDIATE
         DC    C'1',X'8B'              SKIP TO CHANNEL 1 IMMEDIATE
         DC    C'+',X'00'
         DC    X'FF'
         DS    0D
URWPSW   DC    X'80020000',A(URWAIT)
URBPSW   DC    X'80020000',A(URBUSY)
PRTCTL   CCW   X'0B',0,CCCHAIN,1
PRTSP1   DS    0D
PRTWRT   CCW   PRTWSP1,0,SLI,1
PCHCCW   CCW   X'41',0,SLI,1
RDRCCW   CCW   X'02',0,SLI,1
URDEV    DS    H
PRTBLANK DC    C' '
         LTORG
         NUCON
         END
