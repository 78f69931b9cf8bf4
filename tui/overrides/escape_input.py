"""Esc and a key typed right after it are two keys: the input loops of Textual 8.2.8's Linux and web
drivers, redone so that a lone Esc goes as Escape once ESCDELAY has passed, whatever arrives next.

Textual's loops wait up to 0.1 s for input and feed what arrives to the parser before asking it whether an Esc it
holds has waited long enough (`XTermParser.tick`), so a key up to ~0.1 s after Esc joined it whatever ESCDELAY
said: Esc then Tab read as Shift+Tab. The rule here: tick before feeding, and after input wait no longer than
until a held Esc is due. Pinned by tests/test_escape_delay.py: test_esc_then_a_key_a_moment_later_are_two_keys
(both drivers, fed directly), test_esc_then_tab_closes_the_palette_and_then_moves_focus (tmux) and
test_esc_then_tab_in_a_browser_closes_the_palette_and_then_moves_focus (serve-web).

Textual internals relied on, as both drivers use them: `XTermParser` and its `tick` and `feed`; the Linux driver's
`fileno` and `exit_event`; the web driver's `_input_reader` (its `timeout` is read before every wait), `_on_meta`,
`_ExitInput` and `ByteStream`. The parser's own Esc deadline is private, hence EscapeClock.
"""

from __future__ import annotations

import contextlib
import math
import os
import selectors
import sys
import time
from codecs import getincrementaldecoder
from collections.abc import Iterable
from traceback import format_exc
from typing import TYPE_CHECKING

from textual import constants, log
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.message import Message

if TYPE_CHECKING:
    from textual.drivers.linux_driver import LinuxDriver as LinuxBase
    from textual.drivers.web_driver import WebDriver as WebBase
else:  # at run time plain mixins, placed before the driver itself (bounded()), so that a terminal reader need not
    LinuxBase = WebBase = Driver  # load the web driver, nor a browser's reader the Linux one

RELIES_ON = {
    # The two loops replaced here.
    "textual.drivers.linux_driver:LinuxDriver.run_input_thread": "d796af6d69db337d",
    "textual.drivers.web_driver:WebDriver.run_input_thread": "3864aaf4ca911749",
    # Where the attributes the loops use are set: `_debug`; `fileno` and `exit_event`; `_input_reader`.
    "textual.driver:Driver.__init__": "045ee24b9ab0f865",
    "textual.drivers.linux_driver:LinuxDriver.__init__": "671887bbf938d1d8",
    "textual.drivers.web_driver:WebDriver.__init__": "37aff7eba9036d61",
    # The web reader re-reads `timeout` before every wait and yields b"" when a wait ends with nothing read.
    "textual.drivers._input_reader_linux:InputReader.__iter__": "ad351d758a08fcd4",
    "textual.drivers.web_driver:WebDriver._on_meta": "e494cf7e1497c019",
    "textual.drivers.web_driver:_ExitInput": "7c64346526a87be8",
    "textual.drivers._byte_stream:ByteStream": "57ed813eb4dfa87f",
    # The parser holds an Esc for ESCAPE_DELAY, measured on textual._time's clock, and lets it go on a tick.
    "textual._parser:Parser.feed": "390106cde019dd29",
    "textual._parser:Parser.tick": "44606084ad3bf7c1",
    "textual._parser:ParseError": "92a490ac821f1a62",
    "textual._xterm_parser:XTermParser.__init__": "d72babb3e40ab7da",
    "textual._xterm_parser:XTermParser.parse": "a5834ad1def86544",
    "textual._time": "eaec17624b89a8db",
}

IDLE_WAIT_S = 0.1
"""With no Esc possibly held, how long a loop blocks for input between looks at its exit flag: Textual's own."""
READ_BYTES = 4096


class EscapeClock:
    """When an Esc the parser may hold is due. Whether it holds one is private to it, so after any input the loop
    wakes once more, ESCAPE_DELAY later: one wake-up per burst of input."""

    def __init__(self) -> None:
        self._fed_at = -math.inf

    def fed(self) -> None:
        """Just after a feed: the parser started its ESCAPE_DELAY during it, on the same clock (textual._time)."""
        self._fed_at = time.monotonic()

    def wait(self) -> float:
        """How long the loop may block for input: until a held Esc is due, and never longer than Textual's poll."""
        due = self._fed_at + constants.ESCAPE_DELAY - time.monotonic()
        return due if 0 < due < IDLE_WAIT_S else IDLE_WAIT_S


class LinuxEscapeOnTime(LinuxBase):
    """The Linux driver's input thread, with the parser ticked before it is fed."""

    def run_input_thread(self) -> None:
        """Textual 8.2.8's loop less its final 0.1 s wait after exit, which only delayed the join."""
        parser, clock = XTermParser(self._debug), EscapeClock()
        decode = getincrementaldecoder("utf-8")().decode
        selector = selectors.SelectSelector()  # Textual's choice: it also works for a tty on macOS
        selector.register(self.fileno, selectors.EVENT_READ)
        try:
            while not self.exit_event.is_set():
                ready = selector.select(clock.wait())
                # The rule: tick before feeding, so an Esc that has waited ESCDELAY is Escape whatever comes next
                # (test_esc_then_a_key_a_moment_later_are_two_keys).
                _send(self, parser.tick())
                if ready and (text := decode(os.read(self.fileno, READ_BYTES))):
                    _send(self, parser.feed(text))
                    clock.fed()
        finally:
            selector.close()
            _end(parser)


class WebEscapeOnTime(WebBase):
    """The web driver's input thread (textual-serve's packets on stdin), with the parser ticked before it is fed."""

    def run_input_thread(self) -> None:
        """Textual 8.2.8's loop; its reader yields b"" whenever a wait ends with nothing read."""
        from textual.drivers._byte_stream import ByteStream  # noqa: PLC0415 - loaded by now, with the web driver
        from textual.drivers.web_driver import _ExitInput  # noqa: PLC0415 - raised by _on_meta on an "exit" packet

        reader, parser, clock = self._input_reader, XTermParser(self._debug), EscapeClock()
        decode = getincrementaldecoder("utf-8")().decode
        packets = ByteStream()
        try:
            for data in reader:
                for kind, payload in packets.feed(data) if data else ():  # b"" would end the packet stream
                    if kind == "D":  # the browser's keys, as a terminal sends them
                        _send(self, parser.tick())  # the rule, as in LinuxEscapeOnTime
                        _send(self, parser.feed(decode(payload)))
                        clock.fed()
                    else:
                        self._on_meta(kind, payload)
                _send(self, parser.tick())
                reader.timeout = clock.wait()
        except _ExitInput:
            pass
        except Exception:
            log(format_exc())
        finally:
            reader.close()


def escape_on_time(driver_class: type[Driver]) -> tuple[type[Driver], ...]:
    """The redone input loop for the driver Textual picked, if it is one of these two (its module is loaded)."""
    linux, web = sys.modules.get("textual.drivers.linux_driver"), sys.modules.get("textual.drivers.web_driver")
    if linux and issubclass(driver_class, linux.LinuxDriver):
        return (LinuxEscapeOnTime,)
    if web and issubclass(driver_class, web.WebDriver):
        return (WebEscapeOnTime,)
    return ()


def _send(driver: Driver, messages: Iterable[Message]) -> None:
    for message in messages:
        driver.process_message(message)


def _end(parser: XTermParser) -> None:
    """As Textual's Linux loop ends its parser: that closes the parser's debug log."""
    with contextlib.suppress(ParseError):
        list(parser.feed(""))
