"""The stripped export variant: find the holes its deleted glossary links left, and recover the words by diffing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from tui.importer.source import Line

# Traces a deleted word leaves: `high- ''`, ` -then-`, ` 's 1979`, `of , and`, `a  run`, `( )`.
_GAP = re.compile(
    r"(?<=\w)-(?=\s|$)"
    r"|(?<=\s)-(?=\w)"
    r"|(?<=\s)'s\b"
    r"|''"
    r"|(?<=\s)[,.;:!?)](?=\s|$)"
    r"|(?<=\S) {2,}(?=\S)"
    r"|\(\s*\)"
)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_CONTEXT = 12
_ES_ENDINGS = ("sses", "shes", "ches", "xes", "zes")
_KEEP_S = ("ss", "us", "is")


@dataclass(frozen=True, slots=True)
class Gap:
    """One place where a linked word seems to be missing, with a little text around it to show the user."""

    line: int
    context: str


def find_gaps(paragraph: Line) -> list[Gap]:
    """Every deletion trace in one paragraph."""
    text = paragraph.text
    return [
        Gap(paragraph.number, text[max(0, m.start() - _CONTEXT) : m.end() + _CONTEXT].strip())
        for m in _GAP.finditer(text)
    ]


def describe_gaps(gaps: Sequence[Gap], anchors: int, shown: int = 4) -> str:
    """The warning for a stripped export: how many holes, where the first few are, and what the anchor list holds."""
    where = ", ".join(f"line {gap.line} ({gap.context!r})" for gap in gaps[:shown])
    more = f" and {len(gaps) - shown} more" if len(gaps) > shown else ""
    holes = f"{len(gaps)} gap(s) where glossary-linked words were deleted: {where}{more}" if gaps else "no gaps found"
    listed = "anchor list empty" if not anchors else f"anchor list has {anchors} item(s)"
    return f"stripped export: {holes}; {listed}; import the intact export of this page too to fill them"


def deleted_spans(intact: str, stripped: str) -> list[str]:
    """Runs of words present in the intact paragraph and missing from the stripped one, if nothing else differs."""
    tokens = list(_TOKEN.finditer(intact))
    matcher = SequenceMatcher(None, [t.group() for t in tokens], _TOKEN.findall(stripped), autojunk=False)
    opcodes = matcher.get_opcodes()
    if any(tag in ("insert", "replace") for tag, *_ in opcodes):
        return []
    spans = [intact[tokens[i1].start() : tokens[i2 - 1].end()] for tag, i1, i2, _, _ in opcodes if tag == "delete"]
    return [span for span in (_trim(span) for span in spans) if span]


def recover_terms(intact: Sequence[Sequence[str]], stripped: Sequence[Sequence[str]]) -> list[str]:
    """Glossary words of a page from its two variants, section by section; unaligned sections are skipped."""
    if len(intact) != len(stripped):
        return []
    found: dict[str, None] = {}
    for full, holed in zip(intact, stripped, strict=True):
        if len(full) == len(holed):
            for a, b in zip(full, holed, strict=True):
                found.update(dict.fromkeys(singular(span) for span in deleted_spans(a, b)))
    return list(found)


def singular(term: str) -> str:
    """The glossary allows a plural `s`/`es` after a term, so the singular covers both spellings."""
    head, _, last = term.rpartition(" ")
    if last.endswith(_ES_ENDINGS):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(_KEEP_S) and len(last) > 3 and not last.isupper():
        last = last[:-1]
    return f"{head} {last}" if head else last


def _trim(span: str) -> str:
    """Punctuation around a deleted run belongs to the sentence, not to the term."""
    return re.sub(r"^\W+|\W+$", "", span)
