*---------------------------------------------------------------------
* DMSFRE - FREE STORAGE MANAGEMENT
*
* FUNCTION: KEEPS THE CHAIN OF FREE STORAGE BLOCKS AND GIVES OUT AND
*           TAKES BACK DOUBLEWORD-ALIGNED PIECES OF IT, FOR THE
*           NUCLEUS (FST BLOCKS, FILE BUFFERS, EXEC AND EDIT STORAGE)
*           AND FOR PROGRAMS.
* STORAGE:  TWO EXTENTS ARE FREE AFTER DMSFRINI:
*             LOW   FROM THE END OF THE NUCLEUS (NUCLEND, DMSEND) TO
*                   FRELOWND;
*             HIGH  FROM USERTOP TO THE END OF STORAGE (VMSIZE), THE
*                   UPPER HALF OF WHAT IS ABOVE X'20000' (ROUNDED TO A
*                   PAGE).  X'20000' TO USERTOP IS THE USER PROGRAM
*                   AREA (LOAD, START, MODULES), AS IN R6.
* CHAIN:    NUCON FREELIST -> THE LOWEST FREE BLOCK; EVERY FREE BLOCK
*           HOLDS FREEBLK (-> NEXT HIGHER FREE BLOCK, BYTE LENGTH).
*           THE CHAIN IS IN ADDRESS ORDER AND NEIGHBOURS ARE MERGED,
*           SO IT NEVER HOLDS TWO ADJACENT BLOCKS.
* ENTRIES:  (L R15,ADMSFREE / ADMSFRET; BALR R14,R15 - OR THE DMSFREE
*           AND DMSFRET MACROS.  R2-R14 ARE KEPT.)
*   DMSFREE  R0 = DOUBLEWORDS WANTED.  OUT: R1 -> THE BLOCK, ZEROED,
*            R15 = 0; R15 = 1 (R1 = 0) IF NO FREE BLOCK IS LARGE
*            ENOUGH OR R0 IS NOT POSITIVE.  FIRST FIT; THE PIECE IS
*            CUT FROM THE HIGH END OF THE FREE BLOCK.
*   DMSFRET  R0 = DOUBLEWORDS, R1 -> THE BLOCK.  OUT: R15 = 0; 5 IF
*            THE BLOCK IS NOT ALIGNED OR ITS LENGTH NOT POSITIVE, 7 IF
*            IT OVERLAPS FREE STORAGE (A BLOCK GIVEN BACK TWICE).
*   DMSFRINI FROM DMSINS, ONCE VMSIZE IS KNOWN: BUILDS THE CHAIN.
* (R6 CMS REACHED ITS DMSFREE BY SVC 203 WITH TYPE=USER/NUCLEUS
* SUBPOOLS; THIS NUCLEUS HAS ONE POOL AND A DIRECT CALL.)
*---------------------------------------------------------------------
         FREEBLK
DMSFRE   CSECT
         ENTRY DMSFREE,DMSFRET,DMSFRINI
         EXTRN NUCLEND
         REGEQU
         USING NUCON,R0
         USING FREEBLK,R5
*                                      DMSFREE: GET R0 DOUBLEWORDS
DMSFREE  STM   R14,R12,FRESAVE
         L     R12,ADMSFRE
         USING DMSFRE,R12
         LR    R3,R0
         SLL   R3,3                    BYTES WANTED
         LTR   R3,R3
         BNP   FRENONE
         LA    R4,FREELIST             R4 -> THE LINK TO R5
FRESCAN  L     R5,0(,R4)
         LTR   R5,R5
         BZ    FRENONE                 END OF THE CHAIN
         C     R3,FREELEN
         BNH   FREFIT
         LA    R4,FREENEXT
         B     FRESCAN
FREFIT   BE    FREWHOLE
         L     R6,FREELEN              CUT FROM THE HIGH END
         SR    R6,R3
         ST    R6,FREELEN
         LA    R1,0(R6,R5)
         B     FREZERO
FREWHOLE MVC   0(4,R4),FREENEXT        THE WHOLE BLOCK: UNCHAIN IT
         LR    R1,R5
FREZERO  LR    R8,R1                   CLEAR IT
         LR    R9,R3
         SR    R10,R10
         SR    R11,R11
         MVCL  R8,R10
         SR    R15,R15
         B     FRERET
FRENONE  SR    R1,R1
         LA    R15,1
FRERET   L     R14,FRESAVE
         LM    R2,R12,FRESAVE+16
         BR    R14
*                                      DMSFRET: GIVE BACK R0 DWORDS
DMSFRET  STM   R14,R12,FRESAVE
         L     R12,ADMSFRE
         LR    R3,R0
         SLL   R3,3                    BYTES
         LTR   R3,R3
         BNP   FRETBAD
         LR    R7,R1                   THE BLOCK
         LA    R7,0(,R7)
         LR    R2,R7
         N     R2,=F'7'
         BNZ   FRETBAD                 NOT A DOUBLEWORD
         LA    R4,FREELIST             FIND ITS PLACE IN THE CHAIN:
         SR    R8,R8                   R8 = FREE BLOCK BELOW (OR 0)
FRETSCAN L     R5,0(,R4)               R5 = FREE BLOCK ABOVE (OR 0)
         LTR   R5,R5
         BZ    FRETPLAC
         CR    R5,R7
         BH    FRETPLAC
         LR    R8,R5
         LA    R4,FREENEXT
         B     FRETSCAN
FRETPLAC LTR   R8,R8                   OVERLAP WITH THE ONE BELOW?
         BZ    FRETUP
         L     R9,FREELEN-FREEBLK(,R8)
         AR    R9,R8
         CR    R9,R7
         BH    FRETOVER
FRETUP   LTR   R5,R5                   OVERLAP WITH THE ONE ABOVE?
         BZ    FRETLINK
         LA    R9,0(R3,R7)
         CR    R9,R5
         BH    FRETOVER
FRETLINK LTR   R8,R8                   ADJACENT TO THE ONE BELOW:
         BZ    FRETNEW                 GROW IT
         L     R9,FREELEN-FREEBLK(,R8)
         LA    R10,0(R9,R8)
         CR    R10,R7
         BNE   FRETNEW
         AR    R9,R3
         ST    R9,FREELEN-FREEBLK(,R8)
         LR    R7,R8
         B     FRETMRG
FRETNEW  ST    R5,FREENEXT-FREEBLK(,R7) A BLOCK OF ITS OWN
         ST    R3,FREELEN-FREEBLK(,R7)
         ST    R7,0(,R4)
FRETMRG  LTR   R5,R5                   ADJACENT TO THE ONE ABOVE:
         BZ    FRETOK                  ABSORB IT
         L     R9,FREELEN-FREEBLK(,R7)
         LA    R10,0(R9,R7)
         CR    R10,R5
         BNE   FRETOK
         A     R9,FREELEN
         ST    R9,FREELEN-FREEBLK(,R7)
         MVC   FREENEXT-FREEBLK(4,R7),FREENEXT
FRETOK   SR    R15,R15
         B     FRERET
FRETBAD  LA    R15,5
         B     FRERET
FRETOVER LA    R15,7
         B     FRERET
*                                      DMSFRINI: BUILD THE CHAIN
DMSFRINI STM   R14,R12,FRESAVE
         L     R12,ADMSFRE
         MVC   FRISAVE(60),FRESAVE     DMSFRET USES FRESAVE
         XC    FREELIST,FREELIST
         L     R7,=A(NUCLEND)          LOW EXTENT
         LA    R7,7(,R7)
         N     R7,=F'-8'
         L     R3,=A(FRELOWND)
         SR    R3,R7
         BNP   FRIHIGH                 THE NUCLEUS FILLS IT
         LR    R1,R7
         LR    R0,R3
         SRL   R0,3
         BAL   R14,DMSFRET
FRIHIGH  L     R3,VMSIZE               HIGH EXTENT
         S     R3,=A(USERAREA)
         SRL   R3,1
         N     R3,=F'-4096'            HALF OF IT, WHOLE PAGES
         L     R7,VMSIZE
         SR    R7,R3
         ST    R7,USERTOP
         LTR   R3,R3
         BNP   FRIDONE
         LR    R1,R7
         LR    R0,R3
         SRL   R0,3
         BAL   R14,DMSFRET
FRIDONE  L     R14,FRISAVE
         LM    R0,R12,FRISAVE+8
         BR    R14
*
USERAREA EQU   X'20000'                START OF THE USER PROGRAM AREA
FRELOWND EQU   X'20000'                END OF LOW FREE STORAGE (THE
*                                      USER AREA FOLLOWS)
         LTORG
FRISAVE  DS    15F
         NUCON
         END
