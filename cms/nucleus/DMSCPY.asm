*---------------------------------------------------------------------
* DMSCPY - COPYFILE: COPY AND COMBINE FILES
*
* FUNCTION: COPYFILE IN1 [IN2 ...] OUT [(OPTIONS] - EACH FILEID IS
*           FN FT FM.  SEVERAL INPUT FILES ARE COPIED ONE AFTER THE
*           OTHER INTO OUT.  = IN OUT TAKES THE FIRST INPUT'S PART
*           (FM =: ITS LETTER AND NUMBER; A LETTER ALONE KEEPS THE
*           INPUT'S NUMBER).  WITH ONE INPUT, * AS ITS FN OR FT COPIES
*           EVERY MATCHING FILE (FM * = ALL DISKS) TO OUT'S = NAMES;
*           THE MATCHING FILES ARE LISTED (IN DMSFREE STORAGE SIZED
*           FROM THEIR COUNT, NO LIMIT) BEFORE THE FIRST COPY, SO A
*           COPY TO THE SAME DISK IS NOT COPIED AGAIN.
*           THE COPY IS WRITTEN AS COPYFILE CMSUT1 ON OUT'S DISK AND
*           RENAMED WHEN COMPLETE, SO A FAILED COPY LEAVES OUT AS IT
*           WAS (AS R6 DID).
* OPTIONS:  NEWFILE (DEFAULT: OUT MUST NOT EXIST), REPLACE (OUT IS
*           REPLACED), APPEND (RECORDS ADDED TO OUT'S END IN ITS
*           FORMAT), RECFM F|V, LRECL N (F RECORDS ARE PADDED WITH
*           BLANKS OR CUT; F TO V DROPS TRAILING BLANKS), TYPE
*           (TYPES EACH OUTPUT FILEID), NOTYPE, FROM N, FOR N,
*           FRLABEL XXX, TOLABEL XXX (WHICH RECORDS OF EACH INPUT),
*           UPCASE, LOWCASE, TRUNC (V OUTPUT: TRAILING BLANKS OF
*           EVERY RECORD DROPPED), NOTRUNC.
* NOT YET:  PACK/UNPACK, SPECS, OVLY, EBCDIC, PROMPT, FILL, SINGLE.
* CALL:     SVC 202, R1 -> CL8'COPYFILE',TOKENS,8X'FF'
* EXIT:     R15 = 0; 24 BAD OPERANDS (DMSCPY054E, DMSCPY003E,
*           DMSCPY029E); 28 NO SUCH FILE (DMSCPY002E) OR OUT EXISTS
*           (DMSCPY024E); 36 DISK NOT ACCESSED OR R/O (DMSCPY069E,
*           DMSCPY037E); 25 NO STORAGE (DMSCPY109S FOR THE LIST OF
*           A * COPY); OTHERS FROM WRBUF (E.G. 13
*           DISK FULL, DMSCPY105S).
*---------------------------------------------------------------------
         ADT
         FST
DMSCPY   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSCPY,R12,R11
         STM   R14,R12,12(R13)
         LA    R11,2048(,R12)
         LA    R11,2048(,R11)
         LR    R10,R1
         XC    CPYZERO(CPYZLEN),CPYZERO
*                                      FILEIDS: TOKENS BEFORE (
         LA    R2,8(,R10)
         LA    R3,CPYIDS
         SR    R4,R4
CPYTOK   CLI   0(R2),X'FF'
         BE    CPYTOKND
         CLI   0(R2),C'('
         BE    CPYTOKND
         C     R4,=A(3*MAXIDS)
         BNL   CPYINC
         MVC   0(8,R3),0(R2)
         LA    R2,8(,R2)
         LA    R3,8(,R3)
         LA    R4,1(,R4)
         B     CPYTOK
CPYTOKND SR    R5,R5
         LR    R5,R4
         SR    R4,R4
         D     R4,=F'3'                R5 = FILEIDS
         LTR   R4,R4
         BNZ   CPYINC
         C     R5,=F'2'
         BL    CPYINC
         ST    R5,CPYNIDS
*                                      OPTIONS
         CLI   0(R2),C'('
         BNE   CPYOPTND
CPYOPT   LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    CPYOPTND
         CLI   0(R2),C')'
         BE    CPYOPTND
         LA    R3,OPTTAB
CPYOPT1  CLI   0(R3),X'FF'
         BE    CPYBADO
         CLC   0(8,R2),0(R3)
         BE    CPYOPT2
         LA    R3,9(,R3)
         B     CPYOPT1
CPYOPT2  CLI   8(R3),OPTRECFM
         BE    CPYORECF
         CLI   8(R3),OPTFROM
         BE    CPYOFROM
         CLI   8(R3),OPTFOR
         BE    CPYOFOR
         CLI   8(R3),OPTFRLB
         BE    CPYOFRLB
         CLI   8(R3),OPTTOLB
         BE    CPYOTOLB
         CLI   8(R3),OPTLRECL
         BE    CPYOLREC
         OC    CPYOPTS,8(R3)
         B     CPYOPT
CPYORECF LA    R2,8(,R2)
         CLC   0(8,R2),=CL8'F'
         BE    *+14
         CLC   0(8,R2),=CL8'V'
         BNE   CPYBADV
         MVC   CPYORF,0(R2)
         B     CPYOPT
CPYOFROM LA    R2,8(,R2)               FROM N: FIRST RECORD COPIED
         BAL   R14,DECTOK
         LTR   R15,R15
         BNZ   CPYBADV
         ST    R1,CPYFROM
         B     CPYOPT
CPYOFOR  LA    R2,8(,R2)               FOR N: RECORDS COPIED
         BAL   R14,DECTOK
         LTR   R15,R15
         BNZ   CPYBADV
         ST    R1,CPYFOR
         B     CPYOPT
CPYOFRLB LA    R2,8(,R2)               FRLABEL XXX: FROM ITS RECORD
         CLI   0(R2),X'FF'
         BE    CPYBADV
         MVC   CPYFRLB,0(R2)
         B     CPYOPT
CPYOTOLB LA    R2,8(,R2)               TOLABEL XXX: UP TO ITS RECORD
         CLI   0(R2),X'FF'
         BE    CPYBADV
         MVC   CPYTOLB,0(R2)
         B     CPYOPT
CPYOLREC LA    R2,8(,R2)
         BAL   R14,DECTOK
         LTR   R15,R15
         BNZ   CPYBADV
         C     R1,=F'65535'
         BH    CPYBADV
         ST    R1,CPYOLR
         B     CPYOPT
CPYOPTND L     R3,=A(BUFDW)            THE RECORD BUFFER
         DMSFREE DWORDS=(R3)
         LTR   R15,R15
         BNZ   CPYNOSTG
         ST    R1,CPYBUF
*                                      ONE INPUT WITH * : EACH FILE
         L     R5,CPYNIDS
         C     R5,=F'2'
         BNE   CPYCOMB
         CLI   CPYIDS,C'*'
         BE    CPYPAT
         CLI   CPYIDS+8,C'*'
         BNE   CPYCOMB
CPYPAT   MVC   CPYOUTP,CPYIDS+24
         BAL   R14,COLLECT             THE MATCHING FILES -> CPYALIST
         LTR   R15,R15
         BNZ   CPYLNOST
         L     R6,CPYNLIST
         LTR   R6,R6
         BZ    CPYNOTF0
         L     R7,CPYALIST
CPYPLOOP MVC   CPYIDS(24),0(R7)        INPUT = THIS FILE
         MVC   CPYIDS+24(24),CPYOUTP   THE OUTPUT PATTERN
         LA    R1,1
         ST    R1,CPYNIN
         STM   R6,R7,CPYLOOP
         BAL   R14,COPY
         LM    R6,R7,CPYLOOP
         LTR   R15,R15
         BNZ   CPYEND
         LA    R7,24(,R7)
         BCT   R6,CPYPLOOP
         SR    R15,R15
         B     CPYEND
CPYCOMB  BCTR  R5,0                    INPUTS, THEN THE OUTPUT
         ST    R5,CPYNIN
         BAL   R14,COPY
CPYEND   LR    R6,R15
         L     R1,CPYBUF
         L     R3,=A(BUFDW)
         DMSFRET DWORDS=(R3),LOC=(1)
         ICM   R1,15,CPYALIST          THE LIST OF A * COPY
         BZ    CPYEND2
         L     R3,CPYLDW
         DMSFRET DWORDS=(R3),LOC=(1)
CPYEND2  LR    R15,R6
         B     CPYRET
*
* COPY: INPUTS CPYIDS (CPYNIN OF THEM), OUTPUT THE FILEID AFTER THEM.
COPY     ST    R14,CPYLINK
         L     R2,CPYNIN               THE OUTPUT FILEID
         MH    R2,=H'24'
         LA    R2,CPYIDS(R2)
         MVC   CPYOUT,0(R2)
*                                      THE INPUTS MUST EXIST
         LA    R8,CPYIDS
         L     R9,CPYNIN
COPYCHK  MVC   CPYFID,0(R8)
         CLI   CPYFID+16,C'='
         BNE   *+10
         MVC   CPYFID+16(8),=CL8'*'
         LA    R1,CPYFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   CPYNOTF
         USING ADTD,R1
         USING FSTD,R2
         MVC   16(8,R8),=CL8' '        ITS DISK AND MODE, FOUND
         MVC   16(1,R8),ADTM
         MVC   17(1,R8),FSTFMODE+1
         C     R8,=A(CPYIDS)
         BNE   COPYCHK2
         MVC   CPYIRF,FSTRECFM         THE FIRST INPUT'S FORMAT
         MVC   CPYILR,FSTLRECL
         DROP  R1,R2
COPYCHK2 LA    R8,24(,R8)
         BCT   R9,COPYCHK
*                                      = IN THE OUTPUT FILEID
         LA    R2,CPYOUT
         LA    R3,CPYIDS
         LA    R4,3
COPYEQ   CLC   0(8,R2),=CL8'='
         BNE   *+10
         MVC   0(8,R2),0(R3)
         LA    R2,8(,R2)
         LA    R3,8(,R3)
         BCT   R4,COPYEQ
         CLI   CPYOUT+17,C' '          A LETTER ALONE: INPUT'S NUMBER
         BNE   *+10
         MVC   CPYOUT+17(1),CPYIDS+17
         CLI   CPYOUT,C'*'
         BE    CPYBADID
         CLI   CPYOUT+8,C'*'
         BE    CPYBADID
*                                      THE OUTPUT DISK
         L     R8,AADTTAB
         USING ADTD,R8
         LA    R3,ADTSLOTS
COPYADT  CLC   ADTM,CPYOUT+16
         BE    COPYDISK
         LA    R8,ADTLEN(,R8)
         BCT   R3,COPYADT
         MVC   CPYMSGI(1),CPYOUT+16
         CMSMSG 'DMSCPY069E DISK NOT ACCESSED',INSERT=CPYMSGI
         LA    R15,36
         B     COPYRET
COPYDISK TM    ADTFLG,ADTFRW
         BO    COPYEX
         MVC   CPYMSGI(1),ADTM
         CMSMSG 'DMSCPY037E DISK IS READ/ONLY',INSERT=CPYMSGI
         LA    R15,36
         B     COPYRET
         DROP  R8
*                                      DOES THE OUTPUT EXIST?
COPYEX   MVI   CPYOEX,0
         LA    R1,CPYOUT
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   COPYFMT
         MVI   CPYOEX,1
         USING FSTD,R2
         MVC   CPYXRF,FSTRECFM
         MVC   CPYXLR,FSTLRECL
         DROP  R2
         TM    CPYOPTS,OPTREPL+OPTAPP
         BNZ   COPYFMT
         CMSMSG 'DMSCPY024E FILE ALREADY EXISTS',INSERT=CPYOUT
         LA    R15,28
         B     COPYRET
*                                      THE OUTPUT'S FORMAT
COPYFMT  MVC   CPYWRF,CPYIRF
         MVC   CPYWLR,CPYILR
         CLI   CPYOEX,0
         BE    COPYFMT2
         TM    CPYOPTS,OPTAPP
         BZ    COPYFMT2
         MVC   CPYWRF,CPYXRF           APPEND: THE OUTPUT'S OWN
         MVC   CPYWLR,CPYXLR
         B     COPYTGT
COPYFMT2 CLI   CPYORF,0
         BE    *+10
         MVC   CPYWRF,CPYORF
         L     R0,CPYOLR
         LTR   R0,R0
         BZ    *+8
         ST    R0,CPYWLR
*                                      THE TARGET: OUT OR THE WORK FILE
COPYTGT  MVC   CPYTGT,CPYOUT
         CLI   CPYOEX,0
         BE    COPYTG2
         TM    CPYOPTS,OPTAPP
         BO    COPYOPEN
COPYTG2  MVC   CPYTGT(16),=CL16'COPYFILECMSUT1'
         MVC   CPYERS+8(24),CPYTGT
         LA    R1,CPYERS               NO OLD WORK FILE
         SVC   202
         DC    AL4(1)
COPYOPEN MVC   CPYWR+8(16),CPYTGT
         MVC   CPYWR+24(2),CPYTGT+16
         MVC   CPYWR+36(1),CPYWRF
         MVC   CPYWR+28(4),CPYBUF
*                                      EACH INPUT
         LA    R8,CPYIDS
         L     R9,CPYNIN
COPYIN   MVC   CPYRD+8(16),0(R8)
         XC    CPYRECNO,CPYRECNO       RECORD COUNTS OF THIS INPUT
         XC    CPYNCOP,CPYNCOP
         MVI   CPYLBLON,0
         MVC   CPYRD+24(2),16(R8)
         MVC   CPYRD+28(4),CPYBUF
         MVC   CPYFIN+8(24),0(R8)
COPYREC  XC    CPYRD+26(2),CPYRD+26
         LA    R1,CPYRD
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'
         BE    COPYINND
         LTR   R15,R15
         BNZ   COPYFAIL
         LR    R4,R0                   RECORD LENGTH
         BAL   R14,SELECT              FROM FOR FRLABEL TOLABEL
         LTR   R15,R15
         BM    COPYINND                NO MORE FROM THIS INPUT
         BP    COPYREC                 NOT THIS RECORD
         TM    CPYOPTS,OPTUPC+OPTLOWC
         BZ    COPYCASE
         BAL   R14,CASE                UPCASE / LOWCASE
COPYCASE CLI   CPYWRF,C'F'
         BNE   COPYV
         L     R5,CPYWLR               F: PAD OR CUT TO LRECL
         CR    R4,R5
         BNL   COPYPUT
         L     R0,CPYBUF
         AR    R0,R4
         LR    R1,R5
         SR    R1,R4
         LA    R14,CPYBLANK
         SR    R15,R15
         ICM   R15,8,=C' '
         MVCL  R0,R14
         B     COPYPUT
COPYV    LR    R5,R4                   V: F RECORDS LOSE END BLANKS
         TM    CPYOPTS,OPTTRUNC        (TRUNC: EVERY RECORD)
         BO    COPYVT
         CLI   CPYRD+36,C'F'
         BNE   COPYPUT
COPYVT   DS    0H
         L     R1,CPYBUF
COPYVTR  C     R5,=F'1'
         BNH   COPYPUT
         LR    R2,R1
         AR    R2,R5
         BCTR  R2,0
         CLI   0(R2),C' '
         BNE   COPYPUT
         BCTR  R5,0
         B     COPYVTR
COPYPUT  ST    R5,CPYWR+32             FSCBSIZE
         LA    R1,CPYWR
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   COPYWERR
         B     COPYREC
COPYINND LA    R1,CPYFIN               CLOSE THIS INPUT
         SVC   202
         DC    AL4(1)
         LA    R8,24(,R8)
         BCT   R9,COPYIN
*                                      CLOSE THE TARGET; NAME IT
         MVC   CPYFIN+8(24),CPYTGT
         LA    R1,CPYFIN
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   COPYWERR
         CLC   CPYTGT(16),CPYOUT
         BE    COPYTYPE
         CLI   CPYOEX,0
         BE    COPYREN
         MVC   CPYERS+8(24),CPYOUT     REPLACE: THE OLD ONE GOES
         LA    R1,CPYERS
         SVC   202
         DC    AL4(1)
COPYREN  MVC   CPYREN+8(24),CPYTGT
         MVC   CPYREN+32(24),CPYOUT
         LA    R1,CPYREN
         SVC   202
         DC    AL4(1)
COPYTYPE TM    CPYOPTS,OPTTYPE
         BZ    COPYOK
         MVC   OUTLINE(20),=CL20' '
         MVC   OUTLINE(8),CPYOUT
         MVC   OUTLINE+9(8),CPYOUT+8
         MVC   OUTLINE+18(2),CPYOUT+16
         LA    R5,OUTLINE
         LA    R6,20
         WRTERM (R5),(R6)
COPYOK   SR    R15,R15
         B     COPYRET
*                                      A READ OR WRITE FAILED
COPYFAIL LR    R6,R15
         CMSMSG 'DMSCPY104S ERROR READING FILE',INSERT=0(R8)
         B     COPYDROP
COPYWERR LR    R6,R15
         CMSMSG 'DMSCPY105S ERROR WRITING FILE',INSERT=CPYOUT
COPYDROP MVC   CPYFIN+8(24),=CL24'*'
         MVC   CPYFIN+16(8),=CL8'*'
         MVC   CPYFIN+24(8),=CL8'*'
         LA    R1,CPYFIN
         SVC   202
         DC    AL4(1)
         CLC   CPYTGT(16),CPYOUT
         BE    COPYDRP2
         MVC   CPYERS+8(24),CPYTGT     THE PART WRITTEN GOES
         LA    R1,CPYERS
         SVC   202
         DC    AL4(1)
COPYDRP2 LR    R15,R6
COPYRET  L     R14,CPYLINK
         BR    R14
*
* COLLECT: THE FILES MATCHING INPUT 1 (FN/FT *, FM LETTER OR *)
* -> A LIST IN DMSFREE STORAGE (CPYALIST, CPYLDW DOUBLEWORDS; 24
* BYTES AN ENTRY: FN FT LETTER+NUMBER), CPYNLIST ENTRIES.  A FIRST
* PASS COUNTS THEM, THE SECOND FILLS THE LIST.  R15 = 0, 1 NO
* STORAGE.  NO FILE: NO LIST (CPYALIST 0).
COLLECT  ST    R14,CPYLINK2
         SR    R7,R7                   PASS 1: COUNT
         BAL   R14,COLSCAN
         SR    R15,R15
         LTR   R6,R6
         BZ    COLRET
         ST    R6,CPYLMAX
         LA    R2,0(R6,R6)             3 DOUBLEWORDS AN ENTRY
         AR    R2,R6
         ST    R2,CPYLDW
         DMSFREE DWORDS=(R2)
         LTR   R15,R15
         BNZ   COLRET
         ST    R1,CPYALIST
         LR    R7,R1                   PASS 2: FILL
         BAL   R14,COLSCAN
         SR    R15,R15
COLRET   ST    R6,CPYNLIST
         L     R14,CPYLINK2
         BR    R14
*
* COLSCAN: R6 = THE MATCHING FILES; R7 -> WHERE TO LIST THEM (AT
* MOST CPYLMAX), OR 0 TO COUNT ONLY.  R3 R4 R8 R9 CHANGED.
COLSCAN  SR    R6,R6
         L     R8,AADTTAB
         USING ADTD,R8
         LA    R9,ADTSLOTS
COLDISK  CLI   ADTM,0
         BE    COLDNXT
         CLI   CPYIDS+16,C'*'
         BE    COLTHIS
         CLC   ADTM,CPYIDS+16
         BNE   COLDNXT
COLTHIS  L     R3,ADTFSTB
         USING FSTD,R3
         LH    R4,ADTNFST
         MH    R4,=Y(FSTPERBK)
         LTR   R4,R4
         BZ    COLDNXT
COLFST   CLI   FSTFNAME,0
         BE    COLFNXT
         CLI   CPYIDS,C'*'
         BE    *+14
         CLC   CPYIDS(8),FSTFNAME
         BNE   COLFNXT
         CLI   CPYIDS+8,C'*'
         BE    *+14
         CLC   CPYIDS+8(8),FSTFTYPE
         BNE   COLFNXT
         LTR   R7,R7
         BZ    COLCOUNT
         C     R6,CPYLMAX
         BNL   COLDONE
         MVC   0(16,R7),FSTFNAME
         MVC   16(8,R7),=CL8' '
         MVC   16(1,R7),ADTM
         LA    R7,24(,R7)
COLCOUNT LA    R6,1(,R6)
COLFNXT  LA    R3,FSTLEN(,R3)
         BCT   R4,COLFST
COLDNXT  LA    R8,ADTLEN(,R8)
         BCT   R9,COLDISK
COLDONE  BR    R14
         DROP  R3,R8
*
* SELECT: IS THE RECORD JUST READ (R4 BYTES IN CPYBUF) COPIED?  R15 =
* 0 YES, 4 NOT THIS ONE, -1 NO MORE FROM THIS INPUT.  FROM N SKIPS
* RECORDS 1 TO N-1, FRLABEL XXX THOSE BEFORE THE FIRST STARTING WITH
* XXX; TOLABEL XXX ENDS BEFORE A RECORD STARTING WITH XXX; FOR N
* ENDS AFTER N RECORDS.  (GC20-1818 COPYFILE.)  R1-R3 CHANGED.
SELECT   L     R1,CPYRECNO
         LA    R1,1(,R1)
         ST    R1,CPYRECNO
         C     R1,CPYFROM
         BL    SELSKIP
         CLI   CPYFRLB,0               FRLABEL: NOT BEFORE ITS RECORD
         BE    SELTO
         CLI   CPYLBLON,0
         BNE   SELTO
         LA    R1,CPYFRLB
         BAL   R3,LABEL
         BNE   SELSKIP
         MVI   CPYLBLON,1
         B     SELFOR                  (THE FRLABEL RECORD IS COPIED)
SELTO    CLI   CPYTOLB,0
         BE    SELFOR
         LA    R1,CPYTOLB
         BAL   R3,LABEL
         BE    SELEND
SELFOR   L     R1,CPYNCOP
         ICM   R2,15,CPYFOR
         BZ    SELYES
         CR    R1,R2
         BNL   SELEND
SELYES   LA    R1,1(,R1)
         ST    R1,CPYNCOP
         SR    R15,R15
         BR    R14
SELSKIP  LA    R15,4
         BR    R14
SELEND   L     R15,=F'-1'
         BR    R14
*
* LABEL: DOES THE RECORD START WITH THE LABEL AT R1 (CL8, BLANK
* PADDED)?  CC EQUAL IF SO.  R2 CHANGED.  RETURN BY R3.
LABEL    LA    R2,8
LABEL1   LA    R15,0(R2,R1)
         BCTR  R15,0
         CLI   0(R15),C' '
         BNE   LABEL2
         BCT   R2,LABEL1
LABEL2   CR    R2,R4                   LONGER THAN THE RECORD: NO
         BH    LABELNO
         BCTR  R2,0
         L     R15,CPYBUF
         EX    R2,LABELCLC
         BR    R3
LABELNO  LTR   R3,R3                   (NOT EQUAL)
         BR    R3
LABELCLC CLC   0(0,R15),0(R1)
*
* CASE: UPCASE OR LOWCASE THE R4 BYTES IN CPYBUF.  R1-R3 CHANGED.
CASE     LA    R3,UPTAB
         TM    CPYOPTS,OPTUPC
         BO    *+8
         LA    R3,LOWTAB
         L     R1,CPYBUF
         LR    R2,R4
CASE1    C     R2,=F'256'
         BL    CASE2
         TR    0(256,R1),0(R3)
         LA    R1,256(,R1)
         S     R2,=F'256'
         B     CASE1
CASE2    LTR   R2,R2
         BZR   R14
         BCTR  R2,0
         EX    R2,CASETR
         BR    R14
CASETR   TR    0(0,R1),0(R3)
*
* DECTOK: THE DECIMAL TOKEN AT R2 -> R1; R15 = 0, 4 IF NOT A NUMBER.
DECTOK   DECTOK
*
CPYINC   CMSMSG 'DMSCPY054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     CPYRET
CPYBADID CMSMSG 'DMSCPY062E INVALID * IN OUTPUT FILEID'
         LA    R15,24
         B     COPYRET
CPYBADO  MVC   CPYMSGI,0(R2)
         CMSMSG 'DMSCPY003E INVALID OPTION',INSERT=CPYMSGI
         LA    R15,24
         B     CPYRET
CPYBADV  MVC   CPYMSGI,0(R2)
         CMSMSG 'DMSCPY029E INVALID PARAMETER',INSERT=CPYMSGI
         LA    R15,24
         B     CPYRET
CPYNOSTG LA    R15,25
         B     CPYRET
CPYLNOST CMSMSG 'DMSCPY109S VIRTUAL STORAGE CAPACITY EXCEEDED'
         LA    R15,25
         B     CPYEND
CPYNOTF0 CMSMSG 'DMSCPY002E FILE NOT FOUND',INSERT=CPYIDS
         LA    R15,28
         B     CPYEND
CPYNOTF  CMSMSG 'DMSCPY002E FILE NOT FOUND',INSERT=CPYFID
         LA    R15,28
         B     COPYRET
CPYRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
MAXIDS   EQU   8                       FILEIDS ON THE COMMAND
BUFDW    EQU   8200                    RECORD BUFFER, DOUBLEWORDS
OPTREPL  EQU   X'80'
OPTAPP   EQU   X'40'
OPTTYPE  EQU   X'20'
OPTUPC   EQU   X'10'
OPTLOWC  EQU   X'08'
OPTTRUNC EQU   X'04'
OPTRECFM EQU   X'02'                   OPERANDS WITH A VALUE: CODES,
OPTLRECL EQU   X'01'                   NOT BITS
OPTFROM  EQU   X'03'
OPTFOR   EQU   X'05'
OPTFRLB  EQU   X'06'
OPTTOLB  EQU   X'07'
OPTTAB   DC    CL8'REPLACE',AL1(OPTREPL)
         DC    CL8'REP',AL1(OPTREPL)
         DC    CL8'APPEND',AL1(OPTAPP)
         DC    CL8'APP',AL1(OPTAPP)
         DC    CL8'TYPE',AL1(OPTTYPE)
         DC    CL8'TY',AL1(OPTTYPE)
         DC    CL8'NOTYPE',AL1(0)
         DC    CL8'NEWFILE',AL1(0)
         DC    CL8'NEW',AL1(0)
         DC    CL8'RECFM',AL1(OPTRECFM)
         DC    CL8'REC',AL1(OPTRECFM)
         DC    CL8'LRECL',AL1(OPTLRECL)
         DC    CL8'LR',AL1(OPTLRECL)
         DC    CL8'FROM',AL1(OPTFROM)
         DC    CL8'FR',AL1(OPTFROM)
         DC    CL8'FOR',AL1(OPTFOR)
         DC    CL8'FRLABEL',AL1(OPTFRLB)
         DC    CL8'FRL',AL1(OPTFRLB)
         DC    CL8'TOLABEL',AL1(OPTTOLB)
         DC    CL8'TOL',AL1(OPTTOLB)
         DC    CL8'UPCASE',AL1(OPTUPC)
         DC    CL8'UP',AL1(OPTUPC)
         DC    CL8'LOWCASE',AL1(OPTLOWC)
         DC    CL8'LOW',AL1(OPTLOWC)
         DC    CL8'TRUNC',AL1(OPTTRUNC)
         DC    CL8'TR',AL1(OPTTRUNC)
         DC    CL8'NOTRUNC',AL1(0)
         DC    X'FF'
*                                      UPCASE AND LOWCASE TABLES
UPTAB    DC    256AL1(*-UPTAB)
         ORG   UPTAB+X'81'
         DC    X'C1C2C3C4C5C6C7C8C9'
         ORG   UPTAB+X'91'
         DC    X'D1D2D3D4D5D6D7D8D9'
         ORG   UPTAB+X'A2'
         DC    X'E2E3E4E5E6E7E8E9'
         ORG   UPTAB+256
LOWTAB   DC    256AL1(*-LOWTAB)
         ORG   LOWTAB+X'C1'
         DC    X'818283848586878889'
         ORG   LOWTAB+X'D1'
         DC    X'919293949596979899'
         ORG   LOWTAB+X'E2'
         DC    X'A2A3A4A5A6A7A8A9'
         ORG   LOWTAB+256
CPYBLANK DC    C' '
         DS    0F
CPYRD    DC    CL8'RDBUF',CL8' ',CL8' ',CL2' ',H'0'
         DC    A(0),A(BUFDW*8),CL1' ',X'00',H'1',F'0'
         DS    0F
CPYWR    DC    CL8'WRBUF',CL8' ',CL8' ',CL2' ',H'0'
         DC    A(0),F'0',CL1'F',X'00',H'1',F'0'
CPYFIN   DC    CL8'FINIS',CL24' ',8X'FF'
CPYERS   DC    CL8'ERASE',CL24' ',8X'FF'
CPYREN   DC    CL8'RENAME',CL48' ',8X'FF'
CPYMSGI  DC    CL8' '
CPYLINK  DS    A
CPYLINK2 DS    A
CPYLOOP  DS    2F
CPYOUTP  DS    CL24
         DS    0F
CPYZERO  EQU   *                       CLEARED AT EACH COMMAND
CPYNIDS  DS    F
CPYNIN   DS    F
CPYNLIST DS    F                       FILES IN THE LIST OF A * COPY
CPYALIST DS    A                       THE LIST (DMSFREE), 0 NONE
CPYLDW   DS    F                       ITS SIZE, DOUBLEWORDS
CPYLMAX  DS    F                       ENTRIES IT HAS ROOM FOR
CPYBUF   DS    A
CPYOLR   DS    F                       LRECL OPTION
CPYILR   DS    F                       FIRST INPUT'S LRECL
CPYXLR   DS    F                       EXISTING OUTPUT'S LRECL
CPYWLR   DS    F                       LRECL WRITTEN
CPYOPTS  DS    X
         DS    0F
CPYFROM  DS    F                       FROM OPTION (0: 1)
CPYFOR   DS    F                       FOR OPTION (0: ALL)
CPYFRLB  DS    CL8                     FRLABEL (X'00': NONE)
CPYTOLB  DS    CL8                     TOLABEL (X'00': NONE)
CPYORF   DS    C                       RECFM OPTION
CPYIRF   DS    C
CPYXRF   DS    C
CPYWRF   DS    C
CPYOEX   DS    X                       THE OUTPUT EXISTS
CPYZLEN  EQU   *-CPYZERO
CPYRECNO DS    F                       RECORDS READ FROM THIS INPUT
CPYNCOP  DS    F                       RECORDS COPIED FROM IT
CPYLBLON DS    X                       ITS FRLABEL RECORD WAS SEEN
CPYFID   DS    CL24
CPYOUT   DS    CL24
CPYTGT   DS    CL24
CPYIDS   DS    (3*MAXIDS)CL8
         LTORG
         NUCON
         END
