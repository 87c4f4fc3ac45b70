*---------------------------------------------------------------------
* DMSFOR - THE FORMAT COMMAND: PREPARE A MINIDISK FOR CMS FILES
*
* FUNCTION: FORMAT CUU MODE [NOCYL] [(OPTIONS]  (R6, GC20-1818)
*           WRITES EVERY TRACK OF THE FIRST NOCYL CYLINDERS (ALL IF
*           OMITTED OR LARGER THAN THE MINIDISK) WITH 800-BYTE
*           RECORDS R1..RN, NO KEY, THROUGH THE VIRTUAL CHANNEL:
*           DIAGNOSE X'20' RUNS  SEEK; READ R0 (SKIP); WRITE COUNT
*           KEY DATA RN ...  FOR EACH TRACK.  R0 STAYS AS IT IS ON
*           THE VOLUME (ITS REAL CYLINDER); THE COUNT FIELDS OF R1..RN
*           GET THE MINIDISK'S OWN CYLINDER NUMBERS (GC20-1801: ON A
*           VOLUME WITH MINIDISKS THE COUNT FIELDS OF R0 AND R1
*           DISAGREE).  THEN BLOCK 3 GETS CMS=LABEL AND BLOCK 4 AN
*           EMPTY MFD (SPEC CMS.MD 1.2-1.3; THE SAME BYTES AS CMSFS
*           FORMAT WRITES), AND THE DISK IS ACCESSED AS MODE.
*           A DISK THAT HOLDS FILES IS FORMATTED ONLY AFTER THE
*           DMSFOR603R QUESTION IS ANSWERED YES.  THE NUMBER OF
*           CYLINDERS IS FOUND BY SEEKING (CP REJECTS A SEEK BEYOND
*           THE MINIDISK), AS R6 FORMAT COUNTED THEM.
* OPTIONS:  (MAY BE SHORTENED TO L AND R, AS IN R6)
*           LABEL  ONLY WRITE A NEW LABEL (DMSFOR605R PROMPT).
*           RECOMP KEEP THE FILES; CMS USES NOCYL CYLINDERS (SEE
*                  DMSFORRC BELOW; NEW CYLINDERS ARE FORMATTED).
*           BLKSIZE 800  THE ONLY BLOCK SIZE OF R6 CMS; ANY OTHER
*                  SIZE IS REFUSED WITH DMSFOR070E.
* EXIT:     R15 = 0; 24 BAD OPERANDS; 36 DISK R/O; 100 NOT ATTACHED,
*           UNSUPPORTED DEVICE OR I/O ERROR; 104 NO STORAGE.
* MESSAGES: DMSFOR603R 605R 732I 733I, 003E 017E 028E 037E 048E
*           070E 113S 114S 125S 214W (TEXTS AS R6 PRINTS THEM,
*           VARIABLE FIELDS WITHOUT THE MANUAL'S QUOTES).
*---------------------------------------------------------------------
         ADT
DMSFOR   CSECT
         ENTRY FORGEO
         REGEQU
         USING NUCON,R0
         USING DMSFOR,R12,R11
         STM   R14,R12,12(R13)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         LR    R10,R1                  -> PLIST
         MVI   FORFLG,0
         XC    FORNCYL,FORNCYL
*                                      CUU: 1-4 HEX DIGITS
         CLI   8(R10),X'FF'
         BE    FORNODEV
         CLI   8(R10),C'('
         BE    FORNODEV
         SR    R3,R3
         LA    R4,8(,R10)
         LA    R5,4
FORHEX   CLI   0(R4),C' '
         BE    FORHEXND
         SR    R6,R6
         IC    R6,0(,R4)
         CLI   0(R4),C'0'
         BNL   FORDIGIT
         CLI   0(R4),C'A'
         BL    FORBADDV
         CLI   0(R4),C'F'
         BH    FORBADDV
         SH    R6,=Y(C'A'-10)
         B     FORNIB
FORDIGIT CLI   0(R4),C'9'
         BH    FORBADDV
         SH    R6,=Y(C'0')
FORNIB   SLL   R3,4
         OR    R3,R6
         LA    R4,1(,R4)
         BCT   R5,FORHEX
         CLI   0(R4),C' '
         BNE   FORBADDV
FORHEXND LA    R6,8(,R10)
         CR    R4,R6
         BE    FORBADDV
         LTR   R3,R3                   R6: 001-FFF
         BZ    FORBADDV
         C     R3,=F'4095'
         BH    FORBADDV
         STH   R3,FORCUU
         MVC   FORCUUC,8(R10)          AS TYPED, FOR MESSAGES
*                                      MODE: ONE LETTER, NOT S
         CLI   16(R10),C'A'
         BL    FORBADMD
         CLI   16(R10),C'Z'
         BH    FORBADMD
         CLI   16(R10),C'S'
         BE    FORBADMD
         CLC   17(7,R10),=CL7' '
         BNE   FORBADMD
         MVC   FORMODE,16(R10)
*                                      NOCYL AND OPTIONS
         LA    R4,24(,R10)
         CLI   0(R4),X'FF'
         BE    FORDEV
         CLI   0(R4),C'('
         BE    FOROPT
         BAL   R14,DECIMAL             R1 = VALUE, R15 = 0 IF NUMERIC
         LTR   R15,R15
         BNZ   FORBADPM
         LTR   R1,R1
         BZ    FORBADPM
         ST    R1,FORNCYL
         LA    R4,8(,R4)
         CLI   0(R4),X'FF'
         BE    FORDEV
         CLI   0(R4),C'('
         BNE   FORBADPM
FOROPT   LA    R4,8(,R4)
         CLI   0(R4),X'FF'
         BE    FORDEV
         CLI   0(R4),C')'
         BE    FORDEV
         LA    R5,=CL8'LABEL'          L, LA, ... LABEL
         BAL   R14,OPTABBR
         BNE   FOROPT1
         OI    FORFLG,FORLABEL
         B     FOROPT
FOROPT1  LA    R5,=CL8'RECOMP'         R, RE, ... RECOMP
         BAL   R14,OPTABBR
         BNE   FOROPT2
         OI    FORFLG,FORRECMP
         B     FOROPT
FOROPT2  CLC   0(8,R4),=CL8'BLKSIZE'
         BNE   FORBADOP
         LA    R4,8(,R4)
         CLC   0(8,R4),=CL8'800'
         BE    FOROPT
         CLI   0(R4),X'FF'
         BNE   FORBADPM
         SH    R4,=H'8'
         B     FORBADOP
*                                      THE DEVICE
FORDEV   LH    R3,FORCUU
         DIAG  R3,R4,X'24'             R4 = CLASS TYPE STATUS FLAGS
         BC    1,FORNOTAT              CC 3: NO SUCH DEVICE
         LR    R6,R4
         SRL   R6,24
         C     R6,=A(DASDCLAS)
         BNE   FORNOTAT
         STC   R4,FORVFLG              X'80': A READ-ONLY LINK
         SRL   R4,16
         N     R4,=F'255'
         LA    R7,FORGEO
FORGEOL  CLI   0(R7),X'FF'
         BE    FORUNSUP
         CLM   R4,1,0(R7)
         BE    FORGEOK
         LA    R7,FGEOLEN(,R7)
         B     FORGEOL
FORGEOK  TM    FORVFLG,X'80'
         BO    FORRO
*                                      A WORK ADT FOR DMSDIO
         LA    R9,FORADT
         USING ADTD,R9
         XC    FORADT,FORADT
         MVI   ADTM,C' '
         MVC   ADTCUU,FORCUU
         MVC   ADTRPT,1(R7)
         MVC   ADTHEADS,3(R7)
         MVC   FORUNIT,5(R7)
         BAL   R14,COUNTCYL            FORMAX = CYLINDERS
         L     R1,FORNCYL
         LTR   R1,R1
         BZ    FORALL
         C     R1,FORMAX
         BNH   FORNSET
FORALL   L     R1,FORMAX
         ST    R1,FORNCYL
FORNSET  TM    FORFLG,FORRECMP
         BO    FORRC
         TM    FORFLG,FORLABEL
         BO    FORLAB
*                                      A DISK WITH FILES: ASK FIRST
         LA    R0,LABELBLK
         LA    R2,FORBUF
         LR    R1,R9
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   FORFRESH
         CLC   FORBUF(4),=C'CMS='
         BNE   FORFRESH
         LA    R0,MFDBLOCK
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   FORFRESH
         CLC   FORBUF(2),=X'FFFF'      NO FST BLOCKS: NO FILES
         BE    FORFRESH
         CLC   FORBUF(2),=X'FFFD'
         BE    FORFRESH
         MVC   OUTLINE(L'MSG603),MSG603
         LA    R2,OUTLINE+L'MSG603
         BAL   R14,PUTMCUU
         MVC   0(L'MSG603B,R2),MSG603B
         LA    R3,L'MSG603B(,R2)
         BAL   R14,TYPEMSG
         RDTERM FORREPLY
         C     R0,=F'3'
         BNE   FORNO
         CLC   FORREPLY(3),=C'YES'
         BE    FORFRESH
FORNO    SR    R15,R15                 NOT YES: NOTHING CHANGED
         B     FORRET
*                                      RELEASE, LABEL, FORMAT
FORFRESH BAL   R14,RELDISK
         BAL   R14,ASKLABEL
         MVC   OUTLINE(L'MSG733),MSG733
         MVC   OUTLINE+L'MSG733(1),FORMODE
         LA    R2,OUTLINE
         LA    R3,L'MSG733+1
         BAL   R14,TYPEMSGL
         SR    R0,R0                   FROM TRACK 0
         L     R1,FORNCYL
         MH    R1,ADTHEADS
         BAL   R14,FMTTRKS
         LTR   R15,R15
         BNZ   FORIOERR
*                                      THE EMPTY MFD AND THE LABEL
         BAL   R14,EMPTYMFD
         LA    R0,MFDBLOCK
         LA    R2,FORBUF
         LR    R1,R9
         L     R15,=V(DMSDIOW)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   FORIOERR
         BAL   R14,PUTLABEL
         LTR   R15,R15
         BNZ   FORIOERR
         BAL   R14,MSG732
         B     FORACC
*                                      LABEL: ONLY BLOCK 3
FORLAB   BAL   R14,ASKLABEL
         BAL   R14,RELDISK
         BAL   R14,PUTLABEL
         LTR   R15,R15
         BNZ   FORIOERR
*                                      ACCESS THE DISK AS MODE
FORACC   MVC   FORAPL+8(8),FORCUUC
         MVC   FORAPL+16(1),FORMODE
         LA    R1,FORAPL
         SVC   202
         DC    AL4(1)
         B     FORRET
*
* FORRC: RECOMP.  THE FILES STAY; THE DISK IS ACCESSED, DMSAUD'S
* AUDRECMP CHANGES ITS SIZE (MAP, EXTENSION BLOCKS, MFD) AND THE
* NEW CYLINDERS ARE FORMATTED FIRST.
FORRC    BAL   R14,RELDISK
         MVC   FORAPL+8(8),FORCUUC
         MVC   FORAPL+16(1),FORMODE
         LA    R1,FORAPL
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   FORRET
         L     R8,AADTTAB              THE ADT ENTRY OF MODE
         DROP  R9
         USING ADTD,R8
         LA    R3,ADTSLOTS
FORRCF   CLC   ADTM,FORMODE
         BE    FORRCH
         LA    R8,ADTLEN(,R8)
         BCT   R3,FORRCF
         B     FORIOERR
FORRCH   TM    ADTFLG,ADTFRW
         BZ    FORRO
         L     R2,ADTMFDB
         L     R6,MFDCYL(,R2)          CYLINDERS IN USE NOW
         L     R1,FORNCYL              THE NEW NUMBER: ITS BLOCKS
         MH    R1,ADTHEADS
         MH    R1,ADTRPT
         C     R1,=A(MAXBLKS)
         BNH   *+8
         L     R1,=A(MAXBLKS)
         LR    R4,R1
         L     R5,FORNCYL
         C     R5,MFDCYL(,R2)
         BNH   FORRCA                  SHRINKING: NOTHING TO WRITE
         LR    R0,R6                   NEW CYLINDERS: FORMAT THEM
         MH    R0,ADTHEADS
         LR    R1,R5
         SR    R1,R6
         MH    R1,ADTHEADS
         LA    R9,FORADT
         BAL   R14,FMTTRKS
         LTR   R15,R15
         BNZ   FORIOERR
FORRCA   LR    R1,R8                   R1 -> ADT, R0 = BLOCKS,
         LR    R0,R4                   R2 = CYLINDERS
         LR    R2,R5
         L     R15,=V(AUDRECMP)
         BALR  R14,R15
         LTR   R15,R15
         BZ    FORRCOK
         C     R15,=F'4'
         BNE   FORIOERR
         MVC   OUTLINE(MSG214L),MSG214
         LA    R2,OUTLINE
         LA    R3,MSG214L
         BAL   R14,TYPEMSGL
         LA    R15,4
         B     FORRET
FORRCOK  BAL   R14,MSG732
         SR    R15,R15
         B     FORRET
         DROP  R8
         USING ADTD,R9
*
FORNODEV CMSMSG 'DMSFOR028E NO DEVICE SPECIFIED'
         LA    R15,24
         B     FORRET
FORBADDV CMSMSG 'DMSFOR017E INVALID DEVICE ADDRESS',INSERT=8(R10)
         LA    R15,24
         B     FORRET
FORBADMD CMSMSG 'DMSFOR048E INVALID MODE',INSERT=16(R10)
         LA    R15,24
         B     FORRET
FORBADPM CMSMSG 'DMSFOR070E INVALID PARAMETER',INSERT=0(R4)
         LA    R15,24
         B     FORRET
FORBADOP CMSMSG 'DMSFOR003E INVALID OPTION',INSERT=0(R4)
         LA    R15,24
         B     FORRET
FORRO    MVC   OUTLINE(L'MSG037),MSG037
         LA    R2,OUTLINE+L'MSG037
         BAL   R14,PUTMCUU
         MVC   0(13,R2),=C' IS READ/ONLY'
         LA    R3,13(,R2)
         BAL   R14,TYPEMSG
         LA    R15,36
         B     FORRET
FORNOTAT MVC   OUTLINE(L'MSG113),MSG113
         LA    R2,OUTLINE+L'MSG113
         BAL   R14,PUTMCUU
         MVC   0(13,R2),=C' NOT ATTACHED'
         LA    R3,13(,R2)
         BAL   R14,TYPEMSG
         LA    R15,100
         B     FORRET
FORUNSUP CMSMSG 'DMSFOR114S UNSUPPORTED DEVICE TYPE',INSERT=FORCUUC
         LA    R15,100
         B     FORRET
FORIOERR MVC   OUTLINE(L'MSG125),MSG125
         LA    R2,OUTLINE+L'MSG125
         BAL   R14,PUTMCUU
         LR    R3,R2
         BAL   R14,TYPEMSG
         LA    R15,100
FORRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* DECIMAL: R4 -> AN 8-BYTE TOKEN OF DIGITS.  R1 = ITS VALUE, R15 = 0;
* R15 = 4 IF IT IS NOT A NUMBER.  R0 AND R2 CHANGED.
DECIMAL  SR    R1,R1
         LA    R2,8
         LR    R15,R4
DECLOOP  CLI   0(R15),C' '
         BE    DECEND
         CLI   0(R15),C'0'
         BL    DECBAD
         CLI   0(R15),C'9'
         BH    DECBAD
         MH    R1,=H'10'
         SR    R0,R0
         IC    R0,0(,R15)
         N     R0,=F'15'
         AR    R1,R0
         LA    R15,1(,R15)
         BCT   R2,DECLOOP
DECEND   CR    R15,R4
         BE    DECBAD
         SR    R15,R15
         BR    R14
DECBAD   LA    R15,4
         BR    R14
*
* OPTABBR: CC EQUAL IF THE TOKEN AT R4 IS THE OPTION AT R5 OR A
* LEADING PART OF IT (R6 TAKES L AND R FOR LABEL AND RECOMP).
* R1 AND R2 CHANGED.
OPTABBR  LA    R1,8                    THE TOKEN'S LENGTH
         LA    R2,7(,R4)
OPTLEN   CLI   0(R2),C' '
         BNE   OPTCMP
         BCTR  R2,0
         BCT   R1,OPTLEN
         LTR   R14,R14                 BLANK TOKEN: NOT EQUAL (CC 2)
         BR    R14
OPTCMP   BCTR  R1,0
         EX    R1,OPTCLC
         BR    R14
OPTCLC   CLC   0(0,R4),0(R5)
*
* COUNTCYL: FORMAX = THE CYLINDERS OF THE MINIDISK: THE HIGHEST ONE A
* SEEK REACHES (BINARY SEARCH; CP REJECTS A SEEK OUTSIDE THE EXTENT).
COUNTCYL ST    R14,FORLINK
         LA    R5,1                    LO: CYLINDER 0 EXISTS
         L     R6,=A(MAXCYL+1)         HI: NEVER REACHED
CCLOOP   LR    R7,R6
         SR    R7,R5
         C     R7,=F'1'
         BNH   CCDONE
         LR    R7,R5
         AR    R7,R6
         SRL   R7,1                    MID
         LR    R1,R7
         BCTR  R1,0
         STH   R1,FORPSEEK+2           SEEK TO CYLINDER MID-1
         XC    FORPSEEK+4(2),FORPSEEK+4
         LH    R2,FORCUU
         LA    R3,FORPCCW
         DIAG  R2,R3,X'20'
         BC    8,CCYES
         LR    R6,R7
         B     CCLOOP
CCYES    LR    R5,R7
         B     CCLOOP
CCDONE   ST    R5,FORMAX
         L     R14,FORLINK
         BR    R14
*
* FMTTRKS: WRITE THE CMS RECORD FORMAT ON R1 TRACKS FROM TRACK R0 OF
* THE DISK OF THE ADT AT R9.  R15 = 0, OR NOT 0 AFTER AN I/O ERROR.
FMTTRKS  STM   R14,R8,FORFSAVE
         LR    R5,R0                   TRACK
         LR    R6,R1                   TRACKS LEFT
*                                      THE CHAIN FOR ONE TRACK
         LA    R2,FORCCWS
         LA    R3,FORSEEK
         ST    R3,0(,R2)
         MVI   0(R2),X'07'             SEEK
         MVC   4(4,R2),=X'40000006'
         LA    R3,FORR0
         ST    R3,8(,R2)
         MVI   8(R2),X'16'             READ R0: SKIP SLI CC
         MVC   12(4,R2),=X'70000010'
         LA    R2,16(,R2)
         LA    R3,FORCNTS
         LH    R4,ADTRPT
         LA    R7,1                    RECORD NUMBER
FMTCCW   ST    R3,0(,R2)
         MVI   0(R2),X'1D'             WRITE CKD: THE COUNT FIELD
         MVC   4(4,R2),=X'C0000008'     CD CC
         LA    R1,FORZERO
         ST    R1,8(,R2)
         MVI   8(R2),X'1D'             ... AND 800 ZEROS
         MVC   12(4,R2),=X'40000320'   CC
         STC   R7,4(,R3)               R
         MVC   5(3,R3),=X'000320'      KL 0, DL 800
         LA    R2,16(,R2)
         LA    R3,8(,R3)
         LA    R7,1(,R7)
         BCT   R4,FMTCCW
         SH    R2,=H'4'                THE LAST ONE ENDS THE CHAIN
         NI    0(R2),X'BF'
FMTTRK   LTR   R6,R6
         BZ    FMTOK
         SR    R0,R0
         LR    R1,R5
         LH    R2,ADTHEADS
         DR    R0,R2                   R1 = CYLINDER, R0 = HEAD
         STH   R1,FORSEEK+2
         STH   R0,FORSEEK+4
         LA    R3,FORCNTS
         LH    R4,ADTRPT
FMTCNT   MVC   0(4,R3),FORSEEK+2       CCHH OF EVERY COUNT FIELD
         LA    R3,8(,R3)
         BCT   R4,FMTCNT
         LH    R2,ADTCUU
         LA    R3,FORCCWS
         DIAG  R2,R3,X'20'
         BC    7,FMTERR
         LA    R5,1(,R5)
         BCTR  R6,0
         B     FMTTRK
FMTOK    SR    R15,R15
         B     FMTRET
FMTERR   LA    R15,100
FMTRET   L     R14,FORFSAVE
         LM    R0,R8,FORFSAVE+8
         BR    R14
*
* EMPTYMFD: FORBUF = THE MFD OF AN EMPTY DISK OF FORNCYL CYLINDERS:
* NO FST BLOCKS; EXTENSION BLOCKS 5.. FOR THE MAP BEYOND BLOCK 1720;
* BLOCKS 1-4 AND THE EXTENSION BLOCKS IN USE (SPEC CMS.MD 1.3).
EMPTYMFD ST    R14,FORLINK
         LA    R2,FORBUF
         XC    0(256,R2),0(R2)
         XC    256(256,R2),256(R2)
         XC    512(256,R2),512(R2)
         XC    768(32,R2),768(R2)
         L     R1,FORNCYL
         ST    R1,MFDCYL(,R2)
         MH    R1,ADTHEADS
         MH    R1,ADTRPT
         C     R1,=A(MAXBLKS)
         BNH   *+8
         L     R1,=A(MAXBLKS)
         ST    R1,MFDNUM(,R2)
         SR    R5,R5                   EXTENSION BLOCKS NEEDED
         S     R1,=A(MFDMAPL*8)
         BNP   EMNOEXT
         A     R1,=A(CMSBLK*8-1)
         SR    R0,R0
         D     R0,=A(CMSBLK*8)
         LR    R5,R1
EMNOEXT  LTR   R5,R5
         BNZ   EMEXT
         MVC   0(2,R2),=X'FFFF'
         B     EMUSED
EMEXT    MVC   0(2,R2),=X'FFFD'
         LA    R3,2(,R2)
         LA    R4,MFDBLOCK+1
         LR    R6,R5
EMEXTL   STH   R4,0(,R3)
         LA    R3,2(,R3)
         LA    R4,1(,R4)
         BCT   R6,EMEXTL               THE LIST ENDS WITH A ZERO
EMUSED   LA    R5,MFDBLOCK(,R5)        BLOCKS IN USE
         ST    R5,MFDUSED(,R2)
         L     R0,MFDNUM(,R2)
         SR    R0,R5
         ST    R0,MFDLEFT(,R2)
         LR    R1,R5
         BCTR  R1,0
         SRL   R1,3
         ST    R1,MFDLAST(,R2)
         LA    R3,MFDMAP(,R2)          THEIR BITS
         LA    R4,X'80'
EMBITS   SR    R0,R0
         IC    R0,0(,R3)
         OR    R0,R4
         STC   R0,0(,R3)
         SRL   R4,1
         LTR   R4,R4
         BNZ   EMBNEXT
         LA    R4,X'80'
         LA    R3,1(,R3)
EMBNEXT  BCT   R5,EMBITS
         MVC   MFDUNIT(1,R2),FORUNIT
         L     R14,FORLINK
         BR    R14
*
* ASKLABEL: DMSFOR605R ENTER DISK LABEL: ... UNTIL ONE IS TYPED;
* FORLABL = ITS FIRST 6 CHARACTERS.
ASKLABEL ST    R14,FORLINK
ASKAGAIN MVC   OUTLINE(L'MSG605),MSG605
         LA    R2,OUTLINE
         LA    R3,L'MSG605
         BAL   R14,TYPEMSGL
         MVC   FORREPLY,=CL8' '
         RDTERM FORREPLY
         CLI   FORREPLY,C' '
         BE    ASKAGAIN
         MVC   FORLABL,FORREPLY
         LA    R1,FORLABL              A BLANK ENDS IT
         LA    R0,6
ASKBLNK  CLI   0(R1),C' '
         BE    ASKPAD
         LA    R1,1(,R1)
         BCT   R0,ASKBLNK
         B     ASKX
ASKPAD   MVI   0(R1),C' '
         LA    R1,1(,R1)
         BCT   R0,ASKPAD
ASKX     L     R14,FORLINK
         BR    R14
*
* PUTLABEL: BLOCK 3 = CMS= AND THE LABEL, THE REST ZEROS.  R15.
PUTLABEL ST    R14,FORLINK
         LA    R2,FORBUF
         XC    0(256,R2),0(R2)
         XC    256(256,R2),256(R2)
         XC    512(256,R2),512(R2)
         XC    768(32,R2),768(R2)
         MVC   0(4,R2),=C'CMS='
         MVC   4(6,R2),FORLABL
         LA    R0,LABELBLK
         LR    R1,R9
         L     R15,=V(DMSDIOW)
         BALR  R14,R15
         L     R14,FORLINK
         BR    R14
*
* RELDISK: THE DISK AT FORCUU AND THE ONE AT FORMODE ARE RELEASED
* (THEIR FILES CLOSED) IF ACCESSED.
RELDISK  ST    R14,FORRLINK
         L     R8,AADTTAB
         DROP  R9
         USING ADTD,R8
         LA    R3,ADTSLOTS
RELLOOP  CLI   ADTM,0
         BE    RELNEXT
         CLC   ADTM,FORMODE
         BE    RELIT
         CLC   ADTCUU,FORCUU
         BNE   RELNEXT
RELIT    MVC   FORRPL+8(1),ADTM
         LA    R1,FORRPL
         SVC   202
         DC    AL4(1)
RELNEXT  LA    R8,ADTLEN(,R8)
         BCT   R3,RELLOOP
         DROP  R8
         USING ADTD,R9
         L     R14,FORRLINK
         BR    R14
*
* MSG732: DMSFOR732I N CYLINDERS FORMATTED ON DISK M(CUU)
MSG732   ST    R14,FORLINK
         MVC   OUTLINE(11),=C'DMSFOR732I '
         L     R1,FORNCYL
         CVD   R1,DWORK
         MVC   FORED,=X'4020202020202120'
         ED    FORED,DWORK+4
         LA    R1,FORED                DROP THE LEADING BLANKS
M732SKIP CLI   0(R1),C' '
         BNE   M732NUM
         LA    R1,1(,R1)
         B     M732SKIP
M732NUM  LA    R2,OUTLINE+11
         LA    R3,FORED+8
M732MV   MVC   0(1,R2),0(R1)
         LA    R2,1(,R2)
         LA    R1,1(,R1)
         CR    R1,R3
         BL    M732MV
         MVC   0(L'MSG732T,R2),MSG732T
         LA    R2,L'MSG732T(,R2)
         BAL   R14,PUTMCUU
         LR    R3,R2
         BAL   R14,TYPEMSG
         L     R14,FORLINK
         BR    R14
*
* PUTMCUU: AT R2 MODE(CUU); R2 -> AFTER IT.  R1 CHANGED.
PUTMCUU  MVC   0(1,R2),FORMODE
         MVI   1(R2),C'('
         LA    R2,2(,R2)
         LA    R1,FORCUUC
PMCLOOP  CLI   0(R1),C' '
         BE    PMCEND
         MVC   0(1,R2),0(R1)
         LA    R2,1(,R2)
         LA    R1,1(,R1)
         B     PMCLOOP
PMCEND   MVI   0(R2),C')'
         LA    R2,1(,R2)
         BR    R14
*
* TYPEMSG: TYPE OUTLINE UP TO R3 (EXCLUSIVE).  TYPEMSGL: R2 -> TEXT,
* R3 = LENGTH.  THROUGH DMSERR (CP SET EMSG).  R0-R3, R15 CHANGED.
TYPEMSG  LA    R2,OUTLINE
         SR    R3,R2
TYPEMSGL ST    R14,FORTLINK
         L     R15,ADMSERR
         BALR  R14,R15
         L     R14,FORTLINK
         BR    R14
*
* FORGEO: CMS DISK TYPES - DIAG X'24' TYPE CODE, BLOCKS PER TRACK,
* TRACKS PER CYLINDER, THE MFD UNIT-TYPE BYTE (SPEC CMS.MD 1.1, 1.3;
* CMS.FS LAYOUT UNIT_TYPES).
FORGEO   DC    X'10',AL2(14),AL2(19),X'09'   3330
         DC    X'08',AL2(19),AL2(30),X'0B'   3350
         DC    X'01',AL2(8),AL2(12),X'0A'    3340
         DC    X'FF'
FGEOLEN  EQU   6
DASDCLAS EQU   X'04'
LABELBLK EQU   3
MAXBLKS  EQU   65531                   BLOCK NUMBERS ARE HALFWORDS
MAXCYL   EQU   2048
MFDUNIT  EQU   599                     THE UNIT-TYPE BYTE OF THE MFD
FORLABEL EQU   X'80'                   FORFLG: (LABEL
FORRECMP EQU   X'40'                   FORFLG: (RECOMP
MSG603   DC    C'DMSFOR603R FORMAT WILL ERASE ALL FILES ON DISK '
MSG603B  DC    C'. DO YOU WISH TO CONTINUE? (YES|NO):'
MSG605   DC    C'DMSFOR605R ENTER DISK LABEL:'
MSG733   DC    C'DMSFOR733I FORMATTING DISK '
MSG732T  DC    C' CYLINDERS FORMATTED ON DISK '
MSG037   DC    C'DMSFOR037E DISK '
MSG113   DC    C'DMSFOR113S DISK '
MSG125   DC    C'DMSFOR125S PERMANENT UNIT CHECK ON DISK '
MSG214   DC    C'DMSFOR214W CANNOT RECOMPUTE WITHOUT LOSS OF DATA.'
         DC    C' NO CHANGE.'
MSG214L  EQU   *-MSG214
         LTORG
         DS    0D
FORPCCW  CCW   X'07',FORPSEEK,X'00',6  THE CYLINDER PROBE: A SEEK
FORPSEEK DC    XL6'00'
FORAPL   DC    CL8'ACCESS',CL8' ',CL8' ',8X'FF'
FORRPL   DC    CL8'RELEASE',CL8' ',8X'FF'
FORSEEK  DC    XL6'00'
FORR0    DS    XL16
FORFLG   DS    X
FORVFLG  DS    X
FORUNIT  DS    X
FORMODE  DS    C
FORCUU   DS    H
FORCUUC  DS    CL8
FORLABL  DS    CL6
         DS    0F
FORNCYL  DS    F
FORMAX   DS    F
FORLINK  DS    A
FORRLINK DS    A
FORTLINK DS    A
FORFSAVE DS    15F
FORED    DS    CL8
FORREPLY DS    CL130
         DS    0D
FORADT   DS    XL(ADTLEN)
         DS    0D
FORCCWS  DS    40D                     SEEK, READ R0, 19 X 2 WRITES
FORCNTS  DS    19D                     THE COUNT FIELDS
FORZERO  DC    100D'0'                 800 ZEROS
FORBUF   DS    100D                    ONE BLOCK
         NUCON
         END
