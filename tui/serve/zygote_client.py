"""The server's side of the zygote: start it, ask it for readers on ptys, signal them, learn how they ended."""

from __future__ import annotations

import asyncio
import collections
import itertools
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

from tui.serve.child import Limits
from tui.serve.zygote import DEFAULT_ENTRY, MAX_MESSAGE, Message, decode, encode

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
# The server's own variables that make no sense to Textual in a hosted session (screenshots, devtools, ...).
HIDDEN_PREFIXES = ("TEXTUAL",)


class ZygoteGone(Exception):
    """The zygote exited or never started; no new session can be served."""


class ZygoteClient:
    """One zygote process and the socket to it; every call is made from the event loop."""

    def __init__(self, process: asyncio.subprocess.Process, sock: socket.socket) -> None:
        self.process = process
        self._sock = sock
        self._loop = asyncio.get_running_loop()
        self._ids = itertools.count(1)
        self._outbox: collections.deque[tuple[bytes, list[int]]] = collections.deque()
        self._spawns: dict[int, asyncio.Future[int]] = {}
        self._exits: dict[int, asyncio.Future[int]] = {}
        self.ready: asyncio.Future[int] = self._loop.create_future()
        self.lost: asyncio.Future[None] = self._loop.create_future()
        sock.setblocking(False)
        self._loop.add_reader(sock, self._read)

    @classmethod
    async def start(cls, content: Path, cache_dir: Path, entry: str = DEFAULT_ENTRY) -> ZygoteClient:
        """Start the zygote and wait until it has loaded everything; raises ZygoteGone if it cannot."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        argv = ["-m", "tui.serve.zygote", "--fd", str(theirs.fileno()), "--content", str(content),
                "--cache", str(cache_dir), "--entry", entry]
        process = await asyncio.create_subprocess_exec(
            sys.executable, *argv, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=zygote_environ()
        )
        theirs.close()
        client = cls(process, ours)
        try:
            await asyncio.wait_for(asyncio.shield(client.ready), START_TIMEOUT_S)
        except (ZygoteGone, TimeoutError) as exc:
            await client.close()
            raise ZygoteGone("the session helper did not start (see the message above)") from exc
        return client

    @property
    def pid(self) -> int:
        return self.process.pid

    async def spawn(self, slave_fd: int, environ: Mapping[str, str], limits: Limits) -> int:
        """A new reader on this pty slave; returns its pid (its process group id too)."""
        request = next(self._ids)
        future: asyncio.Future[int] = self._loop.create_future()
        self._spawns[request] = future
        self._send({"op": "spawn", "id": request, "env": dict(environ), "limits": asdict(limits)}, [slave_fd])
        return await future

    def exited(self, pid: int) -> asyncio.Future[int]:
        """The session's exit code (-N when killed by signal N) once the zygote has reaped it; ask once per pid."""
        future = self._exits[pid]
        future.add_done_callback(lambda _: self._exits.pop(pid, None))  # also if the exit came before the question
        return future

    def kill(self, pid: int, signum: int) -> None:
        if not self.lost.done():
            self._send({"op": "kill", "pid": pid, "signal": int(signum)})

    async def close(self) -> None:
        """Closing the socket tells the zygote to kill what is left and exit."""
        self._loop.remove_reader(self._sock)
        self._loop.remove_writer(self._sock)
        self._sock.close()
        self._fail(ZygoteGone("the session helper was stopped"))
        try:
            await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT_S)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    def _send(self, message: Message, fds: Sequence[int] = ()) -> None:
        self._outbox.append((encode(message), list(fds)))
        self._flush()

    def _flush(self) -> None:
        """Send queued messages; if the socket is full, wait for it rather than block the loop."""
        while self._outbox:
            data, fds = self._outbox[0]
            try:
                socket.send_fds(self._sock, [data], fds)
            except BlockingIOError:
                self._loop.add_writer(self._sock, self._flush)
                return
            except OSError:
                self._gone()
                return
            self._outbox.popleft()
        self._loop.remove_writer(self._sock)

    def _read(self) -> None:
        while True:
            try:
                data = self._sock.recv(MAX_MESSAGE)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._gone()
                return
            self._dispatch(decode(data))

    def _dispatch(self, message: Message) -> None:
        op = message.get("op")
        if op == "ready":
            self.ready.set_result(int(message["pid"]))
        elif op == "spawned":
            pid = int(message["pid"])
            self._exits[pid] = self._loop.create_future()
            _resolve(self._spawns.pop(int(message["id"])), pid)
        elif op == "failed":
            _reject(self._spawns.pop(int(message["id"])), ZygoteGone(str(message["error"])))
        elif op == "exited" and (future := self._exits.get(int(message["pid"]))) is not None:
            _resolve(future, int(message["status"]))

    def _gone(self) -> None:
        self._loop.remove_reader(self._sock)
        self._loop.remove_writer(self._sock)
        self._outbox.clear()
        self._fail(ZygoteGone("the session helper exited"))

    def _fail(self, error: ZygoteGone) -> None:
        """Everyone still waiting learns the zygote is gone; its children were killed with it."""
        for future in [self.ready, *self._spawns.values()]:
            _reject(future, error)
        for future in self._exits.values():
            _resolve(future, -signal.SIGKILL)
        self._spawns.clear()
        if not self.lost.done():
            self.lost.set_result(None)


def zygote_environ() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith(HIDDEN_PREFIXES)}


def _resolve(future: asyncio.Future[int], value: int) -> None:
    if not future.done():
        future.set_result(value)


def _reject(future: asyncio.Future[int], error: Exception) -> None:
    if not future.done():
        future.set_exception(error)
        future.exception()  # retrieved: nobody may be waiting any more (a closed channel, a stopped server)
