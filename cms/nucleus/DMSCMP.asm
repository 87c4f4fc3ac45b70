*---------------------------------------------------------------------
* DMSCMP - COMPARE: COMPARE TWO FILES RECORD BY RECORD
*
* FUNCTION: COMPARE FN1 FT1 FM1 FN2 FT2 FM2 [(COL M [N]]
*           AN = IN THE SECOND FILEID MEANS THE SAME AS IN THE FIRST.
*           READS BOTH FILES (RDBUF) AND TYPES EVERY PAIR OF RECORDS
*           THAT DIFFER IN COLUMNS M-N (DEFAULT ALL), THE FIRST FILE'S
*           RECORD FIRST.  A RECORD ONE FILE HAS AND THE OTHER NOT IS
*           TYPED ALONE.  RECORDS ARE TYPED CUT AT 130 CHARACTERS.
* EXIT:     R15 = 0 THE FILES COMPARE; 4 THEY DO NOT (DMSCMP209W);
*           24 BAD FILEID OR OPTION (DMSCMP054E, DMSCMP003E);
*           28 A FILE NOT FOUND (DMSCMP002E); 100 READ ERROR.
*           (MESSAGE NUMBERS AND TEXTS AFTER GC20-1818; UNVERIFIED.)
*---------------------------------------------------------------------
         FSCBD
DMSCMP   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSCMP,R12
         STM   R14,R12,12(R13)
         LR    R2,R1
         LA    R3,8(,R2)               SIX FILEID TOKENS
         LA    R4,6
CMPCNT   CLI   0(R3),X'FF'
         BE    CMPINCMP
         CLI   0(R3),C'('
         BE    CMPINCMP
         LA    R3,8(,R3)
         BCT   R4,CMPCNT
         MVC   CMPID1,8(R2)            FN FT FM
         MVC   CMPID2,32(R2)
         LA    R5,CMPID2               = : AS IN THE FIRST FILEID
         LA    R6,CMPID1
         LA    R4,3
CMPEQ    CLC   0(8,R5),=CL8'='
         BNE   *+10
         MVC   0(8,R5),0(R6)
         LA    R5,8(,R5)
         LA    R6,8(,R6)
         BCT   R4,CMPEQ
         MVC   CMPCOL1,=F'1'           OPTIONS
         MVC   CMPCOL2,=A(MAXREC)
         LA    R3,56(,R2)
         CLI   0(R3),X'FF'
         BE    CMPSTATE
         CLI   0(R3),C'('
         BNE   CMPBADOP
         CLC   8(8,R3),=CL8'COL'
         BNE   CMPBADOP
         LA    R3,16(,R3)
         BAL   R10,TOKNUM
         LTR   R15,R15
         BNZ   CMPBADOP
         ST    R1,CMPCOL1
         LA    R3,8(,R3)
         CLI   0(R3),X'FF'
         BE    CMPSTATE
         CLI   0(R3),C')'
         BE    CMPSTATE
         BAL   R10,TOKNUM
         LTR   R15,R15
         BNZ   CMPBADOP
         ST    R1,CMPCOL2
CMPSTATE CLC   CMPCOL1,CMPCOL2
         BH    CMPBADOP
         LA    R7,CMPID1               BOTH FILES MUST EXIST
         BAL   R10,STATE
         LTR   R15,R15
         BNZ   CMPNOTF
         LA    R7,CMPID2
         BAL   R10,STATE
         LTR   R15,R15
         BNZ   CMPNOTF
         MVI   CMPDIFF,0
         DMSFREE DWORDS=2*MAXREC/8     THE TWO RECORD BUFFERS
         LTR   R15,R15
         BNZ   CMPNOST
         ST    R1,ABUF1
         A     R1,=A(MAXREC)
         ST    R1,ABUF2
*                                      RECORD BY RECORD
CMPREC   LA    R7,CMPID1
         L     R8,ABUF1
         BAL   R10,READ
         ST    R15,CMPRC1
         ST    R0,CMPLEN1
         LA    R7,CMPID2
         L     R8,ABUF2
         BAL   R10,READ
         ST    R15,CMPRC2
         ST    R0,CMPLEN2
         L     R1,CMPRC1
         L     R2,CMPRC2
         C     R1,=F'12'
         BNE   CMPHAVE1
         C     R2,=F'12'
         BE    CMPEND                  BOTH AT THE END
         MVI   CMPDIFF,1               ONLY THE SECOND HAS ONE
         BAL   R10,TYPE2
         B     CMPREC
CMPHAVE1 C     R2,=F'12'
         BNE   CMPBOTH
         MVI   CMPDIFF,1               ONLY THE FIRST HAS ONE
         BAL   R10,TYPE1
         B     CMPREC
CMPBOTH  LTR   R1,R1                   8 (TRUNCATED) IS A RECORD TOO
         BZ    *+12
         C     R1,=F'8'
         BNE   CMPIOERR
         LTR   R2,R2
         BZ    *+12
         C     R2,=F'8'
         BNE   CMPIOERR
*                                      COLUMNS COL1-COL2 OF EACH
         L     R4,CMPLEN1
         BAL   R10,SLICE
         LR    R5,R4                   R5 = LENGTH 1
         L     R4,CMPLEN2
         BAL   R10,SLICE               R4 = LENGTH 2
         CR    R4,R5
         BNE   CMPNE
         LTR   R4,R4
         BZ    CMPREC
         L     R6,CMPCOL1
         BCTR  R6,0
         L     R2,ABUF1
         AR    R2,R6
         L     R3,ABUF2
         AR    R3,R6
CMPCLC   LA    R1,256                  CLC AT MOST 256 AT A TIME
         CR    R4,R1
         BH    *+6
         LR    R1,R4
         BCTR  R1,0
         EX    R1,CMPCLC1
         BNE   CMPNE
         LA    R1,1(,R1)
         AR    R2,R1
         AR    R3,R1
         SR    R4,R1
         BP    CMPCLC
         B     CMPREC
CMPNE    MVI   CMPDIFF,1
         BAL   R10,TYPE1
         BAL   R10,TYPE2
         B     CMPREC
CMPCLC1  CLC   0(0,R2),0(R3)
*
CMPEND   BAL   R10,CLOSE
         SR    R15,R15
         CLI   CMPDIFF,1
         BNE   CMPRET
         CMSMSG 'DMSCMP209W FILES DO NOT COMPARE'
         LA    R15,4
         B     CMPRET
CMPINCMP CMSMSG 'DMSCMP054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     CMPRET
CMPBADOP CMSMSG 'DMSCMP003E INVALID OPTION'
         LA    R15,24
         B     CMPRET
CMPNOTF  MVC   OUTLINE(16),=C'DMSCMP002E FILE '
         LA    R4,OUTLINE+16           FN FT FM WITHOUT THEIR PADDING
         LR    R5,R7
         LA    R6,18
CMPSQZ   CLI   0(R5),C' '
         BE    CMPSQZN
         MVC   0(1,R4),0(R5)
         LA    R4,1(,R4)
CMPSQZN  LA    R5,1(,R5)
         C     R6,=F'11'               AFTER FN AND AFTER FT: A BLANK
         BE    CMPSQZB
         C     R6,=F'3'
         BNE   CMPSQZC
CMPSQZB  MVI   0(R4),C' '
         LA    R4,1(,R4)
CMPSQZC  BCT   R6,CMPSQZ
         MVC   0(10,R4),=C' NOT FOUND'
         LA    R3,10(,R4)
         LA    R2,OUTLINE
         SR    R3,R2
         L     R15,ADMSERR
         BALR  R14,R15
         LA    R15,28
         B     CMPRET
CMPNOST  CMSMSG 'DMSCMP109S VIRTUAL STORAGE CAPACITY EXCEEDED'
         LA    R15,104
         B     CMPRET
CMPIOERR BAL   R10,CLOSE
         CMSMSG 'DMSCMP104S ERROR READING FILE'
         LA    R15,100
CMPRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* SLICE: R4 = RECORD LENGTH -> BYTES OF IT IN COLUMNS COL1-COL2
SLICE    C     R4,CMPCOL2
         BNH   *+8
         L     R4,CMPCOL2
         S     R4,CMPCOL1
         LA    R4,1(,R4)
         LTR   R4,R4
         BNMR  R10
         SR    R4,R4
         BR    R10
*
* TYPE1 / TYPE2: TYPE THE RECORD JUST READ FROM FILE 1 / FILE 2
TYPE1    L     R2,ABUF1
         L     R3,CMPLEN1
         B     TYPEREC
TYPE2    L     R2,ABUF2
         L     R3,CMPLEN2
TYPEREC  C     R3,=F'130'
         BNH   *+8
         LA    R3,130
         WRTERM (R2),(R3)
         BR    R10
*
* STATE: DOES FILE R7 (FN FT FM TOKENS) EXIST?  R15 = 0 OR 28.
STATE    XC    CMPFSCB,CMPFSCB
         MVC   CMPFSCB(8),=CL8'STATE'
         MVC   CMPFSCB+FSCBFN-FSCBD(16),0(R7)
         MVC   CMPFSCB+FSCBFM-FSCBD(2),16(R7)
         LA    R1,CMPFSCB
         SVC   202
         DC    AL4(1)
         BR    R10
*
* READ: THE NEXT RECORD OF FILE R7 INTO R8 (MAXREC BYTES).
* R15 = RDBUF'S CODE, R0 = ITS LENGTH.
READ     XC    CMPFSCB,CMPFSCB
         MVC   CMPFSCB(8),=CL8'RDBUF'
         MVC   CMPFSCB+FSCBFN-FSCBD(16),0(R7)
         MVC   CMPFSCB+FSCBFM-FSCBD(2),16(R7)
         ST    R8,CMPFSCB+FSCBBUFF-FSCBD
         MVC   CMPFSCB+FSCBSIZE-FSCBD(4),=A(MAXREC)
         MVC   CMPFSCB+FSCBNOIT-FSCBD(2),=H'1'
         LA    R1,CMPFSCB
         SVC   202
         DC    AL4(1)
         BR    R10
*
* CLOSE: FINIS BOTH FILES
CLOSE    LA    R7,CMPID1
         BAL   R9,FINIS
         LA    R7,CMPID2
         BAL   R9,FINIS
         L     R1,ABUF1
         DMSFRET DWORDS=2*MAXREC/8,LOC=(1)
         BR    R10
FINIS    XC    CMPFSCB,CMPFSCB
         MVC   CMPFSCB(8),=CL8'FINIS'
         MVC   CMPFSCB+FSCBFN-FSCBD(16),0(R7)
         MVC   CMPFSCB+FSCBFM-FSCBD(2),16(R7)
         LA    R1,CMPFSCB
         SVC   202
         DC    AL4(1)
         BR    R9
*
* TOKNUM: THE PLIST TOKEN AT R3 AS A POSITIVE NUMBER (1-8 DIGITS):
* R1 = IT, R15 = 0; OR R15 = 4.
TOKNUM   LA    R15,4
         SR    R1,R1
         LR    R4,R3
         LA    R5,8
TOKNUM1  CLI   0(R4),C' '
         BE    TOKNUM2
         CLI   0(R4),C'0'
         BLR   R10
         CLI   0(R4),C'9'
         BHR   R10
         MH    R1,=H'10'
         IC    R6,0(,R4)
         N     R6,=F'15'
         AR    R1,R6
         LA    R4,1(,R4)
         BCT   R5,TOKNUM1
TOKNUM2  LTR   R1,R1
         BZR   R10
         SR    R15,R15
         BR    R10
*
MAXREC   EQU   4096                    LONGEST RECORD COMPARED
CMPID1   DS    CL24                    FN FT FM OF THE FIRST FILE
CMPID2   DS    CL24
CMPCOL1  DS    F
CMPCOL2  DS    F
CMPRC1   DS    F
CMPRC2   DS    F
CMPLEN1  DS    F
CMPLEN2  DS    F
CMPDIFF  DS    X
         DS    0F
CMPFSCB  DS    XL(FSCBLEN)
         LTORG
ABUF1    DS    A                       -> FILE 1'S RECORD (DMSFREE)
ABUF2    DS    A                       -> FILE 2'S
         NUCON
         END
