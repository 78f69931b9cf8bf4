"""A flood of input never piles up in the reader: past a bound, keys are skipped; a burst of a few hundred keys
is typed whole. The reader's drivers, as Textual picks them, are the ones under test."""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from textual import constants
from textual.driver import Driver
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver
from textual.drivers.web_driver import WebDriver
from textual.events import AppFocus, Key, Resize
from textual.geometry import Size
from textual.message import Message
from textual.pilot import Pilot

from benchmarks.terminal import PtyScreen, rss_mb
from tests.conftest import SHIPPED, last_query, started
from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import KnowledgeBase
from tui.model.sanitize import MAX_QUERY_CHARS
from tui.overrides import input_bound
from tui.overrides.input_bound import BACKLOG_LIMIT, FLOODED_NICENESS, BoundedInput, bounded
from tui.widgets.filter_input import FilterInput

FLOOD_BYTES = 200_000
FLOOD = "/" + "abcdefghijklmnoprstuvwxz" * 4 + "\x1b[A\x1b[B\x7f\x1b"  # letters, arrows, Backspace, Esc; no quit
DATA_CAP = 512 << 20  # RLIMIT_DATA for the pty reader: twice the SSH session's 256 MB; only a backstop here
RSS_BOUND_MB = 200  # the reader starts at ~50 MB; before the bound, this flood took it past 500 MB
ANSWER_S = 15.0  # a loaded 2-core machine; the reader answers in ~1-3 s


def capped_reader(content: Path) -> list[str]:
    """`python -m tui` under a data cap, so a reader that runs away dies instead of taking the machine with it."""
    start = (f"import resource, runpy; resource.setrlimit(resource.RLIMIT_DATA, ({DATA_CAP}, {DATA_CAP})); "
             "runpy.run_module('tui', run_name='__main__')")
    return [sys.executable, "-c", start, "--content", str(content)]


def write_flood(fd: int, stop: threading.Event) -> None:
    """FLOOD_BYTES of keys, as fast as the pty takes them (whole sequences only, so nothing is left half-typed)."""
    data, written = (FLOOD * (FLOOD_BYTES // len(FLOOD) + 1)).encode(), 0
    while written < len(data) and not stop.is_set():
        if select.select([], [fd], [], 0.1)[1]:
            with contextlib.suppress(BlockingIOError):
                written += os.write(fd, data[written:written + 4096])


@pytest.fixture(autouse=True)
def runner_keeps_its_priority(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flooded apps in this process would lower the test runner's own priority for the rest of the suite; the reader
    on a pty shows that a flooded reader does lower its own."""
    monkeypatch.setattr(input_bound, "_lower_priority", lambda niceness: None)


def test_a_flooded_reader_on_a_pty_stays_small_and_answers(tmp_path: Path) -> None:
    """Before the bound the reader read every key at once and queued it (~2.5 KB each): this flood took it past
    500 MB, and a key typed afterwards waited minutes behind the flood."""
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "HUBREADER_CACHE": str(tmp_path / "cache")}
    with PtyScreen(capped_reader(SHIPPED), env=env) as terminal:
        terminal.wait_for(lambda screen: "Search" in screen and "Hub" in screen, timeout=60)
        os.set_blocking(terminal.fd, False)
        stop, watch = threading.Event(), Watch(terminal)
        writer = threading.Thread(target=write_flood, args=(terminal.fd, stop))
        writer.start()
        try:
            flooded = watch.until(lambda _: not writer.is_alive() or terminal.process.poll() is not None, 90)
        finally:
            stop.set()
            writer.join()
        assert terminal.process.poll() is None, "the reader died of the flood"
        assert watch.peak_mb < RSS_BOUND_MB, f"the reader grew to {watch.peak_mb:.0f} MB"
        assert flooded, "the reader stopped reading its input"
        answered, deadline = False, time.monotonic() + ANSWER_S
        while not answered and time.monotonic() < deadline:  # retyped, as a person would
            terminal.send("/\x15grpo")  # `/` opens the search, or is typed into it; Ctrl+U clears it
            answered = watch.until(lambda screen: "for “grpo”" in screen, 2)
        assert answered, terminal.text()
        assert watch.told or watch.until(lambda _: watch.told, ANSWER_S), "the skipped keys were never mentioned"
        assert niceness(terminal.process.pid) == os.getpriority(os.PRIO_PROCESS, 0) + FLOODED_NICENESS


def niceness(pid: int) -> int:
    """The nice value of every thread of a process; they must agree."""
    values = {int(Path(f"/proc/{pid}/task/{tid}/stat").read_text().rpartition(")")[2].split()[16])
              for tid in os.listdir(f"/proc/{pid}/task")}
    assert len(values) == 1, values
    return values.pop()


class Watch:
    """Pumps a reader's output, noting its peak memory and whether it said it skipped keys."""

    def __init__(self, terminal: PtyScreen) -> None:
        self.terminal = terminal
        self.peak_mb = 0.0
        self.told = False

    def until(self, done: Callable[[str], bool], seconds: float) -> bool:
        """Whether `done(screen)` came true within `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.terminal.text()
            self.told = self.told or "skipped" in screen
            if done(screen):
                return True
            self.terminal.pump(0.05)
            self.peak_mb = max(self.peak_mb, rss_mb(self.terminal.process.pid))
        return False


def make_app(kb: KnowledgeBase, tmp_path: Path) -> HubReaderApp:
    return HubReaderApp(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None))


async def wait_until(pilot: Pilot[None], done: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.01)
    assert done()


async def search_box(pilot: Pilot[None]) -> FilterInput:
    await started(pilot)
    await pilot.press("slash")
    return pilot.app.query_one(FilterInput)


def dispatched(app: HubReaderApp) -> Counter[type[Message]]:
    """The kinds of message the app has handled from now on."""
    seen: Counter[type[Message]] = Counter()
    app.message_signal.subscribe(app, lambda message: seen.update([type(message)]), immediate=True)
    return seen


async def test_a_flood_never_queues_more_than_the_limit(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Keys past the limit are skipped; resizes and focus reports, sent in between, all arrive."""
    keys, every = 20_000, 1_000
    app = make_app(kb, tmp_path)
    async with app.run_test() as pilot:
        box = await search_box(pilot)
        box.max_length = 0  # the box's own cap would hide handled keys from the count below
        driver = bounded(HeadlessDriver)(app, size=(80, 24))
        assert isinstance(driver, BoundedInput)
        seen = dispatched(app)
        peak = 0

        def flood() -> None:
            nonlocal peak
            for sent in range(1, keys + 1):
                driver.process_message(Key("x", "x"))
                if sent % every == 0:
                    size = Size(80 + sent // every % 2, 24)
                    driver.process_message(Resize(size, size))
                    driver.process_message(AppFocus())
                peak = max(peak, sent - driver.skipped - len(box.value))  # keys read and not yet handled

        await asyncio.to_thread(flood)
        await wait_until(pilot, lambda: len(box.value) + driver.skipped == keys)
        assert 0 < driver.skipped < keys
        assert peak <= BACKLOG_LIMIT
        assert seen[Resize] >= keys // every and seen[AppFocus] == keys // every


async def test_a_burst_of_300_keys_is_typed_whole(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A paste into a terminal without bracketed paste arrives as keys, all at once, and must lose none."""
    typed = "grpo reward " * 25
    app = make_app(kb, tmp_path)
    async with app.run_test() as pilot:
        box = await search_box(pilot)
        box.max_length = 0  # the box's own cap would hide keys handled past it
        driver = bounded(HeadlessDriver)(app, size=(80, 24))

        def burst() -> None:
            for character in typed:
                driver.process_message(Key(character, character))

        await asyncio.to_thread(burst)
        await wait_until(pilot, lambda: box.value == typed)
        assert isinstance(driver, BoundedInput) and driver.skipped == 0


@contextlib.contextmanager
def stdin_from_pipe() -> Iterator[int]:
    """Textual's drivers read fd 0: point it at a pipe for the test, and give back the end to write to."""
    read_end, write_end = os.pipe()
    saved = os.dup(0)
    os.dup2(read_end, 0)
    os.close(read_end)
    try:
        yield write_end
    finally:
        os.dup2(saved, 0)
        os.close(saved)
        os.close(write_end)


def web_packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


class Picked(NamedTuple):
    """A TEXTUAL_DRIVER setting, the driver Textual picks for it, and bytes that type "abc" into it, then end it."""

    choice: str | None
    driver: type[Driver]
    typed: bytes
    ending: bytes


LINUX = Picked(None, LinuxDriver, b"abc", b"")
WEB = Picked("textual.drivers.web_driver:WebDriver", WebDriver, web_packet(b"D", b"abc"),
             web_packet(b"M", b'{"type": "exit"}'))


@pytest.mark.parametrize("picked", [LINUX, WEB], ids=["linux", "web"])
async def test_textual_drivers_still_send_parsed_input_through_send_message(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, picked: Picked
) -> None:
    """The bound sits in `send_message`: Textual's Linux and web drivers must still pass what their input threads
    parse through it (with no room at all, every key is skipped), and `get_driver_class` must still honour
    TEXTUAL_DRIVER (textual-serve's choice)."""
    monkeypatch.setattr(constants, "DRIVER", picked.choice)
    monkeypatch.setattr(input_bound, "BACKLOG_LIMIT", 0)
    app = make_app(kb, tmp_path)
    driver_class = app.get_driver_class()
    assert issubclass(driver_class, BoundedInput) and issubclass(driver_class, picked.driver)
    async with app.run_test() as pilot:
        box = await search_box(pilot)
        with stdin_from_pipe() as stdin:
            driver = driver_class(app, size=(80, 24))
            assert isinstance(driver, BoundedInput) and isinstance(driver, LinuxDriver | WebDriver)
            reader = threading.Thread(target=driver.run_input_thread)
            reader.start()
            try:
                os.write(stdin, picked.typed)
                await wait_until(pilot, lambda: driver.skipped == len("abc"))
                assert box.value == ""
            finally:
                os.write(stdin, picked.ending)
                driver.exit_event.set()
                reader.join()


async def test_the_search_box_stops_at_the_longest_query(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A flood that gets through the bound types into the box: past MAX_QUERY_CHARS it types nothing more, so no
    key costs more than a search of the longest query."""
    typed = "grpo " * 60
    app = make_app(kb, tmp_path)
    async with app.run_test() as pilot:
        box = await search_box(pilot)
        driver = bounded(HeadlessDriver)(app, size=(80, 24))

        def burst() -> None:
            for character in typed:
                driver.process_message(Key(character, character))

        await asyncio.to_thread(burst)
        await wait_until(pilot, lambda: box.value == typed[:MAX_QUERY_CHARS])
        # Its answer, not the workers: keys still queued start searches that cancel the one being waited on
        await wait_until(pilot, lambda: last_query(app) == typed[:MAX_QUERY_CHARS])
        assert box.value == last_query(app) == typed[:MAX_QUERY_CHARS]
