*---------------------------------------------------------------------
* HELLO: a standalone System/370 program (no operating system).
*
* IPL it from a card reader, a tape drive or a disk (see README.md):
* it writes a greeting naming the IPL device to the 3215 console at
* X'009' with SIO and a CCW, waits for the I/O interruption in an
* enabled wait state (no busy polling), and stops in a disabled wait
* with code 0.  Any failure ends in a disabled wait with a nonzero
* code:  X'000BAD1' SIO not started (CSW stored or not operational),
*        X'000BAD2' unit check / channel error on the console write.
*---------------------------------------------------------------------
HELLO    START X'1000'
CONSOLE  EQU   X'009'                  device number of the 3215
IOOLD    EQU   X'38'                   I/O old PSW (BC: device in +2)
IONEW    EQU   X'78'                   I/O new PSW
CAW      EQU   X'48'                   channel address word
CSW      EQU   X'40'                   channel status word
CSWUNIT  EQU   CSW+4                   unit status
CSWCHAN  EQU   CSW+5                   channel status
UNITCHK  EQU   X'02'                   unit check
DEVEND   EQU   X'04'                   device end
IPLDEV   EQU   X'02'                   IPL stores the device in PSW+2
         BALR  12,0
         USING *,12
         MVC   DEVNUM(2),IPLDEV        save the IPL device number
         UNPK  HEXOUT(5),DEVNUM(3)     one nibble per byte
         L     1,=A(HEXTAB-C'0')       translate X'F0'-X'FF' ...
         TR    HEXOUT(4),0(1)          ... to printable hex digits
         MVC   MSGDEV(4),HEXOUT
         MVC   IONEW(8),IOPSW          where I/O interruptions go
         MVC   CAW(4),CCWADDR          channel program address
         SIO   CONSOLE                 start the console write
         BC    7,NOSTART               CC not 0: not started
WAIT     LPSW  WAITPSW                 enabled wait for the interrupt
*
* I/O interruption handler: entered through the I/O new PSW,
* disabled for further I/O.  Only the console's device end counts.
IOINT    CLC   IOOLD+2(2),=AL2(CONSOLE) from the console?
         BNE   WAIT                    no: keep waiting
         TM    CSWUNIT,UNITCHK         unit check?
         BO    IOERR
         CLI   CSWCHAN,0               any channel error?
         BNE   IOERR
         TM    CSWUNIT,DEVEND          device end yet?
         BNO   WAIT                    no: wait for it
         LPSW  DONEPSW                 all done: disabled wait, code 0
NOSTART  LPSW  BADSIO
IOERR    LPSW  BADIO
*
         DS    0D
IOPSW    DC    X'00000000',A(IOINT)    I/O new PSW: disabled, key 0
WAITPSW  DC    X'FE020000',A(0)        I/O enabled (not external): wait
DONEPSW  DC    X'00020000',A(0)        disabled wait, code 0
BADSIO   DC    X'00020000',A(X'BAD1')
BADIO    DC    X'00020000',A(X'BAD2')
CCWADDR  DC    A(WRITECCW)
WRITECCW CCW   X'09',MSG,X'20',MSGLEN  write, carriage return after
MSG      DC    C'HELLO FROM SYSTEM/370, IPLED FROM DEVICE '
MSGDEV   DC    C'????'
MSGLEN   EQU   *-MSG
DEVNUM   DC    XL3'00'                 IPL device number + pad byte
HEXOUT   DC    XL5'00'
HEXTAB   DC    C'0123456789ABCDEF'
         LTORG
         END   HELLO
