*---------------------------------------------------------------------
* DMSCPF - THE CP COMMAND: PASS A COMMAND TO CP
*
* FUNCTION: ISSUES THE REST OF THE COMMAND AS A CP COMMAND WITH
*           DIAGNOSE X'08' (NO RESPONSE BUFFER: CP TYPES ITS ANSWER
*           ON THE CONSOLE ITSELF).  CALLED FROM THE TERMINAL (R1
*           -> NUCON CMNDLIST) IT SENDS THE TYPED TEXT AFTER THE WORD
*           CP, SO OPERANDS LONGER THAN 8 CHARACTERS SURVIVE; CALLED
*           FROM A PROGRAM IT JOINS THE PLIST TOKENS AFTER THE FIRST
*           WITH SINGLE BLANKS.  "CP" ALONE SENDS AN EMPTY COMMAND
*           (A NO-OPERATION FOR CP IN R6).
* CALL:     SVC 202, R1 -> CL8'CP',CL8'TOKEN',...,8X'FF'
* EXIT:     R15 = CP'S RETURN CODE (THE NUMBER OF THE LAST DMK
*           ERROR MESSAGE, 0 IF NONE).
*---------------------------------------------------------------------
DMSCPF   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSCPF,R12
         STM   R14,R12,12(R13)
         LA    R2,0(,R1)               -> PLIST
         LA    R3,CMNDLIST
         CR    R2,R3
         BNE   CPFTOKEN
*                                      FROM THE TERMINAL: THE RAW TEXT
         LA    R4,CMNDLINE
         LH    R5,CMNDLEN
         LA    R5,0(R4,R5)             END OF THE LINE
CPFSKIP1 CR    R4,R5                   SKIP BLANKS BEFORE CP
         BNL   CPFEMPTY
         CLI   0(R4),C' '
         BNE   CPFWORD
         LA    R4,1(,R4)
         B     CPFSKIP1
CPFWORD  CR    R4,R5                   SKIP THE WORD CP
         BNL   CPFEMPTY
         CLI   0(R4),C' '
         BE    CPFSKIP2
         LA    R4,1(,R4)
         B     CPFWORD
CPFSKIP2 CR    R4,R5                   SKIP BLANKS AFTER IT
         BNL   CPFEMPTY
         CLI   0(R4),C' '
         BNE   CPFTEXT
         LA    R4,1(,R4)
         B     CPFSKIP2
CPFTEXT  SR    R5,R4                   LENGTH OF THE CP COMMAND
         B     CPFISSUE
CPFEMPTY SR    R5,R5
         B     CPFISSUE
*                                      FROM A PROGRAM: JOIN THE TOKENS
CPFTOKEN LA    R4,CPFLINE
         LR    R6,R4                   NEXT FREE BYTE
         LA    R2,8(,R2)               FIRST OPERAND
CPFTLOOP CLI   0(R2),X'FF'
         BE    CPFTEND
         LA    R7,8                    TOKEN LENGTH WITHOUT BLANKS
CPFTLEN  LA    R8,0(R2,R7)
         BCTR  R8,0
         CLI   0(R8),C' '
         BNE   CPFTCOPY
         BCT   R7,CPFTLEN
         B     CPFTNEXT                ALL BLANK
CPFTCOPY BCTR  R7,0
         EX    R7,CPFMOVE
         LA    R6,1(R6,R7)
         MVI   0(R6),C' '
         LA    R6,1(,R6)
CPFTNEXT LA    R2,8(,R2)
         LA    R8,CPFLINE+L'CPFLINE-9
         CR    R6,R8
         BL    CPFTLOOP                ROOM FOR ANOTHER TOKEN
CPFTEND  LR    R5,R6
         SR    R5,R4                   LENGTH WITH THE LAST BLANK
         BZ    CPFISSUE
         BCTR  R5,0
CPFISSUE DIAG  R4,R5,X'08'             R4 -> TEXT; R5 = LENGTH
         LR    R15,R5                  RETURN CODE FROM CP
         L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
CPFMOVE  MVC   0(0,R6),0(R2)
CPFLINE  DS    CL132
         LTORG
         NUCON
         END
