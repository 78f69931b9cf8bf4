"""serve-ssh against hostile clients (issue #16): env floods, crowds of idle connections, keys by the hundred."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path

import asyncssh
import pytest
import pytest_asyncio
from asyncssh.packet import String

from tests.conftest import FIXTURE_KB
from tests.test_serve_ssh_support import (
    DEADLINE_S,
    SERVE_SSH,
    Keys,
    connect,
    live_pids,
    make_keys,
    open_reader,
    open_screen,
    serving,
    start_server,
)
from tui.serve.pty_bridge import INPUT_BACKLOG
from tui.serve.ssh_limits import FAILURE_DELAYS_S, FORGET_FAILURES_S, FREE_FAILURES, MAX_ADDRESSES, FailureBook
from tui.serve.ssh_server import INPUT_WINDOW, MAX_AUTH_TRIES, MAX_PENDING, REPORT_EVERY_S, ReaderSshServer

on_module_loop = pytest.mark.asyncio(loop_scope="module")
PTY_HOLDS = 1 << 16  # a raw pty takes ~14 KB its reader has not read; generous for other kernels
SERVER_LOG = "hubreader.serve.ssh"
# Runs serve-ssh with few file descriptors, as a crowded host would have: 8 are open once it serves.
FEW_FDS = 64
WITH_FEW_FDS = [sys.executable, "-c", "import os, resource, sys; resource.setrlimit(resource.RLIMIT_NOFILE, "
                f"({FEW_FDS}, {FEW_FDS})); os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"]


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> AsyncIterator[ReaderSshServer]:
    """max_sessions 8, so one address may have 10 logins in progress."""
    server = await start_server(tmp_path_factory.mktemp("serve"), keys, max_sessions=8)
    yield server
    await server.stop()


# Item 4: env requests


async def test_env_requests_are_capped_by_count_and_size(tmp_path: Path) -> None:
    """Before: every request was kept, 2,000 of 30 KB grew the server by 118 MB; now only what a reader takes."""
    keys = make_keys(tmp_path / "keys")
    async with (serving(_serve_argv(keys, tmp_path), _env(tmp_path)) as (process, banner),
                await connect(_port(banner), keys.client) as conn):
        chan, screen = await open_screen(conn)
        await screen.wait_for("Hubs (")
        before = _rss_mb(process.pid)
        big = await asyncio.gather(*(_env_request(chan, f"LC_{_letters(n)}", "x" * 30_000) for n in range(2000)))
        grown = _rss_mb(process.pid) - before
        many = [await _env_request(chan, f"LC_{_letters(n)}", "C.UTF-8") for n in range(40)]
        strange = [await _env_request(chan, name, "1") for name in ("LD_PRELOAD", "LC_1", "lc_all")]
        chan.write(b"/grpo")
        await screen.wait_for("for “grpo”")  # the session carries on
    assert not any(big), "values over 256 characters are refused"
    assert grown < 20, f"the server grew by {grown:.0f} MB"
    assert many == [True] * 32 + [False] * 8
    assert strange == [False, False, False]


# Item 5: logins in progress


@on_module_loop
async def test_logins_in_progress_are_capped_per_address_and_overall(server: ReaderSshServer, keys: Keys,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, SERVER_LOG)
    crowd = await _crowd(server.port, ["127.0.0.2"], 10, greeted=True)
    with pytest.raises(asyncssh.DisconnectError, match=r"too many logins in progress from this address \(10\)"):
        await _connect_from("127.0.0.2", server.port, keys.client)
    async with await connect(server.port, keys.client):  # another address still gets in
        pass
    for _ in range(5):
        with pytest.raises(asyncssh.DisconnectError, match=r"too many logins in progress from this address"):
            await _connect_from("127.0.0.2", server.port, keys.client)
    refused_lines = [r for r in caplog.records if "refused: too many logins" in r.getMessage()]
    assert 1 <= len(refused_lines) <= 2, "one line per interval, however many are refused"
    await _close(crowd)
    await _until(lambda: server.pending.total == 0)
    async with await _connect_from("127.0.0.2", server.port, keys.client):
        pass


@on_module_loop
async def test_past_the_overall_cap_the_oldest_login_in_progress_makes_room(server: ReaderSshServer,
                                                                            keys: Keys) -> None:
    """Before: 100 idle connections from 10 addresses kept everyone out until the login timeout dropped them."""
    crowd = await _crowd(server.port, [f"127.0.1.{n}" for n in range(10)], 10, greeted=True)
    assert server.pending.total == MAX_PENDING
    async with await _connect_from("127.0.2.1", server.port, keys.client):
        pass
    dropped = [writer for writer in crowd if writer.transport.is_closing() or await _hung_up(writer)]
    assert len(dropped) == 1 and server.pending.total == MAX_PENDING - 1
    await _close(crowd)
    await _until(lambda: server.pending.total == 0)


async def test_out_of_file_descriptors_an_authorized_user_gets_in_and_the_log_stays_short(tmp_path: Path) -> None:
    """Before: one address's idle crowd locked everyone out for 30 s; each failed accept logged a traceback."""
    keys = make_keys(tmp_path / "keys")
    loop = asyncio.get_running_loop()
    async with serving([*WITH_FEW_FDS, *_serve_argv(keys, tmp_path)[1:]], _env(tmp_path)) as (process, banner):
        started, port, log = loop.time(), _port(banner), []
        assert process.stderr is not None
        reading = asyncio.create_task(_read_all(process.stderr, log))
        crowd = await _crowd(port, [f"127.0.0.{n}" for n in range(3, 13)], 10)  # under the caps, over the fds
        await _until(lambda: "cannot accept connections" in "".join(log))
        await asyncio.sleep(2)  # asyncio retries every second: more failed accepts
        await _close(crowd)
        await _reader_opens(port, keys.client)
        crowd = await _crowd(port, ["127.0.0.2"], 300)  # all but 20 refused at once
        await _reader_opens(port, keys.client)
        process.terminate()
        await asyncio.wait_for(reading, DEADLINE_S)
        elapsed = loop.time() - started
    text = "".join(log)
    assert "Traceback" not in text, text[-2000:]
    assert 1 <= text.count("cannot accept connections") <= 1 + elapsed / REPORT_EVERY_S, text[-2000:]
    assert all(line.count("hubreader: ") == 1 for line in log), text[-2000:]


# Item 6: failed authentication


@on_module_loop
async def test_six_refused_keys_end_the_connection(server: ReaderSshServer, keys: Keys,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """Before: all 300 were tried, and the authorized key after them got in."""
    caplog.set_level(logging.INFO, SERVER_LOG)
    strangers = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(300)]
    with pytest.raises(asyncssh.PermissionDenied, match="too many authentication failures"):
        await _connect_from("127.0.3.1", server.port, *strangers, keys.client)
    refused = [r for r in caplog.records if "auth refused" in r.getMessage()]
    assert len(refused) == MAX_AUTH_TRIES
    assert f"{MAX_AUTH_TRIES} refused, disconnecting" in refused[-1].getMessage()


@on_module_loop
async def test_bad_signatures_for_an_authorized_key_count_as_refusals(server: ReaderSshServer, keys: Keys) -> None:
    """Anyone may know an authorized public key: signing for it with another key is tried at most twice."""
    forged = asyncssh.load_keypairs([keys.stranger])[0]
    forged.public_data = keys.client.public_data  # offers the authorized key, signs with the stranger's
    with pytest.raises(asyncssh.PermissionDenied, match="too many authentication failures"):
        await _connect_from("127.0.5.1", server.port, *([forged] * 20))


@on_module_loop
async def test_repeated_failures_from_one_address_are_slowed_not_other_addresses(server: ReaderSshServer,
                                                                                keys: Keys) -> None:
    with pytest.raises(asyncssh.PermissionDenied):  # one connection's worth of refusals, answered at once
        await _connect_from("127.0.4.1", server.port, *([keys.stranger] * FREE_FAILURES))
    loop = asyncio.get_running_loop()
    started = loop.time()
    slowed = asyncio.create_task(_refused_from("127.0.4.1", server.port, keys.stranger))
    other = asyncio.create_task(_refused_from("127.0.4.2", server.port, keys.stranger))
    done, _ = await asyncio.wait([slowed, other], return_when=asyncio.FIRST_COMPLETED)
    assert done == {other}, "the other address was answered first"
    assert await slowed - started >= FAILURE_DELAYS_S[0]
    async with await _connect_from("127.0.4.1", server.port, keys.client):  # an authorized key is never slowed
        pass


def test_the_failure_table_is_bounded_and_forgets() -> None:
    now = [0.0]
    book = FailureBook(lambda: now[0])
    delays = [book.fail("a") for _ in range(FREE_FAILURES + 4)]
    assert delays == [0.0] * FREE_FAILURES + [2.0, 4.0, 8.0, 8.0]
    for n in range(MAX_ADDRESSES + 100):
        book.fail(f"10.0.{n // 256}.{n % 256}")
    assert len(book) == MAX_ADDRESSES
    now[0] = FORGET_FAILURES_S + 1
    assert book.fail("a") == 0.0
    assert len(book) == 1


# Helpers


def _serve_argv(keys: Keys, tmp_path: Path) -> list[str]:
    return [*SERVE_SSH, "--content", str(FIXTURE_KB), "serve-ssh", "--host-key", str(tmp_path / "host_key"),
            "--authorized-keys", str(keys.authorized), "--port", "0"]


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "HUBREADER_CACHE": str(tmp_path / "cache")}


def _port(banner: str) -> int:
    found = re.search(r"127\.0\.0\.1:(\d+)", banner)
    assert found, banner
    return int(found.group(1))


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def _letters(number: int) -> str:
    """LC_ names must be letters: 0..9 written as A..J."""
    return "".join(chr(ord("A") + int(digit)) for digit in f"{number:04d}")


async def _env_request(chan: asyncssh.SSHClientChannel[bytes], name: str, value: str) -> bool | None:
    """Asked on the wire with want-reply, as many times as the test likes (asyncssh's client sends env once)."""
    return await chan._make_request(b"env", String(name), String(value))


async def _connect_from(address: str, port: int, *client_keys: asyncssh.SSHKey | asyncssh.SSHKeyPair) -> \
        asyncssh.SSHClientConnection:
    return await asyncssh.connect("127.0.0.1", port, local_addr=(address, 0), username="reader",
                                  client_keys=list(client_keys), known_hosts=None, agent_path=None, config=None,
                                  preferred_auth="publickey", login_timeout=DEADLINE_S)


async def _refused_from(address: str, port: int, key: asyncssh.SSHKey) -> float:
    """When the refusal came."""
    with pytest.raises(asyncssh.PermissionDenied):
        await _connect_from(address, port, key)
    return asyncio.get_running_loop().time()


async def _reader_opens(port: int, key: asyncssh.SSHKey) -> None:
    async with await asyncio.wait_for(connect(port, key), DEADLINE_S) as conn:
        _chan, screen = await open_screen(conn)
        await screen.wait_for("Hubs (")


async def _crowd(port: int, addresses: Iterable[str], each: int, *, greeted: bool = False) -> list[
        asyncio.StreamWriter]:
    """Idle TCP connections that never speak SSH, `each` per address; greeted: once the server counted them."""
    tries = [_idle(port, address, greeted) for address in addresses for _ in range(each)]
    return [writer for writer in await asyncio.gather(*tries, return_exceptions=True)
            if isinstance(writer, asyncio.StreamWriter)]


async def _idle(port: int, address: str, greeted: bool) -> asyncio.StreamWriter:
    opening = asyncio.open_connection("127.0.0.1", port, local_addr=(address, 0))
    reader, writer = await asyncio.wait_for(opening, DEADLINE_S)
    if greeted:
        assert (await asyncio.wait_for(reader.readline(), DEADLINE_S)).startswith(b"SSH-2.0-")
    return writer


async def _hung_up(writer: asyncio.StreamWriter) -> bool:
    """The server disconnected this idle connection: its socket reads end of file after the disconnect message."""
    with socket.fromfd(writer.get_extra_info("socket").fileno(), socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            data = sock.recv(65536, socket.MSG_DONTWAIT | socket.MSG_PEEK)
        except BlockingIOError:
            return False
    return b"too many logins" in data or data == b""


async def _close(crowd: list[asyncio.StreamWriter]) -> None:
    for writer in crowd:
        writer.close()


async def _read_all(stream: asyncio.StreamReader, lines: list[str]) -> None:
    while line := await stream.readline():
        lines.append(line.decode(errors="replace"))


async def _until(condition: Callable[[], bool]) -> None:
    async def polling() -> None:
        while not condition():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(polling(), DEADLINE_S)


# Item 3, the server's side: what a flood can park between the client and a reader


@on_module_loop
async def test_a_stopped_reader_holds_back_at_most_a_small_window_of_input(server: ReaderSshServer,
                                                                           keys: Keys) -> None:
    """A client may send a reader that takes nothing only SSH's window, the bridge's backlog and what the pty
    holds; the rest of a flood waits on the client's side (asyncssh's default window let 2 MiB through)."""
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        chan, _, pid = await open_reader(conn, server, known)
        os.kill(pid, signal.SIGSTOP)
        try:
            flood = b"x" * (1 << 20)
            chan.write(flood)
            await _until(lambda: chan.get_write_buffer_size() < len(flood))  # the window's worth went out
            await asyncio.sleep(1)  # nothing more may go: the reader takes nothing while stopped
            parked = len(flood) - chan.get_write_buffer_size()
        finally:
            os.kill(pid, signal.SIGKILL)
    # asyncssh's buffer while paused (a window), one delivery past the bridge's backlog (a window), the pty
    assert parked <= 2 * INPUT_WINDOW + INPUT_BACKLOG + PTY_HOLDS, f"{parked} bytes parked between client and reader"


@on_module_loop
async def test_a_flood_in_small_writes_parks_at_most_a_window_in_the_server(server: ReaderSshServer,
                                                                            keys: Keys) -> None:
    """A reader that keeps up slowly pauses and resumes its channel many times a second; small writes from the client
    must not earn a fresh window at each resume (asyncssh's rule parked 2 MB of a 3 s flood in the server)."""
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        chan, _, pid = await open_reader(conn, server, known)
        (session,) = [s for s in server.sessions if s.pid == pid]
        sent, parked, loop = 0, 0, asyncio.get_running_loop()
        started = loop.time()
        while loop.time() - started < 3:
            if chan.get_write_buffer_size() > INPUT_WINDOW:
                await asyncio.sleep(0.01)
            else:
                chan.write(b"/grpo\x7f\x7f" * 40)
                sent += 7 * 40
                await asyncio.sleep(0)
            parked = max(parked, sent - chan.get_write_buffer_size() - session.bytes_in)
    assert sent > 4 * INPUT_WINDOW, "the flood must outrun the reader for the test to mean anything"
    assert parked <= 2 * INPUT_WINDOW, f"{parked} bytes of the flood waited in the server"
