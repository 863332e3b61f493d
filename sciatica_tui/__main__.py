"""`python -m sciatica_tui` runs the same command line as `sciatica-tui`."""

import sys

from .cli.main import main

sys.exit(main())
