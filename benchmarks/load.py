"""Load-and-validate time for a generated 10,000-item base and the shipped one, as JSON."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.synth import generate
from tui.cli.content import shipped_content
from tui.model import load_knowledge_base


def time_load(root: Path, repeats: int) -> dict[str, float | int]:
    """Median and best of several loads, so one noisy run does not decide."""
    seconds = []
    items = 0
    for _ in range(repeats):
        start = time.perf_counter()
        kb = load_knowledge_base(root)
        seconds.append(time.perf_counter() - start)
        items = len(kb)
    return {"items": items, "median_s": round(statistics.median(seconds), 4), "best_s": round(min(seconds), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), args.docs)
        synthetic = time_load(Path(tmp), args.repeats)
    result = {
        "c_yaml_loader": bool(getattr(yaml, "__with_libyaml__", False)),
        "synthetic": synthetic,
        "shipped": time_load(shipped_content(), args.repeats * 3),
        "targets_s": {"synthetic_10k": 1.5, "shipped": 0.1},
    }
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
