"""An unhandled error ends the app with one plain line on stderr instead of Textual's traceback, whose local
variables would reach an SSH or web client (test_a_crash_is_one_line_and_the_traceback_goes_to_a_file)."""

from __future__ import annotations

import sys

from textual.app import App

RELIES_ON = {
    # Calls _fatal_error for an error without __rich__, after keeping the first error in _exception.
    "textual.app:App._handle_exception": "baea2e7f88e7ac52",
    # What is replaced: ring the bell, keep a traceback to print at exit, close the queue.
    "textual.app:App._fatal_error": "2474616cec7fa94d",
    # Prints what _fatal_error kept once the terminal is restored; the lines are printed just before it.
    "textual.app:App._print_error_renderables": "6e6be40346778a2d",
    # How _fatal_error ends the app.
    "textual.message_pump:MessagePump._close_messages_no_wait": "f5db7e8fd40afc56",
}


class CrashInOneLine(App[None]):
    """An app that says what went wrong in one line; the app decides the line (and where the details go)."""

    _crash_lines: tuple[str, ...] = ()

    def crash_line(self, error: BaseException) -> str:
        """The line for an unhandled error: the error's class only, since its text may carry anything."""
        return f"internal error ({type(error).__name__})"

    def _fatal_error(self) -> None:
        """Textual's, with the line kept instead of a traceback rendered."""
        line = self.crash_line(self._exception or RuntimeError("unknown"))
        self.bell()
        self._crash_lines = (*self._crash_lines, line)
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """Plain lines, neither wrapped nor cropped, so a long path survives a narrow terminal whole."""
        for line in self._crash_lines:
            print(line, file=sys.stderr)
        self._crash_lines = ()
        super()._print_error_renderables()
