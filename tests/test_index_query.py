"""The query parser: words, the word being typed, phrases, kind filters, ids; total over any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.index.query import MAX_WORDS, ParsedQuery, kind_by_prefix, parse_query
from tui.model import Kind

NASTY = ['"', '"unbalanced', 'a "b', "AND", "OR NOT", "kind:", "kind:kind:", "ep:", ":", "*", "(((", ")))", "\\",
         "x" * 10_000, "\x1b[31mred\x1b[0m", "\x00\x07", "🙂🚀", "　", "\u202e", "kind:🙂", '""', '" "', "-", "~2"]


def test_words_are_casefolded_and_the_last_one_is_a_prefix() -> None:
    assert parse_query("Reward SHAPI") == ParsedQuery(words=("reward",), prefix="shapi", title="reward shapi")


def test_a_trailing_space_completes_the_last_word() -> None:
    assert parse_query("reward shaping ") == ParsedQuery(words=("reward", "shaping"), title="reward shaping")


def test_a_one_letter_prefix_is_not_matched_yet() -> None:
    parsed = parse_query("reward s")
    assert parsed.words == ("reward",)
    assert parsed.prefix is None


def test_stopwords_and_single_letters_are_dropped_from_complete_words() -> None:
    assert parse_query("the chain of thought ").words == ("chain", "thought")


def test_quoted_phrases_keep_every_word_in_order() -> None:
    parsed = parse_query('"chain of thought" faithful')
    assert parsed.phrases == (("chain", "of", "thought"),)
    assert parsed.prefix == "faithful"
    assert parsed.words == ()


def test_the_whole_query_is_also_read_as_a_title_without_its_kind_filters() -> None:
    assert parse_query("term:Reward   MODEL").title == "reward model"
    assert parse_query("kind:episode").title is None


def test_a_one_word_phrase_is_just_a_complete_word() -> None:
    assert parse_query('"sokoban"') == ParsedQuery(words=("sokoban",), ident='"sokoban"', title="sokoban")


def test_an_unbalanced_quote_reads_as_plain_words() -> None:
    parsed = parse_query('"reward sha')
    assert (parsed.words, parsed.prefix, parsed.phrases) == (("reward",), "sha", ())


def test_smart_quotes_count_as_quotes() -> None:
    assert parse_query("“reward model”").phrases == (("reward", "model"),)


@pytest.mark.parametrize(
    ("text", "kinds", "prefix"),
    [
        ("kind:episode grpo", {Kind.EPISODE}, "grpo"),
        ("kind:term grpo", {Kind.TERM}, "grpo"),
        ("type:topics rl", {Kind.TOPIC}, "rl"),
        ("term:grpo", {Kind.TERM}, "grpo"),
        ("ep:E026", {Kind.EPISODE}, "e026"),
        ("note: hub:", {Kind.NOTE, Kind.HUB}, None),
        ("paper:2605.06241", {Kind.PAPER}, "06241"),
        ("kind:epi", {Kind.EPISODE}, None),
    ],
)
def test_kind_filters(text: str, kinds: set[Kind], prefix: str | None) -> None:
    parsed = parse_query(text)
    assert parsed.kinds == kinds
    assert parsed.prefix == prefix


@pytest.mark.parametrize("text", ["kind:", "kind:nonsense", "kind:t"])
def test_an_empty_unknown_or_ambiguous_kind_filters_nothing(text: str) -> None:
    assert parse_query(text).kinds == frozenset()


def test_an_unknown_prefix_before_a_colon_is_text() -> None:
    assert parse_query("ratio:2 tokens ").words == ("ratio", "tokens")


@pytest.mark.parametrize(
    ("text", "ident"),
    [("E026", "e026"), (" 2605.06241 ", "2605.06241"), ("ep:E026", "e026"), ("reward-hacking", "reward-hacking"),
     ("reward hacking", None), ("kind:term", None)],
)
def test_the_whole_query_is_tried_as_an_id(text: str, ident: str | None) -> None:
    assert parse_query(text).ident == ident


@pytest.mark.parametrize(("name", "kind"), [("episode", Kind.EPISODE), ("ep", Kind.EPISODE), ("glossary", Kind.TERM),
                                            ("Hubs", Kind.HUB), ("pap", Kind.PAPER), ("t", None), ("", None)])
def test_kind_named(name: str, kind: Kind | None) -> None:
    assert kind_by_prefix(name) is kind


def test_control_characters_never_reach_the_parsed_words() -> None:
    parsed = parse_query("\x1b[31mreward\x1b[0m model")
    assert all("\x1b" not in word for word in (*parsed.words, parsed.prefix or ""))


def test_huge_queries_are_capped() -> None:
    parsed = parse_query(" ".join(f"word{i}" for i in range(5000)))
    assert len(parsed.words) <= MAX_WORDS


@pytest.mark.parametrize("text", NASTY)
def test_nasty_inputs_parse(text: str) -> None:
    assert isinstance(parse_query(text), ParsedQuery)


@given(st.text())
def test_any_text_parses_into_indexable_pieces(text: str) -> None:
    parsed = parse_query(text)
    assert all(word and word == word.casefold() for word in parsed.words)
    assert parsed.prefix is None or len(parsed.prefix) >= 2
    assert all(len(phrase) >= 2 for phrase in parsed.phrases)
    assert len(parsed.words) <= MAX_WORDS
