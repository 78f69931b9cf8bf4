"""The zygote starts a few sessions at a time (one more than the cores); the rest wait, in order, for a slot."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from pathlib import Path

import pytest
import pytest_asyncio

from tests.conftest import FIXTURE_KB
from tui.serve.child import Limits, Prepared
from tui.serve.zygote import START_SLOT_S, STARTING_AT_ONCE
from tui.serve.zygote_client import ZygoteClient

CUED = "tests.test_zygote_queue:start_on_cue"
DEADLINE_S = 15.0
LIMITS = Limits(60, 512 << 20)
NOT_YET_S = 0.5  # long enough for the zygote to have forked a session it should not have


def start_on_cue(prepared: Prepared, environ: Mapping[str, str], started: Callable[[], None]) -> int:
    """A session entry for tests: its first screen is up once the file LC_CUE names exists; it ends at LC_END's."""
    cue, end = Path(environ["LC_CUE"]), Path(environ["LC_END"])
    deadline = time.monotonic() + DEADLINE_S
    while not cue.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    started()
    while not end.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return 0


@pytest_asyncio.fixture
async def zygote(tmp_path: Path) -> AsyncIterator[ZygoteClient]:
    client = await ZygoteClient.start(FIXTURE_KB, tmp_path / "cache", CUED)
    yield client
    await client.close()


class Sessions:
    """Spawn requests on ptys of their own, each with its own cue and end files."""

    def __init__(self, zygote: ZygoteClient, folder: Path) -> None:
        self.zygote = zygote
        self.folder = folder
        self.masters: list[int] = []

    def spawn(self, name: str) -> asyncio.Task[int]:
        master, slave = os.openpty()
        self.masters.append(master)
        environ = {"LC_CUE": str(self.folder / f"{name}.cue"), "LC_END": str(self.folder / f"{name}.end")}
        task = asyncio.ensure_future(self.zygote.spawn(slave, environ, LIMITS))
        task.add_done_callback(lambda _: os.close(slave))
        return task

    def cue(self, name: str, suffix: str = "cue") -> None:
        (self.folder / f"{name}.{suffix}").touch()

    def close(self) -> None:
        for master in self.masters:
            os.close(master)


@pytest.fixture
def sessions(zygote: ZygoteClient, tmp_path: Path) -> Iterator[Sessions]:
    made = Sessions(zygote, tmp_path)
    yield made
    made.close()


async def test_sessions_past_one_per_core_wait_for_a_first_screen(sessions: Sessions) -> None:
    first = [sessions.spawn(f"s{i}") for i in range(STARTING_AT_ONCE)]
    waiting = [sessions.spawn("late"), sessions.spawn("later")]
    await asyncio.wait_for(asyncio.gather(*first), DEADLINE_S)
    done, _ = await asyncio.wait(waiting, timeout=NOT_YET_S)
    assert not done, "a session started while every start-up slot was taken"
    sessions.cue("s0")
    await asyncio.wait_for(waiting[0], START_SLOT_S - NOT_YET_S - 0.5)  # freed by the cue, not by the slot's expiry
    assert not waiting[1].done(), "a queued session started out of order"
    sessions.cue("s1", "end")  # it ends before its first screen: that frees its slot too
    await asyncio.wait_for(waiting[1], DEADLINE_S)


async def test_a_session_slow_to_start_stops_holding_back_the_queue(sessions: Sessions) -> None:
    started = time.monotonic()
    first = [sessions.spawn(f"s{i}") for i in range(STARTING_AT_ONCE)]
    late = sessions.spawn("late")
    await asyncio.wait_for(asyncio.gather(*first), DEADLINE_S)
    await asyncio.wait_for(late, DEADLINE_S)
    assert time.monotonic() - started >= START_SLOT_S * 0.9
