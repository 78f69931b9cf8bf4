"""The find-in-page prompt (Ctrl+F): one line asking what to find in the open page alone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.overrides.keys_in_order import KeysInOrder
from tui.screens.popup import Popup
from tui.widgets.keys import FIND


class FindInput(KeysInOrder, Input):
    """The prompt's box: Backspace or Ctrl+U run in order with the letters typed around them in one read
    (test_find_in_page.py::test_editing_keys_in_the_prompt_keep_their_order_in_one_burst)."""


class FindScreen(Popup[str | None]):
    """Dismisses with what was typed when Enter is pressed (an empty box clears the find), None on Esc. A popup at
    the bottom, so the page it finds in stays in view."""

    BINDINGS = FIND.bindings()
    DEFAULT_CSS = """
    FindScreen {
        align: center bottom;
    }
    FindScreen > .popup {
        width: 60;
        margin-bottom: 1;
    }
    FindScreen #find-input {
        border: none;
        height: 1;
        padding: 0;
    }
    FindScreen #find-hint {
        color: $text-muted;
    }
    """

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query

    def compose(self) -> ComposeResult:
        with Vertical(id="find-box", classes="popup") as box:
            box.border_title = "Find in page"
            # Select-on-focus: the last find comes back selected, so typing replaces it and Enter repeats it
            yield FindInput(self._query, placeholder="words to find", id="find-input", select_on_focus=True)
            yield Static("Enter find · Esc cancel · then n / N", id="find-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)
