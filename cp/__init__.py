"""VM/370 Control Program: directory, users, virtual machines, commands, spool."""
