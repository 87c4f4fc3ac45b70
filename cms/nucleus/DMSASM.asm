*---------------------------------------------------------------------
* DMSASM - ASSEMBLE FN [(OPTIONS]: THE ASSEMBLER, RUN BY CP
*
* FUNCTION: READS  FN ASSEMBLE  (FIRST IN SEARCH ORDER) WITH RDBUF
*           AND STREAMS ITS RECORDS TO CP WITH THE INSTALLATION
*           DIAGNOSE X'0100' (CP/DIAG/ASSEMBLE.PY), PRECEDED BY THE
*           RECORDS OF EVERY  NAME MACLIB  GLOBAL MACLIB NAMES.  CP
*           RUNS THE HOST ASSEMBLER AND HANDS BACK THE OBJECT DECK
*           AND THE LISTING, WHICH ARE WRITTEN WITH WRBUF AS
*              FN TEXT FM     (F 80)   UNLESS NODECK
*              FN LISTING FM  (F 121, CARRIAGE CONTROL IN COLUMN 1)
*                                      UNLESS NOLIST
*           ON THE SOURCE'S DISK, OR ON A IF THAT ONE IS READ-ONLY
*           (AS R6'S ASM3705 COMMAND CHOOSES; ASSUMED FOR ASSEMBLE).
*           CP NEVER TOUCHES A DISK: THE FILE SYSTEM STAYS CMS'S.
* DIAGNOSE: RX = R2 -> DATA, RY = R4 = SUBFUNCTION, RY+1 = R5:
*           0 START (R2 -> CL8 FN), 4 SOURCE RECORD, 8 MACLIB RECORD
*           (R5 = LENGTH), 12 RUN (OUT R4 = ASSEMBLER RC), 16 NEXT
*           TEXT CARD, 20 NEXT LISTING LINE (R5 = BUFFER LENGTH);
*           CC 1 = NO MORE.
* OPTIONS:  DECK NODECK LIST NOLIST; XREF NOXREF ALIGN NOALIGN RENT
*           NORENT ARE ACCEPTED AND IGNORED.
* RETURN:   THE ASSEMBLER'S RETURN CODE (HIGHEST SEVERITY); 24 BAD
*           OPERAND; 28 FILE NOT FOUND; RDBUF/WRBUF CODES.
*---------------------------------------------------------------------
DMSASM   CSECT
         REGEQU
         USING NUCON,R0
         STM   R14,R12,12(R13)
         LR    R12,R15
         USING DMSASM,R12
         ST    R13,ASMR13
         LR    R10,R1
         CLI   8(R10),X'FF'
         BE    ASMNOFN
         CLI   8(R10),C'('
         BE    ASMNOFN
         MVI   OPTS,OPTDECK+OPTLIST
         LA    R2,16(,R10)             OPTIONS
ASMOPT1  CLI   0(R2),X'FF'
         BE    ASMOPTND
         CLI   0(R2),C'('
         BE    ASMOPTS
         B     ASMBADOP                ONLY FN BEFORE THE (
ASMOPTS  LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    ASMOPTND
         CLI   0(R2),C')'
         BE    ASMOPTND
         LA    R3,OPTTAB
ASMOPTL  CLI   0(R3),X'FF'
         BE    ASMBADOP
         CLC   0(8,R2),0(R3)
         BE    ASMOPTF
         LA    R3,10(,R3)
         B     ASMOPTL
ASMOPTF  OC    OPTS,8(R3)              SET
         NC    OPTS,9(R3)              AND CLEAR
         B     ASMOPTS
ASMOPTND MVC   FNAME,8(R10)
         MVC   STPLIST+8(8),FNAME
         MVC   STPLIST+16(8),=CL8'ASSEMBLE'
         LA    R1,STPLIST
         SVC   202                     STATE FN ASSEMBLE *
         DC    AL4(1)
         LTR   R15,R15
         BNZ   ASMNOTF
         MVC   SRCFM,=CL2' '           READ: FIRST IN SEARCH ORDER
         MVC   LFSFID(8),FNAME         OUTPUT: THE SOURCE'S DISK,
         LA    R1,LFSFID               WHOSE LETTER IS IN ITS ADT
         L     R15,ADMSLFS
         BALR  R14,R15
         MVC   OUTFM(1),0(R1)          ADTM
         MVI   OUTFM+1,C'1'
         MVC   SRCFORM,30(R1)          RECFM
         MVC   SRCLRECL,32(R1)         LRECL
*                                      START THE ASSEMBLY IN CP
         LA    R2,FNAME
         LA    R4,SUBSTART
         DIAG  R2,R4,ASMDIAG
*                                      THE GLOBAL MACLIBS
         LH    R6,GLBMACN
         LA    R7,GLBMAC
ASMMACL  LTR   R6,R6
         BZ    ASMSRC
         MVC   STPLIST+8(8),0(R7)
         MVC   STPLIST+16(8),=CL8'MACLIB'
         LA    R1,STPLIST
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   ASMMACN                 GONE SINCE GLOBAL: SKIP IT
         MVC   RDFSCB+8(8),0(R7)
         MVC   RDFSCB+16(8),=CL8'MACLIB'
         MVC   RDFSCB+24(2),=CL2' '
         BAL   R8,RECFORM
         LA    R9,SUBMAC
         BAL   R8,STREAM
         LTR   R15,R15
         BNZ   ASMRET
ASMMACN  LA    R7,8(,R7)
         BCT   R6,ASMMACL
*                                      THE SOURCE
ASMSRC   MVC   RDFSCB+8(8),FNAME
         MVC   RDFSCB+16(8),=CL8'ASSEMBLE'
         MVC   RDFSCB+24(2),SRCFM
         LA    R1,SRCFST
         BAL   R8,RECFORM
         LA    R9,SUBSRC
         BAL   R8,STREAM
         LTR   R15,R15
         BNZ   ASMRET
         LA    R4,SUBRUN
         DIAG  R2,R4,ASMDIAG
         ST    R4,ASMRC                THE ASSEMBLER'S RC
*                                      FN TEXT
         MVC   WRFSCB+16(8),=CL8'TEXT'
         MVC   ERPLIST+16(8),=CL8'TEXT'
         LA    R9,SUBTEXT
         LA    R5,80
         TM    OPTS,OPTDECK
         BZ    ASMDRAIN
         BAL   R8,RECEIVE
         LTR   R15,R15
         BNZ   ASMRET
*                                      FN LISTING
ASMLIST  MVC   WRFSCB+16(8),=CL8'LISTING'
         MVC   ERPLIST+16(8),=CL8'LISTING'
         LA    R9,SUBLIST
         LA    R5,121
         TM    OPTS,OPTLIST
         BZ    ASMDONE
         BAL   R8,RECEIVE
         LTR   R15,R15
         BNZ   ASMRET
ASMDONE  L     R15,ASMRC
         B     ASMRET
ASMDRAIN B     ASMLIST                 NODECK: CP DROPS THE DECK
ASMNOFN  CMSMSG 'DMSASM001E NO FILENAME SPECIFIED'
         LA    R15,24
         B     ASMRET
ASMBADOP CMSMSG 'DMSASM003E INVALID OPTION',INSERT=0(R2)
         LA    R15,24
         B     ASMRET
ASMNOTF  CMSMSG 'DMSASM002E FILE NOT FOUND',INSERT=FNAME
         LA    R15,28
ASMRET   L     R13,ASMR13
         L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
* RECFORM: R1 -> FST (COPY): ITS RECFM AND LRECL (AT MOST 255) INTO
* RDFSCB.  R8 = RETURN.
RECFORM  MVC   RDFSCB+36(1),30(R1)     FSCBFV
         L     R3,32(,R1)
         C     R3,=F'255'
         BNH   *+8
         LA    R3,255
         ST    R3,RDFSCB+32            FSCBSIZE
         BR    R8
*
* STREAM: EVERY RECORD OF THE FILE IN RDFSCB TO CP, SUBFUNCTION R9.
* R8 = RETURN; R15 = 0 OR THE RDBUF ERROR.
STREAM   LA    R3,1
         STH   R3,RDFSCB+26
STRREAD  LA    R1,RDFSCB
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'
         BE    STREOF
         LTR   R15,R15
         BNZ   STRERR
         L     R5,RDFSCB+40            BYTES READ
         LTR   R5,R5
         BP    *+8
         LA    R5,80
         C     R5,=F'255'
         BNH   *+8
         LA    R5,255
         LA    R2,RECORD
         LR    R4,R9
         DIAG  R2,R4,ASMDIAG
         LH    R3,RDFSCB+26
         LA    R3,1(,R3)
         STH   R3,RDFSCB+26
         B     STRREAD
STREOF   MVC   FNFSCB+8(18),RDFSCB+8
         LA    R1,FNFSCB
         SVC   202                     FINIS
         DC    AL4(1)
         SR    R15,R15
         BR    R8
STRERR   LR    R6,R15
         CMSMSG 'DMSASM105S ERROR READING FILE',INSERT=RDFSCB+8
         LR    R15,R6
         BR    R8
*
* RECEIVE: RECORDS OF SUBFUNCTION R9 (LENGTH R5) FROM CP INTO
* FN (WRFSCB FT) OUTFM.  R8 = RETURN; R15 = 0 OR THE WRBUF ERROR.
RECEIVE  ST    R8,RCVRET
         ST    R5,WRFSCB+32            RECORD LENGTH
         ST    R5,RCVLEN
         MVC   WRFSCB+8(8),FNAME
         MVC   ERPLIST+8(8),FNAME
         MVC   WRFSCB+24(2),OUTFM
         BAL   R7,RCVERASE
         SR    R3,R3
         STH   R3,WRFSCB+26
RCVNEXT  LA    R2,RECORD
         LR    R4,R9
         L     R5,RCVLEN
         DIAG  R2,R4,ASMDIAG
         BC    4,RCVEND                CC 1: NO MORE
         LH    R3,WRFSCB+26
         LA    R3,1(,R3)
         STH   R3,WRFSCB+26
RCVWRITE LA    R1,WRFSCB
         SVC   202                     WRBUF
         DC    AL4(1)
         LTR   R15,R15
         BZ    RCVNEXT
         C     R15,=F'12'              THE DISK IS READ-ONLY:
         BNE   RCVERR                  THE FILES GO TO A1 INSTEAD
         CLC   WRFSCB+24(2),=C'A1'
         BE    RCVERR
         CLC   WRFSCB+26(2),=H'1'
         BNE   RCVERR
         MVC   OUTFM,=C'A1'
         MVC   WRFSCB+24(2),OUTFM
         BAL   R7,RCVERASE
         B     RCVWRITE
RCVEND   LH    R3,WRFSCB+26
         LTR   R3,R3
         BZ    RCVOK                   NOTHING WRITTEN
         MVC   FNFSCB+8(18),WRFSCB+8
         LA    R1,FNFSCB
         SVC   202                     FINIS
         DC    AL4(1)
RCVOK    SR    R15,R15
         L     R8,RCVRET
         BR    R8
* RCVERASE: ERASE FN (WRFSCB FT AND FM).  R7 = RETURN.
RCVERASE MVC   ERPLIST+24(2),WRFSCB+24
         LA    R1,ERPLIST
         SVC   202                     ERASE THE OLD FILE
         DC    AL4(1)
         BR    R7
RCVERR   LR    R6,R15
         CMSMSG 'DMSASM105S ERROR WRITING FILE',INSERT=WRFSCB+8
         LR    R15,R6
         L     R8,RCVRET
         BR    R8
*
ASMDIAG  EQU   X'0100'                 CP'S ASSEMBLE DIAGNOSE
SUBSTART EQU   0
SUBSRC   EQU   4
SUBMAC   EQU   8
SUBRUN   EQU   12
SUBTEXT  EQU   16
SUBLIST  EQU   20
OPTDECK  EQU   X'80'
OPTLIST  EQU   X'40'
* OPTTAB: CL8 OPTION, BITS TO SET, BITS TO KEEP
OPTTAB   DC    CL8'DECK',AL1(OPTDECK),X'FF'
         DC    CL8'NODECK',AL1(0),AL1(255-OPTDECK)
         DC    CL8'LIST',AL1(OPTLIST),X'FF'
         DC    CL8'NOLIST',AL1(0),AL1(255-OPTLIST)
         DC    CL8'XREF',X'00FF',CL8'NOXREF',X'00FF'
         DC    CL8'ALIGN',X'00FF',CL8'NOALIGN',X'00FF'
         DC    CL8'RENT',X'00FF',CL8'NORENT',X'00FF'
         DC    X'FF'
OPTS     DS    X
         DS    0F
OUTFM    DS    CL2                     MODE OF TEXT AND LISTING
LFSFID   DC    CL8' ',CL8'ASSEMBLE',CL8'*'
         DS    0F
SRCFST   DS    0CL36                   FIELDS KEPT FROM THE FST
         DS    CL24
SRCFM    DS    CL2
         DS    CL4
SRCFORM  DS    CL1
         DS    CL1
SRCLRECL DS    F
FNAME    DS    CL8
         DS    0F
ASMR13   DS    A
ASMRC    DS    F
RCVRET   DS    A
RCVLEN   DS    F
STPLIST  DC    CL8'STATE',CL8' ',CL8'ASSEMBLE',CL8'*',8X'FF'
ERPLIST  DC    CL8'ERASE',CL8' ',CL8'TEXT',CL8'A1',8X'FF'
RDFSCB   DC    CL8'RDBUF',CL8' ',CL8'ASSEMBLE',CL2'A1',H'1'
         DC    A(RECORD),F'255',C'F',X'00',H'1',F'0'
WRFSCB   DC    CL8'WRBUF',CL8' ',CL8'TEXT',CL2'A1',H'1'
         DC    A(RECORD),F'80',C'F',X'00',H'1',F'0'
FNFSCB   DC    CL8'FINIS',CL8' ',CL8'TEXT',CL2'A1',H'0'
         DC    A(0),F'0',C'F',X'00',H'0',F'0'
RECORD   DS    CL256
         LTORG
         NUCON
         END
