"""serve-ssh refuses everything but an interactive reader: commands, subsystems, forwarding, strangers, too many."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import asyncssh
import pytest
import pytest_asyncio
from asyncssh.packet import Boolean, String, UInt32

from tests.test_serve_ssh_support import (
    DEADLINE_S,
    Keys,
    ScreenClient,
    connect,
    live_pids,
    open_screen,
    start_server,
)
from tui.serve.ssh_server import ReaderSshServer

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> AsyncIterator[ReaderSshServer]:
    server = await start_server(tmp_path_factory.mktemp("serve"), keys, max_sessions=3, per_key=2)
    yield server
    await server.stop()


async def test_commands_and_scp_are_refused(server: ReaderSshServer, keys: Keys, tmp_path: Path) -> None:
    before = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_session(ScreenClient.factory(), command="cat /etc/passwd", encoding=None)
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_session(ScreenClient.factory(), command="cat /etc/passwd", term_type="xterm",
                                      request_pty="force", encoding=None)
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await asyncssh.scp((conn, "/etc/passwd"), tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert live_pids(server) == before


async def test_a_shell_without_a_pty_is_refused(server: ReaderSshServer, keys: Keys) -> None:
    before = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_session(ScreenClient.factory(), request_pty=False, encoding=None)
    assert live_pids(server) == before


async def test_sftp_and_other_subsystems_are_refused(server: ReaderSshServer, keys: Keys) -> None:
    async with await connect(server.port, keys.client) as conn:
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await conn.start_sftp_client()
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_session(ScreenClient.factory(), subsystem="netconf", encoding=None)


async def test_port_and_socket_forwarding_are_refused(server: ReaderSshServer, keys: Keys) -> None:
    async with await connect(server.port, keys.client) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_unix_connection(asyncssh.SSHUNIXSession, "/run/docker.sock")
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_path("/tmp/hubreader-test.sock", "/run/docker.sock")


async def test_agent_and_x11_forwarding_are_refused(server: ReaderSshServer, keys: Keys) -> None:
    """Asked on the wire with want-reply (asyncssh's client would not wait for the answer)."""
    async with await connect(server.port, keys.client) as conn:
        chan, screen = await open_screen(conn)
        await screen.wait_for("Hubs (")
        assert await chan._make_request(b"auth-agent-req@openssh.com") is False
        x11 = (Boolean(False), String("MIT-MAGIC-COOKIE-1"), String("00" * 16), UInt32(0))
        assert await chan._make_request(b"x11-req", *x11) is False
        chan.write(b"/grpo")
        await screen.wait_for("for “grpo”")  # the session itself carries on
        chan.close()


async def test_unknown_keys_and_passwords_are_denied(server: ReaderSshServer, keys: Keys) -> None:
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(server.port, keys.stranger)
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncssh.connect("127.0.0.1", server.port, username="reader", password="reader", client_keys=None,
                               known_hosts=None, agent_path=None, config=None)


async def test_sessions_are_limited_per_key_not_per_user_name(server: ReaderSshServer, keys: Keys) -> None:
    second = asyncssh.generate_private_key("ssh-ed25519")
    keys.add_authorized(second)  # picked up without a restart
    async with (await connect(server.port, keys.client, "alice") as alice,
                await connect(server.port, keys.client, "bob") as bob,
                await connect(server.port, second, "alice") as other):
        screens = [await open_screen(alice), await open_screen(alice)]
        with pytest.raises(asyncssh.ChannelOpenError, match="this key already has 2 open sessions"):
            await open_screen(bob)
        screens.append(await open_screen(other))
        with pytest.raises(asyncssh.ChannelOpenError, match="the server is full"):
            await open_screen(other)
        for _, screen in screens:
            await screen.wait_for("Hubs (")
        first_chan, _ = screens[0]
        first_chan.close()
        await _until(lambda: len(server.sessions) < 3)
        _chan, screen = await open_screen(bob)  # the slot came back
        await screen.wait_for("Hubs (")


async def _until(condition: Callable[[], bool], timeout: float = DEADLINE_S) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition() and loop.time() < deadline:
        await asyncio.sleep(0.02)
    assert condition(), "condition never held"
