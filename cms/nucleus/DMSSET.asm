*---------------------------------------------------------------------
* DMSSET - THE SET COMMAND (NUCLEUS OPTIONS)
*
* FUNCTION: SET IMPCP ON|OFF, SET IMPEX ON|OFF, SET ABBREV ON|OFF:
*           TURN THE OPTION'S BIT IN NUCON ON OR OFF.  THE OPTIONS ARE
*           ONE TABLE (SETTAB: CL8 OPERAND, AL1 FLAG BIT, AL1 1 IF THE
*           BIT MEANS OFF, AL2 THE NUCON BYTE).  ABBREV OFF: NO
*           ABBREVIATIONS OF COMMANDS OR SYNONYMS (DMSSYN).
* CALL:     SVC 202, R1 -> CL8'SET',CL8'OPTION',CL8'ON'|'OFF',8X'FF'
* EXIT:     R15 = 0; 24 WITH DMSSET047E (NO OPERAND) OR DMSSET026E
*           (AN OPTION NOT IN THE TABLE, OR NEITHER ON NOR OFF).
*           (MESSAGE TEXTS AS IN R6 AS FAR AS KNOWN: UNVERIFIED.)
*---------------------------------------------------------------------
* SOPT: ONE ROW OF THE OPTION TABLE.
         MACRO
&L       SOPT  &NAME,&BIT,&BYTE=NUCFLAGS,&OFF=0
&L       DC    CL8'&NAME',AL1(&BIT),AL1(&OFF),AL2(&BYTE)
         MEND
DMSSET   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSSET,R12
         STM   R14,R12,12(R13)
         LA    R2,0(,R1)
         CLI   8(R2),X'FF'
         BE    SETNONE
         MVC   SETWORK,8(R2)
         LA    R3,SETTAB
SETLOOK  CLI   0(R3),X'FF'
         BE    SETUNKN
         CLC   8(8,R2),0(R3)
         BE    SETFOUND
         LA    R3,12(,R3)
         B     SETLOOK
SETFOUND MVC   SETWORK,16(R2)          THE ON/OFF OPERAND
         SR    R4,R4
         IC    R4,8(,R3)               THE FLAG BIT
         LH    R5,10(,R3)              IN THIS NUCON BYTE
         CLC   16(8,R2),=CL8'ON'
         BE    SETON
         CLC   16(8,R2),=CL8'OFF'
         BNE   SETBAD
         CLI   9(R3),0                 A BIT THAT MEANS OFF?
         BNE   SETBITON
SETBITOF X     R4,=F'255'              ALL BUT THE BIT
         EX    R4,SETNI
         B     SETOK
SETON    CLI   9(R3),0
         BNE   SETBITOF
SETBITON EX    R4,SETOI
SETOK    SR    R15,R15
         B     SETRET
SETNONE  CMSMSG 'DMSSET047E NO FUNCTION SPECIFIED'
         LA    R15,24
         B     SETRET
SETUNKN  L     R15,=V(DMSQRYCP)        TYPED: PERHAPS CP'S SET
         BALR  R14,R15
         C     R15,=F'1'
         BNE   SETRET
SETBAD   CLI   SETWORK,X'FF'
         BNE   *+10
         MVC   SETWORK,=CL8' '
         CMSMSG 'DMSSET026E INVALID PARAMETER',INSERT=SETWORK
         LA    R15,24
SETRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
SETNI    NI    0(R5),X'00'
SETOI    OI    0(R5),X'00'
SETTAB   DS    0F
         SOPT  IMPCP,NUCIMPCP
         SOPT  IMPEX,NUCIMPEX
         SOPT  ABBREV,SYNNOABB,BYTE=SYNFLAGS,OFF=1
         DC    X'FF'
SETWORK  DS    CL8
         LTORG
         NUCON
         END
