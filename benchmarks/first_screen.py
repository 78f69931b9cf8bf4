"""Start one app headless at 120x40 and exit as soon as its first screen is painted: `reader` (hubreader on the
shipped base, as the CLI starts it, exiting through its after-start hook once the first item is up) or `bare` (the
bare Textual app, right after its first refresh). Imports nothing else, so what runs is what a start costs
(benchmarks/start_instructions.py counts it)."""

from __future__ import annotations

import gc
import os
import sys


def start_reader() -> None:
    gc.disable()  # as the console entry does (tui/cli/entry.py)
    from tui.app.app import HubReaderApp  # noqa: PLC0415 - imported with collection held, as a start does
    from tui.app.options import ReaderOptions  # noqa: PLC0415
    from tui.app.search import IndexSearcher  # noqa: PLC0415
    from tui.app.state import StateStore  # noqa: PLC0415
    from tui.cli.commands import open_kb  # noqa: PLC0415
    from tui.cli.main import build_parser  # noqa: PLC0415
    from tui.cli.reader import reused_css  # noqa: PLC0415

    kb = open_kb(build_parser().parse_args([]))
    css, first_item_up = reused_css()
    options = ReaderOptions.detect({"TERM": "xterm-256color"})
    app = HubReaderApp(kb, IndexSearcher(kb), StateStore(None), None, options, parsed_css=css)

    def up() -> None:
        first_item_up()  # keeps the CSS for the next start
        os._exit(0)

    app.after_start = up
    app.run(headless=True, size=(120, 40))


def start_bare() -> None:
    from benchmarks.bare_app import BareTree  # noqa: PLC0415

    class FirstScreen(BareTree):
        def on_mount(self) -> None:
            self.call_after_refresh(os._exit, 0)

    FirstScreen().run(headless=True, size=(120, 40))


if __name__ == "__main__":
    start_reader() if sys.argv[1] == "reader" else start_bare()
    sys.exit("the first screen never came")
