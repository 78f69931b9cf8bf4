"""What a reader sees about an item besides its prose: metadata rows and backlink groups."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from tui.model.items import ANCHORS_SECTION, Episode, Hub, Item, ItemKey, Kind, Note, Paper, Term, Topic
from tui.model.kb import KnowledgeBase, Link

KIND_LABELS: dict[Kind, str] = {
    Kind.HUB: "Hub",
    Kind.NOTE: "Note",
    Kind.TOPIC: "Topic",
    Kind.EPISODE: "Episode",
    Kind.PAPER: "Paper",
    Kind.TERM: "Term",
}


def metadata(kb: KnowledgeBase, item: Item) -> list[tuple[str, str]]:
    """Label/value rows shown under the title, most useful first, empty values left out."""
    rows = _METADATA[item.kind](kb, item)
    if item.source_url:
        rows.append(("Source", item.source_url))
    if item.stub:
        rows.append(("Status", "stub (placeholder)"))
    return [(label, value) for label, value in rows if value]


def _episode(kb: KnowledgeBase, item: Item) -> list[tuple[str, str]]:
    assert isinstance(item, Episode)
    rows = [("Date", item.date or ""), ("Duration", f"{item.duration_min} min" if item.duration_min else "")]
    rows.append(("Category", item.category or ""))
    if item.paper:
        paper = kb.get(ItemKey(Kind.PAPER, item.paper))
        rows.append(("Paper", paper_label(paper) if isinstance(paper, Paper) else f"{item.paper} (missing)"))
    return rows


def paper_label(paper: Paper) -> str:
    return f"{paper.title} (arXiv {paper.arxiv})" if paper.arxiv else paper.title


def _paper(kb: KnowledgeBase, item: Item) -> list[tuple[str, str]]:
    assert isinstance(item, Paper)
    return [
        ("Authors", ", ".join(item.authors)),
        ("Published", item.published or ""),
        ("arXiv", item.arxiv or ""),
        ("URL", item.url or ""),
    ]


def _term(kb: KnowledgeBase, item: Item) -> list[tuple[str, str]]:
    assert isinstance(item, Term)
    return [("Definition", item.short), ("Also called", ", ".join(item.aliases))]


def _topic(kb: KnowledgeBase, item: Item) -> list[tuple[str, str]]:
    assert isinstance(item, Topic)
    count = item.episode_count or len({link.target for link in kb.links_from(item.key) if link.target})
    return [("Kind", "Literature review"), ("Sections", str(len(item.sections))), ("Episodes", str(count))]


def _hub(kb: KnowledgeBase, item: Item) -> list[tuple[str, str]]:
    assert isinstance(item, Hub)
    listed = sum(len(section.entries) for section in item.sections)
    declared = ""
    if item.declared_notes is not None:
        declared = f"{item.declared_notes} notes · {item.declared_sections} sections (as declared)"
    return [("Lists", f"{listed} entries in {len(item.sections)} sections"), ("Declares", declared)]


def _note(kb: KnowledgeBase, item: Item) -> list[tuple[str, str]]:
    assert isinstance(item, Note)
    return [("Date", item.date or "")]


_METADATA: dict[Kind, Callable[[KnowledgeBase, Item], list[tuple[str, str]]]] = {
    Kind.EPISODE: _episode,
    Kind.PAPER: _paper,
    Kind.TERM: _term,
    Kind.TOPIC: _topic,
    Kind.HUB: _hub,
    Kind.NOTE: _note,
}


def backlink_groups(kb: KnowledgeBase, item: Item) -> list[tuple[str, list[Link]]]:
    """Backlinks grouped under reader-facing headings: 'Cited by', 'Anchored by', 'Listed in', ..."""
    links = sorted(kb.backlinks(item.key), key=lambda link: (_group_name(link), link.source, link.line))
    return [(name, list(group)) for name, group in groupby(links, key=_group_name)]


_GROUP_BY_SOURCE = {Kind.HUB: "Listed in", Kind.TOPIC: "Cited by", Kind.TERM: "Glossary terms", Kind.PAPER: "Papers"}


def _group_name(link: Link) -> str:
    if link.section == ANCHORS_SECTION:
        return "Anchored by"
    if link.section == "Related":
        return "Related from"
    return _GROUP_BY_SOURCE.get(link.source.kind, "Mentioned by")
