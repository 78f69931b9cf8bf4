"""Import page exports into a content folder: each file all or nothing, the folder written only at the end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.importer.hub_export import HubExport, is_hub, parse_hub
from tui.importer.hub_plan import plan_hub
from tui.importer.source import ExportError, ExportText, read_export
from tui.importer.stubs import Context
from tui.importer.topic_export import TopicExport, is_topic, parse_topic
from tui.importer.topic_plan import plan_topic
from tui.importer.workspace import Change, Workspace
from tui.model.diagnostics import Diagnostic, DiagnosticSink, Level


@dataclass
class ImportResult:
    """What happened: findings per export, the files touched, and which exports failed."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def parse_export(export: ExportText, sink: DiagnosticSink) -> TopicExport | HubExport:
    """Tell the two page kinds apart by their fixed lines and parse accordingly."""
    if is_hub(export.lines):
        return parse_hub(export.lines, sink)
    if is_topic(export.lines):
        return parse_topic(export.lines)
    raise ExportError(
        export.lines[0].number,
        "not a review topic or topic hub export: no 'Episodes anchoring this topic' line "
        "and no 'Topic Hub · N linked notes · M sections' line",
    )


def import_files(
    paths: Sequence[Path], root: Path, *, dry_run: bool = False, forced_id: str | None = None
) -> ImportResult:
    """Plan every export against `root`; a failing export is rolled back and reported with one error."""
    workspace = Workspace(root)
    result = ImportResult()
    for path in paths:
        sink = DiagnosticSink(str(path))
        mark = workspace.mark()
        try:
            _import_one(path, workspace, sink, forced_id)
        except ExportError as exc:
            workspace.rollback(mark)
            sink.items = [Diagnostic(str(path), exc.line, Level.ERROR, str(exc))]
            result.failed.append(str(path))
        result.diagnostics.extend(sink.items)
    result.changes = workspace.changes()
    if not dry_run:
        workspace.commit()
    return result


def _import_one(path: Path, workspace: Workspace, sink: DiagnosticSink, forced_id: str | None) -> None:
    text = read_export(path, sink)
    parsed = parse_export(text, sink)
    context = Context(sink, text.sha256, forced_id)
    if isinstance(parsed, HubExport):
        plan_hub(parsed, workspace, context)
    else:
        plan_topic(parsed, workspace, context)
