"""The floor for comparison: a bare Textual app started the way hubreader is, doing as little as possible."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, OptionList, Static, Tree


class BareTree(App[None]):
    """Header, Tree, Static, Footer: what first paint costs with nothing of ours in it."""

    def compose(self) -> ComposeResult:
        yield Header()
        tree: Tree[None] = Tree("root")
        tree.root.add("Hubs (1)")
        tree.root.expand()
        yield tree
        yield Static("bare reading pane")
        yield Footer()


class BareFilter(App[None]):
    """An Input that filters an OptionList of titles by casefolded substring, capped like hubreader's."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles
        self.folded = [title.casefold() for title in titles]

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter")
        yield Static(id="status")
        yield OptionList()

    def on_input_changed(self, event: Input.Changed) -> None:
        needle = event.value.casefold()
        matches = [t for t, f in zip(self.titles, self.folded, strict=True) if needle in f][:200] if needle else []
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(matches or ["No matches"])
        self.query_one("#status", Static).update(f"{len(matches)} for “{event.value}”")


if __name__ == "__main__":
    if sys.argv[1] == "tree":
        BareTree().run()
    else:
        BareFilter(Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()).run()
