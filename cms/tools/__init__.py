"""Host command-line tools for CMS disks."""
