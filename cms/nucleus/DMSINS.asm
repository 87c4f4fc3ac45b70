*---------------------------------------------------------------------
* DMSINS - NUCLEUS INITIALIZATION
*
* FUNCTION: GETS CONTROL FROM THE IPL PSW (DISABLED, SUPERVISOR
*           STATE, BC MODE).  IT
*           1. KEEPS THE IPL DEVICE ADDRESS (BYTES 2-3 OF THE IPL PSW,
*              STORED THERE BY THE IPL) IN IPLADDR;
*           2. ASKS CP FOR THE STORAGE SIZE (DIAGNOSE X'60') -> VMSIZE,
*              WITH WHICH DMSFRINI SETS UP FREE STORAGE,
*              AND FOR ITS CONSOLE'S ADDRESS (DIAGNOSE X'24' WITH -1;
*              BYTES 2-3 OF RX) -> CONSADDR, WHICH STAYS 009 IF CP
*              KNOWS NO CONSOLE (CC 3);
*           3. TAKES THE FIRST DIAGNOSE X'0C' READING AS THE BASE OF
*              THE FIRST READY MESSAGE'S TIMES;
*           4. ACCESSES THE SYSTEM DISK 190 AS S, THE USER'S 191 AS A
*              AND 19E AS Y (A DISK OF ITS OWN, NOT YET AN EXTENSION
*              OF S), EACH ONLY IF CP KNOWS THE DEVICE (DIAG X'24');
*              ACCESS TYPES ITS OWN MESSAGE IF ONE IS NOT A CMS DISK;
*           5. TYPES THE SYSTEMID LINE;
*           6. GOES TO THE COMMAND LOOP (DMSINT).
*           IPLED WITH 'PARM SAVESYS NAME' (THE PARM TEXT IN R0-R15),
*           IT FIRST HANDS THAT TEXT TO CP AS A COMMAND (DIAG X'08'):
*           CP SAVES THE NUCLEUS AS SYSTEM NAME, AND 'IPL NAME' LATER
*           RESUMES AFTER THE DIAGNOSE, AT INSGO, WITH STEPS 1-6.
*           (NOT YET: PROFILE EXEC, CMSSEG.)
*---------------------------------------------------------------------
DMSINS   CSECT
         REGEQU
         USING NUCON,R0
         STM   R0,R15,GPRLOG           IPL PARM TEXT (CP: R0-R15)
         BALR  R12,0
         USING *,R12
         CLC   GPRLOG(8),=CL8'SAVESYS'
         BNE   INSGO
         LA    R2,GPRLOG               'SAVESYS NAME': A CP COMMAND
         LA    R3,GPRLOG+63            ENDING AT ITS LAST CHARACTER
INSTRIM  CLI   0(R3),C' '              ABOVE A BLANK (THE S OF
         BH    INSSYS                  SAVESYS AT THE LATEST)
         BCTR  R3,0
         B     INSTRIM
INSSYS   LA    R4,1(,R3)
         SR    R4,R2
         DIAG  R2,R4,X'08'             IPL NAME RESUMES AT INSGO
         DROP  R12
INSGO    BALR  R12,0                   BASE AGAIN: REGISTERS MAY DIFFER
         USING *,R12
         MVC   IPLADDR,IPLPSW+2        IPL DEVICE
         XC    SVCLEVEL,SVCLEVEL       NO SVC CALL ACTIVE
         DIAG  R2,R0,X'60'             STORAGE SIZE -> R2
         ST    R2,VMSIZE
         L     R15,=V(DMSFRINI)        FREE STORAGE CHAIN
         BALR  R14,R15
         L     R2,=F'-1'               MY VIRTUAL CONSOLE
         DIAG  R2,R4,X'24'             R4 R5: DEVICE TYPES
         BC    1,INSTIME               CC 3: NONE; KEEP 009
         STH   R2,CONSADDR             ITS ADDRESS
INSTIME  EQU   *
         LA    R2,DIAGBUF
         DIAG  R2,R0,X'0C'             DATE TIME AND CPU TIMES
         MVC   LASTVIRT,DIAGBUF+20     LOW WORDS OF THE MICROSECONDS
         MVC   LASTCPUT,DIAGBUF+28
         LA    R13,INSSAVE
         LA    R6,INSDISKS             THE STANDARD DISKS
         OI    NUCFLAGS,NUCINIT        ACCESSED QUIETLY
INSDISK  CLI   0(R6),X'FF'
         BE    INSID
         LH    R2,0(,R6)
         DIAG  R2,R4,X'24'
         BC    1,INSDNEXT              CC 3: NOT THERE
         LA    R1,2(,R6)               ACCESS PLIST
         SVC   202
         DC    AL4(1)
INSDNEXT LA    R6,INSDLEN(,R6)
         B     INSDISK
INSID    NI    NUCFLAGS,255-NUCINIT
         WRTERM SYSTEMID,L'SYSTEMID
         L     R15,ADMSINT
         BR    R15
*
INSSAVE  DS    18F
* INSDISKS: ADDRESS, THEN THE ACCESS PLIST FOR IT.
INSDISKS DC    X'0190',CL8'ACCESS',CL8'190',CL8'S',8X'FF'
INSDLEN  EQU   *-INSDISKS
         DC    X'0191',CL8'ACCESS',CL8'191',CL8'A',8X'FF'
         DC    X'019E',CL8'ACCESS',CL8'19E',CL8'Y',8X'FF'
         DC    X'FF'
         LTORG
         NUCON
         END
