"""`hubreader search` and `hubreader index`: the search layer from the shell."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.cli.argtypes import KIND_HELP, kind, positive_int
from tui.cli.commands import open_kb
from tui.model import KnowledgeBase
from tui.model.sanitize import safe_text
from tui.paths import cache_root

if TYPE_CHECKING:  # whoosh costs ~70 ms to import; only search and index need it, not the reader's first paint
    from tui.index import Hit, SearchIndex, SyncReport

BAR_WIDTH = 30
BAR_DELAY_S = 0.5
MIN_WIDTH = 40  # narrower terminals still get whole words per line
INDENT = " " * 9  # under the kind, past the score column
BOLD, PLAIN = "\x02", "\x03"  # one-character stand-ins while wrapping, so colour codes never count as text


def add_search_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `search` and `index` on the main parser's subcommands."""
    search = sub.add_parser("search", help="ranked full-text search with snippets")
    search.add_argument("query", nargs="+", help='words ANDed; "a phrase"; kind:episode (or ep:, term:, ...)')
    search.add_argument("--kind", type=kind, help=KIND_HELP)
    search.add_argument("--limit", type=positive_int, default=20, metavar="N", help="at most N hits (default 20)")
    search.add_argument("--json", action="store_true", help="print a JSON array of hits")
    search.set_defaults(run=cmd_search)

    index = sub.add_parser("index", help="build or update the search index and say what changed")
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    index.set_defaults(run=cmd_index)


def cmd_search(args: argparse.Namespace) -> int:
    """Print ranked hits; exit 1 when nothing matches, like grep."""
    query = " ".join(args.query)
    with open_index(open_kb(args)) as index:
        results = index.search(query, limit=args.limit, kind=args.kind)
    if results.error:
        print(f"hubreader: {results.error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([hit_json(hit) for hit in results.hits], indent=2, ensure_ascii=False))
    else:
        if results.fuzzy:
            print("hubreader: no exact matches; showing close spellings", file=sys.stderr)
        _print_hits(results.hits, _use_color(sys.stdout), shutil.get_terminal_size().columns)
        print(_summary(len(results.hits), results.total, safe_text(query)[:80]))
    return 0 if results.hits else 1


def cmd_index(args: argparse.Namespace) -> int:
    with open_index(open_kb(args), rebuild=args.rebuild) as index:
        print(describe(index.report))
    return 0


def open_index(kb: KnowledgeBase, rebuild: bool = False) -> SearchIndex:
    """Open (build, update) the index with a progress bar on a terminal; warnings go to stderr, one line each."""
    from tui.index import SearchIndex  # noqa: PLC0415 - see the TYPE_CHECKING import

    bar = ProgressBar(sys.stderr)
    try:
        index = SearchIndex.open(kb, progress=bar.update if sys.stderr.isatty() else None, rebuild=rebuild)
    finally:
        bar.finish()
    for warning in index.warnings:
        print(f"hubreader: warning: {warning}", file=sys.stderr)
    return index


def prepare_index(kb: KnowledgeBase) -> Path:
    """For servers: build or update the index once, so the readers they start only open it and never write."""
    with open_index(kb) as index:
        print(f"hubreader: search index: {describe(index.report)}", flush=True)
    return cache_root().resolve()


def describe(report: SyncReport) -> str:
    """One line for `hubreader index`: what was done, how many items, how long, where."""
    where = str(report.location) if report.location else "memory only (not saved)"
    seconds = f"{report.seconds:.2f} s"
    if report.rebuilt:
        done = f"built the index: {report.total} items in {seconds}"
    elif report.wrote:
        done = (f"updated the index: {report.added} added, {report.changed} changed, {report.removed} removed"
                f" ({report.total} items) in {seconds}")
    else:
        done = f"the index is up to date ({report.total} items)"
    return f"{done}; {where}"


def hit_json(hit: Hit) -> dict[str, object]:
    from tui.index import marked  # noqa: PLC0415 - see the TYPE_CHECKING import

    return {
        "id": hit.id,
        "kind": hit.kind.value,
        "title": hit.title,
        "score": hit.score,
        "snippet": marked(hit.snippet, "", ""),
        "matches": _match_offsets(hit),
        "section": hit.section,
        "anchor": hit.anchor,
    }


class ProgressBar:
    """A one-line bar on a terminal, shown only once a build has taken more than a moment."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._shown = False

    def update(self, stage: str, done: int, total: int) -> None:
        if time.monotonic() - self._started < BAR_DELAY_S:
            return
        filled = BAR_WIDTH * done // max(1, total)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self._stream.write(f"\r{stage:<9} [{bar}] {done}/{total}")
        self._stream.flush()
        self._shown = True

    def finish(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


def _summary(shown: int, total: int, query: str) -> str:
    return f"{shown} of {total} matches for '{query}'" if shown else f"no matches for '{query}'"


def _print_hits(hits: tuple[Hit, ...], color: bool, columns: int) -> None:
    """Per hit, wrapped to the terminal: score, kind, id, title and section; then the snippet with matches in
    bold (or **so**)."""
    from tui.index import marked  # noqa: PLC0415 - see the TYPE_CHECKING import

    width = max(MIN_WIDTH, columns)
    before, after = (BOLD, PLAIN) if color else ("**", "**")
    for hit in hits:
        head = f"{hit.score:>7.2f}  {hit.kind.value:<7} {hit.id}  {hit.title}  § {hit.section}"
        print("\n".join(textwrap.wrap(head, width, subsequent_indent=INDENT)))
        snippet = textwrap.wrap(marked(hit.snippet, before, after), width, initial_indent=INDENT,
                                subsequent_indent=INDENT)
        print("\n".join(snippet).replace(BOLD, "\x1b[1m").replace(PLAIN, "\x1b[0m"))


def _match_offsets(hit: Hit) -> list[list[int]]:
    """[start, end) of each matched run in the plain snippet text."""
    offsets, position = [], 0
    for text, is_match in hit.snippet:
        if is_match:
            offsets.append([position, position + len(text)])
        position += len(text)
    return offsets


def _use_color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")  # set and not empty, as no-color.org says
