"""Regimes and payments: rate versions, attendance, vouchers and reports (the service owns commits).

Rule 1: a rate row is added, never edited; the entitlement core picks the version in force each day.
Rule 2: an attendance row is paid by exactly one voucher; a voucher copies rate, legal basis and
economic code into its lines, so later versions never change a paid voucher.
Rule 3: attendance with a day that has no rate in force is refused at entry (MissingRates), so it
cannot block a month's vouchers later; a voucher is still refused whole if any day has no rate.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from athletes import entitlements as core
from athletes.documents import economic_code_text
from athletes.errors import (
    AttendanceOverlap,
    MissingRates,
    NothingToPay,
    PersonNotFound,
    RateInvalid,
    TeamNotFound,
    UnknownRegime,
    VoucherNotFound,
)
from athletes.folding import nfc
from athletes.models import Athlete, Attendance, RateVersion, RegimeType, Team, Voucher, VoucherCounter, VoucherLine
from athletes.schemas import LEVEL_NAMES_VI, LEVELS, AttendanceCreate, RateCreate, VoucherCreate
from athletes.search import index_entry
from base.audit import audit
from base.db import AsyncSession, row_id
from base.rows import get_row, same_id

GROUPS = ("person", "team", "month", "code")
VOUCHER_BOOK = "PC"  # phiếu chi: numbers PC-<year>-00001, one run per book and year


@dataclass(frozen=True, slots=True)
class ReportRow:
    key: str
    label: str
    quantity: int
    amount: int


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    """An attendance row as a person reads it: who, which regime, paid by which voucher."""

    row: Attendance
    person_name: str
    team_name: str
    regime_name: str
    voucher_number: str

    @property
    def days(self) -> int:
        return (self.row.last_day - self.row.first_day).days + 1


def as_core_rate(r: RateVersion, unit: str) -> core.Rate:
    return core.Rate(
        regime=r.regime_code,
        level=r.level,
        amount=r.amount,
        effective_from=r.effective_from,
        effective_to=r.effective_to,
        legal_basis=r.legal_basis,
        economic_code=r.economic_code,
        version=r.version,
        unit=unit,
        id=r.id or 0,
    )


def as_stay(a: Attendance) -> core.Stay:
    return core.Stay(a.id or 0, a.person_id, a.regime_code, a.level, a.first_day, a.last_day)


class PaymentService:
    def __init__(self, session: AsyncSession, actor: Any = None) -> None:
        self.session = session
        self.actor = actor
        self._rates: list[core.Rate] | None = None  # read once per service (an import checks every row)

    def _who(self) -> str:
        return getattr(self.actor, "username", "") or ""

    async def regimes(self) -> list[RegimeType]:
        return list((await self.session.exec(select(RegimeType).order_by(RegimeType.code))).all())

    async def regime_names(self) -> dict[str, str]:
        """Each regime's Vietnamese name by its code (what a page or a paper shows for the code)."""
        return {r.code: r.name for r in await self.regimes()}

    async def team_name(self, team_id: int | None) -> str:
        team = await get_row(self.session, Team, team_id) if team_id else None
        return team.name if team else ""

    async def regime(self, code: str) -> RegimeType:
        found = (await self.session.exec(select(RegimeType).where(RegimeType.code == code))).first()
        if found is None:
            raise UnknownRegime(code)
        return found

    async def rates(self, regime_code: str = "") -> list[RateVersion]:
        stmt = select(RateVersion).order_by(col(RateVersion.regime_code), col(RateVersion.level), col(RateVersion.effective_from))
        if regime_code:
            stmt = stmt.where(RateVersion.regime_code == regime_code)
        return list((await self.session.exec(stmt)).all())

    async def core_rates(self) -> list[core.Rate]:
        if self._rates is None:
            units = {r.code: r.unit for r in await self.regimes()}
            self._rates = [as_core_rate(r, units.get(r.regime_code, "day")) for r in await self.rates()]
        return self._rates

    async def missing_rates(self, m: core.MissingRate) -> MissingRates:
        """The refusal of a day with no rate, naming regime, level and day (dd/mm/yyyy) in Vietnamese."""
        regime = (await self.session.exec(select(RegimeType).where(RegimeType.code == m.regime))).first()
        return MissingRates(
            m.regime, m.level, m.day.strftime("%d/%m/%Y"), regime.name if regime else m.regime, LEVEL_NAMES_VI.get(m.level, m.level)
        )

    async def gap_column(self, regime: str, level: str, day: date, first_day: date) -> str:
        """The import column to blame for a day with no rate: the regime (no rate at all), the level
        (none for this level), else the date range (the first day, or the last day when later days lack it)."""
        rates = await self.core_rates()
        if not any(r.regime == regime for r in rates):
            return "regime"
        if not any(r.regime == regime and r.level == level for r in rates):
            return "level"
        return "first_day" if day == first_day else "last_day"

    async def add_rate(self, data: RateCreate, commit: bool = True) -> RateVersion:
        """A new version of a rate (a change of regulation); earlier versions stay as they were."""
        regime = await self.regime(data.regime_code)
        if data.level not in LEVELS:
            raise RateInvalid(f"level must be one of {', '.join(LEVELS)}")
        row = RateVersion(
            regime_code=regime.code,
            level=data.level,
            amount=data.amount,
            effective_from=data.effective_from,
            effective_to=data.effective_to,
            legal_basis=nfc(data.legal_basis),
            economic_code=data.economic_code or regime.economic_code,
            version=nfc(data.version),
            note=nfc(data.note),
            created_by=self._who(),
        )
        try:
            as_core_rate(row, regime.unit)
        except ValueError as exc:
            raise RateInvalid(str(exc)) from None
        self.session.add(row)
        await self.session.flush()
        self._rates = None
        audit(
            self.session,
            actor=self.actor,
            action="athletes.rate.add",
            subject=f"rate:{row.id}",
            detail={"regime": row.regime_code, "level": row.level, "amount": row.amount, "from": row.effective_from},
        )
        if commit:
            await self.session.commit()
        return row

    async def load_rate_book(self, path: Path) -> int:
        """Load regimes and rates from a TOML rate book (fixtures/athletes/rates.toml); returns rows added.

        Loading twice adds nothing: a rate with the same regime, level, start and version exists.
        """
        book = tomllib.loads(path.read_text(encoding="utf-8"))
        for r in book.get("regime", []):
            if (await self.session.exec(select(RegimeType).where(RegimeType.code == r["code"]))).first() is None:
                self.session.add(
                    RegimeType(code=r["code"], name=r["name"], unit=r.get("unit", "day"), economic_code=str(r["economic_code"]))
                )
        await self.session.flush()
        added = 0
        existing = {(r.regime_code, r.level, r.effective_from, r.version) for r in await self.rates()}
        for v in book.get("rate", []):
            for level, amount in v["levels"].items():
                if (v["regime"], level, v["effective_from"], v["version"]) in existing:
                    continue
                await self.add_rate(
                    RateCreate(
                        regime_code=v["regime"],
                        level=level,
                        amount=int(amount),
                        effective_from=v["effective_from"],
                        effective_to=v.get("effective_to"),
                        legal_basis=v["legal_basis"],
                        economic_code=str(v.get("economic_code", "")),
                        version=v["version"],
                        note=v.get("note", ""),
                    ),
                    commit=False,
                )
                added += 1
        await self.session.commit()
        return added

    async def _stays_of(self, person_id: int, regime_code: str) -> list[Attendance]:
        return list(
            (
                await self.session.exec(select(Attendance).where(Attendance.person_id == person_id, Attendance.regime_code == regime_code))
            ).all()
        )

    async def prepare_attendance(self, data: AttendanceCreate, pending: Sequence[Attendance] = ()) -> Attendance:
        """A checked, unsaved attendance row (level from the person's team unless given)."""
        person = await get_row(self.session, Athlete, data.person_id)
        if person is None:
            raise PersonNotFound(data.person_id)
        regime = await self.regime(data.regime_code)
        level = data.level
        if not level and person.team_id:
            team = await get_row(self.session, Team, person.team_id)
            level = team.level if team else ""
        if level not in LEVELS:
            raise RateInvalid("level is unknown: give a level or put the person in a team")
        row = Attendance(
            person_id=row_id(person),
            team_id=person.team_id,
            regime_code=regime.code,
            level=level,
            first_day=data.first_day,
            last_day=data.last_day,
            note=nfc(data.note),
            created_by=self._who(),
        )
        try:
            new = as_stay(row)
        except ValueError as exc:
            raise RateInvalid(str(exc)) from None
        others = [*await self._stays_of(row_id(person), regime.code), *(p for p in pending if p.person_id == person.id)]
        for other in others:
            if other.regime_code == regime.code and core.overlaps([as_stay(other), new]):
                raise AttendanceOverlap(other.id or "?", other.first_day.strftime("%d/%m/%Y"), other.last_day.strftime("%d/%m/%Y"))
        _lines, missing = core.entitle(new, await self.core_rates())
        if missing:  # refused now: saved, it would block every voucher of its period (Rule 3)
            raise await self.missing_rates(missing[0])
        return row

    async def record_attendance(self, data: AttendanceCreate) -> Attendance:
        row = await self.prepare_attendance(data)
        self.session.add(row)
        await self.session.flush()
        audit(
            self.session,
            actor=self.actor,
            action="athletes.attendance.add",
            subject=f"attendance:{row.id}",
            detail={"person": row.person_id},
        )
        await self.session.commit()
        return row

    async def attendance(
        self,
        period_from: date | None = None,
        period_to: date | None = None,
        team_id: int | None = None,
        person_id: int | None = None,
        unpaid: bool = False,
    ) -> list[Attendance]:
        stmt = select(Attendance).order_by(col(Attendance.first_day), col(Attendance.id))
        if period_from:
            stmt = stmt.where(Attendance.first_day >= period_from)
        if period_to:
            stmt = stmt.where(Attendance.first_day <= period_to)
        if team_id:
            stmt = stmt.where(same_id(Attendance.team_id, team_id))
        if person_id:
            stmt = stmt.where(same_id(Attendance.person_id, person_id))
        if unpaid:
            stmt = stmt.where(Attendance.voucher_id == None)  # noqa: E711
        return list((await self.session.exec(stmt)).all())

    async def attendance_lines(self, rows: Sequence[Attendance]) -> list[AttendanceLine]:
        """``rows`` with the person's and team's names, the regime's name and the paying voucher's number."""

        async def names(model: Any, ids: set[int], field: str) -> dict[int, str]:
            if not ids:
                return {}
            found = (await self.session.exec(select(model).where(col(model.id).in_(ids)))).all()
            return {row_id(x): str(getattr(x, field)) for x in found}

        people = await names(Athlete, {a.person_id for a in rows}, "full_name")
        teams = await names(Team, {a.team_id for a in rows if a.team_id}, "name")
        vouchers = await names(Voucher, {a.voucher_id for a in rows if a.voucher_id}, "number")
        regimes = await self.regime_names()
        return [
            AttendanceLine(
                a,
                people.get(a.person_id, ""),
                teams.get(a.team_id or 0, ""),
                regimes.get(a.regime_code, a.regime_code),
                vouchers.get(a.voucher_id or 0, ""),
            )
            for a in rows
        ]

    async def _known_team(self, team_id: int | None) -> None:
        """A team given to filter on must exist (an unknown one is refused, not an empty voucher)."""
        if team_id and await get_row(self.session, Team, team_id) is None:
            raise TeamNotFound(team_id)

    async def entitlements(self, period_from: date, period_to: date, team_id: int | None = None) -> core.Entitlements:
        """What a voucher for this period would pay (unpaid attendance starting in the period)."""
        await self._known_team(team_id)
        rows = await self.attendance(period_from, period_to, team_id, unpaid=True)
        return core.compute([as_stay(a) for a in rows], await self.core_rates())

    async def next_number(self, book: str, year: int) -> int:
        """The next number of ``book`` in ``year``, taken inside the caller's transaction.

        One statement on both databases: INSERT ... ON CONFLICT DO UPDATE SET last = last + 1
        RETURNING last. The row stays locked (PostgreSQL row lock, SQLite write lock) until the
        transaction ends, so a concurrent issue waits and then gets the following number, and a
        rollback gives the number back (no gap). The UNIQUE voucher number is the last guard.
        """
        dialect = (await self.session.connection()).dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = VoucherCounter.__table__  # type: ignore[attr-defined]
        stmt = (
            insert(table)
            .values(book=book, year=year, last=1)
            .on_conflict_do_update(index_elements=[table.c.book, table.c.year], set_={"last": table.c.last + 1})
            .returning(table.c.last)
        )
        return int((await (await self.session.connection()).execute(stmt)).scalar_one())

    async def issue_voucher(self, data: VoucherCreate) -> Voucher:
        await self._known_team(data.team_id)
        # The number first: it locks the book's counter, so concurrent issues run one after the
        # other and each reads the attendance the previous one left unpaid (a day is paid once).
        year = data.period_to.year
        seq = await self.next_number(VOUCHER_BOOK, year)
        rows = await self.attendance(data.period_from, data.period_to, data.team_id, unpaid=True)
        if not rows:
            raise NothingToPay()
        result = core.compute([as_stay(a) for a in rows], await self.core_rates())
        if result.missing:  # attendance entered before rates were checked at entry
            raise await self.missing_rates(result.missing[0])
        names = {
            a.id: a.full_name
            for a in (await self.session.exec(select(Athlete).where(col(Athlete.id).in_({r.person_id for r in rows})))).all()
        }
        voucher = Voucher(
            number=f"{VOUCHER_BOOK}-{year}-{seq:05d}",
            title=nfc(data.title) or "Chi chế độ",
            period_from=data.period_from,
            period_to=data.period_to,
            team_id=data.team_id,
            total=result.total,
            created_by=self._who(),
        )
        self.session.add(voucher)
        await self.session.flush()
        teams = {a.id: a.team_id for a in rows}
        for line in result.lines:
            self.session.add(
                VoucherLine(
                    voucher_id=row_id(voucher),
                    person_id=line.person_id,
                    person_name=names.get(line.person_id, ""),
                    team_id=teams.get(line.attendance_id),
                    attendance_id=line.attendance_id,
                    regime_code=line.regime,
                    level=line.level,
                    economic_code=line.economic_code,
                    legal_basis=line.legal_basis,
                    rate_version=line.version,
                    first_day=line.first_day,
                    last_day=line.last_day,
                    quantity=line.quantity,
                    rate=line.rate,
                    amount=line.amount,
                )
            )
        for a in rows:
            a.voucher_id = voucher.id
        await index_entry(self.session, "voucher", row_id(voucher), voucher.number, voucher.title, extra_texts=[voucher.title])
        audit(
            self.session,
            actor=self.actor,
            action="athletes.voucher.issue",
            subject=f"voucher:{voucher.id}",
            detail={"total": voucher.total, "lines": len(result.lines)},
        )
        await self.session.commit()
        return voucher

    async def voucher(self, voucher_id: int) -> tuple[Voucher, list[VoucherLine]]:
        voucher = await get_row(self.session, Voucher, voucher_id)
        if voucher is None:
            raise VoucherNotFound(voucher_id)
        lines = (
            await self.session.exec(
                select(VoucherLine)
                .where(VoucherLine.voucher_id == voucher_id)
                .order_by(col(VoucherLine.person_name), col(VoucherLine.first_day))
            )
        ).all()
        return voucher, list(lines)

    async def vouchers(self) -> list[Voucher]:
        return list((await self.session.exec(select(Voucher).order_by(col(Voucher.id).desc()))).all())

    async def report(
        self, group_by: str, period_from: date, period_to: date, team_id: int | None = None, person_id: int | None = None
    ) -> list[ReportRow]:
        """Paid amounts grouped by person, team, month or economic code (lines whose first day is in the period)."""
        if group_by not in GROUPS:
            raise RateInvalid(f"group by one of {', '.join(GROUPS)}")
        stmt = select(VoucherLine).where(VoucherLine.first_day >= period_from, VoucherLine.first_day <= period_to)
        if team_id:
            stmt = stmt.where(same_id(VoucherLine.team_id, team_id))
        if person_id:
            stmt = stmt.where(same_id(VoucherLine.person_id, person_id))
        lines = (await self.session.exec(stmt)).all()
        teams = {t.id: t.name for t in (await self.session.exec(select(Team))).all()}
        groups: dict[str, list[Any]] = {}
        for ln in lines:
            key, label = {
                "person": (str(ln.person_id), ln.person_name),
                "team": (str(ln.team_id or ""), teams.get(ln.team_id, "—")),
                "month": (ln.first_day.strftime("%Y-%m"), ln.first_day.strftime("%m/%Y")),
                "code": (ln.economic_code, economic_code_text(ln.economic_code)),
            }[group_by]
            g = groups.setdefault(key, [label, 0, 0])
            g[1] += ln.quantity
            g[2] += ln.amount
        return [ReportRow(k, v[0], v[1], v[2]) for k, v in sorted(groups.items(), key=lambda kv: (kv[1][0], kv[0]))]
