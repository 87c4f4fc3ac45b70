*        DECMIX: packed decimal: ZAP AP SP MP DP SRP CP CVB CVD ED.
*        Disabled wait code 0 = pass, X'BAD' = fail.
DECMIX   CSECT
         BALR  12,0
         USING *,12
         L     10,ITER
LOOP     ZAP   ACC,=P'0'
         AP    ACC,=P'12345'
         AP    ACC,=P'67890'       80235
         SP    ACC,=P'235'         80000
         ZAP   PROD,ACC
         MP    PROD,=P'125'        10000000
         CP    PROD,=P'10000000'
         BNE   FAIL
         DP    PROD,=P'64'         quotient 156250, remainder 0
         CP    PROD(6),=P'156250'
         BNE   FAIL
         SRP   PROD(6),64-2,5      round off two digits: 1563 (rounded)
         CP    PROD(6),=P'1563'
         BNE   FAIL
         ZAP   DW,PROD(6)
         CVB   3,DW
         C     3,=F'1563'
         BNE   FAIL
         AH    3,=H'1000'
         CVD   3,DW
         CP    DW,=P'2563'
         BNE   FAIL
         MVC   OUT,PAT
         ED    OUT,DW+4
         CLC   OUT,EXPOUT
         BNE   FAIL
         BCT   10,LOOP
         LPSW  OKPSW
FAIL     LPSW  BADPSW
         LTORG
         DS    0D
OKPSW    DC    X'0002000000000000'
BADPSW   DC    X'0002000000000BAD'
ITER     DC    F'1000'
DW       DS    D
ACC      DS    PL8
PROD     DS    PL8
PAT      DC    X'4020206B2021204B2020'
OUT      DS    CL10
EXPOUT   DC    X'4040404040F2F54BF6F3'
         END   DECMIX
