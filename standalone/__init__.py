"""Standalone S/370 programs (no operating system), IPL-able from tape or cards.

DDR.asm is VM/370's DASD Dump/Restore program; ``standalone.build`` assembles it and
writes its IPL media.  The same source assembled with SYSPARM CMS is the CMS command
DDR.  Layer: above ``s370`` (it uses only s370.asm and s370.iplmedia), below sie/cp/cms.
"""
