"""The key footer: one line drawn from the focused pane's bindings, redrawn only when they change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui.widgets.keys import is_essential, is_minor, short_label

PALETTE_SEPARATOR = "▏"
DIM = Style(dim=True)  # a key that does nothing right now
ESSENTIAL_RANK, PANE_RANK, APP_RANK, MINOR_RANK = 0, 1, 2, 3  # which keys stay when not all fit: the lowest rank


class FooterKey(NamedTuple):
    """One key as shown: what to press, what it does, and whether it does anything right now."""

    key: str
    display: str
    description: str
    short: str
    enabled: bool
    rank: int

    def width(self, label: str) -> int:
        """Cells the key takes drawn with `label` (an empty one: the key alone); the palette's separator takes the
        place of the leading space, so this is its width too."""
        return cell_len(f" {self.display} {label} " if label else f" {self.display} ")


Shown = tuple[FooterKey, str]  # a key and the label it is drawn with


def fit(keys: Sequence[FooterKey], palette: FooterKey | None, width: int) -> tuple[list[Shown], Shown | None]:
    """Every key at full length if they fit, else short labels, else the palette's key alone and the keys that
    matter least left out whole: never a cut word (test_a_terminal_narrower_than_the_keys_leaves_keys_out_whole)."""
    right = None if palette is None else (palette, palette.description)
    for short in (False, True):
        shown = [(key, key.short if short else key.description) for key in keys]
        if sum(key.width(label) for key, label in shown) + _width(right) <= width:
            return shown, right
    right = None if palette is None or palette.width("") > width else (palette, "")
    return _by_rank(keys, width - _width(right)), right


def _width(shown: Shown | None) -> int:
    return 0 if shown is None else shown[0].width(shown[1])


def _by_rank(keys: Sequence[FooterKey], room: int) -> list[Shown]:
    """Taken in order of rank, each if it still fits, so a short key may use room a longer one could not; then shown
    in their own order, so a key does not move as others come and go."""
    kept = set()
    for index in sorted(range(len(keys)), key=lambda i: keys[i].rank):
        if keys[index].width(keys[index].short) <= room:
            kept.add(index)
            room -= keys[index].width(keys[index].short)
    return [(key, key.short) for index, key in enumerate(keys) if index in kept]


class KeyFooter(Widget, can_focus=False):
    """One widget that draws every key, so a focus move mounts nothing and redraws only when the keys differ
    (test_keys_follow_focus_and_a_move_between_like_widgets_draws_nothing)."""

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
        """The first key of each shown action, in Textual's order, and the palette key on its own. A priority
        key shows only where its action has no plain key: ^q Quit in the search box, where q types a q, and
        q Quit elsewhere (test_back_help_and_quit_are_always_shown_and_esc_wherever_it_does_something). A screen
        with a `footer_label(binding)` method may say what a key does right now (Esc from the page)."""
        relabel = getattr(screen, "footer_label", None)
        plain: dict[str, tuple[int, FooterKey]] = {}
        fallback: dict[str, tuple[int, FooterKey]] = {}
        palette = None
        for place, (key, (node, binding, enabled, _)) in enumerate(screen.active_bindings.items()):
            rank = self._rank(binding, mine=node is not self.app and node is not screen)
            label, short = (relabel and relabel(binding)) or (binding.description, short_label(binding))
            entry = FooterKey(key, self.app.get_key_display(binding), label, short, enabled, rank)
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show:
                (fallback if binding.priority else plain).setdefault(binding.action, (place, entry))
        return tuple(entry for _, entry in sorted((fallback | plain).values())), palette

    @staticmethod
    def _rank(binding: Binding, *, mine: bool) -> int:
        """The way out first (test_back_help_and_quit_are_always_shown_and_esc_wherever_it_does_something), then
        what the focused pane does, then the app's other keys, then the minor keys the palette also offers
        (test_outside_the_box_history_keys_are_ones_every_terminal_sends)."""
        if is_essential(binding):
            return ESSENTIAL_RANK
        if is_minor(binding):
            return MINOR_RANK
        return PANE_RANK if mine else APP_RANK

    @property
    def keys(self) -> tuple[FooterKey, ...]:
        return self._keys[0]

    def render(self) -> Text:
        shown, palette = fit(*self._keys, self.size.width)
        key_style = self.get_component_rich_style("key-footer--key")
        text_style = self.get_component_rich_style("key-footer--description")
        line, self._spans = Text(), []
        for key, label in shown:
            start = line.cell_len
            line.append(f" {key.display} ", key_style if key.enabled else key_style + DIM)
            line.append(f"{label} ", text_style if key.enabled else text_style + DIM)
            self._spans.append((start, line.cell_len, key))
        right = Text()
        if palette is not None:
            right.append(PALETTE_SEPARATOR, self.get_component_rich_style("key-footer--separator"))
            right.append(palette[0].display, key_style)
            right.append(f" {palette[1]} " if palette[1] else " ", text_style)
            self._spans.append((self.size.width - right.cell_len, self.size.width, palette[0]))
        line.pad_right(self.size.width - right.cell_len - line.cell_len)
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
