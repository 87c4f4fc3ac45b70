*---------------------------------------------------------------------
* DMSAUD - FILE SYSTEM CORE: ACTIVE FILES, BLOCK ALLOCATION AND THE
*          DIRECTORY UPDATE (R6 DMSAUD "UPDATE THE DIRECTORY")
*
* FUNCTION: KEEPS THE ACTIVE FILE TABLE (AFTTAB, MACRO AFT) FOR
*           RDBUF/WRBUF/FINIS/ERASE, READS AND WRITES A FILE'S RECORD
*           STREAM THROUGH ITS CHAIN LINKS (SPEC CMS.MD 1.5) AND
*           WRITES A DISK'S DIRECTORY.
* INTEGRITY: NOTHING ON DISK THAT THE DIRECTORY NAMES IS EVER
*           OVERWRITTEN.  EVERY DATA, CHAIN-LINK AND FST BLOCK IS
*           WRITTEN TO A BLOCK THAT IS FREE BOTH IN THE WORKING MAP
*           (ADTMFDB) AND IN THE MAP AS LAST WRITTEN (ADTCMFD); A
*           REPLACED BLOCK IS ONLY FREED IN THE WORKING MAP.  THE
*           MFD (BLOCK 4: FST LIST, COUNTS, MAP) IS WRITTEN LAST, BY
*           COMMIT; THAT ONE WRITE SWITCHES THE DISK FROM THE OLD
*           DIRECTORY TO THE NEW ONE.  A PROGRAM STOPPED BEFORE IT
*           LEAVES THE OLD DIRECTORY AND FILES INTACT.
* ENTRIES:  (BALR R14,R15; ALL REGISTERS BUT THE RESULTS KEPT)
*   AUDOPEN  R0 -> ADT, R1 -> CL8 FN CL8 FT, R2 = AFTFWR OR AFTFRD,
*            R3 -> THE FILE'S FST IN THE DIRECTORY OR 0 (NEW FILE).
*            OUT R15 = 0, R1 -> AFT ENTRY; 25 NO ROOM; 100 I/O.
*   AUDFIND  R0 -> ADT (0 ANY), R1 -> CL8 FN CL8 FT.  OUT R15 = 0,
*            R1 -> ITS AFT ENTRY; R15 = 1 NOT OPEN.
*   AUDGET   R1 -> AFT, R7 = BYTE OFFSET, R5 -> TARGET, R4 = LENGTH.
*   AUDPUT   THE SAME, WRITING (R5 = 0: ZEROS).  AFTEND GROWS.
*            OUT R15 = 0; 13 DISK FULL; 19 FILE TOO LARGE; 100 I/O.
*   AUDCLOSE R1 -> AFT.  A FILE BEING WRITTEN GOES TO DISK (COMMIT)
*            AND THE ENTRY IS FREED.  R15 AS COMMIT.
*   AUDCOMIT R1 -> ADT.  COMMIT: EVERY FILE OPEN FOR WRITING ON THE
*            DISK IS CHECKPOINTED (DATA, CHAIN LINKS, ITS FST), THEN
*            THE FST BLOCKS ARE WRITTEN, THEN THE MFD.
*            R15 = 0; 10 DIRECTORY FULL; 13 DISK FULL; 100 I/O;
*            104 NO STORAGE FOR MORE FST BLOCKS.
*   AUDFREEF R1 -> ADT, R2 -> FST: FREE THE FILE'S BLOCKS (WORKING
*            MAP; THE CALLER CLEARS THE FST AND COMMITS).
*   AUDRECMP R1 -> ADT (NO FILES OPEN), R0 = NEW ADTNUM, R2 = NEW
*            ADTCYL: FORMAT (RECOMP).  THE MAP GROWS OR SHRINKS
*            (A LARGER ADTAREA IF NEEDED) AND IS COMMITTED.  R15 = 0;
*            4 A BLOCK BEYOND THE NEW END IS IN USE (NOTHING CHANGED);
*            10 THE MFD LIST WOULD NOT FIT; 104 NO STORAGE; OTHERS
*            AS COMMIT.
*   AUDAREA  R1 -> ADT, R0 = FST BLOCKS, R2 = BYTES OF ONE MAP (A
*            MULTIPLE OF 8): THE DISK GETS A DMSFREE AREA OF THAT
*            SIZE (ADTAREA, LAYOUT IN MACRO ADT); WHAT THE OLD ONE
*            HELD IS COPIED, THE OLD ONE FREED.  R15 = 0; 104.
* MANY FILES: THE AREA HAS ROOM FOR ADTFBCAP FST BLOCKS.  WHEN A NEW
*           FST BLOCK FINDS NO ROOM, A LARGER AREA (ADTFBGRO BLOCKS
*           MORE) TAKES ITS PLACE: FST POINTERS INTO THE DIRECTORY
*           HELD ACROSS A COMMIT MUST BE RELOCATED BY THE CHANGE OF
*           ADTFSTB (AFTDIR IS, HERE).  THE LIMIT IS WHAT THE MFD
*           LIST CAN NAME: 181 FST BLOCKS, LESS ONE PER MAP EXTENSION
*           BLOCK AND ONE FOR X'FFFD' (3620 FILES AT MOST).
* BIG DISKS: THE MAP BEYOND BLOCK 1720 LIVES IN EXTENSION BLOCKS
*           (SPEC CMS.MD 1.3).  COMMIT WRITES THEM, LIKE THE FST
*           BLOCKS, TO BLOCKS FREE IN BOTH MAPS AND LISTS THEM AFTER
*           X'FFFD' IN THE NEW MFD, SO THE ONE MFD WRITE SWITCHES
*           THE WHOLE MAP TOO; THE OLD ONES ARE FREED.
*---------------------------------------------------------------------
         ADT
         FST
         AFT
         MACRO
&L       SUBIN &S
&L       STM   2,7,&S
         ST    14,&S+24
         MEND
         MACRO
&L       SUBOUT &S
&L       L     14,&S+24
         LM    2,7,&S
         BR    14
         MEND
         MACRO
&L       ENTER
&L       STM   0,15,FSREGS
         L     12,AFSAUD
         LA    11,2048(,12)
         LA    11,2048(,11)
         MEND
DMSAUD   CSECT
         ENTRY AFTTAB,AUDOPEN,AUDFIND,AUDGET,AUDPUT,AUDCLOSE
         ENTRY AUDCOMIT,AUDFREEF,AUDRECMP,AUDAREA
         REGEQU
         USING NUCON,R0
         USING DMSAUD,R12,R11
         USING ADTD,R8
         USING AFTD,R9
         USING FSTD,R10
*                                      AUDOPEN
AUDOPEN  ENTER
         LR    R8,R0
         LR    R6,R1
         LA    R9,AFTTAB
         LA    R4,AFTSLOTS
OPNSLOT  CLI   AFTFLG,0
         BE    OPNHAVE
         LA    R9,AFTLEN(,R9)
         BCT   R4,OPNSLOT
         LA    R15,25                  TOO MANY FILES OPEN
         B     AUDRET
OPNHAVE  LR    R7,R2
         DMSFREE DWORDS=AFTBUFD
         LTR   R15,R15
         BZ    OPNBUF
         LA    R15,25                  NO FREE STORAGE
         B     AUDRET
OPNBUF   XC    0(AFTLEN,R9),0(R9)
         ST    R1,AFTBUF
         ST    R8,AFTADT
         STC   R7,AFTFLG
         OI    AFTFLG,AFTFUSE
         ST    R3,AFTDIR
         MVC   AFTDBI,=F'-1'
         MVC   AFTNLI,=F'-1'
         MVC   AFTRNO,=F'1'
         MVC   AFTWNO,=F'1'
         LA    R10,AFTFST
         LTR   R3,R3
         BNZ   OPNOLD
         MVC   AFTFST(16),0(R6)        NEW FILE: ITS NAME
         B     OPNOK
OPNOLD   MVC   AFTFST,0(R3)
         LH    R0,FSTRECCT
         N     R0,=F'65535'
         AH    R0,=H'1'
         ST    R0,AFTWNO
         LH    R0,FSTFCLPT
         N     R0,=F'65535'
         BZ    OPNLEN
         L     R2,AFTBUF
         BAL   R14,DIOR                CHAIN LINK 1
         LTR   R15,R15
         BNZ   OPNFAIL
OPNLEN   CLI   FSTRECFM,C'V'
         BE    OPNVLEN
         LH    R1,FSTRECCT
         N     R1,=F'65535'
         M     R0,FSTLRECL
         ST    R1,AFTEND
         B     OPNOK
OPNVLEN  LH    R6,FSTRECCT             V: ADD THE RECORD LENGTHS UP
         N     R6,=F'65535'
         SR    R7,R7
         LTR   R6,R6
         BZ    OPNVEND
OPNVLP   LA    R4,2
         LA    R5,AUDHALF
         MVC   AFTEND,=F'-1'           (NO END WHILE SCANNING)
         BAL   R14,GETB
         LTR   R15,R15
         BNZ   OPNFAIL
         LH    R0,AUDHALF
         N     R0,=F'65535'
         AR    R7,R0
         LA    R7,2(,R7)
         BCT   R6,OPNVLP
OPNVEND  ST    R7,AFTEND
OPNOK    ST    R9,FSREGS+4
         SR    R15,R15
         B     AUDRET
OPNFAIL  LR    R6,R15
         L     R1,AFTBUF
         DMSFRET DWORDS=AFTBUFD,LOC=(1)
         XC    0(AFTLEN,R9),0(R9)
         LR    R15,R6
         B     AUDRET
*                                      AUDFIND
AUDFIND  ENTER
         LA    R9,AFTTAB
         LA    R4,AFTSLOTS
FNDLP    CLI   AFTFLG,0
         BE    FNDNX
         LTR   R0,R0
         BZ    FNDNM
         C     R0,AFTADT
         BNE   FNDNX
FNDNM    CLC   AFTFST(16),0(R1)
         BE    FNDOK
FNDNX    LA    R9,AFTLEN(,R9)
         BCT   R4,FNDLP
         LA    R15,1
         B     AUDRET
FNDOK    ST    R9,FSREGS+4
         SR    R15,R15
         B     AUDRET
*                                      AUDGET AUDPUT
AUDGET   ENTER
         LR    R9,R1
         L     R8,AFTADT
         LA    R10,AFTFST
         BAL   R14,GETB
         B     AUDRET
AUDPUT   ENTER
         LR    R9,R1
         L     R8,AFTADT
         LA    R10,AFTFST
         BAL   R14,PUTB
         B     AUDRET
*                                      AUDCLOSE
AUDCLOSE ENTER
         LR    R9,R1
         L     R8,AFTADT
         LA    R10,AFTFST
         SR    R15,R15
         TM    AFTFLG,AFTFWR
         BZ    CLFREE
         BAL   R14,COMMIT
         LTR   R15,R15                 FAILED (DIRECTORY FULL) FOR A
         BZ    CLFREE                  FILE NOT IN THE DIRECTORY:
         L     R0,AFTDIR               ITS BLOCKS GO BACK (WORKING
         LTR   R0,R0                   MAP), NOTHING IS LOST
         BNZ   CLFREE
         LH    R0,FSTFCLPT
         LTR   R0,R0
         BZ    CLFREE
         LR    R6,R15
         BAL   R14,FREEF
         LR    R15,R6
CLFREE   LR    R6,R15
         L     R1,AFTBUF
         DMSFRET DWORDS=AFTBUFD,LOC=(1)
         XC    0(AFTLEN,R9),0(R9)
         LR    R15,R6
         B     AUDRET
*                                      AUDCOMIT
AUDCOMIT ENTER
         LR    R8,R1
         BAL   R14,COMMIT
         B     AUDRET
*                                      AUDRECMP
AUDRECMP ENTER
         LR    R8,R1
         ST    R0,RCNUM
         ST    R2,RCCYL
         L     R5,ADTMFDB              THE EXTENSION BLOCKS GO (THE
RCX1     LH    R0,0(,R5)               COMMIT WRITES NEW ONES)
         N     R0,=F'65535'
         BZ    RCCHK
         LA    R5,2(,R5)
         C     R0,=F'65535'
         BE    RCCHK
         C     R0,=F'65533'
         BNE   RCX1
RCX2     LH    R0,0(,R5)
         N     R0,=F'65535'
         BZ    RCCHK
         BAL   R14,FREEB
         LA    R5,2(,R5)
         B     RCX2
RCCHK    L     R2,ADTMFDB              A BLOCK IN USE BEYOND THE NEW
         L     R6,MFDNUM(,R2)          END?  THEN NO CHANGE (RC 4)
         L     R7,RCNUM
         L     R2,ADTWMAP
RCCHKL   CR    R7,R6
         BNL   RCFITS
         LR    R5,R7
         SRL   R5,3
         LR    R1,R7
         N     R1,=F'7'
         LA    R3,X'80'
         SRL   R3,0(R1)
         IC    R0,0(R5,R2)
         NR    R0,R3
         BNZ   RCFAIL
         LA    R7,1(,R7)
         B     RCCHKL
RCFAIL   LA    R4,4
RCUNDO   L     R0,ADTWMAP              UNDO: THE MAP AS ON DISK
         L     R1,ADTMAPC
         L     R2,ADTCMAP
         LR    R3,R1
         MVCL  R0,R2
         LR    R15,R4
         B     AUDRET
RCFITS   SR    R5,R5                   EXTENSION BLOCKS NOW NEEDED
         L     R1,RCNUM
         S     R1,=A(MFDMAPL*8)
         BNP   RCNX
         A     R1,=A(CMSBLK*8-1)
         SR    R0,R0
         D     R0,=A(CMSBLK*8)
         LR    R5,R1
RCNX     LR    R0,R5                   THE MFD LIST STILL FITS?
         BAL   R14,LISTROOM
         CH    R0,ADTNFST
         BNL   RCROOM
         LA    R4,10                   NO: DIRECTORY FULL
         B     RCUNDO
RCROOM   LR    R6,R5
         MH    R6,=Y(CMSBLK)
         LA    R6,MFDMAPL+7(,R6)
         SRL   R6,3
         SLL   R6,3                    BYTES OF ONE MAP
         C     R6,ADTMAPC
         BNH   RCSET
*                                      A LARGER AREA FOR LARGER MAPS
         LH    R0,ADTFBCAP
         LR    R2,R6
         BAL   R14,AREA
         LTR   R15,R15
         BNZ   AUDRET
RCSET    STH   R5,ADTNEXT
         XC    ADTROVR,ADTROVR
         L     R2,ADTMFDB
         MVC   MFDNUM(4,R2),RCNUM
         MVC   MFDCYL(4,R2),RCCYL
         BAL   R14,COMMIT
         B     AUDRET
*                                      AUDAREA
AUDAREA  ENTER
         LR    R8,R1
         BAL   R14,AREA
         B     AUDRET
*                                      AUDFREEF
AUDFREEF ENTER
         LR    R8,R1
         LR    R10,R2
         BAL   R14,FREEF
         B     AUDRET
*
* FREEF: FREE THE BLOCKS OF THE FILE WHOSE FST IS AT R10 (ITS CHAIN
* LINKS AS ON DISK) IN THE WORKING MAP.  R15.
FREEF    SUBIN FFSAV
         LH    R0,FSTFCLPT
         N     R0,=F'65535'
         BZ    FFOK
         LA    R2,FFCL1
         BAL   R14,DIOR
         LTR   R15,R15
         BNZ   FFX
         BAL   R14,FREEB               CHAIN LINK 1
         LH    R3,FSTBLKCT
         N     R3,=F'65535'            DATA BLOCKS TO FREE
         LA    R4,FFCL1+FCLDATA
         LA    R5,FCLNDAT
FFD1     LTR   R3,R3
         BZ    FFOK
         LH    R0,0(,R4)
         N     R0,=F'65535'
         BAL   R14,FREEB
         LA    R4,2(,R4)
         BCTR  R3,0
         BCT   R5,FFD1
         LA    R6,FFCL1                -> NTH LINK NUMBERS
FFNTH    LTR   R3,R3
         BZ    FFOK
         LH    R0,0(,R6)
         N     R0,=F'65535'
         BZ    FFOK
         LA    R2,FFNB
         BAL   R14,DIOR
         LTR   R15,R15
         BNZ   FFX
         BAL   R14,FREEB
         LA    R4,FFNB
         LA    R5,NTHNDAT
FFD2     LTR   R3,R3
         BZ    FFOK
         LH    R0,0(,R4)
         N     R0,=F'65535'
         BAL   R14,FREEB
         LA    R4,2(,R4)
         BCTR  R3,0
         BCT   R5,FFD2
         LA    R6,2(,R6)
         B     FFNTH
FFOK     SR    R15,R15
FFX      SUBOUT FFSAV
AUDRET   ST    R15,FSREGS+60
         LM    R0,R15,FSREGS
         BR    R14
*
* GETB: COPY R4 BYTES AT STREAM OFFSET R7 TO R5.  R15.
GETB     SUBIN GETSAV
GETLP    SR    R15,R15
         LTR   R4,R4
         BNP   GETX
         LR    R3,R7
         SR    R2,R2
         D     R2,=A(CMSBLK)           R3 = BLOCK INDEX, R2 = OFFSET
         BAL   R14,LOADD
         LTR   R15,R15
         BNZ   GETX
         LA    R6,CMSBLK
         SR    R6,R2                   BYTES LEFT IN THE BLOCK
         CR    R6,R4
         BNH   *+6
         LR    R6,R4
         L     R1,AFTBUF
         LA    R1,AFTDATA(R2,R1)
         LR    R0,R5
         LR    R15,R6
         BAL   R14,MOVE
         AR    R5,R6
         AR    R7,R6
         SR    R4,R6
         B     GETLP
GETX     SUBOUT GETSAV
*
* PUTB: WRITE R4 BYTES FROM R5 (0: ZEROS) AT STREAM OFFSET R7.  R15.
PUTB     SUBIN PUTSAV
PUTLP    SR    R15,R15
         LTR   R4,R4
         BNP   PUTX
         LR    R3,R7
         SR    R2,R2
         D     R2,=A(CMSBLK)
         BAL   R14,LOADD
         LTR   R15,R15
         BNZ   PUTX
         LA    R6,CMSBLK
         SR    R6,R2
         CR    R6,R4
         BNH   *+6
         LR    R6,R4
         L     R1,AFTBUF
         LA    R0,AFTDATA(R2,R1)
         LR    R1,R5
         LR    R15,R6
         BAL   R14,MOVE
         MVI   AFTDDTY,1
         LTR   R5,R5
         BZ    *+6
         AR    R5,R6
         AR    R7,R6
         SR    R4,R6
         C     R7,AFTEND
         BNH   PUTLP
         ST    R7,AFTEND
         B     PUTLP
PUTX     SUBOUT PUTSAV
*
* LOADD: THE DATA BUFFER GETS BLOCK INDEX R3 (ZEROS IF NOT WRITTEN).
LOADD    SUBIN LDSAV
         SR    R15,R15
         C     R3,AFTDBI
         BE    LDX
         BAL   R14,FLUSHD
         LTR   R15,R15
         BNZ   LDX
         C     R3,=A(FSMAXDB)
         BL    LDSLOT
         LA    R15,19                  BEYOND THE 16060-BLOCK LIMIT
         B     LDX
LDSLOT   BAL   R14,SLOT
         LTR   R15,R15
         BNZ   LDX
         LH    R0,0(,R1)
         N     R0,=F'65535'
         L     R2,AFTBUF
         LA    R2,AFTDATA(,R2)
         LTR   R0,R0
         BZ    LDZERO
         BAL   R14,DIOR
         LTR   R15,R15
         BNZ   LDX
         B     LDSET
LDZERO   LR    R0,R2
         SR    R1,R1
         LA    R15,CMSBLK
         BAL   R14,MOVE
         SR    R15,R15
LDSET    ST    R3,AFTDBI
LDX      SUBOUT LDSAV
*
* FLUSHD: A CHANGED DATA BUFFER GOES TO A NEW BLOCK; ITS SLOT NAMES
* IT; THE BLOCK IT REPLACES IS FREED (WORKING MAP ONLY).
FLUSHD   SUBIN FDSAV
         SR    R15,R15
         CLI   AFTDDTY,0
         BE    FDX
         BAL   R14,ALLOC
         LTR   R15,R15
         BNZ   FDX
         LR    R4,R0
         L     R2,AFTBUF
         LA    R2,AFTDATA(,R2)
         BAL   R14,DIOW
         LTR   R15,R15
         BNZ   FDX
         L     R3,AFTDBI
         BAL   R14,SLOT
         LTR   R15,R15
         BNZ   FDX
         LH    R0,0(,R1)
         N     R0,=F'65535'
         STH   R4,0(,R1)
         BAL   R14,FREEB
         C     R3,=A(FCLNDAT)
         BL    *+8
         MVI   AFTNDTY,1
         LH    R0,FSTBLKCT
         N     R0,=F'65535'
         LA    R1,1(,R3)
         CR    R1,R0
         BNH   *+8
         STH   R1,FSTBLKCT
         MVI   AFTDDTY,0
FDX      SUBOUT FDSAV
*
* SLOT: R1 -> THE HALFWORD NAMING DATA BLOCK INDEX R3 (CHAIN LINK 1
* OR THE NTH LINK, WHICH IS LOADED, THE PREVIOUS ONE FLUSHED).
SLOT     SUBIN SLSAV
         SR    R15,R15
         L     R1,AFTBUF
         C     R3,=A(FCLNDAT)
         BNL   SLNTH
         LR    R2,R3
         AR    R2,R2
         LA    R1,FCLDATA(R2,R1)
         B     SLX
SLNTH    LR    R5,R3
         S     R5,=A(FCLNDAT)
         SR    R4,R4
         D     R4,=A(NTHNDAT)          R5 = LINK, R4 = SLOT
         C     R5,AFTNLI
         BE    SLHAVE
         BAL   R14,FLUSHN
         LTR   R15,R15
         BNZ   SLX
         L     R1,AFTBUF
         LR    R2,R5
         AR    R2,R2
         LH    R0,0(R2,R1)
         N     R0,=F'65535'
         L     R2,AFTBUF
         LA    R2,AFTNTH(,R2)
         LTR   R0,R0
         BZ    SLZERO
         BAL   R14,DIOR
         LTR   R15,R15
         BNZ   SLX
         B     SLSET
SLZERO   LR    R0,R2
         SR    R1,R1
         LA    R15,CMSBLK
         BAL   R14,MOVE
         SR    R15,R15
SLSET    ST    R5,AFTNLI
SLHAVE   L     R1,AFTBUF
         LA    R1,AFTNTH(,R1)
         AR    R4,R4
         AR    R1,R4
SLX      SUBOUT SLSAV
*
* FLUSHN: A CHANGED NTH LINK GOES TO A NEW BLOCK (NAMED IN LINK 1).
FLUSHN   SUBIN FNSAV
         SR    R15,R15
         CLI   AFTNDTY,0
         BE    FNX
         BAL   R14,ALLOC
         LTR   R15,R15
         BNZ   FNX
         LR    R4,R0
         L     R2,AFTBUF
         LA    R2,AFTNTH(,R2)
         BAL   R14,DIOW
         LTR   R15,R15
         BNZ   FNX
         L     R1,AFTBUF
         L     R2,AFTNLI
         AR    R2,R2
         AR    R1,R2
         LH    R0,0(,R1)
         N     R0,=F'65535'
         STH   R4,0(,R1)
         BAL   R14,FREEB
         MVI   AFTNDTY,0
FNX      SUBOUT FNSAV
*
* CKPT: BRING AN OUTPUT FILE'S DISK COPY UP TO DATE, EXCEPT FOR THE
* DIRECTORY WRITE: DATA, NTH LINKS, BLOCKS PAST THE END FREED, CHAIN
* LINK 1 TO A NEW BLOCK, ITS FST INTO THE IN-STORAGE DIRECTORY.
CKPT     SUBIN CKSAV
         BAL   R14,FLUSHD
         LTR   R15,R15
         BNZ   CKX
         L     R3,AFTEND               BLOCKS THE DATA NEEDS
         A     R3,=A(CMSBLK-1)
         SR    R2,R2
         D     R2,=A(CMSBLK)
         LH    R5,FSTBLKCT
         N     R5,=F'65535'
         LR    R6,R3
CKTRUNC  CR    R6,R5                   FREE THE ONES PAST THE END
         BNL   CKTRDONE
         LR    R7,R3
         LR    R3,R6
         BAL   R14,SLOT
         LR    R3,R7
         LTR   R15,R15
         BNZ   CKX
         LH    R0,0(,R1)
         N     R0,=F'65535'
         XC    0(2,R1),0(R1)
         BAL   R14,FREEB
         C     R6,=A(FCLNDAT)
         BL    *+8
         MVI   AFTNDTY,1
         LA    R6,1(,R6)
         B     CKTRUNC
CKTRDONE STH   R3,FSTBLKCT
         L     R0,AFTDBI
         CR    R0,R3
         BL    *+10
         MVC   AFTDBI,=F'-1'
         SR    R4,R4                   NTH LINKS STILL NEEDED
         S     R3,=A(FCLNDAT)
         BNP   CKNTH
         A     R3,=A(NTHNDAT-1)
         SR    R2,R2
         D     R2,=A(NTHNDAT)
         LR    R4,R3
CKNTH    C     R4,AFTNLI
         BH    CKNFL
         MVC   AFTNLI,=F'-1'           THE ONE IN STORAGE GOES
         MVI   AFTNDTY,0
CKNFL    BAL   R14,FLUSHN
         LTR   R15,R15
         BNZ   CKX
         L     R2,AFTBUF
CKNFREE  C     R4,=F'40'
         BNL   CKEMPTY
         LR    R1,R4
         AR    R1,R1
         AR    R1,R2
         LH    R0,0(,R1)
         N     R0,=F'65535'
         XC    0(2,R1),0(R1)
         BAL   R14,FREEB
         LA    R4,1(,R4)
         B     CKNFREE
CKEMPTY  LH    R0,FSTRECCT             NO RECORDS: NO FILE
         N     R0,=F'65535'
         BNZ   CKCL1
         LH    R0,FSTFCLPT
         N     R0,=F'65535'
         BAL   R14,FREEB
         XC    FSTFCLPT,FSTFCLPT
         L     R1,AFTDIR
         LTR   R1,R1
         BZ    CKOK
         XC    0(FSTLEN,R1),0(R1)
         XC    AFTDIR,AFTDIR
         B     CKOK
CKCL1    BAL   R14,ALLOC               CHAIN LINK 1 TO A NEW BLOCK
         LTR   R15,R15
         BNZ   CKX
         LR    R4,R0
         L     R2,AFTBUF
         BAL   R14,DIOW
         LTR   R15,R15
         BNZ   CKX
         LH    R0,FSTFCLPT
         N     R0,=F'65535'
         BAL   R14,FREEB
         STH   R4,FSTFCLPT
         LH    R0,FSTRECCT
         N     R0,=F'65535'
         AH    R0,=H'1'
         STH   R0,FSTWRPNT
         MVC   FSTRDPNT,=H'1'
         MVI   FSTFLAGS,0
         BAL   R14,STAMP
         L     R1,AFTDIR
         LTR   R1,R1
         BNZ   CKDIR
         BAL   R14,DIRSLOT
         LTR   R15,R15
         BNZ   CKX
         ST    R1,AFTDIR
CKDIR    MVC   0(FSTLEN,R1),AFTFST
CKOK     SR    R15,R15
CKX      SUBOUT CKSAV
*
* DIRSLOT: R1 -> A FREE FST ENTRY IN THE DIRECTORY (A NEW FST BLOCK
* IF THEY ARE FULL, IN A LARGER AREA IF THE AREA HAS NO ROOM LEFT).
* R15 = 10 IF THE MFD CAN LIST NO MORE FST BLOCKS, 104 NO STORAGE.
DIRSLOT  SUBIN DSSAV
         L     R1,ADTFSTB
         LH    R3,ADTNFST
         MH    R3,=Y(FSTPERBK)
         LTR   R3,R3
         BZ    DSNEW
DSLOOP   CLI   0(R1),0
         BE    DSOK
         LA    R1,FSTLEN(,R1)
         BCT   R3,DSLOOP
DSNEW    LH    R0,ADTNEXT              FST BLOCKS THE MFD CAN LIST
         BAL   R14,LISTROOM
         LH    R3,ADTNFST
         CR    R3,R0
         BNL   DSFULL
         CH    R3,ADTFBCAP
         BL    DSROOM
         LA    R4,ADTFBGRO(,R3)        A LARGER AREA
         CR    R4,R0
         BNH   *+6
         LR    R4,R0
         LR    R0,R4
         L     R2,ADTMAPC
         BAL   R14,AREA
         LTR   R15,R15
         BNZ   DSX
DSROOM   LR    R1,R3                   -> THE NEW BLOCK (ZEROS)
         MH    R1,=Y(CMSBLK)
         A     R1,ADTFSTB
         LA    R3,1(,R3)
         STH   R3,ADTNFST
DSOK     SR    R15,R15
         B     DSX
DSFULL   LA    R15,10
DSX      SUBOUT DSSAV
*
* LISTROOM: R0 = THE FST BLOCKS THE MFD LIST HAS ROOM FOR WHEN THE
* DISK HAS R0 MAP EXTENSION BLOCKS (THE LIST ENDS WITH X'FFFF', OR
* X'FFFD' AND THE EXTENSION BLOCKS AND A ZERO; SPEC CMS.MD 1.3).
LISTROOM LTR   R0,R0
         BZ    LRNOEXT
         LCR   R0,R0
         A     R0,=A(MFDLISTL/2-2)
         BR    R14
LRNOEXT  LA    R0,MFDLISTL/2-1
         BR    R14
*
* AREA: THE DISK AT R8 GETS A NEW DMSFREE AREA WITH ROOM FOR R0 FST
* BLOCKS AND MAPS OF R2 BYTES EACH (A MULTIPLE OF 8); THE MFDS, THE
* ADTNFST FST BLOCKS AND BOTH MAPS OF THE OLD AREA (IF ANY) ARE
* COPIED (A LONGER MAP ENDS IN ZEROS), OPEN FILES ARE REPOINTED AT
* THEIR NEW FSTS, THE OLD AREA IS FREED.  R15 = 0; 104 NO STORAGE.
AREA     SUBIN ARSAV
         STM   R8,R10,ARSAV2
         LR    R4,R0                   R4 = FST BLOCKS
         LR    R5,R2                   R5 = MAP BYTES
         LR    R7,R0                   DOUBLEWORDS: 2 MFDS, FST
         MH    R7,=Y(CMSBLK/8)         BLOCKS AND TWO MAPS
         LA    R7,2*CMSBLK/8(,R7)
         LR    R0,R5
         SRL   R0,2
         AR    R7,R0
         DMSFREE DWORDS=(R7)
         LTR   R15,R15
         BZ    ARGOT
         LA    R15,104
         B     ARX
ARGOT    LR    R6,R1                   -> NEW AREA
         L     R2,ADTAREA
         LTR   R2,R2
         BZ    ARSET                   NOTHING TO COPY
         LR    R0,R6                   MFDS AND FST BLOCKS
         LR    R1,R4
         MH    R1,=Y(CMSBLK)
         LA    R1,2*CMSBLK(,R1)
         LH    R3,ADTNFST
         MH    R3,=Y(CMSBLK)
         LA    R3,2*CMSBLK(,R3)
         MVCL  R0,R2
         LR    R9,R4                   THE WORKING MAP
         MH    R9,=Y(CMSBLK)
         LA    R9,2*CMSBLK(R6,R9)
         LR    R0,R9
         LR    R1,R5
         L     R2,ADTWMAP
         L     R3,ADTMAPC
         MVCL  R0,R2
         LR    R0,R9                   THE COMMITTED MAP
         AR    R0,R5
         LR    R1,R5
         L     R2,ADTCMAP
         L     R3,ADTMAPC
         MVCL  R0,R2
         LA    R9,AFTTAB               OPEN FILES: THEIR FSTS MOVE
         LA    R3,AFTSLOTS
         LA    R10,2*CMSBLK(,R6)
         S     R10,ADTFSTB             R10 = HOW FAR
ARAFT    CLI   AFTFLG,0
         BE    ARANXT
         C     R8,AFTADT
         BNE   ARANXT
         L     R0,AFTDIR
         LTR   R0,R0
         BZ    ARANXT
         AR    R0,R10
         ST    R0,AFTDIR
ARANXT   LA    R9,AFTLEN(,R9)
         BCT   R3,ARAFT
         L     R1,ADTAREA
         L     R0,ADTADW
         DMSFRET DWORDS=(0),LOC=(1)
ARSET    ST    R6,ADTAREA
         ST    R7,ADTADW
         STH   R4,ADTFBCAP
         ST    R5,ADTMAPC
         ST    R6,ADTMFDB
         LA    R6,CMSBLK(,R6)
         ST    R6,ADTCMFD
         LA    R6,CMSBLK(,R6)
         ST    R6,ADTFSTB
         MH    R4,=Y(CMSBLK)
         AR    R6,R4
         ST    R6,ADTWMAP
         AR    R6,R5
         ST    R6,ADTCMAP
         SR    R15,R15
ARX      LM    R8,R10,ARSAV2
         SUBOUT ARSAV
*
* STAMP: DATE AND TIME WRITTEN (DIAG X'0C') INTO THE FST AT R10.
STAMP    SUBIN STSAV
         LA    R2,STDIAG
         DIAG  R2,R0,X'0C'             MM/DD/YY HH:MM:SS
         MVC   STWORK(2),STDIAG
         MVC   STWORK+2(2),STDIAG+3
         MVI   STWORK+4,C'0'
         PACK  STPACK(3),STWORK(5)
         MVC   FSTDATEW,STPACK         X'MMDD'
         MVC   STWORK(2),STDIAG+8
         MVC   STWORK+2(2),STDIAG+11
         PACK  STPACK(3),STWORK(5)
         MVC   FSTTIMEW,STPACK         X'HHMM'
         MVC   FSTYEARW,STDIAG+6
         SUBOUT STSAV
*
* COMMIT: WRITE THE DIRECTORY OF THE DISK AT R8 (SEE THE PROLOGUE).
COMMIT   SUBIN CMSAV
         ST    R9,CMAFTP
         LA    R9,AFTTAB
         LA    R6,AFTSLOTS
CMAFT    TM    AFTFLG,AFTFWR
         BZ    CMNEXT
         C     R8,AFTADT
         BNE   CMNEXT
         LA    R10,AFTFST
         BAL   R14,CKPT
         LTR   R15,R15
         BNZ   CMX
CMNEXT   LA    R9,AFTLEN(,R9)
         BCT   R6,CMAFT
         L     R2,ADTMFDB              FREE THE OLD FST BLOCKS
CMOLD    LH    R0,0(,R2)
         N     R0,=F'65535'
         BZ    CMNEW
         C     R0,=F'65533'
         BNL   CMNEW
         BAL   R14,FREEB
         LA    R2,2(,R2)
         B     CMOLD
CMNEW    L     R2,ADTFSTB              FST BLOCKS TO NEW BLOCKS
         LH    R3,ADTNFST
         LA    R4,CMLIST
         LTR   R3,R3
         BZ    CMEND
CMWRITE  BAL   R14,ALLOC
         LTR   R15,R15
         BNZ   CMX
         BAL   R14,DIOW
         LTR   R15,R15
         BNZ   CMX
         STH   R0,0(,R4)
         LA    R4,2(,R4)
         LA    R2,CMSBLK(,R2)
         BCT   R3,CMWRITE
CMEND    LH    R3,ADTNEXT              MAP EXTENSION BLOCKS: NEW ONES
         LTR   R3,R3                   (THE OLD ONES ARE FREED; THE
         BZ    CMNOEXT                 MFD SWITCHES TO THE NEW ONES)
         MVC   0(2,R4),=X'FFFD'
         LA    R4,2(,R4)
         L     R5,ADTMFDB
CMOX     LH    R0,0(,R5)
         N     R0,=F'65535'
         BZ    CMNX
         LA    R5,2(,R5)
         C     R0,=F'65535'
         BE    CMNX
         C     R0,=F'65533'
         BNE   CMOX
CMOXF    LH    R0,0(,R5)
         N     R0,=F'65535'
         BZ    CMNX
         BAL   R14,FREEB
         LA    R5,2(,R5)
         B     CMOXF
CMNX     LR    R5,R4
CMNXA    BAL   R14,ALLOC
         LTR   R15,R15
         BNZ   CMX
         STH   R0,0(,R4)
         LA    R4,2(,R4)
         BCT   R3,CMNXA
         XC    0(2,R4),0(R4)           THE LIST ENDS WITH A ZERO
         LA    R4,2(,R4)
         L     R2,ADTWMAP              NOW THE MAP IS FINAL: WRITE
         LA    R2,MFDMAPL(,R2)         ITS EXTENSION BLOCKS
         LH    R3,ADTNEXT
CMNXW    LH    R0,0(,R5)
         N     R0,=F'65535'
         BAL   R14,DIOW
         LTR   R15,R15
         BNZ   CMX
         LA    R2,CMSBLK(,R2)
         LA    R5,2(,R5)
         BCT   R3,CMNXW
         B     CMLIST1
CMNOEXT  MVC   0(2,R4),=X'FFFF'
         LA    R4,2(,R4)
CMLIST1  L     R2,ADTMFDB
         XC    0(256,R2),0(R2)
         XC    256(MFDLISTL-256,R2),256(R2)
         LR    R0,R2
         LA    R1,CMLIST
         LR    R15,R4
         S     R15,=A(CMLIST)
         BAL   R14,MOVE
         L     R3,ADTWMAP              QMSK: THE MAP'S FIRST PART
         MVC   MFDMAP(MFDMAPL,R2),0(R3)
         SR    R5,R5                   COUNT THE BLOCKS IN USE
         SR    R6,R6
         SR    R7,R7
         L     R4,MFDNUM(,R2)
         LA    R4,7(,R4)
         SRL   R4,3                    MAP BYTES
CMCNT    SR    R1,R1
         IC    R1,0(R7,R3)
         LTR   R1,R1
         BZ    CMCNXT
         LR    R6,R7                   LAST MAP BYTE IN USE
         IC    R1,BITCNT(R1)
         AR    R5,R1
CMCNXT   LA    R7,1(,R7)
         BCT   R4,CMCNT
         ST    R5,MFDUSED(,R2)
         L     R0,MFDNUM(,R2)
         SR    R0,R5
         ST    R0,MFDLEFT(,R2)
         ST    R6,MFDLAST(,R2)
         LA    R0,MFDBLOCK             THE MFD: THE SWITCH
         BAL   R14,DIOW
         LTR   R15,R15
         BNZ   CMX
         L     R0,ADTCMFD              AND NOW IT IS WHAT IS ON DISK
         LR    R1,R2
         LA    R15,CMSBLK
         BAL   R14,MOVE
         L     R0,ADTCMAP
         L     R1,ADTWMAP
         L     R15,ADTMAPC
         BAL   R14,MOVE
         SR    R15,R15
CMX      L     R9,CMAFTP
         LA    R10,AFTFST
         SUBOUT CMSAV
*
* ALLOC: R0 = A BLOCK FREE IN BOTH MAPS, NOW MARKED IN THE WORKING
* MAP.  R15 = 13 IF THE DISK IS FULL.  THE SEARCH STARTS AT THE MAP
* BYTE OF THE LAST ONE FOUND (ADTROVR) AND GOES ROUND ONCE.
ALLOC    SUBIN ALSAV
         L     R2,ADTWMAP
         L     R3,ADTCMAP
         L     R4,ADTMFDB
         L     R4,MFDNUM(,R4)          BLOCKS ON THE DISK
         LA    R7,7(,R4)
         SRL   R7,3                    MAP BYTES
         L     R5,ADTROVR
         CR    R5,R7
         BL    *+6
         SR    R5,R5
         LR    R14,R7                  BYTES TO LOOK AT
ALBYTE   SR    R0,R0
         IC    R0,0(R5,R2)
         SR    R1,R1
         IC    R1,0(R5,R3)
         OR    R0,R1
         C     R0,=F'255'
         BE    ALNEXT
         LA    R6,X'80'
         LR    R1,R5
         SLL   R1,3                    BLOCK NUMBER - 1 OF BIT 0
ALBIT    LR    R15,R0
         NR    R15,R6
         BZ    ALFOUND
         LA    R1,1(,R1)
         SRL   R6,1
         LTR   R6,R6
         BNZ   ALBIT
ALNEXT   LA    R5,1(,R5)
         CR    R5,R7
         BL    *+6
         SR    R5,R5
         BCT   R14,ALBYTE
         LA    R15,13                  DISK FULL
         B     ALX
ALFOUND  LA    R1,1(,R1)               BLOCK NUMBER
         CR    R1,R4
         BH    ALNEXT                  BEYOND THE END OF THE DISK
         IC    R0,0(R5,R2)
         OR    R0,R6
         STC   R0,0(R5,R2)
         ST    R5,ADTROVR
         LR    R0,R1
         SR    R15,R15
ALX      SUBOUT ALSAV
*
* FREEB: BLOCK R0 (0: NONE) FREE IN THE WORKING MAP.
FREEB    SUBIN FBSAV
         LTR   R0,R0
         BZ    FBX
         L     R2,ADTMFDB
         C     R0,MFDNUM(,R2)
         BH    FBX
         L     R2,ADTWMAP
         LR    R5,R0
         BCTR  R5,0
         LR    R6,R5
         SRL   R5,3
         N     R6,=F'7'
         LA    R7,X'80'
         SRL   R7,0(R6)
         X     R7,=F'255'
         IC    R1,0(R5,R2)
         NR    R1,R7
         STC   R1,0(R5,R2)
FBX      SUBOUT FBSAV
*
* DIOR / DIOW: READ / WRITE BLOCK R0 OF DISK R8 AT R2.  R15.
DIOR     SUBIN DRSAV
         LR    R1,R8
         L     R15,ADMSDIO
         BALR  R14,R15
         SUBOUT DRSAV
DIOW     SUBIN DWSAV
         LR    R1,R8
         L     R15,=V(DMSDIOW)
         BALR  R14,R15
         SUBOUT DWSAV
*
* MOVE: R15 BYTES FROM R1 (0: ZEROS) TO R0.
MOVE     SUBIN MVSAV
         LR    R2,R0
         LR    R3,R15
         LR    R4,R1
         LR    R5,R15
         LTR   R4,R4
         BNZ   *+6
         SR    R5,R5
         MVCL  R2,R4
         SUBOUT MVSAV
*
         LTORG
GETSAV   DS    7F
PUTSAV   DS    7F
LDSAV    DS    7F
FDSAV    DS    7F
SLSAV    DS    7F
FNSAV    DS    7F
CKSAV    DS    7F
DSSAV    DS    7F
FFSAV    DS    7F
ARSAV    DS    7F
ARSAV2   DS    3F
STSAV    DS    7F
CMSAV    DS    7F
ALSAV    DS    7F
FBSAV    DS    7F
DRSAV    DS    7F
DWSAV    DS    7F
MVSAV    DS    7F
CMAFTP   DS    A
AUDHALF  DS    H
STWORK   DS    CL5
STPACK   DS    PL3
         DS    0D
STDIAG   DS    XL32
CMLIST   DS    (ADTMAXFB+ADTMAXX+3)H
RCNUM    DS    F
RCCYL    DS    F
* BITCNT: THE NUMBER OF 1 BITS OF EACH BYTE VALUE (BLOCKS IN USE).
BITCNT   DS    0X
         DC    X'00010102010202030102020302030304'
         DC    X'01020203020303040203030403040405'
         DC    X'01020203020303040203030403040405'
         DC    X'02030304030404050304040504050506'
         DC    X'01020203020303040203030403040405'
         DC    X'02030304030404050304040504050506'
         DC    X'02030304030404050304040504050506'
         DC    X'03040405040505060405050605060607'
         DC    X'01020203020303040203030403040405'
         DC    X'02030304030404050304040504050506'
         DC    X'02030304030404050304040504050506'
         DC    X'03040405040505060405050605060607'
         DC    X'02030304030404050304040504050506'
         DC    X'03040405040505060405050605060607'
         DC    X'03040405040505060405050605060607'
         DC    X'04050506050606070506060706070708'
         DS    0D
AFTTAB   DC    (AFTSLOTS*AFTLEN)X'00'
         DS    0D
FFCL1    DS    100D                    ERASE: CHAIN LINK 1
FFNB     DS    100D                    ERASE: AN NTH LINK
         NUCON
         END
