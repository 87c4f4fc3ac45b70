*---------------------------------------------------------------------
* EQUIV: an unmodified standalone program with its own little "OS":
* its own SVC handler (an SVC new PSW), privileged SSM, a compute loop
* (sum of squares), CVD, a table fill and a checksum.  It ends in a
* disabled wait; the same bytes run on the bare machine and in a
* virtual machine (lessons full-virtualization, trap-and-emulate).
*---------------------------------------------------------------------
EQUIV    START X'1000'
SVCOLD   EQU   X'20'
SVCNEW   EQU   X'60'
         BALR  12,0
         USING *,12
         MVC   SVCNEW(8),SVCPSW        the "OS": SVC interruptions
         L     2,ITER                  loop count
         SR    3,3                     sum of squares (mod 2**32)
         SR    5,5                     SVCs taken (the handler counts)
         LA    4,1                     i
LOOP     LR    7,4
         MR    6,4                     (6,7) = i*i
         AR    3,7
         SSM   ENABLE                  a privileged instruction
         SVC   1                       a call to the "OS"
         LA    4,1(,4)
         BCT   2,LOOP
         CVD   3,DEC                   the result, packed decimal
         LA    8,TABLE                 fill the table: n, n+3, n+6 ...
         LA    9,64
         LR    10,3
FILL     ST    10,0(,8)
         LA    10,3(,10)
         LA    8,4(,8)
         BCT   9,FILL
         SR    11,11                   checksum of the table
         LA    8,TABLE
         LA    9,64
SUM      A     11,0(,8)
         LA    8,4(,8)
         BCT   9,SUM
         LPSW  DONE                    disabled wait, code 0
SVCH     LA    5,1(,5)                 the OS: count, return
         LPSW  SVCOLD
         DS    0D
SVCPSW   DC    X'00000000',A(SVCH)
DONE     DC    X'00020000',A(0)
DEC      DC    D'0'
ITER     DC    F'20000'
ENABLE   DC    X'00'
         DS    0F
TABLE    DS    64F
         END
