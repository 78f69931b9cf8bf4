"""Reader numbers on a real pty, each against a bare Textual app measured in the same run.

- first paint: process start until the tree is on screen (hubreader on the shipped base vs a bare app);
- first readable item: process start until the text of the item the reader opens at start is on screen (the main
  hub: the run's own state folder holds nothing else), against the same bare app's first paint;
- keystroke to results: a key sent until the results status for that exact query is painted, 10,000 items
  (hubreader vs a bare Input-filters-OptionList app over the same titles);
- memory: hubreader's RSS with 10,000 items after the typing.

Both programs run from compiled bytecode, as an installed program does: the project is byte-compiled once,
untimed, first (Textual's bytecode came with its wheel; without this, PYTHONDONTWRITEBYTECODE=1 would make
only hubreader recompile its own modules on every start). hubreader's first start in a run has none of its
caches yet (the parsed knowledge base and CSS): it is timed too, reported on its own, and left running for a
second, as a person's first start would be, so it writes them.
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
from tui.cli.content import shipped_content
from tui.model import Kind, load_knowledge_base

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


def first_paint(
    argv: list[str], marker: str, env: dict[str, str], readable: str | None = None, linger: float = 0.0
) -> tuple[float, float]:
    """Milliseconds from process start until `marker` is on screen, then until `readable` is (the same without);
    `linger` keeps the program running after that, as a first start goes on to write its caches."""
    with PtyScreen(argv, 120, 40, env) as screen:
        painted = screen.wait_since_start(lambda text: marker in text) * 1000
        shown = painted if readable is None else screen.wait_since_start(lambda text: readable in text) * 1000
        screen.linger(linger)
    return painted, shown


def opening_words() -> str:
    """The first words of the item the reader opens with no saved state (the first hub), as they start a line."""
    kb = load_knowledge_base(shipped_content())
    first = next(iter(kb.of_kind(Kind.HUB) or kb))
    paragraph = next(p.text for section in first.body.sections for p in section.paragraphs)
    return " ".join(paragraph.split()[:4])


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


def start_up(python: str, env: dict[str, str], cache: dict[str, str], runs: int) -> dict[str, object]:
    """First paint and first readable item on the shipped base, each start followed by a bare app's."""
    readable = opening_words()
    cold, _ = first_paint([python, "-m", "tui"], "Hubs (", cache, linger=1.0)
    ours, read, bare = [], [], []
    for _ in range(runs):  # interleaved, so a burst of load elsewhere hits both alike
        painted, shown = first_paint([python, "-m", "tui"], "Hubs (", cache, readable)
        ours.append(painted)
        read.append(shown)
        bare.append(first_paint([python, "-m", "benchmarks.bare_app", "tree"], "Hubs (1)", env)[0])
    floor = statistics.median(bare)
    return {
        "first_paint_ms": {"hubreader": percentiles(ours), "bare_textual": percentiles(bare),
                           "ratio_p50": round(statistics.median(ours) / floor, 2),
                           "hubreader_first_start": round(cold, 1)},
        "first_readable_ms": {"hubreader": percentiles(read), "marker": readable,
                              "ratio_p50_to_bare_first_paint": round(statistics.median(read) / floor, 2)},
    }


def typing(python: str, env: dict[str, str], cache: dict[str, str], tmp: Path, docs: int) -> dict[str, object]:
    """Keystroke to results and memory with `docs` generated items, against the bare filter app."""
    content = tmp / "kb"
    items = generate(content, docs)
    titles = tmp / "titles.txt"
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
    return {
        "docs": docs,
        "keystroke_ms": {"hubreader": percentiles(keystrokes), "bare_filter": percentiles(bare_keys),
                         "ratio_p95": round(percentiles(keystrokes)["p95"] / percentiles(bare_keys)["p95"], 2)},
        "rss_mb_10k": round(memory, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--start-only", action="store_true", help="only first paint and first readable item")
    args = parser.parse_args()
    python = sys.executable
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[1]), "TEXTUAL_ANIMATIONS": "none"}
    byte_compile()
    with tempfile.TemporaryDirectory() as tmp:
        cache = {**env, "HUBREADER_CACHE": str(Path(tmp) / "cache"), "XDG_STATE_HOME": str(Path(tmp) / "state")}
        result = start_up(python, env, cache, args.runs)
        if not args.start_only:
            result |= typing(python, env, cache, Path(tmp), args.docs)
    result["load_average"] = [round(load, 2) for load in os.getloadavg()]
    result["targets"] = {"first_paint_ratio": 1.3, "first_readable_ratio": 1.3, "keystroke_p95_ms": 100,
                         "keystroke_ratio": 1.5, "rss_mb": 150}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
