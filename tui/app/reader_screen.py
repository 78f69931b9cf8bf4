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
    paints the whole screen, then asks for another layout and repaint, and the driver's announcement of the
    terminal's size, the size just laid out, lays it out and paints it again."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    _resumed = False
    _painting_first = False  # while Textual's resume handler lays out and paints the first frame

    def _on_screen_resume(self, event: ScreenResume) -> None:
        """Runs just before Screen's own handler; the first time, every widget was styled a moment ago, as it
        mounted."""
        if self._resumed:
            return
        self._resumed = True
        event.refresh_styles = False
        self._painting_first = True
        self.call_next(self._first_frame_painted)

    def _first_frame_painted(self) -> None:
        self._painting_first = False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        """What is asked for while the first frame is laid out and painted is in it already."""
        if self._painting_first and not recompose and self.is_current and self.outer_size == self.size:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    async def _on_resize(self, event: Resize) -> None:
        """Runs just before Screen's own handler, which would lay out and paint everything even at the same size."""
        if event.size == self.outer_size:
            event.prevent_default()
