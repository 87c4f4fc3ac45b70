*        FPMIX: HFP mix: LD STD AD SD MD DD AE ME LE STE HDR LRDR
*        CD, extended AXR MXR.  Exact values, self-checking;
*        disabled wait code 0 = pass, X'BAD' = fail.
FPMIX    CSECT
         BALR  12,0
         USING *,12
         L     10,ITER
LOOP     LD    0,ONE
         AD    0,TWO               3.0
         MD    0,TWO               6.0
         DD    0,THREE             2.0
         SD    0,HALF              1.5
         CD    0,ONEHALF
         BNE   FAIL
         HDR   2,0                 0.75
         STD   2,TMP
         CD    2,QUARTER3
         BNE   FAIL
         LE    4,SONE
         AE    4,STWO              3.0 short
         ME    4,STWO              6.0 (long result)
         STE   4,TMPS
         CE    4,SSIX
         BNE   FAIL
         LD    0,ONE               extended (1+2)*2 = 6
         LD    2,ZERO
         LD    4,TWO
         LD    6,ZERO
         AXR   0,4
         MXR   0,4
         LRDR  2,0
         CD    2,SIX
         BNE   FAIL
         LDR   6,2
         ADR   6,2                 12.0
         DDR   6,2                 2.0
         CD    6,TWO
         BNE   FAIL
         BCT   10,LOOP
         LPSW  OKPSW
FAIL     LPSW  BADPSW
         DS    0D
OKPSW    DC    X'0002000000000000'
BADPSW   DC    X'0002000000000BAD'
ITER     DC    F'1000'
ONE      DC    X'4110000000000000'
TWO      DC    X'4120000000000000'
THREE    DC    X'4130000000000000'
SIX      DC    X'4160000000000000'
HALF     DC    X'4080000000000000'
ONEHALF  DC    X'4118000000000000'
QUARTER3 DC    X'40C0000000000000'
ZERO     DC    X'0000000000000000'
TMP      DS    D
SONE     DC    X'41100000'
STWO     DC    X'41200000'
SSIX     DC    X'41600000'
TMPS     DS    F
         END   FPMIX
