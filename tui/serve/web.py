"""The web front door: textual-serve, one reader child per browser, and no child outliving its browser.

textual-serve 1.1.3 ends a session by sending the child a "quit" packet and waiting, unbounded, for its output
to end: a reader that is wedged (or stops reading its input) would spin for ever, and its children with it. And it
waits for the reader to take each browser message before it reads the next, so a browser's close queued behind a
flood of keystrokes is not seen until the reader has worked through them all: a flooded reader outlives its tab.
Here each child gets a process group of its own and the caps of an SSH reader; browser input is queued for it
without waiting (past a bound it is dropped), so a close is seen at once; then a grace period to quit, SIGKILL for
the whole group, and it is always reaped. Shutdown (SIGINT, SIGTERM, SIGHUP) closes every browser connection and
ends every child the same way. The page is ours: it asks no other host for anything.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import resource
import shlex
import signal
import sys
from asyncio.subprocess import PIPE, Process
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.model.sanitize import safe_text
from tui.paths import CACHE_ENV
from tui.serve.child import Limits, rlimits
from tui.serve.session_env import (
    ESCAPE_DELAY_ENV,
    MAX_SESSIONS,
    SERVER_ENV,
    SESSION_CPU_S,
    SESSION_MEMORY_MB,
    clamp_size,
)

log = logging.getLogger("hubreader.serve-web")

QUIT_GRACE_S = 2.0  # a reader asked to quit gets this long before its process group is killed
STALL_S = 10.0  # a reader that has not read its input for this long is wedged and gets ended
INPUT_BACKLOG_BYTES = 64 * 1024  # browser input held for a reader beyond its full pipe; more is dropped
ERROR_TAIL_BYTES = 4096  # of a reader's error output, enough to hold its last line
READER_LIMITS = Limits(SESSION_CPU_S, SESSION_MEMORY_MB << 20)  # an SSH reader's caps, all of its data counted
ASSETS = Path(__file__).with_name("web_assets")  # the page and its icon; scripts, styles and fonts are textual-serve's
HEARTBEAT_S = 15.0  # a browser that vanishes without a TCP close is noticed within 1.5 times this
CLOSE_TIMEOUT_S = 2.0  # how long closing a connection waits for the browser's acknowledgement
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")  # how a browser on this machine may name a loopback server
PACKAGE_HOME = Path(__file__).resolve().parents[2]  # where `-m tui` finds this very package
# What a browser's reader inherits from the server: the basics SSH readers get, where the prepared index and the
# user folders are, the server's locale and escape delay, and the variables textual-serve sets for its web driver.
# Nothing else: no TEXTUAL=devtools, no screenshot switches, no secrets from the server's environment.
READER_ENV = (
    *SERVER_ENV, CACHE_ENV, "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "LANG", "LC_ALL", "LC_CTYPE",
    ESCAPE_DELAY_ENV, "PYTHONPATH", "TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS",
)


def reader_command(content: Path) -> str:
    """The child each browser gets, shell-quoted as textual-serve wants: this Python, this package, serve mode."""
    return shlex.join([sys.executable, "-m", "tui", "--content", str(content), "--serve-mode"])


class ReaderSession(AppService):
    """One browser's reader: its own process group, bounded writes to it, and an end that always reaps it."""

    def __init__(self, command: str, *, grace_s: float, stall_s: float, limits: Limits, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.grace_s = grace_s
        self.stall_s = stall_s
        self.limits = limits
        self.name = self.app_service_id[:8]
        self._ending: asyncio.Future[None] | None = None
        self._watchdog: asyncio.Task[None] | None = None
        self._stderr_log: asyncio.Task[None] | None = None
        self._dropping = False

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def returncode(self) -> int | None:
        return self._process.returncode if self._process else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        """textual-serve hands the server's whole environment on; a reader gets only READER_ENV of it."""
        full = super()._build_environment(width=width, height=height)
        return {name: value for name, value in full.items() if name in READER_ENV}

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        """As textual-serve does, but without a shell, in a new session (no terminal signals), from PACKAGE_HOME."""
        width, height = clamp_size(width, height)
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=PIPE, stdout=PIPE, stderr=PIPE,
            env=self._build_environment(width=width, height=height),
            cwd=PACKAGE_HOME,  # `-m tui` must not pick up a `tui/` in whatever folder the server was started from
            start_new_session=True,
        )
        self._limit(process.pid)
        assert process.stdin is not None and process.stderr is not None
        self._stdin = process.stdin
        self._stderr_log = asyncio.create_task(self._log_stderr(process.stderr))
        process.stderr = asyncio.StreamReader()  # what textual-serve's relay copies to our stdout: nothing
        process.stderr.feed_eof()
        return process

    async def _log_stderr(self, stderr: asyncio.StreamReader) -> None:
        """textual-serve copies all a reader writes to stderr, tracebacks too, to the server's stdout; the server's
        log gets one line, its last (as when a reader runs out of memory)."""
        tail = b""
        while chunk := await stderr.read(ERROR_TAIL_BYTES):
            tail = (tail + chunk)[-ERROR_TAIL_BYTES:]
        if lines := tail.decode("utf-8", "replace").strip().splitlines():
            log.warning("session %s: the reader's last error output: %s", self.name, safe_text(lines[-1])[:200])

    def _limit(self, pid: int) -> None:
        """An SSH reader's caps (test_a_web_reader_has_the_caps_of_an_ssh_reader), set from here because a hook run
        between fork and exec is unsafe in a server with threads; the reader has been sent nothing yet."""
        with suppress(ProcessLookupError):  # it died at once: its end is reported like any other
            for which, caps in rlimits(self.limits, data_base=0).items():  # a fresh interpreter: all of it is its own
                resource.prlimit(pid, which, caps)

    async def send_bytes(self, data: bytes) -> bool:
        return self._send(self.encode_packet(b"D", data))

    async def send_meta(self, data: dict[str, str | int | bool | None]) -> bool:
        return self._send(self.encode_packet(b"M", json.dumps(data).encode("utf-8")))

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*clamp_size(width, height))

    def _send(self, packet: bytes) -> bool:
        """Queue input for the reader without waiting for it to be read, so that the browser's next message, its
        close among them, is read at once whatever the reader does (test_a_closed_tab_ends_its_flooded_reader_in_time).
        Input past INPUT_BACKLOG_BYTES is dropped, a reader that far behind cannot use more
        (test_input_a_reader_does_not_take_is_dropped_and_the_browser_still_heard)."""
        stdin = self._stdin
        if stdin is None or stdin.is_closing():
            return False
        if stdin.transport.get_write_buffer_size() > INPUT_BACKLOG_BYTES:
            self._note_dropping()
            return False
        stdin.write(packet)
        if self._ending is None and (self._watchdog is None or self._watchdog.done()):
            self._watchdog = asyncio.create_task(self._watch_input(stdin))
        return True

    def _note_dropping(self) -> None:
        if not self._dropping:
            self._dropping = True
            log.warning("session %s: the reader is %d KiB behind on its input: dropping what the browser sends",
                        self.name, INPUT_BACKLOG_BYTES >> 10)

    async def _watch_input(self, stdin: asyncio.StreamWriter) -> None:
        """A reader that takes none of its queued input for stall_s is wedged: close its browser's connection, which
        ends it (test_a_reader_that_stops_reading_its_input_is_ended)."""
        try:
            await asyncio.wait_for(stdin.drain(), self.stall_s)
        except TimeoutError:
            log.warning("session %s: closing it: the reader has not read its input for %g s", self.name, self.stall_s)
            await self.remote_close()
        except ConnectionError:
            pass  # the reader is gone; its end is reported by whoever ends the session

    async def run(self) -> None:
        """textual-serve's output relay, then close the browser's side: a crashed reader must not leave a dead page."""
        await super().run()
        await self.remote_close()

    async def stop(self) -> None:
        """Idempotent and safe to cancel: every caller waits for the same end of the child."""
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        await asyncio.shield(self._ending)

    async def _end(self) -> None:
        """Ask the reader to quit; after the grace period kill its process group; reap it; let the relay finish."""
        process = self._process
        if process is None:
            return
        with suppress(TimeoutError):
            await asyncio.wait_for(self._quit(process), self.grace_s)
        if process.returncode is None:
            log.warning("reader pid %d did not quit within %g s: killing its process group", process.pid, self.grace_s)
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # leader unreaped when checked: the group id is still ours
            await process.wait()
        await self._finish_relay()

    async def _quit(self, process: Process) -> None:
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        await process.wait()

    async def _finish_relay(self) -> None:
        """The relay ends at the child's end of output; one stuck writing to a dead browser is cancelled."""
        if self._task is None:
            return
        done, _ = await asyncio.wait([self._task], timeout=self.grace_s)
        if not done:
            self._task.cancel()
        elif not self._task.cancelled() and (error := self._task.exception()):
            log.warning("session output relay failed: %s", error)


class ReaderServer(Server):
    """textual-serve's pages and websocket protocol, with sessions that end with their connection."""

    def __init__(
        self, command: str, host: str, port: int, public_url: str | None = None, *,
        grace_s: float = QUIT_GRACE_S, stall_s: float = STALL_S, max_sessions: int = MAX_SESSIONS,
        limits: Limits = READER_LIMITS,
    ) -> None:
        super().__init__(command, host=host, port=port, title="hubreader", public_url=public_url)
        self.max_sessions = max_sessions
        self._fixed_url = public_url is not None
        self.grace_s, self.stall_s, self.limits = grace_s, stall_s, limits
        self._sessions: dict[ReaderSession, web.WebSocketResponse] = {}
        self._opening = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until `stop` is set, then end every session; OSError (one line) when the address is unusable."""
        runner = web.AppRunner(await self._make_app(), access_log=None, shutdown_timeout=CLOSE_TIMEOUT_S)
        await runner.setup()
        try:
            await self._listen(runner)
            print(f"hubreader: serving the reader at {self.public_url} (Ctrl+C to stop)", flush=True)
            await stop.wait()
        finally:
            await runner.cleanup()

    async def _listen(self, runner: web.AppRunner) -> None:
        """Bind, and learn the real port (for --port 0) so the page points browsers at the right websocket."""
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as exc:
            reason = os.strerror(exc.errno) if exc.errno else str(exc)
            raise OSError(exc.errno, f"cannot listen on {self.host}:{self.port}: {reason}") from None
        self.port = runner.addresses[0][1]
        if not self._fixed_url:
            host = f"[{self.host}]" if ":" in self.host else self.host
            self.public_url = f"http://{host}:{self.port}"

    def initialize_logging(self) -> None:
        """textual-serve logs with Rich tracebacks and local variables; the operator gets one line per event."""
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(OneLineFormatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)

    async def _make_app(self) -> web.Application:
        """textual-serve's page and websocket, with our page template (nothing from another host), a favicon, and
        neither its start-up banner (`run` announces the real port) nor its file downloads (a reader sends none)."""
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(ASSETS))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/favicon.ico", handle_favicon),
            # no listing of the folder: test_static_files_are_served_but_not_listed
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every browser's connection and wait until every reader is gone."""
        sessions = list(self._sessions.items())
        await asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY) for _, ws in sessions))
        await asyncio.gather(*(session.stop() for session, _ in sessions))

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser, one reader: whatever ends the connection (close, drop, shutdown, bad input) ends the child."""
        if (foreign := self._foreign(request)) is not None:
            log.warning("refused a websocket from %s: %s", request.remote, foreign)
            raise web.HTTPForbidden(text="hubreader: this reader only talks to its own page\n")
        if self.open_sessions >= self.max_sessions:  # each tab is a reader process: a flood starts no more
            log.warning("refused a websocket from %s: %d sessions already", request.remote, self.max_sessions)
            raise web.HTTPServiceUnavailable(text="hubreader: too many readers open; try again later\n")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_S, timeout=CLOSE_TIMEOUT_S)
        self._opening += 1  # the handshake awaits: count this one before another request checks the limit
        try:
            await websocket.prepare(request)
        finally:
            self._opening -= 1
        session = ReaderSession(
            self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=websocket.close,
            download_manager=self.download_manager, grace_s=self.grace_s, stall_s=self.stall_s, limits=self.limits,
        )
        self._sessions[session] = websocket
        name = session.name
        try:
            await session.start(_query_int(request, "width", 80), _query_int(request, "height", 24))
            log.info("session %s: reader pid %s for %s", name, session.pid, request.remote)
            await self._process_messages(websocket, session)
        except Exception as error:  # a malformed browser message, a wedged or unstartable reader: end this session
            log.warning("session %s: closing it: %s", name, str(error) or type(error).__name__)
        finally:
            await session.stop()
            del self._sessions[session]
            await websocket.close()
        log.info("session %s: ended (reader exit status %s)", name, session.returncode)
        return websocket

    @property
    def open_sessions(self) -> int:
        """Tabs being served, counting those still in their websocket handshake."""
        return len(self._sessions) + self._opening

    def _foreign(self, request: web.Request) -> str | None:
        """Why this websocket comes from another site, or None. Any page a browser opens can reach 127.0.0.1 and read
        what a reader shows; browsers name the page's site in Origin, and a page that reached us through a rebound
        DNS name shows it in Host. A client that is not a browser sends no Origin and is not stopped by one."""
        ours = self._addresses()
        if request.host.lower() not in ours:
            return f"Host {request.host!r}"
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin.lower()).netloc not in ours:
            return f"Origin {origin!r}"
        return None

    def _addresses(self) -> set[str]:
        """host:port as browsers may name this server: the announced URL, the bound address, loopback aliases."""
        names = {urlsplit(self.public_url.lower()).netloc, f"{self.host}:{self.port}".lower()}
        if self.host in LOOPBACK_NAMES:
            names |= {f"[{name}]:{self.port}" if ":" in name else f"{name}:{self.port}" for name in LOOPBACK_NAMES}
        return names


class OneLineFormatter(logging.Formatter):
    """A server log is read line by line: an exception becomes its type and message, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None}))
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line += f" ({type(error).__name__}: {error})"
        return line.replace("\n", " ")


async def serve_until_signalled(server: ReaderServer) -> None:
    """SIGINT, SIGTERM and SIGHUP (as serve-ssh) stop the server cleanly; a second one during shutdown is ignored."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    server.initialize_logging()
    await server.run(stop)


async def handle_favicon(request: web.Request) -> web.FileResponse:
    """Every browser asks for /favicon.ico; without it each page load logs a 404 and the tab has no icon."""
    return web.FileResponse(ASSETS / "favicon.ico")


def _query_int(request: web.Request, name: str, default: int) -> int:
    return to_int(request.query.get(name, str(default)), default)
