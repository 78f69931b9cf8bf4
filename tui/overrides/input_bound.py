"""A bound on the input a reader has read but not yet handled: past it, keys are skipped, so a flood (a paste
into a terminal without bracketed paste, a script on the far end of SSH) can neither exhaust the reader's memory
nor leave it minutes behind.

Textual behaviour relied on, all pinned by tests/test_input_flood.py:
- its Linux and web drivers hand every event they parse from the terminal to `Driver.send_message`, from their
  input thread (test_textual_drivers_still_send_parsed_input_through_send_message);
- `App.get_driver_class` picks the driver, honouring TEXTUAL_DRIVER (textual-serve's web driver) (same test);
- the app forwards a key to the focused widget's message queue, where it waits until handled
  (test_a_flood_never_queues_more_than_the_limit).
No private name of Textual's is used here: `message_queue_size`, `post_message` and `Driver.send_message` are
public. (`bounded` also mixes in tui/overrides/escape_input.py's input loops, which do use some: see there.)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from functools import cache
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.driver import Driver
from textual.message import Message

from tui.overrides.escape_input import escape_on_time

RELIES_ON = {
    # What is replaced, and what the drivers call it from (their input threads, with each parsed event).
    "textual.driver:Driver.send_message": "4ecf73a431b20ace",
    "textual.driver:Driver.process_message": "af9cb0baaf150940",
    # Where the driver is picked, TEXTUAL_DRIVER included.
    "textual.app:App.get_driver_class": "b4903f3dba399daf",
}

BACKLOG_LIMIT = 512
"""Input events read and not yet handled, past which keys are skipped. A burst of 300 keys (a paste into a
terminal without bracketed paste) must fit whole: it reaches ~290 (test_a_burst_of_300_keys_is_typed_whole).
Small, so a reader catches up within a second or two of a flood and holds a few MB of it at most
(test_a_flooded_reader_on_a_pty_stays_small_and_answers)."""
PASTE_LIMIT = 4096
"""A longer paste is skipped whole: the search box is all there is to paste into, and searching megabytes of
query would stall the reader as surely as a flood of keys."""
POLL_S = 0.01
"""While over the limit, how often the loop re-counts what waits: nothing else arrives to count it then."""
NOTICE_AFTER_S = 0.5
"""The notice comes this long after the first key skipped, so its count covers the burst."""
NOTICE_EVERY_S = 10.0
"""At most one notice this often, however long the flood."""
FLOODED_NICENESS = 10
"""A reader that has had to skip input lowers its CPU priority by this for the rest of its life: skipping a flood
still takes a core, and other sessions on the machine come first
(test_a_flooded_reader_on_a_pty_stays_small_and_answers)."""


class BoundedInput(Driver):
    """Counts what it sends the app and skips keys, mouse moves, scrolls and pastes past BACKLOG_LIMIT. Never
    skipped: resizes, focus and other terminal reports, and a button's release whose press was sent."""

    def __init__(
        self, app: App[Any], *, debug: bool = False, mouse: bool = True, size: tuple[int, int] | None = None
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._reader_app = app
        self._events_loop = asyncio.get_running_loop()
        self._sent = 0  # written by the input thread only
        self._arrived = 0  # written by the loop only
        self._waiting = 0  # messages in the app's and the focused widget's queues, counted by the loop
        self._poll_due = False
        self._skipped_buttons: set[int] = set()
        self.skipped = 0
        self._skipped_at_notice = 0
        self._notice_due = False
        self._last_notice = -NOTICE_EVERY_S

    @property
    def backlog(self) -> int:
        """Sent and not yet queued (exact), plus what the queues held when the loop last looked."""
        return self._sent - self._arrived + self._waiting

    def send_message(self, message: Message) -> None:
        """Textual's posts each event through a task of its own; a plain callback is cheaper and keeps the order."""
        if self._skippable(message) and (self.backlog >= BACKLOG_LIMIT or _oversized(message)):
            self._skip(message)
            return
        if isinstance(message, events.MouseUp):
            self._skipped_buttons.discard(message.button)
        self._sent += 1
        self._events_loop.call_soon_threadsafe(self._arrive, message)

    def _skippable(self, message: Message) -> bool:
        """A release is skipped only with its press, so no widget is left holding a button down."""
        if isinstance(message, events.MouseUp):
            return message.button in self._skipped_buttons
        return isinstance(message, (events.InputEvent, events.Paste))

    def _skip(self, message: Message) -> None:
        if isinstance(message, events.MouseDown):
            self._skipped_buttons.add(message.button)
        if not self.skipped:
            _lower_priority(FLOODED_NICENESS)
        self.skipped += 1
        now = time.monotonic()
        if not self._notice_due and now - self._last_notice >= NOTICE_EVERY_S:
            self._notice_due, self._last_notice = True, now
            self._events_loop.call_soon_threadsafe(self._events_loop.call_later, NOTICE_AFTER_S, self._notice)

    def _arrive(self, message: Message) -> None:
        """On the loop: into the app's queue, then count what waits."""
        self._arrived += 1
        self._reader_app.post_message(message)
        self._count_waiting()

    def _count_waiting(self) -> None:
        """While over the limit nothing arrives to re-count, so the loop looks again until the app has caught up."""
        app = self._reader_app
        try:
            target = app.focused or app.screen
        except ScreenStackError:
            self._waiting = app.message_queue_size
        else:
            self._waiting = app.message_queue_size + target.message_queue_size
        if self.backlog >= BACKLOG_LIMIT and not self._poll_due:
            self._poll_due = True
            self._events_loop.call_later(POLL_S, self._poll)

    def _poll(self) -> None:
        self._poll_due = False
        self._count_waiting()

    def _notice(self) -> None:
        """Once, cheaply: the person typing learns why some keys did nothing."""
        count, self._skipped_at_notice = self.skipped - self._skipped_at_notice, self.skipped
        self._notice_due = False
        self._reader_app.notify(f"Typing faster than the reader can follow: {count} keys skipped", severity="warning")


def _lower_priority(niceness: int) -> None:
    """Every thread of this process (Linux keeps a nice value per thread; threads started later inherit it)."""
    try:
        threads = [int(tid) for tid in os.listdir("/proc/self/task")]
    except OSError:
        threads = [0]
    for tid in threads:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + niceness)


def _oversized(message: Message) -> bool:
    return isinstance(message, events.Paste) and len(message.text) > PASTE_LIMIT


@cache
def bounded(driver_class: type[Driver]) -> type[Driver]:
    """The driver Textual picked, with its input bounded and a lone Esc let go on time (escape_input.py)."""
    return type(f"Bounded{driver_class.__name__}", (BoundedInput, *escape_on_time(driver_class), driver_class), {})
