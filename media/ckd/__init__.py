"""CKD DASD: image formats (Hercules CKD and CCKD), device geometry, tools."""

from .errors import DasdError
from .image import open_image, create_image

__all__ = ["DasdError", "open_image", "create_image"]
