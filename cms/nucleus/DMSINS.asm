*---------------------------------------------------------------------
* DMSINS - NUCLEUS INITIALIZATION
*
* FUNCTION: GETS CONTROL FROM THE IPL PSW (DISABLED, SUPERVISOR
*           STATE, BC MODE).  IT
*           1. KEEPS THE IPL DEVICE ADDRESS (BYTES 2-3 OF THE IPL PSW,
*              STORED THERE BY THE IPL) IN IPLADDR;
*           2. ASKS CP FOR THE STORAGE SIZE (DIAGNOSE X'60') -> VMSIZE
*              AND FOR ITS CONSOLE'S ADDRESS (DIAGNOSE X'24' WITH -1;
*              BYTES 2-3 OF RX) -> CONSADDR, WHICH STAYS 009 IF CP
*              KNOWS NO CONSOLE (CC 3);
*           3. TAKES THE FIRST DIAGNOSE X'0C' READING AS THE BASE OF
*              THE FIRST READY MESSAGE'S TIMES;
*           4. TYPES THE SYSTEMID LINE;
*           5. GOES TO THE COMMAND LOOP (DMSINT).
*           (NOT YET: ACCESS OF 190/191, PROFILE EXEC.)
*---------------------------------------------------------------------
DMSINS   CSECT
         REGEQU
         USING NUCON,R0
         BALR  R12,0
         USING *,R12
         MVC   IPLADDR,IPLPSW+2        IPL DEVICE
         XC    SVCLEVEL,SVCLEVEL       NO SVC CALL ACTIVE
         DIAG  R2,R0,X'60'             STORAGE SIZE -> R2
         ST    R2,VMSIZE
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
         WRTERM SYSTEMID,L'SYSTEMID
         L     R15,ADMSINT
         BR    R15
*
INSSAVE  DS    18F
         LTORG
         NUCON
         END
