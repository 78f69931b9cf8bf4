"""Messages a pane posts for its screen to act on, so panes never reach into each other or the app. Each sets its
fields in a plain `__init__`, as Textual's own messages do: a dataclass costs about a millisecond of every start to
build (benchmarks/reader.py)."""

from __future__ import annotations

from textual.message import Message

from tui.view.place import Place


class OpenPlace(Message):
    """The one way to open something: the tree, the results, the reading pane, the peek and the palette post it.
    `focus` asks for the reading pane to take the keyboard too (one pane always shows the page it opens); `find`
    is the query that found it, whose words the page highlights for n/N."""

    def __init__(self, place: Place, focus: bool = False, find: str | None = None) -> None:
        super().__init__()
        self.place = place
        self.focus = focus
        self.find = find


class TypedToSearch(Message):
    """A printable key pressed outside the search box that starts a search with it."""

    def __init__(self, character: str) -> None:
        super().__init__()
        self.character = character


class PreviewPlace(Message):
    """Show `place` in the reading pane while the results keep the keyboard: the history, the saved state and the
    focus stay as they are, and closing the search puts back the page shown before."""

    def __init__(self, place: Place, find: str | None = None) -> None:
        super().__init__()
        self.place = place
        self.find = find


class SearchFor(Message):
    """Run `query` in the search box, as the palette's "Search again" does."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class QueryRemembered(Message):
    """A query went into the search history, which the screen saves with the rest of the state."""
