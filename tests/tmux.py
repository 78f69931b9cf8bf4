"""Drive a real terminal: run a command in a private tmux server, type keys, wait for text on screen."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Callable


class Terminal:
    """One tmux session on its own socket, so tests never touch a user's tmux."""

    def __init__(self, command: str, width: int = 80, height: int = 24, env: dict[str, str] | None = None) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed: .ci/run installs it with apt")
        self.socket = f"hubreader-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}='{value}'" for key, value in (env or {}).items())
        self._tmux("new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height),
                   f"env {exports} {command}; echo '[exited]'; sleep 600")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main")

    def press(self, *keys: str) -> None:
        """tmux key names: Enter, Escape, Tab, BSpace, Down, C-q ..."""
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "main", "-l", text)

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 20.0) -> str:
        """Poll the screen until it shows what we expect; fail with the last screen otherwise."""
        check = predicate if callable(predicate) else (lambda screen: predicate in screen)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting; last screen:\n{screen}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)
