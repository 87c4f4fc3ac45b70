*---------------------------------------------------------------------
* DMSACC - THE ACCESS COMMAND: MAKE A CMS MINIDISK KNOWN BY A LETTER
*
* FUNCTION: ACCESS VADDR MODE.  ASKS CP FOR THE DEVICE TYPE
*           (DIAGNOSE X'24'), TAKES THE GEOMETRY FROM DIOGEO, READS
*           BLOCK 3 (THE CMS= LABEL) AND BLOCK 4 (THE MFD) AND READS
*           ALL THE FST BLOCKS THE MFD LISTS INTO THE DISK AREA
*           (WITH ROOM FOR ADTFBGRO MORE ON A R/W DISK; DMSAUD
*           MOVES IT TO A LARGER AREA WHEN IT NEEDS MORE).  THE DISK
*           THEN HAS AN ADT ENTRY UNDER THE LETTER; AN EARLIER DISK
*           ON THAT LETTER IS REPLACED.
* CALL:     SVC 202, R1 -> CL8'ACCESS',CL8'VADDR',CL8'MODE',8X'FF'
* EXIT:     R15 = 0; 24 BAD OPERANDS (DMSACC017E, DMSACC048E);
*           100 NO SUCH DASD, NOT A CMS DISK, OR A READ FAILED
*           (DMSACC113S, DMSACC112S); MESSAGE TEXTS UNVERIFIED.
* STORAGE:  ADTTAB (ADTSLOTS ENTRIES, ONE PER LETTER) IS HERE.  EACH
*           ACCESSED DISK HAS ONE DMSFREE AREA (ADTAREA): THE WORKING
*           MFD, THE MFD AS ON DISK (DMSAUD COMMITS ONE TO THE OTHER)
*           ITS FST BLOCKS AND TWO COPIES OF THE ALLOCATION MAP
*           (QMSK AND THE EXTENSION BLOCKS AFTER X'FFFD' IN THE MFD,
*           SPEC CMS.MD 1.3).  R/O IF CP LINKED IT R/O (DIAG X'24'
*           VDEVFLAG X'80').
* R/O:      ACCESS VADDR M/P MAKES M A READ-ONLY EXTENSION OF P
*           (SEARCHED AFTER P WHEN P IS NAMED, DMSLFS); A R/O DISK
*           IS ANNOUNCED: DMSACC723I M (VADDR) R/O.
* NOT YET:  FN FT FILTERS, DMSACC724I/725I (REPLACES, ALSO =).
*---------------------------------------------------------------------
         ADT
DMSACC   CSECT
         ENTRY ADTTAB
         REGEQU
         USING NUCON,R0
         USING DMSACC,R12
         STM   R14,R12,12(R13)
         LR    R10,R1                  -> PLIST
*                                      VADDR: 1-4 HEX DIGITS
         CLI   8(R10),X'FF'
         BE    ACCBADDV
         SR    R3,R3
         LA    R4,8(,R10)
         LA    R5,4
ACCHEX   CLI   0(R4),C' '
         BE    ACCHEXND
         SR    R6,R6
         IC    R6,0(,R4)
         CLI   0(R4),C'0'
         BNL   ACCDIGIT
         CLI   0(R4),C'A'
         BL    ACCBADDV
         CLI   0(R4),C'F'
         BH    ACCBADDV
         SH    R6,=Y(C'A'-10)
         B     ACCNIB
ACCDIGIT CLI   0(R4),C'9'
         BH    ACCBADDV
         SH    R6,=Y(C'0')
ACCNIB   SLL   R3,4
         OR    R3,R6
         LA    R4,1(,R4)
         BCT   R5,ACCHEX
         CLI   0(R4),C' '
         BNE   ACCBADDV                MORE THAN 4 DIGITS
ACCHEXND LA    R6,8(,R10)
         CR    R4,R6
         BE    ACCBADDV                NO DIGIT
*                                      MODE: ONE LETTER
         CLI   16(R10),X'FF'
         BE    ACCBADMD
         CLI   16(R10),C'A'
         BL    ACCBADMD
         CLI   16(R10),C'Z'
         BH    ACCBADMD
         CLI   17(R10),C' '
         BE    ACCDEV
         CLI   17(R10),C'/'            MODE/PARENT: AN EXTENSION
         BNE   ACCBADMD
         CLI   18(R10),C'A'
         BL    ACCBADMD
         CLI   18(R10),C'Z'
         BH    ACCBADMD
         CLI   19(R10),C' '
         BNE   ACCBADMD
*                                      THE DEVICE AND ITS GEOMETRY
ACCDEV   EQU   *
         DIAG  R3,R4,X'24'             R4 = CLASS TYPE STATUS FLAGS
         BC    1,ACCNODEV              CC 3: NO SUCH DEVICE
         STC   R4,ACCVFLG              VDEVFLAG: X'80' R/O LINK
         LR    R6,R4
         SRL   R6,24
         C     R6,=A(DASDCLAS)
         BNE   ACCNODEV
         SRL   R4,16
         N     R4,=F'255'              DEVICE TYPE CODE
         LA    R7,DIOGEO
ACCGEO   CLI   0(R7),X'FF'
         BE    ACCNODEV                NOT A CMS DISK TYPE
         CLM   R4,1,0(R7)
         BE    ACCSLOT
         LA    R7,GEOLEN(,R7)
         B     ACCGEO
*                                  THE ADT ENTRY: SAME LETTER OR FREE
ACCSLOT  LA    R9,ADTTAB
         USING ADTD,R9
         LA    R8,ADTSLOTS
         SR    R6,R6                   FIRST FREE ENTRY
ACCSCAN  CLC   ADTM,16(R10)
         BE    ACCFILL
         CLI   ADTM,X'00'
         BNE   ACCSNEXT
         LTR   R6,R6
         BNZ   ACCSNEXT
         LR    R6,R9
ACCSNEXT LA    R9,ADTLEN(,R9)
         BCT   R8,ACCSCAN
         LTR   R9,R6
         BZ    ACCNODEV                TABLE FULL
ACCFILL  MVI   ADTM,X'00'              NOT USABLE UNTIL READ
         STH   R3,ADTCUU
         STC   R4,ADTDTYP
         MVC   ADTRPT,1(R7)
         MVC   ADTHEADS,3(R7)
         MVI   ADTFLG,ADTFRW           R/W UNLESS CP SAYS R/O
         TM    ACCVFLG,X'80'
         BZ    *+8
         MVI   ADTFLG,0
         MVI   ADTPARNT,0
         CLI   17(R10),C'/'
         BNE   ACCNOEXT
         MVI   ADTFLG,ADTFEXT          EXTENSION: READ-ONLY
         MVC   ADTPARNT,18(R10)
ACCNOEXT EQU   *
         L     R1,ADTAREA              AN EARLIER DISK'S STORAGE
         LTR   R1,R1
         BZ    ACCLAB
         L     R0,ADTADW
         DMSFRET DWORDS=(0),LOC=(1)
         XC    ADTAREA,ADTAREA
*                                      LABEL AND MFD
ACCLAB   LR    R1,R9
         LA    R0,LABELBLK
         LA    R2,ACCBUF
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ACCIOERR
         CLC   ACCBUF(4),=C'CMS='
         BNE   ACCNOCMS
         MVC   ADTID,ACCBUF+4
         LA    R0,MFDBLK
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ACCIOERR
*                                  FST AND EXTENSION BLOCKS: COUNT
         SR    R5,R5                   EXTENSION BLOCKS
         SR    R8,R8                   FST BLOCKS
         LA    R7,ACCBUF
         LA    R6,MFDLISTL/2
ACCXF    CLC   0(2,R7),=X'FFFF'
         BE    ACCXN
         CLC   0(2,R7),=X'FFFD'
         BE    ACCXC
         CLC   0(2,R7),=H'0'
         BE    ACCXN
         LA    R8,1(,R8)
         LA    R7,2(,R7)
         BCT   R6,ACCXF
         BCTR  R8,0                    NO END: DAMAGED, READ-ONLY
         NI    ADTFLG,255-ADTFRW
         B     ACCXN
ACCXC    LA    R7,2(,R7)
         ST    R7,ACCXLIST             -> THEIR BLOCK NUMBERS
ACCXCL   CLC   0(2,R7),=H'0'
         BE    ACCXN
         LA    R5,1(,R5)
         LA    R7,2(,R7)
         C     R5,=A(ADTMAXX)
         BL    ACCXCL
ACCXN    STH   R5,ADTNEXT
         ST    R8,ACCNFB
         L     R1,ACCBUF+MFDNUM        A MAP SHORTER THAN ADTNUM NEEDS
         C     R1,=F'65531'            (A DAMAGED MFD): READ-ONLY
         BH    ACCXRO
         S     R1,=A(MFDMAPL*8)
         BNP   ACCXOK
         A     R1,=A(CMSBLK*8-1)
         SR    R0,R0
         D     R0,=A(CMSBLK*8)
         CR    R1,R5
         BNH   ACCXOK
ACCXRO   NI    ADTFLG,255-ADTFRW
ACCXOK   LH    R5,ADTNEXT
*                                  THE AREA: MFDS, FST BLOCKS, 2 MAPS
         MH    R5,=Y(CMSBLK)           (DMSAUD LAYS IT OUT)
         LA    R5,MFDMAPL+7(,R5)
         SRL   R5,3
         SLL   R5,3                    BYTES OF ONE MAP
         L     R0,ACCNFB               FST BLOCKS, AND ROOM TO GROW
         TM    ADTFLG,ADTFRW           ON A R/W DISK
         BZ    ACCAREA
         AH    R0,=Y(ADTFBGRO)
         C     R0,=A(ADTMAXFB)
         BNH   ACCAREA
         L     R0,=A(ADTMAXFB)
ACCAREA  XC    ADTNFST,ADTNFST
         LR    R1,R9
         LR    R2,R5
         L     R15,=V(AUDAREA)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ACCNOSTG
         XC    ADTROVR,ADTROVR
         L     R2,ADTMFDB              THE MFD, TWICE
         MVC   0(256,R2),ACCBUF
         MVC   256(256,R2),ACCBUF+256
         MVC   512(256,R2),ACCBUF+512
         MVC   768(32,R2),ACCBUF+768
         L     R7,ADTCMFD
         MVC   0(256,R7),0(R2)
         MVC   256(256,R7),256(R2)
         MVC   512(256,R7),512(R2)
         MVC   768(32,R7),768(R2)
*                                      THE MAP: QMSK, EXTENSION BLOCKS
         L     R2,ADTWMAP
         MVC   0(MFDMAPL,R2),ACCBUF+MFDMAP
         LA    R2,MFDMAPL(,R2)
         LH    R5,ADTNEXT
         LTR   R5,R5
         BZ    ACCMAPC
         L     R7,ACCXLIST
ACCXR    LH    R0,0(,R7)
         N     R0,=F'65535'
         LR    R1,R9
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ACCIOERR
         LA    R2,BLKSIZE(,R2)
         LA    R7,2(,R7)
         BCT   R5,ACCXR
ACCMAPC  L     R0,ADTCMAP              COMMITTED = WORKING
         L     R1,ADTMAPC
         L     R2,ADTWMAP
         LR    R3,R1
         MVCL  R0,R2
*                                      THE FST BLOCKS THE MFD LISTS
         L     R7,ADTMFDB              -> HALFWORD BLOCK NUMBERS
         L     R6,ACCNFB
         SR    R8,R8                   BLOCKS READ
         LR    R1,R9
         L     R2,ADTFSTB
         LTR   R6,R6
         BZ    ACCDONE
ACCFST   LH    R0,0(,R7)
         N     R0,=F'65535'
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   ACCIOERR
         LA    R2,BLKSIZE(,R2)
         LA    R8,1(,R8)
         LA    R7,2(,R7)
         BCT   R6,ACCFST
ACCDONE  STH   R8,ADTNFST
         MVC   ADTM,16(R10)            NOW ACCESSED
         TM    ADTFLG,ADTFRW
         BO    ACCOK
         TM    NUCFLAGS,NUCINIT        NOT AT IPL
         BO    ACCOK
         MVC   OUTLINE(11),=C'DMSACC723I '
         MVC   OUTLINE+11(1),ADTM      M (VADDR) R/O
         MVC   OUTLINE+12(2),=C' ('
         MVC   OUTLINE+14(8),8(R10)
         LA    R2,OUTLINE+14
ACCRO1   CLI   0(R2),C' '
         BE    ACCRO2
         LA    R2,1(,R2)
         B     ACCRO1
ACCRO2   MVC   0(5,R2),=C') R/O'
         LA    R3,5(,R2)
         LA    R2,OUTLINE
         SR    R3,R2
         L     R15,ADMSERR
         BALR  R14,R15
ACCOK    SR    R15,R15
         B     ACCRET
*                                      NOT ACCESSED: GIVE STORAGE BACK
ACCDROP  L     R1,ADTAREA
         LTR   R1,R1
         BZR   R14
         ST    R14,ACCLINK
         L     R0,ADTADW
         DMSFRET DWORDS=(0),LOC=(1)
         XC    ADTAREA,ADTAREA
         L     R14,ACCLINK
         BR    R14
         DROP  R9
*
ACCBADDV CMSMSG 'DMSACC017E INVALID DEVICE ADDRESS',INSERT=8(R10)
         LA    R15,24
         B     ACCRET
ACCBADMD CMSMSG 'DMSACC048E INVALID MODE',INSERT=16(R10)
         LA    R15,24
         B     ACCRET
ACCNODEV CMSMSG 'DMSACC113S DISK NOT ATTACHED',INSERT=8(R10)
         LA    R15,100
         B     ACCRET
ACCNOCMS BAL   R14,ACCDROP
         CMSMSG 'DMSACC112S DISK NOT IN CMS FORMAT',INSERT=8(R10)
         LA    R15,100
         B     ACCRET
ACCNOSTG CMSMSG 'DMSACC109S NO STORAGE FOR THE DISK',INSERT=8(R10)
         LA    R15,104
         B     ACCRET
ACCIOERR BAL   R14,ACCDROP
         CMSMSG 'DMSACC112S DISK ERROR',INSERT=8(R10)
         LA    R15,100
ACCRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* DIOGEO: CMS DISK TYPES - DIAG X'24' TYPE CODE, BLOCKS PER TRACK,
* TRACKS PER CYLINDER (SPEC CMS.MD 1.1 AND DIAGNOSE.MD X'24').
DIOGEO   DC    X'10',AL2(14),AL2(19)   3330
         DC    X'08',AL2(19),AL2(30)   3350
         DC    X'01',AL2(8),AL2(12)    3340
         DC    X'FF'
GEOLEN   EQU   5
DASDCLAS EQU   X'04'
LABELBLK EQU   3
MFDBLK   EQU   4
BLKSIZE  EQU   800
         LTORG
         DS    0F
ADTTAB   DC    (ADTSLOTS*ADTLEN)X'00'
ACCBUF   DS    100D                    ONE BLOCK
ACCVFLG  DS    X
ACCLINK  DS    A
ACCXLIST DS    A
ACCNFB   DS    F                       FST BLOCKS THE MFD LISTS
         NUCON
         END
