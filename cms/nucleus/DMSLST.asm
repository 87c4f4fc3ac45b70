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
* CALL:     SVC 202, R1 -> CL8'LISTFILE',...,8X'FF'
* EXIT:     R15 = 0; 28 WITH DMSLST002E WHEN NOTHING MATCHES.
* NOT YET:  OPTIONS (HEADER, EXEC, DATE, LABEL).
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
         LA    R2,8(,R1)
         CLI   0(R2),X'FF'
         BE    LSTGO
         MVC   LSTFN,0(R2)
         CLI   8(R2),X'FF'
         BE    LSTGO
         MVC   LSTFT,8(R2)
         CLI   16(R2),X'FF'
         BE    LSTGO
         MVC   LSTFM,16(R2)
LSTGO    SR    R11,R11                 FILES LISTED
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
LSTTYPE  MVC   OUTLINE(20),=CL20' '
         MVC   OUTLINE(8),FSTFNAME
         MVC   OUTLINE+9(8),FSTFTYPE
         MVC   OUTLINE+18(1),ADTM
         MVC   OUTLINE+19(1),FSTFMODE+1
         LA    R5,OUTLINE
         LA    R6,20
         WRTERM (R5),(R6)
         LA    R11,1(,R11)
LSTNEXTF LA    R3,FSTLEN(,R3)
         BCT   R4,LSTFST
         DROP  R3,R10
LSTNEXTL LA    R9,1(,R9)
         B     LSTLETR
LSTEND   SR    R15,R15
         LTR   R11,R11
         BNZ   LSTRET
         CMSMSG 'DMSLST002E FILE NOT FOUND'
         LA    R15,28
LSTRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
LETTERS  DC    C'ABCDEFGHIJKLMNOPQRSTUVWXYZ',X'FF'
LSTFN    DS    CL8
LSTFT    DS    CL8
LSTFM    DS    CL1
         LTORG
         NUCON
         END
