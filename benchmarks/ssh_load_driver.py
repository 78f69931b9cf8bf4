"""Load for serve_load: N SSH sessions typing searches at a person's pace, in a process of their own.

No terminal emulator here (pyte for 20 sessions would eat a core the server needs): a session's progress is read
off the raw output, where the reader paints the status line `N for “query”` as one run of text.
Talks to serve_load on stdout: `ready` once every session shows the reader, `peak` after --seconds of typing
(then waits for a line on stdin, so memory can be measured at the peak), and finally one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time

import asyncssh

from benchmarks.ssh_probe import QUERIES, connect

PACE_S = 0.2  # between keys: about 60 words a minute
READ_S = 1.0  # looking at the results before the next search
ANSWER_S = 10.0  # a query not answered within this is an error
TAIL = 1 << 16


class CountingClient(asyncssh.SSHClientSession[bytes]):
    """Counts the bytes and keeps the recent output, to see whether a search was answered."""

    def __init__(self) -> None:
        self.received = 0
        self.tail = b""
        self.changed = asyncio.Event()
        self.closed = False

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self.received += len(data)
        self.tail = (self.tail + data)[-TAIL:]
        self.changed.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.changed.set()

    async def wait_for(self, marker: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.tail:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.closed:
                raise TimeoutError(f"never saw {marker.decode()!r}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)


class LoadSession:
    """One person: connects, then searches until told to stop, then quits the reader."""

    def __init__(self, port: int, key: asyncssh.SSHKey, offset: int) -> None:
        self.port = port
        self.key = key
        self.offset = offset
        self.errors: list[str] = []
        self.keys = 0
        self.answered = 0
        self.first_screen_ms = 0.0
        self.client: CountingClient | None = None
        self.chan: asyncssh.SSHClientChannel[bytes] | None = None
        self.conn: asyncssh.SSHClientConnection | None = None

    async def open(self) -> None:
        started = time.perf_counter()
        self.conn = await connect(self.port, self.key)
        self.chan, self.client = await self.conn.create_session(
            CountingClient, term_type="xterm-256color", term_size=(80, 24), encoding=None)
        await self.client.wait_for(b"Hubs (", ANSWER_S)
        self.first_screen_ms = (time.perf_counter() - started) * 1000

    async def search_until(self, stop: asyncio.Event) -> None:
        turn = self.offset
        while not stop.is_set():
            await self._search(QUERIES[turn % len(QUERIES)])
            turn += 1

    async def _search(self, query: str) -> None:
        assert self.chan is not None and self.client is not None
        self.chan.write(b"/")
        for char in query:
            await asyncio.sleep(PACE_S)
            self.chan.write(char.encode())
            self.keys += 1
        try:
            await self.client.wait_for(f"for “{query}”".encode(), ANSWER_S)
            self.answered += 1
        except TimeoutError as exc:
            self.errors.append(f"{query}: {exc}")
        await asyncio.sleep(READ_S)
        self.chan.write(b"\x1b")
        await asyncio.sleep(PACE_S)

    async def quit(self) -> None:
        """q must end the reader with status 0; anything else is an error."""
        assert self.chan is not None and self.conn is not None
        self.chan.write(b"q")
        try:
            await asyncio.wait_for(self.chan.wait_closed(), ANSWER_S)
            if self.chan.get_exit_status() != 0:
                self.errors.append(f"exit status {self.chan.get_exit_status()}")
        except TimeoutError:
            self.errors.append("did not quit")
        self.conn.close()


async def drive(port: int, key: asyncssh.SSHKey, sessions: int, seconds: float) -> dict[str, object]:
    people = [LoadSession(port, key, offset) for offset in range(sessions)]
    results = await asyncio.gather(*(person.open() for person in people), return_exceptions=True)
    opened = [person for person, result in zip(people, results, strict=True) if result is None]
    errors = [f"open: {result!r}" for result in results if result is not None]
    _say("ready")
    stop = asyncio.Event()
    typing = [asyncio.create_task(person.search_until(stop)) for person in opened]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*typing)
    _say("peak")
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    await asyncio.gather(*(person.quit() for person in opened))
    errors += [error for person in opened for error in person.errors]
    return {
        "sessions": len(opened),
        "first_screen_ms": sorted(round(person.first_screen_ms, 1) for person in opened),
        "keys": sum(person.keys for person in opened),
        "searches_answered": sum(person.answered for person in opened),
        "bytes": sum(person.client.received for person in opened if person.client),
        "errors": errors,
    }


def _say(line: str) -> None:
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True, help="client private key file")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    key = asyncssh.read_private_key(args.key)
    _say(json.dumps(asyncio.run(drive(args.port, key, args.sessions, args.seconds))))


if __name__ == "__main__":
    main()
