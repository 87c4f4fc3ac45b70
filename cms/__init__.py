"""CMS, the Conversational Monitor System: S/370 code that runs in a virtual machine under CP."""
