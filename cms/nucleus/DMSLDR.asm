*---------------------------------------------------------------------
* DMSLDR - THE CMS LOADER: LOAD, INCLUDE AND START
*
* FUNCTION: LOADS OS OBJECT DECKS (ESD, TXT, RLD AND END CARDS, THE
*           80-BYTE F RECORDS OF A FILE  FN TEXT) INTO THE USER AREA
*           FROM X'20000' (OR ORIGIN) UP TO NUCON USERTOP, RELOCATES
*           THEM AND RESOLVES EXTERNAL REFERENCES ACROSS EVERY DECK
*           LOADED AND INCLUDED.  START CALLS THE PROGRAM.
* COMMANDS: LOAD FN ... [(OPTIONS]
*             CLEAR|NOCLEAR  MAP|NOMAP  TYPE|NOTYPE  AUTO|NOAUTO
*             START  ORIGIN HEXLOC  RESET ENTRY|*
*             (INV REP LIBE DUP AND THEIR NO FORMS ARE ACCEPTED)
*           INCLUDE FN ... [(OPTIONS]  - ADDS TO WHAT IS LOADED
*           START [* | ENTRY] [ARGS ...] [(NO]
* LOADING:  EACH CONTROL SECTION (SD/PC) GOES AT THE NEXT DOUBLEWORD
*           ABOVE WHAT IS LOADED.  SD AND LD NAMES ARE DEFINED IN
*           THE LOADER TABLE; AN ER NAME THERE IS A REFERENCE.  RLD
*           ITEMS FOR A SECTION ARE RELOCATED AT ONCE; THOSE FOR AN
*           ER NAME WAIT IN THE FIXUP TABLE UNTIL THE NAME IS DEFINED
*           (AT THE END OF EVERY LOAD/INCLUDE).  AN UNDEFINED NAME
*           STAYS ZERO (GC20-1818, START USAGE NOTE 1).
* ENTRY:    START * (OR NO OPERAND, OR THE START OPTION): THE ENTRY
*           OF THE FIRST END CARD THAT NAMES ONE, ELSE THE FIRST
*           CONTROL SECTION LOADED.  START NAME: THAT SD OR LD NAME.
*           THE PROGRAM GETS R1 -> THE ENTRY TOKEN AND THE ARGUMENTS
*           (DOUBLEWORDS, X'FF' FENCE), R13 -> A SAVE AREA, R14 =
*           RETURN, R15 = R12 = ENTRY; ITS R15 IS START'S RC.
* FILES:    READ WITH RDBUF (FSCB) AFTER STATE FINDS THE MODE.
* RETURN:   0; 28 FILE NOT FOUND; 24 BAD OPERAND; 104 STORAGE OR
*           LOADER TABLE EXCEEDED; 40 NO SUCH ENTRY (START).
* MAP:      LOAD MAP A5 (NEW AT LOAD, ADDED TO BY INCLUDE), F 80:
*           ONE LINE  NAME SD|LD HHHHHH  PER NAME DEFINED (THE LAYOUT
*           IS THIS NUCLEUS'S; R6'S IS UNVERIFIED).  TYPE TYPES IT.
* AUTO:     (DEFAULT) AN UNDEFINED NAME IS LOADED FROM  NAME TEXT
*           WHEN THERE IS ONE.  A CSECT LOADED TWICE KEEPS ITS FIRST
*           COPY (GC20-1818 LOAD USAGE NOTE 3).
* LIBE:     (DEFAULT) A NAME STILL UNDEFINED IS LOOKED FOR IN THE
*           GLOBAL TXTLIB LIBRARIES IN ORDER; THE DECK WHOSE SD OR LD
*           DEFINES IT IS LOADED.  A TXTLIB HERE IS TEXT DECKS ONE
*           AFTER ANOTHER (F 80), SEARCHED CARD BY CARD: R6'S TXTLIB
*           DIRECTORY (TXTLIB GEN) IS NOT REPRODUCED.
* MISSING:  INV/REP LISTINGS, ORIGIN TRANS, COMMON (CM) SECTIONS.
*---------------------------------------------------------------------
DMSLDR   CSECT
         ENTRY DMSLDRI,DMSLDRS,DMSLDRF
         REGEQU
         USING NUCON,R0
*                                      LOAD: START AFRESH
         STM   R14,R12,12(R13)
         LR    R12,R15
         USING DMSLDR,R12,R11
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         MVC   LDRORIG,=A(USERAREA)
         MVC   LDRNEXT,=A(USERAREA)
         XC    LDRENTRY,LDRENTRY
         XC    LDRFIRST,LDRFIRST
         XC    NSYM,NSYM
         XC    NFIX,NFIX
         MVI   ISLOAD,1
         B     LDRCMD
*                                      INCLUDE: ADD TO THE LOAD
DMSLDRI  STM   R14,R12,12(R13)
         BALR  R11,0                   OUR BASE, WITHOUT A USING
         L     R12,8(,R11)             FROM THE WORD BELOW
         B     12(,R11)
         DC    AL4(DMSLDR)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         MVI   ISLOAD,0
         L     R2,LDRNEXT
         LTR   R2,R2
         BNZ   LDRCMD
         MVC   LDRORIG,=A(USERAREA)    NOTHING LOADED YET
         MVC   LDRNEXT,=A(USERAREA)
LDRCMD   ST    R13,LDRR13
         LR    R10,R1                  -> PLIST
         MVI   OPTS,0
         XC    RESETTOK,RESETTOK
*                                      OPTIONS AFTER (
         LA    R2,8(,R10)
LDROPT1  CLI   0(R2),X'FF'
         BE    LDROPTND
         CLI   0(R2),C'('
         BE    LDROPTS
         LA    R2,8(,R2)
         B     LDROPT1
LDROPTS  LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    LDROPTND
         CLC   0(8,R2),=CL8')'
         BE    LDROPTND
         LA    R3,LOPTTAB
LDROPTL  CLI   0(R3),X'FF'
         BE    LDRBADOP
         CLC   0(8,R2),0(R3)
         BE    LDROPTF
         LA    R3,LOPTLEN(,R3)
         B     LDROPTL
LDROPTF  OC    OPTS,8(R3)              BITS TO SET
         NC    OPTS,9(R3)              BITS TO KEEP
         CLI   10(R3),LOPTNONE
         BE    LDROPTS
         LA    R2,8(,R2)               AN OPERAND FOLLOWS
         CLI   0(R2),X'FF'
         BE    LDRBADOP
         CLI   10(R3),LOPTORIG
         BE    LDRORIGN
         MVC   RESETTOK,0(R2)          RESET ENTRY
         B     LDROPTS
LDRORIGN BAL   R9,HEXVAL               ORIGIN HEXLOC
         LTR   R15,R15
         BNZ   LDRBADOP
         C     R1,=A(USERAREA)         NOT INTO THE NUCLEUS
         BL    LDRBADOP
         LA    R1,7(,R1)
         N     R1,=X'00FFFFF8'
         C     R1,LDRNEXT              ONLY ABOVE WHAT IS LOADED
         BL    LDRBADOP
         ST    R1,LDRNEXT
         L     R3,LDRFIRST
         LTR   R3,R3
         BNZ   LDROPTS
         ST    R1,LDRORIG
         B     LDROPTS
LDROPTND TM    OPTS,OPTCLEAR
         BZ    LDRMAP
         L     R4,LDRNEXT              CLEAR FROM HERE TO USERTOP
         L     R5,USERTOP
         SR    R5,R4
         BNP   LDRMAP
         SR    R6,R6
         SR    R7,R7
         MVCL  R4,R6
*                                      LOAD MAP A5: A NEW ONE FOR LOAD
LDRMAP   TM    OPTS,OPTNOMAP
         BO    LDRFILES
         CLI   ISLOAD,0
         BE    LDRFILES                INCLUDE ADDS TO IT
         LA    R1,MAPERASE
         SVC   202
         DC    AL4(1)
*                                      EACH FILE NAME
LDRFILES LA    R9,8(,R10)
         CLI   0(R9),X'FF'
         BE    LDRNOFN
         CLI   0(R9),C'('
         BE    LDRNOFN
LDRFILE  CLI   0(R9),X'FF'
         BE    LDRDONE
         CLI   0(R9),C'('
         BE    LDRDONE
         ST    R9,CURFN
         BAL   R8,LOADFILE
         LTR   R15,R15
         BNZ   LDRRET
         L     R9,CURFN
         LA    R9,8(,R9)
         B     LDRFILE
LDRDONE  TM    OPTS,OPTNOAUT
         BO    LDRLIB
*                                      AUTO: NAME TEXT FOR EVERY
*                                      UNDEFINED NAME, UNTIL NONE
LDRAUTO  L     R5,NSYM
         LA    R9,SYMTAB
LDRAUTO1 LTR   R5,R5
         BZ    LDRLIB
         TM    SYMFLAG-SYM(R9),SYMDEF+SYMAUTO
         BZ    LDRAUTO2
         LA    R9,SYMLEN(,R9)
         BCTR  R5,0
         B     LDRAUTO1
LDRAUTO2 OI    SYMFLAG-SYM(R9),SYMAUTO TRIED ONCE
         MVC   STPLIST+8(8),SYMNAME-SYM(R9)
         LA    R1,STPLIST
         SVC   202                     STATE NAME TEXT *
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LDRAUTO                 NO SUCH FILE: LEAVE IT
         ST    R9,CURFN
         BAL   R8,LOADFILE
         LTR   R15,R15
         BNZ   LDRRET
         B     LDRAUTO                 THE TABLE MAY HAVE GROWN
*                                      LIBE: THE GLOBAL TXTLIBS FOR
*                                      EVERY NAME STILL UNDEFINED
LDRLIB   TM    OPTS,OPTNOLIB
         BO    LDRRES
         LH    R5,GLBTXTN
         LTR   R5,R5
         BZ    LDRRES
         L     R5,NSYM
         LA    R9,SYMTAB
LDRLIB1  LTR   R5,R5
         BZ    LDRRES
         TM    SYMFLAG-SYM(R9),SYMDEF+SYMLIB
         BZ    LDRLIB2
         LA    R9,SYMLEN(,R9)
         BCTR  R5,0
         B     LDRLIB1
LDRLIB2  OI    SYMFLAG-SYM(R9),SYMLIB  TRIED ONCE
         ST    R9,CURFN
         MVC   LIBLEFT,GLBTXTN
         LA    R7,GLBTXT
LDRLIB3  ST    R7,CURLIB
         BAL   R8,LIBSRCH
         LTR   R15,R15
         BZ    LDRLIB4
         L     R7,CURLIB
         LA    R7,8(,R7)
         LH    R5,LIBLEFT
         BCTR  R5,0
         STH   R5,LIBLEFT
         LTR   R5,R5
         BP    LDRLIB3
         B     LDRLIB                  IN NO LIBRARY: THE NEXT NAME
LDRLIB4  BAL   R8,LOADLIB              THE DECK THAT DEFINES IT
         LTR   R15,R15
         BNZ   LDRRET
         B     LDRDONE                 ITS OWN REFERENCES TOO
LDRRES   BAL   R8,RESOLVE
         BAL   R8,MAPCLOSE
         CLI   RESETTOK,0              RESET ENTRY
         BE    LDRSTRT
         CLC   RESETTOK,=CL8'*'
         BE    LDRSTRT
         LA    R2,RESETTOK
         BAL   R9,FINDSYM
         LTR   R3,R3
         BZ    STRNOENT
         TM    SYMFLAG-SYM(R3),SYMDEF
         BZ    STRNOENT
         MVC   LDRENTRY,SYMADDR-SYM(R3)
LDRSTRT  TM    OPTS,OPTSTART
         BZ    LDROK
         XC    STRPLIST(8),STRPLIST    START *
         MVC   STRPLIST(8),=CL8'*'
         MVC   STRPLIST+8(8),=8X'FF'
         LA    R10,STRPLIST-8
         B     STRGO
LDROK    SR    R15,R15
         B     LDRRET
LDRNOFN  CMSMSG 'DMSLIO001E NO FILENAME SPECIFIED'
         LA    R15,24
         B     LDRRET
LDRBADOP CMSMSG 'DMSLIO003E INVALID OPTION',INSERT=0(R2)
         LA    R15,24
LDRRET   L     R13,LDRR13
         L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
*---------------------------------------------------------------------
* START [* | ENTRY] [ARGS]
DMSLDRS  STM   R14,R12,12(R13)
         BALR  R11,0                   OUR BASE, WITHOUT A USING
         L     R12,8(,R11)             FROM THE WORD BELOW
         B     12(,R11)
         DC    AL4(DMSLDR)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         ST    R13,LDRR13
         LR    R10,R1
         L     R2,LDRNEXT
         LTR   R2,R2
         BZ    STRNONE                 NOTHING LOADED
         BAL   R8,RESOLVE
         LA    R2,8(,R10)              (NO: READY, NOT STARTED
STRNO1   CLI   0(R2),X'FF'
         BE    STRGO
         CLI   0(R2),C'('
         LA    R2,8(,R2)
         BNE   STRNO1
         CLC   0(8,R2),=CL8'NO'
         BNE   STRGO
         SR    R15,R15
         B     LDRRET
STRGO    LA    R2,8(,R10)              -> ENTRY TOKEN
         ST    R2,STRARGS
         CLI   0(R2),X'FF'
         BE    STRDEFLT
         CLC   0(8,R2),=CL8'*'
         BE    STRDEFLT
         BAL   R9,FINDSYM
         LTR   R3,R3
         BZ    STRNOENT
         TM    SYMFLAG-SYM(R3),SYMDEF
         BZ    STRNOENT
         L     R15,SYMADDR-SYM(,R3)
         B     STRCALL
STRDEFLT L     R15,LDRENTRY
         LTR   R15,R15
         BNZ   STRCALL
         L     R15,LDRFIRST
         LTR   R15,R15
         BZ    STRNONE
STRCALL  ST    R15,STRENTRY
         WRTERM 'EXECUTION BEGINS...'  (R6 TEXT UNVERIFIED)
         L     R15,STRENTRY
         L     R1,STRARGS
         LR    R12,R15
         LA    R13,USERSAVE
         BALR  R14,R15                 CALL THE PROGRAM
         BALR  R11,0                   BACK: ONLY R15 IS KNOWN
         L     R12,8(,R11)
         B     12(,R11)
         DC    AL4(DMSLDR)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         B     LDRRET                  ITS R15 IS THE RETURN CODE
STRNOENT MVC   MSGNAME,0(R2)
         CMSMSG 'DMSLIO021E ENTRY POINT NOT FOUND',INSERT=MSGNAME
         LA    R15,40
         B     LDRRET
STRNONE  CMSMSG 'DMSLIO055E NO ENTRY POINT DEFINED'
         LA    R15,40
         B     LDRRET
*
*---------------------------------------------------------------------
* DMSLDRF: A NAME IN THE LOADER TABLE (FOR GENMOD).  BALR R14,R15
* WITH R1 -> CL8 NAME: R15 = 0 AND R0 = ITS ADDRESS, OR R15 = 4.
* R1 = 0: THE FIRST NAME DEFINED; R1 -> IT, R0 = ITS ADDRESS.
DMSLDRF  STM   R14,R12,12(R13)
         BALR  R11,0                   OUR BASE, WITHOUT A USING
         L     R12,8(,R11)             FROM THE WORD BELOW
         B     12(,R11)
         DC    AL4(DMSLDR)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         LTR   R2,R1
         BZ    LDRFFST
         BAL   R9,FINDSYM
         LTR   R3,R3
         BZ    LDRFNO
         TM    SYMFLAG-SYM(R3),SYMDEF
         BZ    LDRFNO
LDRFYES  MVC   20(4,R13),SYMADDR-SYM(R3)   R0
         ST    R3,24(,R13)             R1 -> THE NAME
         SR    R15,R15
         B     LDRFRET
LDRFFST  L     R0,NSYM                 THE FIRST DEFINED
         LA    R3,SYMTAB
LDRFLOOP LTR   R0,R0
         BZ    LDRFNO
         TM    SYMFLAG-SYM(R3),SYMDEF
         BO    LDRFYES
         LA    R3,SYMLEN(,R3)
         BCTR  R0,0
         B     LDRFLOOP
LDRFNO   LA    R15,4
LDRFRET  L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
*---------------------------------------------------------------------
* LOADFILE: LOAD THE DECKS OF  (CURFN) TEXT.  R8 = RETURN.  R15 = RC.
LOADFILE ST    R8,LFRET
         L     R9,CURFN
         MVC   STPLIST+8(8),0(R9)
         LA    R1,STPLIST
         SVC   202                     STATE FN TEXT *
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LFNOTF
         MVC   RDFSCB+8(8),0(R9)       FN
         MVC   RDFSCB+16(8),=CL8'TEXT'
         LA    R2,1                    FROM THE FIRST ITEM
         MVI   LFONE,0                 EVERY DECK IN THE FILE
         B     LFBODY
*
* LOADLIB: LOAD THE ONE DECK OF  (CURLIB) TXTLIB  THAT STARTS AT ITEM
* LIBITEM.  R8 = RETURN.  R15 = RC.
LOADLIB  ST    R8,LFRET
         L     R9,CURLIB
         MVC   RDFSCB+8(8),0(R9)
         MVC   RDFSCB+16(8),=CL8'TXTLIB'
         L     R2,LIBITEM
         MVI   LFONE,1
LFBODY   MVC   RDFSCB+24(2),=CL2' '    ANY DISK: FIRST IN ORDER
         STH   R2,RDFSCB+26
         BAL   R14,ESDCLEAR
LFREAD   LA    R1,RDFSCB
         SVC   202                     RDBUF
         DC    AL4(1)
         C     R15,=F'12'
         BE    LFEOF
         LTR   R15,R15
         BNZ   LFERR
         LH    R2,RDFSCB+26
         LA    R2,1(,R2)
         STH   R2,RDFSCB+26
         CLI   CARD,X'02'              AN OBJECT CARD?
         BNE   LFREAD
         CLC   CARD+1(3),=C'ESD'
         BE    LFESD
         CLC   CARD+1(3),=C'TXT'
         BE    LFTXT
         CLC   CARD+1(3),=C'RLD'
         BE    LFRLD
         CLC   CARD+1(3),=C'END'
         BE    LFEND
         B     LFREAD                  SYM AND OTHERS: IGNORED
LFEOF    MVC   FNFSCB+8(18),RDFSCB+8   FINIS FN TEXT FM
         LA    R1,FNFSCB
         SVC   202
         DC    AL4(1)
         SR    R15,R15
         L     R8,LFRET
         BR    R8
LFNOTF   MVC   MSGNAME,0(R9)
         CMSMSG 'DMSLIO002E FILE NOT FOUND',INSERT=MSGNAME
         LA    R15,28
         L     R8,LFRET
         BR    R8
LFERR    LR    R6,R15
         CMSMSG 'DMSLIO105S ERROR READING FILE',INSERT=RDFSCB+8
         LR    R15,R6
         L     R8,LFRET
         BR    R8
LFFULL   CMSMSG 'DMSLIO109S VIRTUAL STORAGE CAPACITY EXCEEDED'
         LA    R15,104
         L     R8,LFRET
         BR    R8
LFTABLE  CMSMSG 'DMSLIO168S LOADER TABLE OVERFLOW'
         LA    R15,104
         L     R8,LFRET
         BR    R8
*                                      ESD CARD
LFESD    LH    R5,CARD+10              BYTES OF ITEMS
         CL    R5,=F'48'
         BH    LFREAD
         LA    R4,CARD+16              -> FIRST ITEM
         LA    R5,0(R4,R5)             END
         LH    R6,CARD+14              ESDID OF THE FIRST SD/PC/ER
LFESDI   CR    R4,R5
         BNL   LFREAD
         CLI   8(R4),ESDLD
         BE    LFLD
         CL    R6,=A(MAXESD)
         BNL   LFTABLE
         LR    R7,R6                   -> ESDMAP ENTRY
         SLL   R7,3
         LA    R7,ESDMAP(R7)
         MVC   0(1,R7),8(R4)           ITS TYPE
         CLI   8(R4),ESDSD
         BE    LFSD
         CLI   8(R4),ESDPC
         BE    LFSD
         CLI   8(R4),ESDER
         BE    LFER
         CLI   8(R4),ESDWX
         BE    LFER
         XC    4(4,R7),4(R7)           CM AND OTHERS: NOT LOADED
         B     LFESDN
LFSD     CLI   8(R4),ESDPC
         BE    LFPLACE
         LR    R2,R4                   A CSECT LOADED BEFORE?
         BAL   R9,FINDSYM
         LTR   R3,R3
         BZ    LFPLACE
         TM    SYMFLAG-SYM(R3),SYMDEF
         BZ    LFPLACE
         MVI   0(R7),ESDDUP            YES: NOT LOADED AGAIN, ITS
         ICM   R2,7,9(R4)              REFERENCES GO TO THE FIRST
         N     R2,=X'00FFFFFF'
         L     R1,SYMADDR-SYM(,R3)
         SR    R1,R2
         ST    R1,4(,R7)
         B     LFESDN
LFPLACE  L     R1,LDRNEXT              PLACE THE SECTION
         LA    R1,7(,R1)
         N     R1,=X'00FFFFF8'
         ICM   R2,7,13(R4)             LENGTH
         N     R2,=X'00FFFFFF'
         LA    R3,0(R1,R2)
         C     R3,USERTOP
         BH    LFFULL
         ST    R3,LDRNEXT
         ICM   R2,7,9(R4)              ASSEMBLED ADDRESS
         N     R2,=X'00FFFFFF'
         LR    R3,R1
         SR    R3,R2                   RELOCATION FACTOR
         ST    R3,4(,R7)
         L     R3,LDRFIRST
         LTR   R3,R3
         BNZ   *+8
         ST    R1,LDRFIRST
         CLI   8(R4),ESDPC
         BE    LFESDN                  PRIVATE CODE HAS NO NAME
         LR    R2,R1                   DEFINE NAME = R2
         BAL   R9,DEFSYM
         LTR   R15,R15
         BNZ   LFTABLE
         BAL   R14,MAPLINE
         B     LFESDN
LFER     LR    R2,R4                   A REFERENCE: ITS SYMBOL
         BAL   R9,FINDSYM
         LTR   R3,R3
         BNZ   LFERSET
         BAL   R9,NEWSYM
         LTR   R3,R3
         BZ    LFTABLE
LFERSET  ST    R3,4(,R7)
LFESDN   LA    R6,1(,R6)
         LA    R4,16(,R4)
         B     LFESDI
LFLD     ICM   R2,3,14(R4)             OWNER ESDID
         N     R2,=X'0000FFFF'
         CL    R2,=A(MAXESD)
         BNL   LFLDNEXT
         SLL   R2,3
         L     R2,ESDMAP+4(R2)         ITS RELOCATION
         ICM   R3,7,9(R4)
         N     R3,=X'00FFFFFF'
         AR    R2,R3                   THE NAME'S ADDRESS
         BAL   R9,DEFSYM
         LTR   R15,R15
         BNZ   LFTABLE
         BAL   R14,MAPLINE
LFLDNEXT LA    R4,16(,R4)
         B     LFESDI
*                                      TXT CARD
LFTXT    ICM   R2,7,CARD+5             ADDRESS
         N     R2,=X'00FFFFFF'
         LH    R3,CARD+14              ESDID
         CL    R3,=A(MAXESD)
         BNL   LFREAD                  NOT A GOOD CARD: SKIPPED
         SLL   R3,3
         LA    R1,ESDMAP(R3)
         CLI   0(R1),ESDDUP
         BE    LFREAD                  A DUPLICATE'S TEXT: SKIPPED
         A     R2,ESDMAP+4(R3)         RELOCATED
         LH    R3,CARD+10              COUNT
         LTR   R3,R3
         BNP   LFREAD
         C     R3,=A(TXTMAX)
         BH    LFREAD
         LA    R4,0(R2,R3)
         C     R4,USERTOP
         BH    LFFULL
         C     R2,=A(USERAREA)
         BL    LFFULL
         BCTR  R3,0
         EX    R3,TXTMOVE
         B     LFREAD
TXTMOVE  MVC   0(0,R2),CARD+16
*                                      RLD CARD
LFRLD    LH    R5,CARD+10
         CL    R5,=A(TXTMAX)
         BH    LFREAD
         LA    R4,CARD+16
         LA    R5,0(R4,R5)             END OF THE ITEMS
LFRLDI   CR    R4,R5
         BNL   LFREAD
         LH    R6,0(,R4)               R ESDID
         LH    R7,2(,R4)               P ESDID
         CL    R6,=A(MAXESD)
         BNL   LFREAD
         CL    R7,=A(MAXESD)
         BNL   LFREAD
         LA    R4,4(,R4)
LFRLDF   SLL   R7,3
         LA    R1,ESDMAP(R7)
         CLI   0(R1),ESDDUP
         BNE   LFRLDP
         SRL   R7,3                    IN A DUPLICATE: SKIPPED
         B     LFRLDN
LFRLDP   ICM   R2,7,1(R4)              ADDRESS
         N     R2,=X'00FFFFFF'
         A     R2,ESDMAP+4(R7)         P: WHERE THE ADCON IS NOW
         SRL   R7,3
         C     R2,=A(USERAREA)         ONLY INSIDE THE USER AREA
         BL    LFRLDN
         C     R2,USERTOP
         BNL   LFRLDN
         MVC   FIXFLAG,0(R4)
         LR    R3,R6
         SLL   R3,3
         LA    R3,ESDMAP(R3)
         CLI   0(R3),ESDER
         BE    LFRLDER
         CLI   0(R3),ESDWX
         BE    LFRLDER
         L     R1,4(,R3)               RELOCATION OF THE SECTION
         BAL   R9,ADJUST
         B     LFRLDN
LFRLDER  L     R1,NFIX                 WAIT FOR THE NAME
         C     R1,=A(MAXFIX)
         BNL   LFTABLE
         LA    R3,1(,R1)
         ST    R3,NFIX
         MH    R1,=Y(FIXLEN)
         LA    R1,FIXTAB(R1)
         ST    R2,0(,R1)               ADCON ADDRESS
         LR    R3,R6
         SLL   R3,3
         L     R3,ESDMAP+4(R3)
         ST    R3,4(,R1)               -> THE SYMBOL
         MVC   8(1,R1),FIXFLAG
         MVI   9(R1),0                 NOT YET DONE
LFRLDN   TM    0(R4),RLDSAME           NEXT ITEM: SAME R AND P?
         LA    R4,4(,R4)
         BO    LFRLDF
         B     LFRLDI
*                                      END CARD
LFEND    BAL   R14,LFENTRY
         BAL   R14,ESDCLEAR            THE NEXT DECK HAS ITS OWN IDS
         CLI   LFONE,0
         BNE   LFEOF                   ONE DECK FROM A LIBRARY
         B     LFREAD
LFENTRY  CLC   CARD+14(2),=X'4040'
         BER   R14
         L     R2,LDRENTRY
         LTR   R2,R2
         BNZR  R14                     THE FIRST ENTRY WINS
         ICM   R2,7,CARD+5
         N     R2,=X'00FFFFFF'
         LH    R3,CARD+14
         CL    R3,=A(MAXESD)
         BNLR  R14
         SLL   R3,3
         LA    R1,ESDMAP(R3)
         CLI   0(R1),ESDDUP
         BER   R14                     IN A DUPLICATE: NOT USED
         A     R2,ESDMAP+4(R3)
         ST    R2,LDRENTRY
         BR    R14
*
* LIBSRCH: DOES THE LIBRARY  (CURLIB) TXTLIB  HOLD A DECK WITH AN SD
* OR LD NAMED  (CURFN)?  R15 = 0 AND LIBITEM = THE ITEM NUMBER OF THE
* DECK'S FIRST CARD, OR R15 = 4.  R8 = RETURN.
LIBSRCH  L     R1,CURLIB
         MVC   LBFSCB+8(8),0(R1)
         LA    R2,1
         STH   R2,LBFSCB+26
         ST    R2,DECKITEM
LSREAD   LA    R1,LBFSCB
         SVC   202                     RDBUF
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LSNOT                   END OF FILE (OR NO FILE)
         CLI   CARD,X'02'
         BNE   LSNEXT
         CLC   CARD+1(3),=C'END'
         BNE   LSESD
         LH    R2,LBFSCB+26            THE NEXT DECK STARTS AFTER IT
         LA    R2,1(,R2)
         ST    R2,DECKITEM
         B     LSNEXT
LSESD    CLC   CARD+1(3),=C'ESD'
         BNE   LSNEXT
         LH    R3,CARD+10
         CL    R3,=F'48'
         BH    LSNEXT
         LA    R4,CARD+16
         LA    R3,0(R4,R3)             END OF THE ITEMS
LSITEM   CR    R4,R3
         BNL   LSNEXT
         CLI   8(R4),ESDSD
         BE    LSCMP
         CLI   8(R4),ESDLD
         BNE   LSINEXT
LSCMP    L     R1,CURFN
         CLC   0(8,R4),0(R1)
         BE    LSFOUND
LSINEXT  LA    R4,16(,R4)
         B     LSITEM
LSNEXT   LH    R2,LBFSCB+26
         LA    R2,1(,R2)
         STH   R2,LBFSCB+26
         B     LSREAD
LSFOUND  MVC   LIBITEM,DECKITEM
         SR    R2,R2
         B     LSCLOSE
LSNOT    LA    R2,4
LSCLOSE  MVC   FNFSCB+8(18),LBFSCB+8   FINIS
         LA    R1,FNFSCB
         SVC   202
         DC    AL4(1)
         LR    R15,R2
         BR    R8
*
* ESDCLEAR: ZERO THE ESDID MAP.  R14 = RETURN.
ESDCLEAR XC    ESDMAP(256),ESDMAP
         XC    ESDMAP+256(256),ESDMAP+256
         BR    R14
*
*---------------------------------------------------------------------
* MAPLINE: A LOAD MAP LINE FOR THE ESD ITEM AT R4 (SD OR LD) DEFINED
* AT R2:  NAME SD|LD HHHHHH.  WRITTEN TO LOAD MAP A5 UNLESS NOMAP,
* TYPED TOO WITH TYPE.  R14 = RETURN; ALL REGISTERS KEPT.
MAPLINE  STM   R0,R15,MAPREGS
         TM    OPTS,OPTNOMAP
         BO    MAPRET
         MVC   MAPREC,=CL80' '
         MVC   MAPREC(8),0(R4)
         MVC   MAPREC+9(2),=C'SD'
         CLI   8(R4),ESDLD
         BNE   *+10
         MVC   MAPREC+9(2),=C'LD'
         LR    R1,R2
         SLL   R1,8
         LA    R4,MAPREC+12
         LA    R5,6
MAPHEX   SR    R0,R0
         SLDL  R0,4
         LR    R3,R0
         IC    R3,HEXDIGS(R3)
         STC   R3,0(,R4)
         LA    R4,1(,R4)
         BCT   R5,MAPHEX
         LA    R1,MAPFSCB
         SVC   202                     WRBUF LOAD MAP A5
         DC    AL4(1)
         MVI   MAPUSED,1
         TM    OPTS,OPTTYPE
         BZ    MAPRET
         LA    R2,MAPREC
         LA    R3,18
         WRTERM (R2),(R3)
MAPRET   LM    R0,R15,MAPREGS
         BR    R14
*
* MAPCLOSE: FINIS THE LOAD MAP IF IT WAS WRITTEN.  R8 = RETURN.
MAPCLOSE CLI   MAPUSED,0
         BER   R8
         MVI   MAPUSED,0
         LA    R1,MAPFINIS
         SVC   202
         DC    AL4(1)
         BR    R8
*
*---------------------------------------------------------------------
* ADJUST: ADD (SUBTRACT IF FIXFLAG SAYS SO) R1 TO THE ADCON AT R2,
* ITS LENGTH FROM FIXFLAG.  R9 = RETURN.  USES R0, R14, R15.
ADJUST   SR    R14,R14
         IC    R14,FIXFLAG
         SRL   R14,2
         N     R14,=F'3'               LENGTH - 1
         LA    R15,1
         SLL   R15,1(R14)              2 ** LENGTH
         BCTR  R15,0                   ICM MASK
         SR    R0,R0
         EX    R15,ADJICM
         TM    FIXFLAG,RLDMINUS
         BO    ADJSUB
         AR    R0,R1
         B     ADJPUT
ADJSUB   SR    R0,R1
ADJPUT   EX    R15,ADJSTCM
         BR    R9
ADJICM   ICM   R0,0,0(R2)
ADJSTCM  STCM  R0,0,0(R2)
*
* RESOLVE: EVERY WAITING FIXUP WHOSE NAME IS DEFINED.  R8 = RETURN.
RESOLVE  ST    R8,RSRET
         L     R6,NFIX
         LA    R7,FIXTAB
RSLOOP   LTR   R6,R6
         BZ    RSDONE
         CLI   9(R7),0
         BNE   RSNEXT
         L     R3,4(,R7)
         TM    SYMFLAG-SYM(R3),SYMDEF
         BZ    RSNEXT
         L     R1,SYMADDR-SYM(,R3)
         L     R2,0(,R7)
         MVC   FIXFLAG,8(R7)
         BAL   R9,ADJUST
         MVI   9(R7),1                 DONE
RSNEXT   LA    R7,FIXLEN(,R7)
         BCTR  R6,0
         B     RSLOOP
RSDONE   L     R8,RSRET
         BR    R8
*
* FINDSYM: R2 -> CL8 NAME.  OUT: R3 -> ITS SYM ENTRY OR 0.  R9 = RET.
FINDSYM  L     R0,NSYM
         LA    R3,SYMTAB
FSLOOP   LTR   R0,R0
         BZ    FSNONE
         CLC   SYMNAME-SYM(8,R3),0(R2)
         BER   R9
         LA    R3,SYMLEN(,R3)
         BCT   R0,FSLOOP
FSNONE   SR    R3,R3
         BR    R9
*
* NEWSYM: R2 -> CL8 NAME: A NEW UNDEFINED ENTRY -> R3 (0: TABLE FULL).
NEWSYM   L     R3,NSYM
         C     R3,=A(MAXSYM)
         BNL   FSNONE
         LA    R0,1(,R3)
         ST    R0,NSYM
         MH    R3,=Y(SYMLEN)
         LA    R3,SYMTAB(R3)
         MVC   SYMNAME-SYM(8,R3),0(R2)
         XC    SYMADDR-SYM(4,R3),SYMADDR-SYM(R3)
         MVI   SYMFLAG-SYM(R3),0
         BR    R9
*
* DEFSYM: R4 -> ESD ITEM (NAME), R2 = ADDRESS: DEFINE IT.  R9 = RET.
* R15 = 0, OR 4 IF THE TABLE IS FULL.  A NAME DEFINED TWICE KEEPS
* ITS FIRST ADDRESS.  USES R1, R3.
DEFSYM   LR    R1,R9
         ST    R2,DEFADDR
         LR    R2,R4
         BAL   R9,FINDSYM
         LTR   R3,R3
         BNZ   DEFSET
         BAL   R9,NEWSYM
         LTR   R3,R3
         BZ    DEFFULL
DEFSET   L     R2,DEFADDR
         TM    SYMFLAG-SYM(R3),SYMDEF
         BO    DEFOK
         ST    R2,SYMADDR-SYM(,R3)
         OI    SYMFLAG-SYM(R3),SYMDEF
DEFOK    SR    R15,R15
         LR    R9,R1
         BR    R9
DEFFULL  LA    R15,4
         L     R2,DEFADDR
         LR    R9,R1
         BR    R9
*
* HEXVAL: R2 -> A TOKEN OF HEX DIGITS -> R1; R15 = 0 OR 4 (BAD).
HEXVAL   SR    R1,R1
         LR    R3,R2
         LA    R4,8(,R2)
         CLI   0(R3),C' '
         BE    HEXBAD
HEXNEXT  CR    R3,R4
         BNL   HEXOK
         CLI   0(R3),C' '
         BE    HEXOK
         SR    R5,R5
         IC    R5,0(,R3)
         CLI   0(R3),C'A'
         BL    HEXBAD
         CLI   0(R3),C'F'
         BNH   HEXLET
         CLI   0(R3),C'0'
         BL    HEXBAD
         CLI   0(R3),C'9'
         BH    HEXBAD
         N     R5,=F'15'
         B     HEXADD
HEXLET   N     R5,=F'15'
         LA    R5,9(,R5)               A (X'C1') -> 10
HEXADD   SLL   R1,4
         AR    R1,R5
         LA    R3,1(,R3)
         B     HEXNEXT
HEXOK    SR    R15,R15
         BR    R9
HEXBAD   LA    R15,4
         BR    R9
*
USERAREA EQU   X'20000'                THE USER PROGRAM AREA
ESDSD    EQU   X'00'
ESDLD    EQU   X'01'
ESDER    EQU   X'02'
ESDPC    EQU   X'04'
ESDWX    EQU   X'0A'
RLDMINUS EQU   X'02'
RLDSAME  EQU   X'01'
OPTCLEAR EQU   X'80'
OPTSTART EQU   X'40'
OPTNOMAP EQU   X'20'
OPTTYPE  EQU   X'10'
OPTNOAUT EQU   X'08'
OPTNOLIB EQU   X'04'
ESDDUP   EQU   X'FF'                   ESDMAP: A DUPLICATE CSECT
LOPTNONE EQU   0
LOPTORIG EQU   1
LOPTRSET EQU   2
LOPTLEN  EQU   11
* LOPTTAB: CL8 OPTION, BITS TO SET, BITS TO KEEP, OPERAND KIND
LOPTTAB  DC    CL8'CLEAR',AL1(OPTCLEAR,255,LOPTNONE)
         DC    CL8'NOCLEAR',AL1(0,255-OPTCLEAR,LOPTNONE)
         DC    CL8'START',AL1(OPTSTART,255,LOPTNONE)
         DC    CL8'MAP',AL1(0,255-OPTNOMAP,LOPTNONE)
         DC    CL8'NOMAP',AL1(OPTNOMAP,255,LOPTNONE)
         DC    CL8'TYPE',AL1(OPTTYPE,255,LOPTNONE)
         DC    CL8'NOTYPE',AL1(0,255-OPTTYPE,LOPTNONE)
         DC    CL8'AUTO',AL1(0,255-OPTNOAUT,LOPTNONE)
         DC    CL8'NOAUTO',AL1(OPTNOAUT,255,LOPTNONE)
         DC    CL8'INV',AL1(0,255,LOPTNONE)
         DC    CL8'NOINV',AL1(0,255,LOPTNONE)
         DC    CL8'REP',AL1(0,255,LOPTNONE)
         DC    CL8'NOREP',AL1(0,255,LOPTNONE)
         DC    CL8'LIBE',AL1(0,255-OPTNOLIB,LOPTNONE)
         DC    CL8'NOLIBE',AL1(OPTNOLIB,255,LOPTNONE)
         DC    CL8'DUP',AL1(0,255,LOPTNONE)
         DC    CL8'NODUP',AL1(0,255,LOPTNONE)
         DC    CL8'ORIGIN',AL1(0,255,LOPTORIG)
         DC    CL8'RESET',AL1(0,255,LOPTRSET)
         DC    X'FF'
HEXDIGS  DC    C'0123456789ABCDEF'
RESETTOK DS    CL8
ISLOAD   DS    X
MAPUSED  DC    X'00'
MAXSYM   EQU   96
MAXESD   EQU   64
TXTMAX   EQU   56                      TXT/RLD CARD BYTES AT MOST
MAXFIX   EQU   128
FIXLEN   EQU   12
SYMLEN   EQU   16                      SYM DSECT BELOW
LDRR13   DS    A
LFRET    DS    A
RSRET    DS    A
CURFN    DS    A
DEFADDR  DS    A
STRENTRY DS    A
STRARGS  DS    A
NSYM     DS    F
NFIX     DS    F
MSGNAME  DS    CL8
CURLIB   DS    A                       -> TXTLIB NAME (GLBTXT)
LIBITEM  DS    F                       ITEM OF THE DECK FOUND
DECKITEM DS    F
LIBLEFT  DS    H
LFONE    DS    X                       1: STOP AFTER ONE DECK
OPTS     DS    X
FIXFLAG  DS    X
         DS    0F
STPLIST  DC    CL8'STATE',CL8' ',CL8'TEXT',CL8'*',8X'FF'
RDFSCB   DC    CL8'RDBUF',CL8' ',CL8'TEXT',CL2'A1',H'1'
         DC    A(CARD),F'80',C'F',X'00',H'1',F'0'
LBFSCB   DC    CL8'RDBUF',CL8' ',CL8'TXTLIB',CL2' ',H'1'
         DC    A(CARD),F'80',C'F',X'00',H'1',F'0'
FNFSCB   DC    CL8'FINIS',CL8' ',CL8'TEXT',CL2'A1',H'0'
         DC    A(0),F'0',C'F',X'00',H'0',F'0'
STRPLIST DS    2D
MAPERASE DC    CL8'ERASE',CL8'LOAD',CL8'MAP',CL8'A5',8X'FF'
MAPFSCB  DC    CL8'WRBUF',CL8'LOAD',CL8'MAP',CL2'A5',H'0'
         DC    A(MAPREC),F'80',C'F',X'00',H'1',F'0'
MAPFINIS DC    CL8'FINIS',CL8'LOAD',CL8'MAP',CL2'A5',H'0'
         DC    A(0),F'0',C'F',X'00',H'0',F'0'
MAPREGS  DS    16F
MAPREC   DS    CL80
CARD     DS    CL80
USERSAVE DS    18F
         LTORG
         DS    0F
ESDMAP   DS    (MAXESD*8)X
SYMTAB   DS    (MAXSYM*SYMLEN)X
FIXTAB   DS    (MAXFIX*FIXLEN)X
*
SYM      DSECT                         A LOADER TABLE ENTRY
SYMNAME  DS    CL8
SYMADDR  DS    A
SYMFLAG  DS    X
SYMDEF   EQU   X'80'                   DEFINED (SD OR LD SEEN)
SYMAUTO  EQU   X'40'                   NAME TEXT TRIED (AUTO)
SYMLIB   EQU   X'20'                   TXTLIBS SEARCHED (LIBE)
         DS    XL3
         NUCON
         END
