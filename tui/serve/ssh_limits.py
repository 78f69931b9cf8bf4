"""What a client may hold or try: sessions per key, logins in progress per address, refused keys per address."""

from __future__ import annotations

import math
import time
from collections import Counter, OrderedDict
from collections.abc import Callable

# An address may have 6 refused keys (one connection's worth) answered at once; then each refusal waits 2, 4, then
# 8 s (under the login timeout, so a slowed client still hears), and only that address's connections wait
# (test_repeated_failures_from_one_address_are_slowed_not_other_addresses).
FREE_FAILURES = 6
FAILURE_DELAYS_S = (2.0, 4.0, 8.0)
# At most 4096 addresses are remembered, the one that failed longest ago forgotten first, and any with no refusal
# for 10 minutes (test_the_failure_table_is_bounded_and_forgets).
FORGET_FAILURES_S = 600.0
MAX_ADDRESSES = 4096


class Quota:
    """Counts what is held in all and per holder (a client key, a source address); admits one more under both caps."""

    def __init__(self, max_total: int, max_each: int, total_full: str, each_full: str) -> None:
        self.max_total = max_total
        self.max_each = max_each
        self._total_full = total_full
        self._each_full = each_full
        self._by_holder: Counter[str] = Counter()

    def admit(self, holder: str) -> str | None:
        """Count one more for this holder; returns why not when a cap is reached."""
        if self.total >= self.max_total:
            return self._total_full.format(self.max_total)
        if self._by_holder[holder] >= self.max_each:
            return self._each_full.format(self.max_each)
        self._by_holder[holder] += 1
        return None

    def held_by(self, holder: str) -> int:
        return self._by_holder[holder]

    def release(self, holder: str) -> None:
        self._by_holder[holder] -= 1
        if self._by_holder[holder] <= 0:
            del self._by_holder[holder]

    @property
    def total(self) -> int:
        return sum(self._by_holder.values())


class FailureBook:
    """Recent refused keys per source address, so an address that keeps failing waits longer for each answer."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._recent: OrderedDict[str, tuple[int, float]] = OrderedDict()  # oldest last failure first

    def fail(self, address: str) -> float:
        """Count one more refusal from this address; returns the seconds to wait before answering it."""
        now = self._clock()
        self._forget_before(now - FORGET_FAILURES_S)
        count = self._recent.pop(address, (0, now))[0] + 1
        self._recent[address] = (count, now)
        if len(self._recent) > MAX_ADDRESSES:
            self._recent.popitem(last=False)
        over = count - FREE_FAILURES
        return 0.0 if over <= 0 else FAILURE_DELAYS_S[min(over, len(FAILURE_DELAYS_S)) - 1]

    def clear(self, address: str) -> None:
        """A login succeeded from here: its earlier fumbles are forgiven."""
        self._recent.pop(address, None)

    def __len__(self) -> int:
        return len(self._recent)

    def _forget_before(self, cutoff: float) -> None:
        while self._recent and next(iter(self._recent.values()))[1] < cutoff:
            self._recent.popitem(last=False)


class Hush:
    """At most one log line per interval for an event that can come by the thousand; the next line says how many."""

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._next = -math.inf
        self._unlogged = 0

    def due(self, now: float) -> int | None:
        """None while the interval runs (the event is counted); else how many went unlogged since the last line."""
        if now < self._next:
            self._unlogged += 1
            return None
        unlogged, self._unlogged, self._next = self._unlogged, 0, now + self._interval
        return unlogged
