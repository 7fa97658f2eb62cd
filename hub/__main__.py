"""`python -m hub …`: the command line lives in hub.web.cli."""

import sys

from hub.web.cli import main

sys.exit(main())
