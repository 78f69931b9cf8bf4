"""The zygote: imports Textual and the app and loads the knowledge base once, then forks one reader per session.

The server runs it as `python -m tui.serve.zygote --fd N ...` and talks to it over one SOCK_SEQPACKET unix socket:
JSON messages, with each session's pty slave passed by SCM_RIGHTS. Forked children share the zygote's pages
(frozen by `gc.freeze`) instead of paying ~60 MB and half a second each for a fresh interpreter. Before serving, it
runs the reader once, headless, so that the CSS every session would parse is parsed once (`ParsedCss`). The zygote
never keeps a thread (forking a threaded process is unsafe) and never opens the search index (children would share
file offsets); each child opens its own. When the server goes away, it kills every session and exits.

Sessions start a few at a time (one more than the cores), the rest queued in order: twenty that connect in the same
instant would otherwise share the cores and all see their first screen together, at the end; this way the first
ones see it about as soon as they would alone. A child frees its start-up slot by closing STARTED_FD (or by
exiting), and one that takes longer than START_SLOT_S frees it anyway.

    server -> zygote   {"op": "spawn", "id": N, "env": {...}, "limits": {...}}  + the pty slave fd
                       {"op": "kill", "pid": P, "signal": S}        (the whole session's process group)
    zygote -> server   {"op": "ready", "pid": P}
                       {"op": "spawned", "id": N, "pid": P}  or  {"op": "failed", "id": N, "error": "..."}
                       {"op": "exited", "pid": P, "status": S}  (waitstatus_to_exitcode: -signal if killed)
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import gc
import importlib
import json
import os
import selectors
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from tui.app import on_demand
from tui.model import load_knowledge_base
from tui.serve.child import Limits, Prepared, announce_started, become_session, rehearse
from tui.serve.session_env import default_escape_delay

if TYPE_CHECKING:
    from tui.overrides.parsed_css import ParsedCss

MAX_MESSAGE = 1 << 16
DEFAULT_ENTRY = "tui.serve.child:run_reader"
SERVER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # also sent to us by Ctrl+C, `timeout`, a hangup
# Sessions building their first screen at the same time: one more than the cores, since a start spends ~20% of
# its time waiting (for frame timers), and twenty connecting at once reached their first screens ~20% sooner.
STARTING_AT_ONCE = len(os.sched_getaffinity(0)) + 1
START_SLOT_S = 2.0  # a session slower than this to its first screen stops holding back the ones queued after it
Message = dict[str, Any]
Entry = Callable[[Prepared, Mapping[str, str], Callable[[], None]], int]

# Imported once here so every child shares them: the app, what it loads on demand, and what it loads lazily while
# running (found by diffing sys.modules in a child after a search). Importing whoosh opens no index.
PRELOAD = (
    "tui.app.app", *on_demand.MODULES, "tui.app.search", "tui.app.state", "tui.app.options", "tui.index",
    "whoosh.codec.whoosh3", "whoosh.filedb.compound", "whoosh.automata.lev", "textual.drivers.linux_driver",
    "textual.layouts.factory", "textual.layouts.horizontal", "textual.layouts.stream", "textual.scrollbar",
    "textual.pilot", "concurrent.futures.thread", "rich._emoji_codes",
)


def encode(message: Message) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode()


def decode(data: bytes) -> Message:
    return cast(Message, json.loads(data))


def load_entry(spec: str) -> Entry:
    """`module:function`; tests substitute a probe that wraps the reader."""
    module, _, name = spec.partition(":")
    return cast(Entry, getattr(importlib.import_module(module), name))


class Zygote:
    """Single-threaded loop: spawn and signal sessions on request, report each exit once it is reaped."""

    def __init__(self, sock: socket.socket, prepared: Prepared, entry: Entry) -> None:
        self._sock = sock
        self._prepared = prepared
        self._entry = entry
        self._selector = selectors.DefaultSelector()
        self._children: dict[int, int] = {}  # pid -> pidfd
        self._queued: collections.deque[tuple[Message, int]] = collections.deque()  # spawn requests, slave fds
        self._starting: dict[int, float] = {}  # read end of a starting child's STARTED_FD -> when its slot expires

    def run(self) -> None:
        self._send({"op": "ready", "pid": os.getpid()})
        self._selector.register(self._sock, selectors.EVENT_READ)
        while True:
            for key, _ in self._selector.select(self._until_a_slot_expires()):
                if key.fileobj is not self._sock:
                    key.data()  # a child exited, or one is done starting
                elif not self._serve_request():
                    self._shutdown()
                    return
            self._free_expired_slots()
            self._start_queued()

    def _serve_request(self) -> bool:
        """Handle one message; False once the server has gone."""
        data, fds, _, _ = socket.recv_fds(self._sock, MAX_MESSAGE, 1)
        if not data:
            return False
        message = decode(data)
        if message.get("op") == "spawn" and len(fds) == 1:
            self._queued.append((message, fds[0]))
            return True
        for fd in fds:
            os.close(fd)
        if message.get("op") == "kill":
            self._kill(int(message["pid"]), int(message["signal"]))
        return True

    def _start_queued(self) -> None:
        while self._queued and len(self._starting) < STARTING_AT_ONCE:
            self._spawn(*self._queued.popleft())

    def _until_a_slot_expires(self) -> float | None:
        return max(0.0, min(self._starting.values()) - time.monotonic()) if self._starting else None

    def _free_expired_slots(self) -> None:
        now = time.monotonic()
        for read_fd in [fd for fd, expires in self._starting.items() if expires <= now]:
            self._free_slot(read_fd)

    def _free_slot(self, read_fd: int) -> None:
        self._selector.unregister(read_fd)
        os.close(read_fd)
        del self._starting[read_fd]

    def _spawn(self, message: Message, slave_fd: int) -> None:
        """A fork that fails (EAGAIN, ENOMEM) costs that one session, never the zygote and every other session."""
        if threading.active_count() != 1:
            self._refuse(message, slave_fd, "zygote has threads; refusing to fork")
            return
        sys.stdout.flush()
        sys.stderr.flush()
        started_read, started_write = os.pipe()
        try:
            pid = os.fork()
        except OSError as exc:
            os.close(started_read)
            os.close(started_write)
            self._refuse(message, slave_fd, f"cannot start a reader: {exc.strerror}")
            return
        if pid == 0:
            self._become_reader(message, slave_fd, started_write)
        os.close(slave_fd)
        os.close(started_write)
        self._starting[started_read] = time.monotonic() + START_SLOT_S
        self._selector.register(started_read, selectors.EVENT_READ, functools.partial(self._free_slot, started_read))
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:  # cannot watch it, so it must not run unwatched
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            self._send({"op": "failed", "id": message["id"], "error": "cannot watch a new reader"})
            return
        self._children[pid] = pidfd
        self._selector.register(pidfd, selectors.EVENT_READ, functools.partial(self._reap, pid))
        self._send({"op": "spawned", "id": message["id"], "pid": pid})

    def _refuse(self, message: Message, slave_fd: int, why: str) -> None:
        os.close(slave_fd)
        self._send({"op": "failed", "id": message["id"], "error": why})

    def _become_reader(self, message: Message, slave_fd: int, started_fd: int) -> NoReturn:
        """In the child: never return into the zygote's loop, whatever happens."""
        code = 1
        try:
            environ = {str(key): str(value) for key, value in message["env"].items()}
            become_session(slave_fd, started_fd, environ, Limits(**message["limits"]))
            code = self._entry(self._prepared, environ, announce_started)
        except BaseException as exc:  # one line for the client (stderr is the pty by now), never a traceback
            print(f"\r\nhubreader: the reader stopped: {type(exc).__name__}\r", file=sys.stderr, flush=True)
        finally:
            os._exit(code)

    def _kill(self, pid: int, signum: int) -> None:
        """Signal a session's whole group; only our own unreaped children, so a recycled pid is never hit."""
        if pid not in self._children:
            return
        try:
            os.killpg(pid, signum)
        except ProcessLookupError:  # forked but not yet its own group leader
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    def _reap(self, pid: int) -> None:
        _, status = os.waitpid(pid, 0)
        pidfd = self._children.pop(pid)
        self._selector.unregister(pidfd)
        os.close(pidfd)
        self._send({"op": "exited", "pid": pid, "status": os.waitstatus_to_exitcode(status)})

    def _shutdown(self) -> None:
        """The server is gone: no session may outlive it, nor start."""
        for _, slave_fd in self._queued:
            os.close(slave_fd)
        self._queued.clear()
        for pid in list(self._children):
            self._kill(pid, signal.SIGKILL)
        for pid in list(self._children):
            os.waitpid(pid, 0)
            os.close(self._children.pop(pid))

    def _send(self, message: Message) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._sock.sendall(encode(message))


def parsed_css() -> ParsedCss:
    from tui.overrides.parsed_css import ParsedCss  # noqa: PLC0415 - Textual, kept out of the server that imports us

    return ParsedCss()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hubreader-zygote", description="hubreader serve-ssh's session forker")
    parser.add_argument("--fd", type=int, required=True, help="the unix socket inherited from the server")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--entry", default=DEFAULT_ENTRY, help="module:function run in each session")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    # Textual reads the escape delay as PRELOAD imports it, here, and every session forked later keeps what it read:
    # a session's own environment comes too late (test_a_served_ssh_reader_has_the_short_escape_delay)
    default_escape_delay(os.environ)
    args = parse_args(argv)
    for signum in SERVER_SIGNALS:  # the server handles these and then closes our socket, which is our cue
        signal.signal(signum, signal.SIG_IGN)
    sock = socket.socket(fileno=args.fd)
    try:
        entry = load_entry(args.entry)
        for module in PRELOAD:
            importlib.import_module(module)
        kb = load_knowledge_base(args.content)
    except Exception as exc:
        print(f"hubreader: session helper cannot start: {exc}", file=sys.stderr)
        return 1
    prepared = Prepared(kb, args.cache, css=parsed_css())
    try:
        rehearse(prepared)
    except Exception as exc:  # then each session parses its own CSS: slower to start, nothing worse
        print(f"hubreader: session helper could not rehearse the reader ({exc}); sessions start slower",
              file=sys.stderr)
    gc.collect()
    gc.freeze()  # children share these pages: a collection would touch (and so copy) every object
    Zygote(sock, prepared, entry).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
