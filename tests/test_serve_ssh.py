"""serve-ssh sessions through a real SSH client and a pyte screen: render, type, resize, quit, isolation, drops."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.test_serve_ssh_support import (
    DEADLINE_S,
    Channel,
    Keys,
    ScreenClient,
    connect,
    exists,
    gone,
    live_pids,
    open_reader,
    start_server,
)
from tui.serve.ssh_server import ReaderSshServer
from tui.serve.zygote import START_SLOT_S

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> AsyncIterator[ReaderSshServer]:
    server = await start_server(tmp_path_factory.mktemp("serve"), keys)
    yield server
    zygote = server.zygote.pid
    await server.stop()
    assert not exists(zygote) or await gone(zygote)


async def test_a_session_renders_takes_keys_resizes_and_quits(server: ReaderSshServer, keys: Keys) -> None:
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        chan, screen, pid = await open_reader(conn, server, known)
        chan.write(b"/grpo")
        text = await screen.wait_for("for “grpo”")
        assert "GRPO" in text
        screen.screen.resize(40, 120)
        chan.change_terminal_size(120, 40)
        await screen.wait_for(lambda text: "palette" in screen.screen.display[39])
        await _quit(chan, screen)
        assert chan.get_exit_status() == 0
    assert await gone(pid)


async def test_each_reader_is_limited_and_leads_its_own_session(server: ReaderSshServer, keys: Keys) -> None:
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        chan, _, pid = await open_reader(conn, server, known)
        limits = Path(f"/proc/{pid}/limits").read_text()
        assert _limit(limits, "Max cpu time") == "600"
        assert int(_limit(limits, "Max data size")) > 512 << 20
        assert _limit(limits, "Max core file size") == "0"
        assert os.getsid(pid) == pid and os.getpgid(pid) == pid
        assert os.getppid() != pid and pid not in {os.getpid(), server.zygote.pid}
        chan.close()
    assert await gone(pid)


async def test_a_reader_gives_back_its_start_up_slot_once_its_first_item_is_up(server: ReaderSshServer,
                                                                               keys: Keys) -> None:
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        chan, screen, pid = await open_reader(conn, server, known)
        await screen.wait_for("Hub")  # the first hub's page, drawn after the first frame
        deadline = time.monotonic() + START_SLOT_S / 2  # before the zygote would have given up on it
        while _pipes(pid) & _pipes(server.zygote.pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert not _pipes(pid) & _pipes(server.zygote.pid), "the reader still holds its start-up pipe"
        chan.close()
    assert await gone(pid)


async def test_one_stalled_or_killed_session_does_not_stall_another(server: ReaderSshServer, keys: Keys) -> None:
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        stalled_chan, _, stalled_pid = await open_reader(conn, server, known)
        other_chan, other, other_pid = await open_reader(conn, server, known | {stalled_pid})
        os.kill(stalled_pid, signal.SIGSTOP)
        stalled_chan.write(b"/" + b"x" * 100_000)  # more than a pty holds: the stalled reader's input backs up
        other_chan.write(b"/grpo")
        await other.wait_for("for “grpo”")
        os.kill(stalled_pid, signal.SIGKILL)
        await asyncio.wait_for(stalled_chan.wait_closed(), DEADLINE_S)
        assert stalled_chan.get_exit_status() == 128 + signal.SIGKILL
        other_chan.write(b" tokens")
        await other.wait_for("for “grpo tokens”")
        await _quit(other_chan, other)
        assert other_chan.get_exit_status() == 0
    assert await gone(stalled_pid) and await gone(other_pid)


async def test_a_client_that_vanishes_mid_frame_leaves_no_process(server: ReaderSshServer, keys: Keys) -> None:
    known = live_pids(server)
    conn = await connect(server.port, keys.client)
    chan, _, pid = await open_reader(conn, server, known)
    chan.write(b"/gr")
    chan.change_terminal_size(200, 60)  # a full repaint is on its way when the connection drops
    conn.abort()
    assert await gone(pid)
    assert pid not in live_pids(server)


async def _quit(chan: Channel, screen: ScreenClient) -> None:
    """Esc closes the search (on its own: Esc then q in one read would be Alt+q), then q quits."""
    chan.write(b"\x1b")
    await screen.wait_for(lambda text: "for “" not in text)
    chan.write(b"q")
    await asyncio.wait_for(chan.wait_closed(), DEADLINE_S)


def _limit(limits: str, name: str) -> str:
    line = next(line for line in limits.splitlines() if line.startswith(name))
    return line[len(name):].split()[0]


def _pipes(pid: int) -> set[str]:
    """The pipes a process has open, as the kernel names them (`pipe:[inode]`): equal names are one pipe."""
    links = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):
            links.add(os.readlink(fd))
    return {link for link in links if link.startswith("pipe:")}
