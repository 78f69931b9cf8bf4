"""One SSH session's reader process, forked by the zygote: its own terminal, environment, limits, and the app."""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import termios
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.model import KnowledgeBase

if TYPE_CHECKING:
    from tui.overrides.parsed_css import ParsedCss
    from tui.widgets.results import ResultRow

CPU_GRACE_S = 5  # between the soft CPU limit (SIGXCPU) and the hard one (SIGKILL)
STARTED_FD = 3  # the child closes it once its first item is on screen, which frees the zygote's start-up slot


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the zygote makes once and every session inherits by fork."""

    kb: KnowledgeBase
    cache_dir: Path
    css: ParsedCss | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-session resource caps: CPU seconds, and the data memory a reader may allocate itself."""

    cpu_seconds: int
    memory_bytes: int


def become_session(slave_fd: int, started_fd: int, environ: Mapping[str, str], limits: Limits) -> None:
    """Everything between fork and the app: nothing of the zygote's survives except the loaded modules and data,
    and `started_fd`, kept as STARTED_FD."""
    for signum in (signal.SIGTERM, signal.SIGHUP):  # the zygote ignores them; a reader must die of them
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    take_terminal(slave_fd, started_fd)
    os.environ.clear()
    os.environ.update(environ)
    apply_limits(limits)


def take_terminal(slave_fd: int, started_fd: int) -> None:
    """Lead a new session with the pty as controlling terminal, so a hangup ends us instead of a spin on EOF."""
    os.setsid()
    fcntl.ioctl(slave_fd, termios.TIOCSCTTY, 0)
    for target in (0, 1, 2):
        os.dup2(slave_fd, target)
    os.dup2(started_fd, STARTED_FD, inheritable=False)
    os.closerange(STARTED_FD + 1, os.sysconf("SC_OPEN_MAX"))


def announce_started() -> None:
    """Tell the zygote the first item is on screen (an exit tells it too), so the next queued session may start."""
    os.close(STARTED_FD)


def apply_limits(limits: Limits) -> None:
    """In a forked session: the caps, with memory counted from the zygote's heap it shares."""
    for which, caps in rlimits(limits, inherited_data_bytes()).items():
        resource.setrlimit(which, caps)


def rlimits(limits: Limits, data_base: int) -> dict[int, tuple[int, int]]:
    """The (soft, hard) caps of every served reader, SSH or web: CPU and memory, and no core files either (a crash
    must not write into the server's folder). `data_base` is data the reader did not allocate itself."""
    data = data_base + limits.memory_bytes
    return {
        resource.RLIMIT_CORE: (0, 0),
        resource.RLIMIT_CPU: (limits.cpu_seconds, limits.cpu_seconds + CPU_GRACE_S),
        resource.RLIMIT_DATA: (data, data),
    }


def inherited_data_bytes() -> int:
    """VmData just after the fork: the zygote's heap, which RLIMIT_DATA counts but the session did not allocate."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


class NoSearch:
    """The rehearsal's searcher: the zygote must never open the index (its children would share file offsets)."""

    def warm(self) -> list[str]:
        return []

    def __call__(self, query: str) -> list[ResultRow]:
        return []


def rehearse(prepared: Prepared) -> None:
    """In the zygote: run the reader once, headless, up to its first item, so that the CSS every session parses
    is parsed here, once (~25% of a session's CPU to its first screen)."""
    from tui.app.app import HubReaderApp  # noqa: PLC0415 - kept out of the server
    from tui.app.options import ReaderOptions  # noqa: PLC0415
    from tui.app.state import StateStore  # noqa: PLC0415

    options = ReaderOptions.detect({"TERM": "xterm-256color"}, serve=True)
    app = HubReaderApp(prepared.kb, NoSearch(), StateStore(None), None, options=options, parsed_css=prepared.css)
    app.after_start = app.exit
    app.run(headless=True, size=(80, 24))


def run_reader(prepared: Prepared, environ: Mapping[str, str], started: Callable[[], None]) -> int:
    """The reader as a hosted session: state in memory only, options from the client's terminal; `started` once
    its first item is on screen."""
    from tui.app.app import HubReaderApp  # noqa: PLC0415 - already imported by the zygote; kept out of the server
    from tui.app.options import ReaderOptions  # noqa: PLC0415
    from tui.app.search import IndexSearcher  # noqa: PLC0415
    from tui.app.startup import collect_from_now_on, hold_collections  # noqa: PLC0415
    from tui.app.state import StateStore  # noqa: PLC0415

    def first_item_up() -> None:
        collect_from_now_on()
        started()

    hold_collections()
    options = ReaderOptions.detect(environ, serve=True)
    app = HubReaderApp(prepared.kb, IndexSearcher(prepared.kb, prepared.cache_dir), StateStore(None), None,
                       options=options, after_start=first_item_up, parsed_css=prepared.css)
    app.run(mouse=options.mouse)
    return app.return_code or 0
