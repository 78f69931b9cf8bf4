"""The open page's sections in a list: choosing one scrolls the page there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.popup import Popup
from tui.widgets.keys import OUTLINE


class OutlineScreen(Popup[str | None]):
    """Dismisses with the chosen section's anchor, or None."""

    BINDINGS = OUTLINE.bindings()
    DEFAULT_CSS = """
    OutlineScreen #outline-title {
        margin-bottom: 1;
    }
    OutlineScreen OptionList, OutlineScreen OptionList:focus {
        height: auto;
        max-height: 20;
        border: none;
        background: $panel;
    }
    """

    def __init__(self, title: str, sections: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self._title = title
        self._sections = sections
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="outline-box", classes="popup"):
            yield Static(self._title, id="outline-title", classes="popup-title", markup=False)
            yield OptionList(*(Option(heading, id=anchor) for anchor, heading in self._sections), id="outline-list")

    def on_mount(self) -> None:
        """The cursor starts on the section being read, so Enter alone stays put and arrows count from here."""
        sections = self.query_one(OptionList)
        anchors = [anchor for anchor, _ in self._sections]
        sections.highlighted = anchors.index(self._current) if self._current in anchors else 0
        sections.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
