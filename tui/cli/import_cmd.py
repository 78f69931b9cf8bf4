"""`hubreader import FILE... --into DIR [--dry-run] [--id ID]`: page exports to content files."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.commands import UsageError
from tui.model import Level, load_knowledge_base
from tui.model.sanitize import safe_text

if TYPE_CHECKING:
    from tui.importer import ImportResult

_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")


def add_import_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the `import` subcommand on the main parser."""
    parser = sub.add_parser(
        "import",
        help="turn plain-text page exports (review topics, topic hubs) into content files",
        description="Import review topic and topic hub exports; missing episodes, notes and terms become stubs.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="a page saved as plain text")
    parser.add_argument("--into", required=True, metavar="DIR", help="the knowledge base folder to write into")
    parser.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    parser.add_argument("--id", dest="item_id", metavar="ID", help="id of the topic or hub (one FILE only)")
    parser.set_defaults(run=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    """Import, report every finding and change, then check the folder; exit 1 when any file failed."""
    from tui.importer import import_files  # noqa: PLC0415 - only this command pays for the importer

    root = _target(Path(args.into).expanduser(), dry_run=args.dry_run)
    forced = _forced_id(args.item_id, len(args.files))
    result = import_files([Path(name) for name in args.files], root, dry_run=args.dry_run, forced_id=forced)
    for diagnostic in result.diagnostics:
        print(safe_text(str(diagnostic)), file=sys.stderr)
    for change in result.changes:
        print(change)
    print(_summary(result, len(args.files), dry_run=args.dry_run))
    if not args.dry_run:
        print(_check_line(root))
    return 1 if result.failed else 0


def _target(root: Path, *, dry_run: bool) -> Path:
    """The folder must exist or be creatable right there; a typo should not build a tree of folders."""
    if root.exists() and not root.is_dir():
        raise UsageError(f"--into {safe_text(str(root))}: not a folder")
    if not root.exists():
        if not root.parent.is_dir():
            raise UsageError(f"--into {safe_text(str(root))}: its parent folder does not exist")
        if not dry_run:
            root.mkdir()
    return root


def _forced_id(item_id: str | None, files: int) -> str | None:
    if item_id is None:
        return None
    if files != 1:
        raise UsageError("--id names one topic or hub: give exactly one FILE with it")
    if not _ID.fullmatch(item_id):
        raise UsageError(f"--id '{safe_text(item_id)[:80]}': use lowercase letters, digits, '-' and '.'")
    return item_id


def _summary(result: ImportResult, files: int, *, dry_run: bool) -> str:
    counts = Counter(change.status for change in result.changes)
    done = files - len(result.failed)
    verbs = ("would create", "would update") if dry_run else ("created", "updated")
    line = (
        f"{done} of {files} file(s) imported: {verbs[0]} {counts['create']}, {verbs[1]} {counts['update']}, "
        f"unchanged {counts['unchanged']}"
    )
    return f"{line} (dry run: nothing written)" if dry_run else line


def _check_line(root: Path) -> str:
    """The result must pass `hubreader check`; say so, or say how to see why not."""
    counts = Counter(diagnostic.level for diagnostic in load_knowledge_base(root).diagnostics)
    errors, warnings = counts[Level.ERROR], counts[Level.WARNING]
    line = f"check: {errors} error(s), {warnings} warning(s)"
    return f"{line}; run 'hubreader --content {safe_text(str(root))} check' for details" if errors else line
