"""The non-interactive commands: check, list and show."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections import Counter
from pathlib import Path

from tui.cli.content import ENV_VAR, content_root
from tui.model import Item, KnowledgeBase, Level
from tui.model.cache import load_cached
from tui.model.kindspec import Kind, specs
from tui.model.loader import is_item_file
from tui.model.sanitize import safe_text
from tui.paths import cache_root
from tui.view.place import Place

ID_COLUMN = 12  # `list` pads ids up to this; a longer id pushes its row rather than every row


class UsageError(Exception):
    """A mistake by the user: printed as one line, exit status 2."""


def open_kb(args: argparse.Namespace) -> KnowledgeBase:
    """The chosen base, from the user cache when its files have not changed since it was last parsed."""
    root = content_root(args.content)
    if not root.exists():
        raise UsageError(f"content folder not found: {safe_text(str(root))} (check --content or HUBREADER_CONTENT)")
    if not _has_items(root):
        expected = "expected folders like hubs/, topics/, episodes/ with .md items"
        raise UsageError(f"{safe_text(_named(args.content, root))}: no knowledge base here ({expected})")
    return load_cached(root, cache_root())


def _named(option: str | None, root: Path) -> str:
    """Where the folder came from, so the message points at what to fix."""
    if option:
        return f"--content {option}"
    return f"{ENV_VAR}={root}" if os.environ.get(ENV_VAR) else f"content folder {root}"


def _has_items(root: Path) -> bool:
    """A file, an empty folder or, say, a repository's root is a wrong --content, not a base of no items."""
    folders = [root / spec.folder for spec in specs()]
    return any(any(is_item_file(entry.name) for entry in folder.iterdir()) for folder in folders if folder.is_dir())


def content_error_warning(kb: KnowledgeBase) -> str | None:
    """What the reader and the servers say when the base loaded with errors: a count and where to see them."""
    errors = sum(1 for d in kb.diagnostics if d.level is Level.ERROR)
    if not errors:
        return None
    return f"{errors} content error{'' if errors == 1 else 's'}: run 'hubreader check' for details"


def cmd_check(args: argparse.Namespace) -> int:
    """Print every diagnostic and a summary; fail when there are errors."""
    kb = open_kb(args)
    counts = Counter(d.level for d in kb.diagnostics)
    errors, warnings = counts[Level.ERROR], counts[Level.WARNING]
    if args.json:
        summary = {"items": len(kb), "errors": errors, "warnings": warnings}
        print(json.dumps({"summary": summary, "diagnostics": [d.as_dict() for d in kb.diagnostics]}, indent=2))
    else:
        for diagnostic in sorted(kb.diagnostics, key=lambda d: (d.path, d.line)):
            print(diagnostic)
        print(f"{len(kb)} items, {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return 1 if errors else 0


def cmd_list(args: argparse.Namespace) -> int:
    kb = open_kb(args)
    kinds = [args.kind] if args.kind else list(Kind)
    items = [item for kind in kinds for item in kb.of_kind(kind)]
    if args.json:
        rows = [{"id": i.id, "kind": i.kind.value, "title": i.title, "path": i.path} for i in items]
        print(json.dumps(rows, indent=2))
        return 0
    width = min(ID_COLUMN, max((len(item.id) for item in items), default=0))
    for item in items:
        print(f"{item.id:<{width}}  {item.kind.value:<7}  {item.title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from tui.view.data import render_json  # noqa: PLC0415 - only `show` renders
    from tui.view.markdown import render_markdown  # noqa: PLC0415
    from tui.view.text import render_text  # noqa: PLC0415

    kb = open_kb(args)
    item = lookup(kb, args.id)
    if args.format == "json":
        print(json.dumps(render_json(kb, item), indent=2, ensure_ascii=False))
    elif args.format == "md":
        sys.stdout.write(render_markdown(kb, item))
    else:
        sys.stdout.write(render_text(kb, item))
    return 0


def lookup_place(kb: KnowledgeBase, ident: str) -> Place:
    """`ID#section` opens at a section (as a citation's deep link does); an unknown section is a usage error that
    lists the ones there are (test_cli_conventions.py::test_open_at_an_unknown_section_lists_the_sections)."""
    ident, _, anchor = ident.partition("#")
    item = lookup(kb, ident)
    if not anchor:
        return Place(item.key)
    from tui.view.passage import outline  # noqa: PLC0415 - only when a section is asked for

    anchors = [found for found, _ in outline(kb, item)]
    if anchor not in anchors:
        listed = ", ".join(anchors[:8]) + (", ..." if len(anchors) > 8 else "")
        raise UsageError(f"{item.kind.namespace}:{item.id} has no section '{safe_text(anchor)[:80]}'; it has: {listed}")
    return Place(item.key, anchor)


def lookup(kb: KnowledgeBase, ident: str) -> Item:
    """One item by id or `ns:id`; unknown or ambiguous ids raise a UsageError with suggestions."""
    found = kb.find(ident)
    if len(found) == 1:
        return found[0]
    shown = safe_text(ident)[:80]
    if found:
        choices = ", ".join(f"{item.kind.namespace}:{item.id}" for item in found)
        raise UsageError(f"'{shown}' names several items; say which: {choices}")
    ids = [item.id for item in kb]
    close = difflib.get_close_matches(ident, ids, n=3, cutoff=0.6)
    by_title = [item.id for item in kb if ident.casefold() in item.title.casefold()][:3]
    suggestions = list(dict.fromkeys(close + by_title))[:3]
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "; try 'hubreader list'"
    raise UsageError(f"no item with id '{shown}'{hint}")
