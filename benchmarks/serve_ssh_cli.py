"""`hubreader serve-ssh` for benchmarks and tests: the real `tui.cli.main`, registering the command if needed.

Once tui/cli/main.py registers `add_serve_ssh_command` itself, this is `python -m tui` and can go.
"""

from __future__ import annotations

import argparse
import sys

from tui.cli import main as cli
from tui.serve.ssh_cmd import add_serve_ssh_command

_build_parser = cli.build_parser


def build_parser() -> argparse.ArgumentParser:
    parser = _build_parser()
    sub = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    if "serve-ssh" not in sub.choices:
        add_serve_ssh_command(sub)
    return parser


if __name__ == "__main__":
    cli.build_parser = build_parser
    sys.exit(cli.main())
