*---------------------------------------------------------------------
* DMSTYP - THE TYPE COMMAND: DISPLAY A FILE ON THE CONSOLE
*
* FUNCTION: TYPE FN FT [FM] [REC1 [REC2|*]] [(HEX] - FINDS THE FILE
*           (DMSLFS: MODE LETTER ORDER OR THE LETTER GIVEN) AND TYPES
*           RECORDS REC1 (DEFAULT 1) TO REC2 (DEFAULT AND * = THE
*           LAST), READ WITH RDBUF, CUT AT 130 CHARACTERS; (HEX TYPES
*           EACH RECORD IN HEXADECIMAL, 32 BYTES (64 DIGITS) A LINE
*           (LINE LAYOUT UNVERIFIED FOR R6).  THE FILE IS CLOSED AFTER.
* CALL:     SVC 202, R1 -> CL8'TYPE',CL8'FN',CL8'FT'[,...],8X'FF'
* EXIT:     R15 = 0; 24 WITH DMSTYP054E (FILEID INCOMPLETE) OR
*           DMSTYP003E/DMSTYP070E (BAD OPTION OR RECORD NUMBER);
*           28 WITH DMSTYP002E (NO SUCH FILE); 100 A READ FAILED.
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
         CLI   16(R2),C'('
         BE    TYPINCMP
         MVC   TYPFN,8(R2)
         MVC   TYPFT,16(R2)
         MVC   TYPFM,=CL8'*'
         MVI   TYPHEX,0
         LA    R0,1
         ST    R0,TYPREC1
         L     R0,=F'65535'
         ST    R0,TYPREC2
         LA    R2,24(,R2)              THE REST: FM, NUMBERS, OPTIONS
         CLI   0(R2),X'FF'
         BE    TYPFIND
         CLI   0(R2),C'('
         BE    TYPOPT
         CLI   0(R2),C'0'              A NUMBER: NO FM GIVEN
         BNL   TYPNUM1
         MVC   TYPFM,0(R2)
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    TYPFIND
         CLI   0(R2),C'('
         BE    TYPOPT
TYPNUM1  BAL   R14,TYPDEC
         LTR   R15,R15
         BNZ   TYPBADN
         ST    R1,TYPREC1
         ST    R1,TYPREC2
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    TYPFIND
         CLI   0(R2),C'('
         BE    TYPOPT
         L     R1,=F'65535'
         CLI   0(R2),C'*'
         BE    TYPNUM2
         BAL   R14,TYPDEC
         LTR   R15,R15
         BNZ   TYPBADN
TYPNUM2  ST    R1,TYPREC2
         LA    R2,8(,R2)
         CLI   0(R2),C'('
         BNE   TYPFIND
TYPOPT   LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    TYPFIND
         CLI   0(R2),C')'
         BE    TYPFIND
         CLC   0(8,R2),=CL8'HEX'
         BNE   TYPBADO
         MVI   TYPHEX,1
         B     TYPOPT
TYPFIND  LA    R1,TYPFN                FIND THE FILE
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   TYPNOTF
         USING ADTD,R1
         MVC   TYPFSCB+24(1),ADTM      READ IT FROM THAT DISK
         MVI   TYPFSCB+25,C' '
         DROP  R1
         MVC   TYPFSCB+8(16),TYPFN
         MVC   TYPFIN+8(16),TYPFN
         MVC   TYPFIN+24(1),TYPFSCB+24
         LA    R0,MAXLINE
         CLI   TYPHEX,0
         BE    *+8
         LA    R0,HEXMAX
         ST    R0,TYPFSCB+32           FSCBSIZE
         L     R11,TYPREC1
TYPREC   C     R11,TYPREC2
         BH    TYPDONE
         STH   R11,TYPFSCB+26          FSCBITNO
         LA    R1,TYPFSCB
         SVC   202
         DC    AL4(1)
         C     R15,=F'12'
         BE    TYPDONE                 END OF FILE
         LTR   R15,R15
         BZ    TYPSHOW
         C     R15,=F'8'               TRUNCATED: STILL SHOWN
         BNE   TYPIOERR
TYPSHOW  LR    R4,R0                   BYTES READ
         CLI   TYPHEX,0
         BNE   TYPHEXL
         LA    R5,TYPLINE
         WRTERM (R5),(R4)
         B     TYPNEXT
TYPHEXL  LA    R3,TYPLINE              32 BYTES A LINE
TYPHEX1  LTR   R4,R4
         BNP   TYPNEXT
         LA    R6,32
         CR    R6,R4
         BNH   *+6
         LR    R6,R4
         LR    R7,R6
         LA    R8,TYPHEXO
TYPHEX2  UNPK  0(3,R8),0(2,R3)         ONE BYTE -> TWO DIGITS
         TR    0(2,R8),TRHEX-240
         LA    R3,1(,R3)
         LA    R8,2(,R8)
         BCT   R7,TYPHEX2
         LA    R5,TYPHEXO
         LR    R7,R6
         AR    R7,R7
         WRTERM (R5),(R7)
         SR    R4,R6
         B     TYPHEX1
TYPNEXT  LA    R11,1(,R11)
         B     TYPREC
TYPDONE  LA    R1,TYPFIN               CLOSE IT
         SVC   202
         DC    AL4(1)
         SR    R15,R15
         B     TYPRET
*
* TYPDEC: THE DECIMAL TOKEN AT R2 (1-8 DIGITS) -> R1, R15 = 0 (4 BAD).
TYPDEC   DECTOK
*
TYPINCMP CMSMSG 'DMSTYP054E INCOMPLETE FILEID SPECIFIED'
         LA    R15,24
         B     TYPRET
TYPBADN  CMSMSG 'DMSTYP070E INVALID PARAMETER',INSERT=0(R2)
         LA    R15,24
         B     TYPRET
TYPBADO  CMSMSG 'DMSTYP003E INVALID OPTION',INSERT=0(R2)
         LA    R15,24
         B     TYPRET
TYPNOTF  CMSMSG 'DMSTYP002E FILE NOT FOUND',INSERT=TYPFN
         LA    R15,28
         B     TYPRET
TYPIOERR LA    R1,TYPFIN
         SVC   202
         DC    AL4(1)
         CMSMSG 'DMSTYP104S ERROR READING FILE',INSERT=TYPFN
         LA    R15,100
TYPRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
MAXLINE  EQU   130
HEXMAX   EQU   2048                    BYTES OF A RECORD SHOWN IN HEX
TRHEX    DC    C'0123456789ABCDEF'
TYPFN    DS    CL8                     FN FT FM FOR DMSLFS
TYPFT    DS    CL8
TYPFM    DS    CL8
TYPREC1  DS    F
TYPREC2  DS    F
TYPHEX   DS    X
         DS    0F
TYPFSCB  DC    CL8'RDBUF',CL8' ',CL8' ',CL2' ',H'0'
         DC    A(TYPLINE),F'130',CL1'F',X'00',H'1',F'0'
TYPFIN   DC    CL8'FINIS',CL8' ',CL8' ',CL8' ',8X'FF'
TYPHEXO  DS    CL66
         LTORG
TYPLINE  DS    256D
         NUCON
         END
