*---------------------------------------------------------------------
* MINICP: a very small hypervisor in the spirit of CP-67, for the
* nested-virtualization lesson.  It runs ONE guest, a standalone
* BC-mode program without I/O, by trap and emulate:
*  - the guest's storage is 64K: guest real 0-FFFF is MINICP's real
*    storage at GUEST (X'10000'), mapped with DAT (4K pages, one
*    64K segment), so the guest's low storage is its own;
*  - the guest runs in problem state, DAT on, disabled; its own PSW
*    (the virtual PSW) is kept in VPSW: the shadow of its state;
*  - a privileged instruction in the guest is a privileged-operation
*    program interruption here: SSM and LPSW are emulated against
*    VPSW; any other program interruption ends the run (X'BAD');
*  - an SVC in the guest is reflected: the virtual SVC old PSW is
*    stored at the guest's X'20', VPSW is loaded from its X'60';
*  - a disabled wait PSW loaded by the guest ends the run: MINICP
*    stops in a disabled wait, code 0, the guest's registers at
*    GREGS (X'800'), the count of exits from the guest at NEXITS.
* MINICP needs EC mode (DAT): its virtual machine has ECMODE.
*---------------------------------------------------------------------
MINICP   START X'2000'
SVCOLD   EQU   X'20'                   EC old/new PSWs, codes, ILCs
PGMOLD   EQU   X'28'
SVCNEW   EQU   X'60'
PGMNEW   EQU   X'68'
SVCILC   EQU   X'89'
SVCCODE  EQU   X'8A'
PGMILC   EQU   X'8D'
PGMCODE  EQU   X'8E'
GREGS    EQU   X'800'                  the guest's registers
RPSW     EQU   X'880'                  the real PSW the guest runs on
VPSW     EQU   X'888'                  the guest's own (virtual) PSW
NEXITS   EQU   X'890'                  exits from the guest to MINICP
BASE     EQU   X'894'                  MINICP's base register
GUEST    EQU   X'10000'                guest real 0 is here
PRIVOP   EQU   2                       privileged-operation exception
*
         BALR  12,0
         USING *,12
         ST    12,BASE                 the handlers' base register
         MVC   SVCNEW(8),SVCPSW        our own interruption handlers
         MVC   PGMNEW(8),PGMPSW
         XC    NEXITS(4),NEXITS
         MVC   VPSW(8),GPSW            the guest's first PSW
         LCTL  0,1,DATCRS              DAT: 4K pages, 64K segments
         PTLB
         B     GO
*
* A program interruption: from the guest (problem state) only.
PGMINT   STM   0,15,GREGS              the guest's registers, kept
         L     12,BASE
         BAL   14,COUNT
         LH    1,PGMCODE
         LA    2,PRIVOP
         CR    1,2
         BNE   FAIL                    not a privileged operation
         L     3,PGMOLD+4              the guest's IA (past the instr)
         LA    3,0(,3)
         IC    4,PGMILC
         N     4,=F'6'                 instruction length in bytes
         SR    3,4                     the instruction's guest address
         A     3,=A(GUEST)             ... in MINICP's storage
         ST    3,INSTR
         BAL   14,OPERAND              R5 -> the operand (real)
         CLI   0(3),X'80'              SSM?
         BE    EMSSM
         CLI   0(3),X'82'              LPSW?
         BE    EMLPSW
         B     FAIL
*
EMSSM    MVC   VPSW(1),0(5)            the virtual system mask
         LM    0,15,GREGS              the guest goes on after SSM
         LPSW  PGMOLD                  (CC, IA: the real old PSW)
*
EMLPSW   MVC   VPSW(8),0(5)            the guest's new PSW
         TM    VPSW+1,X'02'            a wait state?
         BNO   GO
         CLI   VPSW,0                  disabled: the guest has ended
         BE    ENDED
         B     FAIL                    (an enabled wait: no I/O here)
*
* An SVC from the guest: reflected through the guest's own PSWs.
SVCINT   STM   0,15,GREGS
         L     12,BASE
         BAL   14,COUNT
         L     3,=A(GUEST+SVCOLD)      the virtual SVC old PSW (BC):
         MVC   0(2,3),VPSW             mask, key, M W P
         MVC   2(2,3),SVCCODE          interruption code
         IC    1,SVCILC                ILC (bits 5-6) to bits 0-1
         SLL   1,5
         IC    2,SVCOLD+2              CC and program mask
         N     2,=F'63'
         OR    1,2
         STC   1,4(,3)
         MVC   5(3,3),SVCOLD+5         the IA past the SVC
         L     3,=A(GUEST+SVCNEW)      the guest's SVC new PSW
         MVC   VPSW(8),0(3)
*
* Run the guest on VPSW: EC mode, DAT on, problem state, disabled.
GO       MVC   RPSW(8),RUNPSW
         IC    1,VPSW+4                CC and program mask
         N     1,=F'63'
         STC   1,RPSW+2
         MVC   RPSW+5(3),VPSW+5        the instruction address
         LM    0,15,GREGS
         LPSW  RPSW
*
ENDED    LPSW  DONEPSW                 the run is over: code 0
FAIL     LPSW  FAILPSW
*
* R5 = the real address of the operand D2(B2) of the instruction at
* 0(R3): the guest's base register from GREGS, plus GUEST.
OPERAND  LH    5,2(,3)                 B2 D2
         LR    6,5
         N     5,=F'4095'              D2
         SRL   6,12
         N     6,=F'15'                B2
         BZR   14                      no base register: D2
         SLL   6,2
         A     5,GREGS(6)
         LA    5,0(,5)                 24-bit guest address
         A     5,=A(GUEST)
         BR    14
*
COUNT    L     1,NEXITS
         LA    1,1(,1)
         ST    1,NEXITS
         BR    14
*
         DS    0D
SVCPSW   DC    X'00080000',A(SVCINT)   EC, supervisor, disabled
PGMPSW   DC    X'00080000',A(PGMINT)
RUNPSW   DC    X'04090000',A(0)        EC, DAT, problem state
DONEPSW  DC    X'000A0000',A(0)        EC disabled wait, code 0
FAILPSW  DC    X'000A0000',A(X'BAD')
GPSW     DC    X'00000000',A(X'1000')  the guest starts here
DATCRS   DC    X'00800000'             CR0: 4K pages, 64K segments
         DC    A(SEGTAB)               CR1: 16 entries at SEGTAB
INSTR    DC    F'0'
         LTORG
         DS    0F
         ORG   MINICP+X'1000'
SEGTAB   DC    A(X'F0000000'+PAGETAB)  segment 0: 16 pages
         DC    15X'00000001'           segments 1-15 invalid
PAGETAB  DC    H'256',H'272',H'288',H'304' guest pages 0-F ...
         DC    H'320',H'336',H'352',H'368' ... at X'10000'-X'1F000'
         DC    H'384',H'400',H'416',H'432'
         DC    H'448',H'464',H'480',H'496'
         END
