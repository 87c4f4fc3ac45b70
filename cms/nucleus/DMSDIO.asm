*---------------------------------------------------------------------
* DMSDIO - READ OR WRITE ONE 800-BYTE BLOCK OF A CMS DISK (DIAG X'18')
*
* FUNCTION: BLOCK N (FROM 1) OF THE DISK OF AN ADT ENTRY LIES ON
*           TRACK T = (N-1)/RPT, RECORD R = (N-1)//RPT + 1, CYLINDER
*           T/HEADS, HEAD T//HEADS (SPEC CMS.MD 1.1; CP RELOCATES THE
*           CYLINDER BY THE MINIDISK'S START).  THE CHANNEL PROGRAM
*           HAS THE SHAPE CP REQUIRES FOR DIAGNOSE X'18': SEEK,
*           SEARCH ID EQUAL, TIC *-8, READ DATA 800 BYTES; R15 = 1
*           READ CCW.  CP RUNS IT SYNCHRONOUSLY; NO I/O INTERRUPTION.
* ENTRY:    BALR R14,R15 WITH R15 = A(DMSDIO), R1 -> ADT ENTRY,
*           R0 = BLOCK NUMBER, R2 -> 800-BYTE BUFFER.
*           DMSDIOW: THE SAME, WRITING THE BLOCK (WRITE DATA).
*           (CP REFUSES A WRITE TO A R/O LINK: CC 1, R15 = 3 -> 103.)
* EXIT:     R15 = 0 DONE; OTHERWISE 100 * CC + CP'S R15 CODE.
*           OTHER REGISTERS UNCHANGED.
*---------------------------------------------------------------------
         ADT
DMSDIO   CSECT
         ENTRY DMSDIOW
         REGEQU
         USING NUCON,R0
         USING DMSDIO,R15
         STM   R0,R14,DIOREGS
         MVI   DIOOP,X'06'             READ DATA
         B     DIOGO
         DROP  R15
         USING DMSDIOW,R15
DMSDIOW  STM   R0,R14,DIOREGS          WRITE: SAME ARGUMENTS
         MVI   DIOOP,X'05'             WRITE DATA
DIOGO    BALR  R12,0
         DROP  R15
         USING *,R12
         USING ADTD,R1
         ST    R2,DIOREAD              DATA ADDRESS
         MVC   DIOREAD(1),DIOOP
         LR    R5,R0
         BCTR  R5,0                    N-1
         SR    R4,R4
         LH    R6,ADTRPT
         DR    R4,R6                   R5 = TRACK; R4 = RECORD-1
         LA    R4,1(,R4)
         STC   R4,DIOSRCH+4            R
         SR    R4,R4
         LH    R6,ADTHEADS
         DR    R4,R6                   R5 = CYLINDER; R4 = HEAD
         STH   R5,DIOSEEK+2            BBCCHH
         STH   R4,DIOSEEK+4
         MVC   DIOSRCH(4),DIOSEEK+2    CCHH
         LH    R2,ADTCUU
         LA    R4,DIOCCW
         LA    R15,1                   ONE READ CCW
         DIAG  R2,R4,X'18'
         BC    8,DIOOK
         BALR  R3,0                    BC MODE: CC IN BITS 2-3
         SRL   R3,28
         N     R3,=F'3'
         MH    R3,=H'100'
         AR    R15,R3
         B     DIORET
DIOOK    SR    R15,R15
DIORET   LM    R0,R14,DIOREGS
         BR    R14
         DROP  R1
*
         DS    0D
DIOCCW   CCW   X'07',DIOSEEK,X'40',6   SEEK
DIOSRCH1 CCW   X'31',DIOSRCH,X'40',5   SEARCH ID EQUAL
         CCW   X'08',DIOSRCH1,0,1      TIC *-8
DIOREAD  CCW   X'06',0,X'20',800       READ DATA - SLI
DIOSEEK  DC    XL6'00'                 BBCCHH
DIOSRCH  DC    XL5'00'                 CCHHR
DIOREGS  DS    15F
DIOOP    DS    X
         LTORG
         NUCON
         END
