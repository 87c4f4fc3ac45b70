"""Virtual devices CP gives a virtual machine: console, spool unit record, minidisk,
dedicated real device, virtual 3270, timer, CTCA."""
