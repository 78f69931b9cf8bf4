"""The attacks of issue #16 against the real servers, loopback only, each bounded in count and time.

One `serve-ssh` (started with a low open-files limit, as a crowded host would have) and one `serve-web`. A probe
session on each server types searches alone first (its baseline), then again while each attack runs. For every
attack it reports memory of the server and of the attacker's reader before, at the peak and after; whether the
probe stayed responsive (keystroke p95 under attack against its own idle p95 in the same run); whether the
attacker's reader survived; how long until the attacker's reader was gone once it left. Prints one JSON object.

Attacks: an SSH session flooding keystrokes; 2,000 env requests of 30 KB on one channel; a crowd of 300 idle
unauthenticated connections from one address, then from 30; one connection offering 300 wrong keys; a browser
tab flooding keystrokes at ~50 kB/s and then closing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

import aiohttp
import asyncssh
import pyte

from benchmarks.reader import percentiles
from benchmarks.serve_load import REPO, Server, children, smaps
from benchmarks.ssh_probe import DEADLINE_S, QUERIES, Probe, ScreenClient, connect

FLOOD_S = 10.0  # how long each keystroke flood lasts
SSH_FLOOD_BYTES = 1 << 20  # at most this much from the SSH flooder (the 150 KB killed a reader)
WEB_FLOOD_RATE = 50_000  # bytes a second from the flooding tab, as in the issue
FLOOD_KEYS = "/grpoentropy\x1b[A\x1b[B\rjk\x7f\x1b" * 8  # letters, arrows, Enter, Backspace, Esc: a bit of everything
ENV_REQUESTS, ENV_VALUE_BYTES = 2_000, 30_000
CROWD, CROWD_FILE_LIMIT = 300, 256  # idle connections against a server allowed this many open files
WRONG_KEYS = 300
RECOVERY_S = 60.0  # how long the flooder keeps trying to search once its flood is over
WEB_COLUMNS, WEB_ROWS = 80, 24


def alive(pid: int) -> bool:
    """Running and not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


async def seconds_until_gone(pid: int) -> float:
    started = time.perf_counter()
    while alive(pid) and time.perf_counter() - started < DEADLINE_S:
        await asyncio.sleep(0.02)
    return round(time.perf_counter() - started, 2)


class PeakRss:
    """Samples a process's RSS every 100 ms while an attack runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.start = self._rss()
        self.peak = self.start
        self._task = asyncio.create_task(self._watch())

    def _rss(self) -> float:
        try:
            return smaps(self.pid)["rss"]
        except (OSError, KeyError):
            return 0.0

    async def _watch(self) -> None:
        while alive(self.pid):
            self.peak = max(self.peak, self._rss())
            await asyncio.sleep(0.1)

    def stop(self) -> dict[str, float]:
        self._task.cancel()
        return {"start_mb": self.start, "peak_mb": self.peak}


class Typist(Protocol):
    async def type_query(self, query: str) -> tuple[list[float], int]: ...


async def typing_while(probe: Typist, attack: Awaitable[dict[str, Any]]) -> tuple[dict[str, Any], list[float]]:
    """The probe types searches, query after query, until the attack is over: the attack's result and the samples."""
    task = asyncio.ensure_future(attack)
    samples: list[float] = []
    queries = iter(QUERIES * 20)
    while not task.done():
        keys, _ = await probe.type_query(next(queries))
        samples += keys
    return await task, samples


def responsiveness(idle: list[float], attacked: list[float]) -> dict[str, Any]:
    idle_p, attacked_p = percentiles(idle), percentiles(attacked)
    return {"idle": idle_p, "under_attack": attacked_p, "ratio_p95": round(attacked_p["p95"] / idle_p["p95"], 2)}


# serve-ssh


async def ssh_flood(server: Server) -> dict[str, Any]:
    """An authorized session writes keystrokes as fast as its channel takes them, then tries to search normally."""
    before = set(children(server.zygote))
    attacker, _ = await Probe.open(server.port, server.key)
    (pid,) = set(children(server.zygote)) - before
    server_rss = smaps(server.process.pid)["rss"]
    watch = PeakRss(pid)
    sent, started = 0, time.perf_counter()
    chunk = FLOOD_KEYS.encode()
    while time.perf_counter() - started < FLOOD_S and sent < SSH_FLOOD_BYTES and not attacker.screen.closed.done():
        if attacker.chan.get_write_buffer_size() > 1 << 16:  # the server stopped reading: the flood is held back
            await asyncio.sleep(0.01)
            continue
        attacker.chan.write(chunk)
        sent += len(chunk)
        await asyncio.sleep(0)
    survived = alive(pid)
    recovery = await _recovery(attacker) if survived else None
    memory = watch.stop()
    survived = survived and alive(pid)
    attacker.conn.close()
    return {"bytes_written_by_client": sent, "reader_mb": memory,
            "reader_survived": survived, "search_after_flood_s": recovery,
            "reader_gone_after_disconnect_s": await seconds_until_gone(pid),
            "server_rss_mb": {"before": server_rss, "after": smaps(server.process.pid)["rss"]}}


async def _recovery(attacker: Probe) -> float | None:
    """Seconds from the end of the flood until a search typed by the same person is answered. Keys that arrive
    while the reader still works through the flood are skipped, so the person tries again every 2 s."""
    started = time.perf_counter()
    while time.perf_counter() - started < RECOVERY_S:
        attacker.chan.write(b"\x1b")
        await asyncio.sleep(0.3)  # a key right after Esc would be read as Alt+key
        attacker.chan.write(b"/\x15sokoban")  # Ctrl+U empties the box if the flood left text in it
        with contextlib.suppress(TimeoutError):
            await attacker.screen.seconds_until(lambda text: "for “sokoban”" in text, 2)
            return round(time.perf_counter() - started, 2)
    return None


async def env_flood(server: Server) -> dict[str, Any]:
    """One channel asks to set 2,000 environment variables of 30 KB each."""
    before = smaps(server.process.pid)["rss"]
    env = {f"LC_X{index}": "x" * ENV_VALUE_BYTES for index in range(ENV_REQUESTS)}
    conn = await connect(server.port, server.key)
    outcome = "session opened"
    try:
        chan, _ = await asyncio.wait_for(conn.create_session(
            ScreenClient.factory(), term_type="xterm", term_size=(80, 24), env=env, encoding=None), DEADLINE_S)
        chan.close()
    except (asyncssh.Error, OSError, TimeoutError) as exc:
        outcome = f"refused: {type(exc).__name__}"
    during = smaps(server.process.pid)["rss"]
    conn.close()
    await conn.wait_closed()
    await asyncio.sleep(1)
    return {"outcome": outcome, "server_rss_mb": {"before": before, "with_connection_open": during,
                                                  "after": smaps(server.process.pid)["rss"]}}


async def unauthenticated_crowd(server: Server, log: Path, addresses: int) -> dict[str, Any]:
    """CROWD idle TCP connections that never authenticate, from `addresses` loopback addresses other than the
    user's; meanwhile an authorized user (from 127.0.0.1) tries to log in every 0.5 s until it gets in."""
    before, lines_before = smaps(server.process.pid)["rss"], len(_lines(log))
    crowd = []
    for index in range(CROWD):
        with contextlib.suppress(OSError):
            source = f"127.0.{1 + index % addresses}.2"
            crowd.append(await asyncio.open_connection("127.0.0.1", server.port, local_addr=(source, 0)))
    await asyncio.sleep(1)
    started, attempts, authorized = time.perf_counter(), 0, None
    while authorized is None and time.perf_counter() - started < DEADLINE_S + 10:
        attempts += 1
        try:
            probe, _ = await Probe.open(server.port, server.key)
        except (asyncssh.Error, OSError, TimeoutError):
            await asyncio.sleep(0.5)
            continue
        authorized = round(time.perf_counter() - started, 2)
        await probe.quit()
    during = smaps(server.process.pid)["rss"]
    for _, writer in crowd:
        writer.close()
    await asyncio.sleep(1)
    new = _lines(log)[lines_before:]
    return {"opened": len(crowd), "from_addresses": addresses,
            "authorized_user_in_after_s": authorized, "authorized_attempts": attempts,
            "log_lines": len(new), "tracebacks": sum("Traceback" in line for line in new),
            "server_rss_mb": {"before": before, "during": during, "after": smaps(server.process.pid)["rss"]}}


async def wrong_keys(server: Server, log: Path) -> dict[str, Any]:
    """One connection offers WRONG_KEYS keys that are not authorized; then the real user logs in."""
    keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(WRONG_KEYS)]
    lines_before = len(_lines(log))
    started = time.perf_counter()
    outcome = "logged in"
    try:
        conn = await asyncio.wait_for(asyncssh.connect(
            "127.0.0.1", server.port, username="reader", client_keys=keys, known_hosts=None, agent_path=None,
            config=None, preferred_auth="publickey"), 60)
        conn.close()
    except (asyncssh.Error, OSError, TimeoutError) as exc:
        outcome = f"refused: {type(exc).__name__}"
    rejected_s = round(time.perf_counter() - started, 2)
    tried = sum("not authorized" in line for line in _lines(log)[lines_before:])
    probe, first_ms = await Probe.open(server.port, server.key)
    await probe.quit()
    return {"outcome": outcome, "keys_tried": tried, "seconds_until_dropped": rejected_s,
            "authorized_first_screen_ms_after": round(first_ms)}


def _lines(log: Path) -> list[str]:
    return log.read_text(errors="replace").splitlines()


async def ssh_attacks(content: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        server = await Server.start(tmp, content, 8, preexec=_few_files)
        log = tmp / "server.log"
        try:
            probe, _ = await Probe.open(server.port, server.key)
            idle: list[float] = []
            for query in QUERIES:
                idle += (await probe.type_query(query))[0]
            results: dict[str, Any] = {"zygote_rss_mb_before": smaps(server.zygote)["rss"]}
            attacks: dict[str, Callable[[], Awaitable[dict[str, Any]]]] = {
                "ssh_keystroke_flood": lambda: ssh_flood(server),
                "ssh_env_requests": lambda: env_flood(server),
                "ssh_unauthenticated_crowd_one_address": lambda: unauthenticated_crowd(server, log, 1),
                "ssh_unauthenticated_crowd_30_addresses": lambda: unauthenticated_crowd(server, log, 30),
                "ssh_wrong_keys": lambda: wrong_keys(server, log),
            }
            for name, attack in attacks.items():
                try:
                    result, samples = await typing_while(probe, attack())
                except (asyncssh.Error, OSError, TimeoutError) as exc:  # the probe itself was cut off
                    results[name] = {"error": f"{type(exc).__name__}: {exc}"}
                    break
                results[name] = {**result, "probe_keystroke_ms": responsiveness(idle, samples)}
            results["zygote_rss_mb_after"] = smaps(server.zygote)["rss"]
            await probe.quit()
        finally:
            results["server_exit_status"] = await server.stop()
    return results


def _few_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (CROWD_FILE_LIMIT, CROWD_FILE_LIMIT))


# serve-web


class WebTab:
    """A browser tab speaking textual-serve's protocol, with a pyte screen of what its reader drew."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.screen = pyte.Screen(WEB_COLUMNS, WEB_ROWS)
        self._stream = pyte.ByteStream(self.screen)

    async def until(self, text: str, timeout: float = DEADLINE_S, *, gone: bool = False) -> float:
        """Seconds until `text` is on the screen (or, with `gone`, no longer is)."""
        started = time.perf_counter()
        while (text in "\n".join(self.screen.display)) == gone:
            remaining = started + timeout - time.perf_counter()
            try:
                message = await asyncio.wait_for(self.websocket.receive(), max(0.0, remaining))
            except TimeoutError:
                raise TimeoutError(f"never saw {text!r}; last screen:\n" + "\n".join(self.screen.display)) from None
            if message.type is aiohttp.WSMsgType.BINARY:
                self._stream.feed(message.data)
            elif message.type is not aiohttp.WSMsgType.TEXT:
                raise TimeoutError(f"the session ended: {message.type}")
        return time.perf_counter() - started

    async def type_query(self, query: str) -> list[float]:
        samples = []
        await self.websocket.send_json(["stdin", "/\x15"])  # '/' brings the last query back; Ctrl+U empties the box
        await self.until("Search: words")
        for end in range(1, len(query) + 1):
            await self.websocket.send_json(["stdin", query[end - 1]])
            if query[:end].strip():
                samples.append(await self.until(f"for “{query[:end]}”") * 1000)
        await self.websocket.send_json(["stdin", "\x1b"])
        await self.until("for “", gone=True)  # a key sent right after Esc would be read as Alt+key
        return samples

    async def drain(self, seconds: float) -> None:
        """Read what arrives for a while, so the server never waits on this tab."""
        end = time.perf_counter() + seconds
        with contextlib.suppress(TimeoutError):
            while (left := end - time.perf_counter()) > 0:
                message = await asyncio.wait_for(self.websocket.receive(), left)
                if message.type is aiohttp.WSMsgType.BINARY:
                    self._stream.feed(message.data)
                elif message.type is not aiohttp.WSMsgType.TEXT:
                    return


async def web_attacks(content: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "HUBREADER_CACHE": str(Path(folder) / "cache")}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tui", *(["--content", content] if content else []), "serve-web", "--port", "0",
            cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
        assert process.stdout is not None
        try:
            url = ""
            while not url:
                line = (await asyncio.wait_for(process.stdout.readline(), 120)).decode()
                if " at http" in line:
                    url = line.split(" at ")[1].split()[0]
            async with aiohttp.ClientSession() as client:
                return await _web_flood(client, url, process.pid)
        finally:
            process.terminate()
            await process.wait()


async def _open_tab(client: aiohttp.ClientSession, url: str, server: int) -> tuple[WebTab, int]:
    before = set(children(server))
    tab = WebTab(await client.ws_connect(f"{url}/ws?width={WEB_COLUMNS}&height={WEB_ROWS}"))
    await tab.until("Hubs (")
    (pid,) = set(children(server)) - before
    return tab, pid


async def _web_flood(client: aiohttp.ClientSession, url: str, server: int) -> dict[str, Any]:
    probe, _ = await _open_tab(client, url, server)
    idle: list[float] = []
    for query in QUERIES:
        idle += await probe.type_query(query)
    attacker, pid = await _open_tab(client, url, server)
    server_rss = smaps(server)["rss"]
    watch = PeakRss(pid)

    async def flood() -> dict[str, Any]:
        sent, started = 0, time.perf_counter()
        while time.perf_counter() - started < FLOOD_S and alive(pid):
            await attacker.websocket.send_json(["stdin", FLOOD_KEYS * 4])
            sent += len(FLOOD_KEYS) * 4
            await attacker.drain(max(0.0, started + sent / WEB_FLOOD_RATE - time.perf_counter()))
        survived = alive(pid)
        closed = time.perf_counter()
        await attacker.websocket.close()
        gone = await seconds_until_gone(pid)
        return {"bytes_sent": sent, "reader_survived_flood": survived, "reader_mb": watch.stop(),
                "reader_gone_after_close_s": gone, "closed_at": closed}

    result, samples = await typing_while(_TabProbe(probe), flood())
    result.pop("closed_at")
    return {"web_keystroke_flood": {**result, "server_rss_mb": {"before": server_rss, "after": smaps(server)["rss"]},
                                    "probe_keystroke_ms": responsiveness(idle, samples)}}


class _TabProbe:
    """The web probe with the SSH probe's `type_query` signature, for `typing_while`."""

    def __init__(self, tab: WebTab) -> None:
        self.tab = tab

    async def type_query(self, query: str) -> tuple[list[float], int]:
        return await self.tab.type_query(query), 0


async def run(content: str | None, which: str) -> dict[str, Any]:
    results: dict[str, Any] = {"flood_seconds": FLOOD_S}
    if which in ("all", "ssh"):
        results.update(await ssh_attacks(content))
    if which in ("all", "web"):
        results.update(await web_attacks(content))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", help="knowledge base folder (default: the shipped one)")
    parser.add_argument("--only", choices=("all", "ssh", "web"), default="all", help="which server to attack")
    parser.add_argument("--json", action="store_true", help="one line of JSON instead of an indented object")
    args = parser.parse_args()
    results = asyncio.run(run(args.content, args.only))
    print(json.dumps(results) if args.json else json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
