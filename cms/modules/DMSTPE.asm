*---------------------------------------------------------------------
* DMSTPE - THE TAPE AND VMFPLC2 COMMANDS (S-DISK MODULES)
*
* ONE SOURCE, TWO MODULES: TAPE MODULE AND VMFPLC2 MODULE.  THE
* FIRST PLIST TOKEN (THE COMMAND NAME) PICKS THE TAPE FORMAT:
*   VMFPLC2 (SPEC TAPES-3270.MD A1): PER FILE A 77-BYTE HEADER
*           X'02' PLCH + THE 40-BYTE FST + 32 BYTES, THEN DATA BLOCKS
*           X'02' PLCD + 1-5 UNITS OF 800 BYTES (THE FILE'S DATA AS
*           ITS CMS DATA BLOCKS HOLD IT).
*   TAPE    (A2): PER FILE 805-BYTE BLOCKS X'02' 'CMS ' + 800 BYTES
*           OF DATA, THEN AN 805-BYTE X'02' 'CMSN' BLOCK DESCRIBING
*           THE FILE (HERCULES' LAYOUT; R6'S IS UNVERIFIED).
* COMMAND:  VMFPLC2|TAPE FUNCTION [OPERANDS] [(OPTIONS[)]]
*   DUMP FN FT [FM|A]     FILES (* PATTERNS, FM * = ALL DISKS;
*                         EVERY MATCHING FILE: THE LIST IS IN
*                         DMSFREE STORAGE SIZED FROM THEIR COUNT)
*   LOAD [FN FT [FM|A]]   FILES OF THE TAPE FILE ONTO DISK FM'S
*                         LETTER (THE FILE KEEPS ITS MODE NUMBER)
*   SCAN [FN FT]          LIST THE FILES
*   SKIP [FN FT]          POSITION THE TAPE AT THAT FILE
*   REW RUN ERG           REWIND / REWIND UNLOAD / ERASE GAP
*   FSF BSF FSR BSR WTM [N]  SPACE FILES/RECORDS, WRITE TAPEMARKS
*   MODESET               ONLY CHECKS THE DRIVE (AN AWS TAPE HAS
*                         NO DENSITY OR TRACK MODE)
* OPTIONS:  TERM (DEFAULT) NOPRINT PRINT: THE FILE LIST AT THE
*           TERMINAL, NOWHERE, ON THE PRINTER (PRINTR).
*           WTM: A TAPEMARK AFTER EACH DUMPED FILE; NOWTM (DEFAULT):
*           ONE TAPEMARK AFTER THE DUMP, BACKSPACED OVER.
*           EOF N (DEFAULT 1) / EOT: LOAD/SCAN/SKIP STOP AFTER N
*           TAPEMARKS / AT TWO TAPEMARKS IN A ROW (END OF TAPE).
*           TAPN (N 0-4) OR CUU 180-187: THE DRIVE (DEFAULT TAP1 =
*           181).  7TRACK 9TRACK DEN N TRTCH A: ACCEPTED, IGNORED.
* LOADING:  INTO A WORK FILE  CMD CMSUT1 FM  (RECORDS THROUGH WRBUF),
*           RENAMED TO THE FILE'S NAME WHEN COMPLETE; A BAD OR
*           TRUNCATED TAPE LEAVES NO FILE (TAPE FORMAT: THE DATA
*           GOES TO  TAPE CMSUT2 FIRST, BEFORE ITS CMSN BLOCK SAYS
*           WHAT IT HOLDS, AS R6 DID).
* I/O:      SIO ON THE VIRTUAL TAPE AND AN ENABLED WAIT FOR ITS
*           DEVICE END (DMSITI RECORDS THE INTERRUPTION), AS DMSPIO.
*           FILES ONLY THROUGH STATE RDBUF WRBUF FINIS ERASE RENAME.
* MESSAGES: PREFIX DMSTPE (TAPE) OR DMSPLC (VMFPLC2); NUMBERS AS
*           R6'S DMSTPE AS FAR AS KNOWN, TEXTS UNVERIFIED: 002E FILE
*           NOT FOUND, 003E INVALID OPTION, 014E INVALID FUNCTION,
*           032E INVALID FILE, 037E DISK READ/ONLY, 043E FILE
*           PROTECTED, 047E NO FUNCTION, 054E INCOMPLETE FILEID,
*           069E DISK NOT ACCESSED, 070E INVALID PARAMETER, 104S/105S
*           DISK READ/WRITE ERROR, 109S NO STORAGE, 110S ERROR
*           READING (ALSO ANY BLOCK THE FORMAT DOES NOT ALLOW), 111S
*           ERROR WRITING, 113S NOT ATTACHED.  RESPONSES: DUMPING....
*           LOADING.... SCANNING.... SKIPPING...., A LINE PER FILE,
*           END-OF-FILE OR END-OF-TAPE.
* NOT DONE: THE DISK OPTION (THE LIST AS A FILE); A LOADED FILE GETS
*           TODAY'S DATE (THE FILE FUNCTIONS CANNOT SET ONE); TAPE'S
*           NULL BLOCKS ('CMS0') ARE LOADED AS DATA.
* RETURN:   0; 24 BAD COMMAND; 28 NO FILE TO DUMP; 32 BAD DATA IN
*           A FILE; 100 TAPE I/O ERROR, BAD TAPE, DRIVE NOT ATTACHED;
*           104 NO STORAGE; DISK FUNCTION CODES OTHERWISE.
*---------------------------------------------------------------------
         ADT
         FST
         MACRO
&L       TMSG  &TEXT
.* TMSG: START A MESSAGE: PREFIX, THEN TEXT; R4 -> ITS END.
         LCLA  &N
&N       SETA  K'&TEXT-2
&L       BAL   R14,MSGPFX
         MVC   0(&N,R4),=C&TEXT
         LA    R4,&N.(,R4)
         MEND
         MACRO
&L       TIO   &CMD,&ADDR,&LEN
.* TIO: ONE CCW ON THE TAPE.  R15 = 0 / 4 UX / 8 UC / 12 NOT OPER.
&L       MVI   TCCW,&CMD
         LA    R1,&ADDR
         STCM  R1,7,TCCW+1
         LA    R1,&LEN
         STH   R1,TCCW+6
         BAL   R14,TAPIO
         MEND
DMSTPE   CSECT
         REGEQU
         USING NUCON,R0
         STM   R14,R12,12(R13)
         LR    R12,R15
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         LA    R10,2048(,R11)
         LA    R10,2048(,R10)
         USING DMSTPE,R12,R11,R10
         ST    R13,TSAVE13
         LR    R9,R1                   R9 -> PLIST
         MVI   FLAGS,0
         MVI   OPTS,0
         MVC   MSGPREF,=C'DMSPLC'
         MVC   WRKFN,=CL8'VMFPLC2'
         CLC   0(8,R9),=CL8'TAPE'
         BNE   INIT2
         OI    FLAGS,FTAPE
         MVC   MSGPREF,=C'DMSTPE'
         MVC   WRKFN,=CL8'TAPE'
INIT2    MVC   DEVADDR,=X'0181'
         MVC   TAPID,=C'TAP1(181)'
         MVC   EOFN,=F'1'
         MVC   ARGS(24),BLANKS
         SR    R0,R0
         ST    R0,NARGS
         ST    R0,ABUF
         ST    R0,AFLIST
*                                      FUNCTION
         LA    R2,8(,R9)
         CLI   0(R2),X'FF'
         BE    ERRNOFN
         CLI   0(R2),C'('
         BE    ERRNOFN
         MVC   FUNC,0(R2)
*                                      OPERANDS
         LA    R2,8(,R2)
         LA    R3,ARGS
OPND     CLI   0(R2),X'FF'
         BE    OPTEND
         CLI   0(R2),C'('
         BE    OPTS0
         L     R1,NARGS
         C     R1,=F'3'
         BNL   ERRPARM
         MVC   0(8,R3),0(R2)
         LA    R1,1(,R1)
         ST    R1,NARGS
         LA    R3,8(,R3)
         LA    R2,8(,R2)
         B     OPND
*                                      OPTIONS
OPTS0    LA    R2,8(,R2)
OPTLOOP  CLI   0(R2),X'FF'
         BE    OPTEND
         CLC   0(8,R2),=CL8')'
         BE    OPTEND
         LA    R3,OPTTAB
OPTFIND  CLI   0(R3),X'FF'
         BE    OPTDEV
         CLC   0(8,R2),0(R3)
         BE    OPTHIT
         LA    R3,12(,R3)
         B     OPTFIND
OPTHIT   L     R15,8(,R3)
         BR    R15
OPTNEXT  LA    R2,8(,R2)
         B     OPTLOOP
OPTTERM  NI    OPTS,255-ONOPRT-OPRINT
         B     OPTNEXT
OPTNOPR  NI    OPTS,255-OPRINT
         OI    OPTS,ONOPRT
         B     OPTNEXT
OPTPRT   NI    OPTS,255-ONOPRT
         OI    OPTS,OPRINT
         B     OPTNEXT
OPTWTM   OI    OPTS,OWTM
         B     OPTNEXT
OPTNOWTM NI    OPTS,255-OWTM
         B     OPTNEXT
OPTEOT   OI    OPTS,OEOT
         B     OPTNEXT
OPTEOF   NI    OPTS,255-OEOT
         LA    R2,8(,R2)
         BAL   R14,DECTOK
         LTR   R15,R15
         BNZ   ERRPARM
         ST    R1,EOFN
         B     OPTNEXT
OPTSKIP1 LA    R2,8(,R2)               DEN N / TRTCH A: VALUE IGNORED
         CLI   0(R2),X'FF'
         BE    ERRPARM
         B     OPTNEXT
*                                      TAPN OR CUU
OPTDEV   CLC   0(3,R2),=C'TAP'
         BNE   OPTCUU
         CLC   4(4,R2),BLANKS
         BNE   ERRBADOP
         CLI   3(R2),C'0'
         BL    ERRBADOP
         CLI   3(R2),C'4'
         BH    ERRBADOP
         SR    R1,R1
         IC    R1,3(,R2)
         N     R1,=F'15'
         LA    R1,X'180'(,R1)
         B     OPTDEVOK
OPTCUU   CLC   0(2,R2),=C'18'
         BNE   ERRBADOP
         CLC   3(5,R2),BLANKS
         BNE   ERRBADOP
         CLI   2(R2),C'0'
         BL    ERRBADOP
         CLI   2(R2),C'7'
         BH    ERRBADOP
         SR    R1,R1
         IC    R1,2(,R2)
         N     R1,=F'15'
         LA    R1,X'180'(,R1)
OPTDEVOK STH   R1,DEVADDR
         SR    R3,R3                   TAPID: TAPN(CUU)
         IC    R3,DEVADDR+1
         N     R3,=F'15'
         STC   R3,TAPID+3
         OI    TAPID+3,X'F0'
         MVC   TAPID+7(1),TAPID+3
         B     OPTNEXT
*
OPTEND   LA    R3,FUNTAB               DISPATCH THE FUNCTION
FUNFIND  CLI   0(R3),X'FF'
         BE    ERRBADFN
         CLC   FUNC,0(R3)
         BE    FUNHIT
         LA    R3,16(,R3)
         B     FUNFIND
FUNHIT   MVC   TCMD,8(R3)              CCW OP FOR POSITIONING
         L     R15,12(,R3)
         BR    R15
*
*---------------------------------------------------------------------
* POSITIONING: REW RUN ERG MODESET (ONCE), FSF BSF FSR BSR WTM N
*---------------------------------------------------------------------
FONCE    MVC   COUNT,=F'1'
         LA    R2,ARGS
         CLC   NARGS,=F'0'
         BNE   ERRPARM
         B     POSGO
FCOUNT   MVC   COUNT,=F'1'
         L     R1,NARGS
         LTR   R1,R1
         BZ    POSGO
         C     R1,=F'1'
         BNE   ERRPARM
         LA    R2,ARGS
         BAL   R14,DECTOK
         LTR   R15,R15
         BNZ   ERRPARM
         ST    R1,COUNT
POSGO    MVC   TCCW(1),TCMD
         LA    R1,1
         STH   R1,TCCW+6
         XC    TCCW+1(3),TCCW+1
         BAL   R14,TAPIO
         C     R15,=F'8'
         BNL   POSERR
         L     R1,COUNT
         BCTR  R1,0
         ST    R1,COUNT
         LTR   R1,R1
         BP    POSGO
         SR    R15,R15
         B     RETURN
POSERR   C     R15,=F'12'
         BE    ERRNATT
         TM    SENSEB+1,SENSE1NR       NOT READY: NOT 043E
         BO    *+12
         TM    SENSEB+1,SENSE1FP
         BO    ERRPROT
         CLI   TCMD,CMDWTM
         BE    ERRWRT
         CLI   TCMD,CMDERG
         BE    ERRWRT
         B     ERRREAD
*
*---------------------------------------------------------------------
* DUMP FN FT [FM]
*---------------------------------------------------------------------
FDUMP    CLC   NARGS,=F'2'
         BL    ERRINCMP
         BAL   R14,GETBUF
         MVC   SELFM,=CL8'A'
         CLC   NARGS,=F'3'
         BNE   *+10
         MVC   SELFM,ARGS+16
         BAL   R14,COLLECT
         LTR   R15,R15
         BNZ   ERRNOSTG
         L     R6,NLIST
         LTR   R6,R6
         BZ    ERRNOTF
         MVC   LINE(12),=C'DUMPING.....'
         LA    R3,12
         BAL   R14,LISTOUT
         L     R7,AFLIST
DUMPNEXT MVC   STPL+8(16),0(R7)        STATE FN FT FM
         MVC   STPL+24(8),BLANKS
         MVC   STPL+24(1),16(R7)
         LA    R1,STPL
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   DUMPSKIP
         MVC   HFST,0(R1)
         BAL   R14,DUMPONE
         LTR   R15,R15
         BNZ   RETURN
         MVC   CURFID(16),0(R7)
         MVC   CURFID+16(2),16(R7)
         BAL   R14,FIDLINE
         TM    OPTS,OWTM
         BZ    DUMPSKIP
         TIO   CMDWTM,0,1
         LTR   R15,R15
         BNZ   ERRWRTIO
DUMPSKIP LA    R7,24(,R7)
         BCT   R6,DUMPNEXT
         TM    OPTS,OWTM
         BO    DUMPDONE
         TIO   CMDWTM,0,1              NOWTM: ONE TAPEMARK, THEN
         LTR   R15,R15                 BACK OVER IT
         BNZ   ERRWRTIO
         TIO   CMDBSR,0,1
DUMPDONE SR    R15,R15
         B     RETURN
*
* DUMPONE: THE FILE OF HFST (ITS FILEID IN 0(R7)) TO THE TAPE.
* R15 = 0 OR THE COMMAND'S RETURN CODE (MESSAGE TYPED).
DUMPONE  ST    R14,DOLINK
         STM   R6,R7,DOREGS
         LH    R1,HFST+FSTBLKCT-FSTD
         N     R1,=F'65535'
         ST    R1,UNITS
         MH    R1,=H'800'
         ST    R1,DLEFT                BYTES OF DATA TO WRITE
         SR    R1,R1
         ST    R1,OFILL
         L     R8,ABLK
         TM    FLAGS,FTAPE
         BO    DOTAPE
*                                      VMFPLC2: THE HEADER
         XC    0(HDRLEN,R8),0(R8)
         MVC   0(5,R8),TAGPLCH
         MVC   5(40,R8),HFST
         L     R1,UNITS
         BCTR  R1,0
         SR    R0,R0
         D     R0,=F'5'                R1 = FULL BLOCKS, R0 = REST-1
         STCM  R1,15,5+44(R8)
         AH    R0,=H'1'
         STCM  R0,15,5+40(R8)
         LH    R1,HFST+FSTRECCT-FSTD
         N     R1,=F'65535'
         STCM  R1,15,5+56(R8)
         IC    R1,HFST+FSTYEARW-FSTD   STAMP: YY MMDD HHMM 00
         N     R1,=F'15'
         SLL   R1,4
         IC    R0,HFST+FSTYEARW-FSTD+1
         N     R0,=F'15'
         OR    R1,R0
         STC   R1,5+62(,R8)
         MVC   5+63(2,R8),HFST+FSTDATEW-FSTD
         MVC   5+65(2,R8),HFST+FSTTIMEW-FSTD
         LA    R3,HDRLEN
         BAL   R14,WRBLK
         LTR   R15,R15
         BNZ   DORET
         MVC   0(5,R8),TAGPLCD
         MVC   BLKCAP,=F'4000'
         B     DODATA
DOTAPE   MVC   0(5,R8),TAGCMS
         MVC   BLKCAP,=F'800'
*                                      THE RECORDS
DODATA   MVC   RDFS+8(16),0(R7)
         MVC   RDFS+24(2),16(R7)
         XC    RDFS+26(2),RDFS+26
         LH    R6,HFST+FSTRECCT-FSTD
         N     R6,=F'65535'            RECORDS LEFT
         L     R5,HFST+FSTLRECL-FSTD
         CLI   HFST+FSTRECFM-FSTD,C'V'
         BE    DOV
         LTR   R5,R5
         BNP   DOBADF
DOF      LTR   R6,R6
         BNP   DOPAD
         L     R1,=A(SBUFLEN)
         SR    R0,R0
         DR    R0,R5                   RECORDS THAT FIT
         CR    R1,R6
         BNH   *+6
         LR    R1,R6
         C     R1,=F'32767'
         BNH   *+8
         L     R1,=F'32767'
         STH   R1,RDFS+38
         SR    R6,R1
         MR    R0,R5
         ST    R1,RDFS+32
         MVC   RDFS+28(4),ASBUF
         MVI   RDFS+36,C'F'
         LA    R1,RDFS
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   DORDERR
         L     R2,ASBUF
         LR    R3,R0
         BAL   R14,PUTDATA
         LTR   R15,R15
         BNZ   DORET
         B     DOF
DOV      LTR   R6,R6
         BNP   DOPAD
         MVC   RDFS+38(2),=H'1'
         MVC   RDFS+32(4),=F'65535'
         L     R1,ASBUF
         LA    R1,2(,R1)
         ST    R1,RDFS+28
         MVI   RDFS+36,C'V'
         LA    R1,RDFS
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   DORDERR
         L     R2,ASBUF
         STH   R0,0(,R2)
         LR    R3,R0
         LA    R3,2(,R3)
         BAL   R14,PUTDATA
         LTR   R15,R15
         BNZ   DORET
         BCT   R6,DOV
DOPAD    MVC   FNFS+8(16),RDFS+8       CLOSE THE FILE
         MVC   FNFS+24(2),RDFS+24
         LA    R1,FNFS
         SVC   202
         DC    AL4(1)
DOPADL   L     R3,DLEFT                ZERO UNITS UP TO THE FST'S
         LTR   R3,R3                   BLOCK COUNT
         BNP   DOFLUSH
         C     R3,=F'800'
         BNH   *+8
         LA    R3,800
         LA    R2,ZEROS
         BAL   R14,PUTDATA
         LTR   R15,R15
         BNZ   DORET
         B     DOPADL
DOFLUSH  L     R3,OFILL
         LTR   R3,R3
         BZ    DONAME
         LA    R3,5(,R3)
         BAL   R14,WRBLK
         LTR   R15,R15
         BNZ   DORET
DONAME   TM    FLAGS,FTAPE             TAPE: THE CMSN BLOCK
         BZ    DOOK
         L     R8,ABLK
         XC    0(256,R8),0(R8)
         XC    256(256,R8),256(R8)
         XC    512(256,R8),512(R8)
         XC    768(37,R8),768(R8)
         MVC   0(5,R8),TAGCMSN
         MVC   5(20,R8),HFST+20        WRITE PTR .. YEAR
         MVC   5+20(4,R8),HFST+16      DATE, TIME
         LH    R1,HFST+FSTRECCT-FSTD
         N     R1,=F'65535'
         STCM  R1,15,5+X'20'(R8)       EDF ITEM COUNT
         MVC   5+X'40'(16,R8),HFST     FN FT
         MVC   5+X'50'(2,R8),HFST+24   FM
         LA    R3,805
         BAL   R14,WRBLK
         LTR   R15,R15
         BNZ   DORET
DOOK     SR    R15,R15
DORET    L     R14,DOLINK
         LM    R6,R7,DOREGS
         BR    R14
DORDERR  MVC   CURFID(16),RDFS+8
         MVC   CURFID+16(2),RDFS+24
         LR    R5,R15
         TMSG  '104S ERROR'
         BAL   R14,APPRC
         MVC   0(14,R4),=C' READING FILE '
         LA    R4,14(,R4)
         BAL   R14,APPFID
         MVC   0(10,R4),=C' FROM DISK'
         LA    R4,10(,R4)
         BAL   R14,MSGSEND
         LA    R15,100
         B     DORET
DOBADF   MVC   CURFID(16),RDFS+8
         MVC   CURFID+16(2),RDFS+24
         TMSG  '032E INVALID FILE'
         BAL   R14,APPFID
         BAL   R14,MSGSEND
         LA    R15,32
         B     DORET
*
* PUTDATA: R3 BYTES AT R2 INTO THE OUTPUT BLOCKS (FULL ONES WRITTEN).
* R15 = 0 OR A RETURN CODE (MESSAGE TYPED).
PUTDATA  ST    R14,PDLINK
         L     R1,DLEFT
         SR    R1,R3
         BM    PDBAD                   MORE DATA THAN THE FST SAYS
         ST    R1,DLEFT
PDLOOP   LTR   R3,R3
         BNP   PDOK
         L     R5,BLKCAP
         S     R5,OFILL                ROOM
         CR    R5,R3
         BNH   *+6
         LR    R5,R3
         L     R0,ABLK
         AH    R0,=H'5'
         A     R0,OFILL                TO: THE BLOCK'S FREE PART
         LR    R1,R5
         LR    R14,R2                  FROM: THE DATA
         LR    R15,R5
         MVCL  R0,R14
         LR    R2,R14
         SR    R3,R5
         L     R1,OFILL
         AR    R1,R5
         ST    R1,OFILL
         C     R1,BLKCAP
         BL    PDLOOP
         STM   R2,R3,PDREGS
         L     R3,BLKCAP
         LA    R3,5(,R3)
         BAL   R14,WRBLK
         LM    R2,R3,PDREGS
         LTR   R15,R15
         BNZ   PDRET
         SR    R1,R1
         ST    R1,OFILL
         B     PDLOOP
PDOK     SR    R15,R15
PDRET    L     R14,PDLINK
         BR    R14
PDBAD    MVC   CURFID(16),RDFS+8
         MVC   CURFID+16(2),RDFS+24
         TMSG  '032E INVALID FILE'
         BAL   R14,APPFID
         BAL   R14,MSGSEND
         LA    R15,32
         B     PDRET
*
* WRBLK: WRITE R3 BYTES AT ABLK AS ONE TAPE BLOCK.  R15 = 0 / 100.
WRBLK    ST    R14,WBLINK
         MVI   TCCW,CMDWRITE
         L     R1,ABLK
         STCM  R1,7,TCCW+1
         STH   R3,TCCW+6
         BAL   R14,TAPIO
         L     R14,WBLINK
         C     R15,=F'4'               UX: PAST THE END MARKER, WRITTEN
         BNH   WBOK
         ST    R14,WBLINK
         C     R15,=F'12'
         BE    WBNATT
         TM    SENSEB+1,SENSE1NR       NOT READY: NOT 043E
         BO    *+12
         TM    SENSEB+1,SENSE1FP
         BO    WBPROT
         BAL   R14,MSGWRT
         B     WBBAD
WBPROT   BAL   R14,MSGPROT
         L     R14,WBLINK
         LA    R15,36
         BR    R14
WBNATT   BAL   R14,MSGNATT
WBBAD    L     R14,WBLINK
         LA    R15,100
         BR    R14
WBOK     SR    R15,R15
         BR    R14
*
* COLLECT: FILES MATCHING ARGS (FN FT) AND SELFM (LETTER [NUMBER] OR
* *) ON THE ACCESSED DISKS -> A LIST IN DMSFREE STORAGE (AFLIST,
* FLISTDW DOUBLEWORDS; 24 BYTES AN ENTRY: FN FT LETTER NUMBER),
* NLIST ENTRIES.  A FIRST PASS COUNTS, THE SECOND FILLS THE LIST.
* R15 = 0, 1 NO STORAGE.  NO FILE: NO LIST (AFLIST 0).
COLLECT  ST    R14,COLLINK
         SR    R7,R7                   PASS 1: COUNT
         BAL   R14,COLSCAN
         SR    R15,R15
         LTR   R6,R6
         BZ    COLRET
         ST    R6,FLISTMAX
         LA    R2,0(R6,R6)             3 DOUBLEWORDS AN ENTRY
         AR    R2,R6
         ST    R2,FLISTDW
         DMSFREE DWORDS=(R2)
         LTR   R15,R15
         BNZ   COLRET
         ST    R1,AFLIST
         LR    R7,R1                   PASS 2: FILL
         BAL   R14,COLSCAN
         SR    R15,R15
COLRET   ST    R6,NLIST
         L     R14,COLLINK
         BR    R14
*
* COLSCAN: R6 = THE MATCHING FILES; R7 -> WHERE TO LIST THEM (AT
* MOST FLISTMAX), OR 0 TO COUNT ONLY.  R3 R4 R8 R9 CHANGED.
COLSCAN  SR    R6,R6
         L     R8,AADTTAB
         USING ADTD,R8
         LA    R9,ADTSLOTS
COLDISK  CLI   ADTM,0
         BE    COLDNXT
         CLI   SELFM,C'*'
         BE    COLTHIS
         CLC   ADTM,SELFM
         BNE   COLDNXT
COLTHIS  L     R3,ADTFSTB
         USING FSTD,R3
         LH    R4,ADTNFST
         MH    R4,=Y(FSTPERBK)
         LTR   R4,R4
         BZ    COLDNXT
COLFST   CLI   FSTFNAME,0
         BE    COLFNXT
         CLI   ARGS,C'*'
         BE    *+14
         CLC   ARGS(8),FSTFNAME
         BNE   COLFNXT
         CLI   ARGS+8,C'*'
         BE    *+14
         CLC   ARGS+8(8),FSTFTYPE
         BNE   COLFNXT
         CLI   SELFM,C'*'
         BE    COLTAKE
         CLI   SELFM+1,C' '
         BE    COLTAKE
         CLC   SELFM+1(1),FSTFMODE+1
         BNE   COLFNXT
COLTAKE  LTR   R7,R7
         BZ    COLCOUNT
         C     R6,FLISTMAX
         BNL   COLDONE
         MVC   0(16,R7),FSTFNAME
         MVC   16(8,R7),BLANKS
         MVC   16(1,R7),ADTM
         MVC   17(1,R7),FSTFMODE+1
         LA    R7,24(,R7)
COLCOUNT LA    R6,1(,R6)
COLFNXT  LA    R3,FSTLEN(,R3)
         BCT   R4,COLFST
COLDNXT  LA    R8,ADTLEN(,R8)
         BCT   R9,COLDISK
COLDONE  BR    R14
         DROP  R3,R8
*
*---------------------------------------------------------------------
* LOAD / SCAN / SKIP [FN FT [FM]]
*---------------------------------------------------------------------
FLOAD    MVI   MODE,MLOAD
         MVC   LINE(12),=C'LOADING.....'
         B     RDGO
FSCAN    MVI   MODE,MSCAN
         MVC   LINE(12),=C'SCANNING....'
         B     RDGO
FSKIP    MVI   MODE,MSKIP
         MVC   LINE(12),=C'SKIPPING....'
RDGO     MVC   SELFM,=CL8'A'
         CLC   NARGS,=F'1'
         BE    ERRINCMP
         CLC   NARGS,=F'3'
         BNE   RDGO2
         LA    R2,ARGS+16
         CLI   MODE,MLOAD
         BNE   ERRPARM
         MVC   SELFM,ARGS+16
RDGO2    CLI   MODE,MLOAD
         BNE   RDGO2A
         BAL   R14,CHKDISK             THE DISK TO LOAD ONTO
         LTR   R15,R15
         BNZ   RETURN
RDGO2A   CLC   NARGS,=F'0'
         BE    RDGO3
         OI    FLAGS,FSEL
         CLI   ARGS,C'*'
         BE    RDGO3
         CLI   ARGS+8,C'*'
         BE    RDGO3
         OI    FLAGS,FEXACT
RDGO3    BAL   R14,GETBUF
         LA    R3,12
         BAL   R14,LISTOUT
         MVI   LASTTM,0
         L     R1,EOFN
         ST    R1,TMLEFT
*                                      NEXT FILE: ITS FIRST BLOCK
RDNEXT   BAL   R14,RDBLK
         C     R15,=F'4'
         BE    RDTM
         LTR   R15,R15
         BNZ   RETURN
         MVI   LASTTM,0
         TM    FLAGS,FTAPE
         BO    TPFILE
*                                      VMFPLC2: A HEADER
         L     R8,ABLK
         C     R3,=A(HDRLEN)
         BNE   ERRFMT
         CLC   0(5,R8),TAGPLCH
         BNE   ERRFMT
         MVC   HFST,5(R8)
         ICM   R1,15,5+44(R8)          FULL BLOCKS
         ST    R1,FULLB
         ICM   R1,15,5+40(R8)          UNITS IN THE LAST ONE
         ST    R1,LASTU
         LTR   R1,R1
         BNP   ERRFMT
         C     R1,=F'5'
         BH    ERRFMT
         MVC   CURFID(16),HFST
         MVC   CURFID+16(2),HFST+24
         BAL   R14,MATCH
         BNE   PLSKIP
         CLI   MODE,MSKIP
         BE    SKIPHIT
         CLI   MODE,MSCAN
         BE    PLSCAN
         BAL   R14,LOADOPEN            LOAD: THE WORK FILE
         LTR   R15,R15
         BNZ   RETURN
         SR    R6,R6                   DATA BLOCK INDEX
PLDATA   BAL   R14,RDBLK
         C     R15,=F'4'
         BE    PLTRUNC                 A TAPEMARK IN THE DATA
         LTR   R15,R15
         BNZ   LDFAIL
         L     R8,ABLK
         CLC   0(5,R8),TAGPLCD
         BNE   PLBAD
         LA    R1,5
         C     R6,FULLB
         BL    PLFULL
         L     R0,LASTU
         B     PLLEN
PLFULL   LA    R0,5
PLLEN    MH    R0,=H'800'
         AR    R1,R0
         CR    R1,R3
         BNE   PLBAD
         LA    R2,5(,R8)
         SH    R3,=H'5'
         BAL   R14,INDATA
         LTR   R15,R15
         BNZ   LDFAIL
         LA    R6,1(,R6)
         C     R6,FULLB
         BNH   PLDATA
         BAL   R14,LOADDONE
         LTR   R15,R15
         BNZ   RETURN
         TM    FLAGS,FEXACT
         BO    RDEND2
         B     RDNEXT
PLTRUNC  MVI   LASTTM,1
PLBAD    BAL   R14,LOADDROP
         B     ERRFMT
PLSCAN   BAL   R14,SCANLINE
PLSKIP   L     R1,FULLB                OVER THE DATA BLOCKS
         LA    R1,1(,R1)
         ST    R1,COUNT
PLSKIP1  TIO   CMDFSR,0,1
         C     R15,=F'4'
         BE    ERRFMT                  A TAPEMARK IN THE DATA
         LTR   R15,R15
         BNZ   ERRREAD
         L     R1,COUNT
         BCTR  R1,0
         ST    R1,COUNT
         LTR   R1,R1
         BP    PLSKIP1
         B     RDNEXT
*                                      SKIP: BACK BEFORE THE FILE
SKIPHIT  TM    FLAGS,FTAPE
         BO    SKIPHIT2
         TIO   CMDBSR,0,1
         B     RDEND2
SKIPHIT2 L     R1,UNITS                TAPE: DATA BLOCKS + CMSN
         LA    R1,1(,R1)
         ST    R1,COUNT
SKIPHIT3 TIO   CMDBSR,0,1
         L     R1,COUNT
         BCTR  R1,0
         ST    R1,COUNT
         LTR   R1,R1
         BP    SKIPHIT3
         B     RDEND2
*                                      A TAPEMARK BETWEEN FILES
RDTM     CLI   LASTTM,0
         BNE   RDEND                   TWO IN A ROW: END OF TAPE
         MVI   LASTTM,1
         TM    OPTS,OEOT
         BO    RDNEXT
         L     R1,TMLEFT
         BCTR  R1,0
         ST    R1,TMLEFT
         LTR   R1,R1
         BP    RDNEXT
RDEND    MVC   LINE(26),=C'END-OF-FILE OR END-OF-TAPE'
         LA    R3,26
         BAL   R14,LISTOUT
RDEND2   SR    R15,R15
         B     RETURN
*
*                                      TAPE FORMAT: DATA, THEN CMSN
TPFILE   CLI   MODE,MLOAD
         BNE   TPSCAN
         MVC   T2FS+8(8),WRKFN         THE RAW DATA: TAPE CMSUT2 A
         MVC   T2FS+24(1),SELFM
         MVC   ERPL+8(8),WRKFN
         MVC   ERPL+16(8),=CL8'CMSUT2'
         MVC   ERPL+24(8),BLANKS
         MVC   ERPL+24(1),SELFM
         LA    R1,ERPL
         SVC   202
         DC    AL4(1)
         XC    T2FS+26(2),T2FS+26
         SR    R6,R6                   UNITS SO FAR
         MVI   T2OPEN,1
TPBLK    L     R8,ABLK
         CLC   0(5,R8),TAGCMSN
         BE    TPNAME
         CLC   0(4,R8),TAGCMS
         BNE   TPBAD
         C     R3,=F'805'
         BNE   TPBAD
         LA    R1,5(,R8)
         ST    R1,T2FS+28
         LA    R1,T2FS
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   TPWERR
         LA    R6,1(,R6)
         BAL   R14,RDBLK
         C     R15,=F'4'
         BE    TPTRUNC
         LTR   R15,R15
         BNZ   TPFAIL
         B     TPBLK
TPNAME   C     R3,=F'805'
         BNE   TPBAD
         BAL   R14,CMSNFST             HFST FROM THE CMSN BLOCK
         MVC   FNFS+8(16),T2FS+8
         MVC   FNFS+24(2),T2FS+24
         LA    R1,FNFS
         SVC   202
         DC    AL4(1)
         MVI   T2OPEN,0
         MVC   CURFID(16),HFST
         MVC   CURFID+16(2),HFST+24
         BAL   R14,MATCH
         BNE   TPDROP2
         LTR   R6,R6
         BZ    TPEMPTY
         BAL   R14,LOADOPEN
         LTR   R15,R15
         BNZ   TPDROP2R
         MVC   RDFS+8(16),T2FS+8       READ THE RAW DATA BACK
         MVC   RDFS+24(2),T2FS+24
         XC    RDFS+26(2),RDFS+26
         MVC   RDFS+32(4),=F'800'
         MVC   RDFS+38(2),=H'1'
         MVI   RDFS+36,C'F'
TPBACK   L     R2,ABLK
         LA    R2,5(,R2)
         ST    R2,RDFS+28
         LA    R1,RDFS
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'
         BE    TPBACKE
         LTR   R15,R15
         BNZ   TPRDERR
         L     R2,RDFS+28
         LA    R3,800
         BAL   R14,INDATA
         LTR   R15,R15
         BNZ   TPFAIL2
         B     TPBACK
TPBACKE  MVC   FNFS+8(16),RDFS+8
         MVC   FNFS+24(2),RDFS+24
         LA    R1,FNFS
         SVC   202
         DC    AL4(1)
         BAL   R14,T2ERASE
         BAL   R14,LOADDONE
         LTR   R15,R15
         BNZ   RETURN
         TM    FLAGS,FEXACT
         BO    RDEND2
         B     RDNEXT
TPEMPTY  B     TPBAD
TPDROP2  BAL   R14,T2ERASE
         B     RDNEXT
TPDROP2R BAL   R14,T2ERASE
         B     RETURN
TPRDERR  LR    R5,R15
         BAL   R14,LOADDROP
         BAL   R14,T2ERASE
         LR    R15,R5
         B     RETURN
TPFAIL2  LR    R5,R15
         BAL   R14,T2ERASE
         LR    R15,R5
         B     LDFAIL
TPTRUNC  MVI   LASTTM,1
TPBAD    BAL   R14,T2ERASE
         B     ERRFMT
TPFAIL   LR    R5,R15
         BAL   R14,T2ERASE
         LR    R15,R5
         B     RETURN
TPWERR   LR    R5,R15
         BAL   R14,T2ERASE
         MVC   CURFID(16),T2FS+8
         MVC   CURFID+16(2),T2FS+24
         B     LDWERR
*                                      TAPE SCAN/SKIP: TO THE CMSN
TPSCAN   SR    R6,R6
TPSBLK   L     R8,ABLK
         CLC   0(5,R8),TAGCMSN
         BE    TPSNAME
         CLC   0(4,R8),TAGCMS
         BNE   ERRFMT
         LA    R6,1(,R6)
         BAL   R14,RDBLK
         C     R15,=F'4'
         BE    ERRFMT
         LTR   R15,R15
         BNZ   RETURN
         B     TPSBLK
TPSNAME  ST    R6,UNITS
         BAL   R14,CMSNFST
         MVC   CURFID(16),HFST
         MVC   CURFID+16(2),HFST+24
         BAL   R14,MATCH
         BNE   RDNEXT
         CLI   MODE,MSKIP
         BE    SKIPHIT
         BAL   R14,SCANLINE
         B     RDNEXT
*
* T2ERASE: CLOSE AND ERASE THE RAW WORK FILE (TAPE LOAD).
T2ERASE  ST    R14,T2LINK
         CLI   T2OPEN,0
         BE    T2ER2
         MVC   FNFS+8(16),T2FS+8
         MVC   FNFS+24(2),T2FS+24
         LA    R1,FNFS
         SVC   202
         DC    AL4(1)
         MVI   T2OPEN,0
T2ER2    MVC   ERPL+8(8),T2FS+8
         MVC   ERPL+16(8),T2FS+16
         MVC   ERPL+24(8),BLANKS
         MVC   ERPL+24(2),T2FS+24
         LA    R1,ERPL
         SVC   202
         DC    AL4(1)
         L     R14,T2LINK
         BR    R14
*
* CMSNFST: HFST (40 BYTES) FROM THE CMSN BLOCK AT ABLK.
CMSNFST  L     R8,ABLK
         MVC   HFST(16),5+X'40'(R8)    FN FT
         MVC   HFST+16(4),5+20(R8)     DATE TIME
         MVC   HFST+20(20),5(R8)       WRITE PTR .. YEAR
         MVC   HFST+24(2),5+X'50'(R8)  FM
         BR    R14
*
* CHKDISK: IS SELFM'S LETTER AN ACCESSED, WRITABLE DISK?  R15 = 0;
* 36 (MESSAGE 069E NOT ACCESSED / 037E READ-ONLY TYPED).
CHKDISK  ST    R14,CKLINK
         L     R8,AADTTAB
         USING ADTD,R8
         LA    R9,ADTSLOTS
CKLOOP   CLC   ADTM,SELFM
         BE    CKFOUND
         LA    R8,ADTLEN(,R8)
         BCT   R9,CKLOOP
         TMSG  '069E DISK'
         B     CKMSG
CKFOUND  SR    R15,R15
         TM    ADTFLG,ADTFRW
         BO    CKRET
         TMSG  '037E DISK'
         BAL   R14,CKLET
         MVC   0(14,R4),=C''' IS READ/ONLY'
         LA    R4,14(,R4)
         B     CKSEND
CKMSG    BAL   R14,CKLET
         MVC   0(14,R4),=C''' NOT ACCESSED'
         LA    R4,14(,R4)
CKSEND   BAL   R14,MSGSEND
         LA    R15,36
CKRET    L     R14,CKLINK
         BR    R14
         DROP  R8
CKLET    MVI   0(R4),C' '              " 'X"
         MVI   1(R4),C''''
         MVC   2(1,R4),SELFM
         LA    R4,3(,R4)
         BR    R14
*
* MATCH: CC EQUAL IF CURFID'S FN FT FIT THE SELECTION.
MATCH    TM    FLAGS,FSEL
         BZR   R14                     NONE: EVERY FILE (CC 0 HERE)
         CLI   ARGS,C'*'
         BE    MATCH2
         CLC   ARGS(8),CURFID
         BNER  R14
MATCH2   CLI   ARGS+8,C'*'
         BER   R14
         CLC   ARGS+8(8),CURFID+8
         BR    R14
*
* SCANLINE: LIST CURFID.
SCANLINE ST    R14,SLLINK
         BAL   R14,FIDLINE
         L     R14,SLLINK
         BR    R14
*
* LOADOPEN: START LOADING HFST'S FILE: THE WORK FILE  CMD CMSUT1 FM
* (FM = SELFM'S LETTER + THE FILE'S MODE NUMBER) IS ERASED; THE
* RECORD COUNTERS SET.  R15 = 0 OR A RETURN CODE (MESSAGE TYPED).
LOADOPEN ST    R14,LOLINK
         MVC   TGTFM(1),SELFM
         MVC   TGTFM+1(1),HFST+25
         CLI   TGTFM+1,C' '
         BNE   *+8
         MVI   TGTFM+1,C'1'
         MVC   ERPL+8(8),WRKFN
         MVC   ERPL+16(8),=CL8'CMSUT1'
         MVC   ERPL+24(8),BLANKS
         MVC   ERPL+24(2),TGTFM
         LA    R1,ERPL
         SVC   202
         DC    AL4(1)
         MVC   WRFS+8(8),WRKFN
         MVC   WRFS+16(8),=CL8'CMSUT1'
         MVC   WRFS+24(2),TGTFM
         XC    WRFS+26(2),WRFS+26
         MVC   WRFS+36(1),HFST+FSTRECFM-FSTD
         LH    R1,HFST+FSTRECCT-FSTD
         N     R1,=F'65535'
         ST    R1,RLEFT
         L     R1,HFST+FSTLRECL-FSTD
         ST    R1,LRECL
         LH    R1,HFST+FSTBLKCT-FSTD
         N     R1,=F'65535'
         ST    R1,ULEFT
         SR    R1,R1
         ST    R1,SFILL
         MVI   WOPEN,1
         SR    R15,R15
         CLI   WRFS+36,C'V'
         BE    LORET
         CLI   WRFS+36,C'F'
         BNE   LOBAD
         L     R1,LRECL
         LTR   R1,R1
         BP    LORET
LOBAD    MVC   CURFID(16),HFST
         MVC   CURFID+16(2),HFST+24
         TMSG  '032E INVALID FILE'
         BAL   R14,APPFID
         BAL   R14,MSGSEND
         MVI   WOPEN,0
         LA    R15,32
LORET    L     R14,LOLINK
         BR    R14
*
* INDATA: R3 BYTES OF FILE DATA AT R2 (WHOLE UNITS): THE RECORDS
* COMPLETED BY THEM ARE WRITTEN TO THE WORK FILE.  UNITS PAST THE
* FST'S BLOCK COUNT ARE DROPPED.  R15 = 0 OR A RETURN CODE.
INDATA   ST    R14,IDLINK
         STM   R4,R9,IDREGS
         L     R1,ULEFT                UNITS STILL WANTED
         MH    R1,=H'800'
         CR    R3,R1
         BNH   *+6
         LR    R3,R1
         LR    R1,R3
         SR    R0,R0
         D     R0,=F'800'
         L     R0,ULEFT
         SR    R0,R1
         ST    R0,ULEFT
         L     R4,ASBUF                APPEND TO THE STAGING BUFFER
         A     R4,SFILL
         LR    R5,R3
         LR    R0,R4
         LR    R1,R5
         LR    R4,R2
         MVCL  R0,R4
         L     R1,SFILL
         AR    R1,R3
         ST    R1,SFILL
         SR    R6,R6                   R6 = POSITION IN SBUF
         CLI   WRFS+36,C'V'
         BE    IDV
IDF      L     R1,RLEFT
         LTR   R1,R1
         BNP   IDSHIFT
         L     R5,LRECL
         L     R1,SFILL
         SR    R1,R6
         SR    R0,R0
         DR    R0,R5                   COMPLETE RECORDS
         LTR   R1,R1
         BNP   IDSHIFT
         C     R1,RLEFT
         BNH   *+8
         L     R1,RLEFT
         C     R1,=F'32767'
         BNH   *+8
         L     R1,=F'32767'
         L     R0,RLEFT
         SR    R0,R1
         ST    R0,RLEFT
         STH   R1,WRFS+38
         MR    R0,R5
         ST    R1,WRFS+32
         L     R2,ASBUF
         AR    R2,R6
         ST    R2,WRFS+28
         AR    R6,R1
         LA    R1,WRFS
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   IDWERR
         B     IDF
IDV      L     R1,RLEFT
         LTR   R1,R1
         BNP   IDSHIFT
         L     R1,SFILL
         SR    R1,R6
         C     R1,=F'2'
         BL    IDSHIFT
         L     R2,ASBUF
         AR    R2,R6
         SR    R3,R3
         ICM   R3,3,0(R2)
         LTR   R3,R3
         BZ    IDBADV
         LA    R0,2(,R3)
         CR    R1,R0
         BL    IDSHIFT
         ST    R3,WRFS+32
         MVC   WRFS+38(2),=H'1'
         LA    R2,2(,R2)
         ST    R2,WRFS+28
         AR    R6,R0
         L     R1,RLEFT
         BCTR  R1,0
         ST    R1,RLEFT
         LA    R1,WRFS
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   IDWERR
         B     IDV
IDSHIFT  L     R1,SFILL                KEEP WHAT IS LEFT
         SR    R1,R6
         ST    R1,SFILL
         LTR   R1,R1
         BNP   IDOK
         L     R0,ASBUF
         LR    R4,R0
         AR    R4,R6
         LR    R5,R1
         MVCL  R0,R4
IDOK     SR    R15,R15
IDRET    L     R14,IDLINK
         LM    R4,R9,IDREGS
         BR    R14
IDBADV   MVC   CURFID(16),HFST
         MVC   CURFID+16(2),HFST+24
         TMSG  '032E INVALID FILE'
         BAL   R14,APPFID
         BAL   R14,MSGSEND
         LA    R15,32
         B     IDRET
IDWERR   LR    R5,R15
         MVC   CURFID(16),WRFS+8
         MVC   CURFID+16(2),WRFS+24
         BAL   R14,WERRMSG
         LR    R15,R5
         B     IDRET
*
* WERRMSG: DMS...105S ERROR RC WRITING FILE CURFID ON DISK (R5 = RC).
WERRMSG  ST    R14,WELINK
         TMSG  '105S ERROR'
         BAL   R14,APPRC
         MVC   0(14,R4),=C' WRITING FILE '
         LA    R4,14(,R4)
         BAL   R14,APPFID
         MVC   0(8,R4),=C' ON DISK'
         LA    R4,8(,R4)
         BAL   R14,MSGSEND
         L     R14,WELINK
         BR    R14
*
* LOADDONE: ALL DATA IN: CLOSE THE WORK FILE, REPLACE THE FILE WITH
* IT, LIST IT.  TOO FEW RECORDS: A BAD TAPE (DROPPED, ERRFMT RC).
LOADDONE ST    R14,LDLINK
         L     R1,RLEFT
         LTR   R1,R1
         BP    LDSHORT
         MVC   FNFS+8(16),WRFS+8
         MVC   FNFS+24(2),WRFS+24
         LA    R1,FNFS
         SVC   202
         DC    AL4(1)
         MVI   WOPEN,0
         MVC   ERPL+8(16),HFST         ERASE THE OLD ONE
         MVC   ERPL+24(8),BLANKS
         MVC   ERPL+24(2),TGTFM
         LA    R1,ERPL
         SVC   202
         DC    AL4(1)
         MVC   RNPL+8(16),WRFS+8       WORK FILE -> FN FT FM
         MVC   RNPL+24(8),BLANKS
         MVC   RNPL+24(2),TGTFM
         MVC   RNPL+32(16),HFST
         MVC   RNPL+48(8),BLANKS
         MVC   RNPL+48(2),TGTFM
         LA    R1,RNPL
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LDRNERR
         MVC   CURFID(16),HFST
         MVC   CURFID+16(2),TGTFM
         BAL   R14,FIDLINE
         SR    R15,R15
LDRET    L     R14,LDLINK
         BR    R14
LDSHORT  BAL   R14,LOADDROP
         MVC   CURFID(16),HFST
         MVC   CURFID+16(2),HFST+24
         BAL   R14,FMTMSG
         LA    R15,100
         B     LDRET
LDRNERR  LR    R5,R15
         BAL   R14,LOADDROP
         MVC   CURFID(16),HFST
         MVC   CURFID+16(2),TGTFM
         BAL   R14,WERRMSG
         LR    R15,R5
         B     LDRET
*
* LOADDROP: CLOSE AND ERASE THE WORK FILE.
LOADDROP ST    R14,LPLINK
         MVC   FNFS+8(16),WRFS+8
         MVC   FNFS+24(2),WRFS+24
         LA    R1,FNFS
         SVC   202
         DC    AL4(1)
         MVC   ERPL+8(16),WRFS+8
         MVC   ERPL+24(8),BLANKS
         MVC   ERPL+24(2),WRFS+24
         LA    R1,ERPL
         SVC   202
         DC    AL4(1)
         MVI   WOPEN,0
         L     R14,LPLINK
         BR    R14
*                                      A FAILED LOAD: NO FILE LEFT
LDFAIL   LR    R5,R15
         BAL   R14,LOADDROP
         LR    R15,R5
         B     RETURN
LDWERR   BAL   R14,WERRMSG
         LR    R15,R5
         B     RETURN
*
* RDBLK: READ ONE TAPE BLOCK INTO ABLK.  R15 = 0 (R3 = ITS LENGTH),
* 4 TAPEMARK (OR THE END OF THE RECORDED DATA: THEN LASTTM IS SET
* TOO, SO THE READING ENDS THERE), ELSE A RETURN CODE (MESSAGE
* TYPED: NOT ATTACHED / READ ERROR / A BLOCK TOO LONG).
RDBLK    ST    R14,RBLINK
         MVI   TCCW,CMDREAD
         L     R1,ABLK
         STCM  R1,7,TCCW+1
         LH    R1,=Y(RDMAX)
         STH   R1,TCCW+6
         BAL   R14,TAPIO
         C     R15,=F'4'
         BE    RBRET
         LTR   R15,R15
         BNZ   RBERR
         L     R3,=A(RDMAX)
         S     R3,TIORESID
         C     R3,=A(RDMAX)
         BL    RBRET
         BAL   R14,FMTMSG              LONGER THAN ANY BLOCK OF OURS
         LA    R15,100
         B     RBRET
RBERR    C     R15,=F'12'
         BE    RBNATT
         CLI   SENSEB+7,SENSE7ED       NO MORE DATA: THE END OF THE
         BNE   RBERR2                  TAPE, AS TWO TAPEMARKS
         MVI   LASTTM,1
         LA    R15,4
         B     RBRET
RBNATT   DS    0H
         BAL   R14,MSGNATT
         LA    R15,100
         B     RBRET
RBERR2   BAL   R14,MSGREAD
         LA    R15,100
RBRET    L     R14,RBLINK
         BR    R14
*
* TAPIO: RUN TCCW ON THE TAPE, WAIT FOR ITS DEVICE END.
* R15 = 0; 4 UNIT EXCEPTION; 8 UNIT CHECK; 12 NOT OPERATIONAL.
* TIORESID = THE RESIDUAL COUNT.
TAPIO    ST    R14,TIOLINK
         OI    TCCW+4,CCSLI
         LA    R1,TCCW
         ST    R1,CAW
TIOSTART NI    IOFLAG,255-IOPOST
         LH    R2,DEVADDR
         SIO   0(R2)
         BC    8,TIOWAIT               CC 0: STARTED
         BC    4,TIOSTORD              CC 1: CSW STORED
         BC    2,TIOBUSY               CC 2: BUSY
         LA    R15,12                  CC 3: NOT OPERATIONAL
         B     TIORET
TIOSTORD MVC   IOCSW,CSW
         TM    IOCSW+4,UNITBUSY
         BO    TIOBUSY
         TM    IOCSW+4,UNITCE
         BO    TIOCHECK
         B     TIOSTART                AN OLD DEVICE END: AGAIN
TIOWAIT  TM    IOFLAG,IOPOST
         BO    TIOPOST
         LPSW  TIOWPSW                 ENABLED WAIT
TIOPOST  NI    IOFLAG,255-IOPOST
         CLC   IODEV,DEVADDR
         BNE   TIOWAIT                 NOT OURS
         TM    IOCSW+4,UNITDE
         BNO   TIOWAIT                 CHANNEL END ALONE
TIOCHECK LH    R3,IOCSW+6
         N     R3,=F'65535'
         ST    R3,TIORESID
         SR    R15,R15
         TM    IOCSW+4,UNITUC
         BO    TIOUC
         TM    IOCSW+4,UNITUX
         BZ    TIORET
         LA    R15,4
         B     TIORET
TIOUC    XC    SENSEB,SENSEB           UNIT CHECK: WHY (SENSE)
         MVC   SAVCCW,TCCW
         MVI   TCCW,CMDSENSE
         LA    R1,SENSEB
         STCM  R1,7,TCCW+1
         MVC   TCCW+6(2),=H'24'
         ST    R14,TIOLINK2
         MVC   TIOLINK3,TIOLINK
         BAL   R14,TAPIO               (NO UNIT CHECK TO A SENSE)
         MVC   TIOLINK,TIOLINK3
         L     R14,TIOLINK2
         MVC   TCCW,SAVCCW
         LA    R15,8
TIORET   L     R14,TIOLINK
         BR    R14
TIOBUSY  TM    IOFLAG,IOPOST
         BO    TIOSTART
         LPSW  TIOBPSW
*
*---------------------------------------------------------------------
* LISTS AND MESSAGES
*---------------------------------------------------------------------
* FIDLINE: LIST CURFID AS  FN       FT       FM
FIDLINE  ST    R14,FLLINK
         MVC   LINE(20),BLANKS
         MVC   LINE(8),CURFID
         MVC   LINE+9(8),CURFID+8
         MVC   LINE+18(2),CURFID+16
         LA    R3,20
         BAL   R14,LISTOUT
         L     R14,FLLINK
         BR    R14
*
* LISTOUT: THE R3 BYTES AT LINE TO THE TERMINAL (TERM), THE PRINTER
* (PRINT) OR NOWHERE (NOPRINT).
LISTOUT  TM    OPTS,ONOPRT
         BOR   R14
         TM    OPTS,OPRINT
         BO    LOPRT
         STH   R3,TYPPL+14
         LA    R1,TYPPL
         SVC   202
         DC    AL4(1)
         BR    R14
LOPRT    LA    R3,1(,R3)
         ST    R3,PRTPL+12
         LA    R1,PRTPL
         SVC   202
         DC    AL4(1)
         BR    R14
*
* MSGPFX: OUTLINE = THE PREFIX (DMSTPE/DMSPLC); R4 -> AFTER IT.
MSGPFX   MVC   OUTLINE(6),MSGPREF
         LA    R4,OUTLINE+6
         BR    R14
*
* MSGSEND: TYPE OUTLINE UP TO R4 AS AN ERROR MESSAGE (DMSERR).
MSGSEND  ST    R14,MSLINK
         LA    R2,OUTLINE
         LR    R3,R4
         SR    R3,R2
         L     R15,ADMSERR
         BALR  R14,R15
         L     R14,MSLINK
         BR    R14
*
* APPFID: 'FN FT FM' (BLANKS SQUEEZED) OF CURFID AT R4.
APPFID   MVI   0(R4),C''''
         LA    R4,1(,R4)
         LA    R1,CURFID
         LA    R0,8
         ST    R14,AFLINK
         BAL   R14,APPTOK
         MVI   0(R4),C' '
         LA    R4,1(,R4)
         LA    R1,CURFID+8
         LA    R0,8
         BAL   R14,APPTOK
         MVI   0(R4),C' '
         LA    R4,1(,R4)
         LA    R1,CURFID+16
         LA    R0,2
         BAL   R14,APPTOK
         MVI   0(R4),C''''
         LA    R4,1(,R4)
         L     R14,AFLINK
         BR    R14
*
* APPTOK: THE R0 BYTES AT R1 UP TO THE FIRST BLANK, AT R4.
APPTOK   CLI   0(R1),C' '
         BNHR  R14
         MVC   0(1,R4),0(R1)
         LA    R4,1(,R4)
         LA    R1,1(,R1)
         BCT   R0,APPTOK
         BR    R14
*
* APPRC: ' NNN' (R5 IN DECIMAL) AT R4.
APPRC    CVD   R5,TDWORK
         MVI   0(R4),C' '
         UNPK  1(3,R4),TDWORK+6(2)
         OI    3(R4),X'F0'
         LA    R4,4(,R4)
         BR    R14
*
* APPTAP: 'TAPN(CUU)' AT R4.
APPTAP   MVI   0(R4),C''''
         MVC   1(9,R4),TAPID
         MVI   10(R4),C''''
         LA    R4,11(,R4)
         BR    R14
*
MSGREAD  ST    R14,MRLINK
         TMSG  '110S ERROR READING'
MSGTAPE  MVI   0(R4),C' '
         LA    R4,1(,R4)
         BAL   R14,APPTAP
         BAL   R14,MSGSEND
         L     R14,MRLINK
         BR    R14
MSGWRT   ST    R14,MRLINK
         TMSG  '111S ERROR WRITING'
         B     MSGTAPE
MSGPROT  ST    R14,MRLINK
         BAL   R14,MSGPFX
         MVC   0(5,R4),=C'043E '
         LA    R4,5(,R4)
         BAL   R14,APPTAP
         MVC   0(18,R4),=C' IS FILE PROTECTED'
         LA    R4,18(,R4)
         BAL   R14,MSGSEND
         L     R14,MRLINK
         BR    R14
MSGNATT  ST    R14,MRLINK
         BAL   R14,MSGPFX
         MVC   0(5,R4),=C'113S '
         MVC   5(9,R4),TAPID
         MVC   14(13,R4),=C' NOT ATTACHED'
         LA    R4,27(,R4)
         BAL   R14,MSGSEND
         L     R14,MRLINK
         BR    R14
*
* FMTMSG: A BLOCK THAT IS NOT WHAT THE FORMAT SAYS (WRONG TAG OR
* LENGTH, A TAPEMARK OR THE END INSIDE A FILE): ERROR READING.
FMTMSG   ST    R14,FMLINK
         BAL   R14,MSGREAD
         L     R14,FMLINK
         BR    R14
*
*---------------------------------------------------------------------
* ERRORS OF THE COMMAND AS A WHOLE
*---------------------------------------------------------------------
ERRNOFN  TMSG  '047E NO FUNCTION SPECIFIED'
         BAL   R14,MSGSEND
         LA    R15,24
         B     RETURN
ERRBADFN TMSG  '014E INVALID FUNCTION'
         MVI   0(R4),C' '
         MVI   1(R4),C''''
         LA    R4,2(,R4)
         LA    R1,FUNC
         LA    R0,8
         BAL   R14,APPTOK
         MVI   0(R4),C''''
         LA    R4,1(,R4)
         BAL   R14,MSGSEND
         LA    R15,24
         B     RETURN
ERRBADOP ST    R2,TDWORK
         TMSG  '003E INVALID OPTION'
ERRTOK   MVI   0(R4),C' '
         MVI   1(R4),C''''
         LA    R4,2(,R4)
         L     R1,TDWORK
         LA    R0,8
         BAL   R14,APPTOK
         MVI   0(R4),C''''
         LA    R4,1(,R4)
         BAL   R14,MSGSEND
         LA    R15,24
         B     RETURN
ERRPARM  ST    R2,TDWORK
         TMSG  '070E INVALID PARAMETER'
         B     ERRTOK
ERRINCMP TMSG  '054E INCOMPLETE FILEID SPECIFIED'
         BAL   R14,MSGSEND
         LA    R15,24
         B     RETURN
ERRNOTF  MVC   CURFID(16),ARGS
         MVC   CURFID+16(2),SELFM
         TMSG  '002E FILE'
         MVI   0(R4),C' '
         LA    R4,1(,R4)
         BAL   R14,APPFID
         MVC   0(10,R4),=C' NOT FOUND'
         LA    R4,10(,R4)
         BAL   R14,MSGSEND
         LA    R15,28
         B     RETURN
ERRNATT  BAL   R14,MSGNATT
         LA    R15,100
         B     RETURN
ERRREAD  BAL   R14,MSGREAD
         LA    R15,100
         B     RETURN
ERRWRT   BAL   R14,MSGWRT
         LA    R15,100
         B     RETURN
ERRWRTIO C     R15,=F'12'
         BE    ERRNATT
         TM    SENSEB+1,SENSE1NR       NOT READY: NOT 043E
         BO    *+12
         TM    SENSEB+1,SENSE1FP
         BO    ERRPROT
         B     ERRWRT
ERRPROT  BAL   R14,MSGPROT
         LA    R15,36
         B     RETURN
ERRFMT   BAL   R14,FMTMSG
         LA    R15,100
         B     RETURN
ERRNOSTG TMSG  '109S VIRTUAL STORAGE CAPACITY EXCEEDED'
         BAL   R14,MSGSEND
         LA    R15,104
         B     RETURN
*
* GETBUF: THE STAGING BUFFER AND THE BLOCK BUFFER (DMSFREE).
GETBUF   ST    R14,GBLINK
         L     R2,=A(BUFDW)
         DMSFREE DWORDS=(R2)
         LTR   R15,R15
         BNZ   ERRNOSTG
         ST    R1,ABUF
         ST    R1,ABLK
         A     R1,=A(BLKLEN)
         ST    R1,ASBUF
         L     R14,GBLINK
         BR    R14
*
* RETURN: FREE THE BUFFERS AND THE FILE LIST, BACK TO THE CALLER
* WITH R15.
RETURN   LR    R5,R15
         L     R1,ABUF
         LTR   R1,R1
         BZ    RETURN1
         L     R2,=A(BUFDW)
         DMSFRET DWORDS=(R2),LOC=(R1)
RETURN1  L     R1,AFLIST
         LTR   R1,R1
         BZ    RETURN2
         L     R2,FLISTDW
         DMSFRET DWORDS=(R2),LOC=(R1)
RETURN2  LR    R15,R5
         L     R13,TSAVE13
         L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* DECTOK: THE DECIMAL TOKEN AT R2 -> R1; R15 = 0, 4 IF NOT A NUMBER.
DECTOK   DECTOK
*
*---------------------------------------------------------------------
* CONSTANTS AND WORK AREAS
*---------------------------------------------------------------------
CMDWRITE EQU   X'01'
CMDREAD  EQU   X'02'
CMDSENSE EQU   X'04'
SENSE1FP EQU   X'02'                   SENSE BYTE 1: FILE PROTECTED
SENSE1NR EQU   X'20'                   SENSE BYTE 1: NOT READY
SENSE7ED EQU   X'60'                   SENSE BYTE 7: NO MORE DATA
CMDNOP   EQU   X'03'
CMDREW   EQU   X'07'
CMDRUN   EQU   X'0F'
CMDERG   EQU   X'17'
CMDWTM   EQU   X'1F'
CMDBSR   EQU   X'27'
CMDBSF   EQU   X'2F'
CMDFSR   EQU   X'37'
CMDFSF   EQU   X'3F'
CCSLI    EQU   X'20'
UNITBUSY EQU   X'10'
UNITCE   EQU   X'08'
UNITDE   EQU   X'04'
UNITUC   EQU   X'02'
UNITUX   EQU   X'01'
FTAPE    EQU   X'80'                   FLAGS: TAPE FORMAT
FSEL     EQU   X'40'                   A FILEID SELECTS
FEXACT   EQU   X'20'                   ... ONE FILE (NO *)
OWTM     EQU   X'80'                   OPTS
OEOT     EQU   X'40'
ONOPRT   EQU   X'20'
OPRINT   EQU   X'10'
MLOAD    EQU   1                       MODE
MSCAN    EQU   2
MSKIP    EQU   3
HDRLEN   EQU   77                      VMFPLC2 HEADER BLOCK
RDMAX    EQU   4200                    READ COUNT: ABOVE ANY BLOCK
BLKLEN   EQU   4208                    BLOCK BUFFER
SBUFLEN  EQU   70400                   STAGING: A 64K RECORD + 4000
BUFDW    EQU   (BLKLEN+SBUFLEN)/8
*
         DS    0D
TIOWPSW  DC    X'FC020000',A(TIOWAIT)  ENABLED WAIT, CHANNELS 0-5
TIOBPSW  DC    X'FC020000',A(TIOBUSY)
TCCW     DC    X'00',AL3(0),X'20',X'00',H'1'
TDWORK    DS    D
TSAVE13  DS    A
ABUF     DS    A
ABLK     DS    A
ASBUF    DS    A
TIORESID DS    F
NARGS    DS    F
COUNT    DS    F
EOFN     DS    F
TMLEFT   DS    F
NLIST    DS    F                       FILES IN THE DUMP LIST
AFLIST   DS    A                       THE LIST (DMSFREE), 0 NONE
FLISTDW  DS    F                       ITS SIZE, DOUBLEWORDS
FLISTMAX DS    F                       ENTRIES IT HAS ROOM FOR
UNITS    DS    F
DLEFT    DS    F
OFILL    DS    F
BLKCAP   DS    F
FULLB    DS    F
LASTU    DS    F
RLEFT    DS    F
ULEFT    DS    F
LRECL    DS    F
SFILL    DS    F
PDREGS   DS    2F
DOREGS   DS    2F
IDREGS   DS    6F
TIOLINK  DS    A
TIOLINK2 DS    A
TIOLINK3 DS    A
SAVCCW   DS    D
SENSEB   DS    XL24
RBLINK   DS    A
WBLINK   DS    A
DOLINK   DS    A
PDLINK   DS    A
COLLINK  DS    A
LOLINK   DS    A
IDLINK   DS    A
LDLINK   DS    A
LPLINK   DS    A
WELINK   DS    A
T2LINK   DS    A
SLLINK   DS    A
FLLINK   DS    A
MSLINK   DS    A
AFLINK   DS    A
MRLINK   DS    A
CKLINK   DS    A
FMLINK   DS    A
GBLINK   DS    A
DEVADDR  DS    H
FLAGS    DS    X
OPTS     DS    X
MODE     DS    X
LASTTM   DS    X
WOPEN    DS    X
T2OPEN   DS    X
TCMD     DS    X
MSGPREF  DS    CL6
TAPID    DS    CL9
FUNC     DS    CL8
WRKFN    DS    CL8
ARGS     DS    3CL8
SELFM    DS    CL8
TGTFM    DS    CL2
CURFID   DS    CL18
         DS    0D
HFST     DS    XL40
BLANKS   DC    CL24' '
TAGPLCH  DC    X'02',C'PLCH'
TAGPLCD  DC    X'02',C'PLCD'
TAGCMS   DC    X'02',C'CMS '
TAGCMSN  DC    X'02',C'CMSN'
*                                      OPTIONS: NAME, ROUTINE
OPTTAB   DC    CL8'TERM',A(OPTTERM),CL8'T',A(OPTTERM)
         DC    CL8'NOPRINT',A(OPTNOPR),CL8'NOPR',A(OPTNOPR)
         DC    CL8'PRINT',A(OPTPRT),CL8'PR',A(OPTPRT)
         DC    CL8'WTM',A(OPTWTM),CL8'NOWTM',A(OPTNOWTM)
         DC    CL8'EOT',A(OPTEOT),CL8'EOF',A(OPTEOF)
         DC    CL8'7TRACK',A(OPTNEXT),CL8'9TRACK',A(OPTNEXT)
         DC    CL8'DEN',A(OPTSKIP1),CL8'TRTCH',A(OPTSKIP1)
         DC    X'FF'
         DS    0F
*                                      FUNCTIONS: NAME, CCW, ROUTINE
FUNTAB   DC    CL8'DUMP',X'00',AL3(0),A(FDUMP)
         DC    CL8'LOAD',X'00',AL3(0),A(FLOAD)
         DC    CL8'SCAN',X'00',AL3(0),A(FSCAN)
         DC    CL8'SKIP',X'00',AL3(0),A(FSKIP)
         DC    CL8'REW',AL1(CMDREW),AL3(0),A(FONCE)
         DC    CL8'RUN',AL1(CMDRUN),AL3(0),A(FONCE)
         DC    CL8'ERG',AL1(CMDERG),AL3(0),A(FONCE)
         DC    CL8'MODESET',AL1(CMDNOP),AL3(0),A(FONCE)
         DC    CL8'FSF',AL1(CMDFSF),AL3(0),A(FCOUNT)
         DC    CL8'BSF',AL1(CMDBSF),AL3(0),A(FCOUNT)
         DC    CL8'FSR',AL1(CMDFSR),AL3(0),A(FCOUNT)
         DC    CL8'BSR',AL1(CMDBSR),AL3(0),A(FCOUNT)
         DC    CL8'WTM',AL1(CMDWTM),AL3(0),A(FCOUNT)
         DC    X'FF'
         DS    0F
*                                      PLISTS AND FSCBS
STPL     DC    CL8'STATE',CL8' ',CL8' ',CL8'A',8X'FF'
ERPL     DC    CL8'ERASE',CL8' ',CL8' ',CL8' ',8X'FF'
RNPL     DC    CL8'RENAME',6CL8' ',8X'FF'
RDFS     DC    CL8'RDBUF',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(0),F'0',C'F',X'00',H'1',F'0'
WRFS     DC    CL8'WRBUF',CL8' ',CL8'CMSUT1',CL2'A1',H'0'
         DC    A(0),F'0',C'F',X'00',H'1',F'0'
T2FS     DC    CL8'WRBUF',CL8' ',CL8'CMSUT2',CL2'A1',H'0'
         DC    A(0),F'800',C'F',X'00',H'1',F'0'
FNFS     DC    CL8'FINIS',CL8' ',CL8' ',CL2'A1',H'0'
         DC    A(0),F'0',C'F',X'00',H'0',F'0'
TYPPL    DC    CL8'TYPLIN',X'01',AL3(LINE),C'B',X'00',AL2(0)
PRTPL    DC    CL8'PRINTR',A(LINEPCC),F'0'
LINEPCC  DC    C' '
LINE     DC    CL80' '
         LTORG
ZEROS    DC    800X'00'
         NUCON
         END
