"""Offline score sheets (docs/scoring.md): text in, contest logs out, so `arena score` recomputes
official results through the same fold as the live hub. Pure: the caller reads the file.

JSON: {"ruleset": id, "contests": [{"name", "sides", "params", "marks", "scores", "penalties", "presses", "events"}]}.
CSV (judged panels): a header, then one performance per row: name, contest params, one column per
seat ("J1" or "component.seat"), optional "penalty" ("code" or "code=value", several split by ";").
A published panel score (a result book's D and E) is a column named after its component ("D",
"E"; JSON "scores": {"E": "8.233"}), and "P" the neutral deductions; a row gives a component's
published score or its judges' marks, not both.

Every cell is checked as the hub checks a payload before appending it (``check_payload``). A sheet
that cannot be read at all (a header with an unknown column, bad JSON, no rule set) raises
SheetInvalid; a bad cell is a ``Problem`` of its row, named as the user sees it in the file
("line 3, column J7" / "contests[0].marks.E.E1"), and that row is not scored.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from scoring.rules.catalog import load_ruleset
from scoring.rules.contest import LogEvent
from scoring.rules.errors import InputInvalid, RuleError, SheetInvalid
from scoring.rules.fold_panel import component_for
from scoring.rules.live import check_payload
from scoring.rules.rounding import to_decimal
from scoring.rules.ruleset import RuleSet

T0 = datetime(2000, 1, 1, tzinfo=UTC)
CONTEST_KEYS = ("name", "sides", "params", "marks", "scores", "penalties", "presses", "events")
SHEET_KEYS = ("ruleset", "contests")


@dataclass(frozen=True, slots=True)
class Problem:
    """A cell of the sheet the rule set refuses: ``where`` as the user finds it in the file."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class SheetContest:
    """One row (CSV) or contest (JSON). ``where`` names the row; ``sources`` maps an event's seq
    to the cell it came from; a row with ``problems`` must not be scored."""

    name: str
    ruleset: RuleSet
    events: tuple[LogEvent, ...]
    where: str = ""
    sources: Mapping[int, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def parse_sheet(text: str, origin: str, fmt: str, ruleset: RuleSet | str | None = None) -> list[SheetContest]:
    """Contests of a sheet in ``fmt`` "json" or "csv". ``ruleset`` (a RuleSet or a shipped id)
    overrides a JSON sheet's "ruleset". Raises SheetInvalid naming where the sheet is unreadable."""
    if fmt == "json":
        try:
            doc = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise SheetInvalid(origin, f"line {exc.lineno}", exc.msg) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("contests"), list):
            raise SheetInvalid(origin, "$", 'a JSON sheet is {"ruleset": ..., "contests": [...]}')
        _known_keys(origin, "$", doc, SHEET_KEYS)
        rs = _ruleset(origin, ruleset if ruleset is not None else doc.get("ruleset"))
        return [_json_contest(origin, f"contests[{i}]", rs, c) for i, c in enumerate(doc["contests"])]
    if fmt == "csv":
        rs = _ruleset(origin, ruleset)
        return _csv_contests(origin, rs, text)
    raise SheetInvalid(origin, "format", f"unknown format {fmt!r}")


def _ruleset(origin: str, ruleset: Any) -> RuleSet:
    if isinstance(ruleset, RuleSet):
        rs = ruleset
    elif not isinstance(ruleset, str):
        raise SheetInvalid(origin, "ruleset", "name the rule set (in the sheet, with --ruleset or --ruleset-file)")
    else:
        try:
            rs = load_ruleset(ruleset)
        except RuleError as exc:
            raise SheetInvalid(origin, "ruleset", exc.message("en")) from None
    if rs.kind == "skating":
        raise SheetInvalid(
            origin, "ruleset", f"{rs.id} is a figure skating rule set: its protocols are read from CSV protocol sheets (docs/scoring.md)"
        )
    return rs


def _known_keys(origin: str, where: str, obj: Mapping[str, Any], known: tuple[str, ...]) -> None:
    unknown = [k for k in obj if k not in known]
    if unknown:
        raise SheetInvalid(origin, where, f"unknown keys {unknown}; expected {list(known)}")


def _reason(exc: RuleError) -> str:
    return exc.detail or exc.message("en")


# --- CSV ---------------------------------------------------------------------------------------


def _csv_columns(origin: str, rs: RuleSet, header: list[str]) -> list[tuple[str, str, str]]:
    """Each header cell as (role, component, seat|param): ("name"|"penalty"|"param"|"mark")."""
    if rs.panel is None:
        raise SheetInvalid(origin, "ruleset", f"a CSV sheet holds judged panels; {rs.id} is a {rs.kind} rule set (use a JSON sheet)")
    panel = rs.panel
    marks: dict[str, tuple[str, str]] = {}  # column -> (component, seat)
    expected = ["name", *panel.multipliers]
    for comp in panel.components:
        for seat in comp.all_seats:
            alone = sum(seat in c.all_seats for c in panel.components) == 1
            marks[f"{comp.name}.{seat}"] = (comp.name, seat)
            if alone:
                marks[seat] = (comp.name, seat)
            expected.append(seat if alone else f"{comp.name}.{seat}")
    expected.append("penalty")
    published = [c.name for c in panel.components if c.name not in marks and c.name not in expected]
    p_code = published_penalty(rs)
    optional = [*published, *(["P"] if p_code and "P" not in marks and "P" not in published else [])]
    names = [h.strip() for h in header]
    unknown = [n for n in names if n and n not in marks and n not in expected and n not in optional]  # "": a spreadsheet's empty column
    seen: dict[tuple[str, ...], str] = {}
    twice = []
    for n in filter(None, names):
        key: tuple[str, ...] = ("mark", *marks[n]) if n in marks else ("column", n)
        if key in seen:
            twice.append(n if seen[key] == n else f"{seen[key]}/{n}")
        seen[key] = n
    missing = [
        e
        for e in expected
        if e not in ("name", "penalty")
        and e not in names
        and not (e in marks and f"{marks[e][0]}.{e}" in names)
        and not (e in marks and marks[e][0] in names)  # the component's published score stands for its judges
        and not (e.partition(".")[2] and e.partition(".")[0] in names)
    ]
    if unknown or twice or missing:
        parts = []
        if unknown:
            parts.append(f"unknown columns {unknown}")
        if twice:
            parts.append(f"columns given twice {twice}")
        if missing:
            parts.append(f"missing columns {missing}")
        also = f" (or published panel scores {optional} instead of a component's judges)" if optional else ""
        raise SheetInvalid(origin, "line 1 (header)", f"{'; '.join(parts)}; the columns of {rs.id} are {expected}{also}")
    out = []
    for n in names:
        if n in marks:
            out.append(("mark", *marks[n]))
        elif n in published:
            out.append(("score", n, n))
        elif n == "P" and p_code:
            out.append(("P", "", p_code))
        elif n in panel.multipliers:
            out.append(("param", "", n))
        elif not n:
            out.append(("blank", "", n))
        else:
            out.append((n, "", n))
    return out


def _csv_contests(origin: str, rs: RuleSet, text: str) -> list[SheetContest]:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    columns: list[tuple[str, str, str]] = []
    contests = []
    start = 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = row
            columns = _csv_columns(origin, rs, header)
            continue
        contests.append(_csv_contest(rs, line, [h.strip() for h in header], columns, row))
    if header is None:
        raise SheetInvalid(origin, "line 1 (header)", "the sheet is empty: a header line is needed")
    return contests


def _csv_contest(rs: RuleSet, line: int, header: list[str], columns: list[tuple[str, str, str]], row: list[str]) -> SheetContest:
    where = f"line {line}"
    name = next((cell.strip() for (role, _, _), cell in zip(columns, row, strict=False) if role == "name"), "") or where
    problems: list[Problem] = []
    if len(row) != len(header):
        problems.append(Problem(where, f"{len(row)} cells, the header has {len(header)} columns"))
    params: dict[str, Any] = {}
    timeline: list[tuple[Decimal, str, dict[str, Any], str]] = []
    scores: dict[str, tuple[str, str]] = {}
    judged: dict[str, list[str]] = {}
    for i, ((role, component, key), head, cell) in enumerate(zip(columns, header, row, strict=False)):
        value, at = cell.strip(), f"{where}, column {head or i + 1}"
        if role == "param":
            params[key] = (value, at)
        elif role == "mark" and value:
            judged.setdefault(component, []).append(head)
            for data in _mark_items(rs, component, key, value):
                timeline.append((Decimal(0), "mark", data, at))
        elif role == "score" and value:
            scores[component] = (value, at)
        elif role == "P" and value:
            timeline.append((Decimal(0), "penalty", {"code": key, "value": value}, at))
        elif role == "blank" and value:
            problems.append(Problem(at, "a value in a column without a header"))
        elif role == "penalty" and value:
            for item in value.split(";"):
                code, _, amount = item.partition("=")
                if code.strip() or amount.strip():
                    penalty = {"code": code.strip(), **({"value": amount.strip()} if amount.strip() else {})}
                    timeline.append((Decimal(0), "penalty", penalty, at))
    _published(scores, judged, timeline, problems)
    return _build(rs, name, where, None, params, timeline, problems)


def _mark_items(rs: RuleSet, component: str, seat: str, value: Any) -> list[dict[str, Any]]:
    """A mark cell as mark payloads: one mark, or for an ``input = "codes"`` component one per
    deduction code recorded (``balance-sway;fall``, or a JSON list), in the cell's order."""
    comp = next((c for c in rs.panel.components if c.name == component), None) if rs.panel else None
    if comp is None or comp.input != "codes":
        return [{"seat": seat, "value": value, **({"component": component} if component else {})}]
    items = value if isinstance(value, list) else str(value).split(";")
    return [{"seat": seat, "component": component, "code": str(code).strip()} for code in items if str(code).strip()]


def published_penalty(rs: RuleSet) -> str | None:
    """The penalty code a published "P" (neutral deductions) stands for: the rule set's one
    ``subtract`` penalty whose amount comes with the event (FIG "neutral"), else None."""
    codes = [p.code for p in rs.panel.penalties if p.effect == "subtract" and p.amount is None] if rs.panel else []
    return codes[0] if len(codes) == 1 else None


def _published(
    scores: Mapping[str, tuple[Any, str]],
    judged: Mapping[str, list[str]],
    timeline: list[tuple[Decimal, str, dict[str, Any], str]],
    problems: list[Problem],
) -> None:
    """A published panel score becomes a ``panel_score`` event, unless the row also gives that
    component's judges' marks: then the published cell is a bad cell (the row is not scored)."""
    for component, (value, at) in scores.items():
        if judged.get(component):
            seats = ", ".join(judged[component])
            reason = f"the published {component} score and the {component} judges' marks ({seats}) are both given: give one or the other"
            problems.append(Problem(at, reason))
        else:
            timeline.append((Decimal(0), "panel_score", {"component": component, "value": value}, at))


# --- JSON --------------------------------------------------------------------------------------


def _json_contest(origin: str, where: str, rs: RuleSet, c: Any) -> SheetContest:
    if not isinstance(c, dict):
        raise SheetInvalid(origin, where, "a contest is an object")
    _known_keys(origin, where, c, CONTEST_KEYS)
    problems: list[Problem] = []
    timeline: list[tuple[Decimal, str, dict[str, Any], str]] = []
    raw_params = c.get("params") or {}
    if not isinstance(raw_params, dict):
        raise SheetInvalid(origin, f"{where}.params", "params is an object")
    params = {k: (v, f"{where}.params.{k}") for k, v in raw_params.items()}
    marks = c.get("marks") or {}
    if not isinstance(marks, dict):
        raise SheetInvalid(origin, f"{where}.marks", "marks is an object {component: {seat: mark}}")
    judged: dict[str, list[str]] = {}
    for component, seats in marks.items():
        if not isinstance(seats, dict):  # {"J1": "8.0"}: the seat's only component
            if seats is not None:
                timeline.append((Decimal(0), "mark", {"seat": component, "value": seats}, f"{where}.marks.{component}"))
                judged.setdefault(_component_of(rs, component), []).append(f"marks.{component}")
            continue
        for seat, value in seats.items():
            if value is not None:  # null: a missing mark
                for data in _mark_items(rs, component, seat, value):
                    timeline.append((Decimal(0), "mark", data, f"{where}.marks.{component}.{seat}"))
                judged.setdefault(component, []).append(f"marks.{component}.{seat}")
    scores = c.get("scores") or {}
    if not isinstance(scores, dict):
        raise SheetInvalid(origin, f"{where}.scores", 'scores is an object {component: published score}, e.g. {"E": "8.233"}')
    _published({k: (v, f"{where}.scores.{k}") for k, v in scores.items() if v is not None}, judged, timeline, problems)
    for key, shape in (
        ("penalties", "an object {code, value?, side?}"),
        ("presses", "[t, seat, side, value]"),
        ("events", "[kind, data, t]"),
    ):
        items = c.get(key) or []
        if not isinstance(items, list):
            raise SheetInvalid(origin, f"{where}.{key}", f"{key} is a list")
        for k, item in enumerate(items):
            at = f"{where}.{key}[{k}]"
            try:
                if key == "penalties":
                    if not isinstance(item, dict):
                        raise TypeError("not an object")
                    timeline.append((Decimal(0), "penalty", dict(item), at))
                elif key == "presses":
                    t, seat, side, value = item
                    timeline.append((to_decimal(t, "time"), "press", {"seat": seat, "side": side, "value": value}, at))
                else:
                    kind, data, t = item
                    timeline.append((to_decimal(t, "time"), str(kind), dict(data), at))
            except (ValueError, TypeError, InputInvalid) as exc:
                problems.append(Problem(at, f"{key} items are {shape}: {exc}"))
    return _build(rs, str(c.get("name") or where), where, c.get("sides"), params, timeline, problems)


def _component_of(rs: RuleSet, seat: str) -> str:
    try:
        return component_for(rs, seat, None).name if rs.panel is not None else ""
    except InputInvalid:
        return ""  # the mark itself is refused when it is checked


# --- both --------------------------------------------------------------------------------------


def _build(
    rs: RuleSet,
    name: str,
    where: str,
    sides: Any,
    params: Mapping[str, tuple[Any, str]],
    timeline: list[tuple[Decimal, str, dict[str, Any], str]],
    problems: list[Problem],
) -> SheetContest:
    """Check every cell as the hub checks a payload, then write the contest's log in time order."""
    contest_sides = list(sides) if isinstance(sides, list) and sides else list(rs.sides)
    multipliers = rs.panel.multipliers if rs.panel else ()
    good_params: dict[str, str] = {}
    for key in multipliers:
        if key not in params or params[key][0] is None or str(params[key][0]).strip() == "":
            problems.append(Problem(params[key][1] if key in params else where, f"{key} is required by {rs.id}"))
    for key, (value, at) in params.items():
        if key not in multipliers:
            problems.append(Problem(at, f"{key!r} is not a contest param of {rs.id} (params {list(multipliers)})"))
        elif value is not None and str(value).strip() != "":
            try:
                if to_decimal(value, f"contest param {key}") <= 0:
                    raise InputInvalid("contest param", f"{key} {value} must be positive")
            except InputInvalid as exc:
                problems.append(Problem(at, _reason(exc)))
            else:
                good_params[key] = str(value).strip()
    log = _Log(rs, contest_sides, good_params)
    timeline.sort(key=lambda item: item[0])  # stable: same-time items keep the sheet's order
    for t, kind, data, at in timeline:
        if kind == "penalty" and "side" not in data:
            data = {"side": contest_sides[0], **data}
        try:
            _check(rs, contest_sides, kind, data)
        except InputInvalid as exc:
            problems.append(Problem(at, _reason(exc)))
            continue
        if isinstance(data.get("value"), int | Decimal) and not isinstance(data.get("value"), bool):
            data = {**data, "value": str(data["value"])}  # as the hub stores it: decimals as strings
        log.add(kind, data, t, at)
    if not any(kind == "contest_ended" for _, kind, _, _ in timeline):
        log.add("contest_ended", {}, log.last_t, where)
    return SheetContest(name, rs, tuple(log.events), where, log.sources, tuple(problems))


def _check(rs: RuleSet, sides: list[str], kind: str, data: Mapping[str, Any]) -> None:
    """``check_payload``, plus what a panel checks only when it scores (a penalty's amount)."""
    check_payload(rs, sides, kind, data)
    if kind == "penalty" and rs.panel is not None:
        rule = next(p for p in rs.panel.penalties if p.code == data.get("code"))
        if rule.amount is None and rule.effect == "subtract" and data.get("value") is None:
            raise InputInvalid("penalty", f"{rule.code} needs a value, e.g. {rule.code}=0.3")
        if data.get("value") is not None:
            amount = to_decimal(data.get("value"), f"penalty {rule.code}")
            if rule.effect == "subtract" and amount < 0:
                raise InputInvalid("penalty", f"{rule.code} {amount} is a deduction: it is not negative")


class _Log:
    def __init__(self, rs: RuleSet, sides: list[str], params: Mapping[str, str]) -> None:
        self.sides = sides
        self.events: list[LogEvent] = []
        self.sources: dict[int, str] = {}
        self.last_t = Decimal(0)
        self.add("contest_created", {"ruleset": rs.id, "sides": self.sides, "params": dict(params)})

    def add(self, kind: str, data: Mapping[str, Any], t: Any = None, source: str = "") -> None:
        if t is not None:
            self.last_t = Decimal(str(t))
        at = T0 + timedelta(microseconds=int(self.last_t * 1_000_000))
        self.events.append(LogEvent(len(self.events) + 1, kind, dict(data), at))
        if source:
            self.sources[len(self.events)] = source


# --- how totals are printed --------------------------------------------------------------------


def _places(value: Decimal, as_written: bool = False) -> int:
    exponent = (value if as_written else value.normalize()).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def total_places(rs: RuleSet, params: Mapping[str, Any] | None = None) -> int:
    """The decimals a total of ``rs`` is published with: those of the final rounding when the rule
    set rounds the score (wushu 0.001), else of the finest component rounding (FIG E 0.001), else
    those the marks and the contest's multipliers as written give (awards in halves x dd 3.4: 2).
    Bouts and cards count points: 0."""
    if rs.panel is None:
        return 0
    panel = rs.panel
    if panel.rounding.quantum is not None:
        return _places(panel.rounding.quantum)
    rounded = [c.rounding.quantum for c in panel.components if c.rounding.quantum is not None]
    if rounded:
        return max(_places(q) for q in rounded)
    places = max(_places((c.step or Decimal("0.01")) * c.weight) for c in panel.components)
    for name in panel.multipliers:
        try:
            places += _places(to_decimal((params or {}).get(name, "0"), name), as_written=True)
        except InputInvalid:
            pass
    return places


def format_total(value: Decimal, places: int) -> str:
    """``value`` with ``places`` decimals ("0.00", "81.60"); never cut: a value with more decimals
    than the rule set publishes (a mean it does not round) is printed exactly."""
    quantum = Decimal(1).scaleb(-places)
    shown = value.quantize(quantum)
    if shown != value:
        shown = value
    return format(shown + 0 if shown.is_zero() else shown, "f")
