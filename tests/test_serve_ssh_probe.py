"""serve-ssh with a probe around the reader: what reaches the child's environment, and readers that end at once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.test_serve_ssh_support import (
    DEADLINE_S,
    PROBE,
    Keys,
    connect,
    live_pids,
    new_pid,
    open_reader,
    open_screen,
    start_server,
)
from tui.serve.ssh_server import ReaderSshServer

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> AsyncIterator[ReaderSshServer]:
    server = await start_server(tmp_path_factory.mktemp("serve"), keys, entry=PROBE)
    yield server
    await server.stop()


async def test_only_allowlisted_client_variables_reach_the_reader(server: ReaderSshServer, keys: Keys) -> None:
    sent = {"LANG": "de_DE.UTF-8", "LC_TIME": "C", "COLORTERM": "truecolor", "NO_COLOR": "1", "TERM": "vt52",
            "LD_PRELOAD": "/tmp/evil.so", "PYTHONPATH": "/tmp/evil", "HUBREADER_CONTENT": "/etc", "LC_ALL ": "x",
            "TEXTUAL_SCREENSHOT": "1"}
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        chan, _, pid = await open_reader(conn, server, known, env=sent)
        seen = json.loads((server.config.cache_dir / f"env-{pid}.json").read_text())
        chan.close()
    assert {name: seen.get(name) for name in ("LANG", "LC_TIME", "COLORTERM", "NO_COLOR")} == {
        "LANG": "de_DE.UTF-8", "LC_TIME": "C", "COLORTERM": "truecolor", "NO_COLOR": "1"}
    assert seen["TERM"] == "xterm-256color"  # the pty request's terminal type, not the env variable
    assert not {"LD_PRELOAD", "PYTHONPATH", "HUBREADER_CONTENT", "LC_ALL ", "TEXTUAL_SCREENSHOT"} & set(seen)
    assert set(seen) <= {"LANG", "LC_TIME", "COLORTERM", "NO_COLOR", "TERM", "HOME", "PATH", "USER", "LOGNAME",
                         "TMPDIR"}


async def test_sessions_start_with_the_css_the_zygote_parsed_once(server: ReaderSshServer, keys: Keys) -> None:
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        chan, _, pid = await open_reader(conn, server, known)
        parsed = int((server.config.cache_dir / f"css-{pid}").read_text())
        chan.close()
    assert parsed > 0


@pytest.mark.parametrize(("ask", "status", "shown"),
                         [("exit", 3, ""), ("crash", 1, "hubreader: the reader stopped: RuntimeError")])
async def test_a_reader_that_ends_at_once_ends_only_its_session(
    server: ReaderSshServer, keys: Keys, ask: str, status: int, shown: str
) -> None:
    async with await connect(server.port, keys.client) as conn:
        chan, screen = await open_screen(conn)
        await screen.wait_for("Hubs (")
        ended_chan, ended = await open_screen(conn, env={"LC_TEST": ask})
        await asyncio.wait_for(ended_chan.wait_closed(), DEADLINE_S)
        assert ended_chan.get_exit_status() == status
        assert shown in ended.text() and "Traceback" not in ended.text()
        chan.write(b"/grpo")
        await screen.wait_for("for “grpo”")  # the other session never noticed
        chan.close()


async def test_a_flood_of_variables_and_an_absurd_window_harm_nobody(server: ReaderSshServer, keys: Keys) -> None:
    flood = {f"LC_{chr(65 + n // 26)}{chr(65 + n % 26)}": "x" * 250 for n in range(300)}
    known = live_pids(server)
    async with await connect(server.port, keys.client) as conn:
        chan, screen = await open_screen(conn, env=flood)
        await screen.wait_for("Hubs (")
        seen = json.loads((server.config.cache_dir / f"env-{new_pid(server, known)}.json").read_text())
        assert sum(name.startswith("LC_") for name in seen) == 32
        chan.change_terminal_size(100_000, 100_000)  # clamped to 500x200 for the reader
        chan.change_terminal_size(80, 24)  # and back, so the test does not wait for huge frames under load
        await screen.wait_for(lambda text: "Hubs (" in text and "Notes (" in text)  # redrawn at 80x24, alive
        chan.write(b"/grpo")
        await screen.wait_for("for “grpo”")
        chan.close()
    async with await connect(server.port, keys.client) as conn:  # the server and its zygote carry on
        chan, screen = await open_screen(conn)
        await screen.wait_for("Hubs (")
        chan.close()
