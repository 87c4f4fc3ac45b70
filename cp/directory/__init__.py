"""The CP user directory: the VM/370 `USER DIRECT` source format compiled into
Python objects (model), read (parser), cross-checked (checker), the LINK
access-mode rules (links) and the embedded default system's directory."""

from .checker import DirectoryError, check, load
from .model import (ConsoleStmt, Dedicate, Directory, LinkStmt, MDisk, Special,
                    SpoolStmt, UserEntry)
from .parser import parse

__all__ = ["ConsoleStmt", "Dedicate", "Directory", "DirectoryError", "LinkStmt",
           "MDisk", "Special", "SpoolStmt", "UserEntry", "check", "load", "parse"]
