"""Messages a pane posts for its screen to act on, so panes never reach into each other or the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.view.place import Place


@dataclass
class OpenPlace(Message):
    """The one way to open something: the tree, the results, the reading pane, the peek and the palette post it.
    `focus` asks for the reading pane to take the keyboard too (one pane always shows the page it opens)."""

    place: Place
    focus: bool = False


@dataclass
class TypedToSearch(Message):
    """A printable key pressed outside the search box that starts a search with it."""

    character: str
