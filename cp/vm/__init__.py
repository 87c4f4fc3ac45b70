"""A virtual machine: state description, its own channel subsystem and devices."""
from .machine import VirtualMachine, parse_storage, StorageSizeError, MAX_STORAGE

__all__ = ["VirtualMachine", "parse_storage", "StorageSizeError", "MAX_STORAGE"]
