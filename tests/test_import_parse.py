"""Parsing the two export kinds, in every variant, and writing files the loader reads back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tui.importer import parse_export
from tui.importer.emit import DROP, Doc, render
from tui.importer.hub_export import HubExport
from tui.importer.source import ExportError, ExportText, decode_export
from tui.importer.stripped import deleted_spans, recover_terms, singular
from tui.importer.topic_export import TopicExport
from tui.model import Kind
from tui.model.diagnostics import DiagnosticSink
from tui.model.frontmatter import split_front_matter

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def lines_of(name: str, *, compact: bool = False) -> ExportText:
    text = (EXPORTS / name).read_text(encoding="utf-8")
    if compact:
        text = "\n".join(line for line in text.split("\n") if line.strip())
    return decode_export(text.encode("utf-8"), DiagnosticSink(name))


def topic(name: str, *, compact: bool = False) -> TopicExport:
    parsed = parse_export(lines_of(name, compact=compact), DiagnosticSink(name))
    assert isinstance(parsed, TopicExport)
    return parsed


def hub(name: str, sink: DiagnosticSink | None = None, *, compact: bool = False) -> HubExport:
    parsed = parse_export(lines_of(name, compact=compact), sink or DiagnosticSink(name))
    assert isinstance(parsed, HubExport)
    return parsed


# Reading bytes


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "empty file"),
        (b"\n  \n\t\n", 1, "empty file"),
        (b"Title\nmore\n\x00\x01binary", 3, "binary file"),
        (b"Title\nSection\ncaf\xe9 au lait\n", 3, "not UTF-8 (byte 0xe9)"),
    ],
)
def test_unreadable_bytes_are_refused_with_their_line(data: bytes, line: int, message: str) -> None:
    with pytest.raises(ExportError) as caught:
        decode_export(data, DiagnosticSink("x"))
    assert caught.value.line == line
    assert message in str(caught.value)


def test_line_endings_bom_and_controls_are_normalised() -> None:
    sink = DiagnosticSink("x")
    text = decode_export(b"\xef\xbb\xbfFirst\r\n\r\nSec\x1b[31mond\rThird", sink)
    assert [(line.number, line.text) for line in text.lines] == [(1, "First"), (3, "Sec[31mond"), (4, "Third")]
    assert [d.message for d in sink.items] == ["removed 1 control character(s)"]


def test_a_text_that_is_neither_kind_is_refused_at_its_first_line() -> None:
    with pytest.raises(ExportError) as caught:
        parse_export(lines_of("not_an_export.txt"), DiagnosticSink("x"))
    assert caught.value.line == 1
    assert "not a review topic or topic hub export" in str(caught.value)


# Review topics


def test_titled_topic_with_slug_anchors() -> None:
    parsed = topic("topic_titled_slugs.txt")
    assert parsed.title == "Distillation and its discontents"
    assert parsed.episode_count is None
    assert [s.heading for s in parsed.sections] == [
        "What students inherit",
        "When teachers mislead",
        "Cheaper ways to the same place",
    ]
    assert [len(s.paragraphs) for s in parsed.sections] == [2, 2, 1]
    assert [(a.ref[:4], a.line) for a in parsed.anchors] == [("041-", 11), ("043-", 13), ("045-", 15)]
    assert parsed.anchors[1].blurb == "Traced brittle students to a teacher that saw more than they ever will."
    assert not parsed.stripped


def test_topic_without_a_title_line_starts_at_its_first_heading() -> None:
    parsed = topic("topic_untitled.txt")
    assert parsed.title is None
    assert parsed.sections[0].heading == "Why sparse rewards stall agents"
    assert parsed.sections[0].line == 1
    assert len(parsed.sections) == 3
    assert not parsed.stripped


def test_header_and_nav_line_give_count_and_title_and_are_not_sections() -> None:
    parsed = topic("topic_header_intact.txt")
    assert (parsed.title, parsed.episode_count) == ("Evaluating math reasoning", 2)
    assert [s.heading for s in parsed.sections] == ["Grading the final answer", "Grading the steps"]
    assert [a.ref for a in parsed.anchors] == [
        "061-answer-normalisation-for-math-benchmarks",
        "062-when-step-graders-and-humans-disagree",
    ]
    assert not parsed.stripped


@pytest.mark.parametrize("name", ["topic_header_intact.txt", "topic_stripped.txt", "topic_untitled.txt"])
def test_blank_line_spacing_does_not_change_the_parse(name: str) -> None:
    spaced, compact = topic(name), topic(name, compact=True)
    assert [(s.heading, [p.text for p in s.paragraphs]) for s in spaced.sections] == [
        (s.heading, [p.text for p in s.paragraphs]) for s in compact.sections
    ]
    assert (spaced.title, spaced.anchors == () or [a.ref for a in spaced.anchors]) == (
        compact.title,
        compact.anchors == () or [a.ref for a in compact.anchors],
    )


def test_stripped_variant_is_detected_with_every_gap_named() -> None:
    parsed = topic("topic_stripped.txt")
    assert parsed.stripped
    assert (parsed.title, parsed.episode_count, parsed.anchors) == ("Reward Shaping for Tool-Using Agents", 3, ())
    assert [gap.line for gap in parsed.gaps] == [9, 9, 9, 9, 11, 11, 15, 19]
    assert "small  shows" in parsed.gaps[0].context


def test_traces_alone_mark_a_stripped_export_even_with_anchors() -> None:
    text = "Heading\nA  paragraph with one hole , and another E001.\nEpisodes anchoring this topic\n- 001-x\nBlurb."
    parsed = parse_export(decode_export(text.encode(), DiagnosticSink("x")), DiagnosticSink("x"))
    assert isinstance(parsed, TopicExport) and parsed.stripped and len(parsed.gaps) == 2


def test_a_review_without_headings_is_an_error() -> None:
    text = (
        "This is a long paragraph that ends like a sentence and cites an episode E010.\nEpisodes anchoring this topic"
    )
    with pytest.raises(ExportError, match="without section headings"):
        parse_export(decode_export(text.encode(), DiagnosticSink("x")), DiagnosticSink("x"))


def test_glossary_words_are_recovered_by_diffing_the_two_variants() -> None:
    intact, stripped = topic("topic_untitled.txt"), topic("topic_stripped.txt")
    terms = recover_terms(
        [[p.text for p in s.paragraphs] for s in intact.sections],
        [[p.text for p in s.paragraphs] for s in stripped.sections],
    )
    assert terms == ["probe", "entropy", "SFT", "RL", "stall", "verifier", "reward hacking", "harness"]


def test_paragraphs_that_differ_beyond_deletions_yield_nothing() -> None:
    assert deleted_spans("a fork in the road", "a  in the road") == ["fork"]
    assert deleted_spans("a fork in the road", "a spoon in the road") == []
    assert recover_terms([["one"]], [["one"], ["two"]]) == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [("tokens", "token"), ("agent harnesses", "agent harness"), ("loss", "loss"), ("GRPO", "GRPO"), ("LLMs", "LLM")],
)
def test_plural_terms_become_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


# Topic hubs


def test_hub_header_sections_and_entries() -> None:
    sink = DiagnosticSink("hub.txt")
    parsed = hub("hub.txt", sink)
    assert parsed.title == "Which evaluation habits mislead reasoning research?"
    assert parsed.description.startswith("A hub collecting notes")
    assert (parsed.declared_notes, parsed.declared_sections) == (9, 6)
    assert [(s.title, s.declared, len(s.entries)) for s in parsed.sections] == [
        ("Sub-Maps", 2, 2),
        ("Writing Angles", 1, 1),
        ("Audit batch *(2026-04-11)*", 2, 2),
        ("Audit batch *(2026-04-11)*", 1, 1),
        ("Leftovers — wave 2 *(2026-04-20)*", 2, 0),
        ("Cross-check (2026-04-22)", 1, 1),
    ]
    assert [s.date for s in parsed.sections] == [None, None, "2026-04-11", "2026-04-11", "2026-04-20", "2026-04-22"]
    assert [s.lists_hubs for s in parsed.sections] == [True, False, False, False, False, False]
    first = parsed.sections[0].entries[0]
    assert (first.title, first.line) == ("How do graders disagree with each other?", 14)
    assert first.abstract.startswith("Looks at where automatic graders")
    assert sorted(d.message for d in sink.items) == [
        "hub declares 9 notes but lists 7 entries",
        "section 'Leftovers — wave 2 *(2026-04-20)*' declares 2 but lists 0",
    ]


def test_hub_without_blank_lines_parses_the_same() -> None:
    spaced, compact = hub("hub.txt"), hub("hub.txt", compact=True)
    assert [(s.title, [e.title for e in s.entries]) for s in spaced.sections] == [
        (s.title, [e.title for e in s.entries]) for s in compact.sections
    ]


def test_hub_lines_outside_entries_are_ignored_with_a_warning() -> None:
    text = (
        "Hub?\nTopic Hub · 1 linked note · 1 section\nEarly\nAbstract\nExplore related Read →\n"
        "S\n1 note\nT\nA\nExplore related Read →\nExplore related Read →\ntrailing"
    )
    sink = DiagnosticSink("x")
    parsed = parse_export(decode_export(text.encode(), sink), sink)
    assert isinstance(parsed, HubExport) and [e.title for e in parsed.sections[0].entries] == ["T"]
    assert [(d.line, d.message) for d in sink.items] == [
        (3, "2 line(s) ignored: an entry before the first section"),
        (11, "action line without an entry before it; ignored"),
        (12, "1 line(s) ignored: not an entry (no 'Explore related Read →' after it)"),
    ]


def test_hub_without_its_counts_line_is_an_error() -> None:
    text = "← All notes\nA hub?\nSection\n1 note\nEntry\nAbstract\nExplore related Read →"
    with pytest.raises(ExportError, match="without its 'Topic Hub"):
        parse_export(decode_export(text.encode(), DiagnosticSink("x")), DiagnosticSink("x"))


# Writing files


def test_written_values_load_back_exactly() -> None:
    title = 'Quotes " and \\ and # and : and \t tab, LS \u2028, BOM \ufeff, é, 😀'
    doc = Doc(Kind.NOTE, "n", {"type": "note", "id": "n", "title": title, "stub": True, "related": []})
    front = split_front_matter(render(doc, None))
    assert front.data == {"type": "note", "id": "n", "title": title, "stub": True, "related": []}


def test_a_control_character_written_as_an_escape_is_removed_on_load() -> None:
    doc = Doc(Kind.NOTE, "n", {"type": "note", "id": "n", "title": "NEL \x85 and ESC \x1b[2J", "related": []})
    front = split_front_matter(render(doc, None))
    assert front.data["title"] == "NEL  and ESC [2J" and front.controls_removed == 2


def test_merge_keeps_unowned_fields_verbatim_and_drops_what_is_asked() -> None:
    existing = (
        '---\ntype: note\nid: "n"\ntitle: "Old"\nstub: true\n# my comment\ndate: 2026-05-02\n'
        "related:\n  - note:other   # why\nabstract: old\n---\nMy own words.\n"
    )
    doc = Doc(Kind.NOTE, "n", {"type": "note", "id": "n", "title": "New", "stub": DROP, "abstract": "Fresh."})
    merged = render(doc, existing)
    assert merged == (
        '---\ntype: note\nid: "n"\ntitle: "New"\nabstract: "Fresh."\ndate: 2026-05-02\n'
        "related:\n  - note:other   # why\n---\nMy own words.\n"
    )
    assert yaml.safe_load(merged.split("---\n")[1])["abstract"] == "Fresh."
    assert render(doc, merged) == merged
