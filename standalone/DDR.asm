*---------------------------------------------------------------------
* DDR: the VM/370 DASD Dump/Restore program, standalone form.
*
* IPL it from a tape or a card deck (standalone/build.py makes both)
* on the bare machine or in a virtual machine.  It talks to the
* operator on the 3215 console at X'009' the way VM/370 Release 6
* DMKDDR does (banner, ENTER: prompts, DMKDDR7xx messages, END OF
* DUMP, END OF JOB) and reads and writes the DDR tape format of
* spec tapes-3270.md section A3, the same as the host tool (tools/ddr):
*   VHR (80) | per track THR (4096) + data blocks | EOJ (80) | TM TM
*
* Control statements (one a line, upper or lower case):
*   INPUT  cuu type [volser]      type 3330 3350 3380, or a tape type
*   OUTPUT cuu type [volser]      2400 2420 3410 3420 3480 8809
*   SYSPRINT cuu                  the printer for PRINT
*   DUMP | RESTORE | COPY | PRINT | TYPE   ALL
*   DUMP | RESTORE | COPY | PRINT | TYPE  cyl1 [TO cyl2] [REORDER cyl3]
*        (after a range: ENTER NEXT EXTENT OR NULL LINE, up to 20)
*   a null line                   END OF JOB
*
* Channel programs (GA26-1592 CKD commands):
*   read a track:  SEEK, READ HOME ADDRESS, READ R0, READ MULTIPLE
*                  COUNT KEY AND DATA (the rest of the track, R1..Rn)
*   write a track: SET FILE MASK (allow all), SEEK, WRITE HOME
*                  ADDRESS, WRITE R0, WRITE COUNT KEY AND DATA per
*                  record (count and key+data data-chained)
* RESTORE reads the whole dump once to check it before it writes
* anything, so a bad tape (truncated, wrong blocks, a tapemark inside
* the dump) gives a message and leaves the output volume unchanged.
*
* Assembled with SYSPARM CMS it is the CMS command DDR (DDR MODULE,
* cms/modules): the same code; SIO on the user's virtual devices with
* the enabled wait ended by DMSITI's record in NUCON (as DMSTPE), the
* console through TYPLIN and WAITRD, END OF JOB returning to CMS.
*
* Storage used beyond the program (absolute addresses; under CMS
* X'100000', X'110000', X'120000': a 2M virtual machine):
*   CCWAREA X'8000'   channel programs built at run time
*   TRKBUF  X'10000'  one track as READ MULTIPLE CKD returns it
*   STREAM  X'20000'  one track in DDR format (THR + data blocks)
*
* Not done: the 3270 console (3215 only), multi-reel dumps (the end
* of the output tape ends the DUMP with DMKDDR705E), the control
* statements from a card reader, the tape options (SKIP, MODE, ...).
*---------------------------------------------------------------------
         MACRO
&N       MSG   &T
&N       DC    AL1(L'&N.T)
&N.T     DC    C&T
         MEND
         MACRO
&L       SAY   &M
&L       LA    1,&M
         BAL   14,PUTMSG
         MEND
         MACRO
&L       APP   &M
&L       LA    1,&M
         BAL   14,APPEND
         MEND
*
         LCLB  &CMS                    1: the CMS command DDR
         AIF   ('&SYSPARM' NE 'CMS').NOTCMS
&CMS     SETB  1
.NOTCMS  ANOP
         AIF   (&CMS).CMSSTRT
DDR      START X'1000'
         AGO   .STRTEND
.CMSSTRT ANOP
DDR      CSECT
.STRTEND ANOP
CONSOLE  EQU   X'009'                  the operator's 3215
* low storage (BC mode)
IPLPSW   EQU   X'00'
CSW      EQU   X'40'
CSWSTAT  EQU   X'44'                   unit status, channel status
CAW      EQU   X'48'
IOOLD    EQU   X'38'                   +2: device address
PGMOLD   EQU   X'28'
IONEW    EQU   X'78'
PGMNEW   EQU   X'68'
* unit and channel status
UNITCHK  EQU   X'02'
UNITEXC  EQU   X'01'
DEVEND   EQU   X'04'
UNITBUSY EQU   X'10'
CHANERR  EQU   X'3F'                   PCI and IL aside
* CCW flags
CD       EQU   X'80'
CC       EQU   X'40'
SLI      EQU   X'20'
* console, tape and CKD commands
CWRITE   EQU   X'09'                   3215 write, carriage return
CREAD    EQU   X'0A'                   3215 read inquiry
PWRITE   EQU   X'09'                   1403 write, space 1 after
TWRITE   EQU   X'01'
TREAD    EQU   X'02'
TREW     EQU   X'07'
TWTM     EQU   X'1F'
SENSE    EQU   X'04'
SEEK     EQU   X'07'
SETFM    EQU   X'1F'
READHA   EQU   X'1A'
READR0   EQU   X'16'
READMCKD EQU   X'5E'
WRITEHA  EQU   X'19'
WRITER0  EQU   X'15'
WRITECKD EQU   X'1D'
* buffers (under CMS above the module, which CMS loads at X'20000')
         AIF   (&CMS).CMSBUF
CCWAREA  EQU   X'8000'
TRKBUF   EQU   X'10000'
STREAM   EQU   X'20000'
         AGO   .BUFEND
.CMSBUF  ANOP
* (CMS's free storage lies just above the loaded module: the buffers
* are kept well clear of it, from 1M up; DDR needs a 2M machine)
CCWAREA  EQU   X'100000'
TRKBUF   EQU   X'110000'
STREAM   EQU   X'120000'
* the NUCON fields where CMS's I/O interruption handler (DMSITI)
* records an interruption (cms/maclib/NUCON.mac)
NUCIOFLG EQU   X'2C7'                  IOFLAG
IOPOST   EQU   X'80'                   an interruption was recorded
NUCIOCSW EQU   X'2C8'                  IOCSW: its CSW
NUCIODEV EQU   X'2D0'                  IODEV: its device
.BUFEND  ANOP
TRKMAX   EQU   65535                   READ MULTIPLE CKD byte count
BLKSIZE  EQU   4096                    THR and full data blocks
HDRLEN   EQU   80                      VHR / EOJ
MAXEXT   EQU   20
*
         AIF   (NOT &CMS).BEGBARE
BEGIN    STM   14,12,12(13)            called by CMS (SVC 202)
         BALR  12,0
         USING *,12,11,10
         AGO   .BEGBASE
.BEGBARE ANOP
BEGIN    BALR  12,0
         USING *,12,11,10
.BEGBASE ANOP
         LA    11,2048(12)
         LA    11,2048(11)
         LA    10,2048(11)
         LA    10,2048(10)
         AIF   (&CMS).BEGCMS
         MVC   IONEW(8),IOPSW
         MVC   PGMNEW(8),PGMPSW
.BEGCMS  ANOP
         AIF   (NOT &CMS).BEGBAR2
         ST    13,CMSR13               (R10, R11 set: these are far)
         ST    14,CMSR14               DMSITS restores the rest
         STM   0,1,CMSR0R1             but R0, R1 and R15
.BEGBAR2 ANOP
         L     13,=A(STREAM)           R13: the track stream, always
         USING STREAM,13
         SAY   MBANNER
*---------------------------------------------------------------------
* the statement loop
*---------------------------------------------------------------------
NEXTCMD  SAY   MENTER
         BAL   14,GETLINE
         BAL   14,NEXTTOK
         LTR   4,4
         BZ    ENDJOB
         LA    8,CMDTAB
CMDLOOP  CLI   0(8),X'FF'
         BE    BADOP
         CLC   TOK(8),0(8)
         BE    CMDGO
         LA    8,12(8)
         B     CMDLOOP
CMDGO    L     15,8(8)
         BR    15
BADOP    BAL   14,SAYBAD
         B     NEXTCMD
ENDJOB   SAY   MEOJ
         AIF   (&CMS).ENDCMS
         LPSW  DONEPSW
         AGO   .ENDEND
.ENDCMS  L     14,CMSR14               back to CMS, return code 0
         LM    0,1,CMSR0R1
         SR    15,15
         BR    14
.ENDEND  ANOP
*
CMDTAB   DC    CL8'INPUT',A(DOINPUT)
         DC    CL8'OUTPUT',A(DOOUTPUT)
         DC    CL8'SYSPRINT',A(DOSYSPR)
         DC    CL8'DUMP',A(DODUMP)
         DC    CL8'RESTORE',A(DORESTOR)
         DC    CL8'COPY',A(DOCOPY)
         DC    CL8'PRINT',A(DOPRINT)
         DC    CL8'TYPE',A(DOTYPE)
         DC    X'FF'
*
* DMKDDR701E INVALID OPERAND - token
SAYBAD   ST    14,BADR14
         BAL   14,LCLR
         APP   MINVOP
         MVC   0(8,7),TOK
         LA    7,8(7)
BADTRIM  BCTR  7,0                     drop TOK's padding
         CLI   0(7),C' '
         BE    BADTRIM
         LA    7,1(7)
         BAL   14,PUTLINE
         L     14,BADR14
         BR    14
*---------------------------------------------------------------------
* INPUT / OUTPUT cuu type [volser]   and SYSPRINT cuu
*---------------------------------------------------------------------
DOINPUT  LA    9,INDEF
         B     DODEF
DOOUTPUT LA    9,OUTDEF
DODEF    BAL   14,NEXTTOK              cuu
         BAL   14,HEXNUM
         LTR   15,15
         BNZ   BADOP
         STH   0,DEFDEV-DEF(9)
         BAL   14,NEXTTOK              device type
         LTR   4,4
         BZ    BADOP
         LA    8,TYPETAB
DEFTYPE  CLI   0(8),X'FF'
         BE    BADOP
         CLC   TOK(8),0(8)
         BE    DEFTYP2
         LA    8,TYPELEN(8)
         B     DEFTYPE
DEFTYP2  ST    8,DEFTYPEP-DEF(9)
         MVC   DEFVOL-DEF(6,9),BLANKS
         MVI   DEFVOLF-DEF(9),0
         BAL   14,NEXTTOK              volser (optional)
         LTR   4,4
         BZ    DEFDONE
         CH    4,=H'6'
         BH    BADOP
         MVC   DEFVOL-DEF(6,9),TOK
         MVI   DEFVOLF-DEF(9),1
DEFDONE  BAL   14,NEXTTOK              nothing more
         LTR   4,4
         BNZ   BADOP
         B     NEXTCMD
*
DOSYSPR  BAL   14,NEXTTOK
         BAL   14,HEXNUM
         LTR   15,15
         BNZ   BADOP
         STH   0,PRTDEV
         B     NEXTCMD
*---------------------------------------------------------------------
* DUMP: input disk -> output tape
*---------------------------------------------------------------------
DODUMP   MVI   FUNC,C'D'
         BAL   14,GETEXTS
         LTR   15,15
         BNZ   NEXTCMD
         BAL   14,NEEDDT               input disk, output tape
         LTR   15,15
         BNZ   NEXTCMD
         LH    1,INDEV
         BAL   14,PROBE                cylinders of the input disk
         LTR   15,15
         BNZ   NEXTCMD
         ST    0,INCYLS
         BAL   14,FIXEXTS              ALL / check against INCYLS
         LTR   15,15
         BNZ   NEXTCMD
         LA    9,INDEF
         BAL   14,VOLCHK               the input's VOL1 and DMKDDR711R
         LTR   15,15
         BNZ   NEXTCMD
         MVC   CURVOL(6),VOLREAD
         BAL   14,LCLR                 DUMPING   volser IN(cuu) ...
         APP   MDUMPING
         BAL   14,APPINOUT
         BAL   14,PUTLINE
         LH    1,OUTDEV
         LA    0,TREW
         BAL   14,TAPECMD
         LTR   15,15
         BNZ   TAPEERR
* the volume header
         L     8,INTYPEP
         MVC   VHR(4),=C'VHR '
         XC    VHR+4(12),VHR+4
         L     1,EXTTAB                first cylinder
         STH   1,VHR+6
         STCK  VHR+16
         MVC   VHR+24(2),TYPMREC-TYPETAB(8)
         L     1,INCYLS
         BCTR  1,0
         STH   1,VHR+26                highest cylinder
         LH    1,TYPHEADS-TYPETAB(8)
         BCTR  1,0
         STH   1,VHR+28                highest head
         MVC   VHR+30(6),VOLREAD
         MVC   VHR+36(44),BLANKS
         LH    1,OUTDEV
         LA    2,VHR
         LA    3,HDRLEN
         BAL   14,TAPEWR
         LTR   15,15
         BNZ   TAPEERR
* every track of every extent
         XC    NBYTES,NBYTES
         XC    NTRACKS,NTRACKS
         LA    9,EXTTAB
         L     8,NEXTS
DUMPEXT  L     5,0(9)                  cylinder
DUMPCYL  SR    6,6                     head
DUMPTRK  LH    1,INDEV
         BAL   14,RDTRK                the track -> TRKBUF, HA, R0
         LTR   15,15
         BNZ   DISKERR
         BAL   14,PACKTRK              -> STREAM (THR + blocks)
         LTR   15,15
         BNZ   NEXTCMD
         BAL   14,WRBLKS               -> tape
         LTR   15,15
         BNZ   TAPEERR
         STH   5,LASTCYL
         STH   6,LASTHEAD
         L     1,NTRACKS
         LA    1,1(1)
         ST    1,NTRACKS
         LA    6,1(6)
         L     1,INTYPEP
         CH    6,TYPHEADS-TYPETAB(1)
         BL    DUMPTRK
         LA    5,1(5)
         C     5,4(9)
         BNH   DUMPCYL
         LA    9,12(9)
         BCT   8,DUMPEXT
* the trailer: the VHR again, tag EOJ, the last track dumped
         MVC   VHR(4),=C'EOJ '
         MVC   VHR+6(2),LASTCYL
         MVC   VHR+8(2),LASTHEAD
         LH    1,OUTDEV
         LA    2,VHR
         LA    3,HDRLEN
         BAL   14,TAPEWR
         LTR   15,15
         BNZ   TAPEERR
         LH    1,OUTDEV
         LA    0,TWTM
         BAL   14,TAPECMD
         LTR   15,15
         BNZ   TAPEERR
         LH    1,OUTDEV
         LA    0,TWTM
         BAL   14,TAPECMD
         LTR   15,15
         BNZ   TAPEERR
         LH    1,OUTDEV
         LA    0,TREW
         BAL   14,TAPECMD
         SAY   MEODUMP
         B     NEXTCMD
*---------------------------------------------------------------------
* RESTORE: input tape -> output disk (checked first, then written)
*---------------------------------------------------------------------
DORESTOR MVI   FUNC,C'R'
         BAL   14,GETEXTS
         LTR   15,15
         BNZ   NEXTCMD
         BAL   14,NEEDTD               input tape, output disk
         LTR   15,15
         BNZ   NEXTCMD
         LH    1,OUTDEV
         BAL   14,PROBE
         LTR   15,15
         BNZ   NEXTCMD
         ST    0,OUTCYLS
         ST    0,INCYLS                ALL: as many as the output has
         BAL   14,FIXEXTS
         LTR   15,15
         BNZ   NEXTCMD
* pass 1: the whole dump is read and checked; nothing is written
         BAL   14,OPENDUMP             rewind, VHR
         LTR   15,15
         BNZ   NEXTCMD
         L     8,OUTTYPEP              same device type as dumped?
         CLC   VHR+24(2),TYPMREC-TYPETAB(8)
         BNE   RESTYPE
         LH    1,VHR+28
         LA    1,1(1)
         CH    1,TYPHEADS-TYPETAB(8)
         BNE   RESTYPE
         MVI   WRITING,0
         BAL   14,RESTRKS
         LTR   15,15
         BNZ   NEXTCMD
* the output volume's label, DMKDDR711R / DMKDDR717R
         LA    9,OUTDEF
         BAL   14,VOLCHK
         LTR   15,15
         BNZ   NEXTCMD
         MVC   CURVOL(6),VHR+30
         BAL   14,LCLR                 RESTORING volser IN(cuu) ...
         APP   MRESTORG
         BAL   14,APPINOUT
         BAL   14,PUTLINE
* pass 2: again from the start, writing
         BAL   14,OPENDUMP
         LTR   15,15
         BNZ   NEXTCMD
         MVI   WRITING,1
         BAL   14,RESTRKS
         LTR   15,15
         BNZ   NEXTCMD
         LH    1,INDEV
         LA    0,TREW
         BAL   14,TAPECMD
         SAY   MEORES
         B     NEXTCMD
RESTYPE  SAY   MWRONGT                 DMKDDR709E
         SAY   MOTHERDV
         SAY   MNOTDONE
         B     NEXTCMD
*
* RESTRKS: the tracks after the VHR up to the EOJ trailer; with
* WRITING=0 only checked, with WRITING=1 written to the output.
* R15 = 0 done (trailer read), else a message has been given.
RESTRKS  ST    14,RTR14
RESNEXT  LH    1,INDEV
         LA    2,STREAM
         BAL   14,TAPERD               THR or EOJ
         LTR   15,15
         BNZ   RESBADR
         CH    0,=AL2(HDRLEN)
         BNE   RESTHR
         CLC   STREAM(4),=C'EOJ '
         BNE   RESBADB
         SR    15,15
         L     14,RTR14
         BR    14
RESTHR   CH    0,=AL2(BLKSIZE)
         BNE   RESBADB
         CLC   STREAM(4),=C'THR '
         BNE   RESBADB
         LH    3,STREAM+6              THRNDRT
         LTR   3,3
         BZ    RESBADB
         LH    4,STREAM+8              THRDRL
         CH    4,=AL2(BLKSIZE)
         BNL   RESBADB
         LTR   4,4                     blocks after the THR:
         BNZ   RESMORE                 NDRT with a short last one,
         BCTR  3,0                     else NDRT - 1
RESMORE  L     2,=A(STREAM+BLKSIZE)
RESBLK   LTR   3,3
         BZ    RESGOT
         LH    1,INDEV
         BAL   14,TAPERD
         LTR   15,15
         BNZ   RESBADR
         L     1,=A(BLKSIZE)
         CH    3,=H'1'                 the last one may be short
         BNE   RESBLKL
         LTR   4,4
         BZ    RESBLKL
         LR    1,4
RESBLKL  CR    0,1
         BNE   RESBADB
         AR    2,0
         BCT   3,RESBLK
RESGOT   S     2,=A(STREAM)            bytes of the track's blocks
         ST    2,STRMLEN
         BAL   14,CHKTRK               counts and lengths consistent?
         LTR   15,15
         BNZ   RESBADB
         LH    5,STREAM+12             the track's cylinder
         LH    6,STREAM+14             and head
         BAL   14,TARGET               in the extents? R4 = target
         LTR   15,15
         BNZ   RESNEXT
         C     4,OUTCYLS
         BNL   RESFIT
         L     1,OUTTYPEP
         CH    6,TYPHEADS-TYPETAB(1)
         BNL   RESFIT
         CLI   WRITING,1
         BNE   RESNEXT
         LR    5,4
         LH    1,OUTDEV
         BAL   14,WRTRK
         LTR   15,15
         BNZ   DISKERR
         B     RESNEXT
RESBADR  CH    15,=H'4'                tapemark or end of the image
         BNE   RESIOERR
         SAY   MWRONGT
         BAL   14,LCLR
         APP   MUNEXPTM
         B     RESBLKNO
RESBADB  SAY   MWRONGT
         BAL   14,LCLR
         APP   MBADBLK
RESBLKNO L     0,TBLOCKNO
         BAL   14,APPDEC
         BAL   14,PUTLINE
         SAY   MNOTDONE
         LA    15,8
         L     14,RTR14
         BR    14
RESFIT   SAY   MNOFIT
         SAY   MNOTDONE
         LA    15,8
         L     14,RTR14
         BR    14
RESIOERR LH    1,INDEV
         BAL   14,IOERR
         SAY   MNOTDONE
         LA    15,8
         L     14,RTR14
         BR    14
*
* OPENDUMP: rewind the input tape and read the VHR into VHR.
OPENDUMP ST    14,OD14
         LH    1,INDEV
         LA    0,TREW
         BAL   14,TAPECMD
         LTR   15,15
         BNZ   ODIOERR
         XC    TBLOCKNO,TBLOCKNO
         LH    1,INDEV
         LA    2,STREAM
         BAL   14,TAPERD
         CH    15,=H'8'
         BNL   ODIOERR
         LTR   15,15
         BNZ   ODWRONG                 a tapemark first
         CH    0,=AL2(HDRLEN)
         BNE   ODWRONG
         CLC   STREAM(4),=C'VHR '
         BNE   ODWRONG
         MVC   VHR(HDRLEN),STREAM
         SR    15,15
         L     14,OD14
         BR    14
ODWRONG  SAY   MWRONGT
         SAY   MNOVHR
         SAY   MNOTDONE
         LA    15,8
         L     14,OD14
         BR    14
ODIOERR  LH    1,INDEV
         BAL   14,IOERR
         SAY   MNOTDONE
         LA    15,8
         L     14,OD14
         BR    14
*
* CHKTRK: the THR's count fields and key/data lengths fit the bytes
* read (STRMLEN).  R15 = 0 good, 8 bad.
CHKTRK   STM   0,9,CKSAVE
         LH    3,STREAM+4              THRNDRD
         LR    4,3
         SLL   4,3
         LA    4,32(4)                 end of the count fields
         C     4,STRMLEN
         BH    CKBAD
         LA    2,STREAM+32             the count fields
         LTR   3,3
         BZ    CKGOOD
CKLOOP   SR    1,1
         IC    1,5(2)                  KL
         SR    15,15
         ICM   15,3,6(2)               DL (unsigned)
         AR    1,15
         AR    4,1
         LA    2,8(2)
         BCT   3,CKLOOP
         C     4,STRMLEN
         BH    CKBAD
CKGOOD   LM    0,9,CKSAVE
         SR    15,15
         BR    14
CKBAD    LM    0,9,CKSAVE
         LA    15,8
         BR    14
*---------------------------------------------------------------------
* COPY: input disk -> output disk, track by track (REORDER allowed)
*---------------------------------------------------------------------
DOCOPY   MVI   FUNC,C'C'
         BAL   14,GETEXTS
         LTR   15,15
         BNZ   NEXTCMD
         BAL   14,NEEDDD
         LTR   15,15
         BNZ   NEXTCMD
         LH    1,INDEV
         BAL   14,PROBE
         LTR   15,15
         BNZ   NEXTCMD
         ST    0,INCYLS
         LH    1,OUTDEV
         BAL   14,PROBE
         LTR   15,15
         BNZ   NEXTCMD
         ST    0,OUTCYLS
         BAL   14,FIXEXTS
         LTR   15,15
         BNZ   NEXTCMD
         LA    9,OUTDEF
         BAL   14,VOLCHK
         LTR   15,15
         BNZ   NEXTCMD
         LA    9,EXTTAB
         L     8,NEXTS
COPYEXT  L     5,0(9)
COPYCYL  SR    6,6
COPYTRK  LH    1,INDEV
         BAL   14,RDTRK
         LTR   15,15
         BNZ   DISKERR
         BAL   14,PACKTRK
         LTR   15,15
         BNZ   NEXTCMD
         STM   5,6,COPYCH
         L     4,8(9)                  target: REORDER cylinder
         AR    4,5
         S     4,0(9)
         LR    5,4
         LH    1,OUTDEV
         BAL   14,WRTRK
         LTR   15,15
         BNZ   DISKERR
         LM    5,6,COPYCH
         LA    6,1(6)
         L     1,INTYPEP
         CH    6,TYPHEADS-TYPETAB(1)
         BL    COPYTRK
         LA    5,1(5)
         C     5,4(9)
         BNH   COPYCYL
         LA    9,12(9)
         BCT   8,COPYEXT
         SAY   MEOCOPY
         B     NEXTCMD
*---------------------------------------------------------------------
* PRINT / TYPE: the input disk's tracks, formatted, to the printer
* (SYSPRINT) or the console
*---------------------------------------------------------------------
DOPRINT  MVI   FUNC,C'P'
         B     DOPT
DOTYPE   MVI   FUNC,C'T'
DOPT     BAL   14,GETEXTS
         LTR   15,15
         BNZ   NEXTCMD
         L     1,INTYPEP
         LTR   1,1
         BZ    PTSEQ
         CLI   TYPKIND-TYPETAB(1),C'D'
         BNE   PTSEQ
         LH    1,INDEV
         BAL   14,PROBE
         LTR   15,15
         BNZ   NEXTCMD
         ST    0,INCYLS
         BAL   14,FIXEXTS
         LTR   15,15
         BNZ   NEXTCMD
         LA    9,EXTTAB
         L     8,NEXTS
PTEXT    L     5,0(9)
PTCYL    SR    6,6
PTTRK    LH    1,INDEV
         BAL   14,RDTRK
         LTR   15,15
         BNZ   DISKERR
         BAL   14,SHOWTRK
         LA    6,1(6)
         L     1,INTYPEP
         CH    6,TYPHEADS-TYPETAB(1)
         BL    PTTRK
         LA    5,1(5)
         C     5,4(9)
         BNH   PTCYL
         LA    9,12(9)
         BCT   8,PTEXT
         LA    1,MEOPRINT
         CLI   FUNC,C'P'
         BE    *+8
         LA    1,MEOTYPE
         BAL   14,PUTMSG
         B     NEXTCMD
PTSEQ    SAY   MSEQERR
         B     NEXTCMD
*
* SHOWTRK: one track (HA, R0 in STREAM, R1..Rn in TRKBUF) as lines:
*   CYL cccc HEAD hhhh  HA xxxxxxxxxx
*     R0 COUNT cccchhhhrrkkdddd, then KEY / DATA lines in hex + text
SHOWTRK  STM   0,9,SHSAVE
         ST    14,SH14
         BAL   14,LCLR
         APP   MCYL
         LR    0,5
         LA    1,4
         BAL   14,APPHEX
         APP   MHEAD
         LR    0,6
         LA    1,4
         BAL   14,APPHEX
         APP   MHA
         LA    2,STREAM+11
         LA    3,5
         BAL   14,APPHEXS
         BAL   14,OUTLINE
         LA    2,STREAM+16             R0
         BAL   14,SHOWREC
         L     2,=A(TRKBUF)
         L     3,TRKLEN
         AR    3,2
         ST    3,SHEND
SHLOOP   C     2,SHEND
         BNL   SHDONE
         BAL   14,SHOWREC              R2 -> next record
         B     SHLOOP
SHDONE   L     14,SH14
         LM    0,9,SHSAVE
         BR    14
*
* SHOWREC: the record at R2 (count, key, data); R2 -> after it.
SHOWREC  ST    14,SR14
         BAL   14,LCLR
         APP   MREC
         SR    0,0
         IC    0,4(2)
         LA    1,2
         BAL   14,APPHEX
         APP   MCOUNT
         LR    6,2
         LA    3,8
         BAL   14,APPHEXS              R2 advances over the count
         BAL   14,OUTLINE
         SR    3,3
         IC    3,5(6)                  KL
         LTR   3,3
         BZ    SRDATA
         LA    1,MKEY
         BAL   14,SHOWHEX
SRDATA   SR    3,3
         ICM   3,3,6(6)                DL
         LTR   3,3
         BZ    SRDONE
         LA    1,MDATA
         BAL   14,SHOWHEX
SRDONE   L     14,SR14
         BR    14
*
* SHOWHEX: R3 bytes at R2 (R2 advances), 16 a line, label at R1:
*       DATA 0000  xxxxxxxx xxxxxxxx xxxxxxxx xxxxxxxx  *text*
SHOWHEX  ST    14,SX14
         ST    1,SXLABEL
         SR    9,9                     offset
SXLINE   BAL   14,LCLR
         LA    7,6(7)
         L     1,SXLABEL
         LTR   9,9
         BNZ   SXOFF
         BAL   14,APPEND
SXOFF    LA    7,LINE+11
         LR    0,9
         LA    1,4
         BAL   14,APPHEX
         LA    7,2(7)
         LA    8,16                    bytes on this line
         CR    8,3
         BNH   *+6
         LR    8,3
         ST    2,SXSTART
         ST    8,SXCOUNT
         LA    4,4
SXWORD   LR    1,8
         CR    1,4
         BNH   *+6
         LR    1,4
         SR    8,1
         ST    3,SXREM
         LR    3,1
         BAL   14,APPHEXS
         L     3,SXREM
         LA    7,1(7)
         LTR   8,8
         BP    SXWORD
         LA    7,LINE+11+6+36          the text column
         MVI   0(7),C'*'
         L     1,SXCOUNT
         BCTR  1,0
         L     15,SXSTART
         EX    1,SXMVC
         EX    1,SXTR
         LA    7,2(1,7)
         MVI   0(7),C'*'
         LA    7,1(7)
         BAL   14,OUTLINE
         L     1,SXCOUNT
         SR    3,1
         AR    9,1
         LTR   3,3
         BP    SXLINE
         L     14,SX14
         BR    14
SXMVC    MVC   1(0,7),0(15)
SXTR     TR    1(0,7),PRTABLE
*
* OUTLINE: the line to the console (TYPE) or the printer (PRINT)
OUTLINE  CLI   FUNC,C'P'
         BNE   PUTLINE
         LH    1,PRTDEV
         LTR   1,1
         BZ    PUTLINE                 no SYSPRINT: the console
         ST    14,OL14
         STM   0,9,PMSAVE
         LR    0,7
         S     0,=A(LINE)
         LA    2,LINE
         STCM  2,7,PRTCCW+1
         STH   0,PRTCCW+6
         LA    2,PRTCCW
         BAL   14,DOIO
         LM    0,9,PMSAVE
         L     14,OL14
         BR    14
*---------------------------------------------------------------------
* the tracks
*---------------------------------------------------------------------
* RDTRK: read track (R5 cyl, R6 head) of disk R1: the home address to
* STREAM+11, R0 to STREAM+16, R1..Rn to TRKBUF (TRKLEN bytes).
RDTRK    ST    14,RD14
         STH   5,SEEKARG+2
         STH   6,SEEKARG+4
         LA    2,RDCHAIN
         BAL   14,DOIO
         LTR   15,15
         BNZ   RDRET
         LH    2,IORESID
         N     2,=X'0000FFFF'
         L     3,=A(TRKMAX)
         SR    3,2
         ST    3,TRKLEN
RDRET    L     14,RD14
         BR    14
*
* PACKTRK: TRKBUF -> STREAM in DDR format: THR (tag, NDRD, NDRT, DRL,
* flag, HA), R0, the counts of R1..Rn, then their keys and data.
* R15 = 0, or 8 (message given) if the track is too big.
PACKTRK  STM   0,9,PKSAVE
         ST    14,PK14
         L     2,=A(TRKBUF)
         L     3,TRKLEN
         AR    3,2                     end of the records
         SR    8,8                     n
PKCOUNT  CR    2,3
         BNL   PKCOUNTD
         SR    1,1
         IC    1,5(2)
         SR    15,15
         ICM   15,3,6(2)               DL (unsigned)
         AR    1,15
         LA    2,8(1,2)
         LA    8,1(8)
         B     PKCOUNT
PKCOUNTD STH   8,STREAM+4              THRNDRD
         LR    9,8
         SLL   9,3
         L     4,=A(STREAM+32)         counts go here
         LA    9,0(9,4)                and keys+data after them
         L     2,=A(TRKBUF)
PKMOVE   CR    2,3
         BNL   PKMOVED
         MVC   0(8,4),0(2)
         LA    4,8(4)
         SR    1,1
         IC    1,5(2)
         SR    15,15
         ICM   15,3,6(2)               DL (unsigned)
         AR    1,15
         LTR   1,1
         BZ    PKNEXT
         STM   2,5,PKREGS
         LR    5,1
         LA    4,8(2)                  from: after the count
         LR    2,9                     to
         LR    3,1
         MVCL  2,4
         LR    9,2
         LM    2,5,PKREGS
PKNEXT   LA    2,8(1,2)
         B     PKMOVE
PKMOVED  S     9,=A(STREAM)            stream length
         C     9,=A(BLKSIZE)
         BH    PKMULTI
         L     2,=A(STREAM)            one block, padded with zeros
         LA    2,0(9,2)
         L     3,=A(BLKSIZE)
         SR    3,9
         SR    5,5
         MVCL  2,4
         LA    0,1
         SR    1,1
         B     PKHDR
PKMULTI  SR    0,0
         LR    1,9
         D     0,=A(BLKSIZE)           R1 = full blocks, R0 = short
         XR    0,1
         XR    1,0
         XR    0,1                     R0 = full, R1 = short
PKHDR    STH   0,STREAM+6              THRNDRT
         STH   1,STREAM+8              THRDRL
         MVI   STREAM+10,0             THRFLAG
         MVC   STREAM(4),=C'THR '
         ST    9,STRMLEN
         L     14,PK14
         LM    0,9,PKSAVE
         SR    15,15
         BR    14
*
* WRBLKS: STREAM's blocks to tape R1 (one channel program).
WRBLKS   ST    14,WB14
         LH    1,OUTDEV
         LH    3,STREAM+6              full blocks
         LH    4,STREAM+8              short block length
         L     2,=A(CCWAREA)
         L     0,=A(STREAM)
WBLOOP   ST    0,0(2)
         MVI   0(2),TWRITE
         MVC   4(4,2),WBFLAGS
         A     0,=A(BLKSIZE)
         LA    2,8(2)
         BCT   3,WBLOOP
         LTR   4,4
         BZ    WBLAST
         ST    0,0(2)
         MVI   0(2),TWRITE
         MVI   4(2),CC
         MVI   5(2),0
         STH   4,6(2)
         LA    2,8(2)
WBLAST   SH    2,=H'8'
         NI    4(2),255-CC
         L     2,=A(CCWAREA)
         BAL   14,DOIO
         L     1,STRMLEN
         A     1,NBYTES
         ST    1,NBYTES
         L     14,WB14
         BR    14
*
* WRTRK: write the track in STREAM to disk R1 at cylinder R5, head
* R6 (moved there: HA, R0 and every count rewritten when R5 is not
* the dumped cylinder, DDR's REORDER).
WRTRK    STM   0,9,WTSAVE
         ST    14,WT14
         STH   5,SEEKARG+2
         STH   6,SEEKARG+4
         CH    5,STREAM+12
         BE    WTCHAIN
         STH   5,STREAM+12             the home address
         STH   5,STREAM+16             R0's count
         LH    3,STREAM+4
         LTR   3,3
         BZ    WTCHAIN
         L     2,=A(STREAM+32)
WTRELOC  STH   5,0(2)
         STH   6,2(2)
         LA    2,8(2)
         BCT   3,WTRELOC
WTCHAIN  L     2,=A(CCWAREA)
         MVC   0(32,2),WTHEAD          SET FILE MASK, SEEK, HA, R0
         LA    2,24(2)                 -> WRITE R0
         LH    3,STREAM+4              n records
         LTR   3,3
         BZ    WTLAST
         LA    2,8(2)
         L     4,=A(STREAM+32)         counts
         LR    9,3
         SLL   9,3
         LA    9,0(9,4)                keys + data
WTREC    ST    4,0(2)
         MVI   0(2),WRITECKD
         SR    1,1
         IC    1,5(4)
         SR    15,15
         ICM   15,3,6(4)               DL (unsigned)
         AR    1,15
         LTR   1,1
         BZ    WTCOUNT
         MVC   4(4,2),WTCDFLAG
         ST    9,8(2)
         MVI   8(2),0
         MVI   12(2),CC
         MVI   13(2),0
         STH   1,14(2)
         AR    9,1
         LA    2,16(2)
         B     WTNEXT
WTCOUNT  DS    0H
         MVC   4(4,2),WTCCFLAG
         LA    2,8(2)
WTNEXT   LA    4,8(4)
         BCT   3,WTREC
         SH    2,=H'8'
WTLAST   NI    4(2),255-CC             the last CCW ends the chain
         LH    1,OUTDEV
         L     2,=A(CCWAREA)
         BAL   14,DOIO
         L     14,WT14
         LM    0,9,WTSAVE
         BR    14
*
         DS    0D
WTHEAD   DC    AL1(SETFM),AL3(FMASK),AL1(CC),AL1(0),AL2(1)
         DC    AL1(SEEK),AL3(SEEKARG),AL1(CC),AL1(0),AL2(6)
         DC    AL1(WRITEHA),AL3(STREAM+11),AL1(CC),AL1(0),AL2(5)
         DC    AL1(WRITER0),AL3(STREAM+16),AL1(CC),AL1(0),AL2(16)
*
         DS    0D
RDCHAIN  DC    AL1(SEEK),AL3(SEEKARG),AL1(CC),AL1(0),AL2(6)
         DC    AL1(READHA),AL3(STREAM+11),AL1(CC+SLI),AL1(0),AL2(5)
         DC    AL1(READR0),AL3(STREAM+16),AL1(CC+SLI),AL1(0),AL2(16)
         DC    AL1(READMCKD),AL3(TRKBUF),AL1(SLI),AL1(0),AL2(TRKMAX)
*
* TARGET: is cylinder R5 in the extents?  R15 = 0 and R4 = where it
* goes (REORDER), or R15 = 4.
TARGET   LA    1,EXTTAB
         L     15,NEXTS
TGLOOP   C     5,0(1)
         BL    TGNEXT
         C     5,4(1)
         BH    TGNEXT
         L     4,8(1)
         AR    4,5
         S     4,0(1)
         SR    15,15
         BR    14
TGNEXT   LA    1,12(1)
         BCT   15,TGLOOP
         LA    15,4
         BR    14
*
* PROBE: the number of cylinders of disk R1 (R0): the highest
* cylinder a SEEK accepts, found by halving (a minidisk or a small
* volume has fewer cylinders than its device type).
PROBE    ST    14,PR14
         STM   2,5,PRSAVE
         SR    4,4                     lo: known good
         L     5,=F'4096'              hi: known bad
         XC    SEEKARG,SEEKARG
         LA    2,SKCHAIN
         BAL   14,DOIO                 cylinder 0 must be there
         CH    15,=H'12'
         BE    PRNOP
         LTR   15,15
         BNZ   PRERR
PRLOOP   LR    3,5
         SR    3,4
         CH    3,=H'1'
         BNH   PRDONE
         LR    3,4
         AR    3,5
         SRL   3,1
         STH   3,SEEKARG+2
         LA    2,SKCHAIN
         BAL   14,DOIO
         LTR   15,15
         BNZ   PRHIGH
         LR    4,3
         B     PRLOOP
PRHIGH   LR    5,3
         B     PRLOOP
PRDONE   LA    0,1(4)
         SR    15,15
         XC    SEEKARG,SEEKARG
         LM    2,5,PRSAVE
         L     14,PR14
         BR    14
PRNOP    BAL   14,NOTOPER
         B     PRFAIL
PRERR    BAL   14,IOERR
PRFAIL   LA    15,8
         LM    2,5,PRSAVE
         L     14,PR14
         BR    14
         DS    0D
SKCHAIN  DC    AL1(SEEK),AL3(SEEKARG),AL1(0),AL1(0),AL2(6)
*
* VOLCHK: the VOL1 label on cylinder 0 head 0 of disk (R9 -> its
* definition) into VOLREAD; then DMKDDR711R VOLID READ IS volser
* [NOT volser] and the YES / NO / REREAD question, unless the volser
* given on INPUT/OUTPUT matches.  R15 = 0 go on, 4 NO.
VOLCHK   ST    14,VC14
         STM   0,8,VCSAVE
VCREAD   SR    5,5
         SR    6,6
         LH    1,DEFDEV-DEF(9)
         BAL   14,RDTRK
         LTR   15,15
         BNZ   VCERR
         MVC   VOLREAD,BLANKS
         L     2,=A(TRKBUF)
         L     3,TRKLEN
         AR    3,2
VCLOOP   CR    2,3
         BNL   VCFOUND
         SR    1,1
         IC    1,5(2)                  KL
         LA    4,8(1,2)                the data
         CLC   0(4,4),=C'VOL1'
         BE    VCVOL
         CH    1,=H'4'
         BNE   VCSKIP
         CLC   8(4,2),=C'VOL1'
         BE    VCVOL
VCSKIP   DS    0H
         SR    15,15
         ICM   15,3,6(2)               DL (unsigned)
         AR    1,15
         LA    2,8(1,2)
         B     VCLOOP
VCVOL    MVC   VOLREAD,4(4)
VCFOUND  CLI   DEFVOLF-DEF(9),1
         BNE   VCASK
         CLC   VOLREAD,DEFVOL-DEF(9)
         BE    VCGO
VCASK    BAL   14,LCLR
         APP   MVOLREAD
         MVC   0(6,7),VOLREAD
         LA    7,6(7)
         CLI   DEFVOLF-DEF(9),1
         BNE   VCASK2
         APP   MNOT
         MVC   0(6,7),DEFVOL-DEF(9)
         LA    7,6(7)
VCASK2   BAL   14,PUTLINE
         SAY   MCONTQ
         BAL   14,GETLINE
         BAL   14,NEXTTOK
         CLC   TOK(8),=CL8'YES'
         BE    VCGO
         CLC   TOK(8),=CL8'REREAD'
         BE    VCREAD
         CLC   TOK(8),=CL8'NO'
         BE    VCNO
         B     VCASK
VCGO     SR    15,15
         B     VCRET
VCERR    LH    1,DEFDEV-DEF(9)
         BAL   14,IOERR
VCNO     LA    15,4
VCRET    LM    0,8,VCSAVE
         L     14,VC14
         BR    14
*---------------------------------------------------------------------
* extents: ALL, or cyl1 [TO cyl2] [REORDER cyl3], more on the lines
* after ENTER NEXT EXTENT OR NULL LINE.  EXTTAB: first, last, target.
* R15 = 0 good, else a message has been given.
*---------------------------------------------------------------------
GETEXTS  ST    14,GE14
         XC    NEXTS,NEXTS
         MVI   ALLFLAG,0
         BAL   14,NEXTTOK
         LTR   4,4
         BZ    GEMISS
         CLC   TOK(8),=CL8'ALL'
         BNE   GERANGE
         MVI   ALLFLAG,1
         BAL   14,NEXTTOK
         LTR   4,4
         BNZ   GEBAD
         B     GEOK
GERANGE  BAL   14,ONEEXT               the first range, on this line
         LTR   15,15
         BNZ   GEFAIL
GEMORE   SAY   MNEXTEXT
         SAY   MENTER
         BAL   14,GETLINE
         BAL   14,NEXTTOK
         LTR   4,4
         BZ    GEOK
         BAL   14,ONEEXT
         LTR   15,15
         BNZ   GEFAIL
         B     GEMORE
GEOK     SR    15,15
         L     14,GE14
         BR    14
GEMISS   SAY   MMISSING
         B     GEFAIL
GEBAD    BAL   14,SAYBAD
GEFAIL   LA    15,8
         L     14,GE14
         BR    14
*
* ONEEXT: TOK is cyl1; the rest of the line may say TO cyl2 and
* REORDER cyl3.  Added to EXTTAB.
ONEEXT   ST    14,OE14
         L     1,NEXTS
         CH    1,=AL2(MAXEXT)
         BNL   OEMANY
         MH    1,=H'12'
         LA    9,EXTTAB(1)
         BAL   14,DECNUM
         LTR   15,15
         BNZ   OEBAD
         ST    0,0(9)
         ST    0,4(9)
         ST    0,8(9)
         BAL   14,NEXTTOK
         LTR   4,4
         BZ    OEADD
         CLC   TOK(8),=CL8'TO'
         BNE   OEREORD
         BAL   14,NEXTTOK
         BAL   14,DECNUM
         LTR   15,15
         BNZ   OEBAD
         C     0,0(9)
         BL    OEBAD                   runs backwards
         ST    0,4(9)
         BAL   14,NEXTTOK
         LTR   4,4
         BZ    OEADD
OEREORD  CLC   TOK(8),=CL8'REORDER'
         BNE   OEBAD
         CLI   FUNC,C'D'               REORDER: RESTORE and COPY only
         BE    OEBAD
         BAL   14,NEXTTOK
         BAL   14,DECNUM
         LTR   15,15
         BNZ   OEBAD
         ST    0,8(9)
         BAL   14,NEXTTOK
         LTR   4,4
         BNZ   OEBAD
OEADD    L     1,NEXTS
         LA    1,1(1)
         ST    1,NEXTS
         SR    15,15
         L     14,OE14
         BR    14
OEMANY   SAY   MTOOMANY
         B     OEFAIL
OEBAD    BAL   14,SAYBAD
OEFAIL   LA    15,8
         L     14,OE14
         BR    14
*
* FIXEXTS: ALL becomes 0 TO INCYLS-1; every extent is checked
* against INCYLS (input) and, with REORDER, OUTCYLS.
FIXEXTS  CLI   ALLFLAG,1
         BNE   FXCHECK
         LA    1,1
         ST    1,NEXTS
         XC    EXTTAB(12),EXTTAB
         L     1,INCYLS
         BCTR  1,0
         ST    1,EXTTAB+4
FXCHECK  LA    1,EXTTAB
         L     15,NEXTS
FXLOOP   L     0,4(1)
         C     0,INCYLS
         BNL   FXBAD
         CLI   FUNC,C'C'
         BNE   FXNEXT
         S     0,0(1)
         A     0,8(1)
         C     0,OUTCYLS
         BNL   FXBAD
FXNEXT   LA    1,12(1)
         BCT   15,FXLOOP
         SR    15,15
         BR    14
FXBAD    ST    14,FX14
         SAY   MBEYOND
         L     14,FX14
         LA    15,8
         BR    14
*
* the function's devices: NEEDDT (disk in, tape out), NEEDTD,
* NEEDDD.  R15 = 0 or DMKDDR708E given.
NEEDDT   MVC   NEEDK,=C'DT'
         B     NEEDCHK
NEEDTD   MVC   NEEDK,=C'TD'
         B     NEEDCHK
NEEDDD   MVC   NEEDK,=C'DD'
NEEDCHK  L     1,INTYPEP
         LTR   1,1
         BZ    NEEDSEQ
         CLC   TYPKIND-TYPETAB(1,1),NEEDK
         BNE   NEEDBAD
         L     1,OUTTYPEP
         LTR   1,1
         BZ    NEEDSEQ
         CLC   TYPKIND-TYPETAB(1,1),NEEDK+1
         BNE   NEEDBAD
         SR    15,15
         BR    14
NEEDSEQ  LA    1,MSEQERR
         B     NEEDSAY
NEEDBAD  LA    1,MBADDEF
NEEDSAY  ST    14,ND14
         BAL   14,PUTMSG
         L     14,ND14
         LA    15,8
         BR    14
*---------------------------------------------------------------------
* messages with a device or a status
*---------------------------------------------------------------------
* APPINOUT: "volser IN(cuu)  OUT(cuu)" at R7
APPINOUT ST    14,AI14
         MVC   0(6,7),CURVOL
         LA    7,6(7)
         APP   MIN
         LH    0,INDEV
         LA    1,3
         BAL   14,APPHEX
         APP   MOUT
         LH    0,OUTDEV
         LA    1,3
         BAL   14,APPHEX
         MVI   0(7),C')'
         LA    7,1(7)
         L     14,AI14
         BR    14
*
* DISKERR / TAPEERR: an I/O error ended the function
DISKERR  CH    15,=H'12'
         BE    DEVNOP
         BAL   14,IOERR
         B     NEXTCMD
TAPEERR  CH    15,=H'12'
         BE    DEVNOP
         CH    15,=H'4'
         BNE   TAPEERR2
         SAY   MEOT                    end of the tape (unit exception)
         B     NEXTCMD
TAPEERR2 BAL   14,IOERR
         B     NEXTCMD
DEVNOP   BAL   14,NOTOPER
         B     NEXTCMD
*
* NOTOPER: DMKDDR710A DEVICE cuu NOT OPERATIONAL (device in R1)
NOTOPER  ST    14,NO14
         LR    0,1
         BAL   14,LCLR
         APP   MNOTOP1
         LA    1,3
         BAL   14,APPHEX
         APP   MNOTOP2
         BAL   14,PUTLINE
         L     14,NO14
         BR    14
*
* IOERR: DMKDDR705E I/O ERROR cuu CSW csw SENSE sense (device in R1)
IOERR    ST    14,IE14
         STM   0,9,IESAVE
         MVC   ERRCSW,IOCSW
         XC    SENSEB,SENSEB
         LA    2,SENSECCW
         BAL   14,DOIO
         BAL   14,LCLR
         APP   MIOERR
         L     1,IESAVE+4
         LR    0,1
         LA    1,3
         BAL   14,APPHEX
         APP   MCSW
         LA    2,ERRCSW
         LA    3,8
         BAL   14,APPHEXS
         APP   MSENSE
         LA    2,SENSEB
         LA    3,6
         BAL   14,APPHEXS
         BAL   14,PUTLINE
         LM    0,9,IESAVE
         L     14,IE14
         BR    14
         DS    0D
SENSECCW DC    AL1(SENSE),AL3(SENSEB),AL1(SLI),AL1(0),AL2(24)
*---------------------------------------------------------------------
* tape primitives (device in R1)
*---------------------------------------------------------------------
* TAPECMD: one control command (R0: REWIND, WRITE TAPEMARK)
TAPECMD  ST    14,TC14
         STC   0,TAPECCW
         MVC   TAPECCW+1(3),=AL3(SENSEB)
         MVC   TAPECCW+4(4),TCFLAGS
         LA    2,TAPECCW
         BAL   14,DOIO
         L     14,TC14
         BR    14
* TAPEWR: write R3 bytes at R2 as one block
TAPEWR   ST    14,TC14
         ST    2,TAPECCW
         MVI   TAPECCW,TWRITE
         MVI   TAPECCW+4,0
         MVI   TAPECCW+5,0
         STH   3,TAPECCW+6
         LA    2,TAPECCW
         BAL   14,DOIO
         L     14,TC14
         BR    14
* TAPERD: read one block to R2 (at most BLKSIZE+1 bytes: a longer
* block shows as BLKSIZE+1); R0 = its length; R15 4 = tapemark
TAPERD   ST    14,TC14
         ST    2,TAPECCW
         MVI   TAPECCW,TREAD
         MVC   TAPECCW+4(4),TRFLAGS
         ST    2,TRSAVE
         LA    2,TAPECCW
         BAL   14,DOIO
         L     2,TRSAVE
         L     1,TBLOCKNO
         LA    1,1(1)
         ST    1,TBLOCKNO
         LH    0,IORESID
         N     0,=X'0000FFFF'
         LCR   0,0
         A     0,=A(BLKSIZE+1)
         L     14,TC14
         BR    14
*---------------------------------------------------------------------
* DOIO: run the channel program at R2 on device R1 and wait for it
* (enabled wait; only this device's interruption ends the wait).
* R15 = 0 good, 4 unit exception, 8 unit check or channel error,
* 12 not operational.  IOCSW = the last CSW, IORESID its count.
*---------------------------------------------------------------------
DOIO     ST    14,DOIO14
         STH   1,IODEV
         ST    2,CAW
         LA    15,20
         ST    15,IORETRY
DOIOSIO  XC    IOSTAT,IOSTAT
         AIF   (NOT &CMS).SIOBARE
         NI    NUCIOFLG,255-IOPOST
.SIOBARE ANOP
         SIO   0(1)
         BC    8,DOIOWAIT
         BC    1,DOIONOP
         BC    2,DOIOBUSY              busy: again, after an interrupt
         MVC   IOCSW,CSW               CSW stored: the operation
         TM    CSWSTAT,UNITBUSY        ended at once (immediate, or
         BNO   DOIOSTOR                rejected), unless busy is on:
         L     15,IORETRY              status from before: try again
         BCT   15,*+8
         B     DOIONOP
         ST    15,IORETRY
         B     DOIOSIO
DOIOSTOR MVC   IOSTAT,CSWSTAT
         B     DOIOEND
         AIF   (&CMS).WAITCMS
DOIOWAIT LPSW  WAITPSW
DOIOBUSY LPSW  BUSYPSW
IOINT    CLC   IOOLD+2(2),IODEV
         BNE   DOIOWAIT                another device: wait on
         MVC   IOCSW,CSW
         AGO   .WAITEND
.WAITCMS ANOP
* under CMS: DMSITI takes the interruption and records it in NUCON
DOIOWAIT TM    NUCIOFLG,IOPOST
         BO    IOINT
         LPSW  CMSWPSW                 enabled wait, back to DOIOWAIT
DOIOBUSY TM    NUCIOFLG,IOPOST
         BO    DOIOSIO
         LPSW  CMSBPSW
IOINT    NI    NUCIOFLG,255-IOPOST
         CLC   NUCIODEV(2),IODEV
         BNE   DOIOWAIT                another device: wait on
         MVC   IOCSW,NUCIOCSW
.WAITEND ANOP
         OC    IOSTAT,IOCSW+4
         TM    IOCSW+4,DEVEND
         BO    DOIOEND
         TM    IOCSW+5,CHANERR
         BZ    DOIOWAIT
DOIOEND  MVC   IORESID,IOCSW+6
         SR    15,15
         TM    IOSTAT+1,CHANERR
         BNZ   DOIO8
         TM    IOSTAT,UNITCHK
         BO    DOIO8
         TM    IOSTAT,UNITEXC
         BNO   DOIORET
         LA    15,4
         B     DOIORET
DOIO8    LA    15,8
         B     DOIORET
DOIONOP  LA    15,12
DOIORET  L     14,DOIO14
         BR    14
*---------------------------------------------------------------------
* console
*---------------------------------------------------------------------
* PUTMSG: the message at R1 (AL1 length, text)
PUTMSG   STM   0,9,PMSAVE
         ST    14,PM14
         SR    0,0
         IC    0,0(1)
         LA    1,1(1)
         B     PUTTEXT
* PUTLINE: LINE up to R7
PUTLINE  STM   0,9,PMSAVE
         ST    14,PM14
         LR    0,7
         LA    1,LINE
         SR    0,1
PUTTEXT  LTR   0,0
         BP    PUTT2
         LA    1,BLANKS                an empty line: one blank
         LA    0,1
PUTT2    DS    0H
         AIF   (NOT &CMS).PUTBARE
         STCM  1,7,TYPPL+9             TYPLIN
         STH   0,TYPPL+14
         LA    1,TYPPL
         LA    13,SVCSAVE              (CMS's save area keeps ours)
         SVC   202
         DC    AL4(1)
         L     13,=A(STREAM)
         L     14,PM14
         LM    0,9,PMSAVE
         BR    14
.PUTBARE ANOP
         STCM  1,7,CONCCW+1
         MVI   CONCCW,CWRITE
         MVI   CONCCW+4,SLI
         STH   0,CONCCW+6
         LA    1,CONSOLE
         LA    2,CONCCW
         BAL   14,DOIO
         L     14,PM14
         LM    0,9,PMSAVE
         BR    14
*
* GETLINE: read a line into INBUF (upper case); the scan starts.
GETLINE  STM   0,9,PMSAVE
         ST    14,PM14
         MVC   INBUF,BLANKS
         AIF   (NOT &CMS).GETBARE
         LA    1,RDPL                  WAITRD, upper case
         LA    13,SVCSAVE              (CMS's save area keeps ours)
         SVC   202
         DC    AL4(1)
         L     13,=A(STREAM)
         CH    0,=H'80'
         BNH   GLEMPTY
         LA    0,80
         B     GLEMPTY
.GETBARE ANOP
         LA    1,INBUF
         STCM  1,7,CONCCW+1
         MVI   CONCCW,CREAD
         MVI   CONCCW+4,SLI
         MVC   CONCCW+6(2),=AL2(80)
         LA    1,CONSOLE
         LA    2,CONCCW
         BAL   14,DOIO
         SR    0,0
         LTR   15,15
         BNZ   GLEMPTY
         LA    0,L'INBUF
         SH    0,IORESID
GLEMPTY  OC    INBUF,BLANKS            lower case -> upper case
         LA    1,INBUF
         ST    1,SCANP
         AR    1,0
         ST    1,SCANE
         L     14,PM14
         LM    0,9,PMSAVE
         BR    14
*
* NEXTTOK: the next blank-delimited word: R3 -> it, R4 = length (0:
* none), TOK = it, blank padded.  Uses R1, R2, R15.
NEXTTOK  L     1,SCANP
         L     2,SCANE
NTSKIP   CR    1,2
         BNL   NTNONE
         CLI   0(1),C' '
         BNE   NTWORD
         LA    1,1(1)
         B     NTSKIP
NTWORD   LR    3,1
NTSCAN   CR    1,2
         BNL   NTEND
         CLI   0(1),C' '
         BE    NTEND
         LA    1,1(1)
         B     NTSCAN
NTEND    ST    1,SCANP
         LR    4,1
         SR    4,3
         MVC   TOK,BLANKS
         LR    15,4
         CH    15,=H'8'
         BNH   *+8
         LA    15,8
         BCTR  15,0
         EX    15,NTMVC
         BR    14
NTNONE   ST    1,SCANP
         LR    3,1
         SR    4,4
         MVC   TOK,BLANKS
         BR    14
NTMVC    MVC   TOK(0),0(3)
*
* DECNUM: the decimal number R3/R4 (1-5 digits) -> R0; R15 = 0/4
DECNUM   SR    0,0
         LTR   4,4
         BZ    NUMBAD
         CH    4,=H'5'
         BH    NUMBAD
         LR    1,3
DNLOOP   CLI   0(1),C'0'
         BL    NUMBAD
         CLI   0(1),C'9'
         BH    NUMBAD
         MH    0,=H'10'
         SR    15,15
         IC    15,0(1)
         N     15,=F'15'
         AR    0,15
         LA    1,1(1)
         BCT   4,DNLOOP
         SR    15,15
         BR    14
NUMBAD   LA    15,4
         BR    14
*
* HEXNUM: the hexadecimal number R3/R4 (1-4 digits) -> R0; R15 = 0/4
HEXNUM   SR    0,0
         LTR   4,4
         BZ    NUMBAD
         CH    4,=H'4'
         BH    NUMBAD
         LR    1,3
HNLOOP   SR    15,15
         IC    15,0(1)
         CLI   0(1),C'0'
         BL    HNALPHA
         CLI   0(1),C'9'
         BH    NUMBAD
         N     15,=F'15'
         B     HNADD
HNALPHA  CLI   0(1),C'A'
         BL    NUMBAD
         CLI   0(1),C'F'
         BH    NUMBAD
         N     15,=F'15'
         LA    15,9(15)
HNADD    SLL   0,4
         AR    0,15
         LA    1,1(1)
         BCT   4,HNLOOP
         SR    15,15
         BR    14
*---------------------------------------------------------------------
* building a line at R7
*---------------------------------------------------------------------
LCLR     MVC   LINE,BLANKS
         LA    7,LINE
         BR    14
* APPEND: the message at R1 (AL1 length, text)
APPEND   SR    15,15
         IC    15,0(1)
         BCTR  15,0
         EX    15,APPMVC
         LA    7,1(15,7)
         BR    14
APPMVC   MVC   0(0,7),1(1)
* APPHEX: R0 as R1 hex digits (1-8)
APPHEX   ST    0,HEXW
         UNPK  HEXWK(9),HEXW(5)
         TR    HEXWK(8),HEXTRT
         LA    15,HEXWK+8
         SR    15,1
         BCTR  1,0
         EX    1,APPHMVC
         LA    7,1(1,7)
         BR    14
APPHMVC  MVC   0(0,7),0(15)
* APPHEXS: R3 bytes at R2 in hex (R2 advances, R3 kept)
APPHEXS  ST    14,AH14
         STM   3,4,AHSAVE
AHLOOP   SR    0,0
         IC    0,0(2)
         LA    1,2
         BAL   14,APPHEX
         LA    2,1(2)
         BCT   3,AHLOOP
         LM    3,4,AHSAVE
         L     14,AH14
         BR    14
* APPDEC: R0 in decimal, no leading zeros
APPDEC   CVD   0,DECW
         UNPK  DECWK(9),DECW+3(5)
         OI    DECWK+8,X'F0'
         LA    1,DECWK
         LA    15,8
ADSKIP   CLI   0(1),C'0'
         BNE   ADMOVE
         LA    1,1(1)
         BCT   15,ADSKIP
ADMOVE   EX    15,ADMVC
         LA    7,1(15,7)
         BR    14
ADMVC    MVC   0(0,7),0(1)
*---------------------------------------------------------------------
* program check: DMKDDR756E PROGRAM CHECK PSW = psw, then stop
*---------------------------------------------------------------------
PGMCHK   BAL   14,LCLR                 (R10-R13 are never changed)
         APP   MPGMCHK
         LA    2,PGMOLD
         LA    3,8
         BAL   14,APPHEXS
         BAL   14,PUTLINE
         LPSW  BADPSW
*---------------------------------------------------------------------
* constants
*---------------------------------------------------------------------
         DS    0D
IOPSW    DC    X'00000000',A(IOINT)    I/O new PSW: disabled
PGMPSW   DC    X'00000000',A(PGMCHK)
WAITPSW  DC    X'FE020000',A(0)        enabled wait (I/O)
BUSYPSW  DC    X'FE020000',A(DOIOSIO)  (an interruption, then SIO)
         AIF   (NOT &CMS).PSWBARE
CMSWPSW  DC    X'FC020000',A(DOIOWAIT)
CMSBPSW  DC    X'FC020000',A(DOIOBUSY)
.PSWBARE ANOP
DONEPSW  DC    X'00020000',A(0)        END OF JOB: disabled wait, 0
BADPSW   DC    X'00020000',A(X'756')
*
* device types: name, kind (D disk, T tape), heads, VHRMREC
TYPETAB  DC    CL8'3330',C'D',X'00',H'19',H'96',H'0'
TYPELEN  EQU   *-TYPETAB
TYPKIND  EQU   TYPETAB+8
TYPHEADS EQU   TYPETAB+10
TYPMREC  EQU   TYPETAB+12
         DC    CL8'3330-1',C'D',X'00',H'19',H'96',H'0'
         DC    CL8'3330-11',C'D',X'00',H'19',H'96',H'0'
         DC    CL8'3350',C'D',X'00',H'30',H'103',H'0'
         DC    CL8'3380',C'D',X'00',H'15',H'93',H'0'
         DC    CL8'2400',C'T',X'00',H'0',H'0',H'0'
         DC    CL8'2420',C'T',X'00',H'0',H'0',H'0'
         DC    CL8'3410',C'T',X'00',H'0',H'0',H'0'
         DC    CL8'3420',C'T',X'00',H'0',H'0',H'0'
         DC    CL8'3480',C'T',X'00',H'0',H'0',H'0'
         DC    CL8'8809',C'T',X'00',H'0',H'0',H'0'
         DC    X'FF'
*
MBANNER  MSG   'VM/370 DASD DUMP/RESTORE PROGRAM RELEASE 6'
MENTER   MSG   'ENTER:'
MEOJ     MSG   'END OF JOB'
MEODUMP  MSG   'END OF DUMP'
MEORES   MSG   'END OF RESTORE'
MEOCOPY  MSG   'END OF COPY'
MEOPRINT MSG   'END OF PRINT'
MEOTYPE  MSG   'END OF TYPE'
MNEXTEXT MSG   'ENTER NEXT EXTENT OR NULL LINE'
MDUMPING MSG   'DUMPING   '
MRESTORG MSG   'RESTORING '
MIN      MSG   ' IN('
MOUT     MSG   ')  OUT('
MINVOP   MSG   'DMKDDR701E INVALID OPERAND - '
MMISSING MSG   'DMKDDR703E OPERAND MISSING'
MSEQERR  MSG   'DMKDDR702E CONTROL STATEMENT SEQUENCE ERROR'
MBADDEF  MSG   'DMKDDR708E INVALID INPUT OR OUTPUT DEFINITION'
MWRONGT  MSG   'DMKDDR709E WRONG INPUT TAPE MOUNTED'
MNOVHR   MSG   'NO VOLUME HEADER RECORD (VHR) AT THE START OF THE TAPE'
MUNEXPTM MSG   'UNEXPECTED TAPEMARK OR END OF TAPE AT BLOCK '
MBADBLK  MSG   'NOT A DDR TRACK OR TRAILER RECORD: BLOCK '
MOTHERDV MSG   'THE DUMP IS OF ANOTHER DEVICE TYPE THAN THE OUTPUT'
MNOFIT   MSG   'A DUMPED TRACK LIES BEYOND THE END OF THE OUTPUT'
MNOTDONE MSG   'RESTORE NOT DONE: THE OUTPUT VOLUME IS UNCHANGED'
MNOTOP1  MSG   'DMKDDR710A DEVICE '
MNOTOP2  MSG   ' NOT OPERATIONAL'
MVOLREAD MSG   'DMKDDR711R VOLID READ IS '
MNOT     MSG   ' NOT '
MCONTQ   MSG   'DO YOU WISH TO CONTINUE?  RESPOND YES NO OR REREAD:'
MTOOMANY MSG   'DMKDDR712E NUMBER OF EXTENTS EXCEEDS 20'
MBEYOND  MSG   'DMKDDR701E INVALID OPERAND - CYLINDER NOT ON VOLUME'
MIOERR   MSG   'DMKDDR705E I/O ERROR '
MCSW     MSG   ' CSW '
MSENSE   MSG   ' SENSE '
MEOT     MSG   'DMKDDR705E END OF TAPE REACHED ON OUTPUT'
MPGMCHK  MSG   'DMKDDR756E PROGRAM CHECK PSW = '
MCYL     MSG   'CYL '
MHEAD    MSG   ' HEAD '
MHA      MSG   '  HA '
MREC     MSG   '  R'
MCOUNT   MSG   ' COUNT '
MKEY     MSG   'KEY'
MDATA    MSG   'DATA'
*
* EBCDIC text of PRINT/TYPE lines: letters, digits and a few signs
* stay, everything else shows as a period
PRTABLE  DS    0C
         DC    X'4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B'
         DC    X'4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B'
         DC    X'4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B'
         DC    X'4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B'
         DC    X'404B4B4B4B4B4B4B4B4B4B4B4C4D4E4B'
         DC    X'504B4B4B4B4B4B4B4B4B5A5B5C5D5E4B'
         DC    X'60614B4B4B4B4B4B4B4B4B6B6C6D6E6F'
         DC    X'4B4B4B4B4B4B4B4B4B4B7A7B7C7D7E7F'
         DC    X'4B8182838485868788894B4B4B4B4B4B'
         DC    X'4B9192939495969798994B4B4B4B4B4B'
         DC    X'4B4BA2A3A4A5A6A7A8A94B4B4B4B4B4B'
         DC    X'4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B4B'
         DC    X'4BC1C2C3C4C5C6C7C8C94B4B4B4B4B4B'
         DC    X'4BD1D2D3D4D5D6D7D8D94B4B4B4B4B4B'
         DC    X'4B4BE2E3E4E5E6E7E8E94B4B4B4B4B4B'
         DC    X'F0F1F2F3F4F5F6F7F8F94B4B4B4B4B4B'
HEXTRT   EQU   *-X'F0'
         DC    C'0123456789ABCDEF'
BLANKS   DC    CL132' '
         LTORG
*---------------------------------------------------------------------
* variables
*---------------------------------------------------------------------
         DS    0D
VHR      DS    CL80
DECW     DS    D
HEXW     DS    F,X
HEXWK    DS    CL9
DECWK    DS    CL10
         DS    0F
DEF      EQU   *                       an INPUT / OUTPUT definition
INDEF    DS    0F
INTYPEP  DC    A(0)                    -> TYPETAB entry
INDEV    DC    H'0'
INVOL    DC    CL6' '
INVOLF   DC    X'00'                   1: volser given
         DS    0F
OUTDEF   DS    0F
OUTTYPEP DC    A(0)
OUTDEV   DC    H'0'
OUTVOL   DC    CL6' '
OUTVOLF  DC    X'00'
DEFTYPEP EQU   INTYPEP
DEFDEV   EQU   INDEV
DEFVOL   EQU   INVOL
DEFVOLF  EQU   INVOLF
PRTDEV   DC    H'0'
         DS    0F
INCYLS   DC    F'0'
OUTCYLS  DC    F'0'
NEXTS    DC    F'0'
EXTTAB   DS    (MAXEXT*3)F
NBYTES   DC    F'0'
NTRACKS  DC    F'0'
TRKLEN   DC    F'0'
STRMLEN  DC    F'0'
TBLOCKNO DC    F'0'
IORETRY  DC    F'0'
TRSAVE   DC    F'0'
SXLABEL  DC    F'0'
SXSTART  DC    F'0'
SXCOUNT  DC    F'0'
SXREM    DC    F'0'
SHEND    DC    F'0'
COPYCH   DC    2F'0'
SCANP    DC    A(0)
SCANE    DC    A(0)
LASTCYL  DC    H'0'
LASTHEAD DC    H'0'
IODEV    DC    H'0'
IOSTAT   DC    XL2'00'
IORESID  DC    H'0'
FUNC     DC    C' '
ALLFLAG  DC    X'00'
WRITING  DC    X'00'
NEEDK    DC    CL2' '
WBFLAGS  DC    AL1(CC),AL1(0),AL2(BLKSIZE)
WTCDFLAG DC    AL1(CD),AL1(0),AL2(8)
WTCCFLAG DC    AL1(CC),AL1(0),AL2(8)
TCFLAGS  DC    AL1(SLI),AL1(0),AL2(1)
TRFLAGS  DC    AL1(SLI),AL1(0),AL2(BLKSIZE+1)
FMASK    DC    X'C0'                   file mask: all writes, all seeks
SEEKARG  DC    XL6'00'
CURVOL   DC    CL6' '
VOLREAD  DC    CL6' '
TOK      DC    CL8' '
         DS    0D
IOCSW    DC    XL8'00'
ERRCSW   DC    XL8'00'
CONCCW   DC    XL8'00'
TAPECCW  DC    XL8'00'
PRTCCW   DC    AL1(PWRITE),AL3(0),AL1(SLI),AL1(0),AL2(0)
SENSEB   DC    XL24'00'
INBUF    DC    CL80' '
LINE     DC    CL132' '
* return addresses and save areas of the subroutines
DOIO14   DS    F
         AIF   (NOT &CMS).VARBARE
CMSR13   DS    F                       CMS's save area
CMSR14   DS    F                       the return address into DMSITS
CMSR0R1  DS    2F
         DS    0D
SVCSAVE  DS    18F                     ours, for SVC 202 calls
         DS    0D
TYPPL    DC    CL8'TYPLIN',X'01',AL3(LINE),C'B',X'00',AL2(0)
         DS    0D
RDPL     DC    CL8'WAITRD',X'01',AL3(INBUF),C'U',AL3(80)
.VARBARE ANOP
BADR14   DS    F
RTR14    DS    F
OD14     DS    F
SH14     DS    F
SR14     DS    F
SX14     DS    F
OL14     DS    F
RD14     DS    F
PK14     DS    F
WB14     DS    F
WT14     DS    F
PR14     DS    F
VC14     DS    F
GE14     DS    F
OE14     DS    F
FX14     DS    F
ND14     DS    F
AI14     DS    F
NO14     DS    F
IE14     DS    F
TC14     DS    F
PM14     DS    F
AH14     DS    F
CKSAVE   DS    10F
SHSAVE   DS    10F
PKSAVE   DS    10F
PKREGS   DS    4F
WTSAVE   DS    10F
PRSAVE   DS    4F
VCSAVE   DS    9F
IESAVE   DS    10F
PMSAVE   DS    10F
AHSAVE   DS    2F
         END   BEGIN
