"""The one exception the CMS file-system layer raises: a clear, one-line message.

A ValueError, like media.ckd's DasdError, so callers that report ValueError as a
one-line error need nothing new.
"""


class CMSFSError(ValueError):
    """Bad CMS disk, bad file identifier, bad records or a full disk."""
