*---------------------------------------------------------------------
* DMSSYN - SYNONYM: USER SYNONYMS AND THE SYSTEM ABBREVIATIONS
*
* FUNCTION: SYNONYM FN [SYNONYM [FM|*]] [( STD|NOSTD CLEAR ] MAKES
*           THE FILE FN SYNONYM (FM DEFAULT A, F 80) THE USER SYNONYM
*           TABLE: EACH RECORD (COLS 1-72, FREE FORM) IS 'COMMAND
*           SYNONYM [COUNT]', COUNT THE FEWEST CHARACTERS OF THE
*           SYNONYM THAT MAY BE TYPED (NONE: ALL OF IT).  STD (THE
*           DEFAULT) KEEPS THE SYSTEM ABBREVIATIONS, NOSTD DROPS
*           THEM; CLEAR DROPS THE USER TABLE.  SYNONYM ALONE LISTS
*           BOTH TABLES (AS QUERY SYNONYM ALL).  (GC20-1818 SYNONYM.)
* ENTRIES:  DMSSYN  THE COMMAND (SVC 202).
*           DMSSYNR RESOLVE: R1 -> CL8 NAME.  R15 = 0: THE NAME WAS A
*                   USER SYNONYM OR AN ABBREVIATION AND IS REPLACED
*                   BY THE COMMAND'S NAME; 4: IT IS NEITHER.  CALLED
*                   BY DMSITS WHEN A NAME IS NOT FOUND.  THE USER
*                   TABLE FIRST, THEN (UNLESS NOSTD) THE SYSTEM ONE;
*                   SET ABBREV OFF: USER SYNONYMS IN FULL ONLY.
*           DMSSYNQ LIST: R1 -> CL8 'SYSTEM'|'USER'|'ALL' (QUERY
*                   SYNONYM).  R15 = 0, 24 FOR ANOTHER OPERAND.
*           ALL KEEP R0-R14.
* LISTING:  'SYSTEM   SYSTEM' / 'COMMAND  ABBREV' THEN ONE LINE A
*           COMMAND (ITS NAME, ITS SHORTEST ABBREVIATION); 'SYSTEM
*           USER' / 'COMMAND  SYNONYM  COUNT' THEN THE USER TABLE, OR
*           'NO USER SYNONYMS'.  (LAYOUT UNVERIFIED FOR R6.)
* SYSTEM TABLE: THE SHORTEST FORMS AS THE R6 HELP FILES CAPITALISE
*           THEM WHERE CHECKED (PUNCH PU, SYNONYM SYN); THE OTHERS AS
*           LATER CMS DOCUMENTS THEM: UNVERIFIED FOR R6.
* EXIT:     R15 = 0; 24 DMSSYN003E INVALID OPTION, DMSSYN029E INVALID
*           PARAMETER (A BAD RECORD: ITS TOKEN); 28 DMSSYN002E FILE
*           NOT FOUND; 32 DMSSYN104S ERROR READING THE FILE.
*---------------------------------------------------------------------
         FST
         ADT
DMSSYN   CSECT
         ENTRY DMSSYNR,DMSSYNQ
         REGEQU
         USING NUCON,R0
         USING DMSSYN,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         MVI   SYNOPTS,0
*                                      THE OPTIONS FIRST
         LA    R2,8(,R10)
SYNFOPT  CLI   0(R2),X'FF'
         BE    SYNOPTND
         CLI   0(R2),C'('
         BE    SYNOPT
         LA    R2,8(,R2)
         B     SYNFOPT
SYNOPT   LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    SYNOPTND
         CLI   0(R2),C')'
         BE    SYNOPTND
         CLC   0(8,R2),=CL8'STD'
         BNE   *+12
         OI    SYNOPTS,OPTSTD
         B     SYNOPT
         CLC   0(8,R2),=CL8'NOSTD'
         BNE   *+12
         OI    SYNOPTS,OPTNOSTD
         B     SYNOPT
         CLC   0(8,R2),=CL8'CLEAR'
         BNE   SYNBADO
         OI    SYNOPTS,OPTCLEAR
         B     SYNOPT
SYNOPTND CLI   8(R10),X'FF'            SYNONYM ALONE: THE LISTING
         BNE   SYNCMD
         LA    R1,=CL8'ALL'
         LA    R15,DMSSYNQ
         BALR  R14,R15
         B     SYNRET
SYNCMD   TM    SYNOPTS,OPTCLEAR
         BZ    *+10
         XC    SYNUCNT,SYNUCNT         CLEAR: NO USER TABLE
         TM    SYNOPTS,OPTNOSTD
         BZ    *+8
         OI    SYNFLAGS,SYNNOSTD
         TM    SYNOPTS,OPTSTD
         BZ    *+8
         NI    SYNFLAGS,255-SYNNOSTD
         CLI   8(R10),C'('
         BE    SYNOK                   OPTIONS ONLY
*                                      THE TABLE FILE
         MVC   SYNRD+8(8),8(R10)
         MVC   SYNFID(8),8(R10)
         MVC   SYNFID+8(8),=CL8'SYNONYM'
         MVC   SYNFID+16(8),=CL8'A'
         LA    R2,16(,R10)
         CLI   0(R2),X'FF'
         BE    SYNFIND
         CLI   0(R2),C'('
         BE    SYNFIND
         MVC   SYNFID+8(8),0(R2)
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    SYNFIND
         CLI   0(R2),C'('
         BE    SYNFIND
         MVC   SYNFID+16(8),0(R2)
SYNFIND  LA    R1,SYNFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   SYNNOTF
         USING ADTD,R1
         MVC   SYNRD+8(16),SYNFID
         MVC   SYNRD+24(1),ADTM
         MVC   SYNRD+25(1),FSTFMODE+1-FSTD(R2)
         DROP  R1
*                                      EACH RECORD: CMD SYN [COUNT]
         SR    R8,R8                   ENTRIES READ
         LA    R9,SYNNEW
SYNREC   XC    SYNRD+26(2),SYNRD+26
         MVI   SYNLINE,C' '
         MVC   SYNLINE+1(L'SYNLINE-1),SYNLINE
         LA    R1,SYNRD
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'
         BE    SYNEOF
         C     R15,=F'8'               LONGER THAN 80: CUT
         BE    SYNREC1
         LTR   R15,R15
         BNZ   SYNRERR
SYNREC1  MVC   SYNLINE+72(8),=CL8' '   COLUMNS 73-80 IGNORED
         LA    R3,SYNLINE
         BAL   R14,WORD                THE COMMAND
         LTR   R15,R15
         BNZ   SYNREC                  A BLANK RECORD
         C     R8,=A(MAXSYN)
         BNL   SYNREC
         MVC   0(8,R9),SYNWORD
         BAL   R14,WORD                ITS SYNONYM
         LTR   R15,R15
         BNZ   SYNBADR
         MVC   8(8,R9),SYNWORD
         BAL   R14,WORD                THE COUNT, IF ANY
         LA    R4,0                    NONE: ALL OF THE SYNONYM
         LTR   R15,R15
         BNZ   SYNCNT
         LA    R5,SYNWORD
         SR    R4,R4
SYNDIG   CLI   0(R5),C' '
         BE    SYNDIGND
         CLI   0(R5),C'0'
         BL    SYNBADR
         CLI   0(R5),C'9'
         BH    SYNBADR
         MH    R4,=H'10'
         IC    R0,0(,R5)
         N     R0,=F'15'
         AR    R4,R0
         LA    R5,1(,R5)
         B     SYNDIG
SYNDIGND LTR   R4,R4
         BZ    SYNBADR
         C     R4,=F'8'
         BH    SYNBADR
SYNCNT   STC   R4,16(,R9)
         LA    R9,SYNELEN(,R9)
         LA    R8,1(,R8)
         B     SYNREC
SYNEOF   MVC   SYNFIN+8(24),SYNRD+8
         LA    R1,SYNFIN
         SVC   202
         DC    AL4(1)
         ST    R8,SYNUCNT              THE NEW TABLE IS THE TABLE
         LR    R1,R8
         MH    R1,=Y(SYNELEN)
         LA    R0,SYNUTAB
         LA    R14,SYNNEW
         LR    R15,R1
         MVCL  R0,R14
SYNOK    SR    R15,R15
         B     SYNRET
*
SYNBADR  MVC   SYNFIN+8(24),SYNRD+8
         LA    R1,SYNFIN
         SVC   202
         DC    AL4(1)
         CMSMSG 'DMSSYN029E INVALID PARAMETER',INSERT=SYNWORD
         LA    R15,24
         B     SYNRET
SYNBADO  MVC   SYNWORD,0(R2)
         CMSMSG 'DMSSYN003E INVALID OPTION',INSERT=SYNWORD
         LA    R15,24
         B     SYNRET
SYNNOTF  CMSMSG 'DMSSYN002E FILE NOT FOUND',INSERT=SYNFID
         LA    R15,28
         B     SYNRET
SYNRERR  CMSMSG 'DMSSYN104S ERROR READING FILE',INSERT=SYNFID
         LA    R15,32
SYNRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* WORD: THE NEXT BLANK-DELIMITED WORD AT R3 (IN SYNLINE) -> SYNWORD
* (CUT TO 8), R3 AFTER IT.  R15 = 0, OR 4 WHEN THE LINE HAS NO MORE.
WORD     LA    R0,SYNLINE+72
WORD1    CR    R3,R0
         BNL   WORDNONE
         CLI   0(R3),C' '
         BNE   WORD2
         LA    R3,1(,R3)
         B     WORD1
WORD2    MVC   SYNWORD,=CL8' '
         LA    R1,SYNWORD
         LA    R15,8
WORD3    CR    R3,R0
         BNL   WORDOK
         CLI   0(R3),C' '
         BE    WORDOK
         LTR   R15,R15
         BZ    WORD4
         MVC   0(1,R1),0(R3)
         OC    0(1,R1),=X'40'          UPPER CASE
         LA    R1,1(,R1)
         BCTR  R15,0
WORD4    LA    R3,1(,R3)
         B     WORD3
WORDOK   SR    R15,R15
         BR    R14
WORDNONE LA    R15,4
         BR    R14
*
* DMSSYNR ------------------------------------------------------------
         DROP  R12
DMSSYNR  DS    0H
         USING DMSSYNR,R15
         STM   R14,R12,SYNRSAVE
         L     R12,=A(DMSSYN)
         DROP  R15
         USING DMSSYN,R12
         LR    R10,R1                  -> THE NAME
         LA    R2,8                    R2 = ITS LENGTH
         LA    R3,7(,R10)
SYNRLEN  CLI   0(R3),C' '
         BNE   SYNRUSR
         BCTR  R3,0
         BCT   R2,SYNRLEN
         B     SYNRNO
*                                      THE USER TABLE
SYNRUSR  L     R4,SYNUCNT
         LTR   R4,R4
         BZ    SYNRSYS
         LA    R5,SYNUTAB
SYNRU1   LA    R1,8(,R5)               THE SYNONYM
         SR    R6,R6
         IC    R6,16(,R5)              ITS COUNT
         TM    SYNFLAGS,SYNNOABB
         BZ    *+6
         SR    R6,R6                   ABBREV OFF: ALL OF IT
         BAL   R14,MATCH
         LTR   R15,R15
         BNZ   SYNRU2
         MVC   0(8,R10),0(R5)          THE COMMAND
         B     SYNRYES
SYNRU2   LA    R5,SYNELEN(,R5)
         BCT   R4,SYNRU1
*                                      THE SYSTEM ABBREVIATIONS
SYNRSYS  TM    SYNFLAGS,SYNNOSTD+SYNNOABB
         BNZ   SYNRNO
         LA    R5,SYSTAB
SYNRS1   CLI   0(R5),X'FF'
         BE    SYNRNO
         LR    R1,R5
         SR    R6,R6
         IC    R6,8(,R5)
         BAL   R14,MATCH
         LTR   R15,R15
         BNZ   SYNRS2
         CLC   0(8,R10),0(R5)          THE FULL NAME IS NO CHANGE
         BE    SYNRNO
         MVC   0(8,R10),0(R5)
         B     SYNRYES
SYNRS2   LA    R5,SYSLEN(,R5)
         B     SYNRS1
SYNRYES  SR    R15,R15
         B     SYNRRET
SYNRNO   LA    R15,4
SYNRRET  L     R14,SYNRSAVE
         LM    R0,R12,SYNRSAVE+8
         BR    R14
*
* MATCH: IS THE NAME AT R10 (R2 CHARACTERS) THE WORD AT R1 OR ONE OF
* ITS ABBREVIATIONS OF AT LEAST R6 CHARACTERS (R6 = 0: THE WHOLE
* WORD)?  R15 = 0 YES, 4 NO.  R7, R15 CHANGED.
MATCH    LA    R15,8                   THE WORD'S LENGTH
         LA    R7,7(,R1)
MATCH0   CLI   0(R7),C' '
         BNE   MATCH1
         BCTR  R7,0
         BCT   R15,MATCH0
MATCH1   LTR   R6,R6
         BNZ   *+6
         LR    R6,R15
         CR    R2,R15                  LONGER THAN THE WORD?
         BH    MATCHNO
         CR    R2,R6                   SHORTER THAN ALLOWED?
         BL    MATCHNO
         LR    R7,R2
         BCTR  R7,0
         EX    R7,MATCHCLC
         BNE   MATCHNO
         SR    R15,R15
         BR    R14
MATCHNO  LA    R15,4
         BR    R14
MATCHCLC CLC   0(0,R10),0(R1)
*
* DMSSYNQ ------------------------------------------------------------
         DROP  R12
DMSSYNQ  DS    0H
         USING DMSSYNQ,R15
         STM   R14,R12,SYNQSAVE
         L     R12,=A(DMSSYN)
         DROP  R15
         USING DMSSYN,R12
         MVI   SYNQWHAT,0
         CLC   0(8,R1),=CL8'ALL'
         BNE   *+8
         MVI   SYNQWHAT,3
         CLC   0(8,R1),=CL8'SYSTEM'
         BNE   *+8
         MVI   SYNQWHAT,1
         CLC   0(8,R1),=CL8'USER'
         BNE   *+8
         MVI   SYNQWHAT,2
         CLI   SYNQWHAT,0
         BE    SYNQBAD
         TM    SYNQWHAT,1
         BZ    SYNQUSER
         WRTERM 'SYSTEM   SYSTEM'
         WRTERM 'COMMAND  ABBREV'
         LA    R5,SYSTAB
SYNQS1   CLI   0(R5),X'FF'
         BE    SYNQUSER
         MVI   OUTLINE,C' '
         MVC   OUTLINE+1(17),OUTLINE
         MVC   OUTLINE(8),0(R5)
         SR    R6,R6
         IC    R6,8(,R5)
         BCTR  R6,0
         EX    R6,SYNQMVC              ITS SHORTEST FORM
         LA    R2,OUTLINE
         LA    R3,17
         WRTERM (R2),(R3)
         LA    R5,SYSLEN(,R5)
         B     SYNQS1
SYNQUSER TM    SYNQWHAT,2
         BZ    SYNQOK
         L     R4,SYNUCNT
         LTR   R4,R4
         BNZ   SYNQU0
         WRTERM 'NO USER SYNONYMS'
         B     SYNQOK
SYNQU0   WRTERM 'SYSTEM   USER'
         WRTERM 'COMMAND  SYNONYM  COUNT'
         LA    R5,SYNUTAB
SYNQU1   MVI   OUTLINE,C' '
         MVC   OUTLINE+1(23),OUTLINE
         MVC   OUTLINE(8),0(R5)
         MVC   OUTLINE+9(8),8(R5)
         SR    R6,R6
         IC    R6,16(,R5)
         LTR   R6,R6
         BZ    SYNQU2
         STC   R6,OUTLINE+18
         OI    OUTLINE+18,X'F0'
SYNQU2   LA    R2,OUTLINE
         LA    R3,19
         WRTERM (R2),(R3)
         LA    R5,SYNELEN(,R5)
         BCT   R4,SYNQU1
SYNQOK   SR    R15,R15
         B     SYNQRET
SYNQBAD  LA    R15,24
SYNQRET  L     R14,SYNQSAVE
         LM    R0,R12,SYNQSAVE+8
         BR    R14
SYNQMVC  MVC   OUTLINE+9(0),0(R5)
         DROP  R12
*
* SYSTAB: THE SYSTEM ABBREVIATIONS, CL8 COMMAND + AL1 FEWEST
* CHARACTERS, ENDED BY X'FF'.
         MACRO
&L       SYSAB &NAME,&MIN
&L       DC    CL8'&NAME',AL1(&MIN)
         MEND
SYSTAB   DS    0F
         SYSAB ACCESS,2
         SYSAB ASSEMBLE,3
         SYSAB COMPARE,4
         SYSAB COPYFILE,4
         SYSAB DESBUF,6
         SYSAB EDIT,1
         SYSAB ERASE,2
         SYSAB EXEC,2
         SYSAB FILEDEF,2
         SYSAB FORMAT,4
         SYSAB GENMOD,3
         SYSAB GLOBAL,4
         SYSAB INCLUDE,1
         SYSAB LISTFILE,1
         SYSAB LOADMOD,5
         SYSAB PRINT,2
         SYSAB PUNCH,2
         SYSAB QUERY,1
         SYSAB READCARD,4
         SYSAB RELEASE,3
         SYSAB RENAME,3
         SYSAB SORT,4
         SYSAB SYNONYM,3
         SYSAB TYPE,1
         DC    X'FF'
SYSLEN   EQU   9
*
OPTSTD   EQU   X'80'
OPTNOSTD EQU   X'40'
OPTCLEAR EQU   X'20'
MAXSYN   EQU   48                      USER SYNONYMS KEPT
SYNELEN  EQU   17                      CL8 CMD, CL8 SYNONYM, AL1 COUNT
         DS    0F
SYNRD    DC    CL8'RDBUF',CL8' ',CL8' ',CL2' ',H'0'
         DC    A(SYNLINE),A(L'SYNLINE),CL1'F',X'00',H'1',F'0'
SYNFIN   DC    CL8'FINIS',CL24' ',8X'FF'
SYNRSAVE DS    15F
SYNQSAVE DS    15F
SYNUCNT  DC    F'0'                    USER SYNONYMS IN SYNUTAB
SYNOPTS  DS    X
SYNQWHAT DS    X
SYNWORD  DS    CL8
SYNFID   DS    CL24
SYNLINE  DS    CL80
         LTORG
SYNUTAB  DS    (MAXSYN*SYNELEN)X       THE USER TABLE IN FORCE
SYNNEW   DS    (MAXSYN*SYNELEN)X       THE ONE BEING READ
         NUCON
         END
