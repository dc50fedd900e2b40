"""Entitlements (pure): rate tables + attendance -> amounts per person, booked by economic code.

Rule 1: money is int VND; amount = rate x days (or x 1 for a per-award regime), no rounding anywhere.
Rule 2: each day is paid at the rate in force that day: the version with the latest
``effective_from`` on or before the day whose ``effective_to`` (if any) is not before it. A new
regulation is a new version; old versions stay, so a stay across the change splits in two lines.
Rule 3: a day with no rate in force is reported as missing, never paid as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

UNITS = ("day", "each")


@dataclass(frozen=True, slots=True)
class Rate:
    """One version of one rate: ``amount`` VND per person per day (unit "day") or per award."""

    regime: str
    level: str
    amount: int
    effective_from: date
    legal_basis: str
    economic_code: str
    version: str = ""
    effective_to: date | None = None
    unit: str = "day"
    id: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount < 0:
            raise ValueError(f"rate amount must be a non-negative int VND, got {self.amount!r}")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("rate ends before it starts")
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if not self.legal_basis.strip():
            raise ValueError("a rate needs its legal basis")

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class Stay:
    """Days one person spent in a camp or at a competition (both ends included), or one award."""

    attendance_id: int
    person_id: int
    regime: str
    level: str
    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError("last day is before first day")

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True, slots=True)
class Line:
    """A run of days of one stay paid at one rate version."""

    attendance_id: int
    person_id: int
    regime: str
    level: str
    first_day: date
    last_day: date
    quantity: int
    rate: int
    amount: int
    economic_code: str
    legal_basis: str
    version: str
    rate_id: int


@dataclass(frozen=True, slots=True)
class MissingRate:
    attendance_id: int
    regime: str
    level: str
    day: date


@dataclass(frozen=True, slots=True)
class Entitlements:
    lines: tuple[Line, ...]
    missing: tuple[MissingRate, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def by_code(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for line in self.lines:
            out[line.economic_code] = out.get(line.economic_code, 0) + line.amount
        return dict(sorted(out.items()))


def rate_on(rates: Iterable[Rate], regime: str, level: str, day: date) -> Rate | None:
    """The version in force on ``day`` for (regime, level); the latest start wins an overlap."""
    found: Rate | None = None
    for r in rates:
        if r.regime == regime and r.level == level and r.in_force(day):
            if found is None or (r.effective_from, r.id) > (found.effective_from, found.id):
                found = r
    return found


def _line(stay: Stay, rate: Rate, first: date, last: date) -> Line:
    quantity = 1 if rate.unit == "each" else (last - first).days + 1
    return Line(
        attendance_id=stay.attendance_id,
        person_id=stay.person_id,
        regime=stay.regime,
        level=stay.level,
        first_day=first,
        last_day=last,
        quantity=quantity,
        rate=rate.amount,
        amount=rate.amount * quantity,
        economic_code=rate.economic_code,
        legal_basis=rate.legal_basis,
        version=rate.version,
        rate_id=rate.id,
    )


def entitle(stay: Stay, rates: Sequence[Rate]) -> tuple[list[Line], list[MissingRate]]:
    """Lines and missing days of one stay (runs of consecutive days at the same version)."""
    relevant = [r for r in rates if r.regime == stay.regime and r.level == stay.level]
    lines: list[Line] = []
    missing: list[MissingRate] = []
    first_rate = rate_on(relevant, stay.regime, stay.level, stay.first_day)
    if first_rate is not None and first_rate.unit == "each":
        return [_line(stay, first_rate, stay.first_day, stay.first_day)], []
    run_rate: Rate | None = None
    run_start = stay.first_day
    day = stay.first_day
    while day <= stay.last_day:
        rate = rate_on(relevant, stay.regime, stay.level, day)
        if rate is None:
            missing.append(MissingRate(stay.attendance_id, stay.regime, stay.level, day))
        if rate is not run_rate:
            if run_rate is not None:
                lines.append(_line(stay, run_rate, run_start, day - timedelta(days=1)))
            run_rate, run_start = rate, day
        day += timedelta(days=1)
    if run_rate is not None:
        lines.append(_line(stay, run_rate, run_start, stay.last_day))
    return lines, missing


def compute(stays: Iterable[Stay], rates: Sequence[Rate]) -> Entitlements:
    """Entitlements of all ``stays``; check ``missing`` before paying anything."""
    lines: list[Line] = []
    missing: list[MissingRate] = []
    for stay in stays:
        got, lost = entitle(stay, rates)
        lines.extend(got)
        missing.extend(lost)
    return Entitlements(tuple(lines), tuple(missing))


def overlaps(stays: Sequence[Stay]) -> list[tuple[Stay, Stay]]:
    """Pairs (earlier, later) of stays of one person and regime sharing a day (a day is paid once)."""
    found: list[tuple[Stay, Stay]] = []
    ordered = sorted(stays, key=lambda s: (s.person_id, s.regime, s.first_day, s.attendance_id))
    reach: Stay | None = None  # the stay reaching furthest so far in the current group
    for s in ordered:
        if reach is not None and (reach.person_id, reach.regime) == (s.person_id, s.regime) and s.first_day <= reach.last_day:
            found.append((reach, s))
        if reach is None or (reach.person_id, reach.regime) != (s.person_id, s.regime) or s.last_day > reach.last_day:
            reach = s
    return found
