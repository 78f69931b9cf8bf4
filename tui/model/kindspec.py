"""What makes a kind a kind: one `KindSpec` per kind, registered once, read by every layer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

if TYPE_CHECKING:
    from tui.model.fields import Fields
    from tui.model.items import Item, Ref
    from tui.model.kb import KnowledgeBase


class _Kinds(type):
    """Iterating `Kind` gives the registered kinds in the tree's order."""

    def __iter__(cls) -> Iterator[Kind]:
        return iter(tuple(_SPECS))


class Kind(str, metaclass=_Kinds):
    """A kind's name, which is also its `type:` field; everything else about it is its `KindSpec`.
    Interned, so `is` compares kinds, and open, so a kind is added by registering a spec alone:
    test_kinds.py::test_a_toy_kind_needs_only_its_spec."""

    __slots__ = ()
    _interned: ClassVar[dict[str, Kind]] = {}
    HUB: ClassVar[Kind]
    NOTE: ClassVar[Kind]
    TOPIC: ClassVar[Kind]
    EPISODE: ClassVar[Kind]
    PAPER: ClassVar[Kind]
    TERM: ClassVar[Kind]

    def __new__(cls, name: str) -> Kind:
        found = cls._interned.get(name)
        if found is None:
            found = cls._interned[name] = super().__new__(cls, name)
        return found

    def __repr__(self) -> str:
        return f"Kind({str(self)!r})"

    @property
    def value(self) -> str:
        return str(self)

    @property
    def spec(self) -> KindSpec:
        return _SPECS[self]

    @property
    def namespace(self) -> str:
        """The prefix used in `[[ns:id]]` links."""
        return _SPECS[self].namespace

    @property
    def folder(self) -> str:
        return _SPECS[self].folder


Kind.HUB, Kind.NOTE, Kind.TOPIC = Kind("hub"), Kind("note"), Kind("topic")
Kind.EPISODE, Kind.PAPER, Kind.TERM = Kind("episode"), Kind("paper"), Kind("term")


class Prominence(IntEnum):
    """Where text sits in an item; search weighs it by this, and it orders passages that match equally well."""

    BODY = 1
    LEAD = 2
    TITLE = 3


class Excerpt(NamedTuple):
    """A piece of an item's own text for search, with the section (label and reader anchor) it belongs to."""

    prominence: Prominence
    section: str
    anchor: str | None
    text: str


class Meta(NamedTuple):
    """A metadata row under the title; `ref` makes its value a link."""

    label: str
    value: str
    ref: Ref | None = None


class Shape(StrEnum):
    """What a part is on the page; every renderer has one way to show each."""

    HEADING = "heading"
    PROSE = "prose"
    BULLET = "bullet"
    CARD_TITLE = "card-title"
    CARD_BODY = "card-body"
    EMPTY = "empty"


class Part(NamedTuple):
    """One block of an item's own structure before links are resolved: dim `lead`, then `text` (prose with
    link markup as `owner` wrote it, or plain when `plain`), then `links` each with an optional label, then
    dim `note`."""

    shape: Shape
    text: str = ""
    links: tuple[tuple[Ref, str | None], ...] = ()
    lead: str = ""
    note: str = ""
    anchor: str | None = None
    owner: Item | None = None
    plain: bool = False


Builder = Callable[[dict[str, Any], "Fields"], "Item"]


def _title(item: Item) -> str:
    return item.title


def _no_excerpts(item: Item) -> list[Excerpt]:
    return []


def _no_summary(item: Item) -> str:
    return ""


def _no_related(item: Item) -> tuple[Ref, ...]:
    return ()


class KindSpec(NamedTuple):
    """Everything the loader, the index, the reader and `show` need to know about one kind."""

    kind: Kind
    label: str  # one item, as the reader names it: "Episode"
    group: str  # the tree's group and list headings: "Episodes"
    folder: str  # where its files live: "episodes/"
    namespace: str  # its link prefix: "ep" in [[ep:E026]]
    build: Builder  # typed item from checked front matter
    metadata: Callable[[KnowledgeBase, Item], list[Meta]]  # rows under the title, most useful first
    parts: Callable[[KnowledgeBase, Item], list[Part]]  # its own structure between metadata and backlinks
    body_section: str  # what search calls the text before the first heading
    body_prominence: Prominence = Prominence.BODY  # how search weighs the body
    lead: Callable[[Item], list[Excerpt]] = _no_excerpts  # front-matter text search weighs as lead
    tail: Callable[[Item], list[Excerpt]] = _no_excerpts  # structure search indexes after the body
    summary: Callable[[Item], str] = _no_summary  # one paragraph for peeks and hub cards
    related: Callable[[Item], tuple[Ref, ...]] = _no_related  # what a hub card lists after the summary
    row_label: Callable[[Item], str] = _title  # its row in the tree and lists
    id_is_searchable: bool = False  # its id is a title people type ("E026")
    backlink_group: str = "Mentioned by"  # the heading its links get on the pages they point to


_SPECS: dict[Kind, KindSpec] = {}


def register(spec: KindSpec) -> KindSpec:
    """Add a kind; the registry's order is the tree's."""
    _SPECS[spec.kind] = spec
    return spec


def unregister(kind: Kind) -> None:
    """Remove a kind a test added."""
    del _SPECS[kind]


def specs() -> tuple[KindSpec, ...]:
    return tuple(_SPECS.values())


def kind_named(name: str) -> Kind | None:
    """Every name a user may call a kind by (`episode`, `ep`, `episodes`, `glossary`): the CLI, the query
    language and links agree."""
    return next((spec.kind for spec in _SPECS.values() if name in (spec.kind, spec.namespace, spec.folder)), None)


def kind_names() -> dict[str, Kind]:
    return {name: spec.kind for spec in _SPECS.values() for name in (spec.kind, spec.namespace, spec.folder)}


def kind_of_folder(folder: str) -> Kind | None:
    return next((spec.kind for spec in _SPECS.values() if spec.folder == folder), None)


def kind_of_namespace(namespace: str) -> Kind | None:
    """The kind a link prefix names: only `ep`, `hub`, ... as written in `[[ns:id]]`."""
    return next((spec.kind for spec in _SPECS.values() if spec.namespace == namespace), None)


def body_parts(item: Item) -> list[Part]:
    """The Markdown body as the reader shows it: each `##` heading, then its paragraphs."""
    found: list[Part] = []
    for section in item.body.sections:
        if section.heading:
            found.append(Part(Shape.HEADING, section.heading, anchor=section.id, plain=True))
        found += [Part(Shape.PROSE, paragraph.text) for paragraph in section.paragraphs]
    return found


def heading(text: str, anchor: str | None = None) -> Part:
    return Part(Shape.HEADING, text, anchor=anchor, plain=True)
