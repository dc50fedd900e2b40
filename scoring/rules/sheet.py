"""Offline score sheets (docs/scoring.md): text in, contest logs out, so `arena score` recomputes
official results through the same fold as the live hub. Pure: the caller reads the file.

JSON: {"ruleset": id, "contests": [{"name", "params", "marks", "penalties", "presses", "events"}]}.
CSV (judged panels): one performance per row: name, contest params, one column per seat
("J1" or "component.seat"), optional "penalty" ("code" or "code=value", several split by ";").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from scoring.rules.catalog import load_ruleset
from scoring.rules.contest import LogEvent
from scoring.rules.errors import RuleError, SheetInvalid
from scoring.rules.ruleset import RuleSet

T0 = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SheetContest:
    name: str
    ruleset: RuleSet
    events: tuple[LogEvent, ...]


def parse_sheet(text: str, origin: str, fmt: str, ruleset_id: str | None = None) -> list[SheetContest]:
    """Contests of a sheet in ``fmt`` "json" or "csv"; raises SheetInvalid naming where."""
    if fmt == "json":
        try:
            doc = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise SheetInvalid(origin, f"line {exc.lineno}", exc.msg) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("contests"), list):
            raise SheetInvalid(origin, "$", 'a JSON sheet is {"ruleset": ..., "contests": [...]}')
        rs = _ruleset(origin, ruleset_id or doc.get("ruleset"))
        return [_contest(origin, f"contests[{i}]", rs, c) for i, c in enumerate(doc["contests"])]
    if fmt == "csv":
        rs = _ruleset(origin, ruleset_id)
        rows = list(csv.DictReader(io.StringIO(text)))
        return [_contest(origin, f"row {i + 2}", rs, _csv_row(rs, row)) for i, row in enumerate(rows)]
    raise SheetInvalid(origin, "format", f"unknown format {fmt!r}")


def _ruleset(origin: str, ruleset_id: Any) -> RuleSet:
    if not isinstance(ruleset_id, str):
        raise SheetInvalid(origin, "ruleset", "name the rule set (in the sheet or with --ruleset)")
    try:
        return load_ruleset(ruleset_id)
    except RuleError as exc:
        raise SheetInvalid(origin, "ruleset", exc.message("en")) from None


def _csv_row(rs: RuleSet, row: Mapping[str, str | None]) -> dict[str, Any]:
    marks: dict[str, dict[str, str]] = {}
    params, penalties = {}, []
    multipliers = rs.panel.multipliers if rs.panel else ()
    for column, value in row.items():
        if column is None or value is None or value.strip() == "":
            continue
        value = value.strip()
        if column == "penalty":
            for item in value.split(";"):
                code, _, amount = item.partition("=")
                penalties.append({"code": code.strip(), **({"value": amount.strip()} if amount else {})})
        elif column in multipliers:
            params[column] = value
        elif column != "name":
            component, _, seat = column.rpartition(".")
            marks.setdefault(component, {})[seat] = value
    return {"name": row.get("name") or "", "params": params, "marks": marks, "penalties": penalties}


def _contest(origin: str, where: str, rs: RuleSet, c: Any) -> SheetContest:
    if not isinstance(c, dict):
        raise SheetInvalid(origin, where, "a contest is an object")
    log = _Log(rs, c.get("sides"), c.get("params") or {})
    timeline: list[tuple[Decimal, str, dict[str, Any]]] = []
    for component, seats in (c.get("marks") or {}).items():
        if not isinstance(seats, dict):  # {"J1": "8.0"}: the seat's only component
            timeline.append((Decimal(0), "mark", {"seat": component, "value": str(seats)}))
            continue
        for seat, value in seats.items():
            data = {"seat": seat, "value": str(value), **({"component": component} if component else {})}
            timeline.append((Decimal(0), "mark", data))
    for p in c.get("penalties", []):
        timeline.append((Decimal(0), "penalty", {"side": log.sides[0], **p}))
    try:
        for t, seat, side, value in c.get("presses", []):
            timeline.append((Decimal(str(t)), "press", {"seat": seat, "side": side, "value": str(value)}))
        for kind, data, t in c.get("events", []):
            timeline.append((Decimal(str(t)), kind, dict(data)))
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise SheetInvalid(origin, where, f"presses are [t, seat, side, value], events [kind, data, t]: {exc}") from None
    timeline.sort(key=lambda item: item[0])  # stable: same-time items keep the sheet's order
    for t, kind, data in timeline:
        log.add(kind, data, t)
    if not any(kind == "contest_ended" for _, kind, _ in timeline):
        log.add("contest_ended", {}, log.last_t)
    return SheetContest(str(c.get("name", where)), rs, tuple(log.events))


class _Log:
    def __init__(self, rs: RuleSet, sides: Any, params: Mapping[str, Any]) -> None:
        self.sides = list(sides or rs.sides)
        self.events: list[LogEvent] = []
        self.last_t = Decimal(0)
        self.add("contest_created", {"ruleset": rs.id, "sides": self.sides, "params": {k: str(v) for k, v in params.items()}})

    def add(self, kind: str, data: Mapping[str, Any], t: Any = None) -> None:
        if t is not None:
            self.last_t = Decimal(str(t))
        at = T0 + timedelta(microseconds=int(self.last_t * 1_000_000))
        self.events.append(LogEvent(len(self.events) + 1, kind, dict(data), at))
