*---------------------------------------------------------------------
* DMSBRD - RDBUF: READ RECORDS OF A FILE (THE FSREAD FUNCTION)
*
* CALL:     SVC 202, R1 -> FSCB (SPEC CMS.MD 4.2): CL8'RDBUF',
*           FSCBFN, FSCBFT, FSCBFM (2 BYTES; BLANK = ANY DISK),
*           FSCBITNO (0 = NEXT), FSCBBUFF, FSCBSIZE, FSCBFV,
*           FSCBFLG, FSCBNOIT (F: RECORDS TO READ, 0 = 1), FSCBNORD.
*           THE FIRST RDBUF OPENS THE FILE (DMSAUD AUDOPEN).
* EXIT:     R0 = BYTES READ, ALSO IN FSCBNORD; R15 =
*           0 READ; 1 FILE NOT FOUND; 2 NO BUFFER; 8 RECORD(S)
*           LONGER THAN FSCBSIZE (TRUNCATED); 9 FILE OPEN FOR
*           WRITING; 11 MORE THAN ONE V RECORD ASKED FOR; 12 END OF
*           FILE; 25 NO STORAGE; 100 DISK ERROR.
*---------------------------------------------------------------------
         ADT
         FST
         AFT
         FSCB
DMSBRD   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSBRD,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         USING FSCBD,R10
         XC    20(4,R13),20(R13)       R0 = 0 BYTES UNTIL READ
         XC    FSCBNORD,FSCBNORD
         MVC   BRDFID(16),FSCBFN
         MVC   BRDFID+16(8),=CL8'*'
         CLI   FSCBFM,C' '
         BNH   BRDFIND                 BLANK: ANY DISK
         MVC   BRDFID+16(1),FSCBFM
BRDFIND  LA    R1,BRDFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BRDNOTF
         LR    R8,R1                   -> ADT
         LR    R3,R2                   -> FST
         LR    R0,R8
         LA    R1,BRDFID
         L     R15,=V(AUDFIND)
         BALR  R14,R15
         LTR   R15,R15
         BZ    BRDOPEN
         LR    R0,R8
         LA    R1,BRDFID
         LA    R2,AFTFRD
         L     R15,=V(AUDOPEN)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BRDRET
BRDOPEN  LR    R9,R1
         USING AFTD,R9
         TM    AFTFLG,AFTFWR
         BO    BRDWOPEN
         LA    R6,AFTFST
         USING FSTD,R6
         ICM   R0,15,FSCBBUFF
         BZ    BRDNOBUF
         LH    R11,FSCBITNO
         N     R11,=F'65535'
         BNZ   *+8
         L     R11,AFTRNO              0: THE NEXT RECORD
         LH    R0,FSTRECCT
         N     R0,=F'65535'
         CR    R11,R0
         BH    BRDEOF
         CLI   FSTRECFM,C'V'
         BE    BRDV
*                                      F: NOIT RECORDS OF LRECL
         LH    R3,FSCBNOIT
         N     R3,=F'65535'
         BNZ   *+8
         LA    R3,1
         LR    R1,R0
         SR    R1,R11
         LA    R1,1(,R1)               RECORDS LEFT
         CR    R3,R1
         BNH   *+6
         LR    R3,R1
         LR    R1,R3
         M     R0,FSTLRECL
         LR    R4,R1                   BYTES
         LR    R15,R11
         BCTR  R15,0
         M     R14,FSTLRECL
         LR    R7,R15                  OFFSET
         AR    R3,R11
         ST    R3,AFTRNO
         B     BRDCOPY
*                                      V: ONE RECORD; FIND ITS OFFSET
BRDV     LH    R3,FSCBNOIT
         N     R3,=F'65535'
         C     R3,=F'1'
         BH    BRDVMANY
         L     R3,AFTRNO
         L     R7,AFTROFF
         CR    R11,R3
         BNL   BRDVSC
         LA    R3,1
         SR    R7,R7
BRDVSC   BAL   R14,GETLEN              R4 = LENGTH OF RECORD R3
         LTR   R15,R15
         BNZ   BRDRET
         CR    R3,R11
         BE    BRDVGOT
         LA    R7,2(R4,R7)
         LA    R3,1(,R3)
         B     BRDVSC
BRDVGOT  LA    R7,2(,R7)
         LA    R3,1(,R3)
         ST    R3,AFTRNO
         LR    R3,R7
         AR    R3,R4
         ST    R3,AFTROFF
*                                      COPY R4 BYTES FROM R7
BRDCOPY  SR    R3,R3                   RC
         C     R4,FSCBSIZE
         BNH   BRDGET
         L     R4,FSCBSIZE
         LA    R3,8                    TRUNCATED
BRDGET   L     R5,FSCBBUFF
         LR    R1,R9
         L     R15,=V(AUDGET)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   BRDRET
         ST    R4,FSCBNORD
         ST    R4,20(,R13)             R0
         LR    R15,R3
         B     BRDRET
*
* GETLEN: R4 = THE LENGTH HALFWORD AT OFFSET R7 OF THE FILE.
GETLEN   ST    R14,BRDLINK
         LA    R4,2
         LA    R5,BRDHALF
         LR    R1,R9
         L     R15,=V(AUDGET)
         BALR  R14,R15
         LH    R4,BRDHALF
         N     R4,=F'65535'
         L     R14,BRDLINK
         BR    R14
*
BRDNOTF  LA    R15,1
         B     BRDRET
BRDNOBUF LA    R15,2
         B     BRDRET
BRDWOPEN LA    R15,9
         B     BRDRET
BRDVMANY LA    R15,11
         B     BRDRET
BRDEOF   LA    R15,12
BRDRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
BRDFID   DS    CL24                    FN FT FM FOR DMSLFS
BRDHALF  DS    H
BRDLINK  DS    A
         LTORG
         NUCON
         END
