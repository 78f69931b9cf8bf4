"""Parse a topic hub export (inquiringlines): header, counted sections, and entries ended by their action line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.importer.source import ExportError, Line
from tui.model.diagnostics import DiagnosticSink

COUNTS = re.compile(r"Topic Hub\s*·\s*(\d+)\s+linked notes?\s*·\s*(\d+)\s+sections?", re.IGNORECASE)
SECTION_COUNT = re.compile(r"(\d+)\s+notes?", re.IGNORECASE)
ACTION = "Explore related Read →"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SUB_MAPS = "sub-maps"
_NO_ACTION = f"not an entry (no '{ACTION}' after it)"


@dataclass(frozen=True, slots=True)
class HubEntry:
    """A listed note (or, under Sub-Maps, a hub): its title and abstract."""

    title: str
    abstract: str
    line: int


@dataclass(frozen=True, slots=True)
class HubSectionExport:
    """A section as exported; the title keeps its literal Markdown and may repeat in the same hub."""

    title: str
    declared: int
    line: int
    entries: tuple[HubEntry, ...]

    @property
    def date(self) -> str | None:
        match = DATE.search(self.title)
        return match.group(0) if match else None

    @property
    def lists_hubs(self) -> bool:
        """Entries under "Sub-Maps" are child hubs, not notes."""
        return self.title.replace("*", "").strip().casefold() == SUB_MAPS


@dataclass(frozen=True, slots=True)
class HubExport:
    """Everything a hub export says, with the counts it declares (which need not match what it lists)."""

    title: str
    line: int
    description: str
    declared_notes: int
    declared_sections: int
    sections: tuple[HubSectionExport, ...]


def is_hub(lines: tuple[Line, ...]) -> bool:
    """A hub has the `Topic Hub · …` counts line or entries ended by the action line."""
    return any(COUNTS.fullmatch(line.text) or _is_action(line) for line in lines)


def parse_hub(lines: tuple[Line, ...], sink: DiagnosticSink) -> HubExport:
    """Header up to the counts line, then sections of entries."""
    found = next(((i, m) for i, line in enumerate(lines) if (m := COUNTS.fullmatch(line.text))), None)
    if found is None:
        raise ExportError(lines[0].number, "hub export without its 'Topic Hub · N linked notes · M sections' line")
    at, counts = found
    head = [line for line in lines[:at] if not line.text.startswith("←")]
    if not head:
        raise ExportError(lines[at].number, "hub export without a title line before the 'Topic Hub' line")
    body = list(lines[at + 1 :])
    while body and body[0].text.casefold() == "view as":
        body.pop(0)
    hub = HubExport(
        title=head[0].text,
        line=head[0].number,
        description=" ".join(line.text for line in head[1:]),
        declared_notes=int(counts.group(1)),
        declared_sections=int(counts.group(2)),
        sections=_Walk(sink).run(body),
    )
    _check_counts(hub, sink)
    return hub


def _is_action(line: Line) -> bool:
    return " ".join(line.text.split()) == ACTION


@dataclass
class _Open:
    """A section while its entries are being read."""

    title: Line
    declared: int
    entries: list[HubEntry] = field(default_factory=list)


@dataclass
class _Walk:
    """Walks a hub body: `title` + `N notes` opens a section; lines up to the action line make an entry."""

    sink: DiagnosticSink
    sections: list[_Open] = field(default_factory=list)
    pending: list[Line] = field(default_factory=list)

    def run(self, body: list[Line]) -> tuple[HubSectionExport, ...]:
        index = 0
        while index < len(body):
            line = body[index]
            count = SECTION_COUNT.fullmatch(body[index + 1].text) if index + 1 < len(body) else None
            if count and not _is_action(line):
                self.flush(_NO_ACTION)
                self.sections.append(_Open(line, int(count.group(1))))
                index += 1
            elif _is_action(line):
                self.close_entry(line)
            else:
                self.pending.append(line)
            index += 1
        self.flush(_NO_ACTION)
        return tuple(
            HubSectionExport(s.title.text, s.declared, s.title.number, tuple(s.entries)) for s in self.sections
        )

    def close_entry(self, action: Line) -> None:
        """The first pending line is the title; the rest (one line in practice) is the abstract."""
        if not self.pending:
            self.sink.warning(action.number, "action line without an entry before it; ignored")
        elif not self.sections:
            self.flush("an entry before the first section")
        else:
            title, *abstract = self.pending
            self.sections[-1].entries.append(HubEntry(title.text, " ".join(a.text for a in abstract), title.number))
        self.pending.clear()

    def flush(self, why: str) -> None:
        if self.pending:
            self.sink.warning(self.pending[0].number, f"{len(self.pending)} line(s) ignored: {why}")
            self.pending.clear()


def _check_counts(hub: HubExport, sink: DiagnosticSink) -> None:
    """The site's declared counts are often stale; keep them, but say where they disagree with the listing."""
    listed = sum(len(section.entries) for section in hub.sections)
    if hub.declared_sections != len(hub.sections):
        sink.warning(hub.line, f"hub declares {hub.declared_sections} sections but lists {len(hub.sections)}")
    if hub.declared_notes != listed:
        sink.warning(hub.line, f"hub declares {hub.declared_notes} notes but lists {listed} entries")
    for section in hub.sections:
        if section.declared != len(section.entries):
            listed = len(section.entries)
            sink.warning(section.line, f"section '{section.title}' declares {section.declared} but lists {listed}")
