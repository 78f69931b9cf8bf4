"""Each key is declared once (tui/widgets/keys.py): the bindings, the help screen and the README's table come from or
agree with those declarations, and a keymap can rebind a key by its id."""

from __future__ import annotations

import re

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

from tests.conftest import FIXTURE_KB, REPO, showing, started
from tui.app.app import HubReaderApp
from tui.app.options import ReaderOptions
from tui.app.reader_screen import ReaderScreen
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.screens.find import FindScreen
from tui.screens.help import HelpScreen
from tui.screens.links_map import LinksMapScreen
from tui.screens.outline import OutlineScreen
from tui.screens.peek import PeekScreen
from tui.view.place import Place
from tui.widgets.filter_input import FilterInput
from tui.widgets.keys import (
    ANYWHERE,
    BY_ID,
    FIND,
    GROUPS,
    HELP,
    LINKS_MAP,
    OUTLINE,
    PEEK,
    READING,
    RESULTS,
    SEARCH_BOX,
    TREE,
    KeyGroup,
    help_rows,
)
from tui.widgets.nav_tree import NavTree
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.results import ResultsList

WHERE: list[tuple[type[DOMNode], KeyGroup]] = [
    (ReaderScreen, ANYWHERE), (NavTree, TREE), (FilterInput, SEARCH_BOX), (ResultsList, RESULTS),
    (ReadingPane, READING), (PeekScreen, PEEK), (FindScreen, FIND), (OutlineScreen, OUTLINE),
    (LinksMapScreen, LINKS_MAP), (HelpScreen, HELP),
]
MODALS = (PeekScreen, FindScreen, OutlineScreen, LinksMapScreen, HelpScreen)
NAMES = {
    "escape": "Esc", "enter": "Enter", "tab": "Tab", "shift+tab": "Shift+Tab", "space": "Space", "slash": "/",
    "question_mark": "?", "backspace": "Backspace", "up": "↑", "down": "↓", "left": "←", "right": "→",
    "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "f1": "F1",
}


def written(key: str) -> str:
    """A Textual key name as help writes it: ctrl+left is Ctrl+←."""
    *modifiers, name = key.split("+") if key not in NAMES else [key]
    return "+".join([*(m.capitalize() for m in modifiers), NAMES.get(name, name.upper() if modifiers else name)])


def listed(shown: str) -> set[str]:
    """The keys a help line names: "Backspace, H, Ctrl/Alt+←" names Backspace, H, Ctrl+← and Alt+←."""
    found = set()
    for part in re.split(r", | / ", shown):
        head, plus, name = part.rpartition("+")
        found |= {f"{modifier}+{name}" for modifier in head.split("/")} if plus else {part}
    return found


@pytest.mark.parametrize(("widget", "group"), WHERE, ids=[group.title for _, group in WHERE])
def test_every_binding_is_declared(widget: type[DOMNode], group: KeyGroup) -> None:
    own = [binding for binding in widget.BINDINGS if isinstance(binding, Binding)]
    assert len(own) == len(widget.BINDINGS)
    assert [binding.id for binding in own] == [key.id for key in group.keys]


@pytest.mark.parametrize(("widget", "group"), WHERE, ids=[group.title for _, group in WHERE])
def test_every_declared_key_does_something(widget: type[DOMNode], group: KeyGroup) -> None:
    """No key is declared ahead of the action it runs: each names a method of its widget, screen or app."""
    owners = {"app": HubReaderApp, "screen": ReaderScreen if widget not in MODALS else widget}
    for key in group.keys:
        namespace, _, name = key.action.rpartition(".")
        owner = owners.get(namespace, widget)
        assert hasattr(owner, f"action_{name.partition('(')[0]}"), f"{key.id}: {owner.__name__} has no {name}"


@pytest.mark.parametrize("group", GROUPS, ids=[group.title for group in GROUPS])
def test_help_names_every_key_of_its_place(group: KeyGroup) -> None:
    """Esc is on the Anywhere line; every other key is on a line of its own group."""
    named = {key for place in (group, ANYWHERE) for declared in place.keys for key in listed(declared.shown)}
    missing = {written(key) for declared in group.keys for key in declared.keys.split(",")} - named
    assert not missing


def test_every_declaration_has_a_unique_id() -> None:
    ids = [key.id for group in GROUPS for key in group.keys]
    assert len(ids) == len(set(ids)) == len(BY_ID)


def readme_table() -> list[str]:
    """The README's key table as the declarations make it: a bold row per place, then its keys."""
    rows = ["| keys | what they do |", "|---|---|"]
    for title, lines in help_rows():
        rows.append(f"| **{title}** | |")
        rows += [f"| {shown} | {what} |" for shown, what in lines]
    return rows


def test_the_readme_key_table_is_the_help_screen() -> None:
    expected = readme_table()
    readme = (REPO / "README.md").read_text().splitlines()
    start = readme.index(expected[0]) if expected[0] in readme else -1
    actual = readme[start : start + len(expected)] if start >= 0 else []
    assert actual == expected, "README.md's key table should read:\n" + "\n".join(expected)


async def test_a_keymap_rebinds_a_key_by_its_id() -> None:
    """Ids make a user keymap possible: here x goes back, and in the tree x no longer starts a search."""
    kb = load_knowledge_base(FIXTURE_KB)
    start, then = Place(ItemKey(Kind.EPISODE, "E001")), Place(ItemKey(Kind.TOPIC, "sample-topic"))
    app = HubReaderApp(kb, IndexSearcher(kb), StateStore(None), start, ReaderOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await app.reader_screen.open_place(then)
        app.set_keymap({"back": "x"})
        await pilot.press("x")
        await pilot.pause()
        assert showing(app) == start.key and not app.reader_screen.search_panel.is_open
