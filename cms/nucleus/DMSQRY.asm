*---------------------------------------------------------------------
* DMSQRY - THE QUERY COMMAND (NUCLEUS OPTIONS)
*
* FUNCTION: QUERY IMPCP | IMPEX | SYSNAME | ABBREV | SYNONYM
*           [SYSTEM|USER|ALL] (LISTED BY DMSSYNQ; ALL IF NONE GIVEN).
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
         DC    X'FF'
QRYWORK  DS    CL8
         LTORG
         NUCON
         END
