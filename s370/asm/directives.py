"""The assembler's own operation codes: the assembler instructions (handled by the
assembler's passes) and the macro and conditional-assembly instructions (handled by
the macro processor), and what kind of operation a name is."""

from .. import isa

# Assembler instructions handled by assembler.py (p1_<name>/p2_<kind> methods).
DIRECTIVES = frozenset("""START CSECT DSECT ENTRY EXTRN WXTRN END USING DROP EQU ORG LTORG
CNOP DC DS CCW CCW0 PRINT TITLE EJECT SPACE PUSH POP OPSYN AMODE RMODE ICTL ISEQ PUNCH
REPRO COM""".split())

# Macro and conditional-assembly instructions handled by macro.py.
CONDITIONAL_OPS = frozenset("""SETA SETB SETC LCLA LCLB LCLC GBLA GBLB GBLC AIF AGO ANOP ACTR
MNOTE MEXIT MEND MACRO AREAD COPY""".split())


def builtin_kind(op: str):
    """The operation-code attribute (O') of a built-in name: 'O' machine instruction,
    'E' extended mnemonic, 'A' assembler instruction; None for any other name."""
    if op in isa.BY_MNEMONIC:
        return "O"
    if op in isa.EXTENDED_BRANCHES:
        return "E"
    if op in DIRECTIVES or op in CONDITIONAL_OPS:
        return "A"
    return None
