"""The vocabulary every kind shares: keys, references, bodies and the `Item` base each kind extends.

Value records are NamedTuples, as throughout the model: every start builds its classes before the first item is
read, and on Python 3.11 a frozen dataclass takes about five times as long to define (benchmarks/reader.py); they
also pickle compactly, as the cached base stores thousands of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from tui.model.kindspec import Kind


class ItemKey(NamedTuple):
    """Ids are unique per kind, so a kind and an id name exactly one item."""

    kind: Kind
    id: str

    def __str__(self) -> str:
        return f"{self.kind.namespace}:{self.id}"


class Ref(NamedTuple):
    """A reference as written; `kind` is None for a bare `[[id]]` (a note, then a hub)."""

    kind: Kind | None
    id: str
    fragment: str | None = None

    def __str__(self) -> str:
        prefix = f"{self.kind.namespace}:" if self.kind else ""
        suffix = f"#{self.fragment}" if self.fragment else ""
        return f"{prefix}{self.id}{suffix}"


class Paragraph(NamedTuple):
    """A block of prose: the unit in which each glossary term is linked once."""

    text: str
    line: int


class Section(NamedTuple):
    """A `##` section of a body; the lead before the first heading has no heading."""

    id: str
    heading: str | None
    line: int
    paragraphs: tuple[Paragraph, ...]


class Body(NamedTuple):
    """A Markdown body split into sections and paragraphs once, at load."""

    sections: tuple[Section, ...] = ()

    @property
    def headed(self) -> tuple[Section, ...]:
        return tuple(section for section in self.sections if section.heading is not None)

    def paragraphs(self) -> Iterator[tuple[Section, Paragraph]]:
        for section in self.sections:
            for paragraph in section.paragraphs:
                yield section, paragraph


class TextField(NamedTuple):
    """A piece of prose stored in front matter (an abstract, a blurb, a takeaway) that may carry links."""

    section: str
    text: str
    line: int


FieldRef = tuple[str, Ref, int, str]


@dataclass(frozen=True, kw_only=True)
class Item:
    """Fields every item has; subclasses add their own."""

    kind: Kind
    id: str
    title: str
    path: str
    line: int = 1
    stub: bool = False
    glossary: tuple[str, ...] = ()
    glossary_line: int = 0
    source_url: str | None = None
    body: Body = field(default_factory=Body)

    @cached_property
    def key(self) -> ItemKey:
        """One key object per item, so links share it and the pickled base stores each key once."""
        return ItemKey(self.kind, self.id)

    def text_fields(self) -> tuple[TextField, ...]:
        """Front-matter prose that is linked like the body."""
        return ()

    def field_refs(self) -> tuple[FieldRef, ...]:
        """Structured links from front matter: (section label, ref, line, context sentence)."""
        return ()
