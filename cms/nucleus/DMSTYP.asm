*---------------------------------------------------------------------
* DMSTYP - THE TYPE COMMAND: DISPLAY A FILE ON THE CONSOLE
*
* FUNCTION: TYPE FN FT [FM] - FINDS THE FILE ON THE ACCESSED DISKS
*           (DMSLFS: MODE LETTER ORDER OR THE LETTER GIVEN), READS
*           ITS FIRST CHAIN LINK AND TYPES EVERY RECORD, CUT AT 130
*           CHARACTERS.
*           THE DATA IS A BYTE STREAM ACROSS THE DATA BLOCKS (SPEC
*           CMS.MD 1.5): AN F RECORD K STARTS AT (K-1)*LRECL, A V
*           RECORD IS A HALFWORD LENGTH AND THE DATA.
* CALL:     SVC 202, R1 -> CL8'TYPE',CL8'FN',CL8'FT'[,CL8'FM'],8X'FF'
* EXIT:     R15 = 0; 24 WITH DMSTYP054E (FILEID INCOMPLETE);
*           28 WITH DMSTYP002E (NO SUCH FILE); 100 A READ FAILED.
* NOT YET:  RECORD RANGES, (HEX / (COL, FILES LONGER THAN 60 BLOCKS
*           (NTH CHAIN LINKS).
*---------------------------------------------------------------------
         ADT
         FST
DMSTYP   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSTYP,R12
         STM   R14,R12,12(R13)
         LR    R2,R1
         CLI   8(R2),X'FF'
         BE    TYPINCMP
         CLI   16(R2),X'FF'
         BE    TYPINCMP
         MVC   TYPFN,8(R2)
         MVC   TYPFT,16(R2)
         MVC   TYPFM,=CL8'*'
         CLI   24(R2),X'FF'
         BE    TYPFIND
         MVC   TYPFM,24(R2)
TYPFIND  LA    R1,TYPFN                FIND THE FILE
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   TYPNOTF
         LR    R10,R1
         LR    R3,R2
         USING ADTD,R10
         USING FSTD,R3
*                                      R10 -> ADT, R3 -> FST
TYPFOUND ST    R10,TYPADTP
         MVC   TYPRECFM,FSTRECFM
         MVC   TYPLRECL,FSTLRECL
         LH    R11,FSTRECCT
         N     R11,=F'65535'           RECORDS TO TYPE
         LH    R0,FSTFCLPT
         N     R0,=F'65535'
         LR    R1,R10
         LA    R2,TYPCHAIN
         L     R15,ADMSDIO
         BALR  R14,R15                 FIRST CHAIN LINK
         LTR   R15,R15
         BNZ   TYPIOERR
         DROP  R3,R10
         MVC   TYPCURB,=F'-1'          NO DATA BLOCK IN THE BUFFER
         SR    R7,R7                   BYTE OFFSET IN THE FILE
TYPREC   LTR   R11,R11
         BZ    TYPDONE
         CLI   TYPRECFM,C'V'
         BE    TYPVREC
         L     R6,TYPLRECL             F: LENGTH = LRECL
         B     TYPDATA
TYPVREC  LA    R4,2                    V: THE LENGTH HALFWORD
         LA    R5,TYPHALF
         BAL   R10,GETBYTES
         LTR   R15,R15
         BNZ   TYPIOERR
         LA    R7,2(,R7)
         LH    R6,TYPHALF
         N     R6,=F'65535'
TYPDATA  LR    R4,R6                   COPY AT MOST 130 BYTES
         C     R4,=A(MAXLINE)
         BNH   *+8
         LA    R4,MAXLINE
         LA    R5,TYPLINE
         BAL   R10,GETBYTES
         LTR   R15,R15
         BNZ   TYPIOERR
         AR    R7,R6                   NEXT RECORD
         LA    R5,TYPLINE
         WRTERM (R5),(R4)
         BCT   R11,TYPREC
TYPDONE  SR    R15,R15
         B     TYPRET
*
TYPINCMP CMSMSG 'DMSTYP054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     TYPRET
TYPNOTF  CMSMSG 'DMSTYP002E FILE NOT FOUND',INSERT=TYPFN
         LA    R15,28
         B     TYPRET
TYPIOERR CMSMSG 'DMSTYP104S ERROR READING FILE',INSERT=TYPFN
         LA    R15,100
TYPRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* GETBYTES: COPY R4 BYTES (1-256; 0 IS NOTHING) FROM FILE OFFSET R7
* TO R5, READING DATA BLOCKS AS NEEDED.  R15 = 0 OR THE READ'S CODE.
* R10 = RETURN.  USES R0-R3 AND R8, R9; R4, R5, R7 UNCHANGED.
GETBYTES STM   R4,R7,GETSAVE
         SR    R15,R15
GETLOOP  LTR   R4,R4
         BNP   GETRET
         LR    R9,R7
         SR    R8,R8
         D     R8,=A(BLKSIZE)          R9 = BLOCK INDEX; R8 = OFFSET
         C     R9,TYPCURB
         BE    GETHAVE
         C     R9,=A(FIRSTDBS)
         BNL   GETTOOBG                NEEDS AN NTH CHAIN LINK
         LR    R3,R9
         AR    R3,R3
         LH    R0,TYPCHAIN+FIRSTDAT(R3)
         N     R0,=F'65535'
         L     R1,TYPADTP
         LA    R2,TYPBLOCK
         L     R15,ADMSDIO
         BALR  R14,R15
         LTR   R15,R15
         BNZ   GETRET
         ST    R9,TYPCURB
GETHAVE  LA    R3,BLKSIZE
         SR    R3,R8                   BYTES LEFT IN THIS BLOCK
         CR    R3,R4
         BNH   *+6
         LR    R3,R4
         LA    R1,TYPBLOCK(R8)
         BCTR  R3,0
         EX    R3,GETMOVE
         LA    R3,1(,R3)
         AR    R5,R3
         AR    R7,R3
         SR    R4,R3
         B     GETLOOP
GETTOOBG LA    R15,99
GETRET   LM    R4,R7,GETSAVE
         BR    R10
GETMOVE  MVC   0(0,R5),0(R1)
*
MAXLINE  EQU   130
BLKSIZE  EQU   800
FIRSTDAT EQU   80                      DATA BLOCK NUMBERS IN LINK 1
FIRSTDBS EQU   60                      HOW MANY
TYPFN    DS    CL8                     FN FT FM FOR DMSLFS
TYPFT    DS    CL8
TYPFM    DS    CL8
TYPRECFM DS    CL1
TYPHALF  DS    H
TYPLRECL DS    F
TYPADTP  DS    A
TYPCURB  DS    F
GETSAVE  DS    4F
TYPLINE  DS    CL132
         LTORG
         DS    0D
TYPCHAIN DS    100D                    FIRST CHAIN LINK
TYPBLOCK DS    100D                    CURRENT DATA BLOCK
         NUCON
         END
