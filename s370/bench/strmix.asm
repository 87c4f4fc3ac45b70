*        STRMIX: storage-to-storage string mix: MVC CLC TR TRT
*        MVCL CLCL.  Disabled wait code 0 = pass, X'BAD' = fail.
STRMIX   CSECT
         BALR  12,0
         USING *,12
         L     10,ITER
LOOP     MVC   BUF1(80),TEXT       copy, compare
         CLC   BUF1(80),TEXT
         BNE   FAIL
         MVC   BUF2(64),TEXT
         TR    BUF2(64),UPPER      translate lower to upper case
         CLC   BUF2(64),TEXTUP
         BNE   FAIL
         SR    2,2
         TRT   TEXT(80),STOPTAB    find the first '.'
         BNZ   FOUND
         B     FAIL
FOUND    LA    3,TEXT+43
         CR    1,3
         BNE   FAIL
         LA    2,BIG1              MVCL 256 bytes with padding
         LA    3,256
         LA    4,TEXT
         LA    5,80
         ICM   5,8,=C' '
         MVCL  2,4
         LA    2,BIG1              CLCL it against a padded copy
         LA    3,256
         LA    4,BIG2
         LA    5,256
         CLCL  2,4
         BNE   FAIL
         MVC   BUF3(40),BUF1+10
         CLC   BUF3(40),TEXT+10
         BNE   FAIL
         BCT   10,LOOP
         LPSW  OKPSW
FAIL     LPSW  BADPSW
         LTORG
         DS    0D
OKPSW    DC    X'0002000000000000'
BADPSW   DC    X'0002000000000BAD'
ITER     DC    F'1000'
TEXT     DC    C'the quick brown fox jumps over the lazy dog. '
         DC    CL36'0123456789 pack my box with jugs'
TEXTUP   DC    C'THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG. '
         DC    CL19'0123456789 PACK MY'
UPPER    DS    0XL256              identity, then a-z -> A-Z
         DC    X'000102030405060708090A0B0C0D0E0F'
         DC    X'101112131415161718191A1B1C1D1E1F'
         DC    X'202122232425262728292A2B2C2D2E2F'
         DC    X'303132333435363738393A3B3C3D3E3F'
         DC    X'404142434445464748494A4B4C4D4E4F'
         DC    X'505152535455565758595A5B5C5D5E5F'
         DC    X'606162636465666768696A6B6C6D6E6F'
         DC    X'707172737475767778797A7B7C7D7E7F'
         DC    X'808182838485868788898A8B8C8D8E8F'
         DC    X'909192939495969798999A9B9C9D9E9F'
         DC    X'A0A1A2A3A4A5A6A7A8A9AAABACADAEAF'
         DC    X'B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF'
         DC    X'C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF'
         DC    X'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF'
         DC    X'E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF'
         DC    X'F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF'
         ORG   UPPER+C'a'
         DC    C'ABCDEFGHI'
         ORG   UPPER+C'j'
         DC    C'JKLMNOPQR'
         ORG   UPPER+C's'
         DC    C'STUVWXYZ'
         ORG
STOPTAB  DC    256X'00'
         ORG   STOPTAB+C'.'
         DC    X'01'
         ORG
BUF1     DS    CL80
BUF2     DS    CL64
BUF3     DS    CL40
BIG1     DS    CL256
BIG2     DC    C'the quick brown fox jumps over the lazy dog. '
         DC    CL36'0123456789 pack my box with jugs'
         DC    176C' '
         END   STRMIX
