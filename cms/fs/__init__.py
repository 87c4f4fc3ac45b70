"""The VM/370 CMS file system (800-byte blocks on CKD minidisks), on the host side."""

from .disk import CMSDisk, FileEntry
from .errors import CMSFSError

__all__ = ["CMSDisk", "FileEntry", "CMSFSError"]
