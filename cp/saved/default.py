"""The system name table a new system starts with (written to its state directory by the
first start; the operator edits that copy).  Format: cp.saved.table."""

DEFAULT_TABLE = """\
* SYSTEM NAMES: the saved systems and segments of this VM/370 (DMKSNT's NAMESYS entries).
* Format: label NAMESYS keyword=value,...  ('*' in column 1: a comment; a trailing comma
* continues a statement on the next line).  Page numbers are 4K pages, decimal; SYSHRSG
* lists the 64K segments shared by all users; VSYSADR=IGNORE makes a segment for DIAG X'64'.
*
* CMS: saved by 'IPL 190 PARM SAVESYS CMS' (MAINT), then 'IPL CMS' loads it.  Its nucleus
* and NUCON lie below X'20000'; it writes its own work areas there, so no page is shared.
CMS      NAMESYS SYSNAME=CMS,VSYSADR=190,VSYSRES=CMSRES,SYSSIZE=256K,
               SYSPGNM=(0-31)
"""
