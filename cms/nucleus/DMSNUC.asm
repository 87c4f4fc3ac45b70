*---------------------------------------------------------------------
* DMSNUC - CMS NUCLEUS CONSTANTS (NUCON) AND LOW STORAGE
*
* FUNCTION: THE FIRST CONTROL SECTION OF THE NUCLEUS.  THE BUILD
*           LINKS IT AT LOCATION 0, SO ITS IMAGE IS THE VIRTUAL
*           MACHINE'S LOW STORAGE: THE IPL PSW, THE NEW PSWS OF THE
*           FIVE INTERRUPTION CLASSES, AND NUCON (SYSTEMID, SYSNAME,
*           THE TIMING FIELDS, THE MODULE VECTOR, THE COMMAND LINE
*           AND ITS PLIST).
* INTERFACE: NO CODE.  EVERY OTHER MODULE ADDRESSES THESE FIELDS
*           THROUGH THE NUCON DSECT WITH "USING NUCON,R0".
* LAYOUT:   SEE THE NUCON MACRO.  ALL NEW PSWS ARE BASIC-CONTROL
*           MODE, SUPERVISOR STATE, KEY 0, EVERY INTERRUPTION MASKED,
*           SO THE NUCLEUS RUNS DISABLED EXCEPT WHILE IT WAITS.
*---------------------------------------------------------------------
DMSNUC   CSECT
         NUCON DSECT=NO
         EXTRN DMSINS,DMSITE,DMSITS,DMSITP,DMSITI
         LCLC  &T
&T       SETC  '&SYSTIME'(1,2).':'.'&SYSTIME'(4,2)
*                                  INITIAL VALUES
         ORG   IPLPSW
         DC    X'00000000',A(DMSINS)   IPL PSW: INITIALIZATION
         ORG   EXTNPSW
         DC    X'00000000',A(DMSITE)   EXTERNAL: IGNORED
         DC    X'00000000',A(DMSITS)   SVC: SVC 202 DISPATCHER
         DC    X'00000000',A(DMSITP)   PROGRAM CHECK: ABEND
         DC    X'00020000',A(X'00EEEE') MACHINE CHECK: DISABLED WAIT
         DC    X'00000000',A(DMSITI)   I/O: RECORD AND RESUME
         ORG   SYSTEMID
         DC    CL32'CMS VERSION 6.0 - &SYSDATE &T'
         ORG   INSTALID
         DC    CL64' '
         ORG   SYSNAME
         DC    CL8'CMS'
         DC    X'0190'                 IPLADDR (REPLACED AT IPL)
         DC    X'0190'                 SYSADDR
         ORG   PRODID
         DC    C'5749DMS00'
         ORG   CURRDATE
         DC    CL16' '
         ORG   LASTCMND
         DC    4CL8' '
         ORG   CONSADDR
         DC    X'0009'                 CONSOLE AT 009
         DC    AL1(NUCIMPCP+NUCIMPEX)  IMPCP ON; IMPEX ON (R6)
         ORG   ADMSINT
         DC    V(DMSINT)
         DC    V(DMSINTR)
         DC    V(DMSITS)
         DC    V(DMSABN)
         DC    V(DMSCIO)
         ORG   AADTTAB
         DC    V(ADTTAB)
         DC    V(DMSDIO)
         DC    V(DMSLFS)
         DC    V(DMSERR)
         DC    V(DMSFRE)
         DC    V(DMSFREE)
         DC    V(DMSFRET)
*                                      --- h-fs
         ORG   AFSAUD
         DC    V(DMSAUD)
* --- h-exec
         ORG   EXGLOBAL
         DC    10CL8'1'                &GLOBAL0-9 START AS 1
         ORG
         END
