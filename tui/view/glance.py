"""What a quick look at an item shows (peek), what cites it, where it sits among its links (the links map), and how
to cite it: the reader's popups and its clipboard use these, so the CLI and tests can too."""

from __future__ import annotations

from dataclasses import dataclass

from tui.model import Episode, Hub, Item, ItemKey, Kind, KnowledgeBase, Paper
from tui.model.kindspec import specs
from tui.view.passage import section_heading

PEEK_TAKEAWAYS = 3  # enough to say what an episode found, short enough for an 80×24 popup


@dataclass(frozen=True, slots=True)
class Glance:
    """A popup's worth of an item: a title line, facts under it, paragraphs, and the evidence from the page read."""

    title: str
    facts: tuple[str, ...]
    paragraphs: tuple[str, ...]
    evidence: str | None = None


def glance(kb: KnowledgeBase, item: Item, reading: Item | None = None) -> Glance:
    """An episode's date and takeaways, a hub's sections, anything else its summary; and when `reading` cites the
    item, the sentence that does (test_glance.py::test_an_episode_glance_quotes_the_sentence_that_cites_it)."""
    spec = item.kind.spec
    facts: tuple[str, ...] = ()
    paragraphs: tuple[str, ...]
    if isinstance(item, Episode):
        facts = tuple(fact for fact in (item.date, _paper_line(kb, item)) if fact)
        paragraphs = tuple(f"• {takeaway}" for takeaway in item.takeaways[:PEEK_TAKEAWAYS])
    elif isinstance(item, Hub):
        paragraphs = tuple(f"• {section.display_title} ({len(section.entries)})" for section in item.sections)
    else:
        paragraphs = (spec.summary(item) or _first_paragraph(item),)
    shown = tuple(paragraph for paragraph in paragraphs if paragraph)
    return Glance(f"{spec.label} · {item.title}", facts, shown, _evidence(kb, reading, item))


def _first_paragraph(item: Item) -> str:
    return next((section.paragraphs[0].text for section in item.body.sections if section.paragraphs), "")


def _paper_line(kb: KnowledgeBase, episode: Episode) -> str:
    paper = _paper(kb, episode)
    return f"{paper.title} (arXiv {paper.arxiv})" if paper and paper.arxiv else paper.title if paper else ""


def _paper(kb: KnowledgeBase, episode: Episode) -> Paper | None:
    found = kb.get(ItemKey(Kind.PAPER, episode.paper)) if episode.paper else None
    return found if isinstance(found, Paper) else None


def _evidence(kb: KnowledgeBase, reading: Item | None, item: Item) -> str | None:
    """The first sentence of the page being read that links to the item."""
    if reading is None:
        return None
    return next(
        (link.sentence for link in kb.links_from(reading.key) if link.target == item.key and link.sentence), None
    )


def cite(kb: KnowledgeBase, item: Item, anchor: str | None = None) -> str:
    """One Markdown line: what it is, where it comes from, and the command that opens it there."""
    heading = section_heading(kb, item, anchor)
    name = f"*{item.title}*" + (f" § {heading}" if heading else "")
    where = f"{item.kind.namespace}:{item.id}" + (f"#{anchor}" if heading else "")
    facts = []
    if isinstance(item, Episode):
        facts.append(item.date or "")
        paper = _paper(kb, item)
        if paper is not None:
            arxiv = f", [arXiv:{paper.arxiv}](https://arxiv.org/abs/{paper.arxiv})" if paper.arxiv else ""
            facts.append(f"on *{paper.title}*{arxiv}")
    shown = "; ".join(fact for fact in facts if fact)
    about = f" ({shown})" if shown else ""
    return f"{item.kind.spec.label} {item.id}: {name}{about} — `hubreader open {where}`"


@dataclass(frozen=True, slots=True)
class Neighbours:
    """An item's links one hop out, by kind, each way."""

    links_to: dict[str, list[Item]]
    linked_from: dict[str, list[Item]]


def neighbours(kb: KnowledgeBase, item: Item) -> Neighbours:
    """What the item links to and what links to it, each item once per direction, grouped by kind in the reader's
    kind order; the map expands a neighbour with the same call, which makes the second hop."""
    out = [link.target for link in kb.links_from(item.key) if link.target and link.target != item.key]
    back = [link.source for link in kb.backlinks(item.key) if link.source != item.key]
    return Neighbours(_by_kind(kb, out), _by_kind(kb, back))


def _by_kind(kb: KnowledgeBase, keys: list[ItemKey]) -> dict[str, list[Item]]:
    grouped: dict[str, list[Item]] = {}
    order = {spec.kind: place for place, spec in enumerate(specs())}
    found = (kb.get(key) for key in dict.fromkeys(keys))
    for neighbour in sorted((i for i in found if i is not None), key=lambda i: (order[i.kind], i.title)):
        grouped.setdefault(neighbour.kind.spec.group, []).append(neighbour)
    return grouped
