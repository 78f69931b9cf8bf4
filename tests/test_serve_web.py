"""`hubreader serve-web` for real: a server on loopback, aiohttp websockets, reader children found in /proc."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pyte
import pytest

from tests.conftest import FIXTURE_KB
from tui.cli.serve_web_cmd import _is_loopback
from tui.serve.web import ReaderServer

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds children through /proc")

TITLE = "What does the alpha hub collect?"
COLUMNS, ROWS = 120, 40
DEADLINE_S = 15.0
READER = [sys.executable, "-m", "tui", "--content", str(FIXTURE_KB.resolve()), "--serve-mode"]
URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*:)?//[a-z0-9\[][^\s\"'`<>()]*", re.IGNORECASE)  # absolute, scheme-relative
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def hubreader(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tui", "--content", str(FIXTURE_KB), "serve-web", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=DEADLINE_S)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "HUBREADER_CACHE": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}


@asynccontextmanager
async def serve_web(env: dict[str, str]) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """`hubreader serve-web --port 0` as a user starts it; yields the process and the URL it announced."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tui", "--content", str(FIXTURE_KB), "serve-web", "--port", "0",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )
    try:
        assert process.stdout is not None
        index = (await asyncio.wait_for(process.stdout.readline(), DEADLINE_S)).decode()
        assert index.startswith("hubreader: search index: "), index  # prepared once, before any reader starts
        line = (await asyncio.wait_for(process.stdout.readline(), DEADLINE_S)).decode()
        assert line.startswith("hubreader: serving the reader at http://127.0.0.1:"), line
        yield process, line.split(" at ")[1].split()[0]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@asynccontextmanager
async def serve_in_process(command: str, stall_s: float = 0.5) -> AsyncIterator[str]:
    """A ReaderServer in this process, for children that misbehave on purpose, with short limits; yields its URL."""
    server = ReaderServer(command, "127.0.0.1", 0, grace_s=0.5, stall_s=stall_s)
    stop = asyncio.Event()
    task = asyncio.create_task(server.run(stop))
    await until(lambda: server.port != 0 or task.done(), "the server to listen")
    try:
        yield server.public_url
    finally:
        stop.set()
        await asyncio.wait_for(task, DEADLINE_S)


async def until(condition: Callable[[], bool], what: str, deadline_s: float = DEADLINE_S) -> None:
    end = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def read_screen(websocket: aiohttp.ClientWebSocketResponse, text: str) -> str:
    """Feed the session's terminal output to an emulator until `text` is on the screen."""
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.ByteStream(screen)
    end = time.monotonic() + DEADLINE_S
    while text not in "\n".join(screen.display):
        message = await asyncio.wait_for(websocket.receive(), max(0.01, end - time.monotonic()))
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type is aiohttp.WSMsgType.BINARY:
            stream.feed(message.data)
    return "\n".join(screen.display)


def processes() -> Iterator[tuple[int, int, str, bytes]]:
    """Every process as (pid, parent pid, state, command line), read from /proc."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            argv = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        yield int(entry.name), int(ppid), state, argv


def readers(server: int) -> dict[int, list[str]]:
    """The server's `--serve-mode` children, zombies included: reaping them is the server's job too."""
    return {
        pid: [part.decode() for part in argv.split(b"\0")[:-1]]
        for pid, ppid, _, argv in processes() if ppid == server and b"--serve-mode" in argv
    }


def marked(marker: str) -> set[int]:
    """Live processes at any depth carrying `marker`; an orphan's zombie is init's to reap, not ours."""
    return {pid for pid, _, state, argv in processes() if marker.encode() in argv and state != "Z"}


async def until_closed(websocket: aiohttp.ClientWebSocketResponse) -> None:
    """Skip the remaining output until the server closes the session."""
    end = time.monotonic() + DEADLINE_S
    while (message := await asyncio.wait_for(websocket.receive(), end - time.monotonic())).type in (
        aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT,
    ):
        pass
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), message


def abort(websocket: aiohttp.ClientWebSocketResponse) -> None:
    """Drop the TCP connection under the websocket, as a closed laptop lid would: no websocket close frame."""
    websocket.get_extra_info("socket").shutdown(socket.SHUT_RDWR)


async def fetch(client: aiohttp.ClientSession, url: str) -> str:
    async with client.get(url) as response:
        assert response.status == 200, url
        return await response.text()


def foreign(text: str, origin: str) -> list[str]:
    """The URLs in `text` on any host but `origin`'s, whatever their scheme (http, ws, or none)."""
    host = urlsplit(origin).netloc
    return [url for url in URL.findall(text) if urlsplit(url).netloc != host]


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1 and "Traceback" not in text, text
    return lines[0]


async def test_the_page_and_a_session_render_the_reader_and_q_ends_it(env: dict[str, str]) -> None:
    async with serve_web(env) as (server, url), aiohttp.ClientSession() as client:
        async with client.get(url) as page:
            assert page.status == 200
            assert f'"{url.replace("http", "ws")}/ws"' in await page.text()
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        screen = await read_screen(websocket, TITLE)
        assert "hubreader" in screen
        assert list(readers(server.pid).values()) == [READER]
        await websocket.send_json(["stdin", "q"])
        await until_closed(websocket)
        await until(lambda: not readers(server.pid), "the reader to exit")


async def test_a_reader_inherits_only_what_it_needs_from_the_server(env: dict[str, str]) -> None:
    leaky = {**env, "HUBREADER_TEST_SECRET": "hunter2", "TEXTUAL": "devtools"}
    async with serve_web(leaky) as (server, url), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        await read_screen(websocket, TITLE)
        (reader,) = readers(server.pid)
        environ = Path(f"/proc/{reader}/environ").read_bytes().split(b"\0")
        names = {entry.split(b"=", 1)[0].decode() for entry in environ}
        assert "HUBREADER_TEST_SECRET" not in names and "TEXTUAL" not in names
        assert {"TEXTUAL_DRIVER", "HUBREADER_CACHE", "PATH"} <= names


async def test_an_abrupt_disconnect_leaves_no_reader_behind(env: dict[str, str]) -> None:
    async with serve_web(env) as (server, url), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        await read_screen(websocket, TITLE)
        assert len(readers(server.pid)) == 1
        abort(websocket)
        await until(lambda: not readers(server.pid), "the reader to exit after the drop")
        async with client.get(url) as page:
            assert page.status == 200


async def test_ctrl_c_closes_sessions_ends_readers_and_exits_cleanly(env: dict[str, str]) -> None:
    async with serve_web(env) as (server, url), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        await read_screen(websocket, TITLE)
        (reader,) = readers(server.pid)
        server.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(server.wait(), DEADLINE_S) == 0
        assert not Path(f"/proc/{reader}").exists()  # ended and reaped before the server exited
        await until_closed(websocket)
        assert server.stderr is not None
        assert b"Traceback" not in await server.stderr.read()


async def test_readers_do_not_outlive_a_server_killed_outright(env: dict[str, str]) -> None:
    async with serve_web(env) as (server, url), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        await read_screen(websocket, TITLE)
        (reader,) = readers(server.pid)
        server.kill()
        await server.wait()
        await until(lambda: reader not in marked("--serve-mode"), "the orphaned reader to exit")


async def test_a_reader_that_ignores_quit_is_killed_with_its_own_children() -> None:
    marker = f"stubborn-{uuid.uuid4().hex}"
    stubborn = (
        "import signal, subprocess, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
        " subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', sys.argv[1]]);"
        " print('__GANGLION__', flush=True); time.sleep(60)"
    )
    async with serve_in_process(shlex.join([sys.executable, "-c", stubborn, marker])) as url, \
            aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws")
        await until(lambda: len(marked(marker)) == 2, "the stubborn reader and its child")
        abort(websocket)
        await until(lambda: not marked(marker), "the stubborn reader's process group to be killed")


async def test_a_reader_that_stops_reading_its_input_is_ended() -> None:
    marker = f"deaf-{uuid.uuid4().hex}"
    deaf = "import time; print('__GANGLION__', flush=True); time.sleep(60)"
    async with serve_in_process(shlex.join([sys.executable, "-c", deaf, marker])) as url, \
            aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws")
        await until(lambda: len(marked(marker)) == 1, "the deaf reader")
        await websocket.send_json(["stdin", "x" * 1_000_000])  # more than a pipe holds
        await until_closed(websocket)
        await until(lambda: not marked(marker), "the deaf reader to be ended")


async def test_the_page_asks_nothing_of_another_host() -> None:
    """A reader served from loopback must work offline: no font, script or style from elsewhere, none asked for by
    the scripts and styles either (URLs in CSS comments are not requests)."""
    async with serve_in_process(shlex.join(READER)) as url, aiohttp.ClientSession() as client:
        page = await fetch(client, url)
        assert foreign(page, url) == []
        assets = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert {f"{url}/static/css/xterm.css", f"{url}/static/js/textual.js", "/favicon.ico"} == set(assets)
        for asset in assets:
            if asset.startswith(f"{url}/static/"):
                assert foreign(CSS_COMMENT.sub("", await fetch(client, asset)), url) == [], asset
        assert re.findall(r'url\("([^"]+)"\)', page) == [
            f"{url}/static/fonts/RobotoMono-VariableFont_wght.ttf",
            f"{url}/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf",
            f"{url}/static/images/background.png",
        ]


async def test_static_files_are_served_but_not_listed() -> None:
    async with serve_in_process(shlex.join(READER)) as url, aiohttp.ClientSession() as client:
        for folder in ("/static/", "/static/js/", "/static/fonts"):
            async with client.get(f"{url}{folder}") as response:
                assert response.status in (403, 404), folder
                assert "textual.js" not in await response.text()
        assert "xterm" in await fetch(client, f"{url}/static/css/xterm.css")


async def test_the_favicon_is_served() -> None:
    async with serve_in_process(shlex.join(READER)) as url, aiohttp.ClientSession() as client, \
            client.get(f"{url}/favicon.ico") as response:
        assert response.status == 200 and response.content_type.startswith("image/")
        assert (await response.read()).startswith(b"\0\0\1\0")  # an icon file


async def test_the_page_focuses_the_terminal_once_connected() -> None:
    """So that `/` searches at once, without a click. What a browser does with it is checked by hand (see #16)."""
    async with serve_in_process(shlex.join(READER)) as url, aiohttp.ClientSession() as client:
        page = await fetch(client, url)
        assert 'terminal.querySelector(".xterm-helper-textarea")' in page and "keyboard.focus()" in page
        assert 'terminal.classList.contains("-connected")' in page


async def test_a_page_from_another_site_cannot_open_a_reader() -> None:
    """Any web page can reach 127.0.0.1; only the reader's own page (or a client that is not a browser) may talk."""
    async with serve_in_process(shlex.join(READER)) as url, aiohttp.ClientSession() as client:
        port = url.rsplit(":", 1)[1]
        for headers in ({"Origin": "http://evil.example"}, {"Host": f"evil.example:{port}"},  # a rebound DNS name
                        {"Origin": f"http://evil.example:{port}", "Host": f"evil.example:{port}"}):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(f"{url}/ws", headers=headers)
            assert refused.value.status == 403
        assert not readers(os.getpid())
        for origin in (url, f"http://localhost:{port}"):
            websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}", headers={"Origin": origin})
            assert "hubreader" in await read_screen(websocket, TITLE)
            await websocket.close()


async def test_tabs_past_max_sessions_are_turned_away_until_one_closes() -> None:
    server = ReaderServer(shlex.join(READER), "127.0.0.1", 0, max_sessions=1)
    stop = asyncio.Event()
    task = asyncio.create_task(server.run(stop))
    await until(lambda: server.port != 0, "the server to listen")
    try:
        async with aiohttp.ClientSession() as client:
            first = await client.ws_connect(f"{server.public_url}/ws?width={COLUMNS}&height={ROWS}")
            await read_screen(first, TITLE)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(f"{server.public_url}/ws")
            assert refused.value.status == 503 and len(readers(os.getpid())) == 1
            await first.close()
            await until(lambda: server.open_sessions == 0 and not readers(os.getpid()), "the first tab to end")
            second = await client.ws_connect(f"{server.public_url}/ws?width={COLUMNS}&height={ROWS}")
            await read_screen(second, TITLE)
            await second.close()
    finally:
        stop.set()
        await asyncio.wait_for(task, DEADLINE_S)


def test_a_non_loopback_host_needs_public(env: dict[str, str]) -> None:
    result = hubreader("--host", "0.0.0.0", env=env)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith("hubreader: --host 0.0.0.0 is not a loopback address; add --public"), line


def test_public_warns_about_authentication_before_serving(env: dict[str, str]) -> None:
    result = hubreader("--host", "192.0.2.1", "--public", "--port", "0", env=env)  # TEST-NET: binding it fails
    warning, error = result.stderr.splitlines()
    assert "no authentication" in warning and "behind an authenticating proxy" in warning
    assert error.startswith("hubreader: cannot listen on 192.0.2.1:0: "), error
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_port_in_use_is_one_line(env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = hubreader("--port", str(port), env=env)
    assert result.returncode == 1
    assert one_line(result.stderr) == f"hubreader: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_bad_content_is_one_line_before_serving(env: dict[str, str], tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tui", "--content", str(tmp_path / "missing"), "serve-web", "--port", "0"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=DEADLINE_S)
    assert result.returncode == 2 and result.stdout == ""
    assert one_line(result.stderr).startswith("hubreader: content folder not found: ")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("", False)],
)
def test_loopback_means_every_resolved_address_is_loopback(host: str, loopback: bool) -> None:
    assert _is_loopback(host) is loopback


def test_the_command_line_does_not_load_the_web_stack_until_serve_web_runs() -> None:
    probe = "import sys, tui.cli.serve_web_cmd; print({m.split('.')[0] for m in sys.modules} & {'aiohttp', 'textual'})"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "set()"


class BrowserTerminal:
    """What xterm.js shows of one session: every byte the reader sent, on one emulated screen."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    async def send(self, data: str) -> None:
        await self.websocket.send_json(["stdin", data])

    async def until(self, check: Callable[[str], bool]) -> str:
        end = time.monotonic() + DEADLINE_S
        while not check(text := "\n".join(self.screen.display)):
            message = await asyncio.wait_for(self.websocket.receive(), max(0.01, end - time.monotonic()))
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
            if message.type is aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
        return text


async def test_hints_peek_and_search_history_work_in_the_browser(env: dict[str, str]) -> None:
    """The keys as xterm.js sends them (Ctrl+Up is ESC [1;5A): a hint label follows a link, peek on an episode
    reference quotes the citing sentence, and Ctrl+Up brings back the last query."""
    async with serve_web(env) as (_, url), aiohttp.ClientSession() as client:
        term = BrowserTerminal(await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}"))
        await term.until(lambda text: TITLE in text)
        await term.send("/")
        await term.send("grpo")
        await term.until(lambda text: "for “grpo”" in text)
        await term.send("\r")
        before = await term.until(lambda text: "Used in E001." in text)
        await term.send("f")
        after = await term.until(lambda text: "Used in E001." not in text)
        row = next(number for number, line in enumerate(before.splitlines()) if "Used in E001." in line)
        column = before.splitlines()[row].index("E001.")
        label = "".join(new for new, old in zip(after.splitlines()[row][column:column + 2], "E0", strict=True)
                        if new != old)
        await term.send(label)
        await term.until(lambda text: "Episode · E001" in text)
        await term.send("H")
        await term.until(lambda text: "Used in E001." in text and "Episode · E001" not in text)
        await term.send("\t")
        await term.send("p")
        peek = await term.until(lambda text: "On this page:" in text)
        assert "“Used in E001.”" in peek
        await term.send("\r")  # Enter in the peek opens the episode
        await term.until(lambda text: "Episode · E001" in text)
        await term.send("/")
        await term.send("\x15")  # Ctrl+U
        await term.until(lambda text: "for “grpo”" not in text)
        await term.send("\x1b[1;5A")
        await term.until(lambda text: "for “grpo”" in text)
