"""Link hints (qutebrowser/vimium style): a label of one or two letters on every link on screen; typing a label
follows its link, so any link on screen is at most three keys away (f and two letters)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

HOME_ROW = "asdfghjkl"  # labels use these first: the letters under the fingers
MORE_LETTERS = "qwertyuiopzxcvbnm"  # and these only when more links show than home-row pairs (81)


def hint_labels(count: int) -> list[str]:
    """`count` labels, all of one length so none is the start of another (test_link_hints.py::
    test_labels_are_one_letter_when_they_fit_and_else_all_two): one home-row letter each when they fit, else two
    letters; past 26 × 26 links on one screen the rest go unlabelled."""
    if count <= len(HOME_ROW):
        return list(HOME_ROW[:count])
    letters = HOME_ROW if count <= len(HOME_ROW) ** 2 else HOME_ROW + MORE_LETTERS
    return ["".join(pair) for pair in product(letters, repeat=2)][:count]


class LinkHints(NamedTuple):
    """The labels on screen and what has been typed of one; each typed letter makes a new, narrower LinkHints."""

    labels: Mapping[str, int]  # label -> link number
    above: Mapping[int, int]  # link number -> its rows above the view: its label goes on its first row in view
    typed: str = ""

    @classmethod
    def label(cls, links: Sequence[tuple[int, int]]) -> LinkHints:
        """Labels for `links`, (link number, rows of it above the view) in reading order, so labels run a, s, d..."""
        return cls(dict(zip(hint_labels(len(links)), (number for number, _ in links), strict=False)), dict(links))

    def shown(self) -> dict[int, str]:
        """Link number -> label, for the labels that still start with what was typed."""
        return {number: label for label, number in self.labels.items() if label.startswith(self.typed)}

    def typing(self, character: str) -> LinkHints | None:
        """The hints once `character` is typed (upper case as lower); None when it starts or continues no label."""
        typed = self.typed + character.lower()
        if not any(label.startswith(typed) for label in self.labels):
            return None
        return LinkHints(self.labels, self.above, typed)

    @property
    def chosen(self) -> int | None:
        """The link whose whole label has been typed."""
        return self.labels.get(self.typed)


def marked_cell(line: Strip, key: str, value: int) -> int | None:
    """The cell where the first segment whose style metadata has `key: value` starts."""
    cell = 0
    for segment in line:
        if segment.style is not None and segment.style.meta.get(key) == value:
            return cell
        cell += segment.cell_length
    return None


def overlay(line: Strip, at: int, label: str, style: Style) -> Strip:
    """`label` drawn over the line from cell `at`, moved left if it would run past the end: the line keeps its
    length, so the page wraps as it did without hints."""
    width = line.cell_length
    size = cell_len(label)
    at = max(min(at, width - size), 0)
    return Strip.join([line.crop(0, at), Strip([Segment(label, style)], size), line.crop(at + size, width)])
