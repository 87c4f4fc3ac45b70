*---------------------------------------------------------------------
* REACH: a guest that tries to reach beyond its own virtual machine.
* 1. it stores into an address past the end of its storage: the
*    program interruption (addressing, code 5) comes to its own
*    program new PSW; the code is kept in register 6;
* 2. it starts I/O on device 191 (another user's disk, not one of its
*    own devices): the condition code is kept in register 7 (3: not
*    operational);
* then a disabled wait.  The other guest's storage is checked from
* outside: unchanged.
*---------------------------------------------------------------------
REACH    START X'1000'
PGMOLD   EQU   X'28'
PGMNEW   EQU   X'68'
         BALR  12,0
         USING *,12
         MVC   PGMNEW(8),PGMPSW
         SR    6,6
         L     1,FAR                   past this machine's storage
         MVC   0(4,1),MARK             try to write there
AFTER    SR    7,7
         SIO   X'191'                  someone else's disk
         LA    7,3                     the condition code in R7
         BC    1,GOT                   (LA keeps the CC)
         LA    7,2
         BC    2,GOT
         LA    7,1
         BC    4,GOT
         LA    7,0
GOT      LPSW  DONE
PGMH     LH    6,PGMOLD+2              the interruption code
         LA    1,AFTER                 go on after the store
         ST    1,PGMOLD+4
         MVI   PGMOLD+4,0
         LPSW  PGMOLD
         DS    0D
PGMPSW   DC    X'00000000',A(PGMH)
DONE     DC    X'00020000',A(0)
FAR      DC    A(X'00800000')          8M: past a 256K machine
MARK     DC    C'MINE'
         END
