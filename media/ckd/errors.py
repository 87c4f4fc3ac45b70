"""The one exception the DASD image layer raises: a clear, one-line message.

A ValueError so that the device registry (which turns ValueError/OSError from a
device statement into a one-line DeviceError) reports it without a traceback.
"""


class DasdError(ValueError):
    """Bad image file, bad argument or I/O failure on a DASD image."""
