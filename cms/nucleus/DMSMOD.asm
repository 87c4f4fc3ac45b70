*---------------------------------------------------------------------
* DMSMOD - GENMOD AND LOADMOD: PROGRAMS AS MODULE FILES
*
* GENMOD [FN [MODULE [FM]]] [(FROM ENTRY1 TO ENTRY2 ...]
*           WRITES WHAT LOAD/INCLUDE (OR LOADMOD) PUT IN STORAGE,
*           NUCON LDRORIG TO LDRNEXT (OR FROM ENTRY1 UP TO, NOT
*           INCLUDING, ENTRY2 - THE END IS UNVERIFIED), AS THE FILE
*           FN MODULE FM (FN DEFAULT: THE FIRST NAME IN THE LOAD MAP,
*           FM DEFAULT A1), REPLACING AN OLD ONE.  MAP NOMAP STR
*           NOSTR OS DOS ALL SYSTEM ARE ACCEPTED AND IGNORED.
* LOADMOD FN
*           READS  FN MODULE  (FIRST IN SEARCH ORDER) BACK TO ITS
*           SAVED ADDRESS AND SETS THE ENTRY POINT FOR START *.
* DMSMODS   THE SVC 202 MODULE SEARCH (FROM DMSITS): R1 -> CL8 NAME.
*           LOADS  NAME MODULE  SILENTLY; R15 = 0 AND NUCON LDRENTRY
*           = ITS ENTRY, OR R15 = 28 (NO SUCH MODULE) / OTHER CODES.
* FILE:     F 800 RECORDS.  RECORD 1 IS THE HEADER (THIS NUCLEUS'S
*           OWN LAYOUT; R6'S MODULE HEADER IS NOT REPRODUCED):
*             +0  CL8'CMSMOD'   +8  A(ORIGIN)   +12 A(END)
*             +16 A(ENTRY)      +20 A(FIRST CONTROL SECTION)
*           RECORDS 2.. ARE STORAGE FROM ORIGIN, 800 BYTES EACH.
* RETURN:   0; 24 BAD OPERAND; 28 NOT FOUND; 40 NOTHING LOADED;
*           104 THE MODULE DOES NOT FIT; 32 NOT A MODULE FILE;
*           RDBUF/WRBUF CODES OTHERWISE.
*---------------------------------------------------------------------
DMSMOD   CSECT
         ENTRY DMSMODL,DMSMODS
         REGEQU
         USING NUCON,R0
*                                      GENMOD
         STM   R14,R12,12(R13)
         LR    R12,R15
         USING DMSMOD,R12
         LR    R10,R1
         L     R2,LDRNEXT
         LTR   R2,R2
         BZ    GMNONE                  NOTHING LOADED
         MVC   GMFROM,LDRORIG          DEFAULT RANGE: ALL OF IT
         MVC   GMTO,LDRNEXT
         MVC   WRFSCB+24(2),=C'A1'
         LA    R2,8(,R10)              -> NEXT TOKEN
         BAL   R9,GMEND
         BNE   GMFN
         SR    R1,R1                   NO FN: THE FIRST NAME LOADED
         ST    R13,GMSAVE+4
         LA    R13,GMSAVE
         L     R15,=V(DMSLDRF)
         BALR  R14,R15
         L     R13,GMSAVE+4
         LTR   R15,R15
         BNZ   GMNONE
         MVC   WRFSCB+8(8),0(R1)
         B     GMOPT0
GMFN     MVC   WRFSCB+8(8),0(R2)       FN
         LA    R2,8(,R2)
         BAL   R9,GMEND
         BE    GMOPT0
         CLC   0(8,R2),=CL8'MODULE'
         BNE   GMBADOP
         LA    R2,8(,R2)
         BAL   R9,GMEND
         BE    GMOPT0
         MVC   WRFSCB+24(2),0(R2)      FM
         CLI   WRFSCB+25,C' '
         BNE   *+8
         MVI   WRFSCB+25,C'1'
         LA    R2,8(,R2)
GMOPT0   CLI   0(R2),C'('              OPTIONS?
         BNE   GMRANGE
GMOPT    LA    R2,8(,R2)
         CLI   0(R2),X'FF'
         BE    GMRANGE
         CLC   0(8,R2),=CL8')'
         BE    GMRANGE
         LA    R3,GMFROM
         CLC   0(8,R2),=CL8'FROM'
         BE    GMOPTN
         LA    R3,GMTO
         CLC   0(8,R2),=CL8'TO'
         BE    GMOPTN
         LA    R3,GMOPTAB              ACCEPTED, NOTHING TO DO
GMOPTL   CLI   0(R3),X'FF'
         BE    GMBADOP
         CLC   0(8,R2),0(R3)
         BE    GMOPT
         LA    R3,8(,R3)
         B     GMOPTL
GMOPTN   LA    R2,8(,R2)               FROM/TO NAME
         CLI   0(R2),X'FF'
         BE    GMBADOP
         LR    R1,R2
         ST    R13,GMSAVE+4
         LA    R13,GMSAVE
         L     R15,=V(DMSLDRF)
         BALR  R14,R15
         L     R13,GMSAVE+4
         LTR   R15,R15
         BNZ   GMNOENT
         ST    R0,0(,R3)
         B     GMOPT
GMRANGE  CLC   GMFROM,GMTO
         BNL   GMBADRNG
GMFMOK   MVC   ERPLIST+8(8),WRFSCB+8   ERASE THE OLD ONE
         MVC   ERPLIST+24(2),WRFSCB+24
         LA    R1,ERPLIST
         SVC   202
         DC    AL4(1)
         XC    MODBUF(256),MODBUF      THE HEADER
         XC    MODBUF+256(256),MODBUF+256
         XC    MODBUF+512(256),MODBUF+512
         XC    MODBUF+768(32),MODBUF+768
         MVC   MODBUF(8),=CL8'CMSMOD'
         MVC   MODBUF+8(4),GMFROM
         MVC   MODBUF+12(4),GMTO
         MVC   MODBUF+16(4),GMFROM     ENTRY: LDRENTRY IF INSIDE
         CLC   LDRENTRY,GMFROM
         BL    GMNOENTR
         CLC   LDRENTRY,GMTO
         BNL   GMNOENTR
         MVC   MODBUF+16(4),LDRENTRY
GMNOENTR MVC   MODBUF+20(4),GMFROM
         LA    R2,1
         STH   R2,WRFSCB+26
         LA    R2,MODBUF
         ST    R2,WRFSCB+28
         LA    R1,WRFSCB
         SVC   202                     WRBUF THE HEADER
         DC    AL4(1)
         LTR   R15,R15
         BNZ   GMWERR
         L     R6,GMFROM               THEN THE STORAGE
GMDATA   C     R6,GMTO
         BNL   GMCLOSE
         LH    R2,WRFSCB+26
         LA    R2,1(,R2)
         STH   R2,WRFSCB+26
         ST    R6,WRFSCB+28
         LA    R1,WRFSCB
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   GMWERR
         LA    R6,MODREC(,R6)
         B     GMDATA
GMCLOSE  MVC   FNFSCB+8(18),WRFSCB+8
         LA    R1,FNFSCB
         SVC   202                     FINIS
         DC    AL4(1)
         SR    R15,R15
         B     MODRET
GMWERR   LR    R6,R15
         CMSMSG 'DMSMOD105S ERROR WRITING FILE',INSERT=WRFSCB+8
         LR    R15,R6
         B     MODRET
GMNOENT  MVC   MSGNAME,0(R2)
         CMSMSG 'DMSMOD021E ENTRY POINT NOT FOUND',INSERT=MSGNAME
         LA    R15,40
         B     MODRET
GMBADRNG CMSMSG 'DMSMOD075E FROM ADDRESS NOT BELOW TO ADDRESS'
         LA    R15,24
         B     MODRET
*
* GMEND: CC EQUAL IF THE TOKEN AT R2 IS THE FENCE OR (.  R9 = RET.
GMEND    CLI   0(R2),X'FF'
         BER   R9
         CLI   0(R2),C'('
         BR    R9
*
GMNOFN   CMSMSG 'DMSMOD001E NO FILENAME SPECIFIED'
         LA    R15,24
         B     MODRET
GMBADOP  CMSMSG 'DMSMOD070E INVALID PARAMETER',INSERT=0(R2)
         LA    R15,24
         B     MODRET
GMNONE   CMSMSG 'DMSMOD089E NOTHING LOADED'
         LA    R15,40
MODRET   L     R14,12(,R13)
         LM    R0,R12,20(R13)
         BR    R14
*
*                                      LOADMOD FN
DMSMODL  STM   R14,R12,12(R13)
         USING DMSMODL,R15
         L     R12,=A(DMSMOD)
         DROP  R15
         LR    R10,R1
         CLI   8(R10),X'FF'
         BE    GMNOFN
         CLI   8(R10),C'('
         BE    GMNOFN
         LA    R9,8(,R10)
         MVI   SILENT,0
         BAL   R8,LMLOAD
         B     MODRET
*                                      SVC 202 SEARCH
DMSMODS  STM   R14,R12,12(R13)
         USING DMSMODS,R15
         L     R12,=A(DMSMOD)
         DROP  R15
         LR    R9,R1
         MVI   SILENT,1
         BAL   R8,LMLOAD
         B     MODRET
*
* LMLOAD: LOAD  (R9) MODULE.  R8 = RETURN, R15 = RC.
LMLOAD   MVC   STPLIST+8(8),0(R9)
         LA    R1,STPLIST
         SVC   202                     STATE FN MODULE *
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LMNOTF
         MVC   RDFSCB+8(8),0(R9)
         MVC   RDFSCB+24(2),=CL2' '    ANY DISK: FIRST IN ORDER
         LA    R2,1
         STH   R2,RDFSCB+26
         LA    R1,RDFSCB
         SVC   202                     THE HEADER
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LMRERR
         CLC   MODBUF(8),=CL8'CMSMOD'
         BNE   LMBAD
         L     R6,MODBUF+8             ORIGIN
         L     R7,MODBUF+12            END
         C     R6,=A(USERAREA)
         BL    LMFULL
         C     R7,USERTOP
         BH    LMFULL
         MVC   LDRORIG,MODBUF+8
         MVC   LDRNEXT,MODBUF+12
         MVC   LDRENTRY,MODBUF+16
         MVC   LDRFIRST,MODBUF+20
LMDATA   CR    R6,R7
         BNL   LMCLOSE
         LH    R2,RDFSCB+26
         LA    R2,1(,R2)
         STH   R2,RDFSCB+26
         LA    R1,RDFSCB
         SVC   202
         DC    AL4(1)
         LTR   R15,R15
         BNZ   LMRERR
         LR    R3,R7                   MOVE MIN(800, END-HERE)
         SR    R3,R6
         C     R3,=A(MODREC)
         BNH   *+8
         LA    R3,MODREC
         LR    R2,R6
         LA    R4,MODBUF
         LR    R5,R3
         MVCL  R2,R4
         LA    R6,MODREC(,R6)
         B     LMDATA
LMCLOSE  MVC   FNFSCB+8(18),RDFSCB+8
         LA    R1,FNFSCB
         SVC   202
         DC    AL4(1)
         SR    R15,R15
         BR    R8
LMNOTF   LA    R15,28
         CLI   SILENT,0
         BNER  R8
         MVC   MSGNAME,0(R9)
         CMSMSG 'DMSMOD002E FILE NOT FOUND',INSERT=MSGNAME
         LA    R15,28
         BR    R8
LMRERR   LR    R6,R15
         CLI   SILENT,0
         BNE   LMRERR2
         CMSMSG 'DMSMOD105S ERROR READING FILE',INSERT=RDFSCB+8
LMRERR2  LR    R15,R6
         BR    R8
LMBAD    LA    R15,32
         CLI   SILENT,0
         BNER  R8
         CMSMSG 'DMSMOD074E NOT A MODULE FILE',INSERT=RDFSCB+8
         LA    R15,32
         BR    R8
LMFULL   LA    R15,104
         CLI   SILENT,0
         BNER  R8
         CMSMSG 'DMSMOD109S VIRTUAL STORAGE CAPACITY EXCEEDED'
         LA    R15,104
         BR    R8
*
USERAREA EQU   X'20000'
MODREC   EQU   800                     MODULE RECORD LENGTH
SILENT   DS    X
GMSAVE   DS    18F                     FOR DMSLDRF
GMFROM   DS    A                       GENMOD RANGE
GMTO     DS    A
GMOPTAB  DC    CL8'MAP',CL8'NOMAP',CL8'STR',CL8'NOSTR',CL8'OS'
         DC    CL8'DOS',CL8'ALL',CL8'SYSTEM',X'FF'
MSGNAME  DS    CL8
         DS    0F
STPLIST  DC    CL8'STATE',CL8' ',CL8'MODULE',CL8'*',8X'FF'
ERPLIST  DC    CL8'ERASE',CL8' ',CL8'MODULE',CL8'A1',8X'FF'
RDFSCB   DC    CL8'RDBUF',CL8' ',CL8'MODULE',CL2'A1',H'1'
         DC    A(MODBUF),A(MODREC),C'F',X'00',H'1',F'0'
WRFSCB   DC    CL8'WRBUF',CL8' ',CL8'MODULE',CL2'A1',H'1'
         DC    A(MODBUF),A(MODREC),C'F',X'00',H'1',F'0'
FNFSCB   DC    CL8'FINIS',CL8' ',CL8'MODULE',CL2'A1',H'0'
         DC    A(0),F'0',C'F',X'00',H'0',F'0'
         LTORG
MODBUF   DS    (MODREC)X
         NUCON
         END
