"""serve-ssh under load, loopback only and bounded: N sessions typing searches while a probe times keystrokes.

One server process (the real CLI) for the whole run:
1. idle: connect to first screen, a few times; then the probe types every query, three times over (keystroke-to-
   screen, bytes per typed character at 80x24); server and zygote memory;
2. load: N sessions in a separate process type searches at a person's pace (benchmarks/ssh_load_driver.py) for
   --seconds; meanwhile the probe connects a few times (first screen under load), then types the same queries
   again; at the peak, every reader's USS and PSS;
3. after: the load sessions quit; every reader is reaped; server and zygote memory again.
Prints one JSON object. Targets (issue #6): latency under load <= 1.5x idle, per-session memory <= 40 MB,
connect to first screen <= 1 s, memory back to its starting level.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh

from benchmarks.reader import percentiles
from benchmarks.ssh_probe import DEADLINE_S, QUERIES, Probe

REPO = Path(__file__).resolve().parents[1]
SERVE_SSH = [sys.executable, "-m", "tui"]
CONNECTS = 5
IDLE_ROUNDS = 3  # the idle baseline types every query this many times: its p95 needs more than ~130 samples


def smaps(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private clean + dirty) in MiB, from /proc/PID/smaps_rollup."""
    fields: dict[str, int] = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return {"rss": round(fields["Rss"] / 1024, 1), "pss": round(fields["Pss"] / 1024, 1), "uss": round(uss / 1024, 1)}


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listing:
        return [int(child) for child in listing.read().split()]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """`hubreader serve-ssh` as a process on a free loopback port, with one authorized key."""

    def __init__(self, process: asyncio.subprocess.Process, port: int, key: asyncssh.SSHKey, key_file: Path) -> None:
        self.process = process
        self.port = port
        self.key = key
        self.key_file = key_file

    @classmethod
    async def start(cls, tmp: Path, content: str | None, sessions: int,
                    preexec: Callable[[], None] | None = None) -> Server:
        key = asyncssh.generate_private_key("ssh-ed25519")
        key_file = tmp / "client_key"
        key_file.write_bytes(key.export_private_key())
        (tmp / "authorized_keys").write_bytes(key.export_public_key())
        allowed = str(sessions + 5)
        argv = [*SERVE_SSH, *(["--content", content] if content else []), "serve-ssh", "--port", "0",
                "--host-key", str(tmp / "host_key"), "--authorized-keys", str(tmp / "authorized_keys"),
                "--max-sessions", allowed, "--max-sessions-per-key", allowed]
        log = (tmp / "server.log").open("wb")
        process = await asyncio.create_subprocess_exec(
            *argv, cwd=REPO, stdout=asyncio.subprocess.PIPE, stderr=log, preexec_fn=preexec,
            env={**os.environ, "HUBREADER_CACHE": str(tmp / "cache")})
        assert process.stdout is not None
        line = ""
        while not line.startswith("hubreader: serving "):
            line = (await asyncio.wait_for(process.stdout.readline(), 120)).decode()
            if not line:
                raise RuntimeError(f"serve-ssh did not start: {(tmp / 'server.log').read_text()}")
        return cls(process, int(line.split(":")[2].split(";")[0]), key, key_file)

    @property
    def zygote(self) -> int:
        return children(self.process.pid)[0]

    def memory(self) -> dict[str, dict[str, float]]:
        return {"server": smaps(self.process.pid), "zygote": smaps(self.zygote)}

    async def readers_gone(self) -> float:
        """Seconds until the zygote has no children left."""
        started = time.perf_counter()
        while children(self.zygote) and time.perf_counter() - started < DEADLINE_S:
            await asyncio.sleep(0.05)
        return time.perf_counter() - started

    async def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return await asyncio.wait_for(self.process.wait(), DEADLINE_S)


@dataclass
class Typing:
    """What the probe measured while typing: latency per key (ms), characters typed, bytes received."""

    samples: list[float] = field(default_factory=list)
    chars: int = 0
    received: int = 0

    async def type(self, probe: Probe, query: str) -> None:
        samples, received = await probe.type_query(query)
        self.samples += samples
        self.chars += len(query)
        self.received += received


@dataclass
class Phase:
    typing: Typing
    first_screen_ms: list[float]
    driver: dict[str, Any] = field(default_factory=dict)
    readers: list[dict[str, float]] = field(default_factory=list)
    cpu_s: dict[str, float] = field(default_factory=dict)  # who used the machine's CPU meanwhile
    seconds: float = 0.0


async def connect_times(server: Server) -> list[float]:
    """Connect, wait for the reader's first screen, quit: a few times, in ms."""
    times = []
    for _ in range(CONNECTS):
        probe, first_ms = await Probe.open(server.port, server.key)
        times.append(first_ms)
        await probe.quit()
    return times


async def idle_phase(server: Server) -> Phase:
    """Connect and quit a few times, then type every query IDLE_ROUNDS times, alone on the server."""
    first_screens = await connect_times(server)
    await server.readers_gone()
    probe, _ = await Probe.open(server.port, server.key)
    reader = children(server.zygote)[0]
    cpu_before = cpu_seconds(reader)
    typing = Typing()
    for query in QUERIES * IDLE_ROUNDS:
        await typing.type(probe, query)
    phase = Phase(typing, first_screens, cpu_s={"probe_reader": round(cpu_seconds(reader) - cpu_before, 2)})
    await probe.quit()
    await server.readers_gone()
    return phase


async def load_phase(server: Server, sessions: int, seconds: float) -> Phase:
    """The same probe typing while the load driver's sessions type too; the readers' memory at the peak."""
    driver = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.ssh_load_driver", "--port", str(server.port), "--key",
        str(server.key_file), "--sessions", str(sessions), "--seconds", str(seconds), cwd=REPO,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    assert driver.stdin is not None and driver.stdout is not None
    await _expect(driver.stdout, "ready", 120)
    cpu_before = {"server": cpu_seconds(server.process.pid), "load_driver": cpu_seconds(driver.pid),
                  "readers": sum(cpu_seconds(pid) for pid in children(server.zygote)), "probe": time.process_time()}
    started = time.monotonic()
    first_screens = await connect_times(server)
    probe, _ = await Probe.open(server.port, server.key)
    typing = Typing()
    for query in itertools.cycle(QUERIES):
        if time.monotonic() - started >= seconds:
            break
        await typing.type(probe, query)
    await probe.quit()
    await _expect(driver.stdout, "peak", seconds + 60)
    readers = children(server.zygote)
    cpu_after = {"server": cpu_seconds(server.process.pid), "load_driver": cpu_seconds(driver.pid),
                 "readers": sum(cpu_seconds(pid) for pid in readers), "probe": time.process_time()}
    phase = Phase(typing, first_screens, seconds=round(time.monotonic() - started, 1),
                  cpu_s={name: round(cpu_after[name] - cpu_before[name], 1) for name in cpu_before},
                  readers=[smaps(pid) for pid in readers])
    driver.stdin.write(b"quit\n")
    await driver.stdin.drain()
    phase.driver = json.loads(await asyncio.wait_for(driver.stdout.readline(), 60))
    await driver.wait()
    return phase


async def _expect(stream: asyncio.StreamReader, word: str, timeout: float) -> None:
    line = (await asyncio.wait_for(stream.readline(), timeout)).decode().strip()
    if line != word:
        raise RuntimeError(f"load driver said {line!r}, expected {word!r}")


async def run(sessions: int, seconds: float, content: str | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        server = await Server.start(Path(folder), content, sessions)
        try:
            idle = await idle_phase(server)
            before = server.memory()
            load = await load_phase(server, sessions, seconds)
            reaped_s = await server.readers_gone()
            after = server.memory()
        finally:
            status = await server.stop()
    return {
        "sessions": sessions,
        "seconds": load.seconds,
        "errors": load.driver["errors"],
        "load": {key: load.driver[key] for key in ("sessions", "keys", "searches_answered", "bytes")},
        "probe_keystroke_ms": _ratio(percentiles(idle.typing.samples), percentiles(load.typing.samples)),
        "connect_to_first_screen_ms": {"idle": percentiles(idle.first_screen_ms),
                                       "probe_under_load": percentiles(load.first_screen_ms),
                                       "load_sessions_all_at_once": percentiles(load.driver["first_screen_ms"])},
        "per_session_mb": {stat: {"median": round(statistics.median(r[stat] for r in load.readers), 1),
                                  "max": max(r[stat] for r in load.readers)} for stat in ("uss", "pss", "rss")},
        "readers_measured": len(load.readers),
        "server_mb": {"before": before, "after": after, **_deltas(before, after)},
        "cpu_s_during_load": {**load.cpu_s, "machine_capacity": round(load.seconds * (os.cpu_count() or 1), 1)},
        "reader_cpu_ms_per_typed_char": round(1000 * idle.cpu_s["probe_reader"] / idle.typing.chars, 1),
        "readers_reaped_after_s": round(reaped_s, 2),
        "bytes_per_typed_char_80x24": round(idle.typing.received / idle.typing.chars),
        "server_exit_status": status,
        "targets": {"keystroke_ratio": 1.5, "per_session_mb": 40, "first_screen_ms": 1000},
    }


def _ratio(idle: dict[str, float], loaded: dict[str, float]) -> dict[str, object]:
    return {"idle": idle, "under_load": loaded, "ratio_p50": round(loaded["p50"] / idle["p50"], 2),
            "ratio_p95": round(loaded["p95"] / idle["p95"], 2)}


def _deltas(before: dict[str, dict[str, float]], after: dict[str, dict[str, float]]) -> dict[str, float]:
    return {f"{name}_{stat}_delta": round(after[name][stat] - before[name][stat], 1)
            for name in ("server", "zygote") for stat in ("rss", "uss")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent load sessions (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long they type (default 60)")
    parser.add_argument("--content", help="knowledge base folder (default: the shipped one)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.sessions, args.seconds, args.content)), indent=2))


if __name__ == "__main__":
    main()
