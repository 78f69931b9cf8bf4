"""Back/forward history as a pure value object, so it is testable without a UI."""

from __future__ import annotations

from tui.view.place import Place


class History:
    """A browser-style history: visiting drops the forward stack; back and forward remember scroll."""

    def __init__(self, limit: int = 200) -> None:
        self._places: list[Place] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    @property
    def can_back(self) -> bool:
        return self._index > 0

    @property
    def can_forward(self) -> bool:
        return self._index < len(self._places) - 1

    @property
    def index(self) -> int:
        return self._index

    def places(self) -> list[Place]:
        return list(self._places)

    def restore(self, places: list[Place], index: int) -> None:
        """Start from a saved history, e.g. the previous session's."""
        self._places = places[-self._limit :]
        self._index = min(max(index - (len(places) - len(self._places)), -1), len(self._places) - 1)

    def visit(self, place: Place, scroll_now: float = 0.0) -> None:
        """Record a new place, keeping the scroll of the one being left."""
        self._remember_scroll(scroll_now)
        if self.current is not None and self.current.key == place.key and place.section is None:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._index = len(self._places) - 1

    def back(self, scroll_now: float = 0.0) -> Place | None:
        if not self.can_back:
            return None
        self._remember_scroll(scroll_now)
        self._index -= 1
        return self.current

    def forward(self, scroll_now: float = 0.0) -> Place | None:
        if not self.can_forward:
            return None
        self._remember_scroll(scroll_now)
        self._index += 1
        return self.current

    def _remember_scroll(self, scroll: float) -> None:
        if self.current is not None:
            self._places[self._index] = self.current._replace(scroll=scroll)
