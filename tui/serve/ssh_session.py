"""One SSH session channel: only an interactive pty shell, bridged to a reader child that the zygote forks."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncssh
from asyncssh.constants import MSG_CHANNEL_WINDOW_ADJUST
from asyncssh.packet import SSHPacket, UInt32

from tui.model.sanitize import safe_text
from tui.serve.child import Limits
from tui.serve.pty_bridge import PtyBridge
from tui.serve.session_env import MAX_CLIENT_VARS, client_may_set, session_environ
from tui.serve.zygote_client import ZygoteClient, ZygoteGone

log = logging.getLogger("hubreader.serve.ssh")

GRACE_S = 2.0  # between the hangup and SIGKILL for a session that has to go
# What a reader that was killed could not undo itself: alternate screen, hidden cursor, mouse and paste modes.
TERMINAL_RESET = b"\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[0m\r\n"


@dataclass(frozen=True, slots=True)
class SessionRules:
    """What every session is held to, from the command line."""

    idle_timeout: float
    max_session_time: float
    limits: Limits


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asked, for the log: connection number, peer address and the key that authenticated."""

    conn: int
    peer: str
    key: str


class ReaderChannel(asyncssh.SSHServerChannel[bytes]):
    """asyncssh's session channel with two of its rules replaced, each pinned by a test that fails on asyncssh's own:
    asyncssh keeps every env request, and refills the whole window each time it hands on one chunk, counting what
    still waits in its buffer as read (so a client flooding in small writes grows that buffer while the reader lags).
    The server sends and receives bytes (encoding None), so data is handed on undecoded."""

    # A variable the reader would not take, or one past the 32nd, is refused on arrival and never stored
    # (test_env_requests_are_capped_by_count_and_size).
    def _process_env_request(self, packet: SSHPacket) -> bool:
        name, value = packet.get_string(), packet.get_string()
        packet.check_end()
        if name not in self._env and len(self._env) >= MAX_CLIENT_VARS:
            return False
        try:
            allowed = client_may_set(name.decode(), value.decode())
        except UnicodeDecodeError:
            return False
        if allowed:
            self._env[name] = value
        return allowed

    # The window grows back only by what was handed on: the client may have at most one window's worth waiting
    # here (test_a_flood_in_small_writes_parks_at_most_a_window_in_the_server).
    def _deliver_data(self, data: bytes, datatype: asyncssh.DataType) -> None:
        waiting = sum(len(chunk) for chunk, _ in self._recv_buf)
        unread = self._init_recv_window - self._recv_window  # received and not yet acknowledged
        if unread - waiting > self._init_recv_window / 2:
            adjust = unread - waiting
            self.send_packet(MSG_CHANNEL_WINDOW_ADJUST, UInt32(adjust))
            self._recv_window += adjust
        if self._session is not None:
            self._session.data_received(data, datatype)


def reader_channel(conn: asyncssh.SSHServerConnection) -> asyncssh.SSHServerChannel[bytes]:
    """asyncssh has no hook for either rule and builds channels from private options: its own, given our rules."""
    chan = conn.create_server_channel()
    chan.__class__ = ReaderChannel
    return chan


def exit_status(code: int) -> int:
    """waitstatus_to_exitcode gives -N for a death by signal N; a shell would report 128+N."""
    return 128 - code if code < 0 else code


class ReaderSession(asyncssh.SSHServerSession[bytes]):
    """Refuses everything but a shell with a pty; then the reader runs on its own pty until either side ends."""

    def __init__(self, zygote: ZygoteClient, rules: SessionRules, caller: Caller,
                 on_done: Callable[[ReaderSession], None]) -> None:
        self._zygote = zygote
        self._rules = rules
        self.caller = caller
        self._on_done = on_done
        self._loop = asyncio.get_running_loop()
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._bridge: PtyBridge | None = None
        self._task: asyncio.Task[None] | None = None
        self._idle_timer: asyncio.TimerHandle | None = None
        self._time_limit: asyncio.TimerHandle | None = None
        self._kill_timer: asyncio.TimerHandle | None = None
        self._started = time.monotonic()
        self._last_input = self._loop.time()
        self._channel_gone = False
        self._done = False
        self.pid: int | None = None
        self.ending: str | None = None  # why the server ended it, shown to the client
        self.bytes_in = 0

    # Requests: only a pty and a shell are granted.

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        """The clocks start now: a channel that never asks for a shell must not hold its slot forever."""
        self._chan = chan
        self._arm_timers()

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any) -> bool:
        self._term = term_type
        self._size = (term_size[0] or 80, term_size[1] or 24)
        return True

    def shell_requested(self) -> bool:
        if self._term is None:
            log.info("conn %d refused a shell without a pty", self.caller.conn)
            return False
        return True

    def exec_requested(self, command: str) -> bool:
        log.info("conn %d refused a command (only the interactive reader is served)", self.caller.conn)
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        log.info("conn %d refused subsystem %r", self.caller.conn, safe_text(subsystem)[:40])
        return False

    def break_received(self, msec: int) -> bool:
        return False

    # Running

    def session_started(self) -> None:
        master, slave = os.openpty()
        self._bridge = PtyBridge(master, self._send, self._hold_input)
        self._bridge.resize(*self._size)
        self._task = asyncio.create_task(self._run(slave))

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self.bytes_in += len(data)
        self._last_input = self._loop.time()
        if self._bridge is not None:
            self._bridge.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self._size = (width, height)
        if self._bridge is not None:
            self._bridge.resize(width, height)

    def pause_writing(self) -> None:
        if self._bridge is not None:
            self._bridge.pause()

    def resume_writing(self) -> None:
        if self._bridge is not None and self.pid is not None:
            self._bridge.resume()

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._channel_gone = True
        if self._task is None:
            self._finish()
        else:
            self.end("client went away")

    def end(self, reason: str) -> None:
        """Hang the reader up now and kill its whole group after a grace period; it reports back when reaped."""
        if self._done:  # already reaped and reported: a late connection_lost has nothing left to end
            return
        if self.ending is None:
            self.ending = reason
            if self._task is None and self._chan is not None:
                self._chan.close()  # no reader was ever asked for
            self._hang_up()

    def _hang_up(self) -> None:
        if self.pid is None or self._kill_timer is not None:
            return
        self._zygote.kill(self.pid, signal.SIGHUP)
        self._zygote.kill(self.pid, signal.SIGCONT)  # a stopped reader must wake to die of the hangup
        self._kill_timer = self._loop.call_later(GRACE_S, self._zygote.kill, self.pid, signal.SIGKILL)

    async def _run(self, slave: int) -> None:
        assert self._term is not None
        chan, bridge = self._channel(), self._bridge
        assert bridge is not None
        environ = session_environ(chan.get_environment(), self._term, os.environ)
        try:
            self.pid = await self._zygote.spawn(slave, environ, self._rules.limits)
        except ZygoteGone as exc:
            log.warning("conn %d could not start a reader: %s", self.caller.conn, exc)
            self.ending = "the reader could not be started; try again later"
            self._finish(1)
            return
        finally:
            os.close(slave)
        log.info("conn %d session started: pid %d, key %s, %s %dx%d", self.caller.conn, self.pid, self.caller.key,
                 safe_text(self._term)[:40], *self._size)
        bridge.resume()
        if self.ending is not None:
            self._hang_up()
        self._finish(await self._zygote.exited(self.pid))

    def _arm_timers(self) -> None:
        limit = self._rules.max_session_time
        self._time_limit = self._loop.call_later(limit, self.end, f"sessions last at most {limit:g} s")
        self._watch_idle()

    def _watch_idle(self) -> None:
        idle = self._rules.idle_timeout
        if self._loop.time() - self._last_input >= idle:
            self.end(f"closed after {idle:g} s without input")
        else:
            self._idle_timer = self._loop.call_at(self._last_input + idle, self._watch_idle)

    def _finish(self, code: int = 1) -> None:
        """The reader is gone (or never came): flush its last output, tell the client why, give the slot back."""
        if self._done:
            return
        self._done = True
        for timer in (self._idle_timer, self._time_limit, self._kill_timer):
            if timer is not None:
                timer.cancel()
        if self._bridge is not None:
            self._bridge.drain()
            self._bridge.close()
        if not self._channel_gone and self._chan is not None:
            if self.ending is not None:
                self._send(TERMINAL_RESET + f"hubreader: {self.ending}\r\n".encode())
            self._chan.exit(exit_status(code))
        if self.pid is not None:
            log.info("conn %d session ended: pid %d, status %d, %.1f s, %d B in, %d B out%s", self.caller.conn,
                     self.pid, exit_status(code), time.monotonic() - self._started, self.bytes_in,
                     self._bridge.bytes_out if self._bridge else 0, f" ({self.ending})" if self.ending else "")
        self._on_done(self)

    def _send(self, data: bytes) -> None:
        if not self._channel_gone and self._chan is not None:
            self._chan.write(data)

    def _hold_input(self, held: bool) -> None:
        """Keystrokes pile up for a reader that does not read them: stop taking more from this client."""
        chan = self._channel()
        if held:
            chan.pause_reading()
        else:
            chan.resume_reading()

    def _channel(self) -> asyncssh.SSHServerChannel[bytes]:
        assert self._chan is not None
        return self._chan
