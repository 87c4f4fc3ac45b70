*---------------------------------------------------------------------
* DMSSRT - SORT: SORT THE RECORDS OF A FILE INTO ANOTHER FILE
*
* FUNCTION: SORT FN1 FT1 FM1 FN2 FT2 FM2 (= IN THE SECOND FILEID:
*           AS IN THE FIRST).  ASKS FOR THE SORT FIELDS:
*              DMSSRT604R ENTER SORT FIELDS:
*           AND READS PAIRS OF COLUMNS 'START END' (AT MOST MAXFLD
*           PAIRS, THE MAJOR FIELD FIRST).  THE RECORDS ARE READ INTO
*           FREE STORAGE (RDBUF), PUT IN ASCENDING EBCDIC ORDER OF THE
*           FIELDS (A RECORD SHORTER THAN A FIELD COUNTS AS BLANKS
*           THERE; EQUAL RECORDS KEEP THEIR ORDER) AND WRITTEN TO THE
*           SECOND FILE (ERASE, WRBUF, FINIS) WITH THE FIRST FILE'S
*           RECFM AND LRECL.
* EXIT:     R15 = 0; 24 BAD FILEID, FIELDS, OR THE SAME FILE TWICE;
*           28 NO INPUT FILE; 41 NO STORAGE; 100 READ OR WRITE ERROR.
*           (MESSAGE NUMBERS AND TEXTS AFTER GC20-1818; UNVERIFIED
*           EXCEPT THE PROMPT.)
*---------------------------------------------------------------------
         FSCBD
         FST
DMSSRT   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSSRT,R12
         STM   R14,R12,12(R13)
         LR    R2,R1
         LA    R3,8(,R2)               SIX FILEID TOKENS
         LA    R4,6
SRTCNT   CLI   0(R3),X'FF'
         BE    SRTINCMP
         CLI   0(R3),C'('
         BE    SRTINCMP
         LA    R3,8(,R3)
         BCT   R4,SRTCNT
         MVC   SRTID1,8(R2)
         MVC   SRTID2,32(R2)
         LA    R5,SRTID2               = : AS IN THE FIRST FILEID
         LA    R6,SRTID1
         LA    R4,3
SRTEQ    CLC   0(8,R5),=CL8'='
         BNE   *+10
         MVC   0(8,R5),0(R6)
         LA    R5,8(,R5)
         LA    R6,8(,R6)
         BCT   R4,SRTEQ
         CLC   SRTID1(17),SRTID2       THE SAME FILE (FN FT MODE)
         BE    SRTSAME
         XC    SRTFSCB,SRTFSCB         THE INPUT FILE
         MVC   SRTFSCB(8),=CL8'STATE'
         MVC   SRTFSCB+FSCBFN-FSCBD(16),SRTID1
         MVC   SRTFSCB+FSCBFM-FSCBD(2),SRTID1+16
         LA    R1,SRTFSCB
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   SRTNOTF
         USING FSTD,R1
         MVC   SRTRECFM,FSTRECFM
         MVC   SRTLRECL,FSTLRECL
         LH    R3,FSTRECCT
         N     R3,=F'65535'
         ST    R3,SRTCOUNT
         DROP  R1
*                                      THE SORT FIELDS
         WRTERM 'DMSSRT604R ENTER SORT FIELDS:'
         RDTERM SRTLINE,L'SRTLINE
         LR    R4,R0
         LA    R3,SRTLINE
         AR    R4,R3                   R3 -> LINE, R4 -> END
         LA    R7,SRTFLDS
         SR    R8,R8                   PAIRS
SRTFLD   BAL   R10,GETNUM
         LTR   R15,R15
         BNZ   SRTBADF
         LTR   R1,R1
         BZ    SRTFLDE                 NO MORE
         ST    R1,0(,R7)
         BAL   R10,GETNUM
         LTR   R15,R15
         BNZ   SRTBADF
         LTR   R1,R1
         BZ    SRTBADF                 A START WITHOUT AN END
         C     R1,0(,R7)
         BL    SRTBADF
         ST    R1,4(,R7)
         LA    R7,8(,R7)
         LA    R8,1(,R8)
         C     R8,=A(MAXFLD)
         BL    SRTFLD
SRTFLDE  LTR   R8,R8
         BZ    SRTBADF
         ST    R8,SRTNFLD
*                                      STORAGE: POINTERS, THEN RECORDS
         XC    SRTPTRS,SRTPTRS
         L     R3,SRTCOUNT
         LTR   R3,R3
         BZ    SRTWRITE                AN EMPTY FILE
         LA    R3,7+4(,R3)
         SRL   R3,1                    (COUNT+1)*4 BYTES, IN DWORDS
         ST    R3,SRTPTRDW
         DMSFREE DWORDS=(3)
         LTR   R15,R15
         BNZ   SRTNOST
         ST    R1,SRTPTRS
         L     R3,SRTLRECL
         LA    R3,4+7(,R3)
         SRL   R3,3
         ST    R3,SRTRECDW             LENGTH WORD + LRECL, IN DWORDS
         L     R6,SRTPTRS
         SR    R9,R9                   RECORDS READ
SRTREAD  C     R9,SRTCOUNT
         BNL   SRTREADE
         L     R3,SRTRECDW
         DMSFREE DWORDS=(3)
         LTR   R15,R15
         BNZ   SRTNOSTR
         ST    R1,0(,R6)
         LR    R5,R1
         XC    SRTFSCB,SRTFSCB
         MVC   SRTFSCB(8),=CL8'RDBUF'
         MVC   SRTFSCB+FSCBFN-FSCBD(16),SRTID1
         MVC   SRTFSCB+FSCBFM-FSCBD(2),SRTID1+16
         LA    R1,4(,R5)
         ST    R1,SRTFSCB+FSCBBUFF-FSCBD
         MVC   SRTFSCB+FSCBSIZE-FSCBD(4),SRTLRECL
         MVC   SRTFSCB+FSCBNOIT-FSCBD(2),=H'1'
         LA    R1,SRTFSCB
         SVC   202
         DC    AL4(1)
         ST    R0,0(,R5)               ITS LENGTH
         LTR   R15,R15
         BNZ   SRTRDERR
         LA    R6,4(,R6)
         LA    R9,1(,R9)
         B     SRTREAD
SRTREADE BAL   R10,FINIS1
*                                      INSERTION SORT OF THE POINTERS
         L     R6,SRTPTRS
         LA    R7,1                    I = 1 .. COUNT-1
SRTOUTER C     R7,SRTCOUNT
         BNL   SRTWRITE
         LR    R2,R7
         SLL   R2,2
         L     R9,0(R2,R6)             THE RECORD TO PLACE
         LR    R8,R7                   J = I
SRTINNER LTR   R8,R8
         BZ    SRTPLACE
         LR    R2,R8
         BCTR  R2,0
         SLL   R2,2
         L     R3,0(R2,R6)             RECORD J-1
         LR    R4,R9
         BAL   R10,COMPARE             R3 > R4 ?
         LTR   R15,R15
         BNP   SRTPLACE
         LR    R2,R8
         BCTR  R2,0
         SLL   R2,2
         L     R3,0(R2,R6)
         ST    R3,4(R2,R6)             MOVE J-1 UP
         BCTR  R8,0
         B     SRTINNER
SRTPLACE LR    R2,R8
         SLL   R2,2
         ST    R9,0(R2,R6)
         LA    R7,1(,R7)
         B     SRTOUTER
*                                      WRITE THE OUTPUT FILE
SRTWRITE XC    SRTFSCB,SRTFSCB
         MVC   SRTFSCB(8),=CL8'ERASE'
         MVC   SRTFSCB+FSCBFN-FSCBD(16),SRTID2
         MVC   SRTFSCB+FSCBFM-FSCBD(2),SRTID2+16
         LA    R1,SRTFSCB
         SVC   202
         DC    AL4(1)
         L     R6,SRTPTRS
         SR    R9,R9
SRTWRREC C     R9,SRTCOUNT
         BNL   SRTWRE
         L     R5,0(,R6)
         XC    SRTFSCB,SRTFSCB
         MVC   SRTFSCB(8),=CL8'WRBUF'
         MVC   SRTFSCB+FSCBFN-FSCBD(16),SRTID2
         MVC   SRTFSCB+FSCBFM-FSCBD(2),SRTID2+16
         LA    R1,4(,R5)
         ST    R1,SRTFSCB+FSCBBUFF-FSCBD
         MVC   SRTFSCB+FSCBSIZE-FSCBD(4),0(R5)
         MVC   SRTFSCB+FSCBFV-FSCBD(1),SRTRECFM
         MVC   SRTFSCB+FSCBNOIT-FSCBD(2),=H'1'
         LA    R1,SRTFSCB
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   SRTWRERR
         LA    R6,4(,R6)
         LA    R9,1(,R9)
         B     SRTWRREC
SRTWRE   BAL   R10,FINIS2
         BAL   R10,FREEALL
         SR    R15,R15
         B     SRTRET
*
SRTINCMP CMSMSG 'DMSSRT054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     SRTRET
SRTSAME  CMSMSG 'DMSSRT019E IDENTICAL FILEIDS'
         LA    R15,24
         B     SRTRET
SRTNOTF  CMSMSG 'DMSSRT002E FILE NOT FOUND',INSERT=SRTID1
         LA    R15,28
         B     SRTRET
SRTBADF  CMSMSG 'DMSSRT605E INVALID SORT FIELD PAIR DEFINED'
         LA    R15,24
         B     SRTRET
SRTNOSTR ST    R9,SRTCOUNT             ONLY THESE RECORDS TO FREE
         BAL   R10,FINIS1
         BAL   R10,FREEALL
SRTNOST  CMSMSG 'DMSSRT109S VIRTUAL STORAGE CAPACITY EXCEEDED'
         LA    R15,41
         B     SRTRET
SRTRDERR ST    R15,SRTRC
         LA    R9,1(,R9)               THIS ONE IS HELD TOO
         ST    R9,SRTCOUNT
         BAL   R10,FINIS1
         BAL   R10,FREEALL
         CMSMSG 'DMSSRT104S ERROR READING FILE',INSERT=SRTID1
         LA    R15,100
         B     SRTRET
SRTWRERR ST    R15,SRTRC
         BAL   R10,FINIS2
         BAL   R10,FREEALL
         CMSMSG 'DMSSRT105S ERROR WRITING FILE',INSERT=SRTID2
         LA    R15,100
SRTRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* COMPARE: RECORD R3 AGAINST RECORD R4 (LENGTH WORD, DATA) ON THE
* SORT FIELDS.  R15 = 1 R3 IS HIGHER, 0 EQUAL, -1 LOWER.  R0-R2, R5
* AND R11 ARE USED.
COMPARE  LA    R11,SRTFLDS
         L     R5,SRTNFLD
CMPFIELD L     R1,0(,R11)              COLUMN
CMPCOL   C     R1,4(,R11)
         BH    CMPNEXTF
         LA    R0,C' '                 BYTE OF R3 (BLANK PAST ITS END)
         C     R1,0(,R3)
         BH    *+12
         LA    R2,3(R1,R3)
         IC    R0,0(,R2)
         N     R0,=F'255'
         LA    R2,C' '                 BYTE OF R4
         C     R1,0(,R4)
         BH    *+16
         LA    R15,3(R1,R4)
         IC    R2,0(,R15)
         N     R2,=F'255'
         CR    R0,R2
         BH    CMPHIGH
         BL    CMPLOW
         LA    R1,1(,R1)
         B     CMPCOL
CMPNEXTF LA    R11,8(,R11)
         BCT   R5,CMPFIELD
         SR    R15,R15
         BR    R10
CMPHIGH  LA    R15,1
         BR    R10
CMPLOW   L     R15,=F'-1'
         BR    R10
*
* GETNUM: THE NEXT NUMBER IN SRTLINE FROM R3 (END R4): R1 = IT
* (0: NO MORE), R15 = 0; R15 = 4 IF IT IS NOT A NUMBER.
GETNUM   SR    R1,R1
         SR    R15,R15
GETNUM0  CR    R3,R4
         BNLR  R10
         CLI   0(R3),C' '
         BNE   GETNUM1
         LA    R3,1(,R3)
         B     GETNUM0
GETNUM1  CR    R3,R4
         BNLR  R10
         CLI   0(R3),C' '
         BER   R10
         CLI   0(R3),C'0'
         BL    GETNUMX
         CLI   0(R3),C'9'
         BH    GETNUMX
         MH    R1,=H'10'
         IC    R0,0(,R3)
         N     R0,=F'15'
         AR    R1,R0
         C     R1,=F'65535'
         BH    GETNUMX
         LA    R3,1(,R3)
         B     GETNUM1
GETNUMX  LA    R15,4
         BR    R10
*
* FINIS1 / FINIS2: CLOSE THE INPUT / OUTPUT FILE
FINIS1   LA    R1,SRTID1
         B     FINIS
FINIS2   LA    R1,SRTID2
FINIS    XC    SRTFSCB,SRTFSCB
         MVC   SRTFSCB(8),=CL8'FINIS'
         MVC   SRTFSCB+FSCBFN-FSCBD(16),0(R1)
         MVC   SRTFSCB+FSCBFM-FSCBD(2),16(R1)
         LA    R1,SRTFSCB
         SVC   202
         DC    AL4(1)
         BR    R10
*
* FREEALL: GIVE BACK THE RECORDS (SRTCOUNT OF THEM) AND THE POINTERS
FREEALL  ST    R10,SRTLINK
         L     R6,SRTPTRS
         LTR   R6,R6
         BZ    FREEEND
         L     R9,SRTCOUNT
FREEREC  LTR   R9,R9
         BZ    FREEPTR
         L     R1,0(,R6)
         L     R3,SRTRECDW
         DMSFRET DWORDS=(3),LOC=(1)
         LA    R6,4(,R6)
         BCT   R9,FREEREC
FREEPTR  L     R1,SRTPTRS
         L     R3,SRTPTRDW
         DMSFRET DWORDS=(3),LOC=(1)
FREEEND  L     R10,SRTLINK
         BR    R10
*
MAXFLD   EQU   8                       SORT FIELD PAIRS
SRTID1   DS    CL24                    FN FT FM, INPUT
SRTID2   DS    CL24                    OUTPUT
SRTLRECL DS    F
SRTCOUNT DS    F
SRTNFLD  DS    F
SRTPTRS  DS    A                       -> RECORD POINTERS (DMSFREE)
SRTPTRDW DS    F
SRTRECDW DS    F
SRTRC    DS    F
SRTLINK  DS    A
SRTFLDS  DS    (2*MAXFLD)F             START, END
SRTRECFM DS    C
         DS    0F
SRTFSCB  DS    XL(FSCBLEN)
SRTLINE  DS    CL130
         LTORG
         NUCON
         END
