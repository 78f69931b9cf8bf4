"""Esc followed closely by another key is two keys (#18 item 4): every reader starts with a short ESCDELAY, which
Textual reads once, as it is imported, unless the user set their own; and the reader's drivers let a lone Esc go
as Escape once that delay has passed, whatever arrives next (tui/overrides/escape_input.py)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import aiohttp
import pyte
import pytest
from textual import constants
from textual.events import Key
from textual.message import Message

from tests.conftest import FIXTURE_KB, REPO, started
from tests.test_input_flood import LINUX, WEB, Picked, make_app, stdin_from_pipe, wait_until, web_packet
from tests.test_serve_web import COLUMNS, ROWS, TITLE, read_screen, readers, serve_web
from tests.tmux import Terminal
from tui.model import KnowledgeBase
from tui.serve.child import Limits, Prepared
from tui.serve.session_env import ESCAPE_DELAY_ENV, ESCAPE_DELAY_MS
from tui.serve.zygote_client import ZygoteClient

REPORT_ENTRY = "tests.test_escape_delay:report_escape_delay"
DEADLINE_S = 15.0
HUMAN_GAP_S = 0.05  # Esc, then the next key this long after it: quick typing, slower than any terminal's own bytes
# The entry's delay, then Textual's view of it, in a fresh interpreter where nothing imported Textual before main.
ENTRY_THEN_TEXTUAL = f"""
import os
from tui.cli.main import main
main(["--content", {str(FIXTURE_KB)!r}, "list"])
from textual import constants
print(os.environ[{ESCAPE_DELAY_ENV!r}], constants.ESCAPE_DELAY)
"""


def without_escape_delay() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != ESCAPE_DELAY_ENV}


@pytest.mark.parametrize(
    ("users", "expected"), [(None, f"{ESCAPE_DELAY_MS} {ESCAPE_DELAY_MS / 1000}"), ("300", "300 0.3")]
)
def test_the_entry_sets_a_short_escape_delay_unless_the_user_chose_one(users: str | None, expected: str) -> None:
    env = without_escape_delay() | ({ESCAPE_DELAY_ENV: users} if users else {})
    result = subprocess.run(
        [sys.executable, "-c", ENTRY_THEN_TEXTUAL], capture_output=True, text=True, env=env, cwd=REPO, check=True
    )
    assert result.stdout.splitlines()[-1] == expected


def report_escape_delay(prepared: Prepared, environ: Mapping[str, str], started: Callable[[], None]) -> int:
    """A session entry for tests: write down the escape delay Textual uses in this forked reader."""
    from textual import constants  # noqa: PLC0415 - the zygote imported it before the fork; this only looks it up

    Path(environ["LC_REPORT"]).write_text(str(constants.ESCAPE_DELAY), encoding="utf-8")
    started()
    return 0


@pytest.mark.parametrize(("servers", "expected"), [(None, ESCAPE_DELAY_MS / 1000), ("60", 0.06)])
async def test_a_served_ssh_reader_has_the_short_escape_delay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, servers: str | None, expected: float
) -> None:
    """Set in the zygote, from the server's environment, before it imports Textual: a session's own environment,
    here asking for a second, arrives after the fork, too late to change it."""
    monkeypatch.delenv(ESCAPE_DELAY_ENV, raising=False)
    if servers:
        monkeypatch.setenv(ESCAPE_DELAY_ENV, servers)
    report = tmp_path / "delay"
    zygote = await ZygoteClient.start(FIXTURE_KB, tmp_path / "cache", REPORT_ENTRY)
    master, slave = os.openpty()
    try:
        session = {"LC_REPORT": str(report), ESCAPE_DELAY_ENV: "1000"}
        pid = await asyncio.wait_for(zygote.spawn(slave, session, Limits(60, 512 << 20)), DEADLINE_S)
        assert await asyncio.wait_for(zygote.exited(pid), DEADLINE_S) == 0
    finally:
        os.close(slave)
        os.close(master)
        await zygote.close()
    assert float(report.read_text(encoding="utf-8")) == expected


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a reader's environment in /proc")
@pytest.mark.parametrize(("servers", "expected"), [(None, str(ESCAPE_DELAY_MS)), ("60", "60")])
async def test_a_browser_s_reader_starts_with_the_server_s_escape_delay(
    tmp_path: Path, servers: str | None, expected: str
) -> None:
    env = without_escape_delay() | {"HUBREADER_CACHE": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path)}
    env |= {ESCAPE_DELAY_ENV: servers} if servers else {}
    async with serve_web(env) as (server, url), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        await read_screen(websocket, TITLE)
        (reader,) = readers(server.pid)
        environ = Path(f"/proc/{reader}/environ").read_bytes().split(b"\0")
    assert f"{ESCAPE_DELAY_ENV}={expected}".encode() in environ


async def screen_until(
    websocket: aiohttp.ClientWebSocketResponse, stream: pyte.ByteStream, done: Callable[[str], bool]
) -> str:
    """Feed the session's output to the emulator behind `stream` until its screen satisfies `done`."""
    end = time.monotonic() + DEADLINE_S
    while not done(text := "\n".join(stream.listener.display)):
        assert time.monotonic() < end, f"timed out waiting; last screen:\n{text}"
        try:
            message = await asyncio.wait_for(websocket.receive(), max(0.01, end - time.monotonic()))
        except TimeoutError:
            continue
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type is aiohttp.WSMsgType.BINARY:
            stream.feed(message.data)
    return text


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="serve-web's tests find readers through /proc")
async def test_esc_then_tab_in_a_browser_closes_the_palette_and_then_moves_focus(tmp_path: Path) -> None:
    """The browser's keys reach the reader as textual-serve's packets, one per key: the same gap, the same rule."""
    env = os.environ | {"HUBREADER_CACHE": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}
    async with serve_web(env) as (_, url), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        stream = pyte.ByteStream(pyte.Screen(COLUMNS, ROWS))
        await screen_until(websocket, stream, lambda text: "Hubs (" in text)
        await websocket.send_json(["stdin", "\x10"])  # Ctrl+P
        await screen_until(websocket, stream, lambda text: "Search for commands" in text)
        await websocket.send_json(["stdin", "\x1b"])
        await asyncio.sleep(HUMAN_GAP_S)  # the gap is the input under test, not a wait for the reader
        await websocket.send_json(["stdin", "\t"])
        screen = await screen_until(
            websocket, stream, lambda text: "Search for commands" not in text and "tab Next" in text
        )
    assert "Hubs (" in screen


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """This checkout's reader (`-m tui` runs the same entry as the `hubreader` command) at 80x24."""
    env = {"HUBREADER_CACHE": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
    term = Terminal(f"{sys.executable} -m tui --content {FIXTURE_KB}", 80, 24, env)
    yield term
    term.close()


def test_esc_then_tab_closes_the_palette_and_then_moves_focus(terminal: Terminal) -> None:
    """Esc and Tab sent in one write are a single key on the wire (ESC TAB is the Linux console's Shift+Tab), so
    the Tab follows a person's quick gap instead."""
    terminal.wait_for("Hubs (")
    terminal.press("C-p")
    terminal.wait_for("Search for commands")
    terminal.press("Escape")
    time.sleep(HUMAN_GAP_S)  # the gap is the input under test, not a wait for the reader
    terminal.press("Tab")
    screen = terminal.wait_for(lambda text: "Search for commands" not in text and "tab Next" in text, timeout=5)
    assert "Hubs (" in screen


def typed(picked: Picked, keys: bytes) -> bytes:
    """What the terminal sends the driver for `keys`: the bytes themselves, or textual-serve's data packet."""
    return web_packet(b"D", keys) if picked is WEB else keys


FIRST_KEYS = {b"\x1b": "escape", b"\x1b[A": "up"}  # sent in one write each; then Tab, then x


@pytest.mark.parametrize("picked", [LINUX, WEB], ids=["linux", "web"])
@pytest.mark.parametrize("first", FIRST_KEYS, ids=["esc", "up-arrow"])
async def test_esc_then_a_key_a_moment_later_are_two_keys(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, picked: Picked, first: bytes
) -> None:
    """Through the reader's own drivers, as Textual picks them: Tab typed HUMAN_GAP_S after Esc used to join it
    (ESC TAB reads as Shift+Tab) since the drivers waited 0.1 s and fed the Tab before letting the Esc go. A
    sequence arriving whole (the Up arrow) stays one key."""
    monkeypatch.setattr(constants, "ESCAPE_DELAY", ESCAPE_DELAY_MS / 1000)
    monkeypatch.setattr(constants, "DRIVER", picked.choice)
    app = make_app(kb, tmp_path)
    keys: list[str] = []

    class Recording(app.get_driver_class()):  # type: ignore[misc]
        def send_message(self, message: Message) -> None:
            """Keys are noted, not handled: what the reader does with them is not under test."""
            if isinstance(message, Key):
                keys.append(message.key)
            else:
                super().send_message(message)

    async with app.run_test() as pilot:
        await started(pilot)
        with stdin_from_pipe() as stdin:
            driver = Recording(app, size=(80, 24))
            reader = threading.Thread(target=driver.run_input_thread)
            reader.start()
            try:
                os.write(stdin, typed(picked, first))
                await asyncio.sleep(HUMAN_GAP_S)  # the gap is the input under test, not a wait for the reader
                os.write(stdin, typed(picked, b"\t"))
                await asyncio.sleep(HUMAN_GAP_S)
                os.write(stdin, typed(picked, b"x"))  # the end of the input: then every key before it is in
                await wait_until(pilot, lambda: "x" in keys, timeout=DEADLINE_S)
            finally:
                os.write(stdin, picked.ending)
                driver.exit_event.set()
                reader.join()
    assert keys == [FIRST_KEYS[first], "tab", "x"]
