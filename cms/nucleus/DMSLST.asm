*---------------------------------------------------------------------
* DMSLST - THE LISTFILE COMMAND
*
* FUNCTION: LISTFILE [FN [FT [FM]]] - TYPES ONE LINE
*              FILENAME FILETYPE FM
*           FOR EVERY FILE OF THE ACCESSED DISKS THAT MATCHES, IN
*           MODE LETTER ORDER A-Z, EACH DISK'S FILES IN DIRECTORY
*           ORDER.  AN OMITTED OR * OPERAND MATCHES ANYTHING; FM IS
*           THE MODE LETTER.  THE MODE NUMBER SHOWN IS THE FILE'S OWN
*           (FSTFMODE+1), THE LETTER THE ACCESSED ONE.
* OPTIONS:  (HEADER   A HEADING LINE FIRST
*           (DATE     ALSO RECFM LRECL RECORDS BLOCKS DATE TIME:
*                     FN FT FM R LRECL RECS BLOCKS MM/DD/YY HH:MM
*           (ALLOC / (BLOCKS  THE SAME (THE BLOCK COUNT IS IN IT)
*           (LABEL    (DATE) AND THE DISK'S LABEL
*           (EXEC     WRITE CMS EXEC A1 INSTEAD, ONE F 80 RECORD A
*                     FILE: '&1 &2 FN FT FM' (ERASED FIRST)
*           (NOTYPE   DO NOT TYPE (WITH EXEC)
*           COLUMN LAYOUT OF THE LONG FORMS UNVERIFIED FOR R6.
* CALL:     SVC 202, R1 -> CL8'LISTFILE',...,8X'FF'
* EXIT:     R15 = 0; 28 WITH DMSLST002E WHEN NOTHING MATCHES; 24
*           WITH DMSLST003E FOR AN UNKNOWN OPTION.
*---------------------------------------------------------------------
         ADT
         FST
DMSLST   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSLST,R12
         STM   R14,R12,12(R13)
         MVC   LSTFN,=CL8'*'           PATTERN FROM THE PLIST
         MVC   LSTFT,=CL8'*'
         MVI   LSTFM,C'*'
         MVI   LSTOPT,0
         LA    R2,8(,R1)
         CLI   0(R2),X'FF'
         BE    LSTGO
         CLI   0(R2),C'('
         BE    LSTOPTS
         MVC   LSTFN,0(R2)
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    LSTGO
         CLI   0(R2),C'('
         BE    LSTOPTS
         MVC   LSTFT,0(R2)
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    LSTGO
         CLI   0(R2),C'('
         BE    LSTOPTS
         MVC   LSTFM,0(R2)
         LA    R2,8(,R2)
         CLI   0(R2),C'('
         BNE   LSTGO
LSTOPTS  LA    R2,8(,R2)               EACH OPTION
         CLI   0(R2),X'FF'
         BE    LSTGO
         CLI   0(R2),C')'
         BE    LSTGO
         LA    R3,OPTTAB
LSTOPT1  CLI   0(R3),X'FF'
         BE    LSTBADO
         CLC   0(8,R2),0(R3)
         BE    LSTOPT2
         LA    R3,9(,R3)
         B     LSTOPT1
LSTOPT2  OC    LSTOPT,8(R3)
         B     LSTOPTS
LSTBADO  MVC   LSTWORK,0(R2)
         CMSMSG 'DMSLST003E INVALID OPTION',INSERT=LSTWORK
         LA    R15,24
         B     LSTRET
LSTGO    TM    LSTOPT,OPTEXEC          EXEC: A NEW CMS EXEC A1
         BZ    LSTHEAD
         LA    R1,ERSPL
         SVC   202
         DC    AL4(1)
         MVC   EXECFSCB+26(2),=H'1'
LSTHEAD  TM    LSTOPT,OPTHEAD
         BZ    LSTGO2
         TM    LSTOPT,OPTNOTY
         BO    LSTGO2
         LA    R5,HDRSHORT
         LA    R6,L'HDRSHORT
         TM    LSTOPT,OPTDATE+OPTLABEL
         BZ    LSTHTYPE
         LA    R5,HDRLONG
         LA    R6,HDRLONGL
         TM    LSTOPT,OPTLABEL
         BZ    LSTHTYPE
         LA    R6,HDRLABL
LSTHTYPE WRTERM (R5),(R6)
LSTGO2   SR    R11,R11                 FILES LISTED
         LA    R9,LETTERS              FOR EACH MODE LETTER
LSTLETR  CLI   0(R9),X'FF'
         BE    LSTEND
         CLI   LSTFM,C'*'
         BE    LSTFIND
         CLC   LSTFM,0(R9)
         BNE   LSTNEXTL
LSTFIND  L     R10,AADTTAB             THE DISK ON THAT LETTER
         USING ADTD,R10
         LA    R8,ADTSLOTS
LSTADT   CLC   ADTM,0(R9)
         BE    LSTDISK
         LA    R10,ADTLEN(,R10)
         BCT   R8,LSTADT
         B     LSTNEXTL
LSTDISK  L     R3,ADTFSTB
         LH    R4,ADTNFST
         MH    R4,=Y(FSTPERBK)         ENTRIES TO LOOK AT
         LTR   R4,R4
         BZ    LSTNEXTL
         USING FSTD,R3
LSTFST   CLI   FSTFNAME,X'00'
         BE    LSTNEXTF                FREE SLOT
         CLI   LSTFN,C'*'
         BE    LSTFTCHK
         CLC   LSTFN,FSTFNAME
         BNE   LSTNEXTF
LSTFTCHK CLI   LSTFT,C'*'
         BE    LSTTYPE
         CLC   LSTFT,FSTFTYPE
         BNE   LSTNEXTF
LSTTYPE  MVC   OUTLINE(80),=CL80' '
         MVC   OUTLINE(8),FSTFNAME
         MVC   OUTLINE+9(8),FSTFTYPE
         MVC   OUTLINE+18(1),ADTM
         MVC   OUTLINE+19(1),FSTFMODE+1
         LA    R6,20
         TM    LSTOPT,OPTDATE+OPTLABEL
         BZ    LSTOUT
         MVC   OUTLINE+21(1),FSTRECFM
         L     R0,FSTLRECL
         LA    R1,OUTLINE+23
         LA    R5,5
         BAL   R14,EDNUM
         LH    R0,FSTRECCT
         N     R0,=F'65535'
         LA    R1,OUTLINE+29
         LA    R5,6
         BAL   R14,EDNUM
         LH    R0,FSTBLKCT
         N     R0,=F'65535'
         LA    R1,OUTLINE+36
         BAL   R14,EDNUM
         LA    R1,OUTLINE+43           MM/DD/YY HH:MM
         IC    R0,FSTDATEW
         BAL   R14,PK2
         MVI   OUTLINE+45,C'/'
         LA    R1,OUTLINE+46
         IC    R0,FSTDATEW+1
         BAL   R14,PK2
         MVI   OUTLINE+48,C'/'
         MVC   OUTLINE+49(2),FSTYEARW
         LA    R1,OUTLINE+52
         IC    R0,FSTTIMEW
         BAL   R14,PK2
         MVI   OUTLINE+54,C':'
         LA    R1,OUTLINE+55
         IC    R0,FSTTIMEW+1
         BAL   R14,PK2
         LA    R6,57
         TM    LSTOPT,OPTLABEL
         BZ    LSTOUT
         MVC   OUTLINE+58(6),ADTID
         LA    R6,64
LSTOUT   TM    LSTOPT,OPTNOTY
         BO    LSTEXEC
         LA    R5,OUTLINE
         WRTERM (R5),(R6)
LSTEXEC  TM    LSTOPT,OPTEXEC
         BZ    LSTCOUNT
         MVC   EXECREC,=CL80'&&1 &&2'
         MVC   EXECREC+6(20),OUTLINE
         LA    R1,EXECFSCB
         SVC   202
         DC    AL4(1)
         MVC   EXECFSCB+26(2),=H'0'
LSTCOUNT LA    R11,1(,R11)
LSTNEXTF LA    R3,FSTLEN(,R3)
         BCT   R4,LSTFST
         DROP  R3,R10
LSTNEXTL LA    R9,1(,R9)
         B     LSTLETR
LSTEND   TM    LSTOPT,OPTEXEC
         BZ    LSTEND2
         LA    R1,FINPL
         SVC   202
         DC    AL4(1)
LSTEND2  SR    R15,R15
         LTR   R11,R11
         BNZ   LSTRET
         CMSMSG 'DMSLST002E FILE NOT FOUND'
         LA    R15,28
LSTRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
*
* EDNUM: R0 IN DECIMAL, RIGHT-ALIGNED IN THE R5 BYTES AT R1 (R5 <= 8).
EDNUM    CVD   R0,DWORK
         MVC   LSTED,=X'4020202020202120'
         ED    LSTED,DWORK+4
         LA    R15,LSTED+8
         SR    R15,R5
         BCTR  R5,0
         EX    R5,EDMOVE
         LA    R5,1(,R5)
         BR    R14
EDMOVE   MVC   0(0,R1),0(R15)
* PK2: THE TWO PACKED DIGITS IN R0'S LOW BYTE AS CHARACTERS AT R1.
PK2      ST    R1,LSTPKA
         N     R0,=F'255'
         SRDL  R0,4
         SRL   R1,28
         A     R0,=F'240'
         A     R1,=F'240'
         ST    R14,LSTPK
         L     R14,LSTPKA
         STC   R0,0(,R14)
         STC   R1,1(,R14)
         L     R14,LSTPK
         BR    R14
*
OPTTAB   DC    CL8'HEADER',AL1(OPTHEAD)
         DC    CL8'HEA',AL1(OPTHEAD)
         DC    CL8'DATE',AL1(OPTDATE)
         DC    CL8'D',AL1(OPTDATE)
         DC    CL8'ALLOC',AL1(OPTDATE)
         DC    CL8'BLOCKS',AL1(OPTDATE)
         DC    CL8'LABEL',AL1(OPTLABEL)
         DC    CL8'L',AL1(OPTLABEL)
         DC    CL8'EXEC',AL1(OPTEXEC)
         DC    CL8'E',AL1(OPTEXEC)
         DC    CL8'NOTYPE',AL1(OPTNOTY)
         DC    X'FF'
OPTHEAD  EQU   X'80'
OPTDATE  EQU   X'40'
OPTLABEL EQU   X'20'
OPTEXEC  EQU   X'10'
OPTNOTY  EQU   X'08'
HDRSHORT DC    C'FILENAME FILETYPE FM'
HDRLONG  DC    C'FILENAME FILETYPE FM R LRECL   RECS BLOCKS '
         DC    C'DATE     TIME'
HDRLONGL EQU   *-HDRLONG
         DC    C'  LABEL'
HDRLABL  EQU   *-HDRLONG
ERSPL    DC    CL8'ERASE',CL8'CMS',CL8'EXEC',CL8'A1',8X'FF'
FINPL    DC    CL8'FINIS',CL8'CMS',CL8'EXEC',CL8'A1',8X'FF'
         DS    0F
EXECFSCB DC    CL8'WRBUF',CL8'CMS',CL8'EXEC',CL2'A1',H'0'
         DC    A(EXECREC),F'80',CL1'F',X'00',H'1',F'0'
EXECREC  DS    CL80
LSTED    DS    CL8
LSTPK    DS    F
LSTPKA   DS    F
LSTWORK  DC    CL8' '
LSTOPT   DS    X
LETTERS  DC    C'ABCDEFGHIJKLMNOPQRSTUVWXYZ',X'FF'
LSTFN    DS    CL8
LSTFT    DS    CL8
LSTFM    DS    CL1
         LTORG
         NUCON
         END
