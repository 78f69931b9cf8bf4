"""The link grammar: E-refs, wiki links, glossary auto-links and sentence extraction."""

import random
import re

from tui.model import Kind, Ref
from tui.model.links import GlossaryMatcher, TermNames, Via, parse_ref, segments, sentence_at


def links(text: str, matcher: GlossaryMatcher | None = None) -> list[tuple[str | None, str, str]]:
    return [(s.text, str(s.ref), s.via.value) for s in segments(text, matcher) if s.ref and s.via]


def test_parse_ref_namespaces_and_bare_ids() -> None:
    assert parse_ref("ep:E026") == Ref(Kind.EPISODE, "E026")
    assert parse_ref("topic:t#sec") == Ref(Kind.TOPIC, "t", "sec")
    assert parse_ref("some-note") == Ref(None, "some-note")
    assert parse_ref("bogus:x") is None
    assert parse_ref("note:") is None


def test_erefs_including_run_together_and_bracketed_groups() -> None:
    found = links("cheap E026. Grouped [E140, E143] and E121E142 but not XE123 or E1234.")
    assert [ref for _, ref, _ in found] == ["ep:E026", "ep:E140", "ep:E143", "ep:E121", "ep:E142"]


def test_wiki_links_with_and_without_labels() -> None:
    found = links("See [[note:a-note]], [[hub:h|the hub]] and [[plain]].")
    assert found == [(None, "note:a-note", "wiki"), ("the hub", "hub:h", "wiki"), (None, "plain", "wiki")]


def test_glossary_first_mention_per_paragraph_only() -> None:
    matcher = GlossaryMatcher([TermNames("entropy", ("entropy", "token entropy"))])
    found = links("High entropy here, entropy again, and token entropy.", matcher)
    assert found == [("entropy", "term:entropy", "term")]


def test_glossary_longest_spelling_wins_and_aliases_link() -> None:
    matcher = GlossaryMatcher([TermNames("rm", ("reward model",)), TermNames("prm", ("process reward model",))])
    found = links("A process reward model beats a reward model.", matcher)
    assert found == [("process reward model", "term:prm", "term"), ("reward model", "term:rm", "term")]


def test_glossary_hyphen_compounds_plurals_and_case() -> None:
    matcher = GlossaryMatcher([TermNames("sft", ("SFT",)), TermNames("rl", ("RL",)), TermNames("r", ("rollout",))])
    found = links("SFT-then-RL uses Rollouts; rl in lowercase is not the acronym.", matcher)
    assert found == [("SFT", "term:sft", "term"), ("RL", "term:rl", "term"), ("Rollouts", "term:r", "term")]


def test_glossary_needs_whole_words() -> None:
    matcher = GlossaryMatcher([TermNames("fork", ("fork",))])
    assert links("forklift and pitchfork", matcher) == []


SPELLINGS = ["reward", "reward model", "process reward model", "RM", "entropy", "token entropy", "policy",
             "policy entropy", "GRPO", "fork", "fork token", "chain-of-thought", "chain", "thought", "Token", "DPO"]
NOISE = [" ", "  ", "\n", "\t", ", ", "-", "s", "es", "S", "ing", "_", "(", ")", "x", "9", "é", "ß", "ſ", "µ",
         "\u212a", "İ", "Σ", "ς", "RE", "POLICY", "Reward"]


def reference(terms: list[TermNames]) -> re.Pattern[str]:
    """The rule as one pattern: spellings longest first, words apart by any whitespace, case-insensitive unless the
    spelling has a capital after its first letter, whole words, an optional `s` or `es`."""
    names = sorted(((name, term.id) for term in terms for name in term.names), key=lambda pair: -len(pair[0]))
    def one(name: str) -> str:
        words = r"\s+".join(re.escape(word) for word in name.split())
        return words if any(char.isupper() for char in name[1:]) else f"(?i:{words})"
    return re.compile(r"(?<![\w])(?:" + "|".join(f"(?P<g{n}>{one(name)})" for n, (name, _) in enumerate(names))
                      + r")(?:e?s)?(?![\w])")


def test_the_matcher_finds_what_its_pattern_would() -> None:
    rng = random.Random(11)
    for _ in range(1500):
        terms = [TermNames(f"t{n}", tuple(rng.sample(SPELLINGS, rng.randint(1, 3)))) for n in range(rng.randint(1, 5))]
        text = "".join(rng.choice(SPELLINGS + NOISE + NOISE) for _ in range(rng.randint(1, 16)))
        names = sorted(((name, term.id) for term in terms for name in term.names), key=lambda pair: -len(pair[0]))
        expected = [(m.start(), m.end(), names[int(m.lastgroup[1:])][1]) for m in reference(terms).finditer(text)
                    if m.lastgroup]
        assert list(GlossaryMatcher(terms).mentions(text)) == expected, (terms, text)


def test_explicit_term_link_wins_over_autolink() -> None:
    matcher = GlossaryMatcher([TermNames("fork", ("fork",))])
    found = links("A [[term:fork|'fork']] position; a fork later.", matcher)
    assert found == [("'fork'", "term:fork", "wiki")]


def test_segments_reassemble_the_plain_text() -> None:
    text = "Plain E026 and [[note:x|label]] end."
    parts = segments(text)
    assert "".join(s.text or "" for s in parts) == "Plain E026 and label end."
    assert [s.via for s in parts if s.via] == [Via.EREF, Via.WIKI]


def test_sentence_at_picks_the_sentence_with_the_link() -> None:
    text = "First one E001. Second sentence cites [[note:x|X]] here. Third."
    assert sentence_at(text, text.index("E001")) == "First one E001."
    assert sentence_at(text, text.index("[[")) == "Second sentence cites X here."
    assert sentence_at(text, text.index("Third")) == "Third."
