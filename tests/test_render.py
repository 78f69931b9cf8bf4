"""One document, four renderings: the reading pane's blocks, and `show` as text, Markdown and JSON carry the same
links, headings and metadata for every shipped item."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from tests.conftest import FIXTURE_KB, SHIPPED
from tui.model import Item, ItemKey, Kind, KnowledgeBase, load_knowledge_base
from tui.view.data import render_json
from tui.view.document import Block, Role, build_document
from tui.view.markdown import render_markdown
from tui.view.text import render_text

Target = tuple[str, str | None]


@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return load_knowledge_base(SHIPPED)


class Seen:
    """What one rendering shows: link targets, section headings in order, metadata values in order."""

    def __init__(self, targets: set[Target], headings: list[str], values: list[str]) -> None:
        self.targets, self.headings, self.values = targets, headings, values


def from_document(blocks: list[Block]) -> Seen:
    targets = {(str(s.target.key), s.target.section) for b in blocks for s in b.spans if s.target}
    headings = [b.spans[0].text for b in blocks if b.role in (Role.HEADING, Role.GROUP)]
    values = ["".join(s.text for s in b.spans[1:]) for b in blocks if b.role is Role.META]
    return Seen(targets, headings, values)


MARKER = re.compile(r"\[\d+\]")


def from_text(text: str) -> Seen:
    lines = text.splitlines()
    links = lines[lines.index("Links") + 2:] if "Links" in lines else []
    targets = set()
    for line in links:
        kind, ident, _ = re.fullmatch(r"\[\d+\] (\S+) ([^:]+): (.*)", line).groups()  # type: ignore[union-attr]
        key, _, section = ident.partition("#")
        targets.add((f"{Kind(kind).namespace}:{key}", section or None))
    body = lines[: lines.index("Links")] if "Links" in lines else lines
    headings = [MARKER.sub("", line) for line, under in pairwise(body)
                if under and set(under) == {"-"} and len(under) == min(len(line), 100)]
    header = "\n".join(body[3: body.index("", 3)] if "" in body[3:] else body[3:]).replace("\n  ", " ")
    values = [MARKER.sub("", row.partition(": ")[2]) for row in header.splitlines()]
    return Seen(targets, [h.split("  ")[0] for h in headings], values)


MD_LINK = re.compile(r"\]\(([a-z]+:[^)#\s]+)(?:#([^)\s]+))?\)")
MD_ESCAPE = re.compile(r"\\(.)")


def from_markdown(markdown: str) -> Seen:
    targets = {(key, section or None) for key, section in MD_LINK.findall(markdown)}
    headings = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            headings.append(MD_ESCAPE.sub(r"\1", re.sub(r" \*\(.*\)\*$", "", line[3:])))
        elif line.startswith("### ") and "](" not in line and "~~" not in line:
            headings.append(MD_ESCAPE.sub(r"\1", line[4:]))
    values = [plain_markdown(line.partition(":** ")[2]) for line in markdown.splitlines() if line.startswith("- **")]
    return Seen(targets, headings, values)


def plain_markdown(text: str) -> str:
    text = re.sub(r"\[((?:\\.|[^\]])*)\]\([^)]*\)", r"\1", text)
    return MD_ESCAPE.sub(r"\1", text.removeprefix("<").removesuffix(">") if text.startswith("<http") else text)


def from_json(data: dict[str, object]) -> Seen:
    blocks = data["document"]
    assert isinstance(blocks, list)
    targets = {(link["to"], link["section"]) for block in blocks for link in block["links"]}
    headings = [b["text"].split("  ")[0] for b in blocks if b["role"] in ("heading", "group")]
    values = [row["value"] for row in data["metadata"]]  # type: ignore[attr-defined]
    return Seen(targets, headings, values)


def renderings(kb: KnowledgeBase, item: Item) -> dict[str, Seen]:
    return {
        "text": from_text(render_text(kb, item, width=100)),
        "md": from_markdown(render_markdown(kb, item)),
        "json": from_json(render_json(kb, item)),
    }


def test_every_shipped_item_shows_the_same_links_headings_and_metadata_everywhere(shipped: KnowledgeBase) -> None:
    checked = 0
    for item in shipped:
        pane = from_document(build_document(shipped, item))
        for name, seen in renderings(shipped, item).items():
            assert seen.targets == pane.targets, (item.key, name)
            assert seen.headings == [h.split("  ")[0] for h in pane.headings], (item.key, name)
            assert seen.values == pane.values, (item.key, name)
        checked += 1
    assert checked == len(list(shipped)) > 100


def test_every_link_of_an_item_both_ways_is_on_its_page(shipped: KnowledgeBase) -> None:
    for item in shipped:
        data = render_json(shipped, item)
        shown = {key for key, _ in from_json(data).targets}
        outgoing = {link["to"] for link in data["links"] if link["to"] and link["to"] != str(item.key)}
        incoming = {link["from"] for link in data["backlinks"]}
        assert outgoing <= shown, (item.key, outgoing - shown)
        assert incoming <= shown, (item.key, incoming - shown)


def test_no_backlink_is_listed_twice(shipped: KnowledgeBase) -> None:
    """E026 is cited by ten glossary terms that also list it in their `episodes`: ten entries, not twenty."""
    episode = shipped.get(ItemKey(Kind.EPISODE, "E026"))
    assert episode is not None
    data = render_json(shipped, episode)
    terms = [b for b in data["backlinks"] if b["group"] == "Glossary terms"]
    assert len(terms) == len({b["from"] for b in terms}) == 10
    for item in shipped:
        rows = [(b["group"], b["from"], b["section"], b["sentence"]) for b in render_json(shipped, item)["backlinks"]]
        assert len(rows) == len(set(rows)), item.key
    assert "Glossary terms (10)" in render_text(shipped, episode)


def test_text_numbers_every_link_once_and_lists_it() -> None:
    kb = load_knowledge_base(FIXTURE_KB)
    note = next(item for item in kb if item.id == "first-note")
    text = render_text(kb, note, width=100)
    assert "Read the other note[2] and Sample topic[3] too." in text
    assert "* Is the second note a stub?[2]" in text  # the same target keeps its number
    assert "[2] note second-note: Is the second note a stub?" in text.splitlines()


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_shipped_item_that_renders_in_every_format(shipped: KnowledgeBase, kind: Kind) -> None:
    items = shipped.of_kind(kind)
    assert items, kind
    for item in items[:3]:
        assert render_json(shipped, item)["kind"] == str(kind)
        assert render_text(shipped, item).startswith(f"{kind.spec.label} · {item.id}\n")
        assert render_markdown(shipped, item).startswith(f"*{kind.spec.label} · {item.id}*\n\n# ")


def test_a_topic_without_a_declared_count_counts_the_episodes_it_cites(shipped: KnowledgeBase) -> None:
    topic = shipped.get(ItemKey(Kind.TOPIC, "rl-reasoning-training"))
    assert topic is not None
    cited = {link.target for link in shipped.links_from(topic.key) if link.target and link.target.kind is Kind.EPISODE}
    rows = [(row["label"], row["value"]) for row in render_json(shipped, topic)["metadata"]]
    assert ("Episodes", str(len(cited))) in rows
    assert len(cited) == 10


def test_markdown_parses_to_the_same_links_and_headings(shipped: KnowledgeBase) -> None:
    """A CommonMark parser (markdown-it, which Textual uses) finds every link and heading the pane shows."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - a Textual dependency; the rest of this file needs none

    parser = MarkdownIt("commonmark", {"linkify": False}).enable("strikethrough")
    for item in shipped:
        pane = from_document(build_document(shipped, item))
        tokens = parser.parse(render_markdown(shipped, item))
        children = [child for token in tokens for child in token.children or []]
        hrefs = {str(child.attrs["href"]) for child in children if child.type == "link_open"}
        shown = {key + (f"#{section}" if section else "") for key, section in pane.targets}
        assert shown == hrefs - _urls(hrefs), item.key
        inline = [tokens[i + 1] for i, token in enumerate(tokens) if token.type == "heading_open" and token.tag != "h1"]
        sections = [heading.children[0].content for heading in inline  # type: ignore[index]
                    if not any(child.type in ("link_open", "s_open") for child in heading.children or [])]
        assert [h.split("  ")[0] for h in pane.headings] == [h.removesuffix(" ") for h in sections], item.key


def _urls(hrefs: set[str]) -> set[str]:
    return {href for href in hrefs if href.startswith(("http://", "https://"))}
