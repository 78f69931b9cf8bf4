"""Messages a pane posts for its screen to act on, so panes never reach into each other or the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.view.place import Place


@dataclass
class OpenPlace(Message):
    """The one way to open something: the tree, the results, the reading pane, the peek and the palette post it.
    `focus` asks for the reading pane to take the keyboard too (one pane always shows the page it opens); `find`
    is the query that found it, whose words the page highlights for n/N."""

    place: Place
    focus: bool = False
    find: str | None = None


@dataclass
class TypedToSearch(Message):
    """A printable key pressed outside the search box that starts a search with it."""

    character: str


@dataclass
class PreviewPlace(Message):
    """Show `place` in the reading pane while the results keep the keyboard: the history, the saved state and the
    focus stay as they are, and closing the search puts back the page shown before."""

    place: Place
    find: str | None = None


@dataclass
class SearchFor(Message):
    """Run `query` in the search box, as the palette's "Search again" does."""

    query: str


@dataclass
class QueryRemembered(Message):
    """A query went into the search history, which the screen saves with the rest of the state."""

    query: str
