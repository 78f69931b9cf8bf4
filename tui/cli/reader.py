"""Start the interactive reader: the only CLI path that imports Textual."""

from __future__ import annotations

import argparse
import gc
import hashlib
import sys
from pathlib import Path

from platformdirs import user_state_dir

from tui.app.history import Place
from tui.cli.commands import UsageError, lookup, open_kb
from tui.model import KnowledgeBase, Level


def cmd_read(args: argparse.Namespace) -> int:
    """`hubreader` and `hubreader open ID`."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the reader needs a terminal: use 'ssh -t', or try 'hubreader list', 'show' or 'search'")
    kb = open_kb(args)
    start = Place(lookup(kb, args.id).key) if getattr(args, "id", None) else None
    errors = sum(1 for d in kb.diagnostics if d.level is Level.ERROR)
    gc.freeze()  # the loaded base lives for the whole session; full collections over it cost ~80 ms at 10k
    from tui.app.app import HubReaderApp  # noqa: PLC0415 - keep Textual off the non-interactive paths
    from tui.app.search import IndexSearcher  # noqa: PLC0415
    from tui.app.state import StateStore  # noqa: PLC0415

    app = HubReaderApp(kb, IndexSearcher(kb), StateStore(_state_path(kb)), start)
    if errors:
        app.notify(f"{errors} content errors: run 'hubreader check' for details", severity="warning")
    app.run()
    return 0


def _state_path(kb: KnowledgeBase) -> Path:
    """One state file per knowledge base, so switching --content never resumes at a missing item."""
    root = str(kb.root.resolve()) if kb.root else ""
    return Path(user_state_dir("hubreader")) / f"state-{hashlib.sha256(root.encode()).hexdigest()[:12]}.json"
