"""Properties: any input gives diagnostics, never an exception; any successful import passes `hubreader check`."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.importer import import_files
from tui.importer.emit import quote
from tui.model import Level, load_knowledge_base

EXPORT_LINES = [
    "Literature review · 2 episode(s)",
    "← all topics\xa0·\xa0Glossary →",
    "Episodes anchoring this topic",
    "- 012-a-site-slug-for-an-episode",
    "- E013",
    "- An Episode Title Nobody Knows",
    "Topic Hub · 3 linked notes · 2 sections",
    "← All notes",
    "View as",
    "Sub-Maps",
    "2 notes",
    "1 note",
    "Explore related Read →",
    "Batch *(2026-01-02)*",
    "Short heading",
    "Does this question title end in a mark?",
    "A paragraph long enough to count as prose, ending with a reference just before its period E014.",
    "Run-together references E015E016 and a [[note:x|wiki]] lookalike and a ## sign.",
    "a small  hole , and a high- '' gap",
    "---",
    "id: [not yaml",
]
HEADING = st.from_regex(r"[A-Z][a-z]{2,12}( [a-z]{2,10}){0,4}", fullmatch=True)
PROSE = st.text(max_size=120)
PARAGRAPH = st.builds(lambda text, number: f"{text} E{number:03d}.", PROSE, st.integers(0, 999))
ANCHOR = st.one_of(st.from_regex(r"\d{3}-[a-z0-9-]{1,30}", fullmatch=True), HEADING, PROSE)


@st.composite
def topic_exports(draw: st.DrawFn) -> list[str]:
    """Review exports with or without header and title, random sections, anchors by slug or title."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines += [
            f"Literature review · {draw(st.integers(0, 99))} episode(s)",
            draw(HEADING),
            "← all topics · Glossary →",
        ]
    elif draw(st.booleans()):
        lines.append(draw(HEADING))
    for _ in range(draw(st.integers(1, 4))):
        lines += [draw(HEADING), *draw(st.lists(PARAGRAPH, max_size=3))]
    lines.append("Episodes anchoring this topic")
    for _ in range(draw(st.integers(0, 4))):
        lines += [f"- {draw(ANCHOR)}", draw(PROSE)]
    return lines


@st.composite
def hub_exports(draw: st.DrawFn) -> list[str]:
    """Hub exports with random sections and entries, declared counts that may or may not match."""
    lines = ["← All notes", draw(st.text(min_size=1, max_size=60)), draw(PROSE)]
    lines += [f"Topic Hub · {draw(st.integers(0, 50))} linked notes · {draw(st.integers(0, 9))} sections", "View as"]
    for _ in range(draw(st.integers(0, 4))):
        lines += [draw(st.one_of(st.sampled_from(["Sub-Maps", "Batch *(2026-01-02)*"]), HEADING))]
        lines += [f"{draw(st.integers(0, 5))} notes"]
        for _ in range(draw(st.integers(0, 3))):
            lines += [draw(st.text(min_size=1, max_size=60)), draw(PROSE), "Explore related Read →"]
    return lines


_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _import(data: bytes, *, dry_run: bool) -> tuple[Path, tempfile.TemporaryDirectory[str], bool, int]:
    folder = tempfile.TemporaryDirectory()
    root = Path(folder.name)
    export = root / "page.txt"
    export.write_bytes(data)
    result = import_files([export], root / "kb", dry_run=dry_run)
    errors = [d for d in result.diagnostics if d.level is Level.ERROR]
    assert len(errors) == (1 if result.failed else 0)
    return root / "kb", folder, bool(result.failed), len(result.changes)


@_settings
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_diagnostics_never_an_exception(data: bytes) -> None:
    _, folder, _, _ = _import(data, dry_run=True)
    folder.cleanup()


@_settings
@given(
    st.one_of(
        topic_exports(),
        hub_exports(),
        st.lists(st.one_of(st.sampled_from(EXPORT_LINES), st.text(max_size=60)), min_size=1, max_size=40),
    ),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
)
def test_any_export_that_imports_gives_a_folder_that_passes_check(lines: list[str], separator: str) -> None:
    root, folder, failed, changes = _import(separator.join(lines).encode("utf-8"), dry_run=False)
    try:
        if failed:
            assert changes == 0 and not root.exists()
        else:
            kb = load_knowledge_base(root)
            assert [str(d) for d in kb.diagnostics if d.level is Level.ERROR] == []
    finally:
        folder.cleanup()


@given(st.text())
def test_quoted_text_loads_back_unchanged(text: str) -> None:
    assert yaml.safe_load(f"key: {quote(text)}") == {"key": text}
