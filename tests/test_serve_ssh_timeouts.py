"""serve-ssh ends sessions nobody types in, and sessions that run too long, telling the client why."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.test_serve_ssh_support import DEADLINE_S, connect, gone, make_keys, open_reader, start_server


async def test_an_idle_session_is_closed_but_typing_keeps_it_open(tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys")
    server = await start_server(tmp_path, keys, idle=1.0)
    try:
        async with await connect(server.port, keys.client) as conn:
            chan, screen, pid = await open_reader(conn, server, set())
            for _ in range(4):  # 1.6 s in all, never 1 s without a key
                await asyncio.sleep(0.4)
                chan.write(b"j")
            assert not screen.closed.done()
            await asyncio.wait_for(chan.wait_closed(), DEADLINE_S)
            assert "hubreader: closed after 1 s without input" in screen.text()
            assert chan.get_exit_status() == 128 + signal.SIGHUP
        assert await gone(pid)
    finally:
        await server.stop()


async def test_a_session_past_its_time_is_closed(tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys")
    server = await start_server(tmp_path, keys, max_time=1.5)
    try:
        async with await connect(server.port, keys.client) as conn:
            chan, screen, pid = await open_reader(conn, server, set())
            await asyncio.wait_for(chan.wait_closed(), DEADLINE_S)
            assert "hubreader: sessions last at most 1.5 s" in screen.text()
        assert await gone(pid)
    finally:
        await server.stop()
