"""CMS: the guest operating system and its host-side file-system tools."""
