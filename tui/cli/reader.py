"""Start the interactive reader: the only CLI path that imports Textual."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_state_dir

from tui.app.options import ReaderOptions
from tui.app.startup import collect_from_now_on, hold_collections, keep_parsed_css, load_parsed_css
from tui.cli.commands import UsageError, content_error_warning, lookup_place, open_kb
from tui.model import KnowledgeBase
from tui.paths import cache_root

if TYPE_CHECKING:
    from tui.overrides.parsed_css import ParsedCss

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def cmd_read(args: argparse.Namespace) -> int:
    """`hubreader` and `hubreader open ID`; serve-web starts one per browser with `--serve-mode`."""
    serve = bool(getattr(args, "serve_mode", False))
    web = bool(os.environ.get("TEXTUAL_DRIVER"))  # textual-serve's children talk to a browser, not a tty
    if not web and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the reader needs a terminal: use 'ssh -t', or try 'hubreader list', 'show' or 'search'")
    options = ReaderOptions.detect(
        os.environ,
        ssh_friendly=getattr(args, "ssh_friendly", False),
        colors=getattr(args, "colors", "auto"),
        mouse=not getattr(args, "no_mouse", False),
        serve=serve,
    )
    if serve:
        _die_with_parent()
    hold_collections()
    kb = open_kb(args)
    start = lookup_place(kb, args.id) if getattr(args, "id", None) else None
    from tui.app.app import HubReaderApp  # noqa: PLC0415 - keep Textual off the non-interactive paths
    from tui.app.search import IndexSearcher  # noqa: PLC0415
    from tui.app.state import StateStore  # noqa: PLC0415

    state = StateStore(None if serve else _state_path(kb))
    css, first_item_up = reused_css()
    app = HubReaderApp(kb, IndexSearcher(kb), state, start, options, after_start=first_item_up, parsed_css=css)
    if warning := content_error_warning(kb):
        app.notify(warning, severity="warning")
    app.run(mouse=options.mouse)
    return 0


def reused_css() -> tuple[ParsedCss, Callable[[], None]]:
    """The CSS earlier starts parsed, and what runs once the first item is on screen: collections resume, and
    what this start had to parse is kept for the next one."""
    cache = cache_root()
    css = load_parsed_css(cache)
    known = len(css)

    def first_item_up() -> None:
        collect_from_now_on()
        if len(css) > known:
            keep_parsed_css(css, cache)

    return css, first_item_up


def _die_with_parent() -> None:
    """A served reader must not outlive its server, even one killed with SIGKILL that could not clean up."""
    if sys.platform == "linux":
        import ctypes  # noqa: PLC0415 - only served readers need it
        import signal  # noqa: PLC0415

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() == 1:  # the server died before we asked
        raise SystemExit(1)


def _state_path(kb: KnowledgeBase) -> Path:
    """One state file per knowledge base, so switching --content never resumes at a missing item."""
    root = str(kb.root.resolve()) if kb.root else ""
    return Path(user_state_dir("hubreader")) / f"state-{hashlib.sha256(root.encode()).hexdigest()[:12]}.json"
