"""The Control Program: users, virtual machines, CP commands, DIAGNOSE, spool."""
