*---------------------------------------------------------------------
* DMSSTK - THE CONSOLE STACK AND THE IMMEDIATE COMMANDS
*
* DMSATTN:  THE ATTN FUNCTION: PUT A LINE IN THE CONSOLE STACK.
*           PLIST CL8'ATTN',CL4'FIFO'|'LIFO',AL1(LENGTH),AL3(LINE)
*           (SPEC CMS.MD 4.3).  FIFO LINES ARE READ AFTER THE ONES
*           ALREADY STACKED, LIFO LINES BEFORE.  LINES LONGER THAN 130
*           ARE CUT.  R15 = 0; 104 NO FREE STORAGE; 24 NEITHER FIFO
*           NOR LIFO.  THE LINE IS A STKBLK IN FREE STORAGE; WAITRD
*           (DMSCRD) READS THE STACK BEFORE THE TERMINAL.
* DMSDESB:  THE DESBUF FUNCTION: EMPTY THE CONSOLE STACK.  R15 = 0.
*           (CONSOLE OUTPUT IS NOT BUFFERED HERE, SO THERE IS NO
*           OUTPUT BUFFER TO DROP.)
* DMSATNCK: BALR R14,R15 FROM A LONG-RUNNING PROGRAM (THE EXEC
*           INTERPRETER, BEFORE EVERY STATEMENT): OPENS THE I/O MASK
*           FOR AN INSTANT SO THAT A PENDING CONSOLE ATTENTION IS
*           TAKEN (DMSITI SETS CONATTN), AND IF ONE WAS, READS THE
*           LINE THE USER TYPED AND OBEYS IT AS AN IMMEDIATE COMMAND:
*              HX  HALT EXECUTION: EVERY EXEC LEVEL IS FREED, EVERY
*                  SVC 202 LEVEL DROPPED, "CMS" IS TYPED AND THE
*                  COMMAND LOOP READS THE NEXT COMMAND (NO READY
*                  MESSAGE; R6'S EXACT HX TEXT IS UNVERIFIED);
*              HT  HALT TYPING (TYPLIN TYPES NOTHING UNTIL RT);
*              RT  RESUME TYPING;
*              ANY OTHER LINE IS STACKED (FIFO) AS CONSOLE INPUT.
*           RETURNS WITH EVERY REGISTER UNCHANGED (EXCEPT AFTER HX).
*---------------------------------------------------------------------
         STKBLK
         EXECWORK
DMSSTK   CSECT
         ENTRY DMSATTN,DMSDESB,DMSATNCK
         REGEQU
         USING NUCON,R0
*                                      ATTN FUNCTION
DMSATTN  STM   R14,R12,12(R13)
         BALR  R12,0
         USING *,R12
         L     R12,STKBASE1
         DROP  R12
         USING DMSSTK,R12
         B     ATTNBEG
STKBASE1 DC    A(DMSSTK)
ATTNBEG  DS    0H
         LR    R2,R1
         SR    R3,R3
         IC    R3,12(,R2)              LENGTH
         L     R4,12(,R2)
         LA    R4,0(,R4)               -> LINE
         CLC   8(4,R2),=C'FIFO'
         BE    ATTNGO
         CLC   8(4,R2),=C'LIFO'
         BNE   ATTNBAD
ATTNGO   BAL   R10,STACK
         B     ATTNRET
ATTNBAD  LA    R15,24
ATTNRET  L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* STACK: R3 = LENGTH, R4 -> LINE, 8(R2) = C'FIFO' OR C'LIFO'.
* R15 = 0 OR 104.  R10 = RETURN; USES R0 R1 R5 R6 R14.
STACK    C     R3,=A(STKMAX)
         BNH   *+8
         LA    R3,STKMAX
         LA    R0,STKHDR+7(,R3)
         SRL   R0,3                    DOUBLEWORDS
         LR    R6,R2
         DMSFREE DWORDS=(R0)
         LR    R2,R6
         LTR   R15,R15
         BNZ   STACKNO
         USING STKBLKD,R1
         ST    R3,STKLEN
         LTR   R5,R3
         BZ    STACKLNK
         BCTR  R5,0
         EX    R5,STACKMVC
STACKLNK L     R5,STACKN
         LA    R5,1(,R5)
         ST    R5,STACKN
         CLC   8(4,R2),=C'LIFO'
         BE    STACKL
         XC    STKNEXT,STKNEXT         FIFO: AT THE END
         L     R5,STACKTL
         ST    R1,STACKTL
         LTR   R5,R5
         BZ    STACKONE
         ST    R1,STKNEXT-STKBLKD(,R5)
         B     STACKOK
STACKONE ST    R1,STACKHD
         B     STACKOK
STACKL   MVC   STKNEXT,STACKHD         LIFO: AT THE HEAD
         ST    R1,STACKHD
         OC    STACKTL,STACKTL
         BNZ   STACKOK
         ST    R1,STACKTL
STACKOK  SR    R15,R15
         BR    R10
STACKNO  LA    R15,104
         BR    R10
STACKMVC MVC   STKDATA(0),0(R4)
         DROP  R1
*                                      DESBUF FUNCTION
DMSDESB  STM   R14,R12,12(R13)
         DROP  R12
         BALR  R12,0
         USING *,R12
         L     R12,STKBASE2
         DROP  R12
         USING DMSSTK,R12
         B     DESLOOP
STKBASE2 DC    A(DMSSTK)
DESLOOP  L     R2,STACKHD
         LTR   R2,R2
         BZ    DESDONE
         USING STKBLKD,R2
         MVC   STACKHD,STKNEXT
         L     R0,STKLEN
         AH    R0,=Y(STKHDR+7)
         SRL   R0,3
         DMSFRET DWORDS=(R0),LOC=(R2)
         B     DESLOOP
         DROP  R2
DESDONE  XC    STACKTL,STACKTL
         XC    STACKN,STACKN
         SR    R15,R15
         L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*                                      IMMEDIATE COMMANDS
DMSATNCK STM   R0,R15,ATNREGS-DMSATNCK(R15)
         DROP  R12
         BALR  R12,0
         USING *,R12
         L     R12,STKBASE3
         DROP  R12
         USING DMSSTK,R12
         B     ATNBEG
STKBASE3 DC    A(DMSSTK)
ATNBEG   DS    0H
         SSM   ATNMASK                 TAKE A PENDING INTERRUPTION
         SSM   ATNOFF
         TM    CONFLAGS,CONATTN
         BZ    ATNRET
         NI    CONFLAGS,255-CONATTN
         MVC   ATNLINE,=CL8' '
         LA    R1,ATNCCW               READ THE LINE TYPED
         L     R15,ADMSCIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ATNRET
         LA    R3,STKMAX
         SH    R3,IOCSW+6              LENGTH READ
         BNP   ATNRET                  A NULL LINE: NOTHING
         CH    R3,=H'2'
         BNE   ATNSTACK
         MVC   ATNWORD,ATNLINE
         L     R5,=V(DMSUPPER)
         TR    ATNWORD,0(R5)
         CLC   ATNWORD,=C'HX'
         BE    ATNHX
         CLC   ATNWORD,=C'HT'
         BNE   ATNRT
         OI    CONFLAGS,CONHT
         B     ATNRET
ATNRT    CLC   ATNWORD,=C'RT'
         BNE   ATNSTACK
         NI    CONFLAGS,255-CONHT
         B     ATNRET
ATNSTACK LA    R4,ATNLINE              ANY OTHER LINE: STACK IT
         LA    R2,ATNFIFO-8
         LA    R13,ATNSAVE
         BAL   R10,STACK
ATNRET   LM    R0,R15,ATNREGS
         BR    R14
*                                      HX: HALT EXECUTION
ATNHX    NI    CONFLAGS,255-CONHT
         XC    SVCLEVEL,SVCLEVEL       DROP EVERY SVC LEVEL
         LA    R13,ATNSAVE
ATNFREE  L     R2,EXECCHN              FREE EVERY EXEC LEVEL
         LTR   R2,R2
         BZ    ATNFREED
         USING EXWHEAD,R2
         MVC   EXECCHN,EXWPREV
         L     R3,EXWBUF
         LTR   R3,R3
         BZ    ATNFREW
         L     R0,EXWBUFDW
         DMSFRET DWORDS=(R0),LOC=(R3)
ATNFREW  L     R0,EXWSIZE
         DMSFRET DWORDS=(R0),LOC=(R2)
         B     ATNFREE
         DROP  R2
ATNFREED XC    EXECLVL,EXECLVL
         WRTERM 'CMS'
         L     R15,ADMSINT
         BR    R15
*
ATNMASK  DC    X'80'                   CHANNEL 0 (THE CONSOLE)
ATNOFF   DC    X'00'
ATNWORD  DS    CL2
ATNFIFO  DC    C'FIFO'
ATNREGS  DS    16F
ATNSAVE  DS    18F
         DS    0D
ATNCCW   CCW   X'0A',ATNLINE,X'20',STKMAX   READ INQUIRY - SLI
ATNLINE  DS    CL(STKMAX)
         LTORG
         NUCON
         END
