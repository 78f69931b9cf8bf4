"""A new breadcrumb repaints the header, which watches it, not every widget of the app
(test_opening_an_item_repaints_the_header_and_the_page_not_the_whole_screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.reactive import Reactive

RELIES_ON = {
    # The header watches the app's sub-title and redraws its own line when it changes.
    "textual.widgets._header:HeaderTitle": "f544742d8f4ba44f",
    "textual.widgets._header:Header._on_mount": "dc2c67b71d13728f",
}

if TYPE_CHECKING:
    _App = App[Any]
else:
    _App = object


class SubTitleRepaintsOnlyTheHeader(_App):
    """Mixed into an App before it: its `sub_title` is App's, without the repaint."""

    sub_title: Reactive[str] = Reactive("", repaint=False, compute=False)
