*---------------------------------------------------------------------
* DMSLED - LINEDIT: TYPE A LINE WITH SUBSTITUTIONS
*
* FUNCTION: THE LINEDIT FUNCTION THE LINEDIT MACRO CALLS.  COPIES THE
*           TEXT, REPLACING EVERY RUN OF TWO OR MORE PERIODS BY THE
*           NEXT SUBSTITUTION (WHILE THERE ARE ANY LEFT), AND TYPES
*           THE LINE (AT MOST 130 CHARACTERS).
* CALL:     SVC 202, R1 -> CL8'LINEDIT',AL4(TEXT),AL2(LEN),X'FLAGS',
*           AL1(NSUB), NSUB 8-BYTE ENTRIES X'TYPE',X'00',AL2(LEN),
*           AL4(VALUE OR ADDRESS):
*             TYPE 1 DEC  VALUE AS A SIGNED DECIMAL NUMBER
*             TYPE 2 HEX  VALUE IN HEXADECIMAL, NO LEADING ZEROS
*             TYPE 3 CHAR LEN CHARACTERS AT ADDRESS, TRAILING BLANKS
*                         DROPPED
*           FLAG X'80': END THE LINE WITH A PERIOD (DOT=YES).
* EXIT:     R15 = 0.  (R6 REACHED LINEDIT BY SVC 203; THE PLIST IS
*           THIS NUCLEUS'S OWN.)
*---------------------------------------------------------------------
DMSLED   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSLED,R12
         STM   R14,R12,12(R13)
         L     R2,8(,R1)               TEXT
         LH    R3,12(,R1)              ITS LENGTH
         LA    R3,0(R2,R3)             ITS END
         SR    R5,R5
         IC    R5,15(,R1)              SUBSTITUTIONS LEFT
         LA    R4,16(,R1)              -> THE FIRST
         MVC   LEDFLAG,14(R1)
         LA    R6,LEDBUF               OUTPUT POINTER
LEDSCAN  CR    R2,R3
         BNL   LEDEND
         LA    R7,LEDBUF+LEDMAX
         CR    R6,R7
         BNL   LEDEND                  LINE FULL
         CLI   0(R2),C'.'
         BNE   LEDCOPY
         LTR   R5,R5
         BZ    LEDCOPY                 NO SUBSTITUTION LEFT
         LA    R7,1(,R2)
         CR    R7,R3
         BNL   LEDCOPY
         CLI   0(R7),C'.'
         BNE   LEDCOPY                 A SINGLE PERIOD
LEDDOTS  LA    R2,1(,R2)               SKIP THE RUN OF PERIODS
         CR    R2,R3
         BNL   LEDSUB
         CLI   0(R2),C'.'
         BE    LEDDOTS
LEDSUB   BAL   R10,SUBST
         LA    R4,8(,R4)
         BCTR  R5,0
         B     LEDSCAN
LEDCOPY  MVC   0(1,R6),0(R2)
         LA    R6,1(,R6)
         LA    R2,1(,R2)
         B     LEDSCAN
LEDEND   TM    LEDFLAG,LEDDOT
         BZ    LEDTYPE
         LA    R7,LEDBUF
         CR    R6,R7
         BE    LEDPUT
         BCTR  R6,0
         CLI   0(R6),C'.'
         LA    R6,1(,R6)
         BE    LEDTYPE
LEDPUT   MVI   0(R6),C'.'
         LA    R6,1(,R6)
LEDTYPE  LA    R2,LEDBUF
         LR    R3,R6
         SR    R3,R2
         LA    R7,LEDMAX
         CR    R3,R7
         BNH   *+6
         LR    R3,R7
         WRTERM (R2),(R3)
         SR    R15,R15
         L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* SUBST: THE ENTRY AT R4 -> CHARACTERS AT R6, R6 ADVANCED.  R10 = RET.
SUBST    CLI   0(R4),LEDCHAR
         BE    SUBCHAR
         CLI   0(R4),LEDHEX
         BE    SUBHEX
         L     R1,4(,R4)               DECIMAL
         LTR   R1,R1
         BNM   SUBPOS
         MVI   0(R6),C'-'
         LA    R6,1(,R6)
         LPR   R1,R1
SUBPOS   CVD   R1,DWORK
         UNPK  LEDNUM(16),DWORK(8)
         OI    LEDNUM+15,X'F0'
         LA    R8,LEDNUM
         LA    R9,15                   AT MOST 15 ZEROS SKIPPED
         B     SUBLEAD
SUBHEX   L     R1,4(,R4)
         LA    R8,LEDNUM
         LA    R9,8
SUBHEXD  SR    R0,R0
         SLDL  R0,4
         LR    R7,R0
         IC    R7,LEDHEXD(R7)
         STC   R7,0(,R8)
         LA    R8,1(,R8)
         BCT   R9,SUBHEXD
         LA    R8,LEDNUM
         LA    R9,7
         LA    R7,LEDNUM+8
         B     SUBLEAD2
SUBLEAD  LA    R7,LEDNUM+16            END OF THE DIGITS
SUBLEAD2 CLI   0(R8),C'0'              SKIP LEADING ZEROS
         BNE   SUBDIG
         LA    R8,1(,R8)
         BCT   R9,SUBLEAD2
SUBDIG   CR    R8,R7
         BNLR  R10
         LA    R0,LEDBUF+LEDMAX
         CR    R6,R0
         BNLR  R10                     LINE FULL
         MVC   0(1,R6),0(R8)
         LA    R6,1(,R6)
         LA    R8,1(,R8)
         B     SUBDIG
SUBCHAR  L     R8,4(,R4)               CHARACTERS
         LH    R7,2(,R4)
         LTR   R7,R7
         BNPR  R10
         LA    R7,0(R8,R7)             END
SUBTRIM  BCTR  R7,0                    DROP TRAILING BLANKS
         CLI   0(R7),C' '
         BNE   SUBTRIMD
         CR    R7,R8
         BH    SUBTRIM
         BR    R10                     ALL BLANK
SUBTRIMD LA    R7,1(,R7)
         B     SUBDIG
*
LEDMAX   EQU   130
LEDDOT   EQU   X'80'
LEDHEX   EQU   2
LEDCHAR  EQU   3
LEDFLAG  DS    X
LEDHEXD  DC    C'0123456789ABCDEF'
LEDNUM   DS    CL16
LEDBUF   DS    CL(LEDMAX+20)
         LTORG
         NUCON
         END
