"""The SSH front door: public keys from authorized_keys only, limits per key, one reader per session channel."""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh

from tui.model.sanitize import safe_text
from tui.serve.ssh_keys import AuthorizedKeys, fingerprint
from tui.serve.ssh_limits import SessionBook
from tui.serve.ssh_session import GRACE_S, Caller, ReaderSession, SessionRules
from tui.serve.zygote import DEFAULT_ENTRY
from tui.serve.zygote_client import ZygoteClient

log = logging.getLogger("hubreader.serve.ssh")

LOGIN_TIMEOUT_S = 30  # an unauthenticated connection is dropped after this
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
        self.peer = "?"
        self.key: str | None = None
        self._candidate: str | None = None
        self._user = ""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        host, port = conn.get_extra_info("peername", ("?", 0))[:2]
        self.peer = f"{host}:{port}"
        self._server.connections.add(self)
        log.info("conn %d from %s", self.number, self.peer)

    def connection_lost(self, exc: Exception | None) -> None:
        self._server.connections.discard(self)
        log.info("conn %d closed%s", self.number, f": {safe_text(str(exc))[:120]}" if exc else "")

    def begin_auth(self, username: str) -> bool:
        self._user = safe_text(username)[:40]
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """Called for the offer and again for the signed attempt; the last key accepted is the one that logs in."""
        host = self.peer.rpartition(":")[0]
        if self._server.config.authorized.allows(key, host):
            self._candidate = fingerprint(key)
            return True
        log.info("conn %d auth refused: key %s is not authorized (user %r)", self.number, fingerprint(key), self._user)
        return False

    def auth_completed(self) -> None:
        self.key = self._candidate
        log.info("conn %d auth ok: key %s (user %r)", self.number, self.key, self._user)

    def session_requested(self) -> ReaderSession:
        assert self.key is not None
        return self._server.open_session(Caller(self.number, self.peer, self.key))

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


class ReaderSshServer:
    """The listener, the zygote and the live sessions; `start`, then `stop` to end every session cleanly."""

    def __init__(self, config: ServerConfig, zygote: ZygoteClient) -> None:
        self.config = config
        self.zygote = zygote
        self.sessions: set[ReaderSession] = set()
        self.connections: set[ReaderConnection] = set()
        self._book = SessionBook(config.max_sessions, config.max_sessions_per_key)
        self._numbers = itertools.count(1)
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._all_done = asyncio.Event()

    @classmethod
    async def start(cls, config: ServerConfig) -> ReaderSshServer:
        """The zygote first, so no connection is accepted before sessions can be served."""
        server = cls(config, await ZygoteClient.start(config.content, config.cache_dir, config.entry))
        try:
            server._acceptor = await asyncssh.create_server(
                server._new_connection, config.host, config.port, **_server_options(config)
            )
        except BaseException:
            await server.zygote.close()
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
        "keepalive_interval": KEEPALIVE_S,
        "keepalive_count_max": 4,
    }


async def _within(waiting: Any, seconds: float) -> None:
    try:
        await asyncio.wait_for(waiting, seconds)
    except TimeoutError:
        log.warning("some sessions did not end within %g s", seconds)
