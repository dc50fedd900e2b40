"""The server's share of the live path, measured where it happens: from the moment the hub starts
appending an input to the moment its delta is written to each scoreboard socket.

Clients cannot measure this (their own receive loop adds to it); the head referee and the
benchmark read it at ``GET /api/metrics/live``.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict, deque
from typing import Any

_SEQ = re.compile(r'"seq": (\d+)')


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 3)


class FanoutMeter:
    def __init__(self, keep: int = 20_000) -> None:
        self.keep = keep
        self.started: OrderedDict[tuple[int, int], float] = OrderedDict()
        self.writes: deque[float] = deque(maxlen=keep)  # passes and late slow-socket writes
        self.last: OrderedDict[tuple[int, int], float] = OrderedDict()

    @staticmethod
    def now() -> float:
        return time.perf_counter()

    def published(self, fop_id: int, seq: int, started: float) -> None:
        self.started[(fop_id, seq)] = started
        while len(self.started) > self.keep:
            self.started.popitem(last=False)

    def written(self, fop_id: int, frame: str) -> None:
        """A delta frame was written to the field's sockets (after the pass over every healthy
        socket, and again for each slow one): ``frame`` as published, its seq near the start."""
        found = _SEQ.search(frame, 0, 120)
        if found is None:
            return
        key = (fop_id, int(found.group(1)))
        started = self.started.get(key)
        if started is None:
            return
        took = self.now() - started
        self.writes.append(took)
        self.last[key] = max(took, self.last.get(key, 0.0))
        while len(self.last) > self.keep:
            self.last.popitem(last=False)

    def report(self) -> dict[str, Any]:
        writes, last = list(self.writes), list(self.last.values())
        return {
            "deltas": len(last),
            "writes": len(writes),
            "last_socket_ms": {"p50": _percentile(last, 0.5), "p99": _percentile(last, 0.99), "max": _percentile(last, 1.0)},
        }

    def reset(self) -> None:
        self.started.clear()
        self.writes.clear()
        self.last.clear()
