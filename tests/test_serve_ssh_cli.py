"""`serve-ssh` as a command: one-line errors, a private host key made once, honest logs, Ctrl+C ends everything."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_KB, REPO
from tests.test_serve_ssh_support import DEADLINE_S, SERVE_SSH, Keys, connect, gone, make_keys, open_screen, serving


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "HUBREADER_CACHE": str(tmp_path / "cache")}


def _argv(keys: Keys, host_key: Path, *extra: str) -> list[str]:
    return [*SERVE_SSH, "--content", str(FIXTURE_KB), "serve-ssh", "--host-key", str(host_key),
            "--authorized-keys", str(keys.authorized), *extra]


@pytest.mark.parametrize("problem", ["missing", "empty", "garbage", "open host key"])
def test_key_file_problems_are_one_line(tmp_path: Path, problem: str) -> None:
    keys = make_keys(tmp_path)
    host_key = tmp_path / "host_key"
    if problem == "missing":
        keys.authorized.unlink()
    elif problem in ("empty", "garbage"):
        keys.authorized.write_text("" if problem == "empty" else "not a key\n")
    else:
        host_key.write_bytes(keys.host.export_private_key())
        host_key.chmod(0o644)
    result = subprocess.run(_argv(keys, host_key, "--port", "0"), capture_output=True, text=True,
                            env=_env(tmp_path), cwd=REPO, timeout=DEADLINE_S)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("hubreader: "), result.stderr
    assert {"missing": "not found", "empty": "no usable public keys", "garbage": "no usable public keys",
            "open host key": "chmod 600"}[problem] in result.stderr


async def test_serving_from_start_to_ctrl_c(tmp_path: Path) -> None:
    keys = make_keys(tmp_path)
    host_key = tmp_path / "keys" / "host_key"
    async with serving(_argv(keys, host_key, "--port", "0"), _env(tmp_path)) as (server, banner):
        printed = re.search(r"host key (SHA256:\S+) \(created in ", banner)
        assert printed and stat.S_IMODE(host_key.stat().st_mode) == 0o600
        port = int(re.search(r"127\.0\.0\.1:(\d+)", banner).group(1))  # type: ignore[union-attr]

        second = subprocess.run(_argv(keys, host_key, "--port", str(port)), capture_output=True, text=True,
                                env=_env(tmp_path), cwd=REPO, timeout=DEADLINE_S)
        assert f"host key {printed.group(1)} (from " in second.stdout  # made once, then reused
        assert second.returncode == 1
        assert second.stderr == f"hubreader: cannot listen on 127.0.0.1:{port}: address already in use\n"

        async with await connect(port, keys.client) as conn:
            assert conn.get_server_host_key().get_fingerprint() == printed.group(1)  # type: ignore[union-attr]
            chan, screen = await open_screen(conn)
            await screen.wait_for("Hubs (")
            chan.write(b"/zebraquery")
            await screen.wait_for("for “zebraquery”")
            zygote = zygotes(server.pid)
            assert len(zygote) == 1
            server.send_signal(signal.SIGINT)
            await asyncio.wait_for(chan.wait_closed(), DEADLINE_S)
            assert "hubreader: the server is shutting down" in screen.text()
        assert await asyncio.wait_for(server.wait(), DEADLINE_S) == 0
        assert server.stderr is not None
        log = (await server.stderr.read()).decode()
    pids = [int(pid) for pid in re.findall(r"session started: pid (\d+)", log)]
    assert len(pids) == 1 and await gone(pids[0])
    assert await gone(zygote[0])
    assert re.search(r"conn 1 from 127\.0\.0\.1:\d+", log)
    assert f"auth ok: key {keys.client.get_fingerprint()}" in log
    assert re.search(r"session ended: pid \d+, status 129, [\d.]+ s, 11 B in, \d+ B out \(the server is shutting", log)
    assert "zebra" not in log  # keystrokes and queries are never logged
    assert all(line.count("hubreader: ") == 1 for line in log.splitlines()), log


def zygotes(parent: int) -> list[int]:
    """The server's zygote: its child running tui.serve.zygote (the readers it forks share that command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
            ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1]) if cmdline else 0
        except OSError:
            continue
        if b"tui.serve.zygote" in cmdline and ppid == parent:
            found.append(int(entry.name))
    return found
