*---------------------------------------------------------------------
* DMSQRY - THE QUERY COMMAND (NUCLEUS OPTIONS)
*
* FUNCTION: QUERY IMPCP | IMPEX | SYSNAME | ABBREV | SYNONYM
*           [SYSTEM|USER|ALL] (LISTED BY DMSSYNQ; ALL IF NONE GIVEN)
*           | MACLIB | TXTLIB | LIBRARY | SEARCH | DISK [M|*].
*           THE OPERANDS ARE ONE
*           TABLE (QRYTAB: CL8 OPERAND, AL4 ROUTINE).
*           IMPCP / IMPEX TYPE "IMPCP = ON" OR "... = OFF" FROM
*           NUCFLAGS; SYSNAME TYPES "CMS      = name" (THE SAVED-
*           SYSTEM NAME IN NUCON).
* CALL:     SVC 202, R1 -> CL8'QUERY',CL8'OPERAND',8X'FF'
* EXIT:     R15 = 0; 24 WITH DMSQRY047E (NO OPERAND) OR
*           DMSQRY026E (AN OPERAND NOT IN THE TABLE).
*           (MESSAGE TEXTS AS IN R6 AS FAR AS KNOWN: UNVERIFIED.)
*---------------------------------------------------------------------
* QOPT: ONE ROW OF THE OPERAND TABLE.
         MACRO
&L       QOPT  &NAME,&ROUTINE
&L       DC    CL8'&NAME',A(&ROUTINE)
         MEND
         ADT
DMSQRY   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSQRY,R12
         STM   R14,R12,12(R13)
         LA    R2,0(,R1)
         CLI   8(R2),X'FF'
         BE    QRYNONE
         LA    R3,QRYTAB
QRYLOOK  CLI   0(R3),X'FF'
         BE    QRYBAD
         CLC   8(8,R2),0(R3)
         BE    QRYGO
         LA    R3,12(,R3)
         B     QRYLOOK
QRYGO    L     R15,8(,R3)
         BR    R15
*
QRYIMPCP MVC   OUTLINE(8),=CL8'IMPCP'
         TM    NUCFLAGS,NUCIMPCP
         B     QRYONOFF
QRYIMPEX MVC   OUTLINE(8),=CL8'IMPEX'
         TM    NUCFLAGS,NUCIMPEX
QRYONOFF MVC   OUTLINE+5(4),=C' = '
         MVC   OUTLINE+8(3),=C'ON '
         BO    QRYTYPE
         MVC   OUTLINE+8(3),=C'OFF'
QRYTYPE  LA    R2,OUTLINE
         LA    R3,11
         WRTERM (R2),(R3)
         SR    R15,R15
         B     QRYRET
QRYABBRV MVC   OUTLINE(8),=CL8'ABBREV'
         MVC   OUTLINE+6(4),=C' = '
         MVC   OUTLINE+9(3),=C'ON '
         TM    SYNFLAGS,SYNNOABB
         BZ    *+10
         MVC   OUTLINE+9(3),=C'OFF'
         LA    R2,OUTLINE
         LA    R3,12
         WRTERM (R2),(R3)
         SR    R15,R15
         B     QRYRET
QRYSYN   LA    R1,16(,R2)              SYSTEM, USER OR ALL
         CLI   0(R1),X'FF'
         BNE   *+8
         LA    R1,=CL8'ALL'
         MVC   QRYWORK,0(R1)
         L     R15,=V(DMSSYNQ)
         BALR  R14,R15
         LTR   R15,R15
         BZ    QRYRET
         CMSMSG 'DMSQRY026E INVALID PARAMETER',INSERT=QRYWORK
         LA    R15,24
         B     QRYRET
QRYSYSNM MVC   OUTLINE(11),=CL11'CMS      = '
         MVC   OUTLINE+11(8),SYSNAME
         LA    R2,OUTLINE
         LA    R3,19
         WRTERM (R2),(R3)
         SR    R15,R15
         B     QRYRET
*
QRYNONE  CMSMSG 'DMSQRY047E NO FUNCTION SPECIFIED'
         LA    R15,24
         B     QRYRET
QRYBAD   LA    R2,0(,R2)
         MVC   QRYWORK,8(R2)
         L     R15,=V(DMSQRYCP)        TYPED: PERHAPS CP'S QUERY
         BALR  R14,R15
         C     R15,=F'1'
         BNE   QRYRET
         CMSMSG 'DMSQRY026E INVALID PARAMETER',INSERT=QRYWORK
         LA    R15,24
QRYRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
*
* QUERY MACLIB | TXTLIB | LIBRARY: THE GLOBAL LISTS (DMSGLB), AS
* 'MACLIB = NAME1 NAME2 ...' OR 'MACLIB = NONE'.  (LAYOUT UNVERIFIED.)
QRYMAC   BAL   R10,QRYMACL
         B     QRYOK
QRYTXT   BAL   R10,QRYTXTL
         B     QRYOK
QRYLIB   BAL   R10,QRYMACL
         BAL   R10,QRYTXTL
         B     QRYOK
QRYMACL  MVC   QRYLIBN,=CL8'MACLIB'
         LA    R4,GLBMAC
         LH    R5,GLBMACN
         B     QRYLIST
QRYTXTL  MVC   QRYLIBN,=CL8'TXTLIB'
         LA    R4,GLBTXT
         LH    R5,GLBTXTN
QRYLIST  MVI   OUTLINE,C' '
         MVC   OUTLINE+1(89),OUTLINE
         MVC   OUTLINE(6),QRYLIBN
         MVC   OUTLINE+6(3),=C' = '
         LA    R7,OUTLINE+9
         LTR   R5,R5
         BP    QRYLIST1
         MVC   0(4,R7),=C'NONE'
         LA    R7,4(,R7)
         B     QRYLISTT
QRYLIST1 MVC   0(8,R7),0(R4)
         LA    R7,8(,R7)
QRYLIST2 BCTR  R7,0                    BACK OVER THE NAME'S BLANKS
         CLI   0(R7),C' '
         BE    QRYLIST2
         LA    R7,2(,R7)               ONE BLANK BETWEEN NAMES
         LA    R4,8(,R4)
         BCT   R5,QRYLIST1
QRYLISTT LA    R2,OUTLINE
         LR    R3,R7                   (TYPLIN DROPS THE LAST BLANK)
         SR    R3,R2
         WRTERM (R2),(R3)
         BR    R10
*
* QUERY SEARCH: THE ACCESSED DISKS IN SEARCH ORDER, ONE LINE EACH:
* LABEL CUU MODE (X/P FOR AN EXTENSION) R/W|R/O.  (LAYOUT UNVERIFIED.)
QRYSRCH  LA    R9,QRYLETRS
QRYSRCH1 CLI   0(R9),X'FF'
         BE    QRYOK
         BAL   R10,QRYADT
         LTR   R8,R8
         BZ    QRYSRCH2
         USING ADTD,R8
         MVI   OUTLINE,C' '
         MVC   OUTLINE+1(30),OUTLINE
         MVC   OUTLINE(6),ADTID
         LA    R7,OUTLINE+7
         BAL   R10,QRYCUU
         MVC   OUTLINE+12(1),ADTM
         TM    ADTFLG,ADTFEXT
         BZ    *+14
         MVI   OUTLINE+13,C'/'
         MVC   OUTLINE+14(1),ADTPARNT
         MVC   OUTLINE+17(3),=C'R/O'
         TM    ADTFLG,ADTFRW
         BZ    *+10
         MVC   OUTLINE+17(3),=C'R/W'
         LA    R2,OUTLINE
         LA    R3,20
         WRTERM (R2),(R3)
QRYSRCH2 LA    R9,1(,R9)
         B     QRYSRCH1
*
* QUERY DISK [M|*]: 'M (CUU): N FILES; N REC IN USE, N LEFT (OF N),
* N% FULL (N CYL), 3330 R/W|R/O' (THE R6 RESPONSE, COUNTS IN 800-BYTE
* BLOCKS FROM THE MFD).  NO OPERAND: A.
QRYDISK  LA    R9,16(,R2)
         CLI   0(R9),X'FF'
         BNE   *+8
         LA    R9,=CL8'A'
         CLI   0(R9),C'*'
         BE    QRYDALL
         CLI   1(R9),C' '
         BNE   QRYDBAD
         BAL   R10,QRYADT
         LTR   R8,R8
         BZ    QRYDNACC
         BAL   R10,QRYDONE
         B     QRYOK
QRYDALL  LA    R9,QRYLETRS
QRYDALL1 CLI   0(R9),X'FF'
         BE    QRYOK
         BAL   R10,QRYADT
         LTR   R8,R8
         BZ    *+8
         BAL   R10,QRYDONE
         LA    R9,1(,R9)
         B     QRYDALL1
QRYDNACC MVC   QRYWORK,=CL8' '
         MVC   QRYWORK(1),0(R9)
         CMSMSG 'DMSQRY069E DISK NOT ACCESSED',INSERT=QRYWORK
         LA    R15,36
         B     QRYRET
QRYDBAD  MVC   QRYWORK,0(R9)
         CMSMSG 'DMSQRY048E INVALID MODE',INSERT=QRYWORK
         LA    R15,24
         B     QRYRET
*                                      ONE DISK'S LINE
QRYDONE  ST    R10,QRYLINK
         MVI   OUTLINE,C' '
         MVC   OUTLINE+1(89),OUTLINE
         MVC   OUTLINE(1),ADTM
         MVC   OUTLINE+1(2),=C' ('
         LA    R7,OUTLINE+3
         BAL   R10,QRYCUU
         MVC   0(3,R7),=C'): '
         LA    R7,3(,R7)
         SR    R1,R1                   FILES: FST ENTRIES IN USE
         L     R3,ADTFSTB
         LH    R4,ADTNFST
         MH    R4,=H'20'
         LTR   R4,R4
         BZ    QRYDF2
QRYDF1   CLI   0(R3),0
         BE    *+8
         LA    R1,1(,R1)
         LA    R3,40(,R3)
         BCT   R4,QRYDF1
QRYDF2   BAL   R10,QRYDEC
         MVC   0(8,R7),=C' FILES; '
         LA    R7,8(,R7)
         L     R6,ADTMFDB
         L     R1,MFDUSED(,R6)
         BAL   R10,QRYDEC
         MVC   0(13,R7),=C' REC IN USE, '
         LA    R7,13(,R7)
         L     R1,MFDLEFT(,R6)
         BAL   R10,QRYDEC
         MVC   0(10,R7),=C' LEFT (OF '
         LA    R7,10(,R7)
         L     R1,MFDNUM(,R6)
         BAL   R10,QRYDEC
         MVC   0(3,R7),=C'), '
         LA    R7,3(,R7)
         L     R1,MFDUSED(,R6)         PERCENT FULL
         M     R0,=F'100'
         L     R3,MFDNUM(,R6)
         LTR   R3,R3
         BZ    *+6
         DR    R0,R3
         BAL   R10,QRYDEC
         MVC   0(8,R7),=C'% FULL ('
         LA    R7,8(,R7)
         L     R1,MFDCYL(,R6)
         BAL   R10,QRYDEC
         MVC   0(7,R7),=C' CYL), '
         LA    R7,7(,R7)
         MVC   0(4,R7),=C'3330'        DEVICE TYPE BY BLOCKS/TRACK
         CLC   ADTRPT,=H'19'
         BNE   *+10
         MVC   0(4,R7),=C'3350'
         CLC   ADTRPT,=H'8'
         BNE   *+10
         MVC   0(4,R7),=C'3340'
         MVC   4(4,R7),=C' R/O'
         TM    ADTFLG,ADTFRW
         BZ    *+10
         MVC   4(4,R7),=C' R/W'
         LA    R7,8(,R7)
         LA    R2,OUTLINE
         LR    R3,R7
         SR    R3,R2
         WRTERM (R2),(R3)
         L     R10,QRYLINK
         BR    R10
         DROP  R8
*
* QRYADT: THE ADT ENTRY OF THE MODE LETTER AT 0(R9) -> R8 (0: NONE).
QRYADT   L     R8,AADTTAB
         USING ADTD,R8
         LA    R3,ADTSLOTS
QRYADT1  CLC   ADTM,0(R9)
         BER   R10
         LA    R8,ADTLEN(,R8)
         BCT   R3,QRYADT1
         SR    R8,R8
         BR    R10
*
* QRYCUU: ADTCUU AS 3 HEX DIGITS AT 0(R7); R7 AFTER THEM.
QRYCUU   UNPK  QRYHEX(5),ADTCUU(3)
         TR    QRYHEX(4),QRYHEXT-C'0'
         MVC   0(3,R7),QRYHEX+1
         LA    R7,3(,R7)
         BR    R10
         DROP  R8
*
* QRYDEC: R1 IN DECIMAL (NO LEADING ZEROS) AT 0(R7); R7 AFTER IT.
QRYDEC   CVD   R1,QRYDW
         UNPK  QRYNUM,QRYDW
         OI    QRYNUM+L'QRYNUM-1,X'F0'
         LA    R1,QRYNUM
         LA    R3,L'QRYNUM-1
QRYDEC1  CLI   0(R1),C'0'
         BNE   QRYDEC2
         LA    R1,1(,R1)
         BCT   R3,QRYDEC1
QRYDEC2  EX    R3,QRYDECMV
         LA    R7,1(R3,R7)
         BR    R10
QRYDECMV MVC   0(0,R7),0(R1)
*
QRYOK    SR    R15,R15
         B     QRYRET
*
* DMSQRYCP: A QUERY OR SET OPERAND CMS DOES NOT KNOW.  WHEN THE
* COMMAND WAS TYPED (R2 -> NUCON CMNDLIST) AND IMPCP IS ON, THE LINE
* GOES TO CP (DIAGNOSE X'08', RESPONSE TO A BUFFER): IF CP KNOWS IT,
* ITS RESPONSE IS TYPED AND R15 = CP'S RETURN CODE (AS IN CMS, WHERE
* Q RDR OR SET MSG OFF REACH CP).  OTHERWISE R15 = 1.  R0-R14 KEPT.
         ENTRY DMSQRYCP
         DROP  R12
DMSQRYCP DS    0H
         USING DMSQRYCP,R15
         STM   R14,R12,QCPSAVE
         L     R12,=A(DMSQRY)
         DROP  R15
         USING DMSQRY,R12
         LA    R15,1
         LA    R3,CMNDLIST
         CR    R2,R3
         BNE   QCPRET                  CALLED FROM A PROGRAM
         TM    NUCFLAGS,NUCIMPCP
         BZ    QCPRET
         LA    R2,CMNDLINE             RX   -> COMMAND
         LA    R3,QCPRESP              RX+1 -> RESPONSE BUFFER
         LH    R4,CMNDLEN              RY   =  FLAGS + LENGTH
         O     R4,=X'40000000'
         LA    R5,QCPRESPL            RY+1 =  BUFFER LENGTH
         DIAG  R2,R4,X'08'
         BC    8,QCPLEN
         LA    R5,QCPRESPL            CC 1: THE BUFFER IS FULL
QCPLEN   LA    R15,1
         C     R4,=F'1'
         BE    QCPRET                  UNKNOWN TO CP TOO
         LR    R9,R4                   CP'S RETURN CODE
         LA    R6,QCPRESP
         LA    R7,0(R6,R5)             END OF THE RESPONSE
QCPLINE  CR    R6,R7                   TYPE IT LINE BY LINE
         BNL   QCPEND
         LR    R8,R6
QCPSCAN  CR    R8,R7
         BNL   QCPTYPE
         CLI   0(R8),X'15'             CP'S LINE SEPARATOR
         BE    QCPTYPE
         LA    R8,1(,R8)
         B     QCPSCAN
QCPTYPE  LR    R3,R8
         SR    R3,R6
         WRTERM (R6),(R3)
         LA    R6,1(,R8)
         B     QCPLINE
QCPEND   LR    R15,R9
QCPRET   L     R14,QCPSAVE
         LM    R0,R12,QCPSAVE+8
         BR    R14
QCPSAVE  DS    15F
QCPRESPL EQU   1024
QCPRESP  DS    (QCPRESPL)X
*
QRYTAB   DS    0F
         QOPT  IMPCP,QRYIMPCP
         QOPT  IMPEX,QRYIMPEX
         QOPT  SYSNAME,QRYSYSNM
         QOPT  SYNONYM,QRYSYN
         QOPT  SYN,QRYSYN
         QOPT  ABBREV,QRYABBRV
         QOPT  MACLIB,QRYMAC
         QOPT  TXTLIB,QRYTXT
         QOPT  LIBRARY,QRYLIB
         QOPT  SEARCH,QRYSRCH
         QOPT  DISK,QRYDISK
         DC    X'FF'
QRYWORK  DS    CL8
QRYLIBN  DS    CL8
QRYLINK  DS    A
QRYDW    DS    D
QRYNUM   DS    CL10
QRYHEX   DS    CL5
QRYHEXT  DC    C'0123456789ABCDEF'
QRYLETRS DC    C'ABCDEFGHIJKLMNOPQRSTUVWXYZ',X'FF'
         LTORG
         NUCON
         END
