"""Frozen dataclasses for every kind of item in the knowledge base."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cached_property


class Kind(StrEnum):
    """The item types; the value is both the `type:` field and the folder's singular name."""

    HUB = "hub"
    NOTE = "note"
    TOPIC = "topic"
    EPISODE = "episode"
    PAPER = "paper"
    TERM = "term"

    @property
    def folder(self) -> str:
        return FOLDERS[self]

    @property
    def namespace(self) -> str:
        """The prefix used in `[[ns:id]]` links."""
        return "ep" if self is Kind.EPISODE else self.value


FOLDERS: dict[Kind, str] = {
    Kind.HUB: "hubs",
    Kind.NOTE: "notes",
    Kind.TOPIC: "topics",
    Kind.EPISODE: "episodes",
    Kind.PAPER: "papers",
    Kind.TERM: "glossary",
}
KIND_BY_FOLDER: dict[str, Kind] = {folder: kind for kind, folder in FOLDERS.items()}
KIND_BY_NAMESPACE: dict[str, Kind] = {kind.namespace: kind for kind in Kind}
# Every name a user may call a kind by (`episode`, `ep`, `episodes`, `glossary`): the CLI and the query language agree.
KIND_NAMES: dict[str, Kind] = {**{kind.value: kind for kind in Kind}, **KIND_BY_NAMESPACE, **KIND_BY_FOLDER}


class PicklesByConstructor:
    """For slots dataclasses that occur by the thousand: rebuilt through __init__, they unpickle twice as fast
    as through the Python-level __setstate__ that dataclasses give slots classes."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), tuple(getattr(self, each.name) for each in fields(self))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True, order=True)
class ItemKey(PicklesByConstructor):
    """Ids are unique per kind, so a kind and an id name exactly one item."""

    kind: Kind
    id: str

    def __str__(self) -> str:
        return f"{self.kind.namespace}:{self.id}"


@dataclass(frozen=True, slots=True)
class Ref(PicklesByConstructor):
    """A reference as written; `kind` is None for a bare `[[id]]` (a note, then a hub)."""

    kind: Kind | None
    id: str
    fragment: str | None = None

    def __str__(self) -> str:
        prefix = f"{self.kind.namespace}:" if self.kind else ""
        suffix = f"#{self.fragment}" if self.fragment else ""
        return f"{prefix}{self.id}{suffix}"


@dataclass(frozen=True, slots=True)
class Paragraph(PicklesByConstructor):
    """A block of prose: the unit in which each glossary term is linked once."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Section(PicklesByConstructor):
    """A `##` section of a body; the lead before the first heading has no heading."""

    id: str
    heading: str | None
    line: int
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Body:
    """A Markdown body split into sections and paragraphs once, at load."""

    sections: tuple[Section, ...] = ()

    @property
    def headed(self) -> tuple[Section, ...]:
        return tuple(section for section in self.sections if section.heading is not None)

    def paragraphs(self) -> Iterator[tuple[Section, Paragraph]]:
        for section in self.sections:
            for paragraph in section.paragraphs:
                yield section, paragraph


@dataclass(frozen=True, slots=True)
class TextField:
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


@dataclass(frozen=True, slots=True)
class HubSection:
    """One section of a hub, with its entries in order and the count the site declared."""

    index: int
    title: str
    declared: int | None
    date: str | None
    entries: tuple[Ref, ...]
    entry_lines: tuple[int, ...]
    line: int

    @property
    def display_title(self) -> str:
        """Site titles keep literal Markdown emphasis like `*(2026-06-03)*`; readers should not see it."""
        return self.title.replace("*", "").strip()


@dataclass(frozen=True, kw_only=True)
class Hub(Item):
    declared_notes: int | None = None
    declared_sections: int | None = None
    sections: tuple[HubSection, ...] = ()

    def field_refs(self) -> tuple[FieldRef, ...]:
        return tuple(
            (section.display_title, ref, line, "")
            for section in self.sections
            for ref, line in zip(section.entries, section.entry_lines, strict=True)
        )


@dataclass(frozen=True, kw_only=True)
class Note(Item):
    abstract: str = ""
    abstract_line: int = 0
    date: str | None = None
    related: tuple[tuple[Ref, int], ...] = ()

    def text_fields(self) -> tuple[TextField, ...]:
        return (TextField("Abstract", self.abstract, self.abstract_line),) if self.abstract else ()

    def field_refs(self) -> tuple[FieldRef, ...]:
        return tuple(("Related", ref, line, "") for ref, line in self.related)


@dataclass(frozen=True, slots=True)
class Anchor:
    """An episode that anchors a topic, with the topic's own blurb for it."""

    episode: str
    blurb: str
    line: int


ANCHORS_SECTION = "Episodes anchoring this topic"


@dataclass(frozen=True, kw_only=True)
class Topic(Item):
    episode_count: int | None = None
    anchors: tuple[Anchor, ...] = ()

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.body.headed

    def text_fields(self) -> tuple[TextField, ...]:
        return tuple(TextField(ANCHORS_SECTION, anchor.blurb, anchor.line) for anchor in self.anchors)

    def field_refs(self) -> tuple[FieldRef, ...]:
        return tuple((ANCHORS_SECTION, Ref(Kind.EPISODE, a.episode), a.line, a.blurb) for a in self.anchors)


@dataclass(frozen=True, slots=True)
class Chapter:
    t: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Episode(Item):
    number: int | None = None
    slug: str | None = None
    date: str | None = None
    duration_min: int | None = None
    category: str | None = None
    paper: str | None = None
    paper_line: int = 0
    takeaways: tuple[str, ...] = ()
    takeaway_lines: tuple[int, ...] = ()
    chapters: tuple[Chapter, ...] = ()

    def text_fields(self) -> tuple[TextField, ...]:
        return tuple(
            TextField("Takeaways", text, line)
            for text, line in zip(self.takeaways, self.takeaway_lines, strict=True)
        )

    def field_refs(self) -> tuple[FieldRef, ...]:
        return (("Paper", Ref(Kind.PAPER, self.paper), self.paper_line, ""),) if self.paper else ()


@dataclass(frozen=True, kw_only=True)
class Paper(Item):
    authors: tuple[str, ...] = ()
    published: str | None = None
    url: str | None = None
    arxiv: str | None = None


@dataclass(frozen=True, kw_only=True)
class Term(Item):
    aliases: tuple[str, ...] = ()
    short: str = ""
    episodes: tuple[tuple[str, int], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling that auto-links to this term."""
        return (self.title, *self.aliases)

    def field_refs(self) -> tuple[FieldRef, ...]:
        return tuple(("Episodes", Ref(Kind.EPISODE, ep), line, "") for ep, line in self.episodes)
