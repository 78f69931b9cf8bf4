"""A screen's first frame is styled and painted once: its first resume restyles nothing (every widget was styled as
it mounted) and paints the screen once, and a resize to the size it has already (the driver announces the size as
it starts) lays out and paints nothing (test_a_start_styles_every_widget_once_and_paints_the_whole_screen_once)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from textual.events import Resize, ScreenResume
from textual.geometry import Region
from textual.screen import Screen

RELIES_ON = {
    # The first resume: restyles every widget (`refresh_styles`), lays out when the size is new, repaints the screen;
    # `stack_updates` counts resumes and suspends, 0 before the first.
    "textual.screen:Screen._on_screen_resume": "f39caa8ec4424d3c",
    # Lays out and repaints the whole screen, whether or not the size changed.
    "textual.screen:Screen._on_resize": "ba5f7fb1b5a3327d",
    # A handler's prevent_default keeps the handlers of the classes after it in the MRO from running.
    "textual.message_pump:MessagePump._get_dispatch_methods": "42cf0aeddecf314f",
}

if TYPE_CHECKING:
    _Screen = Screen[Any]
else:
    _Screen = object


class FirstPaintOnce(_Screen):
    """Mixed into a Screen before it. A screen that fits its panes to the width does so in a public `on_resize`,
    which runs before this class's handler."""

    _painting_first = False  # while Textual's resume handler lays out and paints the first frame

    def _on_screen_resume(self, event: ScreenResume) -> None:
        """What the first resume asks for while it paints is in that frame already; later resumes run Textual's
        handler as usual."""
        if self.stack_updates:
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
        """Screen's own handler, next, would lay out and paint everything again for a size it has already."""
        if event.size == self.outer_size:
            event.prevent_default()
