"""Reader numbers on a real pty, each against a bare Textual app measured in the same run.

- first paint: process start until the tree is on screen (hubreader on the shipped base vs a bare app);
- keystroke to results: a key sent until the results status for that exact query is painted, 10,000 items
  (hubreader vs a bare Input-filters-OptionList app over the same titles);
- memory: hubreader's RSS with 10,000 items after the typing.

Both programs run from compiled bytecode, as an installed program does: the project is byte-compiled once,
untimed, first (Textual's bytecode came with its wheel; without this, PYTHONDONTWRITEBYTECODE=1 would make
only hubreader recompile its own modules on every start). hubreader's first start in a run has no knowledge
base cache yet: it is timed too and reported on its own.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.synth import generate
from benchmarks.terminal import PtyScreen, rss_mb

QUERIES = ["reward model", "policy gradient", "entropy collapse", "verifier", "curriculum distil",
           "sokoban", "template", "confidence trajectory", "olympiad proof", "exploration agent"]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max": round(ordered[-1], 1),
        "n": len(ordered),
    }


def byte_compile() -> None:
    """Compile the project's modules (untimed), so each start reads bytecode rather than compiling source."""
    root = Path(__file__).resolve().parents[1]
    for package in ("tui", "benchmarks"):
        compileall.compile_dir(root / package, quiet=1)


def first_paint(argv: list[str], marker: str, env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with PtyScreen(argv, 120, 40, env) as screen:
            times.append(screen.wait_for(lambda text: marker in text) * 1000)
    return times


def type_queries(screen: PtyScreen, open_key: str) -> list[float]:
    """Type every query letter by letter; time until the status line for the full query so far is painted."""
    samples = []
    for query in QUERIES:
        screen.send(open_key)
        typed = ""
        for char in query:
            typed += char
            screen.send(char)
            if typed.strip():
                expected = f"for “{typed}”"
                samples.append(screen.wait_for(lambda text, e=expected: e in text) * 1000)
        screen.send("\x15")  # Ctrl+U empties the box in both apps
        screen.wait_for(lambda text, q=query: f"for “{q}”" not in text)
        if open_key:
            screen.send("\x1b")  # Esc closes hubreader's search; wait for the box to go before the next '/'
            screen.wait_for(lambda text: "Search: words" not in text)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    python = sys.executable
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[1]), "TEXTUAL_ANIMATIONS": "none"}
    byte_compile()
    with tempfile.TemporaryDirectory() as tmp:
        cache = {**env, "HUBREADER_CACHE": str(Path(tmp) / "cache"), "XDG_STATE_HOME": str(Path(tmp) / "state")}
        cold = first_paint([python, "-m", "tui"], "Hubs (", cache, 1)
        ours, bare = [], []
        for _ in range(args.runs):  # interleaved, so a burst of load elsewhere hits both alike
            ours += first_paint([python, "-m", "tui"], "Hubs (", cache, 1)
            bare += first_paint([python, "-m", "benchmarks.bare_app", "tree"], "Hubs (1)", env, 1)
        content = Path(tmp) / "kb"
        items = generate(content, args.docs)
        titles = Path(tmp) / "titles.txt"
        titles.write_text("\n".join(title for _, _, title in items), encoding="utf-8")
        subprocess.run([python, "-m", "tui", "--content", str(content), "index"], env={**os.environ, **cache},
                       capture_output=True, check=True)  # built once, untimed
        with PtyScreen([python, "-m", "tui", "--content", str(content)], 120, 40, cache) as reader:
            reader.wait_for(lambda text: "Notes (" in text)
            keystrokes = type_queries(reader, "/")
            memory = rss_mb(reader.process.pid)
        with PtyScreen([python, "-m", "benchmarks.bare_app", "filter", str(titles)], 120, 40, env) as baseline:
            baseline.wait_for(lambda text: "filter" in text)
            bare_keys = type_queries(baseline, "")
    result = {
        "docs": args.docs,
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "first_paint_ms": {"hubreader": percentiles(ours), "bare_textual": percentiles(bare),
                           "ratio_p50": round(statistics.median(ours) / statistics.median(bare), 2),
                           "hubreader_without_kb_cache": round(cold[0], 1)},
        "keystroke_ms": {"hubreader": percentiles(keystrokes), "bare_filter": percentiles(bare_keys),
                         "ratio_p95": round(percentiles(keystrokes)["p95"] / percentiles(bare_keys)["p95"], 2)},
        "rss_mb_10k": round(memory, 1),
        "targets": {"first_paint_ratio": 1.3, "keystroke_p95_ms": 100, "keystroke_ratio": 1.5, "rss_mb": 150},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
