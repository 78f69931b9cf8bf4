"""The reader's screen: Textual's, minus the repaints of everything that a reader sent for nothing."""

from __future__ import annotations

from typing import Self

from textual.events import Resize, ScreenResume
from textual.geometry import Region
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget


class ReaderScreen(Screen[None]):
    """Textual's default screen repaints every cell whenever focus moves (opening or closing the search, Tab into
    the page); the widgets whose look depends on focus restyle and repaint themselves anyway.

    It also sent a session's first screen three times over: its first resume restyles every widget and lays out and
    paints the whole screen, then asks for another layout and repaint; and the screen lays itself out again for
    every resize to the size it already has (its own layout announces one, and so does the driver as it starts)."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    _painting_first = False  # while Textual's resume handler lays out and paints the first frame

    def _on_screen_resume(self, event: ScreenResume) -> None:
        """The first time, every widget was styled a moment ago, as it mounted, and what the screen asks for while
        Textual's handler lays out and paints all of it is in that frame already (with no size yet, it paints
        nothing, and the first resize lays out and paints)."""
        if self.stack_updates:  # resumed before (Textual's handler counts resumes): it runs next, as usual
            return
        event.refresh_styles = False
        self._painting_first = True
        try:
            super()._on_screen_resume(event)
        finally:
            self._painting_first = False
        event.prevent_default()  # it has run

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._painting_first and not recompose:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    async def _on_resize(self, event: Resize) -> None:
        """Runs just before Screen's own handler, which would lay out and paint everything even at the same size."""
        if event.size == self.outer_size:
            event.prevent_default()
