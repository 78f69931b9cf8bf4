"""Hostile browsers against the real `serve-web` (issue #16): a flood of keystrokes, then a closed tab; the caps
every web reader runs under."""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import signal
import sys
import time
import uuid
from pathlib import Path

import aiohttp
import pytest

from tests.test_serve_web import (
    COLUMNS,
    DEADLINE_S,
    ROWS,
    TITLE,
    env,
    marked,
    read_screen,
    readers,
    serve_in_process,
    serve_web,
    until,
)
from tui.serve.child import CPU_GRACE_S
from tui.serve.session_env import SESSION_CPU_S, SESSION_MEMORY_MB
from tui.serve.web import QUIT_GRACE_S

__all__ = ["env"]  # the fixture, shared with test_serve_web

FLOOD_S = 4.0
MESSAGES_PER_S = 100
KEYS = "jjkk/ab\x7f\x1b[A\x1b[B\t"  # moves, a search, backspace, arrows, tab: all things a reader acts on
CHUNK = (KEYS * 50)[:500]  # 100 messages a second of this: ~50 kB/s, the rate issue #16 measured
GONE_S = QUIT_GRACE_S + 4.0  # the grace, then slack for a loaded machine; the old server took STALL_S (10 s) or more
MEMORY_CAP = SESSION_MEMORY_MB << 20


def status(pid: int, field: str) -> int:
    """A size from /proc/PID/status, in bytes; 0 once the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) * 1024 for line in lines if line.startswith(f"{field}:")), 0)


def group(pgid: int) -> set[int]:
    """Live processes in the process group `pgid`, found in /proc."""
    members = set()
    for entry in Path("/proc").iterdir():
        try:
            state, _, pgrp = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(pgrp) == pgid and state != "Z":
            members.add(int(entry.name))
    return members


def limits_of(pid: int) -> dict[str, tuple[str, str]]:
    """/proc/PID/limits as {name: (soft, hard)}; the name column is 26 characters wide."""
    rows = Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]
    return {row[:26].strip(): (row[26:].split()[0], row[26:].split()[1]) for row in rows}


async def flood(websocket: aiohttp.ClientWebSocketResponse, pid: int) -> int:
    """~50 kB/s of keystrokes for FLOOD_S, never reading what the reader draws; the reader's peak anonymous memory."""
    peak = 0
    start = time.monotonic()
    for tick in range(int(FLOOD_S * MESSAGES_PER_S)):
        await websocket.send_json(["stdin", CHUNK])
        peak = max(peak, status(pid, "RssAnon"))
        await asyncio.sleep(max(0.0, start + (tick + 1) / MESSAGES_PER_S - time.monotonic()))
    return peak


async def close_and_wait_for_group(websocket: aiohttp.ClientWebSocketResponse, reader: int, parent: int) -> None:
    """Close the tab; the reader's whole process group must be gone, and the reader reaped, within GONE_S."""
    closing = asyncio.create_task(websocket.close())
    await until(lambda: not group(reader) and reader not in readers(parent), "the reader's group to end", GONE_S)
    await asyncio.wait_for(closing, DEADLINE_S)


async def test_a_closed_tab_ends_its_flooded_reader_in_time(env: dict[str, str]) -> None:
    async with serve_web(env) as (server, url), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        await read_screen(websocket, TITLE)
        (reader,) = readers(server.pid)
        assert await flood(websocket, reader) <= MEMORY_CAP
        await close_and_wait_for_group(websocket, reader, server.pid)
        server.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(server.wait(), DEADLINE_S) == 0
        assert server.stderr is not None
        log = (await server.stderr.read()).decode()
        assert "Traceback" not in log and KEYS[:6] not in log, log  # one line per event, never what was typed


async def test_a_closed_tab_ends_a_reader_that_takes_its_input_slowly() -> None:
    """A reader that reads 5 kB/s, ignores SIGTERM and never quits: the close must not wait behind its backlog."""
    marker = f"slow-{uuid.uuid4().hex}"
    slow = (
        "import os, signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('__GANGLION__', flush=True)\n"
        "while os.read(0, 1024): time.sleep(0.2)"
    )
    async with serve_in_process(shlex.join([sys.executable, "-c", slow, marker]), stall_s=60.0) as url, \
            aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws")
        await until(lambda: len(marked(marker)) == 1, "the slow reader")
        (reader,) = marked(marker)
        await flood(websocket, reader)
        await close_and_wait_for_group(websocket, reader, os.getpid())


async def test_input_a_reader_does_not_take_is_dropped_and_the_browser_still_heard(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """6 MB sent to a reader that reads nothing: the server holds at most INPUT_BACKLOG_BYTES of it and keeps
    answering the browser; dropping is one log line, not one per message."""
    marker = f"deaf-{uuid.uuid4().hex}"
    deaf = "import time; print('__GANGLION__', flush=True); time.sleep(60)"
    async with serve_in_process(shlex.join([sys.executable, "-c", deaf, marker]), stall_s=60.0) as url, \
            aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws")
        await until(lambda: len(marked(marker)) == 1, "the deaf reader")
        for _ in range(100):
            await websocket.send_json(["stdin", "x" * 60_000])
        await websocket.send_json(["ping", "still there?"])
        assert await asyncio.wait_for(websocket.receive_json(), DEADLINE_S) == ["pong", "still there?"]
        await websocket.close()
    dropping = [record for record in caplog.records if "dropping what the browser sends" in record.getMessage()]
    assert len(dropping) == 1 and dropping[0].levelno == logging.WARNING


async def test_a_web_reader_has_the_caps_of_an_ssh_reader(env: dict[str, str]) -> None:
    async with serve_web(env) as (server, url), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(f"{url}/ws?width={COLUMNS}&height={ROWS}")
        await read_screen(websocket, TITLE)
        (reader,) = readers(server.pid)
        limits = limits_of(reader)
        assert limits["Max data size"] == (str(MEMORY_CAP), str(MEMORY_CAP))
        assert limits["Max cpu time"] == (str(SESSION_CPU_S), str(SESSION_CPU_S + CPU_GRACE_S))
        assert limits["Max core file size"] == ("0", "0")
        await websocket.close()
