"""Who may open one more session: counted in all and per client key, never per claimed user name."""

from __future__ import annotations

from collections import Counter


class SessionBook:
    """Admits a session against both limits and keeps the count until it is released."""

    def __init__(self, max_sessions: int, max_per_key: int) -> None:
        self.max_sessions = max_sessions
        self.max_per_key = max_per_key
        self._by_key: Counter[str] = Counter()

    def admit(self, key_fingerprint: str) -> str | None:
        """Count one more session for this key; returns why not when a limit is reached."""
        if self.total >= self.max_sessions:
            return f"the server is full ({self.max_sessions} sessions); try again later"
        if self._by_key[key_fingerprint] >= self.max_per_key:
            return f"this key already has {self.max_per_key} open sessions"
        self._by_key[key_fingerprint] += 1
        return None

    def release(self, key_fingerprint: str) -> None:
        self._by_key[key_fingerprint] -= 1
        if self._by_key[key_fingerprint] <= 0:
            del self._by_key[key_fingerprint]

    @property
    def total(self) -> int:
        return sum(self._by_key.values())
