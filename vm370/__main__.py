"""python -m vm370: the same as the vm370 command."""

import sys

from .cli import main

sys.exit(main())
