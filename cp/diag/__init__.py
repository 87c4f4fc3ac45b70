"""DIAGNOSE hypercalls: one table (``table.DIAGNOSE_CODES``) and one module per code or family;
``dispatch(user, code)`` is the VirtualMachine's ``diagnose`` hook."""
