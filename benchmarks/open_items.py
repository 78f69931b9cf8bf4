"""Time opening every shipped item in a headless reader: from the request until the next screen refresh."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.cli.content import shipped_content
from tui.model import KnowledgeBase, load_knowledge_base
from tui.view.place import Place


class TimedReader(HubReaderApp):
    """The real reader, opening every item once after it is ready, then exiting with the timings."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb, IndexSearcher(kb), StateStore(None))
        self.timings: dict[str, float] = {}

    def on_ready(self) -> None:
        self.run_worker(self._open_all())

    async def _open_all(self) -> None:
        """Runs as a worker so the app keeps processing the refreshes it waits for."""
        for item in list(self.kb):
            refreshed = asyncio.Event()
            start = time.perf_counter()
            await self.reader_screen.open_place(Place(item.key))
            self.call_after_refresh(refreshed.set)
            await refreshed.wait()
            self.timings[str(item.key)] = (time.perf_counter() - start) * 1000
        self.exit()


def main() -> None:
    app = TimedReader(load_knowledge_base(shipped_content()))
    app.run(headless=True, size=(120, 40))
    values = sorted(app.timings.values())
    slowest = max(app.timings, key=lambda key: app.timings[key])
    print(json.dumps({
        "items": len(values),
        "open_ms": {"p50": round(statistics.median(values), 1), "p95": round(values[int(len(values) * 0.95) - 1], 1),
                    "max": round(values[-1], 1)},
        "slowest": slowest,
        "target_ms": 150,
    }))


if __name__ == "__main__":
    main()
