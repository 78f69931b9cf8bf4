"""An SSH session with a pyte screen, timed the way a person would notice: key sent until the screen shows it."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

import asyncssh
import pyte

from benchmarks.terminal import ScreenText

QUERIES = ["reward model", "policy gradient", "entropy collapse", "verifier", "curriculum distil",
           "sokoban", "template", "confidence trajectory", "olympiad proof", "exploration agent"]
DEADLINE_S = 20.0


async def connect(port: int, key: asyncssh.SSHKey, user: str = "reader") -> asyncssh.SSHClientConnection:
    return await asyncssh.connect("127.0.0.1", port, username=user, client_keys=[key], known_hosts=None,
                                  agent_path=None, config=None, preferred_auth="publickey")


class ScreenClient(asyncssh.SSHClientSession[bytes]):
    """The client's terminal, kept by pyte, with a count of the bytes that reached it."""

    def __init__(self, columns: int, lines: int) -> None:
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        self._text = ScreenText(self.screen)
        self._changed = asyncio.Event()
        self.received = 0
        self.closed = asyncio.get_running_loop().create_future()

    @classmethod
    def factory(cls, columns: int = 80, lines: int = 24) -> Callable[[], ScreenClient]:
        return lambda: cls(columns, lines)

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self.received += len(data)
        self._stream.feed(data)
        self._changed.set()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)

    def text(self) -> str:
        return self._text.text()

    async def seconds_until(self, check: Callable[[str], bool], timeout: float = DEADLINE_S) -> float:
        """Seconds until the screen satisfies `check`, looking after every chunk of output."""
        started = time.perf_counter()
        while not check(self.text()):
            remaining = started + timeout - time.perf_counter()
            if remaining <= 0 or self.closed.done():
                raise TimeoutError("screen never matched; last screen:\n" + self.text())
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.2))
        return time.perf_counter() - started


class Probe:
    """One reader session at 80x24 that types the queries and times every keystroke."""

    def __init__(self, conn: asyncssh.SSHClientConnection, chan: asyncssh.SSHClientChannel[bytes],
                 screen: ScreenClient) -> None:
        self.conn = conn
        self.chan = chan
        self.screen = screen

    @classmethod
    async def open(cls, port: int, key: asyncssh.SSHKey) -> tuple[Probe, float]:
        """A new session and how long from connecting until the reader was on screen, in ms."""
        started = time.perf_counter()
        conn = await connect(port, key)
        chan, screen = await conn.create_session(ScreenClient.factory(80, 24), term_type="xterm-256color",
                                                 term_size=(80, 24), encoding=None)
        await screen.seconds_until(lambda text: "Hubs (" in text)
        return cls(conn, chan, screen), (time.perf_counter() - started) * 1000

    async def type_query(self, query: str) -> tuple[list[float], int]:
        """Open the search, type letter by letter, close it: each key's latency in ms, and the bytes received."""
        samples, before = [], self.screen.received
        self.chan.write(b"/\x15")  # '/' brings the last query back; Ctrl+U empties the box
        await self.screen.seconds_until(lambda text: "Search: words" in text)
        for end in range(1, len(query) + 1):
            self.chan.write(query[end - 1].encode())
            if query[:end].strip():
                shown = f"for “{query[:end]}”"
                samples.append(await self.screen.seconds_until(lambda text, s=shown: s in text) * 1000)
        self.chan.write(b"\x1b")
        await self.screen.seconds_until(lambda text: "for “" not in text)
        return samples, self.screen.received - before

    async def quit(self) -> None:
        self.chan.write(b"q")
        await asyncio.wait_for(self.chan.wait_closed(), DEADLINE_S)
        self.conn.close()
