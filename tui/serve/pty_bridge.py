"""Copy bytes between a pty master and an SSH channel without ever blocking the event loop shared by all sessions."""

from __future__ import annotations

import asyncio
import fcntl
import os
import struct
import termios
from collections.abc import Callable

from tui.serve.session_env import clamp_size

READ_SIZE = 1 << 16
INPUT_BACKLOG = 1 << 14  # keystrokes buffered for a child that does not read them before the channel is paused


class PtyBridge:
    """One session's pty master: output goes to `send`; input that the child does not take pushes back on `hold`."""

    def __init__(self, master: int, send: Callable[[bytes], None], hold: Callable[[bool], None]) -> None:
        self._master = master
        self._send = send
        self._hold = hold
        self._loop = asyncio.get_running_loop()
        self._pending = bytearray()
        self._held = False
        self._reading = False
        self._closed = False
        self.bytes_out = 0
        os.set_blocking(master, False)

    def resize(self, columns: int, lines: int) -> None:
        """The kernel then sends SIGWINCH to the child's foreground process group."""
        if not self._closed and columns > 0 and lines > 0:
            columns, lines = clamp_size(columns, lines)
            size = struct.pack("HHHH", lines, columns, 0, 0)
            fcntl.ioctl(self._master, termios.TIOCSWINSZ, size)

    def resume(self) -> None:
        """Read the child's output (again); called at start and when the channel can take more."""
        if not self._closed and not self._reading:
            self._loop.add_reader(self._master, self._read)
            self._reading = True

    def pause(self) -> None:
        """The client is slow: stop reading, so only this child blocks on a full pty."""
        if self._reading:
            self._loop.remove_reader(self._master)
            self._reading = False

    def write(self, data: bytes) -> None:
        if self._closed:
            return
        self._pending += data
        self._flush()

    def drain(self) -> None:
        """Send whatever the child wrote before it exited."""
        while not self._closed and self._read():
            pass

    def close(self) -> None:
        if self._closed:
            return
        self.pause()
        self._loop.remove_writer(self._master)
        self._closed = True
        os.close(self._master)

    def _read(self) -> bool:
        try:
            data = os.read(self._master, READ_SIZE)
        except BlockingIOError:
            return False
        except OSError:  # EIO: every slave descriptor is closed, the child is gone
            data = b""
        if not data:
            self.pause()
            return False
        self.bytes_out += len(data)
        self._send(data)
        return True

    def _flush(self) -> None:
        while self._pending:
            try:
                written = os.write(self._master, self._pending)
            except BlockingIOError:
                break
            except OSError:
                self._pending.clear()
                break
            del self._pending[:written]
        if self._pending:
            self._loop.add_writer(self._master, self._flush)
        else:
            self._loop.remove_writer(self._master)
        self._set_held(len(self._pending) > INPUT_BACKLOG)

    def _set_held(self, held: bool) -> None:
        if held != self._held:
            self._held = held
            self._hold(held)
