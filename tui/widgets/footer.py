"""The key footer: one line drawn from the focused pane's bindings, redrawn only when they change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

PALETTE_SEPARATOR = "▏"
DIM = Style(dim=True)  # a key that does nothing right now


@dataclass(frozen=True, slots=True)
class FooterKey:
    """One key as shown: what to press, what it does, and whether it does anything right now."""

    key: str
    display: str
    description: str
    enabled: bool


class KeyFooter(Widget, can_focus=False):
    """One widget, not one per key: Textual's Footer removes and mounts a widget per key whenever focus moves
    between panes, which cost more than everything else opening or closing the search did."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--separator"}  # noqa: RUF012
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--separator {
        color: $foreground 20%;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[tuple[FooterKey, ...], FooterKey | None] = ((), None)
        self._spans: list[tuple[int, int, FooterKey]] = []  # where each key was drawn, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if not screen.app.app_focus:  # the terminal lost focus, which clears focus: keep the keys, as Footer does
            return
        keys = self._keys_now(screen)
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def _keys_now(self, screen: Screen[Any]) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        """The first key of each shown action, as Textual's Footer picks them, and the palette key on its own."""
        shown: dict[str, FooterKey] = {}
        palette = None
        for key, (_, binding, enabled, _) in screen.active_bindings.items():
            entry = FooterKey(key, self.app.get_key_display(binding), binding.description, enabled)
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show:
                shown.setdefault(binding.action, entry)
        return tuple(shown.values()), palette

    @property
    def keys(self) -> tuple[FooterKey, ...]:
        return self._keys[0]

    def render(self) -> Text:
        keys, palette = self._keys
        key_style = self.get_component_rich_style("key-footer--key")
        text_style = self.get_component_rich_style("key-footer--description")
        line, self._spans = Text(no_wrap=True, overflow="crop"), []
        right = Text()
        if palette is not None:
            right.append(PALETTE_SEPARATOR, self.get_component_rich_style("key-footer--separator"))
            right.append(palette.display, key_style)
            right.append(f" {palette.description} ", text_style)
        room = self.size.width - right.cell_len
        for key in keys:
            start = line.cell_len
            line.append(f" {key.display} ", key_style if key.enabled else key_style + DIM)
            line.append(f"{key.description} ", text_style if key.enabled else text_style + DIM)
            self._spans.append((start, min(line.cell_len, room), key))
        line.truncate(max(room, 0), pad=True)
        if palette is not None:
            self._spans.append((room, self.size.width, palette))
        return line + right

    def on_click(self, event: events.Click) -> None:
        """A click presses the key, so it does exactly what typing it would."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return

