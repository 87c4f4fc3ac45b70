*---------------------------------------------------------------------
* PVIO: read one CMS block (cylinder 0, head 0, record 1, 800 bytes)
* of the virtual machine's 191 disk ITER times, with the channel
* program CMS uses (SEEK, SEARCH ID EQUAL, TIC, READ DATA):
*   MODE = 0: by DIAGNOSE X'18', VM/370's hypercall for CMS disk I/O
*             (synchronous: no interruption, one exit per block);
*   MODE = 1: by SIO, as an unmodified operating system would: start
*             the channel program, wait enabled for the interruption,
*             check the CSW.
* Ends in a disabled wait, code 0 (X'BAD' when an I/O failed).
*---------------------------------------------------------------------
PVIO     START X'1000'
CSW      EQU   X'40'
CAW      EQU   X'48'
IONEW    EQU   X'78'
DISK     EQU   X'191'
         BALR  12,0
         USING *,12
         MVC   IONEW(8),IOPSW
         L     2,ITER
         SR    3,3                     blocks read
         L     4,MODE
LOOP     LTR   4,4
         BNZ   BYSIO
         LA    6,DISK                  DIAGNOSE X'18': Rx = device,
         LA    8,CHAIN                 Ry = the chain,
         LA    15,1                    R15 = READ/WRITE CCWs in it
         DC    X'83680018'             DIAG  6,8,X'18'
         BNZ   FAIL
         B     NEXT
BYSIO    MVC   CAW(4),CHAINA
         SIO   DISK
         BNZ   FAIL
WAIT     LPSW  WAITPSW                 wait for the interruption
IOINT    TM    CSW+4,X'02'             unit check?
         BO    FAIL
         TM    CSW+4,X'04'             device end?
         BNO   WAIT
NEXT     LA    3,1(,3)
         BCT   2,LOOP
         LPSW  DONE
FAIL     LPSW  BAD
         DS    0D
CHAIN    CCW   X'07',SEEKARG,X'40',6   SEEK 0 0 0
SEARCH   CCW   X'31',SEEKARG+2,X'40',5 SEARCH ID EQUAL CCHHR
         CCW   X'08',SEARCH,0,0        TIC back to the search
         CCW   X'06',BUFFER,X'20',800  READ DATA (SLI)
IOPSW    DC    X'00000000',A(IOINT)
WAITPSW  DC    X'FE020000',A(0)       I/O enabled, external not
DONE     DC    X'00020000',A(0)
BAD      DC    X'00020000',A(X'BAD')
CHAINA   DC    A(CHAIN)
ITER     DC    F'100'
MODE     DC    F'0'
SEEKARG  DC    X'00000000000001'       BB CC HH R
         DS    0D
BUFFER   DS    800X
         END
