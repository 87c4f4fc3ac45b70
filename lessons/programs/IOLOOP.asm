*---------------------------------------------------------------------
* IOLOOP: a guest whose work is mostly I/O instructions: each pass
* tests its console with TIO, which only the control program can
* answer (an exit in every mode).  Adams & Agesen's point: when exits
* dominate, a hardware assist has nothing left to speed up.
*---------------------------------------------------------------------
IOLOOP   START X'1000'
         BALR  12,0
         USING *,12
         L     2,ITER
         SR    3,3
LOOP     TIO   X'009'                  an exit to CP, in every mode
         LA    3,1(,3)
         BCT   2,LOOP
         LPSW  DONE
         DS    0D
DONE     DC    X'00020000',A(0)
ITER     DC    F'1000'
         END
