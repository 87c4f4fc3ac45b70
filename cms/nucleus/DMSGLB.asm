*---------------------------------------------------------------------
* DMSGLB - GLOBAL AND FILEDEF
*
* GLOBAL MACLIB|TXTLIB [LIBNAME ...]
*           NAMES THE LIBRARIES (AT MOST 8, EACH  NAME MACLIB/TXTLIB
*           ON AN ACCESSED DISK) THAT ASSEMBLE (MACLIB) AND THE
*           LOADER (TXTLIB) SEARCH; NO NAMES CLEARS THE LIST.  THE
*           NAMES GO TO NUCON GLBMAC/GLBTXT.  A LIBRARY NOT FOUND
*           LEAVES THE OLD LIST (RC 28).
* FILEDEF [DDNAME DEVICE [FN [FT [FM]]] [(OPTIONS]]
*           RECORDS AN OS DATA SET DEFINITION (DEVICE DISK, TAPN,
*           PRINTER, PUNCH, READER, TERMINAL OR DUMMY; DISK FILES
*           DEFAULT TO  FILE DDNAME A1); OPTIONS ARE ACCEPTED AND
*           NOT KEPT.  FILEDEF DDNAME|* CLEAR DROPS DEFINITIONS;
*           FILEDEF ALONE LISTS THEM.  (NO OS SIMULATION USES THEM
*           YET.)
* RETURN:   0; 24 BAD OPERAND; 28 LIBRARY NOT FOUND; 104 TABLE FULL.
*---------------------------------------------------------------------
DMSGLB   CSECT
         ENTRY DMSFLD
         REGEQU
         USING NUCON,R0
         STM   R14,R12,12(R13)
         LR    R12,R15
         USING DMSGLB,R12
         LR    R10,R1
         LA    R6,GLBMAC               MACLIB?
         LA    R7,GLBMACN
         MVC   STPLIST+16(8),=CL8'MACLIB'
         CLC   8(8,R10),=CL8'MACLIB'
         BE    GLBNAMES
         LA    R6,GLBTXT               TXTLIB?
         LA    R7,GLBTXTN
         MVC   STPLIST+16(8),=CL8'TXTLIB'
         CLC   8(8,R10),=CL8'TXTLIB'
         BE    GLBNAMES
         CLI   8(R10),X'FF'
         BE    GLBNOFN
         MVC   MSGNAME,8(R10)
         CMSMSG 'DMSGLB014E INVALID FUNCTION',INSERT=MSGNAME
         LA    R15,24
         B     GLBRET
GLBNOFN  CMSMSG 'DMSGLB047E NO FUNCTION SPECIFIED'
         LA    R15,24
         B     GLBRET
GLBNAMES LA    R2,16(,R10)             CHECK EVERY NAME FIRST
         SR    R3,R3
GLBCHK   CLI   0(R2),X'FF'
         BE    GLBSET
         LA    R3,1(,R3)
         C     R3,=F'8'
         BH    GLBMANY
         MVC   STPLIST+8(8),0(R2)
         LA    R1,STPLIST
         SVC   202                     STATE NAME MACLIB *
         DC    AL4(1)
         LTR   R15,R15
         BNZ   GLBNOTF
         LA    R2,8(,R2)
         B     GLBCHK
GLBSET   STH   R3,0(,R7)               THE NEW LIST
         LTR   R3,R3
         BZ    GLBOK
         SLL   R3,3
         BCTR  R3,0
         EX    R3,GLBMOVE
GLBOK    SR    R15,R15
         B     GLBRET
GLBMOVE  MVC   0(0,R6),16(R10)
GLBMANY  CMSMSG 'DMSGLB108E MORE THAN 8 LIBRARIES SPECIFIED'
         LA    R15,24
         B     GLBRET
GLBNOTF  MVC   MSGNAME,0(R2)
         CMSMSG 'DMSGLB002E FILE NOT FOUND',INSERT=MSGNAME
         LA    R15,28
GLBRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
*---------------------------------------------------------------------
* FILEDEF
DMSFLD   STM   R14,R12,12(R13)
         USING DMSFLD,R15
         L     R12,=A(DMSGLB)
         DROP  R15
         LR    R10,R1
         CLI   8(R10),X'FF'
         BE    FLDLIST
         CLI   16(R10),X'FF'
         BE    FLDNODEV
         CLC   16(8,R10),=CL8'CLEAR'
         BE    FLDCLEAR
         LA    R3,DEVTAB               A KNOWN DEVICE?
FLDDEV   CLI   0(R3),X'FF'
         BE    FLDBADEV
         CLC   16(8,R10),0(R3)
         BE    FLDDEVOK
         LA    R3,8(,R3)
         B     FLDDEV
FLDDEVOK BAL   R9,FLDFIND              AN ENTRY FOR THE DDNAME
         LTR   R4,R4
         BNZ   FLDFILL
         BAL   R9,FLDFREE
         LTR   R4,R4
         BZ    FLDFULL
FLDFILL  MVC   0(8,R4),8(R10)          DDNAME
         MVC   8(8,R4),16(R10)         DEVICE
         MVC   16(24,R4),=CL24' '
         CLC   16(8,R10),=CL8'DISK'
         BNE   FLDOK
         MVC   16(8,R4),=CL8'FILE'     DISK DEFAULTS: FILE DDNAME A1
         MVC   24(8,R4),8(R10)
         MVC   32(2,R4),=C'A1'
         LA    R2,24(,R10)
         CLI   0(R2),X'FF'
         BE    FLDOK
         CLI   0(R2),C'('
         BE    FLDOK
         MVC   16(8,R4),0(R2)          FN
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    FLDOK
         CLI   0(R2),C'('
         BE    FLDOK
         MVC   24(8,R4),0(R2)          FT
         LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    FLDOK
         CLI   0(R2),C'('
         BE    FLDOK
         MVC   32(2,R4),0(R2)          FM
         CLI   33(R4),C' '
         BNE   FLDOK
         MVI   33(R4),C'1'
FLDOK    SR    R15,R15
         B     GLBRET
FLDCLEAR CLC   8(8,R10),=CL8'*'
         BE    FLDCLALL
         BAL   R9,FLDFIND
         LTR   R4,R4
         BZ    FLDOK                   NOT DEFINED: NOTHING TO DO
         XC    0(FLDLEN,R4),0(R4)
         B     FLDOK
FLDCLALL LA    R4,FLDTAB
         LA    R5,FLDLEN*FLDMAX
         SR    R7,R7
         MVCL  R4,R6                   R7 = 0: ZEROS
         B     FLDOK
FLDLIST  LA    R4,FLDTAB               TYPE THE DEFINITIONS
         LA    R5,FLDMAX
         SR    R6,R6
FLDLNEXT CLI   0(R4),0
         BE    FLDLSKIP
         LA    R6,1(,R6)
         MVC   OUTLINE(44),=CL44' '
         MVC   OUTLINE(8),0(R4)
         MVC   OUTLINE+9(8),8(R4)
         MVC   OUTLINE+18(8),16(R4)
         MVC   OUTLINE+27(8),24(R4)
         MVC   OUTLINE+36(2),32(R4)
         LA    R2,OUTLINE
         LA    R3,38
         WRTERM (R2),(R3)
FLDLSKIP LA    R4,FLDLEN(,R4)
         BCT   R5,FLDLNEXT
         LTR   R6,R6
         BNZ   FLDOK
         WRTERM 'NO FILEDEFS IN EFFECT'
         B     FLDOK
FLDNODEV CMSMSG 'DMSFLD050E PARAMETER MISSING AFTER DDNAME'
         LA    R15,24
         B     GLBRET
FLDBADEV MVC   MSGNAME,16(R10)
         CMSMSG 'DMSFLD003E INVALID DEVICE',INSERT=MSGNAME
         LA    R15,24
         B     GLBRET
FLDFULL  CMSMSG 'DMSFLD104S TOO MANY FILEDEFS'
         LA    R15,104
         B     GLBRET
*
* FLDFIND: R4 -> THE ENTRY FOR DDNAME 8(R10), OR 0.  R9 = RETURN.
FLDFIND  LA    R4,FLDTAB
         LA    R5,FLDMAX
FLDFLOOP CLI   0(R4),0
         BE    FLDFSKIP
         CLC   0(8,R4),8(R10)
         BER   R9
FLDFSKIP LA    R4,FLDLEN(,R4)
         BCT   R5,FLDFLOOP
         SR    R4,R4
         BR    R9
* FLDFREE: R4 -> AN UNUSED ENTRY, OR 0.
FLDFREE  LA    R4,FLDTAB
         LA    R5,FLDMAX
FLDELOOP CLI   0(R4),0
         BER   R9
         LA    R4,FLDLEN(,R4)
         BCT   R5,FLDELOOP
         SR    R4,R4
         BR    R9
*
FLDLEN   EQU   40                      DDNAME DEVICE FN FT FM (PAD)
FLDMAX   EQU   16
DEVTAB   DC    CL8'DISK',CL8'PRINTER',CL8'PUNCH',CL8'READER'
         DC    CL8'TERMINAL',CL8'DUMMY'
         DC    CL8'TAP0',CL8'TAP1',CL8'TAP2',CL8'TAP3',CL8'TAP4'
         DC    CL8'TAP5',CL8'TAP6',CL8'TAP7',CL8'TAP8',CL8'TAP9'
         DC    CL8'TAPE'
         DC    X'FF'
MSGNAME  DS    CL8
         DS    0F
STPLIST  DC    CL8'STATE',CL8' ',CL8'MACLIB',CL8'*',8X'FF'
         LTORG
FLDTAB   DC    (FLDLEN*FLDMAX)X'00'
         NUCON
         END
