"""What the reader does with the open page beyond reading it: peek at a link, outline, links map, cite."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.screens.peek import PeekScreen
from tui.widgets.messages import OpenPlace

if TYPE_CHECKING:
    from textual.app import App

    from tui.model import Item, KnowledgeBase
    from tui.widgets.reading_pane import ReadingPane


class PageActions:
    """Mixed into the reader's screen; each action reads the open item and answers with a popup or a message."""

    kb: KnowledgeBase
    current: Item | None
    reader: ReadingPane

    if TYPE_CHECKING:
        app: App[object]

        def post_message(self, message: object) -> bool: ...

    def on_reading_pane_peeked(self, event: ReadingPane.Peeked) -> None:
        item = self.kb.get(event.place.key)
        if item is None:
            return
        body = item.kind.spec.summary(item)
        if not body and item.body.sections and item.body.sections[0].paragraphs:
            body = item.body.sections[0].paragraphs[0].text

        def opened(open_it: bool | None) -> None:
            if open_it:
                self.post_message(OpenPlace(event.place, focus=True))

        self.app.push_screen(PeekScreen(f"{item.kind.spec.label} · {item.title}", body), opened)
