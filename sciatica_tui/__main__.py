"""`python -m sciatica_tui` runs the same command line as `sciatica-tui`."""

import sys

from .cli import main

sys.exit(main())
