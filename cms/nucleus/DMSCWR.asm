*---------------------------------------------------------------------
* DMSCWR - TYPLIN: TYPE ONE LINE ON THE CONSOLE
*
* FUNCTION: WRITES THE LINE WITH A 3215 WRITE (X'09', CARRIAGE
*           RETURN AFTER) THROUGH DMSCIO.  TRAILING BLANKS ARE
*           DROPPED; AN EMPTY LINE IS TYPED AS ONE BLANK; A LINE
*           LONGER THAN 130 CHARACTERS IS CUT AT 130 (THE VM/370
*           LIMIT).  THE COLOUR BYTE IS ACCEPTED AND IGNORED.
* CALL:     SVC 202 WITH R1 -> PLIST
*              CL8'TYPLIN',X'01',AL3(TEXT),C'B'/C'R',X'00',AL2(LENGTH)
*           (THE WRTERM MACRO BUILDS IT).
* EXIT:     R15 = 0, OR DMSCIO'S CODE IF THE WRITE FAILED.
*---------------------------------------------------------------------
DMSCWR   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSCWR,R12
         STM   R14,R12,12(R13)
         TM    CONFLAGS,CONHT          HT: TYPE NOTHING UNTIL RT
         BO    CWRRET
         L     R2,8(,R1)
         LA    R2,0(,R2)               TEXT ADDRESS
         LH    R3,14(,R1)              LENGTH
         C     R3,=A(MAXLINE)
         BNH   CWRTRIM
         LA    R3,MAXLINE
CWRTRIM  LTR   R3,R3                   DROP TRAILING BLANKS
         BNP   CWREMPTY
         LA    R4,0(R2,R3)
         BCTR  R4,0
         CLI   0(R4),C' '
         BNE   CWRGO
         BCTR  R3,0
         B     CWRTRIM
CWREMPTY LA    R2,CWRBLANK
         LA    R3,1
CWRGO    ST    R2,CWRCCW               DATA ADDRESS
         MVI   CWRCCW,CONWRITE
         STH   R3,CWRCCW+6             COUNT
         LA    R1,CWRCCW
         L     R15,ADMSCIO
         BALR  R14,R15
CWRRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
MAXLINE  EQU   130
CONWRITE EQU   X'09'                   3215 WRITE - AUTOMATIC CR
         DS    0D
CWRCCW   CCW   CONWRITE,0,X'20',1      SLI
CWRBLANK DC    C' '
         LTORG
         NUCON
         END
