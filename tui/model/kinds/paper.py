"""Papers: what an episode discusses, with authors and an arXiv id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.model.items import Item
from tui.model.kindspec import Excerpt, Kind, KindSpec, Meta, Part, Prominence, body_parts

if TYPE_CHECKING:
    from tui.model.fields import Fields
    from tui.model.kb import KnowledgeBase


@dataclass(frozen=True, kw_only=True)
class Paper(Item):
    authors: tuple[str, ...] = ()
    published: str | None = None
    url: str | None = None
    arxiv: str | None = None


def build(common: dict[str, Any], fields: Fields) -> Paper:
    return Paper(
        **common,
        authors=tuple(name for name, _ in fields.texts("authors")),
        published=fields.text("published"),
        url=fields.text("url"),
        arxiv=fields.text("arxiv"),
    )


def metadata(kb: KnowledgeBase, item: Item) -> list[Meta]:
    assert isinstance(item, Paper)
    return [
        Meta("Authors", ", ".join(item.authors)),
        Meta("Published", item.published or ""),
        Meta("arXiv", item.arxiv or ""),
        Meta("URL", item.url or ""),
    ]


def parts(kb: KnowledgeBase, item: Item) -> list[Part]:
    return body_parts(item)


def tail(item: Item) -> list[Excerpt]:
    """Authors are searchable as body text, after the summary, so a title match shows the summary's opening
    (test_a_paper_title_match_shows_its_summary_not_its_authors)."""
    assert isinstance(item, Paper)
    return [Excerpt(Prominence.BODY, "Authors", None, ", ".join(item.authors))] if item.authors else []


def citation(paper: Paper) -> str:
    """A paper is cited by its title and arXiv id."""
    return f"{paper.title} (arXiv {paper.arxiv})" if paper.arxiv else paper.title


SPEC = KindSpec(
    kind=Kind.PAPER, label="Paper", group="Papers", folder="papers", namespace="paper", build=build,
    metadata=metadata, parts=parts, body_section="Summary", tail=tail, id_is_searchable=True, backlink_group="Papers",
)
