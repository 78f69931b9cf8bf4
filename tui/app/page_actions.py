"""What the reader does with the open page beyond reading it: peek at a link, outline, links map, cite. Each
popup and the glance it shows are imported when first asked for, not at start (tui/app/on_demand.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.view.passage import outline
from tui.view.place import Place
from tui.widgets.messages import OpenPlace

if TYPE_CHECKING:
    from textual.app import App

    from tui.model import Item, ItemKey, KnowledgeBase
    from tui.widgets.reading_pane import ReadingPane


class PageActions:
    """Mixed into the reader's screen; each action reads the open item and answers with a popup or a message."""

    kb: KnowledgeBase
    current: Item | None
    reader: ReadingPane

    if TYPE_CHECKING:
        app: App[object]

        def post_message(self, message: object) -> bool: ...

    def _page(self) -> Item | None:
        """The open item, or a bell when there is none to act on."""
        if self.current is None:
            self.app.bell()
        return self.current

    def on_reading_pane_peeked(self, event: ReadingPane.Peeked) -> None:
        """Any link: an episode shows its takeaways and the sentence of this page that cites it
        (test_page_actions.py::test_peek_on_an_episode_shows_the_sentence_that_cites_it)."""
        from tui.screens.peek import PeekScreen  # noqa: PLC0415 - on demand
        from tui.view.glance import glance  # noqa: PLC0415

        item = self.kb.get(event.place.key)
        if item is None:
            return

        def opened(open_it: bool | None) -> None:
            if open_it:
                self.post_message(OpenPlace(event.place, focus=True))

        self.app.push_screen(PeekScreen(glance(self.kb, item, self.current)), opened)

    def on_reading_pane_find_asked(self, event: ReadingPane.FindAsked) -> None:
        """Ctrl+F: the prompt's answer finds in the page alone (test_ctrl_f_opens_the_find_prompt)."""
        from tui.screens.find import FindScreen  # noqa: PLC0415 - on demand

        self.app.push_screen(FindScreen(event.query), self.reader.find_in_page)

    def action_outline(self) -> None:
        """Sections of the page, the one in view first; the chosen one scrolls into view
        (test_page_actions.py::test_outline_jumps_to_a_section)."""
        from tui.screens.outline import OutlineScreen  # noqa: PLC0415 - on demand

        item = self._page()
        if item is None:
            return

        def chosen(anchor: str | None) -> None:
            if anchor is not None:
                self.reader.scroll_to_anchor(anchor)

        sections = outline(self.kb, item)
        self.app.push_screen(OutlineScreen(f"Outline · {item.title}", sections, self.reader.anchor_in_view()), chosen)

    def action_links_map(self) -> None:
        from tui.screens.links_map import LinksMapScreen  # noqa: PLC0415 - on demand

        item = self._page()
        if item is None:
            return

        def chosen(key: ItemKey | None) -> None:
            if key is not None:
                self.post_message(OpenPlace(Place(key), focus=True))

        self.app.push_screen(LinksMapScreen(self.kb, item), chosen)

    def action_cite(self) -> None:
        """A Markdown citation of the page at the section in view, with the command that opens it there."""
        from tui.view.glance import cite  # noqa: PLC0415 - on demand

        item = self._page()
        if item is None:
            return
        self.app.copy_to_clipboard(cite(self.kb, item, self.reader.anchor_in_view()))
        self.app.notify(f"Copied a citation of {item.kind.namespace}:{item.id}", timeout=3)
