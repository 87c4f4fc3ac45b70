"""A virtual machine: state description, its own channel subsystem and devices;
the system-wide table of minidisk links."""
from .machine import VirtualMachine, parse_storage, StorageSizeError, MAX_STORAGE, TIMER_SETTINGS
from .links import LinkTable, Holding

__all__ = ["VirtualMachine", "parse_storage", "StorageSizeError", "MAX_STORAGE", "TIMER_SETTINGS",
           "LinkTable", "Holding"]
