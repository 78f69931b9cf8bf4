"""The real OpenSSH client, in a real terminal (tmux), lands in the reader served by `serve-ssh` and quits."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_KB
from tests.test_serve_ssh_support import SERVE_SSH, make_keys, serving
from tests.tmux import Terminal

pytestmark = pytest.mark.skipif(
    shutil.which("ssh") is None or shutil.which("tmux") is None,
    reason="needs the OpenSSH client and tmux (.ci/run installs both with apt)",
)


async def test_openssh_in_a_terminal_reads_searches_and_quits(tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys")
    identity = tmp_path / "keys" / "id_ed25519"
    identity.write_bytes(keys.client.export_private_key())
    identity.chmod(0o600)
    argv = [*SERVE_SSH, "--content", str(FIXTURE_KB), "serve-ssh", "--port", "0",
            "--host-key", str(tmp_path / "keys" / "host"), "--authorized-keys", str(keys.authorized)]
    env = {**os.environ, "HUBREADER_CACHE": str(tmp_path / "cache")}
    async with serving(argv, env) as (_, banner):
        port = re.search(r"127\.0\.0\.1:(\d+)", banner).group(1)  # type: ignore[union-attr]
        ssh = (f"ssh -F /dev/null -p {port} -i {identity} -o IdentitiesOnly=yes -o IdentityAgent=none"
               " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR reader@127.0.0.1;"
               " echo ssh-status=$?")
        terminal = Terminal(ssh, 80, 24)
        try:
            terminal.wait_for("Hubs (")
            terminal.press("/")
            terminal.type("grpo")
            screen = terminal.wait_for("for “grpo”")
            assert "GRPO" in screen
            terminal.press("Escape")
            terminal.wait_for(lambda text: "for “grpo”" not in text)
            terminal.press("q")
            assert "ssh-status=0" in terminal.wait_for("[exited]")
        finally:
            terminal.close()
