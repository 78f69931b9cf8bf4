"""Searching the fixture knowledge base: ranking, prefixes, phrases, filters, ids, typos, snippets, threads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tui.index.search as search_module
from tests.conftest import FIXTURE_KB
from tui.index import SearchIndex, SearchResults, engine, marked, plain
from tui.index.documents import Passage, Role, passages
from tui.index.text import WORD, is_indexed
from tui.model import Item, Kind, KnowledgeBase, load_knowledge_base

NASTY = ['"', '"unbalanced', "AND", "OR NOT", "NOT", "kind:", "ep:", "*", "(((", "x" * 10_000, "\x1b[2J\x1b[H",
         "\x00", "🙂🚀 emoji", "kind:🙂", "E0", "E", "-reward", "reward*", "re?ard", "[[note:x]]", "%s%n", "\u202e"]


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    with SearchIndex.open(kb, cache_dir=tmp_path_factory.mktemp("cache")) as opened:
        yield opened


def ids(index: SearchIndex, query: str, **options: object) -> list[str]:
    results = index.search(query, **options)  # type: ignore[arg-type]
    assert results.error is None
    return results.ids


def test_words_are_anded(index: SearchIndex) -> None:
    assert sorted(ids(index, "reward hacking")) == ["first-note", "reward-hacking", "sample-topic"]
    assert ids(index, "grpo hacking") == ["sample-topic"]


def test_a_title_match_ranks_above_a_body_match(index: SearchIndex) -> None:
    assert ids(index, "grpo") == ["grpo", "sample-topic"]


def test_key_text_ranks_above_body(index: SearchIndex) -> None:
    found = ids(index, "placeholder second")
    assert found[0] == "second-note"


@pytest.mark.parametrize(("typed", "expected"), [("agreem", "E001"), ("grou", "grpo"), ("optimizati", "grpo"),
                                                  ("gr", "grpo"), ("placeh", "second-note"), ("toke", "2605.00001")])
def test_the_last_word_matches_as_a_prefix(index: SearchIndex, typed: str, expected: str) -> None:
    assert expected in ids(index, typed)


def test_a_two_letter_prefix_matches_titles_and_key_text_only(index: SearchIndex) -> None:
    assert ids(index, "bu") == []  # "Builds on E001." is E002's body only
    assert "E002" in ids(index, "bui")


def test_stemming_never_breaks_a_prefix(kb: KnowledgeBase, index: SearchIndex) -> None:
    """Every start (3+ letters) of every indexed word finds the item the word is in."""
    missed = []
    for item in kb:
        for word in {w for p in passages(item) for w in WORD.findall(p.text.casefold()) if is_indexed(w)}:
            for end in range(3, len(word) + 1):
                if item.id not in ids(index, word[:end], limit=100):
                    missed.append((item.id, word[:end]))
    assert missed == []


def test_two_letter_prefixes_of_title_words_match(kb: KnowledgeBase, index: SearchIndex) -> None:
    for item in kb:
        title_words = {w for p in passages(item) if p.role is Role.TITLE for w in WORD.findall(p.text.casefold())}
        for word in (w for w in title_words if is_indexed(w)):
            assert item.id in ids(index, word[:2], limit=100), (item.id, word)


def test_quoted_phrases_need_the_words_adjacent_and_in_order(index: SearchIndex) -> None:
    assert sorted(ids(index, '"reward hacking"')) == ["first-note", "reward-hacking", "sample-topic"]
    assert ids(index, '"hacking reward"') == []
    assert ids(index, '"second paragraph"') == ["sample-topic"]
    assert ids(index, '"paragraph second"') == []


def test_a_phrase_does_not_run_across_passages(index: SearchIndex) -> None:
    assert ids(index, '"hacking no refs"') == []


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("kind:term reward", None, ["reward-hacking"]),
        ("term:reward", None, ["reward-hacking"]),
        ("reward", "term", ["reward-hacking"]),
        ("reward", Kind.TOPIC, ["sample-topic"]),
        ("kind:note reward", "term", []),
        ("reward", "nonsense", []),
    ],
)
def test_kind_filters(index: SearchIndex, query: str, kind: object, expected: list[str]) -> None:
    assert ids(index, query, kind=kind) == expected


def test_a_bare_kind_filter_lists_that_kind_by_title(index: SearchIndex) -> None:
    results = index.search("ep:")
    assert results.ids == ["E001", "E002"]
    assert results.total == 2
    assert [hit.section for hit in results.hits] == ["Takeaways", "Summary"]


@pytest.mark.parametrize(("query", "first"), [("E002", "E002"), ("e002", "E002"), ("ep:E002", "E002"),
                                              ("2605.00001", "2605.00001"), ("reward-hacking", "reward-hacking"),
                                              ("alpha-hub", "alpha-hub")])
def test_an_exact_id_comes_first(index: SearchIndex, query: str, first: str) -> None:
    assert ids(index, query)[0] == first


def test_an_exact_id_outside_the_kind_filter_is_not_shown(index: SearchIndex) -> None:
    assert "E002" not in ids(index, "E002", kind="term")


def test_scores_never_increase_down_the_list(index: SearchIndex) -> None:
    for query in ("E001", "reward", "grpo", "second"):
        scores = [hit.score for hit in index.search(query).hits]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(("typo", "expected"), [("rewrad", "reward-hacking"), ("placeholdr", "second-note"),
                                                ("samle topic", "sample-topic")])
def test_a_typo_is_retried_with_close_spellings(index: SearchIndex, typo: str, expected: str) -> None:
    results = index.search(typo)
    assert results.fuzzy
    assert expected in results.ids


def test_no_typo_retry_when_something_matches(index: SearchIndex) -> None:
    assert not index.search("reward").fuzzy


def test_nothing_close_finds_nothing(index: SearchIndex) -> None:
    assert index.search("zzzzqqqq").hits == ()


@pytest.mark.parametrize(
    ("query", "item", "section", "anchor"),
    [
        ("models trained", "sample-topic", "First section", "first-section"),
        ("refs", "sample-topic", "Second section", "custom-id"),
        ("showed result", "sample-topic", "Episodes anchoring this topic", "anchors"),
        ("cheap run", "E001", "Takeaways", "takeaways"),
        ("opening", "E001", "Chapters", "chapters"),
        ("batch", "alpha-hub", "Batch (2026-05-03)", "2"),
        ("sub maps", "alpha-hub", "Sub-Maps", "1"),
        ("discusses", "first-note", "Abstract", None),
        ("compares samples", "grpo", "Definition", None),
        ("group relative", "grpo", "Also called", None),
        ("classic failure", "reward-hacking", "Explanation", None),
        ("tokens paper", "2605.00001", "Title", None),
    ],
)
def test_each_hit_names_the_section_it_matched(
    index: SearchIndex, query: str, item: str, section: str, anchor: str | None
) -> None:
    hit = next(hit for hit in index.search(query).hits if hit.id == item)
    assert (hit.section, hit.anchor) == (section, anchor)


def test_snippets_mark_the_matched_words(index: SearchIndex) -> None:
    hit = index.search("models trained").hits[0]
    assert [text.casefold() for text, is_match in hit.snippet if is_match] == ["models", "trained"]
    assert marked(hit.snippet).startswith("[Models] [trained] with GRPO")
    assert plain(hit.snippet).startswith("Models trained with GRPO")


def test_a_title_match_shows_key_text_as_its_snippet(index: SearchIndex) -> None:
    hit = index.search("grpo").hits[0]
    assert hit.section == "Title"
    assert plain(hit.snippet) == "A policy-gradient method that compares samples within a group."


def test_snippets_show_link_labels_and_titles_not_markup(index: SearchIndex) -> None:
    hit = next(hit for hit in index.search("read").hits if hit.id == "first-note")
    assert plain(hit.snippet) == "Read the other note and Sample topic too."


def test_every_hit_carries_id_kind_title_score(index: SearchIndex, kb: KnowledgeBase) -> None:
    for hit in index.search("reward").hits:
        item = kb.find(hit.id)[0]
        assert (hit.kind, hit.title) == (item.kind, item.title)
        assert hit.score > 0


def test_limit_caps_hits_but_not_the_total(index: SearchIndex) -> None:
    results = index.search("reward", limit=1)
    assert len(results.hits) == 1
    assert results.total == 3
    assert index.search("reward", limit=0).hits == ()


@pytest.mark.parametrize("query", ["", "   ", "*", "(((", "kind:", "the", "a b"])
def test_queries_without_words_find_nothing(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert (results.hits, results.error) == ((), None)


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_never_fail(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert isinstance(results, SearchResults)
    assert results.error is None


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.sampled_from(NASTY))
def test_any_text_is_a_valid_query(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert results.error is None
    assert len(results.hits) <= 20
    assert all("\x1b" not in text for hit in results.hits for text, _ in hit.snippet)


def test_threads_search_concurrently_with_the_same_answers(index: SearchIndex) -> None:
    queries = ["reward", "grpo", "E001", "second note", '"reward hacking"', "kind:term re", "rewrad", "tok"]
    expected = {query: index.search(query).ids for query in queries}
    start = threading.Barrier(6)
    failures: list[str] = []

    def worker() -> None:
        start.wait()
        for _ in range(20):
            for query in queries:
                if index.search(query).ids != expected[query]:
                    failures.append(query)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_threads_share_one_engine_prepared_in_advance(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One reader and one set of cached postings, whichever worker thread searches: memory is held once."""
    built: list[str] = []
    real = engine.Engine.__init__

    def counting(self: engine.Engine, *args: object) -> None:
        built.append(threading.current_thread().name)
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.Engine, "__init__", counting)
    with SearchIndex.open(kb, cache_dir=tmp_path / "cache") as index:
        index.prepare()
        threads = [threading.Thread(target=index.search, args=("reward",)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert built == [threading.current_thread().name]


def test_searches_keep_working_while_another_thread_refreshes(kb_copy: Path, tmp_path: Path) -> None:
    kb = load_knowledge_base(kb_copy)
    with SearchIndex.open(kb, cache_dir=tmp_path / "cache") as index:
        start = threading.Barrier(4)
        seen: list[list[str]] = []

        def searcher() -> None:
            start.wait()
            seen.extend(index.search("reward").ids for _ in range(50))

        def refresher() -> None:
            start.wait()
            for number in range(5):
                (kb_copy / "notes" / "extra.md").write_text(
                    f'---\ntype: note\nid: "extra"\ntitle: "Reward number {number}"\n---\n', encoding="utf-8"
                )
                index.refresh(load_knowledge_base(kb_copy))

        threads = [threading.Thread(target=searcher) for _ in range(3)] + [threading.Thread(target=refresher)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(seen) == 150
    assert all(len(found) == len(set(found)) and {"reward-hacking", "first-note"} <= set(found) for found in seen)


def test_an_index_without_a_folder_lives_in_memory() -> None:
    kb = load_knowledge_base(FIXTURE_KB)
    in_memory = KnowledgeBase(list(kb), [], root=None)
    with SearchIndex.open(in_memory) as index:
        assert index.location is None
        assert index.warnings == []
        assert ids(index, "grpo") == ["grpo", "sample-topic"]


def test_the_next_letter_reuses_the_passages_of_hits_it_shares(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    real = search_module.passages

    def counting(item: Item, kb: KnowledgeBase | None = None) -> tuple[Passage, ...]:
        built.append(item.id)
        return real(item, kb)

    monkeypatch.setattr(search_module, "passages", counting)
    index._state.shown.clear()  # other tests searched the same index
    first = index.search("rewa")
    assert first.hits and len(built) == len(first.hits)
    second = index.search("rewar")
    assert len(built) == len(first.hits) + len({hit.id for hit in second.hits} - {hit.id for hit in first.hits})
    assert [hit.snippet for hit in second.hits] == [hit.snippet for hit in index.search("rewar").hits]


def test_passages_kept_for_snippets_stay_bounded(index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "PASSAGES_KEPT", 3)
    for query in ("reward", "policy", "model", "episode"):
        index.search(query)
    assert 0 < len(index._state.shown) <= 3
