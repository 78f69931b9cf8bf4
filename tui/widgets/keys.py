"""Every key of the reader, declared once: bindings, the help screen, the footer's labels and the README's key table
are all made from these declarations (tests/test_keys.py)."""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingType


class Key(NamedTuple):
    """One binding and everything said about it; `id` is the binding id a keymap rebinds (`App.set_keymap`)."""

    id: str
    keys: str
    action: str
    label: str
    help: str = ""  # the help line; empty when another declaration's line already covers this key
    shown: str = ""  # the keys as help and the README write them
    short: str = ""  # the footer's label when the full ones do not fit
    show: bool = True
    priority: bool = False
    essential: bool = False  # kept in the footer whatever else must go, so no pane hides the way out
    palette: bool = False  # offered in the command palette too, by its label
    minor: bool = False  # the footer shows it only when the other keys leave room

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.label, show=self.show, priority=self.priority, id=self.id)


class KeyGroup(NamedTuple):
    """The keys of one place, in the order the footer and help list them."""

    title: str
    keys: tuple[Key, ...]

    def bindings(self) -> list[BindingType]:
        """A new list each time: Textual keeps each class's BINDINGS as its own."""
        return [key.binding() for key in self.keys]


ANYWHERE = KeyGroup("Anywhere", (
    # Ctrl+Q first: the footer lists keys in this order, and it shows only where q types a q
    Key("quit.always", "ctrl+q", "app.quit", "Quit", priority=True, essential=True),
    Key("search", "slash", "search", "Search", priority=True, shown="/",
        help="search everything; on an empty box, / brings back the last query"),
    Key("back-out", "escape", "back_out", "Back out", show=False, shown="Esc",
        help="back out: close the search, or leave the page for the results or tree; never quits"),
    # Alt+arrows never arrive from xterm.js (serve-web sends Ctrl+arrows): H/L and Ctrl+arrows work in every
    # terminal, and the box keeps its own keys (test_h_and_l_travel_history_and_type_in_the_box)
    Key("back", "backspace,H,ctrl+left,alt+left", "back", "Back", essential=True,
        shown="Backspace, H, Ctrl/Alt+←", help="back (in the search box, Backspace and Ctrl+← edit)"),
    Key("forward", "L,ctrl+right,alt+right", "forward", "Forward", short="Fwd",
        shown="L, Ctrl/Alt+→", help="forward (in the search box, H and L type letters)"),
    Key("copy-id", "y", "copy_id", "Copy id", show=False, shown="y",
        help="copy the open item's or highlighted link's id (OSC 52: works over SSH)"),
    Key("help", "question_mark,f1", "app.help", "Help", essential=True, shown="?, F1", help="this help"),
    Key("quit", "q", "app.quit", "Quit", essential=True, shown="q, Ctrl+Q",
        help="quit (in the search box q types a q)"),
))
PALETTE = Key("palette", "ctrl+p", "command_palette", "palette", shown="Ctrl+P",
              help="command palette: go to any item by title or id")  # Textual's own binding, listed for help

TREE = KeyGroup("Tree", (
    Key("tree.down", "j", "cursor_down", "Down", show=False, shown="↓ / ↑, j / k", help="move"),
    Key("tree.up", "k", "cursor_up", "Up", show=False),
    Key("tree.top", "g", "scroll_home", "Top", show=False, shown="g / G", help="top / bottom"),
    Key("tree.bottom", "G", "scroll_end", "Bottom", show=False),
    Key("tree.expand", "right,l", "expand_here", "Expand", show=False, shown="→ / ←, l / h",
        help="expand / collapse, or go to the parent"),
    Key("tree.collapse", "left,h", "collapse_here", "Collapse", show=False),
))
TREE_OPEN = Key("tree.open", "enter", "select_cursor", "Open", shown="Enter", help="open")  # Tree's own binding

SEARCH_BOX = KeyGroup("Search box", (
    Key("box.next", "down", "move(1)", "Next result", show=False, shown="↓ / ↑", help="next / previous result"),
    Key("box.previous", "up", "move(-1)", "Previous result", show=False),
    Key("box.page-down", "pagedown", "move(10)", "Page down results", show=False, shown="PgDn / PgUp",
        help="ten results down / up"),
    Key("box.page-up", "pageup", "move(-10)", "Page up results", show=False),
    Key("box.earlier", "ctrl+up,alt+up", "recall(-1)", "Earlier query", show=False, shown="Ctrl/Alt+↑ / Ctrl/Alt+↓",
        help="earlier / later query from the search history"),
    Key("box.later", "ctrl+down,alt+down", "recall(1)", "Later query", show=False),
    # Here, not only on the screen, so it runs in order with the keys typed before it (tui/overrides/keys_in_order.py)
    Key("box.close", "escape", "screen.back_out", "Close search", short="Close", essential=True),
))

RESULTS = KeyGroup("Results", (
    Key("results.down", "j", "cursor_down", "Down", show=False, shown="↓ / ↑, j / k", help="move"),
    Key("results.up", "k", "cursor_up", "Up", show=False),
    Key("results.first", "g", "first", "First", show=False, shown="g / G", help="first / last result"),
    Key("results.last", "G", "last", "Last", show=False),
    Key("results.close", "escape", "screen.back_out", "Close search", short="Close", essential=True),
))
RESULTS_OPEN = Key("results.open", "enter", "select", "Open", shown="Enter",
                   help="open the item at the matching passage")  # OptionList's own binding

READING = KeyGroup("Reading pane", (
    Key("page.next-link", "tab", "next_link", "Next link", short="Next", shown="Tab / Shift+Tab",
        help="next / previous link, highlighted; the first Tab highlights the first link on screen"),
    Key("page.follow", "enter", "follow", "Follow link", short="Follow", shown="Enter",
        help="follow the highlighted link"),
    Key("page.peek", "p", "peek", "Peek", shown="p",
        help="peek at the highlighted link: what it is, and the sentence here that cites it"),
    Key("page.hints", "f", "hints", "Link hints", short="Hints", palette=True, shown="f",
        help="label every link on screen; type a label to follow it"),
    Key("page.back-out", "escape", "screen.back_out", "Back to tree", short="Tree", essential=True),
    Key("page.find", "ctrl+f", "find", "Find in page", short="Find", palette=True, minor=True, shown="Ctrl+F",
        help="find in this page"),
    Key("page.find-next", "n", "find_next", "Next match", short="Match", shown="n / N",
        help="next / previous match of the search or find, highlighted"),
    Key("page.find-previous", "N", "find_previous", "Previous match", show=False),
    Key("page.outline", "o", "screen.outline", "Outline", palette=True, minor=True, shown="o",
        help="the page's sections; Enter jumps to one"),
    Key("page.map", "w", "screen.links_map", "Links map", short="Map", palette=True, minor=True, shown="w",
        help="what this page links to and what links to it, two hops, by kind"),
    Key("page.cite", "c", "screen.cite", "Cite", palette=True, minor=True, shown="c",
        help="copy a Markdown citation of this page (or of its section) with a deep link"),
    Key("page.bookmark", "m", "screen.bookmark", "Bookmark", short="Mark", palette=True, minor=True, shown="m",
        help="bookmark this page at this passage (again: remove it); Bookmarks in the tree and palette"),
    # Shift+Tab is every form's way back: the footer leaves it out for keys a newcomer would not guess
    Key("page.previous-link", "shift+tab", "previous_link", "Previous link", short="Prev", show=False),
    Key("page.down", "j,down", "scroll_down", "Scroll down", show=False, shown="↓ / ↑, j / k",
        help="scroll a line"),
    Key("page.up", "k,up", "scroll_up", "Scroll up", show=False),
    Key("page.page-down", "space,pagedown", "page_down", "Page down", show=False,
        shown="Space, PgDn / b, PgUp", help="scroll a page"),
    Key("page.page-up", "b,pageup", "page_up", "Page up", show=False),
    Key("page.top", "g,home", "scroll_home", "Top", show=False, shown="g, Home / G, End", help="top / bottom"),
    Key("page.bottom", "G,end", "scroll_end", "Bottom", show=False),
))

# What Esc from the page says in the footer, by where it goes: a screen's `footer_label` picks one
PAGE_BACK_OUT = {
    "results": ("Back to results", "Results"),
    "search": ("Close search", "Close"),
    "tree": ("Back to tree", "Tree"),
}

PEEK = KeyGroup("Peek", (
    Key("peek.close", "escape,p,q", "dismiss(False)", "Close", shown="Esc, p, q", help="close"),
    Key("peek.open", "enter", "dismiss(True)", "Open", shown="Enter", help="open the item"),
))

FIND = KeyGroup("Find in page", (
    Key("find.cancel", "escape", "dismiss(None)", "Cancel", shown="Esc", help="cancel (Enter finds; empty: no find)"),
))

OUTLINE = KeyGroup("Outline", (
    Key("outline.close", "escape,o,q", "dismiss", "Close", shown="Esc, o, q", help="close"),
))
OUTLINE_OPEN = Key("outline.open", "enter", "select", "Go", shown="↓ / ↑, Enter",
                   help="choose a section and go there")  # OptionList's own keys

LINKS_MAP = KeyGroup("Links map", (
    Key("map.close", "escape,w,q", "dismiss", "Close", shown="Esc, w, q", help="close"),
    Key("map.expand", "right,l", "expand_here", "Expand", show=False, shown="→ / ←, l / h",
        help="expand a neighbour to its own links (the second hop) / collapse"),
    Key("map.collapse", "left,h", "collapse_here", "Collapse", show=False),
))
LINKS_MAP_OPEN = Key("map.open", "enter", "select_cursor", "Open", shown="↓ / ↑, Enter",
                     help="move; open an item")  # Tree's own keys

HELP = KeyGroup("Help", (
    Key("help.close", "escape,q,question_mark,f1", "dismiss", "Close help", shown="Esc, q, ?, F1", help="close"),
))

GROUPS = (ANYWHERE, TREE, SEARCH_BOX, RESULTS, READING, PEEK, FIND, OUTLINE, LINKS_MAP, HELP)
# Keys a widget inherits from Textual, declared here only so help and the README list them
EXTRA_HELP = {
    ANYWHERE.title: (PALETTE,), TREE.title: (TREE_OPEN,), RESULTS.title: (RESULTS_OPEN,),
    OUTLINE.title: (OUTLINE_OPEN,), LINKS_MAP.title: (LINKS_MAP_OPEN,),
}
BY_ID = {key.id: key for group in GROUPS for key in group.keys}


def help_rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """Each group's title and its (keys, what they do) lines, as the help screen and the README show them."""
    return [
        (group.title, [(key.shown, key.help) for key in (*group.keys, *EXTRA_HELP.get(group.title, ())) if key.help])
        for group in GROUPS
    ]


def declared(binding: Binding) -> Key | None:
    """The declaration a Textual binding came from, by its id; None for Textual's own bindings."""
    return BY_ID.get(binding.id or "")


def short_label(binding: Binding) -> str:
    """The footer's narrow label: a declared short one, else the label itself."""
    key = declared(binding)
    return key.short or binding.description if key else binding.description


def is_essential(binding: Binding) -> bool:
    key = declared(binding)
    return key is not None and key.essential


def is_minor(binding: Binding) -> bool:
    key = declared(binding)
    return key is not None and key.minor
