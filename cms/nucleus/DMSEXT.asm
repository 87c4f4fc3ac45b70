*---------------------------------------------------------------------
* DMSEXT - THE EXEC INTERPRETER (EXEC 1 LANGUAGE)
*
* FUNCTION: EXEC FN ARGS... - RUNS THE FILE FN EXEC (FIRST FOUND IN
*           MODE LETTER ORDER, DMSLFS) AS AN EXEC 1 PROCEDURE
*           (SPEC CMS.MD 5; GC20-1818 EXEC STATEMENTS).  THE FILE IS
*           READ WHOLE INTO FREE STORAGE (DMSDIO, AT MOST 60 DATA
*           BLOCKS); THE WORK AREA (EXECWORK) IS FREE STORAGE TOO,
*           SO EXECS NEST.  EACH LINE (COLUMNS 1-72) IS SCANNED INTO
*           8-CHARACTER TOKENS ( AND ) ARE TOKENS OF THEIR OWN):
*             * ...           A COMMENT
*             -LABEL [STMT]   A LABEL, THEN AN OPTIONAL STATEMENT
*             &NAME = ...     AN ASSIGNMENT: A TOKEN, A + - * /
*                             EXPRESSION, OR &CONCAT &LENGTH &SUBSTR
*                             &DATATYPE &LITERAL
*             &WORD ...       A CONTROL STATEMENT (CTLTAB)
*             ANYTHING ELSE   A CMS COMMAND: THE TOKENS, VARIABLES
*                             SUBSTITUTED AND NULL ONES DROPPED, ARE
*                             THE PLIST OF AN SVC 202; ITS RC GOES TO
*                             &RETCODE.  (FROM AN EXEC NEITHER
*                             IMPLIED EXEC NOR IMPLIED CP APPLIES:
*                             GC20-1807 FIGURE 28 NOTES 1 AND 3.)
*           BEFORE EVERY STATEMENT DMSATNCK LOOKS FOR AN IMMEDIATE
*           COMMAND (HX HT RT).
* CALL:     SVC 202, R1 -> CL8'EXEC',CL8'FN',ARGS...,8X'FF'
* EXIT:     R15 = THE &EXIT CODE, 0 AT THE END OF THE FILE; 24 NO
*           FILENAME; 28 NO SUCH FILE; 104 NO STORAGE; 100 A READ
*           FAILED; 88 FILE TOO LARGE.  AN ERROR IN A STATEMENT
*           TYPES DMSEXT072E AND ENDS THE EXEC WITH RC 72
*           (MESSAGE TEXT AND CODE UNVERIFIED).
* NOT YET:  &TIME (ACCEPTED), &PUNCH &BEGPUNCH &BEGPRINT, &HEX,
*           X'&SYM, &TRUNC, &DOS, &DISK* AND &DISK?, PACK.
*---------------------------------------------------------------------
         EXECWORK
         ADT
         FST
DMSEXT   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSEXT,R12,R11
         STM   R14,R12,12(R13)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         LR    R9,R1                   -> PLIST
         CLI   8(R9),X'FF'
         BE    EXNOFN
         DMSFREE DWORDS=EXWDWS
         LTR   R15,R15
         BNZ   EXNOSTOR
         LR    R10,R1
         USING EXWHEAD,R10
         LA    R0,EXWDWS
         ST    R0,EXWSIZE
         MVC   EXWPREV,EXECCHN         CHAIN IT
         ST    R10,EXECCHN
         L     R1,EXECLVL
         LA    R1,1(,R1)
         ST    R1,EXECLVL
         ST    R1,EXWLEVEL
         MVI   EXWCTL,CTLCMS           &CONTROL CMS
         MVC   EXWARGS(8),8(R9)        &0
         LA    R2,16(,R9)
         LA    R3,EXWARGS+8
         SR    R4,R4
EXARG    CLI   0(R2),X'FF'
         BE    EXARGEND
         C     R4,=F'30'
         BNL   EXARGEND
         MVC   0(8,R3),0(R2)
         LA    R2,8(,R2)
         LA    R3,8(,R3)
         LA    R4,1(,R4)
         B     EXARG
EXARGEND ST    R4,EXWNARG
         MVC   PREVEXEC,LASTEXEC
         MVC   LASTEXEC,8(R9)
         MVC   EXWFID(8),8(R9)         FIND FN EXEC
         MVC   EXWFID+8(8),=CL8'EXEC'
         MVC   EXWFID+16(8),=CL8'*'
         LA    R1,EXWFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   EXNOTF
         ST    R1,EXWADT
         USING FSTD,R2
         MVC   EXWRECFM,FSTRECFM
         MVC   EXWLRECL,FSTLRECL
         LH    R3,FSTRECCT
         N     R3,=F'65535'
         ST    R3,EXWRECS
         LH    R4,FSTBLKCT
         N     R4,=F'65535'
         LH    R5,FSTFCLPT
         N     R5,=F'65535'
         DROP  R2
         C     R4,=F'60'
         BH    EXTOOBIG
         LTR   R4,R4
         BZ    EXSTART                 AN EMPTY FILE
         LR    R0,R4
         MH    R0,=H'100'              800 BYTES A BLOCK
         ST    R0,EXWBUFDW
         DMSFREE DWORDS=(R0)
         LTR   R15,R15
         BNZ   EXNOSTOR
         ST    R1,EXWBUF
         LR    R0,R5                   THE FIRST CHAIN LINK
         L     R1,EXWADT
         LA    R2,EXWCHAIN
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   EXIOERR
         LA    R6,EXWCHAIN+80          ITS DATA BLOCK NUMBERS
         L     R7,EXWBUF
EXRDBLK  LH    R0,0(,R6)
         N     R0,=F'65535'
         L     R1,EXWADT
         LR    R2,R7
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   EXIOERR
         LA    R6,2(,R6)
         LA    R7,800(,R7)
         BCT   R4,EXRDBLK
EXSTART  LA    R1,1
         ST    R1,EXWLINE
*
* THE STATEMENT LOOP
EXNEXT   L     R15,=V(DMSATNCK)        IMMEDIATE COMMANDS
         BALR  R14,R15
         MVI   EXWINERR,0
         BAL   R14,GETLINE
         LTR   R15,R15
         BNZ   EXEOF
         CLI   EXWBEG,0
         BNE   EXBEGLN
         LA    R2,EXWTXT
         L     R3,EXWTLEN
         LA    R4,EXWTOK
         BAL   R9,TOKENIZ
         ST    R5,EXWNTOK
         LTR   R6,R5
         BZ    EXLOOPCK                A BLANK LINE
         LA    R5,EXWTOK
         CLI   0(R5),C'*'
         BE    EXLOOPCK                A COMMENT
         CLI   0(R5),C'-'
         BNE   EXSTMT
         LA    R5,8(,R5)               A LABEL
         BCT   R6,EXSTMT
         B     EXLOOPCK
* ONE STATEMENT: R5 -> ITS FIRST TOKEN, R6 = NUMBER OF TOKENS
EXSTMT   ST    R5,EXWSTMT
         ST    R6,EXWSTN
         CLI   EXWCTL,CTLALL
         BNE   EXSTMT1
         LA    R7,EXWPL                &CONTROL ALL: SHOW IT
         LA    R3,CTLTAB
EXSHOW1  CLI   0(R3),X'FF'
         BE    EXSHOW3
         CLC   0(8,R3),0(R5)
         BE    EXSHOW2
         LA    R3,12(,R3)
         B     EXSHOW1
EXSHOW2  MVC   EXWPL(8),0(R5)          A CONTROL WORD: AS IT IS
         LA    R7,EXWPL+8
         LA    R5,8(,R5)
         BCTR  R6,0
EXSHOW3  BAL   R14,SUBPLAT
         BAL   R14,PLTYPE
         L     R5,EXWSTMT
         L     R6,EXWSTN
EXSTMT1  CLI   0(R5),C'&&'
         BNE   EXCMD
         C     R6,=F'2'
         BL    EXCTLW
         CLC   8(8,R5),=CL8'='
         BE    EXASSIGN
EXCTLW   LA    R3,CTLTAB
EXCTLW1  CLI   0(R3),X'FF'
         BE    EXCMD                   A VARIABLE: A COMMAND
         CLC   0(8,R3),0(R5)
         BE    EXCTLGO
         LA    R3,12(,R3)
         B     EXCTLW1
EXCTLGO  L     R15,8(,R3)
         BR    R15
*                                      AFTER A LINE: &LOOP ENDS
EXLOOPCK L     R1,EXWCUR
         LTR   R1,R1
         BZ    EXNEXT                  A LINE FROM THE CONSOLE
ELCHECK  L     R2,EXWNLOOP
         LTR   R2,R2
         BZ    EXNEXT
         BCTR  R2,0
         MH    R2,=Y(EXWLPLEN)
         LA    R3,EXWLOOPS(R2)         THE INNERMOST LOOP
         ST    R3,EXWLPTR
         C     R1,LPEND(,R3)
         BNE   EXNEXT
         L     R4,LPCOUNT(,R3)
         LTR   R4,R4
         BM    ELCOND
         BCTR  R4,0
         ST    R4,LPCOUNT(,R3)
         LTR   R4,R4
         BZ    ELPOP
ELAGAIN  L     R3,EXWLPTR
         L     R1,LPSTART(,R3)
         BAL   R8,SETLINE
         B     EXNEXT
ELCOND   LA    R5,LPCOND(,R3)
         BAL   R7,EVALIF
         LTR   R15,R15
         BNZ   ELAGAIN                 NOT YET TRUE
ELPOP    L     R2,EXWNLOOP
         BCTR  R2,0
         ST    R2,EXWNLOOP
         L     R1,EXWCUR
         B     ELCHECK                 AN OUTER ONE MAY END HERE
*                                      END OF FILE: RC 0
EXEOF    SR    R9,R9
*                                      END THE EXEC WITH RC R9
EXEND    L     R3,EXWBUF
         LTR   R3,R3
         BZ    EXENDW
         L     R0,EXWBUFDW
         DMSFRET DWORDS=(R0),LOC=(R3)
EXENDW   MVC   EXECCHN,EXWPREV
         L     R1,EXECLVL
         BCTR  R1,0
         ST    R1,EXECLVL
         L     R0,EXWSIZE
         DMSFRET DWORDS=(R0),LOC=(R10)
         LR    R15,R9
EXRET    L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
EXNOFN   CMSMSG 'DMSEXT001E NO FILENAME SPECIFIED'
         LA    R15,24
         B     EXRET
EXNOSTOR LA    R9,104
         LTR   R10,R10
         BNZ   EXEND
         LR    R15,R9
         B     EXRET
EXNOTF   CMSMSG 'DMSEXT002E FILE NOT FOUND',INSERT=EXWFID
         LA    R9,28
         B     EXEND
EXIOERR  CMSMSG 'DMSEXT104S ERROR READING FILE',INSERT=EXWFID
         LA    R9,100
         B     EXEND
EXTOOBIG CMSMSG 'DMSEXT088E FILE TOO LARGE',INSERT=EXWFID
         LA    R9,88
         B     EXEND
*                                      AN ERROR IN A STATEMENT
EXSYNTAX MVC   OUTLINE(30),=C'DMSEXT072E ERROR IN EXEC FILE '
         MVC   OUTLINE+30(8),EXWARGS
         LA    R2,OUTLINE+30
EXSYN1   CLI   0(R2),C' '
         BE    EXSYN2
         LA    R2,1(,R2)
         B     EXSYN1
EXSYN2   MVC   0(7,R2),=C', LINE '
         L     R1,EXWCUR
         BAL   R8,FMTNUM
         MVC   7(8,R2),EXWVAL
         LA    R3,15(,R2)
         LA    R2,OUTLINE
         SR    R3,R2
         L     R15,ADMSERR
         BALR  R14,R15
         LA    R9,72
         B     EXEND
*
* A COMMAND: SUBSTITUTE, DROP NULL TOKENS, SVC 202
EXCMD    BAL   R14,SUBPL
         LA    R1,EXWPL
         CR    R7,R1
         BE    EXLOOPCK                NOTHING LEFT
         CLI   EXWCTL,CTLCMS
         BL    EXCMD1
         CLI   EXWCTL,CTLALL
         BE    EXCMD1                  SHOWN ALREADY
         BAL   R14,PLTYPE              &CONTROL CMS: SHOW IT
EXCMD1   LA    R1,EXWPL
         SVC   202
         DC    AL4(1)
         ST    R15,EXWRC
         LTR   R15,R15
         BZ    EXLOOPCK
         CLI   EXWCTL,CTLERR
         BNE   EXCMD2
         BAL   R14,PLTYPE              &CONTROL ERROR: SHOW IT NOW
EXCMD2   CLI   EXWINERR,0
         BNE   EXLOOPCK
         L     R6,EXWERRN
         LTR   R6,R6
         BZ    EXLOOPCK
         MVI   EXWINERR,1              RUN THE &ERROR STATEMENT
         LR    R1,R6
         SLL   R1,3
         BCTR  R1,0
         EX    R1,EXERRMVC
         LA    R5,EXWTOK
         B     EXSTMT
EXERRMVC MVC   EXWTOK(0),EXWERRT
*
* &NAME = ...
EXASSIGN MVC   EXWNAME,0(R5)
         LA    R2,16(,R5)
         S     R6,=F'2'
         MVC   EXWVAL,=CL8' '
         LTR   R6,R6
         BNP   EASET
         LA    R3,FUNTAB
EAFUN    CLI   0(R3),X'FF'
         BE    EAEXPR
         CLC   0(8,R3),0(R2)
         BE    EAFUNGO
         LA    R3,12(,R3)
         B     EAFUN
EAFUNGO  L     R15,8(,R3)
         LA    R2,8(,R2)               -> ITS OPERANDS
         BCTR  R6,0
         BR    R15
EAEXPR   BAL   R9,SUBST
         C     R6,=F'1'
         BE    EASET                   ONE TOKEN
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
         ST    R1,EXWACC
EALOOP   LA    R2,8(,R2)
         BCTR  R6,0
         LTR   R6,R6
         BZ    EAEND
         MVC   EXWOP,0(R2)
         C     R6,=F'2'
         BL    EXSYNTAX
         LA    R2,8(,R2)
         BCTR  R6,0
         BAL   R9,SUBST
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
         LR    R3,R1
         L     R1,EXWACC
         CLC   EXWOP+1(7),=CL8' '
         BNE   EXSYNTAX
         CLI   EXWOP,C'+'
         BNE   EAMINUS
         AR    R1,R3
         B     EASTORE
EAMINUS  CLI   EXWOP,C'-'
         BNE   EATIMES
         SR    R1,R3
         B     EASTORE
EATIMES  CLI   EXWOP,C'*'
         BNE   EADIVIDE
         MR    R0,R3
         B     EASTORE
EADIVIDE CLI   EXWOP,C'/'
         BNE   EXSYNTAX
         LTR   R3,R3
         BZ    EXSYNTAX
         LR    R0,R1
         SRDA  R0,32
         DR    R0,R3
EASTORE  ST    R1,EXWACC
         B     EALOOP
EAEND    L     R1,EXWACC
         BAL   R8,FMTNUM
EASET    BAL   R9,SETVAR
         B     EXLOOPCK
*                                      &CONCAT A B ...
EACONCAT MVC   EXWTMP2,=CL8' '
         LA    R7,EXWTMP2
EACONC1  LTR   R6,R6
         BNP   EACONC3
         BAL   R9,SUBST
         LA    R4,EXWVAL
EACONC2  LA    R1,EXWTMP2+8
         CR    R7,R1
         BNL   EACONC3                 8 CHARACTERS: FULL
         LA    R1,EXWVAL+8
         CR    R4,R1
         BNL   EACONC4
         CLI   0(R4),C' '
         BE    EACONC4
         MVC   0(1,R7),0(R4)
         LA    R7,1(,R7)
         LA    R4,1(,R4)
         B     EACONC2
EACONC4  LA    R2,8(,R2)
         BCTR  R6,0
         B     EACONC1
EACONC3  MVC   EXWVAL,EXWTMP2
         B     EASET
*                                      &LENGTH A
EALENGTH BAL   R9,SUBST
         BAL   R14,VALLEN
         BAL   R8,FMTNUM
         B     EASET
*                                      &DATATYPE A
EADATATY BAL   R9,SUBST
         BAL   R8,NUMVAL
         MVC   EXWVAL,=CL8'NUM'
         LTR   R15,R15
         BZ    EASET
         MVC   EXWVAL,=CL8'ALPHA'
         B     EASET
*                                      &LITERAL A
EALITERL MVC   EXWVAL,0(R2)
         B     EASET
*                                      &SUBSTR A I [J]
EASUBSTR C     R6,=F'2'
         BL    EXSYNTAX
         BAL   R9,SUBST
         MVC   EXWTMP2,EXWVAL
         LA    R2,8(,R2)
         BAL   R9,SUBST
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
         LTR   R1,R1
         BNP   EXSYNTAX
         ST    R1,EXWNA                I
         LA    R1,8
         C     R6,=F'3'
         BL    EASUB1
         LA    R2,8(,R2)
         BAL   R9,SUBST
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
EASUB1   MVC   EXWVAL,=CL8' '
         L     R4,EXWNA
         LA    R5,9
         SR    R5,R4                   LEFT IN THE TOKEN FROM I
         BNP   EASET
         CR    R1,R5
         BNH   *+6
         LR    R1,R5
         LTR   R1,R1
         BNP   EASET
         BCTR  R1,0
         LA    R4,EXWTMP2-1(R4)
         EX    R1,EASUBMVC
         B     EASET
EASUBMVC MVC   EXWVAL(0),0(R4)
*
* &IF A OP B STATEMENT
EXIF     C     R6,=F'5'
         BL    EXSYNTAX
         LA    R5,8(,R5)
         BAL   R7,EVALIF
         C     R15,=F'8'
         BE    EXSYNTAX
         LTR   R15,R15
         BNZ   EXLOOPCK
         L     R5,EXWSTMT
         L     R6,EXWSTN
         LA    R5,32(,R5)
         S     R6,=F'4'
         B     EXSTMT
*
* &GOTO -LABEL | TOP | N
EXGOTO   C     R6,=F'2'
         BL    EXSYNTAX
         LA    R2,8(,R5)
         BAL   R9,SUBST
         LA    R1,1
         CLC   EXWVAL,=CL8'TOP'
         BE    EXGOTO2
         CLI   EXWVAL,C'-'
         BE    EXGOTOL
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
         B     EXGOTO2
EXGOTOL  BAL   R7,FINDLAB
         LTR   R15,R15
         BNZ   EXSYNTAX
EXGOTO2  XC    EXWNLOOP,EXWNLOOP       LEAVE EVERY LOOP
         BAL   R8,SETLINE
         B     EXNEXT
*
* &SKIP [N]
EXSKIP   LA    R1,1
         C     R6,=F'2'
         BL    EXSKIP2
         LA    R2,8(,R5)
         BAL   R9,SUBST
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
EXSKIP2  A     R1,EXWLINE
         BAL   R8,SETLINE
         B     EXNEXT
*
* &LOOP N|-LABEL M   OR   &LOOP N|-LABEL A OP B
EXLOOP   C     R6,=F'3'
         BL    EXSYNTAX
         L     R1,EXWNLOOP
         C     R1,=A(EXWMAXL)
         BNL   EXSYNTAX
         LA    R2,8(,R5)
         BAL   R9,SUBST
         CLI   EXWVAL,C'-'
         BE    ELPLAB
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
         A     R1,EXWCUR               THE LAST LINE OF THE BODY
         B     ELPGOT
ELPLAB   BAL   R7,FINDLAB
         LTR   R15,R15
         BNZ   EXSYNTAX
ELPGOT   ST    R1,EXWLEND
         L     R5,EXWSTMT
         L     R6,EXWSTN
         C     R6,=F'3'
         BH    ELPCOND
         LA    R2,16(,R5)              A COUNT
         BAL   R9,SUBST
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
         LTR   R1,R1
         BNP   ELPSKIP                 0 TIMES
         B     ELPPUSH
ELPCOND  LA    R5,16(,R5)              A CONDITION, TESTED FIRST
         BAL   R7,EVALIF
         C     R15,=F'8'
         BE    EXSYNTAX
         LTR   R15,R15
         BZ    ELPSKIP
         L     R1,=F'-1'
ELPPUSH  L     R2,EXWNLOOP
         LR    R3,R2
         MH    R3,=Y(EXWLPLEN)
         LA    R3,EXWLOOPS(R3)
         LA    R2,1(,R2)
         ST    R2,EXWNLOOP
         ST    R1,LPCOUNT(,R3)
         L     R1,EXWCUR
         LA    R1,1(,R1)
         ST    R1,LPSTART(,R3)
         MVC   LPEND(4,R3),EXWLEND
         L     R5,EXWSTMT
         MVC   LPCOND(24,R3),16(R5)
         B     EXNEXT
ELPSKIP  L     R1,EXWLEND
         LA    R1,1(,R1)
         BAL   R8,SETLINE
         B     EXNEXT
*
* &EXIT [RC]
EXEXIT   SR    R9,R9
         C     R6,=F'2'
         BL    EXEND
         LA    R2,8(,R5)
         BAL   R9,SUBST
         BAL   R8,NUMVAL
         SR    R9,R9
         LTR   R15,R15
         BNZ   EXEND
         LR    R9,R1
         B     EXEND
*
* &ERROR STATEMENT
EXERROR  BCTR  R6,0
         ST    R6,EXWERRN
         LTR   R6,R6
         BNP   EXERR0
         CLC   8(8,R5),=CL8'&&CONTINUE'
         BE    EXERR0
         C     R6,=A(EXWMAXT)
         BH    EXSYNTAX
         LR    R1,R6
         SLL   R1,3
         BCTR  R1,0
         EX    R1,EXERRCPY
         B     EXLOOPCK
EXERR0   XC    EXWERRN,EXWERRN
         B     EXLOOPCK
EXERRCPY MVC   EXWERRT(0),8(R5)
*
* &TYPE TOKENS / &EMSG TOKENS
EXTYPE   LA    R5,8(,R5)
         BCTR  R6,0
         BAL   R14,SUBPL
         BAL   R14,PLTYPE
         B     EXLOOPCK
*
* &SPACE [N]
EXSPACE  LA    R1,1
         C     R6,=F'2'
         BL    EXSPACE2
         LA    R2,8(,R5)
         BAL   R9,SUBST
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
EXSPACE2 LTR   R4,R1
         BNP   EXLOOPCK
EXSPACE3 LA    R2,EXWOUT
         SR    R3,R3
         WRTERM (R2),(R3)
         BCT   R4,EXSPACE3
         B     EXLOOPCK
*
* &STACK [FIFO|LIFO] TOKENS
EXSTACK  MVC   EXWDIR,=C'FIFO'
         LA    R5,8(,R5)
         BCTR  R6,0
         LTR   R6,R6
         BNP   EXSTACK2
         CLC   0(8,R5),=CL8'FIFO'
         BE    EXSTACK1
         CLC   0(8,R5),=CL8'LIFO'
         BNE   EXSTACK2
EXSTACK1 MVC   EXWDIR,0(R5)
         LA    R5,8(,R5)
         BCTR  R6,0
EXSTACK2 BAL   R14,SUBPL
         BAL   R14,PLJOIN
         BAL   R14,STACKIT
         B     EXLOOPCK
*
* &BEGSTACK [FIFO|LIFO] [ALL]  /  &BEGTYPE [ALL]
EXBEGSTK MVI   EXWBEG,1
         B     EXBEGOPT
EXBEGTYP MVI   EXWBEG,2
EXBEGOPT MVI   EXWBEGF,0
EXBEGO1  LA    R5,8(,R5)
         BCT   R6,EXBEGO2
         B     EXLOOPCK
EXBEGO2  CLC   0(8,R5),=CL8'ALL'
         BNE   EXBEGO3
         OI    EXWBEGF,BEGALL
EXBEGO3  CLC   0(8,R5),=CL8'LIFO'
         BNE   EXBEGO1
         OI    EXWBEGF,BEGLIFO
         B     EXBEGO1
*                                      A LINE UNTIL &END
EXBEGLN  CLC   EXWTXT(5),=C'&&END '
         BE    EXBEGEND
         LA    R2,EXWTXT
         L     R3,EXWTLEN
EXBEGTR  LTR   R3,R3                   DROP TRAILING BLANKS
         BNP   EXBEGGO
         LA    R1,EXWTXT-1(R3)
         CLI   0(R1),C' '
         BNE   EXBEGGO
         BCTR  R3,0
         B     EXBEGTR
EXBEGGO  CLI   EXWBEG,2
         BE    EXBEGTY
         MVC   EXWDIR,=C'FIFO'
         TM    EXWBEGF,BEGLIFO
         BZ    *+10
         MVC   EXWDIR,=C'LIFO'
         BAL   R14,STACKIT
         B     EXLOOPCK
EXBEGTY  WRTERM (R2),(R3)
         B     EXLOOPCK
EXBEGEND MVI   EXWBEG,0
         MVI   EXWBEGF,0
         B     EXLOOPCK
*
* &ARGS TOKENS
EXARGS   LA    R5,8(,R5)
         BCTR  R6,0
         BAL   R14,SUBPL
         LA    R2,EXWPL
         BAL   R14,SETARGS
         B     EXLOOPCK
*
* &READ [N | ARGS | VARS &V1 ...]
EXREAD   LA    R1,1
         C     R6,=F'2'
         BL    EXREADN
         CLC   8(8,R5),=CL8'ARGS'
         BE    EXREADA
         CLC   8(8,R5),=CL8'VARS'
         BE    EXREADV
         LA    R2,8(,R5)
         BAL   R9,SUBST
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   EXSYNTAX
EXREADN  ST    R1,EXWREADN             THE NEXT N LINES FROM THE
         B     EXLOOPCK                CONSOLE ARE STATEMENTS
EXREADA  BAL   R8,READLN               NEW ARGUMENTS
         LA    R2,EXWTXT
         L     R3,EXWTLEN
         LA    R4,EXWRTOK
         BAL   R9,TOKENIZ
         LA    R2,EXWRTOK
         BAL   R14,SETARGS
         B     EXLOOPCK
EXREADV  BAL   R8,READLN               INTO VARIABLES
         LA    R2,EXWTXT
         L     R3,EXWTLEN
         LA    R4,EXWRTOK
         BAL   R9,TOKENIZ
         L     R5,EXWSTMT
         L     R6,EXWSTN
         LA    R5,16(,R5)
         S     R6,=F'2'
         BNP   EXLOOPCK
         LA    R4,EXWRTOK
EXREADV1 MVC   EXWNAME,0(R5)
         MVC   EXWVAL,=CL8' '
         CLI   0(R4),X'FF'
         BE    EXREADV2
         MVC   EXWVAL,0(R4)
         LA    R4,8(,R4)
EXREADV2 ST    R4,EXWIFP
         BAL   R9,SETVAR
         L     R4,EXWIFP
         LA    R5,8(,R5)
         BCT   R6,EXREADV1
         B     EXLOOPCK
*
* &CONTROL OPTIONS
EXCONTRL LA    R5,8(,R5)
         BCT   R6,EXCTL1
         B     EXLOOPCK
EXCTL1   LA    R3,CTLOPTS
EXCTL2   CLI   0(R3),X'FF'
         BE    EXSYNTAX
         CLC   0(8,R3),0(R5)
         BE    EXCTL3
         LA    R3,9(,R3)
         B     EXCTL2
EXCTL3   CLI   8(R3),X'FF'
         BE    EXCONTRL                ACCEPTED, NO EFFECT HERE
         MVC   EXWCTL,8(R3)
         B     EXCONTRL
*
* &CONTINUE, &TIME, &END ALONE: NOTHING TO DO
EXNOP    B     EXLOOPCK
*
*---------------------------------------------------------------------
* GETLINE: THE NEXT LINE -> EXWTXT, EXWTLEN; EXWCUR = ITS NUMBER (0
* FOR A CONSOLE LINE OF &READ N).  R15 = 0, 4 AT THE END OF THE FILE.
* R14 = RETURN (KEPT IN EXWL1).  USES R0-R4, R8.
GETLINE  ST    R14,EXWL1
         MVI   EXWTXT,C' '
         MVC   EXWTXT+1(L'EXWTXT-1),EXWTXT
         L     R1,EXWREADN
         LTR   R1,R1
         BZ    GETFILE
         BCTR  R1,0
         ST    R1,EXWREADN
         BAL   R8,READLN
         XC    EXWCUR,EXWCUR
         B     GETOK
GETFILE  L     R1,EXWLINE
         C     R1,EXWRECS
         BH    GETEOF
         ST    R1,EXWCUR
         LA    R1,1(,R1)
         ST    R1,EXWLINE
         L     R3,EXWBUF
         A     R3,EXWOFF               -> THE RECORD
         CLI   EXWRECFM,C'V'
         BE    GETV
         L     R4,EXWLRECL
         LR    R0,R4
         B     GETCOPY
GETV     LH    R4,0(,R3)
         N     R4,=F'65535'
         LA    R3,2(,R3)
         LA    R0,2(,R4)
GETCOPY  A     R0,EXWOFF
         ST    R0,EXWOFF
         LA    R0,72                   COLUMNS 1-72
         TM    EXWBEGF,BEGALL
         BZ    *+8
         LA    R0,130                  ALL: 130
         CR    R4,R0
         BNH   *+6
         LR    R4,R0
         ST    R4,EXWTLEN
         LTR   R4,R4
         BZ    GETOK
         BCTR  R4,0
         EX    R4,GETMVC
GETOK    SR    R15,R15
GETRET   L     R14,EXWL1
         BR    R14
GETEOF   LA    R15,4
         B     GETRET
GETMVC   MVC   EXWTXT(0),0(R3)
*
* READLN: READ A LINE (STACK FIRST, THEN THE TERMINAL) WITH WAITRD,
* UPPERCASED -> EXWTXT, EXWTLEN.  R8 = RETURN.  USES R0 R1 R15.
READLN   MVI   EXWTXT,C' '
         MVC   EXWTXT+1(L'EXWTXT-1),EXWTXT
         MVC   EXWRDPL(8),=CL8'WAITRD'
         LA    R1,EXWTXT
         ST    R1,EXWRDPL+8
         MVI   EXWRDPL+8,X'01'
         LA    R1,130
         ST    R1,EXWRDPL+12
         MVI   EXWRDPL+12,C'U'
         LA    R1,EXWRDPL
         SVC   202
         DC    AL4(1)
         ST    R0,EXWTLEN
         BR    R8
*
* SETLINE: THE NEXT LINE TO RUN IS R1 (AT LEAST 1): EXWLINE, EXWOFF.
* R8 = RETURN.  USES R0 R1 R3 R4 R15.
SETLINE  LTR   R1,R1
         BP    *+8
         LA    R1,1
         ST    R1,EXWLINE
         BCTR  R1,0                    RECORDS BEFORE IT
         CLI   EXWRECFM,C'V'
         BE    SETLV
         M     R0,EXWLRECL
         ST    R1,EXWOFF
         BR    R8
SETLV    SR    R3,R3                   V: WALK THE LENGTHS
         L     R15,EXWBUF
SETLV1   LTR   R1,R1
         BNP   SETLV2
         LH    R4,0(R3,R15)
         N     R4,=F'65535'
         LA    R3,2(R4,R3)
         BCT   R1,SETLV1
SETLV2   ST    R3,EXWOFF
         BR    R8
*
* FINDLAB: THE LINE NUMBER OF LABEL EXWVAL -> R1, R15 = 0; R15 = 4
* IF NO LINE STARTS WITH IT.  R7 = RETURN.  USES R0-R4, R15.
FINDLAB  SR    R1,R1                   LINE NUMBER - 1
         SR    R2,R2                   OFFSET
FINDL1   C     R1,EXWRECS
         BNL   FINDNO
         L     R3,EXWBUF
         AR    R3,R2
         CLI   EXWRECFM,C'V'
         BE    FINDLV
         L     R4,EXWLRECL
         A     R2,EXWLRECL
         B     FINDL2
FINDLV   LH    R4,0(,R3)
         N     R4,=F'65535'
         LA    R3,2(,R3)
         LA    R2,2(R4,R2)
FINDL2   MVC   EXWTMP,=CL8' '
         LTR   R4,R4
         BZ    FINDL5
         C     R4,=F'8'
         BNH   *+8
         LA    R4,8
         BCTR  R4,0
         EX    R4,FINDMVC
         LA    R3,EXWTMP               BLANK FROM THE FIRST BLANK
         LA    R4,8
FINDL3   CLI   0(R3),C' '
         BE    FINDL4
         LA    R3,1(,R3)
         BCT   R4,FINDL3
         B     FINDL5
FINDL4   MVI   0(R3),C' '
         LA    R3,1(,R3)
         BCT   R4,FINDL4
FINDL5   LA    R1,1(,R1)
         CLC   EXWTMP,EXWVAL
         BNE   FINDL1
         SR    R15,R15
         BR    R7
FINDNO   LA    R15,4
         BR    R7
FINDMVC  MVC   EXWTMP(0),0(R3)
*
* EVALIF: R5 -> RAW TOKENS A OP B.  R15 = 0 TRUE, 4 FALSE, 8 NO SUCH
* OPERATOR.  A = &* : ALL OF &1..&N;  A = &$ : ANY OF THEM.
* R7 = RETURN.  USES R0-R4, R8, R9, R15.
EVALIF   ST    R5,EXWIFP
         LA    R3,OPTAB
EVOP     CLI   0(R3),X'FF'
         BE    EVBAD
         CLC   0(8,R3),8(R5)
         BE    EVOPGOT
         LA    R3,9(,R3)
         B     EVOP
EVOPGOT  MVC   EXWMASK,8(R3)
         LA    R2,16(,R5)
         BAL   R9,SUBST
         MVC   EXWB,EXWVAL
         L     R2,EXWIFP
         CLC   0(8,R2),=CL8'&&*'
         BE    EVALL
         CLC   0(8,R2),=CL8'&&$'
         BE    EVANY
         BAL   R9,SUBST
         MVC   EXWA,EXWVAL
         BAL   R3,CMPAB
         BR    R7
EVALL    LA    R2,EXWARGS+8            TRUE IF EVERY ONE IS
         L     R4,EXWNARG
         LA    R15,4
         LTR   R4,R4
         BNPR  R7
EVALL1   MVC   EXWA,0(R2)
         BAL   R3,CMPAB
         LTR   R15,R15
         BNZR  R7
         LA    R2,8(,R2)
         BCT   R4,EVALL1
         BR    R7
EVANY    LA    R2,EXWARGS+8            TRUE IF ANY ONE IS
         L     R4,EXWNARG
         LA    R15,4
         LTR   R4,R4
         BNPR  R7
EVANY1   MVC   EXWA,0(R2)
         BAL   R3,CMPAB
         LTR   R15,R15
         BZR   R7
         LA    R2,8(,R2)
         BCT   R4,EVANY1
         BR    R7
EVBAD    LA    R15,8
         BR    R7
*
* CMPAB: EXWA OP EXWB (MASK EXWMASK): NUMERICALLY IF BOTH ARE
* NUMBERS, ELSE AS CHARACTERS.  R15 = 0 TRUE, 4 FALSE.  R3 = RETURN.
* USES R0 R1 R8 R15 (AND NUMVAL'S R3: SAVED IN EXWL1+4).
CMPAB    ST    R3,EXWL1+4
         MVC   EXWVAL,EXWA
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   CMPCHR
         ST    R1,EXWNA
         MVC   EXWVAL,EXWB
         BAL   R8,NUMVAL
         LTR   R15,R15
         BNZ   CMPCHR
         L     R0,EXWNA
         LA    R15,0
         IC    R15,EXWMASK
         SLL   R15,4
         CR    R0,R1
         B     CMPTEST
CMPCHR   LA    R15,0
         IC    R15,EXWMASK
         SLL   R15,4
         CLC   EXWA,EXWB
CMPTEST  L     R3,EXWL1+4
         EX    R15,CMPBC
         LA    R15,4
         BR    R3
CMPTRUE  SR    R15,R15
         BR    R3
CMPBC    BC    0,CMPTRUE
*
* SUBST: THE VALUE OF THE RAW TOKEN AT R2 -> EXWVAL (BLANKS = NULL).
* A TOKEN NOT STARTING WITH & IS ITSELF.  R9 = RETURN.  R2 KEPT;
* USES R0 R1 R3 R4 R8 R15.
SUBST    MVC   EXWVAL,0(R2)
         CLI   0(R2),C'&&'
         BNER  R9
         CLI   1(R2),C' '
         BER   R9                      & ALONE
         CLI   1(R2),C'0'
         BL    SBSPEC
         MVC   EXWVAL,=CL8' '          &N: AN ARGUMENT
         MVC   EXWVAL(7),1(R2)
         BAL   R8,NUMVAL
         MVC   EXWVAL,=CL8' '
         LTR   R15,R15
         BNZR  R9
         LTR   R1,R1
         BMR   R9
         C     R1,EXWNARG
         BHR   R9                      BEYOND &INDEX: NULL
         SLL   R1,3
         LA    R1,EXWARGS(R1)
         MVC   EXWVAL,0(R1)
         BR    R9
SBSPEC   LA    R3,SPECTAB
SBSPEC1  CLI   0(R3),X'FF'
         BE    SBGLOB
         CLC   0(8,R3),0(R2)
         BE    SBSPECGO
         LA    R3,12(,R3)
         B     SBSPEC1
SBSPECGO L     R15,8(,R3)
         BR    R15
SBGLOB   CLC   0(7,R2),=C'&&GLOBAL'     &GLOBALN
         BNE   SBDISK
         CLI   7(R2),C'0'
         BL    SBVAR
         IC    R1,7(,R2)
         N     R1,=F'15'
         SLL   R1,3
         LA    R1,EXGLOBAL(R1)
         MVC   EXWVAL,0(R1)
         BR    R9
SBDISK   CLC   0(5,R2),=C'&&DISK'       &DISKX
         BNE   SBVAR
         CLI   6(R2),C' '
         BNE   SBVAR
         MVC   EXWVAL,=CL8'NA'
         L     R3,AADTTAB
         USING ADTD,R3
         LA    R4,ADTSLOTS
SBDISK1  CLC   ADTM,5(R2)
         BE    SBDISK2
         LA    R3,ADTLEN(,R3)
         BCT   R4,SBDISK1
         BR    R9
SBDISK2  MVC   EXWVAL,=CL8'CMS'
         BR    R9
         DROP  R3
SBVAR    LA    R3,EXWVARS              A USER VARIABLE
         L     R4,EXWNVAR
         LTR   R4,R4
         BZ    SBNULL
SBVAR1   CLC   0(8,R3),0(R2)
         BE    SBVGOT
         LA    R3,16(,R3)
         BCT   R4,SBVAR1
SBNULL   MVC   EXWVAL,=CL8' '
         BR    R9
SBVGOT   MVC   EXWVAL,8(R3)
         BR    R9
*                                      SPECIAL VARIABLES
SPINDEX  L     R1,EXWNARG
         B     SPNUM
SPRETC   L     R1,EXWRC
         B     SPNUM
SPGLOBAL L     R1,EXWLEVEL
         B     SPNUM
SPLINE   L     R1,EXWCUR
SPNUM    BAL   R8,FMTNUM
         BR    R9
SPREADF  MVC   EXWVAL,=CL8'CONSOLE'
         OC    STACKHD,STACKHD
         BZR   R9
         MVC   EXWVAL,=CL8'STACK'
         BR    R9
SPTYPEF  MVC   EXWVAL,=CL8'RT'
         TM    CONFLAGS,CONHT
         BZR   R9
         MVC   EXWVAL,=CL8'HT'
         BR    R9
SPEXEC   MVC   EXWVAL,EXWARGS
         BR    R9
*
* SETVAR: VARIABLE EXWNAME = EXWVAL.  R9 = RETURN.  USES R1 R3 R4.
SETVAR   CLC   EXWNAME(7),=C'&&GLOBAL'
         BNE   SETV1
         CLI   EXWNAME+7,C'0'
         BL    SETV1
         IC    R1,EXWNAME+7
         N     R1,=F'15'
         SLL   R1,3
         LA    R1,EXGLOBAL(R1)
         MVC   0(8,R1),EXWVAL
         BR    R9
SETV1    LA    R3,EXWVARS
         L     R4,EXWNVAR
         LTR   R4,R4
         BZ    SETVNEW
SETV2    CLC   0(8,R3),EXWNAME
         BE    SETVGOT
         LA    R3,16(,R3)
         BCT   R4,SETV2
SETVNEW  L     R4,EXWNVAR
         C     R4,=A(EXWMAXV)
         BNL   EXSYNTAX                TOO MANY VARIABLES
         LA    R4,1(,R4)
         ST    R4,EXWNVAR
         MVC   0(8,R3),EXWNAME
SETVGOT  MVC   8(8,R3),EXWVAL
         BR    R9
*
* SETARGS: &1..&N FROM THE TOKENS AT R2 (TO THE X'FF' FENCE).
* R14 = RETURN.  USES R1 R3 R4.
SETARGS  LA    R3,EXWARGS+8
         SR    R4,R4
SETA1    CLI   0(R2),X'FF'
         BE    SETA2
         C     R4,=F'30'
         BNL   SETA2
         MVC   0(8,R3),0(R2)
         LA    R2,8(,R2)
         LA    R3,8(,R3)
         LA    R4,1(,R4)
         B     SETA1
SETA2    ST    R4,EXWNARG
         BR    R14
*
* SUBPL: THE TOKENS R5 (R6 OF THEM) SUBSTITUTED, NULLS DROPPED ->
* EXWPL WITH ITS FENCE AT R7.  R14 = RETURN.  USES R0-R4 R6 R8 R9.
SUBPL    LA    R7,EXWPL
SUBPLAT  ST    R14,EXWL1+8             (SUBPLAT: TO R7 ON)
         LR    R2,R5
         LTR   R6,R6
         BNP   SUBPLEND
SUBPL1   BAL   R9,SUBST
         CLC   EXWVAL,=CL8' '
         BE    SUBPL2
         MVC   0(8,R7),EXWVAL
         LA    R7,8(,R7)
SUBPL2   LA    R2,8(,R2)
         BCT   R6,SUBPL1
SUBPLEND MVC   0(8,R7),=8X'FF'
         L     R14,EXWL1+8
         BR    R14
*
* PLJOIN: THE TOKENS IN EXWPL JOINED BY ONE BLANK -> EXWOUT; R2 ->
* IT, R3 = ITS LENGTH.  PLTYPE ALSO TYPES IT.  R14 = RETURN.
* USES R0 R1 R4 R15.
PLTYPE   ST    R14,EXWL1+12
         BAL   R14,PLJOIN
         WRTERM (R2),(R3)
         L     R14,EXWL1+12
         BR    R14
PLJOIN   MVI   EXWOUT,C' '
         MVC   EXWOUT+1(L'EXWOUT-1),EXWOUT
         LA    R2,EXWPL
         LA    R3,EXWOUT
PLJ1     CLI   0(R2),X'FF'
         BE    PLJEND
         LA    R4,7(,R2)
PLJ2     CLI   0(R4),C' '
         BNE   PLJ3
         BCTR  R4,0
         CR    R4,R2
         BL    PLJNEXT                 ALL BLANK
         B     PLJ2
PLJ3     SR    R4,R2
         EX    R4,PLJMVC
         LA    R3,2(R4,R3)
PLJNEXT  LA    R2,8(,R2)
         B     PLJ1
PLJEND   LA    R2,EXWOUT
         SR    R3,R2
         BZR   R14
         BCTR  R3,0                    NO BLANK AFTER THE LAST
         BR    R14
PLJMVC   MVC   0(0,R3),0(R2)
*
* STACKIT: STACK R3 BYTES AT R2 (EXWDIR: FIFO/LIFO) WITH ATTN.
* R14 = RETURN.  USES R0 R1 R15.
STACKIT  MVC   EXWATPL(8),=CL8'ATTN'
         MVC   EXWATPL+8(4),EXWDIR
         ST    R2,EXWATPL+12
         STC   R3,EXWATPL+12
         LA    R1,EXWATPL
         SVC   202
         DC    AL4(1)
         BR    R14
*
* VALLEN: LENGTH OF EXWVAL WITHOUT TRAILING BLANKS -> R1.  R14 =
* RETURN.  USES R1 R3.
VALLEN   LA    R1,8
VALLEN1  LA    R3,EXWVAL-1(R1)
         CLI   0(R3),C' '
         BNER  R14
         BCT   R1,VALLEN1
         BR    R14
*
* NUMVAL: EXWVAL AS A SIGNED DECIMAL NUMBER -> R1, R15 = 0; R15 = 4
* IF IT IS NOT ONE.  R8 = RETURN.  USES R0 R1 R3 R15.
NUMVAL   SR    R1,R1
         LA    R3,EXWVAL
         MVI   EXWSIGN,0
         CLI   0(R3),C'-'
         BNE   NVPLUS
         MVI   EXWSIGN,1
         LA    R3,1(,R3)
         B     NVFIRST
NVPLUS   CLI   0(R3),C'+'
         BNE   NVFIRST
         LA    R3,1(,R3)
NVFIRST  CLI   0(R3),C'0'              AT LEAST ONE DIGIT
         BL    NVBAD
         CLI   0(R3),C'9'
         BH    NVBAD
NVLOOP   LA    R15,EXWVAL+8
         CR    R3,R15
         BNL   NVEND
         CLI   0(R3),C' '
         BE    NVREST
         CLI   0(R3),C'0'
         BL    NVBAD
         CLI   0(R3),C'9'
         BH    NVBAD
         MH    R1,=H'10'
         SR    R0,R0
         IC    R0,0(,R3)
         N     R0,=F'15'
         AR    R1,R0
         LA    R3,1(,R3)
         B     NVLOOP
NVREST   CLI   0(R3),C' '              ONLY BLANKS AFTER THE DIGITS
         BNE   NVBAD
         LA    R3,1(,R3)
         CR    R3,R15
         BL    NVREST
NVEND    CLI   EXWSIGN,1
         BNE   *+6
         LCR   R1,R1
         SR    R15,R15
         BR    R8
NVBAD    LA    R15,4
         BR    R8
*
* FMTNUM: R1 AS A DECIMAL NUMBER (- SIGN) -> EXWVAL, LEFT-JUSTIFIED.
* R8 = RETURN.  USES R0 R1 R3 R15.
FMTNUM   MVC   EXWVAL,=CL8' '
         LPR   R0,R1
         CVD   R0,EXWDW
         UNPK  EXWTMP(8),EXWDW+4(4)
         OI    EXWTMP+7,X'F0'
         LA    R15,EXWTMP
FMSKIP   CLI   0(R15),C'0'             LEADING ZEROS
         BNE   FMDIG
         LA    R0,EXWTMP+7
         CR    R15,R0
         BNL   FMDIG
         LA    R15,1(,R15)
         B     FMSKIP
FMDIG    LA    R3,EXWVAL
         LTR   R1,R1
         BNM   FMPOS
         MVI   EXWVAL,C'-'
         LA    R3,EXWVAL+1
FMPOS    LA    R1,EXWTMP+7
         SR    R1,R15                  LENGTH - 1
         EX    R1,FMMVC
         BR    R8
FMMVC    MVC   0(0,R3),0(R15)
*
* TOKENIZ: R3 BYTES AT R2 -> 8-BYTE TOKENS AT R4 (BLANK-SEPARATED,
* CUT AT 8; ( AND ) TOKENS OF THEIR OWN; AT MOST EXWMAXT), X'FF'
* FENCE.  R5 = NUMBER OF TOKENS.  R9 = RETURN.  USES R0 R2-R7.
TOKENIZ  LA    R3,0(R2,R3)             END
         SR    R5,R5
TKSKIP   CR    R2,R3
         BNL   TKEND
         CLI   0(R2),C' '
         BNE   TKSTART
         LA    R2,1(,R2)
         B     TKSKIP
TKSTART  MVC   0(8,R4),=CL8' '
         CLI   0(R2),C'('
         BE    TKPAREN
         CLI   0(R2),C')'
         BE    TKPAREN
         LR    R6,R2
TKSCAN   LA    R2,1(,R2)
         CR    R2,R3
         BNL   TKWORD
         CLI   0(R2),C' '
         BE    TKWORD
         CLI   0(R2),C'('
         BE    TKWORD
         CLI   0(R2),C')'
         BE    TKWORD
         B     TKSCAN
TKWORD   LR    R7,R2
         SR    R7,R6
         C     R7,=F'8'
         BNH   *+8
         LA    R7,8
         BCTR  R7,0
         EX    R7,TKMOVE
         B     TKNEXT
TKPAREN  MVC   0(1,R4),0(R2)
         LA    R2,1(,R2)
TKNEXT   LA    R4,8(,R4)
         LA    R5,1(,R5)
         C     R5,=A(EXWMAXT)
         BL    TKSKIP
TKEND    MVC   0(8,R4),=8X'FF'
         BR    R9
TKMOVE   MVC   0(0,R4),0(R6)
*
*---------------------------------------------------------------------
* TABLES
         MACRO
&L       EXTAB &NAME,&ROUTINE
&L       DC    CL8'&NAME',A(&ROUTINE)
         MEND
* CTLTAB: CONTROL WORDS -> HANDLERS (R5 -> THE WORD, R6 = TOKENS)
CTLTAB   DS    0F
         EXTAB &&IF,EXIF
         EXTAB &&GOTO,EXGOTO
         EXTAB &&LOOP,EXLOOP
         EXTAB &&SKIP,EXSKIP
         EXTAB &&TYPE,EXTYPE
         EXTAB &&EMSG,EXTYPE
         EXTAB &&EXIT,EXEXIT
         EXTAB &&ERROR,EXERROR
         EXTAB &&STACK,EXSTACK
         EXTAB &&BEGSTAC,EXBEGSTK
         EXTAB &&BEGTYPE,EXBEGTYP
         EXTAB &&END,EXNOP
         EXTAB &&ARGS,EXARGS
         EXTAB &&READ,EXREAD
         EXTAB &&CONTROL,EXCONTRL
         EXTAB &&CONTINU,EXNOP
         EXTAB &&TIME,EXNOP
         EXTAB &&SPACE,EXSPACE
         DC    X'FF'
* FUNTAB: BUILT-IN FUNCTIONS OF AN ASSIGNMENT
FUNTAB   DS    0F
         EXTAB &&CONCAT,EACONCAT
         EXTAB &&LENGTH,EALENGTH
         EXTAB &&SUBSTR,EASUBSTR
         EXTAB &&DATATYP,EADATATY
         EXTAB &&LITERAL,EALITERL
         DC    X'FF'
* SPECTAB: SPECIAL VARIABLES
SPECTAB  DS    0F
         EXTAB &&INDEX,SPINDEX
         EXTAB &&RETCODE,SPRETC
         EXTAB &&GLOBAL,SPGLOBAL
         EXTAB &&LINENUM,SPLINE
         EXTAB &&READFLA,SPREADF
         EXTAB &&TYPEFLA,SPTYPEF
         EXTAB &&EXEC,SPEXEC
         DC    X'FF'
* OPTAB: &IF OPERATORS -> BRANCH MASK (8 EQUAL, 4 LOW, 2 HIGH)
OPTAB    DC    CL8'EQ',AL1(8),CL8'=',AL1(8)
         DC    CL8'NE',AL1(6),X'5F7E404040404040',AL1(6)
         DC    CL8'LT',AL1(4),CL8'<',AL1(4)
         DC    CL8'LE',AL1(12),CL8'<=',AL1(12)
         DC    CL8'GT',AL1(2),CL8'>',AL1(2)
         DC    CL8'GE',AL1(10),CL8'>=',AL1(10)
         DC    X'FF'
* CTLOPTS: &CONTROL OPERANDS -> EXWCTL (X'FF': ACCEPTED, NO EFFECT)
CTLOPTS  DC    CL8'OFF',AL1(CTLOFF),CL8'ERROR',AL1(CTLERR)
         DC    CL8'CMS',AL1(CTLCMS),CL8'ALL',AL1(CTLALL)
         DC    CL8'TIME',X'FF',CL8'NOTIME',X'FF'
         DC    CL8'PACK',X'FF',CL8'NOPACK',X'FF'
         DC    CL8'MSG',X'FF',CL8'NOMSG',X'FF'
         DC    X'FF'
CTLOFF   EQU   0
CTLERR   EQU   1
CTLCMS   EQU   2
CTLALL   EQU   3
BEGLIFO  EQU   X'80'
BEGALL   EQU   X'40'
         LTORG
         NUCON
         END
