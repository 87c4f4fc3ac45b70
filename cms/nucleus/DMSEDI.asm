*---------------------------------------------------------------------
* DMSEDI - THE CMS CONTEXT EDITOR, LINE MODE (EDIT FN FT [FM])
*
* FUNCTION: READS THE FILE (RDBUF) INTO A CHAIN OF LINES IN FREE
*           STORAGE (DMSFREE), THEN READS SUBCOMMANDS FROM THE
*           CONSOLE (WAITRD, AS TYPED) AND WORKS ON THE CHAIN; FILE
*           AND SAVE WRITE IT BACK (ERASE, WRBUF, FINIS).
*           A FILE THAT DOES NOT EXIST IS NEW: 'NEW FILE:' IS TYPED.
*           EDIT MODE PROMPTS 'EDIT:'; INPUT MODE 'INPUT:'.  A NULL
*           LINE SWITCHES BETWEEN THE TWO MODES (GC20-1805).
* LINES:    A DOUBLY LINKED RING THROUGH THE SENTINEL TOFNODE, WHICH
*           IS BOTH TOP OF FILE (ATEOF=0) AND END OF FILE (ATEOF=1)
*           WHEN IT IS THE CURRENT LINE.  A LINE NODE IS NODEDW
*           DOUBLEWORDS: NEXT, PREV, LENGTH, TEXT (MAXLRECL BYTES).
* SUBCOMMANDS: SEE EDCMDTAB (NAME, MINIMUM ABBREVIATION, ROUTINE).
*           /STRING/ IS LOCATE; = REPEATS THE LAST SUBCOMMAND; ?
*           TYPES IT.  AN UNKNOWN OR BAD SUBCOMMAND TYPES '?EDIT:'
*           AND THE LINE.
* DEFAULTS: BY FILETYPE (EDFTTAB): RECFM, LRECL, TRUNC, CASE, SERIAL.
* CALL:     SVC 202, R1 -> CL8'EDIT',CL8'FN',CL8'FT'[,CL8'FM'],FENCE
* EXIT:     R15 = 0 (FILE / QUIT); 24 FILEID INCOMPLETE (DMSEDI054E)
*           OR RECORDS LONGER THAN MAXLRECL (DMSEDI039E);
*           100 THE FILE COULD NOT BE READ; 41 NO STORAGE.
* DISPLAY:  ON A 3270 (DIAG X'24') THE SCREEN IS REWRITTEN BEFORE
*           EVERY READ WITH DIAG X'58' (SEE DISPSCR).
* WRITING:  FILE/SAVE ERASE THE OLD FILE, THEN WRITE THE NEW ONE (R6
*           WROTE A WORK FILE AND RENAMED IT; NO RENAME FUNCTION YET).
* NOT YET:  REPEAT, TABSET/TABDEF, IMAGE, RENUM,
*           AUTOSAVE, LINEMODE,
*           FORWARD/BACKWARD, $DUP/$MOVE, THE CMS SUBSET.
*---------------------------------------------------------------------
* EDMSG: A MESSAGE OR PROMPT THROUGH MSG (TYPED, OR ON THE SCREEN)
         MACRO
&L       EDMSG &TEXT
         LCLA  &N
&N       SETA  K'&TEXT-2
&L       LA    R2,=C&TEXT
         LA    R3,&N
         BAL   R14,MSG
         MEND
         FSCBD
         FST
DMSEDI   CSECT
         EXTRN DMSUPPER
         REGEQU
         USING NUCON,R0
         USING DMSEDI,R12,R11
         STM   R14,R12,12(R13)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         ST    R13,EDCALLER
         LR    R2,R1
         CLI   8(R2),X'FF'
         BE    EDINCMP
         CLI   16(R2),X'FF'
         BE    EDINCMP
         MVC   EFN,8(R2)
         MVC   EFT,16(R2)
         MVC   EFM,=CL2'* '
         MVI   EFMGIVEN,0
         CLI   24(R2),X'FF'
         BE    EDINIT
         MVC   EFM,24(R2)
         MVI   EFMGIVEN,1
         CLI   EFM+1,C' '
         BNE   EDINIT
         MVI   EFM+1,C'1'
*                                      EMPTY RING, DEFAULT SETTINGS
EDINIT   LA    R1,TOFNODE
         ST    R1,TOFNODE+NNEXT
         ST    R1,TOFNODE+NPREV
         ST    R1,CURP
         MVI   ATEOF,0
         MVI   VERIFY,1
         MVI   LONGF,1
         MVI   CHANGED,0
         XC    LASTLEN,LASTLEN
         XC    MSGLEN,MSGLEN
         XC    REPLEFT,REPLEFT         NO X/Y REPEATS, NOTHING ASSIGNED
         MVI   PRESSET,0
         L     R1,=A(XSLOT)
         XC    0(2,R1),0(R1)
         L     R1,=A(YSLOT)
         XC    0(2,R1),0(R1)
         MVI   DISPMODE,0              A 3270 TERMINAL: DISPLAY MODE
         L     R2,=F'-1'
         DIAG  R2,R4,X'24'             R5 = THE REAL TERMINAL'S TYPE
         BC    1,EDNODISP
         SRL   R5,24
         C     R5,=A(CLASSGRF)
         BNE   EDNODISP
         DMSFREE DWORDS=SCRDW
         LTR   R15,R15
         BNZ   EDNODISP                NO ROOM: LINE MODE
         ST    R1,ASCREEN
         MVI   DISPMODE,1
         MVI   MSGLINE,C' '
         MVC   MSGLINE+1(L'MSGLINE-1),MSGLINE
EDNODISP BAL   R10,FTDFLT
*                                      DOES THE FILE EXIST
         XC    EDFSCB,EDFSCB
         MVC   EDFSCB(8),=CL8'STATE'
         MVC   EDFSCB+FSCBFN-FSCBD(16),EFN
         MVC   EDFSCB+FSCBFM-FSCBD(2),EFM
         LA    R1,EDFSCB
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   EDNEW
         USING FSTD,R1
         MVC   ERECFM,FSTRECFM
         MVC   EDRC,FSTLRECL
         L     R2,EDRC
         C     R2,=A(MAXLRECL)
         BH    EDWIDE                  LONGER LINES THAN EDIT HOLDS
         CLI   ERECFM,C'V'             V: THE LONGEST RECORD SO FAR,
         BNE   EDLRECL                 NOT A LIMIT - KEEP THE TYPE'S
         C     R2,ELRECL               LRECL IF THAT IS LARGER
         BNH   EDFMODE
EDLRECL  ST    R2,ELRECL
EDFMODE  DS    0H
         CLI   EFMGIVEN,1
         BE    EDOLD
         MVC   EFM,FSTFMODE            MODE FROM THE FST
         DROP  R1
EDOLD    CLC   ETRUNC,ELRECL
         BNH   *+10
         MVC   ETRUNC,ELRECL
         CLC   EZONE2,ELRECL
         BNH   *+10
         MVC   EZONE2,ELRECL
         BAL   R10,READFILE
         LTR   R15,R15
         BNZ   EDEXIT
         LA    R1,TOFNODE              START AT TOP OF FILE
         ST    R1,CURP
         MVI   ATEOF,0
         B     EDPROMPT
EDNEW    CLI   EFMGIVEN,1
         BE    *+10
         MVC   EFM,=CL2'A1'            A NEW FILE GOES TO A1
         EDMSG 'NEW FILE:'
EDPROMPT EDMSG 'EDIT:'
*
* EDIT MODE: READ A SUBCOMMAND AND DO IT
EDLOOP   L     R1,REPLEFT              X/Y N: REPEATS STILL TO DO
         LTR   R1,R1
         BNZ   EDREP
EDREAD   BAL   R10,READLN
         LTR   R0,R0
         BZ    INMODE                  NULL LINE: INPUT MODE
         BAL   R10,PREPLINE
         BAL   R10,SKIPBL
         CR    R3,R4
         BNL   EDREAD                  ONLY BLANKS
         CLI   0(R3),C'='
         BE    EDREUSE
         CLI   0(R3),C'?'
         BE    EDQUERY
         MVC   LASTCMD,INBUF           REMEMBER IT FOR = AND ?
         MVC   LASTLEN,INLEN
EDDISP   BAL   R10,SKIPBL
         CLI   0(R3),C'/'
         BE    LOCATE0                 /STRING/
         BAL   R10,GETWORD             R2 -> NAME, R5 = LENGTH
         C     R5,=F'8'
         BH    EDBAD
         LA    R6,EDCMDTAB
EDLOOK   CLI   0(R6),X'FF'
         BE    EDBAD
         CH    R5,8(,R6)               SHORTER THAN THE MINIMUM
         BL    EDLOOKN
         LR    R7,R5
         BCTR  R7,0
         EX    R7,EDCMPNM
         BE    EDFOUND
EDLOOKN  LA    R6,CMDROWL(,R6)
         B     EDLOOK
EDFOUND  L     R15,12(,R6)
         BR    R15                     R3 -> AFTER THE NAME
EDCMPNM  CLC   0(0,R2),0(R6)
*
EDREUSE  LH    R0,LASTLEN              = : THE LAST SUBCOMMAND AGAIN
         LTR   R0,R0
         BZ    EDLOOP
         MVC   INBUF,LASTCMD
         STH   R0,INLEN
         BAL   R10,PREPLINE
         B     EDDISP
EDQUERY  LH    R3,LASTLEN              ? : TYPE THE LAST SUBCOMMAND
         LA    R2,LASTCMD
         BAL   R14,MSG
         B     EDLOOP
*
EDBAD    CLI   LONGF,1                 ?EDIT: AND THE LINE
         BNE   EDBADS
         MVC   OUTLINE(7),=C'?EDIT: '
         LH    R3,INLEN
         C     R3,=F'120'
         BNH   *+8
         LA    R3,120
         BCTR  R3,0
         EX    R3,EDBADMV
         LA    R3,8(,R3)
         LA    R2,OUTLINE
         BAL   R14,MSG
         B     EDLOOP
EDBADS   EDMSG '?EDIT:'
         B     EDLOOP
EDBADMV  MVC   OUTLINE+7(0),INBUF
*
* X / Y SUBCMD: ASSIGN A SUBCOMMAND TO X (Y).  X / Y [N]: DO IT N
* TIMES (GC20-1818); THE REPEATS STOP AT END OF FILE.
XSUB     L     R6,=A(XSLOT)
         B     XYSUB
YSUB     L     R6,=A(YSLOT)
XYSUB    BAL   R10,SKIPBL
         CR    R3,R4
         BNL   XYRUN                   NOTHING: DO IT ONCE
         CLI   0(R3),C'*'
         BE    XYRUN                   *: TO THE END OF THE FILE
         CLI   0(R3),C'0'
         BNL   XYRUN                   A NUMBER: DO IT N TIMES
         CLI   0(R3),C'X'              NO X OR Y INSIDE X OR Y
         BE    EDBAD
         CLI   0(R3),C'Y'
         BE    EDBAD
         MVI   2(R6),C' '              ASSIGN: THE REST AS TYPED
         MVC   3(L'INBUF-1,R6),2(R6)
         LR    R5,R4
         SR    R5,R3                   ITS LENGTH
         STH   R5,0(,R6)
         BCTR  R5,0
         SH    R3,=Y(UPBUF-INBUF)
         EX    R5,XYMOVE
         B     EDLOOP
XYMOVE   MVC   2(0,R6),0(R3)
XYRUN    LH    R0,0(,R6)
         LTR   R0,R0
         BZ    EDBAD                   NOTHING ASSIGNED
         ST    R6,REPSLOT              (GETNUM USES R6)
         BAL   R10,GETCOUNT
         LTR   R15,R15
         BNZ   EDBAD
         ST    R1,REPLEFT
         B     EDLOOP
EDREP    BCTR  R1,0                    ONE MORE REPEAT
         ST    R1,REPLEFT
         CLI   ATEOF,1
         BNE   EDREP1
         XC    REPLEFT,REPLEFT         AT EOF: NO MORE
         B     EDREAD
EDREP1   L     R6,REPSLOT
         MVC   INBUF,2(R6)
         MVC   INLEN,0(R6)
         BAL   R10,PREPLINE
         B     EDDISP
*
* PRESERVE: SAVE THE SETTINGS (TRUNC ZONE SERIAL FNAME FMODE RECFM
* VERIFY LONG/SHORT CASE); RESTORE: BACK TO THEM (GC20-1818).
* RESTORE WITHOUT A PRESERVE BEFORE IT IS ?EDIT:.
PRESERVE BAL   R10,ENDCHK
         LA    R1,PRESAVE
         LA    R2,PRESTAB
         MVI   PRESSET,1
PRESNEXT L     R14,0(,R2)              -> A SETTING
         LH    R15,4(,R2)              ITS LENGTH - 1
         EX    R15,PRESMVTO
         LA    R1,1(R15,R1)
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BNE   PRESNEXT
         B     EDLOOP
RESTORE  BAL   R10,ENDCHK
         CLI   PRESSET,1
         BNE   EDBAD
         LA    R1,PRESAVE
         LA    R2,PRESTAB
RESTNEXT L     R14,0(,R2)
         LH    R15,4(,R2)
         EX    R15,PRESMVBK
         LA    R1,1(R15,R1)
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BNE   RESTNEXT
         B     EDLOOP
PRESMVTO MVC   0(0,R1),0(R14)
PRESMVBK MVC   0(0,R14),0(R1)
*
* STACK [N|*]: N LINES FROM THE CURRENT ONE INTO THE CONSOLE STACK
* (FIFO, WITH ATTN); THE LAST ONE STACKED IS THEN THE CURRENT LINE.
STACK    BAL   R10,GETCOUNT
         LTR   R15,R15
         BNZ   EDBAD
         LR    R6,R1
         B     STACK2
STACK1   BAL   R10,DOWN1
         LTR   R15,R15
         BNZ   EDLOOP                  EOF: STOP
STACK2   L     R1,CURP
         LA    R14,TOFNODE
         CR    R1,R14
         BE    STKNEXT                 TOF: NOTHING TO STACK
         LA    R2,NDATA(,R1)
         ST    R2,ATTNPL+12
         MVC   ATTNPL+12(1),NLEN+1(R1) LENGTH (AT MOST MAXLRECL)
         LA    R1,ATTNPL
         SVC   202
         DC    AL4(1)
STKNEXT  BCT   R6,STACK1
         B     EDLOOP
*
* FNAME [FN] / FMODE [FM]: THE FILE ID FILE AND SAVE WRITE UNDER;
* WITHOUT AN OPERAND TYPE IT.  FMODE: A LETTER AND A NUMBER (0-6,
* DEFAULT 1).
FNAME    BAL   R10,GETWORD             R2 -> FN, R5 = LENGTH
         LTR   R5,R5
         BZ    FNTYPE
         C     R5,=F'8'
         BH    EDBAD
         BAL   R10,ENDCHK
         MVI   EFN,C' '
         MVC   EFN+1(7),EFN
         BCTR  R5,0
         EX    R5,FNMOVE
         B     EDLOOP
FNMOVE   MVC   EFN(0),0(R2)
FNTYPE   LA    R2,EFN
         LA    R3,8
FNTRIM   LA    R1,EFN-1(R3)            DROP TRAILING BLANKS
         CLI   0(R1),C' '
         BNE   FNSHOW
         BCT   R3,FNTRIM
FNSHOW   BAL   R14,MSG
         B     EDLOOP
FMODE    BAL   R10,GETWORD
         LTR   R5,R5
         BZ    FMTYPE
         C     R5,=F'2'
         BH    EDBAD
         CLI   0(R2),C'A'              A LETTER
         BL    EDBAD
         CLI   0(R2),C'Z'
         BH    EDBAD
         MVI   WORKLINE+1,C'1'         THE NUMBER: DEFAULT 1
         C     R5,=F'1'
         BE    FMSET
         MVC   WORKLINE+1(1),1(R2)
         CLI   1(R2),C'0'
         BL    EDBAD
         CLI   1(R2),C'6'
         BH    EDBAD
FMSET    BAL   R10,ENDCHK
         MVC   EFM(1),0(R2)
         MVC   EFM+1(1),WORKLINE+1
         MVI   EFMGIVEN,1
         B     EDLOOP
FMTYPE   LA    R2,EFM
         LA    R3,2
         BAL   R14,MSG
         B     EDLOOP
*
* INPUT MODE: EVERY LINE GOES IN AFTER THE CURRENT ONE; NULL ENDS
INMODE   EDMSG 'INPUT:'
INLOOP   BAL   R10,READLN
         LTR   R0,R0
         BZ    INEND
         BAL   R10,PREPLINE
         LA    R2,INBUF
         LH    R3,INLEN
         BAL   R10,ADDLINE
         LTR   R15,R15
         BNZ   INEND
         B     INLOOP
INEND    EDMSG 'EDIT:'
         B     EDLOOP
*
EDWIDE   CMSMSG 'DMSEDI039E LRECL TOO LARGE FOR EDIT',INSERT=EFN
         LA    R15,24
         B     EDEXIT
EDINCMP  CMSMSG 'DMSEDI054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     EDRET
*                                      LEAVE: GIVE THE LINES BACK
EDEXIT   ST    R15,EDRC
         BAL   R10,FREEALL
         CLI   DISPMODE,1
         BNE   EDEXIT1
         LA    R2,DSPCLEAR             ERASE THE OUTPUT AREA
         LH    R3,CONSADDR
         DIAG  R2,R3,X'58'
         L     R1,ASCREEN
         DMSFRET DWORDS=SCRDW,LOC=(1)
EDEXIT1  DS    0H
         L     R15,EDRC
EDRET    L     R13,EDCALLER
         L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
*---------------------------------------------------------------------
* SUBCOMMANDS.  ENTERED WITH R3 -> AFTER THE NAME, R4 -> LINE END
* (BOTH IN UPBUF); THEY END WITH B EDLOOP.
*---------------------------------------------------------------------
* TOP: TO THE NULL LINE BEFORE THE FIRST
TOP      BAL   R10,ENDCHK
         LA    R1,TOFNODE
         ST    R1,CURP
         MVI   ATEOF,0
         B     VERCUR
* BOTTOM: TO THE LAST LINE
BOTTOM   BAL   R10,ENDCHK
         L     R1,TOFNODE+NPREV
         ST    R1,CURP
         MVI   ATEOF,0
         B     VERCUR
* NEXT [N]: DOWN N LINES (PAST THE LAST: EOF)
NEXT     BAL   R10,GETCOUNT
         LTR   R15,R15
         BNZ   EDBAD
         LR    R6,R1
         LTR   R6,R6
         BZ    VERCUR
NEXT1    BAL   R10,DOWN1
         LTR   R15,R15
         BNZ   VERCUR
         BCT   R6,NEXT1
         B     VERCUR
* UP [N]: UP N LINES (PAST THE FIRST: TOF)
UP       BAL   R10,GETCOUNT
         LTR   R15,R15
         BNZ   EDBAD
         LR    R6,R1
         LTR   R6,R6
         BZ    VERCUR
UP1      BAL   R10,UP1LINE
         LTR   R15,R15
         BNZ   VERCUR
         BCT   R6,UP1
         B     VERCUR
* TYPE [N|*]: TYPE N LINES FROM THE CURRENT ONE, WHICH ENDS AT THE
* LAST ONE TYPED
TYPE     BAL   R10,GETCOUNT
         LTR   R15,R15
         BNZ   EDBAD
         LR    R6,R1
         LTR   R6,R6
         BZ    EDLOOP
         B     TYPE2
TYPE1    BAL   R10,DOWN1
         LTR   R15,R15
         BNZ   VERCUR0                 EOF: TYPE IT AND STOP
TYPE2    BAL   R10,TYPECUR
         BCT   R6,TYPE1
         B     EDLOOP
* LOCATE /STRING/: THE NEXT LINE THAT HOLDS IT (WITHIN THE ZONE)
LOCATE   BAL   R10,SKIPBL
         CR    R3,R4
         BNL   EDBAD
LOCATE0  BAL   R10,GETSTR              R7 -> STRING, R8 = LENGTH
         LTR   R15,R15
         BNZ   EDBAD
         ST    R7,STR1P
         ST    R8,STR1L
         BAL   R10,ENDCHK
LOCNEXT  BAL   R10,DOWN1
         LTR   R15,R15
         BNZ   NOTFOUND
         L     R1,CURP
         BAL   R10,ZSEARCH
         LTR   R15,R15
         BNZ   LOCNEXT
         B     VERCUR
NOTFOUND EDMSG 'NOT FOUND'
         B     VERCUR0
* FIND TEXT: THE NEXT LINE STARTING WITH TEXT IN THE ZONE'S FIRST
* COLUMN; A BLANK IN TEXT MATCHES ANY CHARACTER
FIND     LA    R3,1(,R3)               TEXT FOLLOWS ONE BLANK
         CR    R3,R4
         BNL   EDBAD
         LR    R8,R4
         SR    R8,R3                   R8 = TEXT LENGTH
         LR    R7,R3
         SH    R7,=Y(UPBUF-INBUF)      R7 -> TEXT AS TYPED
         BAL   R10,ENDCHK
FINDNEXT BAL   R10,DOWN1
         LTR   R15,R15
         BNZ   NOTFOUND
         L     R1,CURP
         L     R2,EZONE1
         BCTR  R2,0
         LA    R2,NDATA(R2,R1)         -> ZONE START IN THE LINE
         LH    R9,NLEN(,R1)
         S     R9,EZONE1
         LA    R9,1(,R9)               LINE BYTES FROM THE ZONE START
         SR    R5,R5
FINDCH   CR    R5,R8
         BNL   VERCUR                  ALL MATCHED
         LA    R6,0(R5,R7)
         CLI   0(R6),C' '
         BE    FINDOK
         CR    R5,R9
         BNL   FINDNEXT                LINE TOO SHORT
         LA    R14,0(R5,R2)
         CLC   0(1,R14),0(R6)
         BNE   FINDNEXT
FINDOK   LA    R5,1(,R5)
         B     FINDCH
* CHANGE /A/B/ [N|*] [G]: A TO B IN N LINES FROM THE CURRENT ONE
CHANGE   BAL   R10,SKIPBL
         CR    R3,R4
         BNL   EDBAD
         BAL   R10,GETSTR
         LTR   R15,R15
         BNZ   EDBAD
         ST    R7,STR1P
         ST    R8,STR1L
         BCTR  R3,0                    THE SECOND STRING STARTS AT
         BAL   R10,GETSTR              THE MIDDLE DELIMITER
         LTR   R15,R15
         BNZ   EDBAD
         ST    R7,STR2P
         ST    R8,STR2L
         BAL   R10,GETCOUNT
         LTR   R15,R15
         BNZ   EDBAD
         ST    R1,CHGCOUNT
         MVI   CHGALL,0
         BAL   R10,GETWORD
         LTR   R5,R5
         BZ    CHGGO
         CLC   =C'G',0(R2)
         BNE   EDBAD
         C     R5,=F'1'
         BNE   EDBAD
         MVI   CHGALL,1
CHGGO    MVI   CHGANY,0
         L     R6,CHGCOUNT
         LTR   R6,R6
         BZ    EDLOOP
         BAL   R10,ENDCHK0             AT TOF OR EOF: NOTHING
         LTR   R15,R15
         BZ    CHGLINE
         EDMSG 'NOT FOUND'
         B     EDLOOP
CHGLINE  L     R1,CURP
         BAL   R10,CHGONE
         BCT   R6,CHGDOWN
         B     CHGDONE
CHGDOWN  BAL   R10,DOWN1
         LTR   R15,R15
         BZ    CHGLINE
         CLI   CHGANY,1                RAN INTO EOF
         BE    VERCUR0
         B     NOTFOUND
CHGDONE  CLI   CHGANY,1
         BE    EDLOOP
         EDMSG 'NOT FOUND'
         B     EDLOOP
* INPUT [LINE] / INSERT LINE: ONE LINE IN, OR INPUT MODE
INPUT    LA    R3,1(,R3)               THE LINE FOLLOWS ONE BLANK
         CR    R3,R4
         BNL   INMODE
INPUT1   LR    R5,R4
         SR    R5,R3                   ITS LENGTH
         LR    R2,R3
         SH    R2,=Y(UPBUF-INBUF)      -> IT AS TYPED
         LR    R3,R5
         BAL   R10,ADDLINE
         B     EDLOOP
INSERT   LA    R3,1(,R3)
         CR    R3,R4
         BNL   EDBAD
         B     INPUT1
* REPLACE [LINE]: THE CURRENT LINE BY LINE; WITHOUT ONE IT GOES AND
* INPUT MODE TAKES ITS PLACE
REPLACE  BAL   R10,ENDCHK0
         LTR   R15,R15
         BZ    REPL1
         LA    R3,1(,R3)               AT TOF/EOF: LIKE INPUT
         CR    R3,R4
         BNL   INMODE
         B     INPUT1
REPL1    L     R1,CURP
         L     R2,NPREV(,R1)
         ST    R2,CURP                 NEW LINE GOES AFTER ITS PREV
         BAL   R10,DELNODE
         LA    R3,1(,R3)
         CR    R3,R4
         BNL   INMODE
         B     INPUT1
* DELETE [N|*]: N LINES FROM THE CURRENT ONE; THE NEXT IS CURRENT
DELETE   BAL   R10,GETCOUNT
         LTR   R15,R15
         BNZ   EDBAD
         LR    R6,R1
         LTR   R6,R6
         BZ    EDLOOP
         BAL   R10,ENDCHK0
         LTR   R15,R15
         BNZ   EDLOOP                  NOTHING AT TOF/EOF
DEL1     L     R1,CURP
         L     R2,NNEXT(,R1)
         ST    R2,CURP
         BAL   R10,DELNODE
         LA    R1,TOFNODE
         C     R1,CURP
         BE    DELEOF
         BCT   R6,DEL1
         B     EDLOOP
DELEOF   MVI   ATEOF,1
         B     VERCUR
* DSTRING /STRING/: DELETE FROM THE CURRENT LINE UP TO (NOT INCLUDING)
* THE FIRST LINE HOLDING STRING IN THE ZONE, WHICH BECOMES CURRENT;
* NO SUCH LINE: TO THE END OF THE FILE
DSTRING  BAL   R10,SKIPBL
         CR    R3,R4
         BNL   EDBAD
         BAL   R10,GETSTR              R7 -> STRING, R8 = LENGTH
         LTR   R15,R15
         BNZ   EDBAD
         ST    R7,STR1P
         ST    R8,STR1L
         BAL   R10,ENDCHK0
         LTR   R15,R15
         BNZ   EDLOOP                  NOTHING AT TOF/EOF
DSTR1    L     R1,CURP
         BAL   R10,ZSEARCH
         LTR   R15,R15
         BZ    VERCUR                  FOUND: IT IS THE CURRENT LINE
         L     R1,CURP
         L     R2,NNEXT(,R1)
         ST    R2,CURP
         BAL   R10,DELNODE
         LA    R1,TOFNODE
         C     R1,CURP
         BE    DELEOF
         B     DSTR1
* OVERLAY TEXT / BLANK TEXT: EACH NON-BLANK CHARACTER OF TEXT (COLUMN
* 1 = THE LINE'S COLUMN 1) REPLACES / BLANKS THE LINE'S CHARACTER
OVERLAY  MVI   OVLBLANK,0
         B     OVL0
BLANK    MVI   OVLBLANK,1
OVL0     BAL   R10,ENDCHK0
         LTR   R15,R15
         BNZ   EDLOOP                  NOTHING AT TOF/EOF
         LA    R3,1(,R3)               TEXT FOLLOWS ONE BLANK
         CR    R3,R4
         BNL   EDLOOP
         LR    R8,R4
         SR    R8,R3                   R8 = TEXT LENGTH
         LR    R7,R3
         SH    R7,=Y(UPBUF-INBUF)      R7 -> TEXT AS TYPED
         L     R1,CURP
         SR    R5,R5                   COLUMN - 1
OVLLOOP  CR    R5,R8
         BNL   OVLDONE
         C     R5,ETRUNC
         BNL   OVLDONE
         LA    R6,0(R5,R7)
         CLI   0(R6),C' '
         BE    OVLNEXT
         LH    R9,NLEN(,R1)
         CLI   OVLBLANK,1
         BNE   OVLPAD
         CR    R5,R9                   BLANK: ONLY INSIDE THE LINE
         BNL   OVLNEXT
         LA    R14,NDATA(R5,R1)
         MVI   0(R14),C' '
         B     OVLNEXT
OVLPAD   CR    R5,R9                   OVERLAY: PAST THE END, PAD
         BL    OVLPUT
         LA    R14,NDATA(R9,R1)
         MVI   0(R14),C' '
         LA    R9,1(,R9)
         STH   R9,NLEN(,R1)
         B     OVLPAD
OVLPUT   LA    R14,NDATA(R5,R1)
         MVC   0(1,R14),0(R6)
OVLNEXT  LA    R5,1(,R5)
         B     OVLLOOP
OVLDONE  MVI   CHANGED,1
         B     VERCUR
* GETFILE FN [FT [FM [FIRST [COUNT|*]]]]: ANOTHER FILE'S RECORDS GO IN
* AFTER THE CURRENT LINE; THE LAST ONE BECOMES CURRENT
GETFILE  BAL   R10,GETWORD
         LTR   R5,R5
         BZ    EDBAD
         C     R5,=F'8'
         BH    EDBAD
         MVC   GETID,=CL8' '
         MVC   GETID+8(8),EFT
         MVC   GETID+16(2),=CL2'* '
         BCTR  R5,0
         EX    R5,GETFNMV
         BAL   R10,GETWORD
         LTR   R5,R5
         BZ    GETNUMS
         C     R5,=F'8'
         BH    EDBAD
         MVC   GETID+8(8),=CL8' '
         BCTR  R5,0
         EX    R5,GETFTMV
         BAL   R10,GETWORD
         LTR   R5,R5
         BZ    GETNUMS
         C     R5,=F'2'
         BH    EDBAD
         MVC   GETID+16(2),=CL2' '
         BCTR  R5,0
         EX    R5,GETFMMV
GETNUMS  BAL   R10,GETNUM              FIRST RECORD (DEFAULT 1)
         LTR   R15,R15
         BNZ   EDBAD
         LTR   R1,R1
         BNZ   *+8
         LA    R1,1
         C     R1,=F'65535'
         BH    EDBAD
         STH   R1,GETFIRST
         BAL   R10,GETNUM              HOW MANY (DEFAULT ALL)
         LTR   R15,R15
         BNZ   EDBAD
         LTR   R1,R1
         BNZ   *+8
         L     R1,=X'7FFFFFFF'
         ST    R1,GETLEFT
         MVI   GETANY,0
GETREC   L     R1,GETLEFT
         LTR   R1,R1
         BZ    GETEND
         XC    EDFSCB,EDFSCB
         MVC   EDFSCB(8),=CL8'RDBUF'
         MVC   EDFSCB+FSCBFN-FSCBD(16),GETID
         MVC   EDFSCB+FSCBFM-FSCBD(2),GETID+16
         MVC   EDFSCB+FSCBITNO-FSCBD(2),GETFIRST
         XC    GETFIRST,GETFIRST       THEN THE NEXT ONES
         LA    R1,WORKLINE
         ST    R1,EDFSCB+FSCBBUFF-FSCBD
         LA    R1,MAXLRECL
         ST    R1,EDFSCB+FSCBSIZE-FSCBD
         MVC   EDFSCB+FSCBNOIT-FSCBD(2),=H'1'
         LA    R1,EDFSCB
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'
         BE    GETEND
         C     R15,=F'1'
         BE    GETNOTF
         LTR   R15,R15
         BZ    GETGOT
         C     R15,=F'8'
         BNE   GETERR
GETGOT   LR    R3,R0
         C     R3,=A(MAXLRECL)
         BNH   *+8
         LA    R3,MAXLRECL
GETTRIM  LTR   R3,R3
         BNP   GETADD
         LA    R4,WORKLINE-1(R3)
         CLI   0(R4),C' '
         BNE   GETADD
         BCTR  R3,0
         B     GETTRIM
GETADD   LA    R2,WORKLINE
         BAL   R10,ADDLINE
         LTR   R15,R15
         BNZ   GETEND
         MVI   GETANY,1
         L     R1,GETLEFT
         BCTR  R1,0
         ST    R1,GETLEFT
         B     GETREC
GETEND   BAL   R10,GETFINIS
         CLI   GETANY,1
         BE    VERCUR
         EDMSG 'EOF:'                  NOTHING THERE TO GET
         B     EDLOOP
GETNOTF  BAL   R10,GETFINIS
         CMSMSG 'DMSEDI002E FILE NOT FOUND',INSERT=GETID
         B     EDLOOP
GETERR   BAL   R10,GETFINIS
         CMSMSG 'DMSEDI104S ERROR READING FILE',INSERT=GETID
         B     EDLOOP
GETFNMV  MVC   GETID(0),0(R2)
GETFTMV  MVC   GETID+8(0),0(R2)
GETFMMV  MVC   GETID+16(0),0(R2)
GETFINIS XC    EDFSCB,EDFSCB
         MVC   EDFSCB(8),=CL8'FINIS'
         MVC   EDFSCB+FSCBFN-FSCBD(16),GETID
         MVC   EDFSCB+FSCBFM-FSCBD(2),GETID+16
         LA    R1,EDFSCB
         SVC   202
         DC    AL4(1)
         BR    R10
* FILE [FN [FT [FM]]] / SAVE [FN [FT [FM]]] / QUIT
FILE     BAL   R10,NEWFID
         LTR   R15,R15
         BNZ   EDBAD
         BAL   R10,WRITFILE
         LTR   R15,R15
         BNZ   EDLOOP                  NOT WRITTEN: STAY
         SR    R15,R15
         B     EDEXIT
SAVE     BAL   R10,NEWFID
         LTR   R15,R15
         BNZ   EDBAD
         BAL   R10,WRITFILE
         B     EDLOOP
QUIT     SR    R15,R15
         B     EDEXIT
* VERIFY [ON|OFF], LONG, SHORT
VERIFYC  BAL   R10,ONOFF
         LTR   R15,R15
         BNZ   EDBAD
         STC   R1,VERIFY
         B     EDLOOP
LONG     MVI   LONGF,1
         B     EDLOOP
SHORT    MVI   LONGF,0
         B     EDLOOP
* CASE U|M
CASE     BAL   R10,GETWORD
         C     R5,=F'1'
         BNE   EDBAD
         MVI   CASEU,1
         CLI   0(R2),C'U'
         BE    EDLOOP
         MVI   CASEU,0
         CLI   0(R2),C'M'
         BE    EDLOOP
         MVI   CASEU,1
         B     EDBAD
* ZONE [N [M|*]]: COLUMNS SEARCHED BY LOCATE, FIND, CHANGE
ZONE     BAL   R10,GETNUM
         LTR   R15,R15
         BNZ   EDBAD
         LTR   R1,R1
         BNZ   *+8
         LA    R1,1                    NONE: 1
         LR    R8,R1
         BAL   R10,GETNUM
         LTR   R15,R15
         BNZ   EDBAD
         LTR   R1,R1
         BNZ   *+8
         L     R1,ETRUNC               NONE: TO THE TRUNCATION COLUMN
         C     R1,ELRECL
         BNH   *+8
         L     R1,ELRECL               * IS THE RECORD LENGTH
         CR    R8,R1
         BH    EDBAD
         ST    R8,EZONE1
         ST    R1,EZONE2
         B     EDLOOP
* TRUNC [N|*]: COLUMN AFTER WHICH INPUT IS CUT
TRUNC    BAL   R10,GETNUM
         LTR   R15,R15
         BNZ   EDBAD
         LTR   R1,R1
         BZ    EDBAD
         C     R1,ELRECL
         BNH   *+8
         L     R1,ELRECL
         ST    R1,ETRUNC
         B     EDLOOP
* SERIAL [OFF|ON|XXX [INCR]]: SEQUENCE NUMBERS IN COLUMNS 73-80 ON
* FILE/SAVE (F 80 FILES); XXX IS THE IDENTIFIER, THE FIRST THREE
* CHARACTERS OF THE FILENAME BY DEFAULT
SERIAL   BAL   R10,GETWORD
         LTR   R5,R5
         BZ    SERON
         C     R5,=F'3'
         BH    EDBAD
         CLC   =C'OFF',0(R2)
         BNE   SERNOFF
         C     R5,=F'3'
         BNE   SERNOFF
         MVI   ESERIAL,0
         B     EDLOOP
SERNOFF  CLC   =C'ON',0(R2)
         BNE   SERID
         C     R5,=F'2'
         BE    SERON
SERID    MVC   ESERID,=CL3' '
         BCTR  R5,0
         EX    R5,SERIDMV
SERINC   BAL   R10,GETNUM
         LTR   R15,R15
         BNZ   EDBAD
         LTR   R1,R1
         BNZ   *+8
         LA    R1,10
         ST    R1,ESERINC
         MVI   ESERIAL,1
         B     EDLOOP
SERON    MVC   ESERID,EFN
         B     SERINC
SERIDMV  MVC   ESERID(0),0(R2)
* RECFM F|V
RECFM    BAL   R10,GETWORD
         C     R5,=F'1'
         BNE   EDBAD
         CLI   0(R2),C'F'
         BE    RECFM1
         CLI   0(R2),C'V'
         BNE   EDBAD
RECFM1   MVC   ERECFM,0(R2)
         B     EDLOOP
* LRECL N: RECORD LENGTH (1-MAXLRECL)
LRECL    BAL   R10,GETNUM
         LTR   R15,R15
         BNZ   EDBAD
         LTR   R1,R1
         BZ    EDBAD
         C     R1,=A(MAXLRECL)
         BH    EDBAD
         ST    R1,ELRECL
         C     R1,ETRUNC
         BNL   EDLOOP
         ST    R1,ETRUNC
         B     EDLOOP
*
* VERCUR: WITH VERIFY ON TYPE THE CURRENT LINE; VERCUR0 ALWAYS
VERCUR   CLI   VERIFY,1
         BNE   EDLOOP
VERCUR0  BAL   R10,TYPECUR
         B     EDLOOP
*
*---------------------------------------------------------------------
* SUBROUTINES (BAL R10; R9 IS THE SECOND-LEVEL LINK)
*---------------------------------------------------------------------
* READLN: READ A CONSOLE LINE AS TYPED INTO INBUF.  R0 = INLEN.
READLN   CLI   DISPMODE,1
         BNE   READLN1
         ST    R10,DSPLINK
         BAL   R10,DISPSCR
         L     R10,DSPLINK
READLN1  LA    R1,RDPLIST
         SVC   202
         DC    AL4(1)
         STH   R0,INLEN
         BR    R10
*
* PREPLINE: CASE U TRANSLATES INBUF; UPBUF = INBUF IN UPPER CASE;
* R3 -> UPBUF, R4 -> ITS END.
PREPLINE LH    R4,INLEN
         LTR   R4,R4
         BZ    PREPEND
         BCTR  R4,0
         L     R14,=V(DMSUPPER)
         CLI   CASEU,1
         BNE   PREPUP
         EX    R4,PREPTRI
PREPUP   EX    R4,PREPMV
         EX    R4,PREPTRU
PREPEND  LA    R3,UPBUF
         LH    R4,INLEN
         LA    R4,UPBUF(R4)
         BR    R10
PREPTRI  TR    INBUF(0),0(R14)
PREPMV   MVC   UPBUF(0),INBUF
PREPTRU  TR    UPBUF(0),0(R14)
*
* SKIPBL: R3 PAST BLANKS (NOT BEYOND R4)
SKIPBL   CR    R3,R4
         BNLR  R10
         CLI   0(R3),C' '
         BNER  R10
         LA    R3,1(,R3)
         B     SKIPBL
*
* GETWORD: THE NEXT WORD FROM R3: R2 -> IT, R5 = LENGTH (0: NONE);
* A WORD ENDS AT A BLANK OR A /.  R3 -> AFTER IT.
GETWORD  CR    R3,R4
         BNL   GETW0
         CLI   0(R3),C' '
         BNE   GETW1
         LA    R3,1(,R3)
         B     GETWORD
GETW1    LR    R2,R3
GETW2    LA    R3,1(,R3)
         CR    R3,R4
         BNL   GETW3
         CLI   0(R3),C' '
         BE    GETW3
         CLI   0(R3),C'/'
         BE    GETW3
         B     GETW2
GETW3    LR    R5,R3
         SR    R5,R2
         BR    R10
GETW0    LR    R2,R3
         SR    R5,R5
         BR    R10
*
* GETNUM: THE NEXT WORD AS A NUMBER: R1 = IT (0: NO WORD; * GIVES
* X'7FFFFFFF').  R15 = 0, OR 4 IF IT IS NOT A NUMBER.
GETNUM   LR    R9,R10
         BAL   R10,GETWORD
         LR    R10,R9
         SR    R1,R1
         SR    R15,R15
         LTR   R5,R5
         BZR   R10
         CLI   0(R2),C'*'
         BNE   GETNUM1
         C     R5,=F'1'
         BNE   GETNUMX
         L     R1,=X'7FFFFFFF'
         BR    R10
GETNUM1  C     R5,=F'8'
         BH    GETNUMX
         LR    R6,R2
         LR    R7,R5
GETNUM2  CLI   0(R6),C'0'
         BL    GETNUMX
         CLI   0(R6),C'9'
         BH    GETNUMX
         LA    R6,1(,R6)
         BCT   R7,GETNUM2
         BCTR  R5,0
         EX    R5,GETNUMPK
         CVB   R1,DWORK
         BR    R10
GETNUMX  LA    R15,4
         BR    R10
GETNUMPK PACK  DWORK,0(0,R2)
*
* GETCOUNT: GETNUM WITH A DEFAULT OF 1
GETCOUNT LR    R8,R10
         BAL   R10,GETNUM
         LR    R10,R8
         LTR   R15,R15
         BNZR  R10
         LTR   R1,R1
         BNZR  R10
         LA    R1,1
         BR    R10
*
* ONOFF: THE NEXT WORD ON (R1 = 1) OR OFF (R1 = 0); R15 = 4 IF BAD.
* NO WORD IS ON.
ONOFF    LR    R9,R10
         BAL   R10,GETWORD
         LR    R10,R9
         LA    R1,1
         SR    R15,R15
         LTR   R5,R5
         BZR   R10
         C     R5,=F'2'
         BNE   ONOFF3
         CLC   =C'ON',0(R2)
         BER   R10
         B     ONOFFX
ONOFF3   C     R5,=F'3'
         BNE   ONOFFX
         SR    R1,R1
         CLC   =C'OFF',0(R2)
         BER   R10
ONOFFX   LA    R15,4
         BR    R10
*
* GETSTR: A DELIMITED STRING AT R3 (THE DELIMITER IS THE CHARACTER
* THERE): R7 -> THE STRING IN INBUF, R8 = LENGTH; R3 -> AFTER THE
* CLOSING DELIMITER (OR THE END).  R15 = 4 IF R3 IS AT THE END.
GETSTR   LA    R15,4
         CR    R3,R4
         BNLR  R10
         SR    R15,R15
         MVC   STRDELIM,0(R3)
         LA    R3,1(,R3)
         LR    R7,R3
GETSTR1  CR    R3,R4
         BNL   GETSTR2
         CLC   0(1,R3),STRDELIM
         BE    GETSTR2
         LA    R3,1(,R3)
         B     GETSTR1
GETSTR2  LR    R8,R3
         SR    R8,R7
         SH    R7,=Y(UPBUF-INBUF)
         CR    R3,R4
         BNLR  R10
         LA    R3,1(,R3)
         BR    R10
*
* ENDCHK: A POINTER MOVE FROM EOF STARTS AGAIN AT TOF (AS IF FROM THE
* TOP); ENDCHK0: R15 = 4 WHEN THE CURRENT LINE IS TOF OR EOF.
ENDCHK   CLI   ATEOF,1
         BNER  R10
         MVI   ATEOF,0
         BR    R10
ENDCHK0  SR    R15,R15
         LA    R1,TOFNODE
         C     R1,CURP
         BNER  R10
         LA    R15,4
         BR    R10
*
* DOWN1: ONE LINE DOWN; R15 = 4 (AND ATEOF) WHEN THAT IS EOF
DOWN1    SR    R15,R15
         CLI   ATEOF,1
         BE    DOWN1E
         L     R1,CURP
         L     R1,NNEXT(,R1)
         ST    R1,CURP
         LA    R14,TOFNODE
         CR    R1,R14
         BNER  R10
         MVI   ATEOF,1
DOWN1E   LA    R15,4
         BR    R10
*
* UP1LINE: ONE LINE UP; R15 = 4 WHEN THAT IS TOF
UP1LINE  SR    R15,R15
         L     R1,CURP
         CLI   ATEOF,1
         BNE   UP1A
         MVI   ATEOF,0
         L     R1,TOFNODE+NPREV        FROM EOF: THE LAST LINE
         B     UP1B
UP1A     LA    R14,TOFNODE
         CR    R1,R14
         BE    UP1E
         L     R1,NPREV(,R1)
UP1B     ST    R1,CURP
         LA    R14,TOFNODE
         CR    R1,R14
         BNER  R10
UP1E     LA    R15,4
         BR    R10
*
* TYPECUR: TYPE THE CURRENT LINE (TOF: / EOF: FOR THE SENTINEL)
TYPECUR  CLI   DISPMODE,1
         BER   R10
         L     R1,CURP
         LA    R14,TOFNODE
         CR    R1,R14
         BE    TYPEND
         LA    R2,NDATA(,R1)
         LH    R3,NLEN(,R1)
         LR    R8,R10
         WRTERM (R2),(R3)
         BR    R8
TYPEND   LR    R8,R10
         CLI   ATEOF,1
         BE    TYPEEOF
         WRTERM 'TOF:'
         BR    R8
TYPEEOF  WRTERM 'EOF:'
         BR    R8
*
* ADDLINE: A NEW LINE (R2 -> TEXT, R3 = LENGTH, CUT AT TRUNC) AFTER
* THE CURRENT ONE (AT EOF: AFTER THE LAST); IT BECOMES CURRENT.
* R15 = 0, OR 4 WITH A MESSAGE WHEN THERE IS NO STORAGE.
ADDLINE  C     R3,ETRUNC
         BNH   *+8
         L     R3,ETRUNC
         LR    R9,R10
         DMSFREE DWORDS=NODEDW
         LR    R10,R9
         LTR   R15,R15
         BNZ   ADDNOST
         STH   R3,NLEN(,R1)
         LTR   R3,R3
         BZ    ADDLINK
         BCTR  R3,0
         EX    R3,ADDMOVE
ADDLINK  L     R5,CURP
         CLI   ATEOF,1
         BNE   *+8
         L     R5,TOFNODE+NPREV
         MVI   ATEOF,0
         L     R6,NNEXT(,R5)           R5 <-> R1 <-> R6
         ST    R6,NNEXT(,R1)
         ST    R5,NPREV(,R1)
         ST    R1,NNEXT(,R5)
         ST    R1,NPREV(,R6)
         ST    R1,CURP
         MVI   CHANGED,1
         SR    R15,R15
         BR    R10
ADDNOST  LR    R8,R10
         CMSMSG 'DMSEDI132S NO MORE STORAGE TO INSERT LINES'
         LA    R15,4
         BR    R8
ADDMOVE  MVC   NDATA(0,R1),0(R2)
*
* DELNODE: UNCHAIN LINE R1 AND GIVE ITS STORAGE BACK
DELNODE  L     R5,NPREV(,R1)
         L     R7,NNEXT(,R1)
         ST    R7,NNEXT(,R5)
         ST    R5,NPREV(,R7)
         MVI   CHANGED,1
         LR    R9,R10
         DMSFRET DWORDS=NODEDW,LOC=(1)
         LR    R10,R9
         BR    R10
*
* FREEALL: GIVE EVERY LINE BACK
FREEALL  LR    R8,R10
FREEALL1 L     R1,TOFNODE+NNEXT
         LA    R14,TOFNODE
         CR    R1,R14
         BE    FREEALL2
         BAL   R10,DELNODE
         B     FREEALL1
FREEALL2 BR    R8
*
* ZSEARCH: IS STRING STR1P/STR1L IN LINE R1 WITHIN THE ZONE?
* R15 = 0 AND R2 -> THE FIRST MATCH; OR 4.
ZSEARCH  L     R2,EZONE1
         BCTR  R2,0
         LA    R2,NDATA(R2,R1)         FIRST POSITION
         LH    R5,NLEN(,R1)
         C     R5,EZONE2
         BNH   *+8
         L     R5,EZONE2
         LA    R5,NDATA(R5,R1)         END OF THE ZONE
         L     R6,STR1L
         SR    R5,R6                   LAST START POSITION
         L     R7,STR1P
         LTR   R6,R6
         BZ    ZSFOUND                 NULL STRING: AT THE START
         BCTR  R6,0
ZSLOOP   CR    R2,R5
         BH    ZSNOT
         EX    R6,ZSCLC
         BE    ZSFOUND
         LA    R2,1(,R2)
         B     ZSLOOP
ZSFOUND  SR    R15,R15
         BR    R10
ZSNOT    LA    R15,4
         BR    R10
ZSCLC    CLC   0(0,R2),0(R7)
*
* CHGONE: CHANGE STR1 TO STR2 IN LINE R1 (ONCE, OR ALL WITH CHGALL);
* SET CHGANY AND TYPE THE LINE (VERIFY) IF IT CHANGED.  R6 KEPT.
CHGONE   ST    R10,CHGLINK
         ST    R6,CHGR6
         LR    R4,R1                   R4 -> THE LINE
         MVI   CHGHIT,0
         L     R2,EZONE1
         BCTR  R2,0
         LA    R2,NDATA(R2,R4)         SEARCH FROM HERE
CHGFIND  LR    R1,R4
         ST    R2,CHGFROM
         BAL   R10,ZSFROM
         LTR   R15,R15
         BNZ   CHGEND
*                                      R2 -> MATCH: BUILD THE NEW TEXT
         MVI   CHGHIT,1
         LA    R3,NDATA(,R4)
         LR    R5,R2
         SR    R5,R3                   BYTES BEFORE THE MATCH
         LA    R8,WORKLINE
         LTR   R5,R5
         BZ    CHGB1
         BCTR  R5,0
         EX    R5,CHGMV1
         LA    R8,1(R5,R8)
CHGB1    L     R5,STR2L                THE NEW STRING
         LTR   R5,R5
         BZ    CHGB2
         L     R7,STR2P
         BCTR  R5,0
         EX    R5,CHGMV2
         LA    R8,1(R5,R8)
CHGB2    LR    R9,R8                   -> AFTER THE NEW STRING
         LA    R7,WORKLINE
         SR    R9,R7
         A     R2,STR1L                REST OF THE OLD LINE
         LH    R5,NLEN(,R4)
         LA    R5,NDATA(R5,R4)
         SR    R5,R2
         BNP   CHGB3
         BCTR  R5,0
         EX    R5,CHGMV3
         LA    R8,1(R5,R8)
CHGB3    LA    R7,WORKLINE
         SR    R8,R7                   NEW LENGTH
         C     R8,ETRUNC
         BNH   *+8
         L     R8,ETRUNC
         C     R9,ETRUNC
         BNH   *+8
         L     R9,ETRUNC
         STH   R8,NLEN(,R4)
         LTR   R8,R8
         BZ    CHGB4
         BCTR  R8,0
         EX    R8,CHGMV4
CHGB4    MVI   CHANGED,1
         CLI   CHGALL,1
         BNE   CHGEND
         LA    R2,NDATA(R9,R4)         GO ON AFTER THE NEW STRING
         L     R5,STR1L
         LTR   R5,R5
         BNZ   CHGFIND
CHGEND   CLI   CHGHIT,1
         BNE   CHGRET
         MVI   CHGANY,1
         CLI   VERIFY,1
         BNE   CHGRET
         BAL   R10,TYPECUR
CHGRET   L     R6,CHGR6
         L     R10,CHGLINK
         BR    R10
CHGMV1   MVC   0(0,R8),0(R3)
CHGMV2   MVC   0(0,R8),0(R7)
CHGMV3   MVC   0(0,R8),0(R2)
CHGMV4   MVC   NDATA(0,R4),WORKLINE
*
* ZSFROM: AS ZSEARCH BUT FROM R2 (INSIDE LINE R1) ON
ZSFROM   LH    R5,NLEN(,R1)
         C     R5,EZONE2
         BNH   *+8
         L     R5,EZONE2
         LA    R5,NDATA(R5,R1)
         L     R6,STR1L
         SR    R5,R6
         L     R7,STR1P
         LTR   R6,R6
         BNZ   ZSFROM1
         CR    R2,R5                   NULL STRING: AT R2 IF INSIDE
         BH    ZSNOT
         B     ZSFOUND
ZSFROM1  BCTR  R6,0
         B     ZSLOOP
*
* NEWFID: FILE/SAVE OPERANDS FN [FT [FM]] REPLACE THE FILE ID
NEWFID   LR    R9,R10
         BAL   R10,GETWORD
         LTR   R5,R5
         BZ    NEWFIDOK
         C     R5,=F'8'
         BH    NEWFIDX
         MVC   EFN,=CL8' '
         BCTR  R5,0
         EX    R5,NEWFNMV
         BAL   R10,GETWORD
         LTR   R5,R5
         BZ    NEWFIDOK
         C     R5,=F'8'
         BH    NEWFIDX
         MVC   EFT,=CL8' '
         BCTR  R5,0
         EX    R5,NEWFTMV
         BAL   R10,GETWORD
         LTR   R5,R5
         BZ    NEWFIDOK
         C     R5,=F'2'
         BH    NEWFIDX
         MVC   EFM,=CL2'A1'
         MVC   EFM(1),0(R2)
         C     R5,=F'2'
         BNE   NEWFIDOK
         MVC   EFM+1(1),1(R2)
NEWFIDOK SR    R15,R15
         LR    R10,R9
         BR    R10
NEWFIDX  LA    R15,4
         LR    R10,R9
         BR    R10
NEWFNMV  MVC   EFN(0),0(R2)
NEWFTMV  MVC   EFT(0),0(R2)
*
* READFILE: EVERY RECORD OF EFN EFT EFM BECOMES A LINE (RDBUF UNTIL
* END OF FILE, THEN FINIS).  F RECORDS LOSE THEIR TRAILING BLANKS.
* R15 = 0, OR 100 WITH A MESSAGE.
READFILE ST    R10,RWLINK
         LA    R1,TOFNODE
         ST    R1,CURP
         MVI   ATEOF,0
RDNEXT   XC    EDFSCB,EDFSCB
         MVC   EDFSCB(8),=CL8'RDBUF'
         MVC   EDFSCB+FSCBFN-FSCBD(16),EFN
         MVC   EDFSCB+FSCBFM-FSCBD(2),EFM
         LA    R1,WORKLINE
         ST    R1,EDFSCB+FSCBBUFF-FSCBD
         LA    R1,MAXLRECL
         ST    R1,EDFSCB+FSCBSIZE-FSCBD
         MVC   EDFSCB+FSCBNOIT-FSCBD(2),=H'1'
         LA    R1,EDFSCB
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'
         BE    RDEOF
         LTR   R15,R15
         BZ    RDGOT
         C     R15,=F'8'               LONGER THAN MAXLRECL: CUT
         BNE   RDERR
RDGOT    LR    R3,R0                   BYTES READ
         C     R3,=A(MAXLRECL)
         BNH   *+8
         LA    R3,MAXLRECL
         CLI   ESERIAL,1               SERIAL NUMBERS ARE NOT TEXT:
         BNE   RDTRIM                  THEY ARE MADE AGAIN ON FILE
         CLI   ERECFM,C'F'
         BNE   RDTRIM
         CLC   ELRECL,=F'80'
         BL    RDTRIM
         C     R3,=A(SERCOL-1)
         BNH   RDTRIM
         LA    R3,SERCOL-1
RDTRIM   LTR   R3,R3                   DROP TRAILING BLANKS
         BNP   RDADD
         LA    R4,WORKLINE-1(R3)
         CLI   0(R4),C' '
         BNE   RDADD
         BCTR  R3,0
         B     RDTRIM
RDADD    LA    R2,WORKLINE
         L     R10,ETRUNC              KEEP THE WHOLE RECORD
         MVC   ETRUNC,ELRECL
         ST    R10,RWTRUNC
         BAL   R10,ADDLINE
         MVC   ETRUNC,RWTRUNC
         LTR   R15,R15
         BZ    RDNEXT
         LA    R15,41
         B     RDRET
RDEOF    BAL   R10,FINIS
         SR    R15,R15
         MVI   CHANGED,0
         B     RDRET
RDERR    CMSMSG 'DMSEDI104S ERROR READING FILE',INSERT=EFN
         BAL   R10,FINIS
         LA    R15,100
RDRET    L     R10,RWLINK
         BR    R10
*
* WRITFILE: ERASE THE OLD FILE, WRBUF EVERY LINE, FINIS.  F RECORDS
* ARE PADDED TO LRECL; SERIAL NUMBERS GO IN COLUMNS 73-80.
* R15 = 0, OR THE WRBUF CODE WITH A MESSAGE.
WRITFILE ST    R10,RWLINK
         XC    EDFSCB,EDFSCB
         MVC   EDFSCB(8),=CL8'ERASE'
         MVC   EDFSCB+FSCBFN-FSCBD(16),EFN
         MVC   EDFSCB+FSCBFM-FSCBD(2),EFM
         LA    R1,EDFSCB
         SVC   202
         DC    AL4(1)
         SR    R8,R8                   SERIAL NUMBER
         L     R4,TOFNODE+NNEXT
WRLINE   LA    R14,TOFNODE
         CR    R4,R14
         BE    WRDONE
         MVI   WORKLINE,C' '           A BLANK RECORD
         MVC   WORKLINE+1(MAXLRECL-1),WORKLINE
         LH    R3,NLEN(,R4)
         LTR   R3,R3
         BZ    WRPAD
         BCTR  R3,0
         EX    R3,WRMOVE
         LA    R3,1(,R3)
WRPAD    CLI   ERECFM,C'V'
         BE    WRVAR
         L     R3,ELRECL               F: THE WHOLE RECORD
         CLI   ESERIAL,1
         BNE   WRIT
         C     R3,=F'80'
         BL    WRIT
         A     R8,ESERINC
         MVC   WORKLINE+SERCOL-1(3),ESERID
         CVD   R8,DWORK
         UNPK  WORKLINE+SERCOL+2(5),DWORK+5(3)
         OI    WORKLINE+SERCOL+6,X'F0'
         B     WRIT
WRVAR    LTR   R3,R3                   V: AT LEAST ONE BYTE
         BNZ   WRIT
         LA    R3,1
WRIT     XC    EDFSCB,EDFSCB
         MVC   EDFSCB(8),=CL8'WRBUF'
         MVC   EDFSCB+FSCBFN-FSCBD(16),EFN
         MVC   EDFSCB+FSCBFM-FSCBD(2),EFM
         LA    R1,WORKLINE
         ST    R1,EDFSCB+FSCBBUFF-FSCBD
         ST    R3,EDFSCB+FSCBSIZE-FSCBD
         MVC   EDFSCB+FSCBFV-FSCBD(1),ERECFM
         MVC   EDFSCB+FSCBNOIT-FSCBD(2),=H'1'
         LA    R1,EDFSCB
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   WRERR
         L     R4,NNEXT(,R4)
         B     WRLINE
WRDONE   BAL   R10,FINIS
         MVI   CHANGED,0
         SR    R15,R15
         B     WRRET
WRERR    ST    R15,EDRC
         BAL   R10,FINIS
         CMSMSG 'DMSEDI105S ERROR WRITING FILE',INSERT=EFN
         L     R15,EDRC
WRRET    L     R10,RWLINK
         BR    R10
WRMOVE   MVC   WORKLINE(0),NDATA(R4)
*
* FINIS: CLOSE EFN EFT EFM
FINIS    XC    EDFSCB,EDFSCB
         MVC   EDFSCB(8),=CL8'FINIS'
         MVC   EDFSCB+FSCBFN-FSCBD(16),EFN
         MVC   EDFSCB+FSCBFM-FSCBD(2),EFM
         LA    R1,EDFSCB
         SVC   202
         DC    AL4(1)
         BR    R10
*
* MSG: R2 -> TEXT, R3 = LENGTH.  LINE MODE TYPES IT; DISPLAY MODE
* ADDS IT TO THE SCREEN'S MESSAGE LINE (TWO BLANKS BETWEEN MESSAGES)
* FOR THE NEXT DISPLAY.  LINK R14; R0 R1 R15 CHANGED.
MSG      CLI   DISPMODE,1
         BE    MSGDSP
         WRTERM (R2),(R3)
         BR    R14
MSGDSP   STM   R5,R7,MSGSAVE
         LH    R5,MSGLEN
         LTR   R5,R5
         BZ    *+8
         LA    R5,2(,R5)
         LA    R6,L'MSGLINE
         SR    R6,R5                   ROOM LEFT
         CR    R6,R3
         BNH   *+6
         LR    R6,R3
         LTR   R6,R6
         BNP   MSGRET
         LA    R7,MSGLINE(R5)
         AR    R5,R6
         STH   R5,MSGLEN
         BCTR  R6,0
         EX    R6,MSGMOVE
MSGRET   LM    R5,R7,MSGSAVE
         BR    R14
MSGMOVE  MVC   0(0,R7),0(R2)
*
* DISPSCR: DISPLAY MODE (DIAGNOSE X'58', CCW X'19': THE 22 LINES OF
* CP'S OUTPUT AREA IN ONE WRITE, ERASED FIRST; SY20-0887 'CMS
* INTERFACE FOR DISPLAY TERMINALS').  THE SCREEN (LAYOUT OURS, THE
* R6 ONE UNVERIFIED):
*   LINE 0      FN FT FM, SIZE= LINES IN THE FILE, LINE= CURRENT ONE
*   LINE 1      COLUMN SCALE
*   LINES 2-10  THE LINES BEFORE THE CURRENT ONE (OR TOF:)
*   LINE 11     THE CURRENT LINE (TOF: / EOF: AT THE ENDS)
*   LINES 12-20 THE LINES AFTER IT (OR EOF:)
*   LINE 21     MESSAGES AND PROMPTS SINCE THE LAST DISPLAY
* THE SUBCOMMAND IS TYPED IN CP'S INPUT AREA AND READ WITH WAITRD.
DISPSCR  ST    R10,DSPLINK2
         L     R8,ASCREEN
         LR    R2,R8
         LA    R3,SCRROWS
DSPBLANK MVI   0(R2),C' '
         MVC   1(SCRWIDTH-1,R2),0(R2)
         LA    R2,SCRWIDTH(,R2)
         BCT   R3,DSPBLANK
         MVC   0(8,R8),EFN             LINE 0: THE FILE
         MVC   9(8,R8),EFT
         MVC   18(2,R8),EFM
         LA    R4,TOFNODE              COUNT: R5 LINES, R6 CURRENT
         SR    R5,R5
         SR    R6,R6
         LR    R1,R4
DSPCOUNT L     R1,NNEXT(,R1)
         CR    R1,R4
         BE    DSPCNTE
         LA    R5,1(,R5)
         C     R1,CURP
         BNE   DSPCOUNT
         LR    R6,R5
         B     DSPCOUNT
DSPCNTE  CLI   ATEOF,1
         BNE   *+8
         LA    R6,1(,R5)               EOF: AFTER THE LAST
         MVC   24(5,R8),=C'SIZE='
         CVD   R5,DWORK
         UNPK  29(5,R8),DWORK+5(3)
         OI    33(R8),X'F0'
         MVC   36(5,R8),=C'LINE='
         CVD   R6,DWORK
         UNPK  41(5,R8),DWORK+5(3)
         OI    45(R8),X'F0'
         MVC   SCRWIDTH(SCRWIDTH,R8),SCALE
*                                      ABOVE THE CURRENT LINE
         L     R1,CURP
         LA    R2,(CURROW-1)*SCRWIDTH(,R8)
         LA    R6,CURROW-2
         CR    R1,R4
         BNE   DSPUP
         CLI   ATEOF,1
         BNE   DSPCUR                  TOF: NOTHING ABOVE
DSPUP    L     R1,NPREV(,R1)
         CR    R1,R4
         BE    DSPUPT
         BAL   R9,PUTLINE
         S     R2,=A(SCRWIDTH)
         BCT   R6,DSPUP
         B     DSPCUR
DSPUPT   MVC   0(4,R2),=C'TOF:'
*                                      THE CURRENT LINE
DSPCUR   L     R1,CURP
         LA    R2,CURROW*SCRWIDTH(,R8)
         CR    R1,R4
         BNE   DSPCURL
         CLI   ATEOF,1
         BE    DSPCEOF
         MVC   0(4,R2),=C'TOF:'
         B     DSPDOWN0
DSPCEOF  MVC   0(4,R2),=C'EOF:'
         B     DSPMSG                  NOTHING BELOW EOF
DSPCURL  BAL   R9,PUTLINE
*                                      BELOW IT
DSPDOWN0 L     R1,CURP
         LA    R2,(CURROW+1)*SCRWIDTH(,R8)
         LA    R6,MSGROW-CURROW-1
DSPDOWN  L     R1,NNEXT(,R1)
         CR    R1,R4
         BE    DSPDNE
         BAL   R9,PUTLINE
         LA    R2,SCRWIDTH(,R2)
         BCT   R6,DSPDOWN
         B     DSPMSG
DSPDNE   MVC   0(4,R2),=C'EOF:'
DSPMSG   MVC   MSGROW*SCRWIDTH(SCRWIDTH,R8),MSGLINE
         MVI   MSGLINE,C' '            MESSAGES SHOWN
         MVC   MSGLINE+1(L'MSGLINE-1),MSGLINE
         XC    MSGLEN,MSGLEN
         STCM  R8,7,DSPCCW+1
         LA    R2,DSPCCW
         LH    R3,CONSADDR
         DIAG  R2,R3,X'58'
         L     R10,DSPLINK2
         BR    R10
*
* PUTLINE: THE TEXT OF LINE R1 (AT MOST SCRWIDTH BYTES) TO R2.  R9.
PUTLINE  LH    R3,NLEN(,R1)
         C     R3,=A(SCRWIDTH)
         BNH   *+8
         LA    R3,SCRWIDTH
         LTR   R3,R3
         BZR   R9
         BCTR  R3,0
         EX    R3,PUTMOVE
         BR    R9
PUTMOVE  MVC   0(0,R2),NDATA(R1)
*
* FTDFLT: SETTINGS FOR THE FILETYPE (EDFTTAB; THE LAST ROW FOR ANY
* OTHER).  FILETYPE DEFAULTS AS LISTED IN GC20-1805 (UNVERIFIED).
FTDFLT   LA    R1,EDFTTAB
FTDFLT1  CLI   0(R1),C' '
         BE    FTDFLT2
         CLC   EFT,0(R1)
         BE    FTDFLT2
         LA    R1,FTROWL(,R1)
         B     FTDFLT1
FTDFLT2  MVC   ERECFM,8(R1)
         MVC   CASEU,9(R1)
         MVC   ESERIAL,10(R1)
         LH    R2,12(,R1)
         ST    R2,ELRECL
         LH    R2,14(,R1)
         ST    R2,ETRUNC
         ST    R2,EZONE2
         LA    R2,1
         ST    R2,EZONE1
         MVC   ESERID,EFN
         LA    R2,10
         ST    R2,ESERINC
         BR    R10
*
*---------------------------------------------------------------------
* TABLES AND WORK AREAS
*---------------------------------------------------------------------
* EDCMD: ONE SUBCOMMAND: NAME, MINIMUM ABBREVIATION, ROUTINE
         MACRO
&L       EDCMD &NAME,&MIN,&ROUTINE
&L       DC    CL8'&NAME',H'&MIN',H'0',A(&ROUTINE)
         MEND
EDCMDTAB DS    0F
         EDCMD BLANK,2,BLANK
         EDCMD BOTTOM,1,BOTTOM
         EDCMD CASE,4,CASE
         EDCMD CHANGE,1,CHANGE
         EDCMD DELETE,2,DELETE
         EDCMD DSTRING,2,DSTRING
         EDCMD FILE,2,FILE
         EDCMD FIND,1,FIND
         EDCMD FMODE,2,FMODE
         EDCMD FNAME,2,FNAME
         EDCMD GETFILE,1,GETFILE
         EDCMD INPUT,1,INPUT
         EDCMD INSERT,6,INSERT
         EDCMD LOCATE,1,LOCATE
         EDCMD LONG,4,LONG
         EDCMD LRECL,5,LRECL
         EDCMD NEXT,1,NEXT
         EDCMD OVERLAY,1,OVERLAY
         EDCMD PRESERVE,4,PRESERVE
         EDCMD QUIT,1,QUIT
         EDCMD RECFM,5,RECFM
         EDCMD REPLACE,1,REPLACE
         EDCMD RESTORE,4,RESTORE
         EDCMD SAVE,4,SAVE
         EDCMD SERIAL,3,SERIAL
         EDCMD SHORT,5,SHORT
         EDCMD STACK,3,STACK
         EDCMD TOP,3,TOP
         EDCMD TRUNC,2,TRUNC
         EDCMD TYPE,1,TYPE
         EDCMD UP,1,UP
         EDCMD VERIFY,1,VERIFYC
         EDCMD X,1,XSUB
         EDCMD Y,1,YSUB
         EDCMD ZONE,1,ZONE
         DC    X'FF'
CMDROWL  EQU   16
*
* EDFTTAB: FILETYPE, RECFM, CASE U (1) / M (0), SERIAL, LRECL, TRUNC
         MACRO
&L       EDFT  &FT,&RECFM,&CASE,&SER,&LRECL,&TRUNC
&L       DC    CL8'&FT',C'&RECFM',AL1(&CASE),AL1(&SER),AL1(0)
         DC    H'&LRECL',H'&TRUNC'
         MEND
EDFTTAB  DS    0H
         EDFT  ASSEMBLE,F,1,1,80,71
         EDFT  MACRO,F,1,1,80,71
         EDFT  COBOL,F,1,1,80,72
         EDFT  FORTRAN,F,1,1,80,72
         EDFT  PLI,F,1,1,80,72
         EDFT  SCRIPT,V,0,0,132,132
         EDFT  MEMO,F,0,0,80,80
         DC    CL8' ',C'F',AL1(1),AL1(0),AL1(0),H'80',H'80'  OTHERS
FTROWL   EQU   16
*
MAXLRECL EQU   160                     LONGEST LINE
SERCOL   EQU   73                      SERIAL NUMBERS: COLUMNS 73-80
NODEDW   EQU   (12+MAXLRECL+7)/8       DOUBLEWORDS A LINE NODE
NNEXT    EQU   0                       -> NEXT LINE (OR TOFNODE)
NPREV    EQU   4                       -> PREVIOUS LINE
NLEN     EQU   8                       TEXT LENGTH (HALFWORD)
NDATA    EQU   12                      TEXT
*
RDPLIST  DC    CL8'WAITRD',X'01',AL3(INBUF),C' ',AL3(130)
ATTNPL   DC    CL8'ATTN',CL4'FIFO',AL1(0),AL3(0)
* PRESTAB: WHAT PRESERVE SAVES: A(SETTING), H'LENGTH-1', H'0'
PRESTAB  DC    A(ETRUNC),H'15',H'0'    ETRUNC EZONE1 EZONE2 ESERINC
         DC    A(EFN),H'7',H'0'
         DC    A(EFM),H'5',H'0'        EFM ESERID ERECFM
         DC    A(VERIFY),H'2',H'0'     VERIFY LONGF CASEU
         DC    A(ESERIAL),H'0',H'0'
         DC    X'FF'
PRESLEN  EQU   16+8+6+3+1
CLASSGRF EQU   X'40'                   DIAG X'24' CLASS: A 3270
SCRWIDTH EQU   80                      CP'S OUTPUT AREA: 22 LINES
SCRROWS  EQU   22
CURROW   EQU   11                      THE CURRENT LINE'S ROW
MSGROW   EQU   21                      THE MESSAGE ROW
         DS    0D
DSPCCW   DC    X'19',AL3(0),X'20',X'80',AL2(SCRROWS*SCRWIDTH)
DSPCLEAR DC    X'19',AL3(ONEBLANK),X'20',X'80',AL2(1)
SCALE    DC    C'|...+....1....+....2....+....3....+....4....+....5'
         DC    C'....+....6....+....7....+....8'
ONEBLANK DC    C' '
DSPLINK  DS    A
DSPLINK2 DS    A
MSGSAVE  DS    3F
MSGLEN   DS    H
DISPMODE DS    X                       1: A 3270, DISPLAY MODE
MSGLINE  DS    CL(SCRWIDTH)
ASCREEN  DS    A                       -> THE SCREEN (DMSFREE)
SCRDW    EQU   SCRROWS*SCRWIDTH/8
         DS    0F
TOFNODE  DC    A(0,0),H'0',H'0'        THE SENTINEL LINE
CURP     DS    A                       -> CURRENT LINE
EDCALLER DS    A                       CALLER'S SAVE AREA
EDRC     DS    F
RWLINK   DS    A
RWTRUNC  DS    F
CHGLINK  DS    A
CHGR6    DS    F
CHGFROM  DS    A
CHGCOUNT DS    F
STR1P    DS    A                       SEARCH STRING
STR1L    DS    F
STR2P    DS    A                       REPLACEMENT STRING
STR2L    DS    F
ELRECL   DS    F
ETRUNC   DS    F
EZONE1   DS    F
EZONE2   DS    F
ESERINC  DS    F
EFN      DS    CL8                     FILE ID (EFN EFT EFM ADJACENT)
EFT      DS    CL8
EFM      DS    CL2
ESERID   DS    CL3
ERECFM   DS    C
EFMGIVEN DS    X
ATEOF    DS    X                       1: THE SENTINEL IS EOF
VERIFY   DS    X
LONGF    DS    X
CASEU    DS    X
CHANGED  DS    X
ESERIAL  DS    X
CHGALL   DS    X
CHGANY   DS    X
CHGHIT   DS    X
STRDELIM DS    C
OVLBLANK DS    X                       1: BLANK, 0: OVERLAY
GETANY   DS    X
GETFIRST DS    H
GETLEFT  DS    F
GETID    DS    CL18                    GETFILE'S FN FT FM
INLEN    DS    H
LASTLEN  DS    H
         LTORG
         DS    0F
EDFSCB   DS    XL(FSCBLEN)
INBUF    DS    CL136                   THE LINE AS TYPED
UPBUF    DS    CL136                   IN UPPER CASE, SAME OFFSETS
LASTCMD  DS    CL136
REPLEFT  DC    F'0'                    X/Y: REPEATS STILL TO DO
REPSLOT  DS    A                       -> XSLOT OR YSLOT
PRESSET  DC    X'0'                    1: PRESERVE HAS SAVED
PRESAVE  DS    XL(PRESLEN)             THE SETTINGS PRESERVE SAVED
WORKLINE DS    (2*MAXLRECL+136)C
* BEYOND THE BASE REGISTERS: REACHED THROUGH ADDRESS CONSTANTS
XSLOT    DC    H'0',CL136' '           X'S SUBCOMMAND: LENGTH, TEXT
YSLOT    DC    H'0',CL136' '           Y'S
         LTORG
         NUCON
         END
