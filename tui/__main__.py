"""Let `python -m tui` behave exactly like the `hubreader` command."""

import sys

from tui.cli.main import main

sys.exit(main())
