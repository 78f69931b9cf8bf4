"""A program on a real pseudo-terminal, its screen kept by pyte, for timing what a user would see."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable

import pyte
from wcwidth import wcwidth


class ScreenText:
    """A pyte screen's text, redrawn only on the lines that changed: `Screen.display` rebuilds every line on every
    look, which made the timing client (on the same cores as what it times) spend milliseconds per chunk of output.
    """

    def __init__(self, screen: pyte.Screen) -> None:
        self.screen = screen
        self._lines: list[str] = []

    def text(self) -> str:
        screen = self.screen
        if len(self._lines) != screen.lines:
            self._lines = [""] * screen.lines
            screen.dirty.update(range(screen.lines))
        for y in screen.dirty:
            if y < screen.lines:
                self._lines[y] = self._line(y)
        screen.dirty.clear()
        return "\n".join(self._lines)

    def _line(self, y: int) -> str:
        """As pyte's display draws a line: the cell after a wide character is its stub and is skipped."""
        row, chars, stub = self.screen.buffer[y], [], False
        for x in range(self.screen.columns):
            if stub:
                stub = False
                continue
            data = row[x].data
            stub = bool(data) and wcwidth(data[0]) == 2
            chars.append(data)
        return "".join(chars)


class PtyScreen:
    """Spawn a command on a pty of a fixed size and read its output into an emulated screen."""

    def __init__(self, argv: list[str], columns: int = 80, lines: int = 24, env: dict[str, str] | None = None) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self._text = ScreenText(self.screen)
        main, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(argv, stdin=child, stdout=child, stderr=child, env=full_env,
                                        start_new_session=True, close_fds=True,
                                        preexec_fn=_take_terminal)  # noqa: PLW1509 - no threads here
        os.close(child)
        self.fd = main

    def pump(self, timeout: float) -> bool:
        """Read whatever output is ready within `timeout`; False when nothing came."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        self.stream.feed(data)
        return bool(data)

    def text(self) -> str:
        return self._text.text()

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Seconds from now until the screen satisfies `predicate`."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if predicate(self.text()):
                return time.perf_counter() - start
            self.pump(0.005)
        raise TimeoutError("screen never matched; last screen:\n" + self.text())

    def wait_since_start(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Seconds from the spawn until the screen satisfies `predicate`: start-up milestones share one origin."""
        self.wait_for(predicate, timeout)
        return time.perf_counter() - self.started

    def linger(self, seconds: float) -> None:
        """Keep reading the screen for `seconds`: the program goes on as it would for a person (a full pty would
        stall it)."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self.pump(0.05)

    def send(self, data: str) -> None:
        os.write(self.fd, data.encode())

    def __enter__(self) -> PtyScreen:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)
        os.close(self.fd)


def _take_terminal() -> None:
    """Make the pty the child's controlling terminal, as a real terminal does, so closing it sends SIGHUP."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def rss_mb(pid: int) -> float:
    """Resident memory of a process tree's root, from /proc, in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
