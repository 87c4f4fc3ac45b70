*        INTMIX: Dhrystone-like integer mix: loads, stores, adds,
*        compares, branches, shifts, BCT loops, BAL/BR calls.
*        Self-checking: disabled wait code 0 = pass, X'BAD' = fail.
*        ITER (patched by the benchmark) = outer iterations.
INTMIX   CSECT
         BALR  12,0
         USING *,12
         L     10,ITER
OUTER    LA    3,ARRAY             walk the array: sum, running copy
         LA    4,16
         SR    5,5
LOOP1    L     6,0(,3)
         AR    5,6
         ST    5,64(,3)
         LA    3,4(,3)
         BCT   4,LOOP1
         C     5,EXPECT            sum of ARRAY
         BNE   FAIL
         LR    7,5
         SLL   7,4
         SRA   7,2
         SRL   7,1
         BAL   14,SUB              logical mix in a subroutine
         C     9,EXPSUB
         BNE   FAIL
         LH    8,HW
         AH    8,HW
         STH   8,HW2
         CH    8,HW2
         BNE   FAIL
         IC    0,BYTE
         STC   0,BYTE2
         CLI   BYTE2,X'5A'
         BNE   FAIL
         LM    0,1,PAIR
         SR    1,0
         LTR   1,1
         BNP   FAIL
         CLR   0,1
         BE    FAIL
         BCT   10,OUTER
         LPSW  OKPSW
SUB      LR    9,7
         N     9,MASK
         O     9,BITS
         X     9,BITS
         S     9,ONE
         A     9,ONE
         SLR   9,5
         ALR   9,5
         BR    14
FAIL     LPSW  BADPSW
         DS    0D
OKPSW    DC    X'0002000000000000'
BADPSW   DC    X'0002000000000BAD'
ITER     DC    F'1000'
ARRAY    DC    F'1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16'
COPY     DS    16F
EXPECT   DC    F'136'
EXPSUB   DC    F'16'
MASK     DC    X'00FFFFF0'
BITS     DC    X'0F0F0F0F'
ONE      DC    F'1'
PAIR     DC    F'100,250'
HW       DC    H'21'
HW2      DC    H'0'
BYTE     DC    X'5A'
BYTE2    DC    X'00'
         END   INTMIX
