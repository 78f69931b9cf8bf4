"""Judged relevance on the shipped knowledge base: for each query, the ids a reader must see in the top 3."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import SHIPPED
from tui.index import SearchIndex
from tui.index.query import title_key
from tui.model import load_knowledge_base

TRAJECTORY_NOTE = "process-supervision-can-be-derived-from-structural-features-of-agent-trajectorie"
JUDGED: list[tuple[str, set[str]]] = [
    ("metacog", {"E079", "metacognition"}),
    ("metacogniton", {"E079"}),
    ("template collapse", {"template-collapse", "E010"}),
    ("premature confidence", {"E081", "premature-confidence"}),
    ("kind:term grpo", {"grpo"}),
    ("sokoban", {"E010", "sokoban"}),
    ("reward shapi", {"shaping-reward", "E008"}),
    ("library bugs", {"E009"}),
    ("gradient accumulation", {"gradient-accumulation", "E009"}),
    ("exploration hacking", {"E007", "exploration-hacking"}),
    ("olympiad gold", {"E048"}),
    ("focal loss", {"E053"}),
    ("sycophancy", {"E025", "sycophancy"}),
    ("negation neglect", {"E043", "negation-neglect"}),
    ("echo terminal", {"E084"}),
    ("milestone", {"E008"}),
    ("rubric tree", {"E082"}),
    ("hire copies of itself", {"E028"}),
    ("skill file", {"E078", "skill-file"}),
    ("random rewards", {"why-does-rlvr-work-with-completely-random-rewards"}),
    ("ten thousand examples", {"E021"}),
    ("splitting one model", {"E060"}),
    ("computer-use agents", {"E080", "computer-use-agent"}),
    ("fifteen hundred dollar", {"E074"}),
    ("open-book", {"E099"}),
    ("self-improving", {"E088"}),
    ("ep:token level", {"E026"}),
    ("RLVR", {"rlvr"}),
    ("best reward model worst policy", {"E019"}),
    ("trajectory structure process rewards", {TRAJECTORY_NOTE}),
    ("preference tuning diversity", {"does-preference-tuning-actually-reduce-the-diversity-of-model-outputs"}),
    ("chain of thought faithfulness", {"cot-faithfulness"}),
    ("ReasonMaxxer", {"reasonmaxxer", "E026"}),
]
EXACT = ["E026", "E010", "2605.06241", "template-collapse", "rl-reasoning-training", "rlvr-dynamics"]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    kb = load_knowledge_base(SHIPPED)
    if not len(kb):
        pytest.skip("the shipped knowledge base is empty")
    with SearchIndex.open(kb, cache_dir=tmp_path_factory.mktemp("cache")) as opened:
        yield opened


def test_the_judged_set_is_big_enough() -> None:
    assert len(JUDGED) >= 20


@pytest.mark.parametrize(("query", "expected"), JUDGED, ids=[query for query, _ in JUDGED])
def test_judged_query_has_its_items_in_the_top_3(index: SearchIndex, query: str, expected: set[str]) -> None:
    top = index.search(query, limit=3).ids
    assert expected <= set(top), f"{query!r}: top 3 is {top}"


@pytest.mark.parametrize("ident", EXACT)
def test_an_exact_id_is_first(index: SearchIndex, ident: str) -> None:
    assert index.search(ident).ids[0] == ident


def test_an_exact_title_is_first(index: SearchIndex) -> None:
    """Typing an item's whole title finds it (or an item with the same title) first, whatever else repeats its
    words: `reward model` had five longer texts above the term."""
    for item in load_knowledge_base(SHIPPED):
        first = index.search(item.title.upper() + " ").hits[0]
        assert title_key(first.title) == title_key(item.title), f"{item.title!r}: {first.title!r} came first"


def test_judged_items_exist(index: SearchIndex) -> None:
    """A judged id that no longer exists is a broken judgement, not a ranking problem."""
    known = {item.id for item in load_knowledge_base(SHIPPED)}
    assert {ident for _, expected in JUDGED for ident in expected} - known == set()


def test_a_paper_title_match_shows_its_summary_not_its_authors(index: SearchIndex) -> None:
    """A query word found only in a paper's title: the snippet is the opening of its summary."""
    checked = 0
    for paper in load_knowledge_base(SHIPPED):
        if paper.kind.value != "paper" or not paper.authors:
            continue
        rest = " ".join([*(para.text for _, para in paper.body.paragraphs()), *paper.authors]).casefold()
        word = next((w for w in re.findall(r"[a-z]{5,}", paper.title.casefold()) if w not in rest), None)
        hit = next((h for h in index.search(f"kind:paper {word}", limit=50).hits if h.id == paper.id), None)
        if word is None or hit is None:
            continue
        shown = "".join(text for text, _ in hit.snippet)
        assert shown.startswith(paper.body.sections[0].paragraphs[0].text[:20]), (paper.id, word, shown)
        checked += 1
    assert checked >= 1  # the shipped base has one paper with authors
