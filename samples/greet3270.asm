*---------------------------------------------------------------------
* GREET3270: a standalone System/370 program for a local 3270 display.
*
* IPL it (cards, tape or disk, see README.md) with a 3270 at X'0C0'.
* It writes a formatted screen with Erase/Write, waits (enabled wait)
* for the attention interruption an AID key raises, reads the input
* with Read Modified and answers "HELLO, name" with a Write.  Enter
* again to greet again; PF3 writes GOODBYE and the program stops in
* a disabled wait with code 0.  Until a terminal connects, the
* Erase/Write ends in unit check (intervention required): the program
* then waits for the device end a connecting terminal presents and
* writes the screen again.  The same happens after CLEAR.
*---------------------------------------------------------------------
* BUFADDR order,row,col: a 3270 order followed by a 12-bit buffer
* address (two 6-bit halves, each written as the graphic code of the
* 3270 address table), screen of 24 x 80.  SBA (Set Buffer Address)
* and EUA (Erase Unprotected to Address) use it.
         MACRO
&L       BUFADDR &ORDER,&ROW,&COL
         LCLA  &A,&H,&LO
         LCLC  &T,&B1,&B2
&T       SETC  '40C1C2C3C4C5C6C7C8C94A4B4C4D4E4F'
&T       SETC  '&T.50D1D2D3D4D5D6D7D8D95A5B5C5D5E5F'
&T       SETC  '&T.6061E2E3E4E5E6E7E8E96A6B6C6D6E6F'
&T       SETC  '&T.F0F1F2F3F4F5F6F7F8F97A7B7C7D7E7F'
&A       SETA  (&ROW-1)*80+&COL-1
&H       SETA  &A/64
&LO      SETA  &A-&H*64
&B1      SETC  '&T'(&H*2+1,2)
&B2      SETC  '&T'(&LO*2+1,2)
&L       DC    X'&ORDER&B1&B2'
         MEND
         MACRO
&L       SBA   &ROW,&COL
&L       BUFADDR 11,&ROW,&COL
         MEND
         MACRO
&L       EUA   &ROW,&COL
&L       BUFADDR 12,&ROW,&COL
         MEND
*---------------------------------------------------------------------
GREET    START X'1000'
TERM     EQU   X'0C0'                  device number of the 3270
IOOLD    EQU   X'38'                   I/O old PSW (BC: device in +2)
IONEW    EQU   X'78'                   I/O new PSW
CAW      EQU   X'48'
CSW      EQU   X'40'
ATTN     EQU   X'80'                   unit status: attention
DEVEND   EQU   X'04'                   device end
UNITCHK  EQU   X'02'                   unit check
EW       EQU   X'05'                   3270 commands: Erase/Write
WRITE    EQU   X'01'                      Write
RDMOD    EQU   X'06'                      Read Modified
WCC      EQU   X'C3'                   keyboard restore, reset MDT
ORDSF    EQU   X'1D'                   Start Field order
ORDIC    EQU   X'13'                   Insert Cursor order
PROT     EQU   X'60'                   field attributes: protected
PROTHI   EQU   X'E8'                      protected, intensified
UNPROT   EQU   X'40'                      unprotected (input)
SKIP     EQU   X'F0'                      protected numeric: autoskip
AIDPF3   EQU   X'F3'
AIDCLEAR EQU   X'6D'
NAMELEN  EQU   30                      input field: row 3, col 23-52
         BALR  12,0
         USING *,12
         MVC   IONEW(8),IOPSW
*
SHOW     LA    1,EWCCW                 the question screen
         BAL   14,DOIO
         LTR   15,15
         BZ    ASK
         C     15,=F'4'
         BNE   NODEV                   not operational: give up
NOTREADY BAL   14,WAITIO               no terminal yet: wait for the
         CLC   INTDEV,=AL2(TERM)       device end of a connection
         BNE   NOTREADY
         TM    INTCSW+4,DEVEND
         BNO   NOTREADY
         B     SHOW
*
ASK      BAL   14,WAITIO               wait for an AID key
         CLC   INTDEV,=AL2(TERM)
         BNE   ASK
         TM    INTCSW+4,DEVEND         terminal (re)connected?
         BO    SHOW                    yes: its screen is new
         TM    INTCSW+4,ATTN
         BNO   ASK
         LA    1,RMCCW                 Read Modified
         BAL   14,DOIO
         LTR   15,15
         BNZ   SHOW
         LH    3,=AL2(INLEN)           bytes read = count - residual
         SH    3,INTCSW+6
         CLI   INBUF,AIDPF3
         BE    BYE
         CLI   INBUF,AIDCLEAR
         BE    SHOW
         MVC   ANSNAME,BLANKS
         S     3,=F'6'                 AID, cursor, SBA, address
         BNP   NONAME                  no field came back
         C     3,=A(NAMELEN)
         BNH   *+8
         L     3,=A(NAMELEN)
         BCTR  3,0
         EX    3,MOVENAME
         B     ANSWER
NONAME   MVC   ANSNAME(8),=C'STRANGER'
ANSWER   LA    1,ANSCCW                answer, clear the input field
         BAL   14,DOIO
         B     ASK
BYE      LA    1,BYECCW
         BAL   14,DOIO
         LPSW  DONEPSW                 disabled wait, code 0
NODEV    LPSW  BADDEV
MOVENAME MVC   ANSNAME(0),INBUF+6
*
* DOIO: run the channel program at R1 on the 3270 and wait for its
* device end.  R15 = 0 done, 4 unit check, 8 not operational/busy.
DOIO     ST    1,CAW
         LR    11,14
         SIO   TERM
         BC    8,DOIOWAIT              started
         BC    4,DOIOCSW               CSW stored: status in it
         LA    15,8
         BR    11
DOIOCSW  MVC   INTCSW,CSW
         B     DOIOTEST
DOIOWAIT BAL   14,WAITIO
         CLC   INTDEV,=AL2(TERM)
         BNE   DOIOWAIT
DOIOTEST LA    15,4
         TM    INTCSW+4,UNITCHK
         BOR   11
         TM    INTCSW+4,DEVEND
         BNO   DOIOWAIT
         SR    15,15
         BR    11
*
* WAITIO: wait, enabled for I/O, for one I/O interruption; return
* with its device number in INTDEV and its CSW in INTCSW.  The
* program runs disabled everywhere else, so the interruption can
* only come here and R14 still holds the return address.
WAITIO   LPSW  WAITPSW
IOINT    MVC   INTDEV,IOOLD+2
         MVC   INTCSW,CSW
         BR    14
*
         DS    0D
IOPSW    DC    X'00000000',A(IOINT)    I/O new PSW: disabled, key 0
WAITPSW  DC    X'FE020000',A(0)        I/O enabled (not external): wait
DONEPSW  DC    X'00020000',A(0)
BADDEV   DC    X'00020000',A(X'BAD1')
EWCCW    CCW   EW,SCREEN,X'20',SCREENL
RMCCW    CCW   RDMOD,INBUF,X'20',INLEN
ANSCCW   CCW   WRITE,ANS,X'20',ANSL
BYECCW   CCW   EW,BYESCR,X'20',BYESCRL
INTCSW   DC    XL8'00'
INTDEV   DC    XL2'00'
*
SCREEN   DC    AL1(WCC)
         SBA   1,2
         DC    AL1(ORDSF,PROTHI),C'S/370 STANDALONE 3270 SAMPLE'
         SBA   3,2
         DC    AL1(ORDSF,PROT),C'WHAT IS YOUR NAME?'
         SBA   3,22
         DC    AL1(ORDSF,UNPROT,ORDIC)
         SBA   3,53                    end of the input field
         DC    AL1(ORDSF,SKIP)
         SBA   5,2
         DC    AL1(ORDSF,PROT)
         DC    C'TYPE YOUR NAME AND PRESS ENTER.  '
         DC    C'PF3 ENDS THE PROGRAM.'
SCREENL  EQU   *-SCREEN
*
ANS      DC    AL1(WCC)
         SBA   7,2
         DC    AL1(ORDSF,PROTHI),C'HELLO, '
ANSNAME  DC    CL(NAMELEN)' '
         SBA   3,23
         EUA   3,53                    erase the input field
         SBA   3,23
         DC    AL1(ORDIC)
ANSL     EQU   *-ANS
*
BYESCR   DC    AL1(WCC)
         SBA   1,2
         DC    AL1(ORDSF,PROTHI),C'GOODBYE.'
BYESCRL  EQU   *-BYESCR
*
BLANKS   DC    CL(NAMELEN)' '
INBUF    DS    XL128
INLEN    EQU   *-INBUF
         LTORG
         END   GREET
