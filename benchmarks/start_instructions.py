"""Instructions a start executes up to its first screen, hubreader against the bare Textual app, under valgrind.

benchmarks/reader.py times the real thing on a pty, and its ratio moves by a tenth between runs on a busy
machine. This counts instructions instead, which repeat to within 0.01% run to run, so a change to start-up can
be judged by one run of each side. Instructions are not time (waits and cache misses do not count), so the ratio
guides such comparisons and is not the start target, which benchmarks/reader.py measures. Both apps start headless
at 120x40 from compiled bytecode with a fixed hash seed and exit as soon as their first screen is painted
(benchmarks/first_screen.py). hubreader starts twice uncounted first, so its caches (parsed base and CSS) are
written, as a person's second start finds them.

Needs valgrind (`apt-get install valgrind`); prints JSON.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNT = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(which: str, env: dict[str, str]) -> int:
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               sys.executable, "-m", "benchmarks.first_screen", which]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    found = COUNT.search(done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind: apt-get install valgrind")
    for package in ("tui", "benchmarks"):
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0", "HUBREADER_CACHE": f"{tmp}/cache",
               "XDG_STATE_HOME": f"{tmp}/state", "TEXTUAL_ANIMATIONS": "none"}
        for _ in range(2):  # writes the caches a second start finds
            subprocess.run([sys.executable, "-m", "benchmarks.first_screen", "reader"], env=env, cwd=ROOT, check=True)
        ours, bare = instructions("reader", env), instructions("bare", env)
    print(json.dumps({"instructions_to_first_screen": {"hubreader": ours, "bare_textual": bare},
                      "ratio": round(ours / bare, 3)}, indent=2))


if __name__ == "__main__":
    main()
