"""Shared by the serve-ssh tests: real keys, a server on a loopback port, and an SSH client with a pyte screen."""

from __future__ import annotations

import asyncio
import json
import math
import os
import sys
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from benchmarks import ssh_probe as probe
from tests.conftest import FIXTURE_KB, REPO
from tui.index import SearchIndex
from tui.model import load_knowledge_base
from tui.serve.child import Limits, Prepared, run_reader
from tui.serve.ssh_keys import AuthorizedKeys
from tui.serve.ssh_server import ReaderSshServer, ServerConfig
from tui.serve.ssh_session import SessionRules
from tui.serve.zygote import DEFAULT_ENTRY

DEADLINE_S = 15.0
PROBE = "tests.test_serve_ssh_support:probe_then_read"

# `hubreader serve-ssh` as its own process, through the real CLI entry point.
SERVE_SSH = [sys.executable, "-m", "tui"]


@dataclass(frozen=True)
class Keys:
    """A host key, one authorized client key, one key nobody authorized, and the authorized_keys file."""

    host: asyncssh.SSHKey
    client: asyncssh.SSHKey
    stranger: asyncssh.SSHKey
    authorized: Path

    def add_authorized(self, key: asyncssh.SSHKey) -> None:
        with self.authorized.open("ab") as out:
            out.write(key.export_public_key())


def make_keys(folder: Path) -> Keys:
    folder.mkdir(parents=True, exist_ok=True)
    host, client, stranger = (asyncssh.generate_private_key("ssh-ed25519") for _ in range(3))
    authorized = folder / "authorized_keys"
    authorized.write_bytes(client.export_public_key())
    return Keys(host, client, stranger, authorized)


@asynccontextmanager
async def serving(argv: list[str], env: dict[str, str]) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """The server as a process; yields it with its start-up output once it listens."""
    process = await asyncio.create_subprocess_exec(*argv, env=env, cwd=REPO, stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.PIPE)
    assert process.stdout is not None
    banner = line = ""
    try:
        while not line.startswith("hubreader: serving "):
            line = (await asyncio.wait_for(process.stdout.readline(), DEADLINE_S)).decode()
            assert line, f"server exited early: {banner}"
            banner += line
        yield process, banner
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def build_index(cache: Path) -> None:
    """What `serve-ssh` does before listening, so sessions find the index ready."""
    SearchIndex.open(load_knowledge_base(FIXTURE_KB), cache).close()


async def start_server(folder: Path, keys: Keys, *, entry: str = DEFAULT_ENTRY, max_sessions: int = 8,
                       per_key: int = 4, idle: float = 600.0, max_time: float = 600.0) -> ReaderSshServer:
    cache = folder / "cache"
    build_index(cache)
    config = ServerConfig(
        host="127.0.0.1", port=0, host_key=keys.host, authorized=AuthorizedKeys(keys.authorized), content=FIXTURE_KB,
        cache_dir=cache, max_sessions=max_sessions, max_sessions_per_key=per_key,
        rules=SessionRules(idle, max_time, Limits(math.ceil(max_time), 512 << 20)), entry=entry,
    )
    return await ReaderSshServer.start(config)


class ScreenClient(probe.ScreenClient):
    """What the client's terminal would show; a screen that never comes fails the test with the last screen."""

    async def wait_for(self, expected: str | Callable[[str], bool], timeout: float = DEADLINE_S) -> str:
        check = expected if callable(expected) else (lambda text: expected in text)
        try:
            await self.seconds_until(check, timeout)
        except TimeoutError as exc:
            raise AssertionError(f"screen never showed {expected!r}; {exc}") from None
        return self.text()


connect = probe.connect
Channel = asyncssh.SSHClientChannel[bytes]


async def open_screen(conn: asyncssh.SSHClientConnection, columns: int = 80, lines: int = 24,
                      env: Mapping[str, str] | None = None) -> tuple[Channel, ScreenClient]:
    return await conn.create_session(ScreenClient.factory(columns, lines), term_type="xterm-256color",
                                     term_size=(columns, lines), env=dict(env or {}), encoding=None)


async def open_reader(conn: asyncssh.SSHClientConnection, server: ReaderSshServer, known: set[int],
                      env: Mapping[str, str] | None = None) -> tuple[Channel, ScreenClient, int]:
    """A session once it shows the reader, with the pid of the reader process behind it."""
    chan, screen = await open_screen(conn, env=env)
    await screen.wait_for("Hubs (")
    return chan, screen, new_pid(server, known)


def new_pid(server: ReaderSshServer, known: set[int]) -> int:
    """The reader started since `known` was taken (tests open sessions one at a time)."""
    pids = {session.pid for session in server.sessions if session.pid is not None} - known
    assert len(pids) == 1, f"expected one new session, got {pids}"
    return pids.pop()


def live_pids(server: ReaderSshServer) -> set[int]:
    return {session.pid for session in server.sessions if session.pid is not None}


def exists(pid: int) -> bool:
    """Alive or a zombie not yet reaped: either way, still there."""
    return Path(f"/proc/{pid}").exists()


async def gone(pid: int, timeout: float = DEADLINE_S) -> bool:
    deadline = time.monotonic() + timeout
    while exists(pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return not exists(pid)


def probe_then_read(prepared: Prepared, environ: Mapping[str, str], started: Callable[[], None]) -> int:
    """A session entry for tests: record the child's real environment, then do what LC_TEST asks or read."""
    dump = prepared.cache_dir / f"env-{os.getpid()}.json"
    dump.write_text(json.dumps(dict(os.environ)), encoding="utf-8")
    parsed = prepared.cache_dir / f"css-{os.getpid()}"
    parsed.write_text(str(len(prepared.css) if prepared.css is not None else -1), encoding="utf-8")
    if environ.get("LC_TEST") == "crash":
        raise RuntimeError("a bug in the reader")
    if environ.get("LC_TEST") == "exit":
        return 3
    return run_reader(prepared, environ, started)
