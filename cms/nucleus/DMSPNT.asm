*---------------------------------------------------------------------
* DMSPNT - POINT: SET A FILE'S READ AND WRITE POINTERS (FSPOINT)
*
* FUNCTION: THE NEXT SEQUENTIAL RDBUF (FSCBITNO 0) READS RECORD
*           RDPNT, THE NEXT SEQUENTIAL WRBUF WRITES RECORD WRPNT (0 =
*           LEAVE IT).  A FILE NOT OPEN IS OPENED FOR READING.
* CALL:     SVC 202, R1 -> CL8'POINT',CL8'FN',CL8'FT',CL2'FM',
*           H'WRPNT',H'RDPNT' (THE FSPOINT MACRO BUILDS IT).
* EXIT:     R15 = 0; 1 FILE NOT FOUND; 2 A POINTER OVER 65534;
*           25 NO STORAGE.
*---------------------------------------------------------------------
         ADT
         AFT
DMSPNT   CSECT
         REGEQU
         USING NUCON,R0
         USING DMSPNT,R12
         STM   R14,R12,12(R13)
         LR    R10,R1
         MVC   PNTFID(16),8(R10)
         MVC   PNTFID+16(8),=CL8'*'
         CLI   24(R10),C' '
         BNH   PNTFIND
         MVC   PNTFID+16(1),24(R10)
PNTFIND  LA    R1,PNTFID
         L     R15,ADMSLFS
         BALR  R14,R15
         LTR   R15,R15
         BNZ   PNTNOTF
         LR    R8,R1                   -> ADT
         LR    R3,R2                   -> FST
         LR    R0,R8
         LA    R1,PNTFID
         L     R15,=V(AUDFIND)
         BALR  R14,R15
         LTR   R15,R15
         BZ    PNTOPEN
         LR    R0,R8
         LA    R1,PNTFID
         LA    R2,AFTFRD
         L     R15,=V(AUDOPEN)
         BALR  R14,R15
         LTR   R15,R15
         BNZ   PNTRET
PNTOPEN  LR    R9,R1
         USING AFTD,R9
         LH    R0,26(,R10)             WRITE POINTER
         N     R0,=F'65535'
         BZ    PNTRD
         C     R0,=F'65534'
         BH    PNTBAD
         ST    R0,AFTWNO
PNTRD    LH    R0,28(,R10)             READ POINTER
         N     R0,=F'65535'
         BZ    PNTOK
         C     R0,=F'65534'
         BH    PNTBAD
         ST    R0,AFTPNT
         MVC   AFTRNO,=F'1'            V: SCAN FROM THE START
         XC    AFTROFF,AFTROFF
PNTOK    SR    R15,R15
         B     PNTRET
PNTBAD   LA    R15,2
         B     PNTRET
PNTNOTF  LA    R15,1
PNTRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
PNTFID   DS    CL24
         LTORG
         NUCON
         END
