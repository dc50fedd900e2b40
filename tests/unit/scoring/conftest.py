"""Builders for rule-engine tests: a contest log written the way the live hub writes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from scoring.rules import LogEvent, load_ruleset, score_contest
from scoring.rules.contest import ContestScore

T0 = datetime(2025, 5, 17, 9, 0, 0, tzinfo=UTC)


class ContestLog:
    """Appends events with seq 1.. and receipt times ``t`` seconds after T0."""

    def __init__(self, ruleset_id: str, sides: list[str] | None = None, **params: Any) -> None:
        self.ruleset = load_ruleset(ruleset_id)
        self.events: list[LogEvent] = []
        created: dict[str, Any] = {"ruleset": ruleset_id, "params": {k: str(v) for k, v in params.items()}}
        if sides is not None:
            created["sides"] = sides
        self.add("contest_created", created, 0)

    def add(self, kind: str, data: dict[str, Any] | None = None, t: float | str | Decimal = 0) -> LogEvent:
        at = T0 + timedelta(microseconds=int(Decimal(str(t)) * 1_000_000))
        ev = LogEvent(len(self.events) + 1, kind, data or {}, at)
        self.events.append(ev)
        return ev

    def press(self, seat: str, side: str, value: str, t: float | str, **extra: Any) -> LogEvent:
        return self.add("press", {"seat": seat, "side": side, "value": value, **extra}, t)

    def mark(self, seat: str, value: str, component: str | None = None, t: float = 0) -> LogEvent:
        data = {"seat": seat, "value": value}
        if component is not None:
            data["component"] = component
        return self.add("mark", data, t)

    def marks(self, component: str | None, **values: str) -> None:
        for seat, value in values.items():
            self.mark(seat, value, component)

    def score(self) -> ContestScore:
        return score_contest(self.ruleset, self.events)


@pytest.fixture
def contest_log() -> Callable[..., ContestLog]:
    return ContestLog
