"""The USER DIRECT of the embedded default system, laid out as VM/370's
starter directory was: an operator, a maintenance id owning the CMS system
disks, general CMS users and a spool-only id.

Volumes (both 3330 model 1, 404 cylinders, DEFAULT_VOLUMES):
  VMRES1  system residence. Cylinder 0 holds the real volume label, so
          only MAINT's full-pack minidisk starts there (GC20-1801-10
          advises against other minidisks at real cylinder 0);
          cylinders 1-99 are CP's (nucleus, directory, paging and
          spooling); the CMS system disks follow from cylinder 100.
  VMUSR1  user minidisks, from cylinder 1.

Every password here equals its userid: change them before letting anyone
else reach the system.
"""

from __future__ import annotations

# volume serial -> cylinders, for cp.directory.checker.check/load
DEFAULT_VOLUMES = {"VMRES1": 404, "VMUSR1": 404}

DEFAULT_DIRECTORY = """\
* USER DIRECT for the embedded default VM/370 system.
* Columns 72-80 are sequence numbers and are not read.
*
* The directory lives on VMRES1, reached through MAINT's full-pack 123.
DIRECTORY 123 3330 VMRES1
*
* The primary system operator: logged on automatically when CP starts.
USER OPERATOR OPERATOR 2M 16M ABCDEG
 ACCOUNT SYSTEM OPERATOR
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 LINK MAINT 190 190 RR
 LINK MAINT 19E 19E RR
 MDISK 191 3330 001 005 VMUSR1 WR
*
* System maintenance: owns the CMS system disk (190, the S-disk), its
* extension (19E, the Y-disk) and a full pack of each volume. The read
* password ALL lets any user LINK the system disks read-only.
USER MAINT MAINT 4M 16M BCEG
 ACCOUNT SYSTEM MAINT
 OPTION ECMODE REALTIMER
 IPL CMS
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 MDISK 190 3330 100 060 VMRES1 MR ALL
 MDISK 19E 3330 160 030 VMRES1 MR ALL
 MDISK 191 3330 190 005 VMRES1 WR
 MDISK 123 3330 000 404 VMRES1 MW
 MDISK 124 3330 000 404 VMUSR1 MW
*
* General users: CMS with the system disks linked read-only.  An A-disk
* of 5 cylinders (1,330 blocks, about 1 MB) as VM/370 sites gave; our CMS
* writes disks of up to 1,720 blocks (no allocation-map extension yet).
USER CMSUSER CMSUSER 2M 16M G
 IPL CMS
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 LINK MAINT 190 190 RR
 LINK MAINT 19E 19E RR
 MDISK 191 3330 006 005 VMUSR1 MR
*
USER USER1 USER1 2M 16M G
 IPL CMS
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 LINK MAINT 190 190 RR
 LINK MAINT 19E 19E RR
 MDISK 191 3330 016 005 VMUSR1 MR
*
USER USER2 USER2 2M 16M G
 IPL CMS
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 LINK MAINT 190 190 RR
 LINK MAINT 19E 19E RR
 MDISK 191 3330 026 005 VMUSR1 MR
*
USER USER3 USER3 2M 16M G
 IPL CMS
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 LINK MAINT 190 190 RR
 LINK MAINT 19E 19E RR
 MDISK 191 3330 036 005 VMUSR1 MR
*
USER USER4 USER4 2M 16M G
 IPL CMS
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 LINK MAINT 190 190 RR
 LINK MAINT 19E 19E RR
 MDISK 191 3330 046 005 VMUSR1 MR
*
* A spool-only id: nobody logs on to it; files are sent (SPOOL ... TO,
* TRANSFER) to its reader and wait there for the spooling operator.
USER PRINTQ NOLOG
"""
