"""For widgets whose drawn lines depend on their width only: a change of height keeps them."""

from __future__ import annotations

from textual.events import Resize


class KeepLinesWhenOnlyHeightChanges:
    """Tree and OptionList drop every line they drew on any resize and draw them all again in a frame of their
    own: on every `/` and Esc (the search box takes or gives back three rows) and whenever the results list is
    shown again. Their lines depend on the width only, so only a new width needs that."""

    _drawn_width = -1

    def on_resize(self, event: Resize) -> None:
        if event.size.width == self._drawn_width:
            event.prevent_default()  # the base class's handler is the one that drops the lines
        self._drawn_width = event.size.width
