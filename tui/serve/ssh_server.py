"""The SSH front door: public keys from authorized_keys only, limits per key, one reader per session channel."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh

from tui.model.sanitize import safe_text
from tui.serve.ssh_keys import AuthorizedKeys, fingerprint
from tui.serve.ssh_limits import FailureBook, Hush, Quota
from tui.serve.ssh_session import GRACE_S, Caller, ReaderSession, SessionRules, reader_channel
from tui.serve.zygote import DEFAULT_ENTRY
from tui.serve.zygote_client import ZygoteClient

log = logging.getLogger("hubreader.serve.ssh")

LOGIN_TIMEOUT_S = 10  # an unauthenticated connection is dropped after this; a key login takes well under 1 s
# Logins in progress: OpenSSH's MaxStartups refuses all past 100. One address may have as many as there are session
# slots (a class behind one NAT, serve_load's burst), never fewer than 10; past either cap a connection is refused
# at once (test_logins_in_progress_are_capped_per_address_and_overall).
MAX_PENDING = 100
MIN_PENDING_PER_ADDRESS = 10
MAX_AUTH_TRIES = 6  # OpenSSH's MaxAuthTries: the 6th refused key ends the connection
# (test_six_refused_keys_end_the_connection).
ACCEPTED_CHECKS = 2  # an accepted key is checked for its offer and its signature; a 3rd check means a bad signature
REPORT_EVERY_S = 10.0  # refused connections and failed accepts come by the thousand: one log line per this
ACCEPT_FAILED = "socket.accept() out of system resource"  # asyncio's report of EMFILE, ENFILE, ENOBUFS or ENOMEM
# A failed accept is one log line per interval, never a traceback
# (test_out_of_file_descriptors_an_authorized_user_gets_in_and_the_log_stays_short).
# What a client may have in flight towards its reader: SSH's window, the bridge's backlog and the pty's own buffer.
# A flood beyond it waits on the client's side, so once it stops the reader has little left to skip through
# (test_a_stopped_reader_holds_back_at_most_a_small_window_of_input).
INPUT_WINDOW = 1 << 15
KEEPALIVE_S = 15  # a client that vanished without closing TCP is noticed after 4 unanswered keepalives
STOP_TIMEOUT_S = GRACE_S + 3


@dataclass(frozen=True)
class ServerConfig:
    """Everything `serve-ssh` decided before listening."""

    host: str
    port: int
    host_key: asyncssh.SSHKey
    authorized: AuthorizedKeys
    content: Path
    cache_dir: Path
    max_sessions: int
    max_sessions_per_key: int
    rules: SessionRules
    entry: str = DEFAULT_ENTRY  # what each session runs; tests wrap the reader with a probe


class ReaderConnection(asyncssh.SSHServer):
    """One client connection, known by the key it authenticated with, never by the user name it claims."""

    def __init__(self, server: ReaderSshServer, number: int) -> None:
        self._server = server
        self.number = number
        self.conn: asyncssh.SSHServerConnection | None = None
        self.host = "?"
        self.peer = "?"
        self.key: str | None = None
        self._candidate: str | None = None
        self._user = ""
        self._pending = False  # counted among the logins in progress until it authenticates or goes
        self._failures = 0
        self._accepted = 0

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        host, port = conn.get_extra_info("peername", ("?", 0))[:2]
        self.host, self.peer = str(host), f"{host}:{port}"
        refusal = self._server.admit_login(self)
        if refusal is not None:
            self._server.refuse(self, refusal)
            return
        self._pending = True
        self._server.connections.add(self)
        log.info("conn %d from %s", self.number, self.peer)

    def connection_lost(self, exc: Exception | None) -> None:
        if self in self._server.connections:
            self._server.connections.discard(self)
            log.info("conn %d closed%s", self.number, f": {safe_text(str(exc))[:120]}" if exc else "")
        self.end_login()

    def begin_auth(self, username: str) -> bool:
        self._user = safe_text(username)[:40]
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool | Awaitable[bool]:
        """Called for the offer and again for the signed attempt; the last key accepted is the one that logs in."""
        if self._server.config.authorized.allows(key, self.host):
            self._accepted += 1
            if self._accepted <= ACCEPTED_CHECKS:
                self._candidate = fingerprint(key)
                return True
            return self._refuse(key, "was already checked twice (a bad signature)")
        return self._refuse(key, "is not authorized")

    def auth_completed(self) -> None:
        self.key = self._candidate
        self.end_login()
        self._server.failures.clear(self.host)
        log.info("conn %d auth ok: key %s (user %r)", self.number, self.key, self._user)

    def session_requested(self) -> tuple[asyncssh.SSHServerChannel[bytes], ReaderSession]:
        assert self.key is not None and self.conn is not None
        session = self._server.open_session(Caller(self.number, self.peer, self.key))
        return reader_channel(self.conn), session

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        log.info("conn %d refused port forwarding", self.number)
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        log.info("conn %d refused remote port forwarding", self.number)
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        log.info("conn %d refused unix socket forwarding", self.number)
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        log.info("conn %d refused remote unix socket forwarding", self.number)
        return False

    def _refuse(self, key: asyncssh.SSHKey, why: str) -> bool | Awaitable[bool]:
        """One more refused key: the 6th ends the connection; an address that keeps failing waits for its answers."""
        self._failures += 1
        delay = self._server.failures.fail(self.host)
        last = self._failures >= MAX_AUTH_TRIES
        outcome = (f"; {MAX_AUTH_TRIES} refused, disconnecting" if last
                   else f"; answered after {delay:g} s" if delay else "")
        log.info("conn %d auth refused: key %s %s (user %r)%s", self.number, fingerprint(key), why, self._user, outcome)
        if last:
            raise asyncssh.PermissionDenied(f"too many authentication failures ({MAX_AUTH_TRIES})")
        return _no_after(delay) if delay else False

    def end_login(self) -> None:
        if self._pending:
            self._pending = False
            self._server.login_over(self)


class ReaderSshServer:
    """The listener, the zygote and the live sessions; `start`, then `stop` to end every session cleanly."""

    def __init__(self, config: ServerConfig, zygote: ZygoteClient) -> None:
        self.config = config
        self.zygote = zygote
        self.sessions: set[ReaderSession] = set()
        self.connections: set[ReaderConnection] = set()
        self._book = Quota(config.max_sessions, config.max_sessions_per_key,
                           "the server is full ({} sessions); try again later", "this key already has {} open sessions")
        self.pending = Quota(MAX_PENDING, max(MIN_PENDING_PER_ADDRESS, config.max_sessions),
                             "too many logins in progress ({}); try again later",
                             "too many logins in progress from this address ({}); try again later")
        self.failures = FailureBook()
        self._logging_in: dict[ReaderConnection, None] = {}  # logins in progress, oldest first
        self._refusals = Hush(REPORT_EVERY_S)
        self._accept_failures = Hush(REPORT_EVERY_S)
        self._loop = asyncio.get_running_loop()
        self._previous_handler = self._loop.get_exception_handler()
        self._numbers = itertools.count(1)
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._all_done = asyncio.Event()

    @classmethod
    async def start(cls, config: ServerConfig) -> ReaderSshServer:
        """The zygote first, so no connection is accepted before sessions can be served."""
        server = cls(config, await ZygoteClient.start(config.content, config.cache_dir, config.entry))
        server._loop.set_exception_handler(server._loop_exception)
        try:
            server._acceptor = await asyncssh.create_server(
                server._new_connection, config.host, config.port, **_server_options(config)
            )
        except BaseException:
            await server.zygote.close()
            server._loop.set_exception_handler(server._previous_handler)
            raise
        return server

    @property
    def port(self) -> int:
        assert self._acceptor is not None
        return int(self._acceptor.get_port())

    def open_session(self, caller: Caller) -> ReaderSession:
        refusal = self._book.admit(caller.key)
        if refusal is not None:
            log.info("conn %d refused a session: %s", caller.conn, refusal)
            raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, refusal)
        session = ReaderSession(self.zygote, self.config.rules, caller, self._session_done)
        self.sessions.add(session)
        self._all_done.clear()
        return session

    async def stop(self) -> None:
        """Stop listening, hang up every reader (killing stragglers), close connections, then the zygote."""
        if self._acceptor is not None:
            self._acceptor.close()
        for session in list(self.sessions):
            session.end("the server is shutting down")
        if self.sessions:
            await _within(self._all_done.wait(), STOP_TIMEOUT_S)
        for connection in list(self.connections):
            if connection.conn is not None:
                connection.conn.close()
        await self.zygote.close()
        self._loop.set_exception_handler(self._previous_handler)

    def admit_login(self, connection: ReaderConnection) -> str | None:
        """Count one more login in progress, or say why not. Past the overall cap the oldest one makes room, so a
        crowd of idle connections from many addresses keeps a person out only by opening connections faster than
        a login takes (test_past_the_overall_cap_the_oldest_login_in_progress_makes_room)."""
        pending = self.pending
        if pending.total >= pending.max_total and pending.held_by(connection.host) < pending.max_each:
            oldest = next(iter(self._logging_in))
            oldest.end_login()  # its place is free now, not when its disconnect completes
            self.refuse(oldest, f"too many logins in progress ({pending.max_total}); the oldest are dropped")
        refusal = pending.admit(connection.host)
        if refusal is None:
            self._logging_in[connection] = None
        return refusal

    def login_over(self, connection: ReaderConnection) -> None:
        """It authenticated, went away or was dropped: its place among the logins in progress is free."""
        del self._logging_in[connection]
        self.pending.release(connection.host)

    def refuse(self, connection: ReaderConnection, reason: str) -> None:
        """Over a cap on logins in progress: disconnect once our version is out; one log line per interval."""
        assert connection.conn is not None
        self._loop.call_soon(connection.conn.disconnect, asyncssh.DISC_TOO_MANY_CONNECTIONS, reason)
        unlogged = self._refusals.due(self._loop.time())
        if unlogged is not None:
            log.info("conn %d from %s refused: %s%s", connection.number, connection.peer, reason, _also(unlogged))

    def _loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """asyncio logs a traceback for every failed accept, up to 100 a tick: one line per interval instead."""
        if context.get("message") != ACCEPT_FAILED:
            if self._previous_handler is None:
                loop.default_exception_handler(context)
            else:
                self._previous_handler(loop, context)
            return
        unlogged = self._accept_failures.due(loop.time())
        if unlogged is not None:
            log.warning("cannot accept connections: %s; retrying every second%s",
                        safe_text(str(context.get("exception")))[:120], _also(unlogged))

    def _new_connection(self) -> ReaderConnection:
        return ReaderConnection(self, next(self._numbers))

    def _session_done(self, session: ReaderSession) -> None:
        self.sessions.discard(session)
        self._book.release(session.caller.key)
        if not self.sessions:
            self._all_done.set()


def _server_options(config: ServerConfig) -> dict[str, Any]:
    """Public keys only; bytes in and out; no line editor, agent, X11, scp or sftp."""
    return {
        "server_host_keys": [config.host_key],
        "encoding": None,
        "line_editor": False,
        "password_auth": False,
        "kbdint_auth": False,
        "host_based_auth": False,
        "gss_host": None,
        "agent_forwarding": False,
        "x11_forwarding": False,
        "allow_scp": False,
        "sftp_factory": None,
        "login_timeout": LOGIN_TIMEOUT_S,
        "window": INPUT_WINDOW,
        "keepalive_interval": KEEPALIVE_S,
        "keepalive_count_max": 4,
    }


async def _no_after(delay: float) -> bool:
    await asyncio.sleep(delay)
    return False


def _also(unlogged: int) -> str:
    return f" ({unlogged} more since the last such line)" if unlogged else ""


async def _within(waiting: Any, seconds: float) -> None:
    try:
        await asyncio.wait_for(waiting, seconds)
    except TimeoutError:
        log.warning("some sessions did not end within %g s", seconds)
