*---------------------------------------------------------------------
* DMSINT - THE CMS COMMAND LOOP
*
* FUNCTION: READS A LINE FROM THE CONSOLE (RDTERM, UPPER CASE),
*           TOKENIZES IT INTO THE 8-BYTE-TOKEN PLIST IN NUCON
*           CMNDLIST (A TOKEN IS CUT AT 8 CHARACTERS; ( AND ) ARE
*           TOKENS OF THEIR OWN; AT MOST 32 TOKENS; X'FF' FENCE),
*           AND CALLS THE COMMAND WITH SVC 202.  A NAME THE NUCLEUS
*           DOES NOT KNOW (RC -3) IS TRIED AS A CP COMMAND WHEN IMPCP
*           IS ON: THE WHOLE LINE GOES TO CP WITH DIAGNOSE X'08' AND
*           THE RESPONSE-BUFFER FLAG; IF CP DOES NOT KNOW IT EITHER
*           (RC 1, DMKCFM001E) THE COMMAND IS UNKNOWN, OTHERWISE CP'S
*           RESPONSE IS TYPED AND ITS RC IS THE COMMAND'S.
*           AFTER EVERY COMMAND THE READY MESSAGE IS TYPED:
*              R; T=V.VV/T.TT HH:MM:SS        (RC 0)
*              R(NNNNN); T=V.VV/T.TT HH:MM:SS (RC NOT 0; R(-NNNN) < 0)
*           V.VV AND T.TT ARE THE VIRTUAL AND TOTAL CPU SECONDS SINCE
*           THE LAST READY MESSAGE, FROM DIAGNOSE X'0C' (LOW WORDS OF
*           THE MICROSECOND COUNTS, SUBTRACTED MODULO 2**32).
*           A NULL LINE IS READ AGAIN WITHOUT A READY MESSAGE.
*           WITH IMPEX ON A COMMAND NAME FN IS FIRST LOOKED FOR AS
*           FN EXEC ON THE ACCESSED DISKS, AND RUN AS EXEC FN ...
*           (GC20-1807 FIGURE 28).  THE FIRST LINE AFTER IPL FIRST
*           RUNS PROFILE EXEC, IF THERE IS ONE, UNLESS THE LINE IS
*           ACCESS (NOPROF (SPEC CMS.MD 7.3); A NULL FIRST LINE
*           RUNS ONLY THE PROFILE.
*           THE LINES COME FROM THE CONSOLE STACK FIRST (WAITRD).
* ENTRIES:  DMSINT  - FROM DMSINS: START READING.
*           DMSINTR - FROM DMSABN: TYPE THE READY MESSAGE FOR RC R15,
*                     THEN READ.
*---------------------------------------------------------------------
DMSINT   CSECT
         ENTRY DMSINTR
         REGEQU
         USING NUCON,R0
         L     R12,ADMSINT
         USING DMSINT,R12
INTREAD  LA    R13,INTSAVE
         RDTERM CMNDLINE,L'CMNDLINE
         STH   R0,CMNDLEN
         TM    CONFLAGS,CONPROF
         BZ    INTFIRST                THE FIRST LINE SINCE IPL
INTLINE  LTR   R0,R0
         BZ    INTREAD                 NULL LINE
         BAL   R10,TOKENIZE
         LTR   R5,R5
         BZ    INTREAD                 ONLY BLANKS
         MVC   PREVCMND,LASTCMND
         MVC   LASTCMND,CMNDLIST
         TM    NUCFLAGS,NUCIMPEX
         BZ    INTSVC
         MVC   INTFID(8),CMNDLIST      IMPLIED EXEC: FN EXEC FIRST
         LA    R1,INTFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   INTSVC
         MVC   INTEXEC+8(256),CMNDLIST  EXEC FN ARGS...
         MVC   INTEXEC+8+256(8),CMNDLIST+256
         LA    R1,INTEXEC
         SVC   202
         DC    AL4(1)
         B     INTREADY
INTSVC   LA    R1,CMNDLIST
         SVC   202
         DC    AL4(1)
         C     R15,=F'-3'
         BNE   INTREADY
         TM    NUCFLAGS,NUCIMPCP
         BZ    INTUNKN
*                                      IMPLIED CP
         LA    R2,CMNDLINE             RX   -> COMMAND
         LA    R3,CPRESP               RX+1 -> RESPONSE BUFFER
         LH    R4,CMNDLEN              RY   =  FLAGS + LENGTH
         O     R4,=A(CPRSPBUF)
         L     R5,=A(CPRESPL)         RY+1 =  BUFFER LENGTH
         DIAG  R2,R4,X'08'
         BC    8,INTCPLEN
         L     R5,=A(CPRESPL)         CC 1: THE BUFFER IS FULL
INTCPLEN C     R4,=F'1'
         BE    INTUNKN                 UNKNOWN TO CP TOO
         LR    R9,R4                   CP'S RETURN CODE
         LA    R6,CPRESP
         LA    R7,0(R6,R5)             END OF THE RESPONSE
INTCPLIN CR    R6,R7                   TYPE IT LINE BY LINE
         BNL   INTCPEND
         LR    R8,R6
INTCPSCN CR    R8,R7
         BNL   INTCPTYP
         CLI   0(R8),NEWLINE
         BE    INTCPTYP
         LA    R8,1(,R8)
         B     INTCPSCN
INTCPTYP LR    R3,R8
         SR    R3,R6
         WRTERM (R6),(R3)
         LA    R6,1(,R8)               PAST THE X'15'
         B     INTCPLIN
INTCPEND LR    R15,R9
         B     INTREADY
INTUNKN  WRTERM 'UNKNOWN CP/CMS COMMAND'
         LH    R15,=H'-3'
         B     INTREADY
*                                      THE FIRST LINE: PROFILE EXEC
INTFIRST OI    CONFLAGS,CONPROF
         BAL   R10,TOKENIZE
         C     R5,=F'3'
         BNE   INTPROF
         CLC   CMNDLIST(24),INTNOPRF   ACCESS (NOPROF: NO PROFILE
         BNE   INTPROF
         SR    R15,R15
         B     INTREADY
INTPROF  LA    R1,INTPFID              IS THERE A PROFILE EXEC?
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   INTNOPF
         LA    R1,INTPEXEC             RUN IT BEFORE THE LINE
         SVC   202
         DC    AL4(1)
         LH    R0,CMNDLEN
         LTR   R0,R0
         BZ    INTREADY                A NULL LINE: ONLY THE PROFILE
         B     INTLINE
INTNOPF  LH    R0,CMNDLEN
         B     INTLINE
*                                      READY MESSAGE FOR RC R15
DMSINTR  L     R12,ADMSINT
INTREADY ST    R15,LASTRC
         NI    CONFLAGS,255-CONHT      HT LASTS UNTIL THE COMMAND ENDS
         LA    R13,INTSAVE
         LA    R2,DIAGBUF
         DIAG  R2,R0,X'0C'
         MVC   CURRDATE(16),DIAGBUF    DATE AND TIME
         MVC   CURRVIRT,DIAGBUF+20
         MVC   CURRCPUT,DIAGBUF+28
         MVC   OUTLINE(2),=C'R;'
         LA    R4,OUTLINE+2
         L     R15,LASTRC
         LTR   R15,R15
         BZ    INTTIMES
         MVC   OUTLINE(2),=C'R('
         LA    R4,OUTLINE+2
         LPR   R1,R15
         CVD   R1,DWORK
         LTR   R15,R15
         BM    INTNEG
         UNPK  0(5,R4),DWORK+5(3)      NNNNN
         OI    4(R4),X'F0'
         LA    R4,5(,R4)
         B     INTRCEND
INTNEG   MVI   0(R4),C'-'              -NNNN
         UNPK  1(4,R4),DWORK+5(3)
         OI    4(R4),X'F0'
         LA    R4,5(,R4)
INTRCEND MVC   0(2,R4),=C');'
         LA    R4,2(,R4)
INTTIMES MVC   0(3,R4),=C' T='
         LA    R4,3(,R4)
         L     R1,CURRVIRT
         SL    R1,LASTVIRT
         BAL   R10,SECONDS
         MVI   0(R4),C'/'
         LA    R4,1(,R4)
         L     R1,CURRCPUT
         SL    R1,LASTCPUT
         BAL   R10,SECONDS
         MVI   0(R4),C' '
         MVC   1(8,R4),CURRTIME
         LA    R4,9(,R4)
         MVC   LASTVIRT,CURRVIRT
         MVC   LASTCPUT,CURRCPUT
         LA    R2,OUTLINE
         LR    R3,R4
         SR    R3,R2
         WRTERM (R2),(R3)
         B     INTREAD
*
* SECONDS: R1 = MICROSECONDS -> "S.HH" AT R4, R4 ADVANCED.  R10 = RET.
SECONDS  SR    R0,R0                   R0:R1 = MICROSECONDS
         D     R0,=F'10000'            R1 = HUNDREDTHS
         CVD   R1,DWORK
         MVC   EDWORK,EDPAT
         ED    EDWORK,DWORK+5          5 DIGITS -> BBB9.99
         LA    R2,EDWORK+1
SECSKIP  CLI   0(R2),C' '
         BNE   SECCOPY
         LA    R2,1(,R2)
         B     SECSKIP
SECCOPY  LA    R3,EDWORK+L'EDWORK
         SR    R3,R2                   LENGTH OF THE DIGITS
         BCTR  R3,0
         EX    R3,SECMOVE
         LA    R4,1(R3,R4)
         BR    R10
SECMOVE  MVC   0(0,R4),0(R2)
*
* TOKENIZE: CMNDLINE(CMNDLEN) -> CMNDLIST.  R5 = NUMBER OF TOKENS.
TOKENIZE LA    R2,CMNDLINE             SCAN POINTER
         LH    R3,CMNDLEN
         LA    R3,0(R2,R3)             END
         LA    R4,CMNDLIST             NEXT TOKEN SLOT
         SR    R5,R5
TOKSKIP  CR    R2,R3                   SKIP BLANKS
         BNL   TOKEND
         CLI   0(R2),C' '
         BNE   TOKSTART
         LA    R2,1(,R2)
         B     TOKSKIP
TOKSTART MVC   0(8,R4),=CL8' '
         CLI   0(R2),C'('
         BE    TOKPAREN
         CLI   0(R2),C')'
         BE    TOKPAREN
         LR    R6,R2                   START OF THE WORD
TOKSCAN  LA    R2,1(,R2)
         CR    R2,R3
         BNL   TOKWORD
         CLI   0(R2),C' '
         BE    TOKWORD
         CLI   0(R2),C'('
         BE    TOKWORD
         CLI   0(R2),C')'
         BE    TOKWORD
         B     TOKSCAN
TOKWORD  LR    R7,R2
         SR    R7,R6                   WORD LENGTH
         C     R7,=F'8'
         BNH   *+8
         LA    R7,8                    CUT AT 8
         BCTR  R7,0
         EX    R7,TOKMOVE
         B     TOKNEXT
TOKPAREN MVC   0(1,R4),0(R2)
         LA    R2,1(,R2)
TOKNEXT  LA    R4,8(,R4)
         LA    R5,1(,R5)
         C     R5,=A(MAXTOKEN)
         BL    TOKSKIP
TOKEND   MVC   0(8,R4),=8X'FF'         FENCE
         BR    R10
TOKMOVE  MVC   0(0,R4),0(R6)
*
MAXTOKEN EQU   32
NEWLINE  EQU   X'15'                   CP'S LINE SEPARATOR
CPRSPBUF EQU   X'40000000'             DIAG X'08': RESPONSE TO A BUFFER
EDPAT    DC    X'402021204B2020'       FILL, 999.99
EDWORK   DS    CL7
INTFID   DC    CL8' ',CL8'EXEC',CL8'*'
INTPFID  DC    CL8'PROFILE',CL8'EXEC',CL8'*'
INTPEXEC DC    CL8'EXEC',CL8'PROFILE',8X'FF'
INTNOPRF DC    CL8'ACCESS',CL8'(',CL8'NOPROF'
INTEXEC  DC    CL8'EXEC',(MAXTOKEN+1)XL8'FF'
INTSAVE  DS    18F
         LTORG
CPRESPL  EQU   2048
CPRESP   DS    (CPRESPL)X              CP'S RESPONSE (IMPLIED CP)
         NUCON
         END
