"""The knowledge base: items by key, resolved links both ways, and whole-base validation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from tui.model.diagnostics import Diagnostic, DiagnosticSink, Level
from tui.model.items import Item, ItemKey, Ref
from tui.model.kinds.hub import Hub
from tui.model.kinds.term import Term
from tui.model.kindspec import Kind, kind_named
from tui.model.links import GlossaryMatcher, Segment, TermNames, Via, cached_matcher, segments, sentence_at
from tui.model.loader import load_folder


class Link(NamedTuple):
    """One link from one place in an item; `target` is None when it does not resolve."""

    source: ItemKey
    ref: Ref
    target: ItemKey | None
    section: str | None
    sentence: str
    line: int
    via: Via


class KnowledgeBase:
    """Everything loaded from one content folder, with links resolved and indexed both ways."""

    def __init__(self, items: list[Item], diagnostics: list[Diagnostic], root: Path | None = None) -> None:
        self.root = root
        self.diagnostics = list(diagnostics)
        self._items: dict[ItemKey, Item] = {}
        for item in items:
            self._add(item)
        self._by_kind: dict[Kind, list[Item]] = defaultdict(list)
        for item in self._items.values():
            self._by_kind[item.kind].append(item)
        self._links: dict[ItemKey, list[Link]] = {}
        self._backlinks: dict[ItemKey, list[Link]] = defaultdict(list)
        for item in self._items.values():
            self._index_links(item)
        self.diagnostics.extend(_validate(self))

    def _add(self, item: Item) -> None:
        existing = self._items.get(item.key)
        if existing is not None:
            self.diagnostics.append(
                Diagnostic(item.path, 1, Level.ERROR, f"duplicate id '{item.id}' (also in {existing.path})")
            )
            return
        self._items[item.key] = item

    # Lookup

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Item]:
        return iter(self._items.values())

    def get(self, key: ItemKey) -> Item | None:
        return self._items.get(key)

    def of_kind(self, kind: Kind) -> list[Item]:
        """Items of one kind in load order (file name order)."""
        return self._by_kind.get(kind, [])

    def find(self, ident: str) -> list[Item]:
        """Every item with this id (or `ns:id`), whatever its kind."""
        ref = _parse_any(ident)
        if ref.kind is not None:
            item = self._items.get(ItemKey(ref.kind, ref.id))
            return [item] if item else []
        return [item for kind in Kind if (item := self._items.get(ItemKey(kind, ref.id)))]

    def resolve(self, ref: Ref) -> Item | None:
        """Follow a reference; a bare id means a note, then a hub."""
        kinds = (ref.kind,) if ref.kind else (Kind.NOTE, Kind.HUB)
        for kind in kinds:
            item = self._items.get(ItemKey(kind, ref.id))
            if item is not None:
                return item
        return None

    # Links

    def links_from(self, key: ItemKey) -> list[Link]:
        return self._links.get(key, [])

    def backlinks(self, key: ItemKey) -> list[Link]:
        """Who links here, from which section, with the sentence that carries the link."""
        return self._backlinks.get(key, [])

    def matcher_for(self, item: Item) -> GlossaryMatcher | None:
        terms = tuple(
            TermNames(term.id, term.names)
            for term_id in item.glossary
            if isinstance(term := self._items.get(ItemKey(Kind.TERM, term_id)), Term)
        )
        return cached_matcher(terms) if terms else None

    def prose(self, item: Item, text: str) -> list[Segment]:
        """One paragraph of an item's prose as plain runs and links, glossary terms included."""
        return segments(text, self.matcher_for(item))

    def _index_links(self, item: Item) -> None:
        links = [*self._prose_links(item), *self._field_links(item)]
        self._links[item.key] = links
        for link in links:
            if link.target is not None and link.target != item.key:
                self._backlinks[link.target].append(link)

    def _prose_links(self, item: Item) -> Iterator[Link]:
        matcher = self.matcher_for(item)
        places = [(section.heading, para.text, para.line) for section, para in item.body.paragraphs()]
        places += [(field.section, field.text, field.line) for field in item.text_fields()]
        for section, text, line in places:
            for segment in segments(text, matcher):
                if segment.ref is not None and segment.via is not None:
                    target = self.resolve(segment.ref)
                    yield Link(
                        item.key,
                        segment.ref,
                        target.key if target else None,
                        section,
                        sentence_at(text, segment.start),
                        line + text.count("\n", 0, segment.start),
                        segment.via,
                    )

    def _field_links(self, item: Item) -> Iterator[Link]:
        for section, ref, line, context in item.field_refs():
            target = self.resolve(ref)
            yield Link(item.key, ref, target.key if target else None, section, context, line, Via.FIELD)


def _parse_any(ident: str) -> Ref:
    namespace, colon, rest = ident.partition(":")
    if colon:
        kind = kind_named(namespace)
        if kind is not None:
            return Ref(kind, rest)
    return Ref(None, ident)


def _validate(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    linked_terms: set[str] = set()
    for item in kb:
        sink = DiagnosticSink(item.path)
        links = kb.links_from(item.key)
        linked_terms.update(link.target.id for link in links if link.target and link.target.kind is Kind.TERM)
        _check_links(kb, item, links, sink)
        _check_glossary(kb, item, links, sink)
        if item.stub:
            sink.warning(1, f"stub {item.kind.value}: placeholder without real content yet")
        if isinstance(item, Hub):
            _check_hub_counts(item, sink)
        found.extend(sink.items)
    for term in kb.of_kind(Kind.TERM):
        if term.id not in linked_terms and not kb.backlinks(term.key):
            found.append(Diagnostic(term.path, 1, Level.WARNING, "glossary term is not linked from any item"))
    return found


def _check_links(kb: KnowledgeBase, item: Item, links: list[Link], sink: DiagnosticSink) -> None:
    for link in links:
        if link.target is None:
            sink.error(link.line, _unresolved_message(link))
        elif link.ref.fragment and link.target.kind is Kind.TOPIC:
            target = kb.get(link.target)
            if target and link.ref.fragment not in {s.id for s in target.body.sections}:
                sink.error(link.line, f"link {link.ref}: topic has no section '{link.ref.fragment}'")


def _unresolved_message(link: Link) -> str:
    if link.via is Via.EREF:
        return f"unresolved episode reference {link.ref.id}"
    if link.ref.kind is None and ":" in link.ref.id:
        namespace = link.ref.id.partition(":")[0]
        return f"unknown link namespace '{namespace}' in [[{link.ref.id}]]: use hub, note, topic, ep, paper or term"
    where = f" in {link.section}" if link.via is Via.FIELD and link.section else ""
    return f"unresolved link to {link.ref}{where}"


def _check_glossary(kb: KnowledgeBase, item: Item, links: list[Link], sink: DiagnosticSink) -> None:
    mentioned = {link.ref.id for link in links if link.via is Via.TERM}
    explicit = {link.ref.id for link in links if link.ref.kind is Kind.TERM}
    for term_id in item.glossary:
        if kb.get(ItemKey(Kind.TERM, term_id)) is None:
            sink.error(item.glossary_line, f"glossary lists unknown term '{term_id}'")
        elif term_id not in mentioned and term_id not in explicit:
            sink.warning(item.glossary_line, f"unused glossary term '{term_id}': the text never mentions it")


def _check_hub_counts(hub: Hub, sink: DiagnosticSink) -> None:
    listed = sum(len(section.entries) for section in hub.sections)
    if hub.declared_sections is not None and hub.declared_sections != len(hub.sections):
        sink.warning(1, f"hub declares {hub.declared_sections} sections but lists {len(hub.sections)}")
    if hub.declared_notes is not None and hub.declared_notes != listed:
        sink.warning(1, f"hub declares {hub.declared_notes} notes but lists {listed} entries")
    for section in hub.sections:
        if section.declared is not None and section.declared != len(section.entries):
            sink.warning(
                section.line,
                f"section '{section.display_title}' declares {section.declared} but lists {len(section.entries)}",
            )


def load_knowledge_base(root: Path) -> KnowledgeBase:
    """Load and validate a content folder."""
    result = load_folder(root)
    return KnowledgeBase(result.items, result.diagnostics, root)
