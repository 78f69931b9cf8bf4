"""Search benchmark: build, cold open, per-keystroke latency against a substring scan, one-file update, memory.

    python -m benchmarks.search --docs 10000 --json

Generates a seeded synthetic knowledge base (benchmarks.synth), indexes it in a temporary cache directory, types
each query letter by letter and times every keystroke's search (top 20 hits with snippets), then types the same
keystrokes into a plain casefolded substring scan over the same items as the baseline.

After loading, the benchmark calls gc.freeze(), as the reader should: without it, a full garbage collection over
the 10,000 loaded items (about 80 ms) can land on any keystroke. `load_avg_1m` shows how busy the machine was.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.synth import generate, vocabulary
from tui.cli.content import shipped_content
from tui.index import SearchIndex
from tui.index.documents import passages
from tui.model import KnowledgeBase, load_knowledge_base

LIMIT = 20
QUERIES = (
    "metacognition",
    "reward model",
    "policy gradient",
    "template collapse",
    "entropy collapse",
    "reinforcement learning",
    "process reward",
    "verifier rollout",
    "curriculum distillation",
    "exploration agent",
    "calibration confidence",
    "sokoban",
    "countdown environment",
    "synthetic data",
    "learning rate",
    "gradient accumulation bug",
    "offloading library",
    "scaling compute budget",
    "inference latency",
    "sycophancy steering",
    "tool memory planning",
    "olympiad proof critique",
    "reward hacking",
    '"reward model"',
    "kind:episode entropy",
    "metacogniton",
)
SHIPPED_QUERIES = (
    "metacog",
    "template collapse",
    "premature confidence",
    "reward shaping",
    "sokoban",
    "grpo",
    "E026",
    "kind:term reward",
    "library bugs",
    "olympiad",
)
COLD_PROBE = """
import sys, time
from pathlib import Path
from tui.model import load_knowledge_base
from tui.index import SearchIndex
kb = load_knowledge_base(Path(sys.argv[1]))
started = time.perf_counter()
index = SearchIndex.open(kb, cache_dir=sys.argv[2])
index.search(sys.argv[3])
print((time.perf_counter() - started) * 1000)
"""


def keystrokes(queries: tuple[str, ...]) -> Iterator[str]:
    """Every prefix of every query, as the search box sees it while the user types."""
    for query in queries:
        for end in range(1, len(query) + 1):
            yield query[:end]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2), "max": round(ordered[-1], 2)}


def time_each(run: Callable[[str], object], typed: list[str]) -> list[float]:
    samples = []
    for text in typed:
        started = time.perf_counter()
        run(text)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


class SubstringScan:
    """The baseline: every keystroke checks every item's casefolded text for every typed word."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.items = [(item, "\n".join(p.text for p in passages(item, kb))) for item in kb]
        self.folded = [text.casefold() for _, text in self.items]

    def search(self, query: str) -> list[tuple[str, str]]:
        words = re.findall(r"\w+", query.casefold())
        if not words:
            return []
        found = [index for index, text in enumerate(self.folded) if all(word in text for word in words)]
        return [self._snippet(index, words[0]) for index in found[:LIMIT]]

    def _snippet(self, index: int, word: str) -> tuple[str, str]:
        item, text = self.items[index]
        at = max(0, self.folded[index].find(word))
        window = text[max(0, at - 50) : at + 110]
        return item.id, window.replace(text[at : at + len(word)], f"[{text[at : at + len(word)]}]", 1)


def directory_mb(path: Path) -> float:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) / 1e6


def cold_first_query(root: Path, cache: Path, query: str) -> float:
    """Open + first query in a fresh process: nothing cached in Python, only what the OS keeps."""
    result = subprocess.run(
        [sys.executable, "-c", COLD_PROBE, str(root), str(cache), query],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
    )
    return float(result.stdout.strip())


def one_file_updates(root: Path, index: SearchIndex, count: int) -> list[float]:
    """Change one item's body on disk, reload the base (not timed), time the index refresh."""
    samples = []
    files = sorted((root / "notes").glob("*.md"))
    for number in range(count):
        path = files[number * 7 % len(files)]
        path.write_text(path.read_text(encoding="utf-8") + f"\nAn added sentence about zyxoplanning {number}.\n",
                        encoding="utf-8")
        kb = load_knowledge_base(root)
        started = time.perf_counter()
        report = index.refresh(kb)
        samples.append((time.perf_counter() - started) * 1000)
        if report.changed != 1:
            raise SystemExit(f"update benchmark: expected one changed item, got {report}")
    return samples


def progress_printer(enabled: bool) -> Callable[[str, int, int], None] | None:
    def show(stage: str, done: int, total: int) -> None:
        print(f"\r{stage}: {done}/{total}", end="", file=sys.stderr, flush=True)

    return show if enabled else None


def shipped(cache: Path) -> dict[str, float] | None:
    """Per-keystroke latency on the knowledge base that ships with the reader."""
    kb = load_knowledge_base(shipped_content())
    if not len(kb):
        return None
    index = SearchIndex.open(kb, cache_dir=cache)
    index.search("warm up")
    return percentiles(time_each(lambda text: index.search(text, LIMIT), list(keystrokes(SHIPPED_QUERIES))))


def run(docs: int, seed: int, show_progress: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="hubreader-bench-") as tmp:
        root, cache = Path(tmp) / "kb", Path(tmp) / "cache"
        generate(root, docs, seed)
        started = time.perf_counter()
        kb = load_knowledge_base(root)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        index = SearchIndex.open(kb, cache_dir=cache, progress=progress_printer(show_progress))
        build_s = time.perf_counter() - started
        if show_progress:
            print(file=sys.stderr)
        index_mb = directory_mb(index.location) if index.location else 0.0
        gc.freeze()  # as a long-running reader would after loading: the base's objects leave the collector's scans
        tail = vocabulary(random.Random(seed))[900]
        typed = list(keystrokes((*QUERIES, tail)))
        cold_ms = cold_first_query(root, cache, QUERIES[0])
        search_ms = time_each(lambda text: index.search(text, LIMIT), typed)
        scan = SubstringScan(kb)
        baseline_ms = time_each(scan.search, typed)
        update_ms = statistics.median(one_file_updates(root, index, 5))
        shipped_ms = shipped(cache)
        index.close()
    keystroke = percentiles(search_ms)
    baseline = percentiles(baseline_ms)
    return {
        "docs": docs,
        "load_s": round(load_s, 2),
        "build_s": round(build_s, 2),
        "index_mb": round(index_mb, 2),
        "cold_first_query_ms": round(cold_ms, 1),
        "keystrokes": len(typed),
        "queries": len(QUERIES) + 1,
        "keystroke_ms": keystroke,
        "baseline_keystroke_ms": baseline,
        "p95_vs_baseline": round(keystroke["p95"] / baseline["p95"], 2) if baseline["p95"] else None,
        "update_ms": round(update_ms, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "shipped_keystroke_ms": shipped_ms,
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000, help="items in the synthetic knowledge base")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON line and no progress")
    args = parser.parse_args()
    result = run(args.docs, args.seed, show_progress=not args.json and sys.stderr.isatty())
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
