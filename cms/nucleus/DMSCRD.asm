*---------------------------------------------------------------------
* DMSCRD - WAITRD: READ ONE LINE FROM THE CONSOLE
*
* FUNCTION: TAKES THE FIRST LINE OF THE CONSOLE STACK (DMSSTK'S
*           ATTN) IF THERE IS ONE; OTHERWISE
*           READS A LINE WITH A 3215 READ (X'0A', 130 BYTES, SLI)
*           INTO CONBUF THROUGH DMSCIO, WHICH WAITS UNTIL THE USER
*           HAS TYPED IT (CP ANSWERS THE READ WHEN A LINE IS ENTERED;
*           ITS LOGICAL LINE EDITING IS ALREADY DONE).  THE LINE IS
*           MOVED TO THE CALLER'S BUFFER (CUT TO THE BUFFER LENGTH)
*           AND, FOR EDIT CODE U, TRANSLATED TO UPPER CASE.
* CALL:     SVC 202 WITH R1 -> PLIST
*              CL8'WAITRD',X'01',AL3(BUFFER),C'U'/C' ',AL3(LENGTH)
*           (THE RDTERM MACRO BUILDS IT).  LENGTH 0 MEANS 130.
* EXIT:     R0 = NUMBER OF BYTES READ, R15 = 0 (OR DMSCIO'S CODE).
*---------------------------------------------------------------------
         STKBLK
DMSCRD   CSECT
         ENTRY DMSUPPER
         REGEQU
         USING NUCON,R0
         USING DMSCRD,R12
         STM   R14,R12,12(R13)
         LR    R6,R1                   -> PLIST
         L     R7,STACKHD              A STACKED LINE?
         LTR   R7,R7
         BNZ   CRDSTACK
         NI    CONFLAGS,255-CONATTN    THIS READ TAKES THE TYPE-AHEAD
         LA    R1,CRDCCW
         L     R15,ADMSCIO
         BALR  R14,R15
         NI    CONFLAGS,255-CONATTN    (AND ONE NOTED DURING THE SIO)
         SR    R5,R5                   NOTHING READ YET
         LTR   R15,R15
         BNZ   CRDRET
         LA    R5,MAXLINE
         SH    R5,IOCSW+6              LENGTH = COUNT - RESIDUAL
         BNP   CRDNULL
CRDGOT   DS    0H
         L     R3,12(,R6)
         LA    R3,0(,R3)               CALLER'S BUFFER LENGTH
         LTR   R3,R3
         BNZ   *+8
         LA    R3,MAXLINE
         CR    R5,R3
         BNH   *+6
         LR    R5,R3                   CUT TO THE BUFFER
         L     R2,8(,R6)
         LA    R2,0(,R2)               CALLER'S BUFFER
         LR    R4,R5
         BCTR  R4,0
         EX    R4,CRDMOVE
         CLI   12(R6),C'U'
         BNE   CRDRET
         EX    R4,CRDUPPER
         B     CRDRET
*                                      FROM THE CONSOLE STACK
         USING STKBLKD,R7
CRDSTACK MVC   STACKHD,STKNEXT         UNCHAIN THE FIRST LINE
         OC    STACKHD,STACKHD
         BNZ   *+10
         XC    STACKTL,STACKTL
         L     R1,STACKN
         BCTR  R1,0
         ST    R1,STACKN
         L     R5,STKLEN
         LTR   R4,R5
         BZ    CRDSFREE
         BCTR  R4,0
         EX    R4,CRDSMOVE
CRDSFREE DS    0H
         L     R0,STKLEN
         AH    R0,=Y(STKHDR+7)
         SRL   R0,3
         DMSFRET DWORDS=(R0),LOC=(R7)
         DROP  R7
         LTR   R5,R5
         BP    CRDGOT
CRDNULL  SR    R5,R5
CRDRET   ST    R5,20(R13)             R0 ON RETURN
         L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
CRDMOVE  MVC   0(0,R2),CONBUF
CRDSMOVE MVC   CONBUF(0),STKDATA-STKBLKD(R7)
CRDUPPER TR    0(0,R2),DMSUPPER
MAXLINE  EQU   130
CONREAD  EQU   X'0A'                   3215 READ INQUIRY
         DS    0D
CRDCCW   CCW   CONREAD,CONBUF,X'20',MAXLINE
*
* DMSUPPER: TRANSLATE TABLE TO UPPER CASE (LOWER-CASE LETTERS
* A-I, J-R, S-Z AT X'81'-X'89', X'91'-X'99', X'A2'-X'A9' GO TO
* X'C1'-X'C9', X'D1'-X'D9', X'E2'-X'E9'; EVERY OTHER CODE STAYS).
DMSUPPER DC    256AL1(*-DMSUPPER)
         ORG   DMSUPPER+X'81'
         DC    X'C1C2C3C4C5C6C7C8C9'
         ORG   DMSUPPER+X'91'
         DC    X'D1D2D3D4D5D6D7D8D9'
         ORG   DMSUPPER+X'A2'
         DC    X'E2E3E4E5E6E7E8E9'
         ORG
         LTORG
         NUCON
         END
