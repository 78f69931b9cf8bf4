"""Let `python -m tui` behave exactly like the `hubreader` command."""

import sys

from tui.cli.entry import main

sys.exit(main())
