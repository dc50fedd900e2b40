"""Importing people and attendance from CSV/XLSX: preview (nothing saved) and all-or-nothing commit.

The file is read and checked by the pure core (athletes.importing); this service adds the checks
that need the database (national ID already on file, team and person exist, overlapping stays),
and saves every row in one transaction, or none when any row has an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select

from athletes import importing
from athletes.errors import AthletesError, AttendanceOverlap, FileRejected, ImportRejected, MissingRates, RateInvalid, UnknownRegime
from athletes.folding import fold
from athletes.importing import RowError
from athletes.models import Athlete, Attendance, Team
from athletes.payments import PaymentService
from athletes.schemas import LEVEL_NAMES_VI, AttendanceCreate, PersonCreate
from athletes.service import PeopleService
from base.audit import audit
from base.db import AsyncSession, row_id


@dataclass
class Preview:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _table(filename: str, content: bytes) -> list[list[str]]:
    try:
        return importing.read_table(filename, content)
    except importing.CellError as exc:
        raise FileRejected(exc.en) from None


async def _attendance_column(payments: PaymentService, exc: AthletesError, data: AttendanceCreate) -> str:
    """The column of an attendance row that a refusal of the payment rules points at."""
    if isinstance(exc, MissingRates):
        day = datetime.strptime(str(exc.values["day"]), "%d/%m/%Y").date()
        return await payments.gap_column(str(exc.values["regime"]), str(exc.values["level"]), day, data.first_day)
    if isinstance(exc, UnknownRegime):
        return "regime"
    if isinstance(exc, RateInvalid):
        return "level"
    if isinstance(exc, AttendanceOverlap):
        return "first_day"
    return ""


def _key(name: str) -> str:
    """A name folded as the attendance file's regime and level cells are (athletes.importing)."""
    return fold(name).replace(" ", "_")


class ImportService:
    def __init__(self, session: AsyncSession, actor: Any = None) -> None:
        self.session = session
        self.actor = actor

    async def people(self, filename: str, content: bytes, today: date, commit: bool = False) -> Preview:
        """Check (and with ``commit`` save) a people file; raises ImportRejected when committing a bad file."""
        checked = importing.check_people(_table(filename, content), today)
        preview = Preview(rows=checked.rows, errors=list(checked.errors))
        teams = {fold(t.name): t for t in (await self.session.exec(select(Team))).all()}
        nids = [v["national_id"] for _n, v in checked.rows if v.get("national_id")]
        known = (
            set((await self.session.exec(select(Athlete.national_id).where(col(Athlete.national_id).in_(nids)))).all()) if nids else set()
        )
        for number, values in checked.rows:
            if values.get("national_id") in known:
                preview.errors.append(RowError(number, "national_id", "số CCCD đã có trong hồ sơ", "national ID is already on file"))
            if values.get("team") and fold(values["team"]) not in teams:
                preview.errors.append(RowError(number, "team", f"chưa có đội '{values['team']}'", f"no team '{values['team']}'"))
        preview.errors.sort(key=lambda e: (e.row, e.column))
        if not commit:
            return preview
        if preview.errors:
            raise ImportRejected(preview.errors)
        people = PeopleService(self.session, self.actor)
        for number, values in checked.rows:
            team = teams.get(fold(values.pop("team", "") or ""))
            data = PersonCreate(**values, team_id=team.id if team else None)
            try:
                await people.create_person(data, today, commit=False)
            except AthletesError as exc:  # a rule the preview could not see: refuse the whole file
                await self.session.rollback()
                raise ImportRejected([RowError(number, "", exc.message("vi"), exc.message("en"))]) from None
        audit(
            self.session, actor=self.actor, action="athletes.import.people", subject=f"file:{filename}", detail={"rows": len(checked.rows)}
        )
        await self.session.commit()
        preview.saved = len(checked.rows)
        return preview

    async def attendance(self, filename: str, content: bytes, commit: bool = False) -> Preview:
        checked = importing.check_attendance(_table(filename, content))
        preview = Preview(rows=checked.rows, errors=list(checked.errors))
        payments = PaymentService(self.session, self.actor)
        # "Chế độ" and "Cấp đội" are written as the payments page shows them (the regime's and the
        # level's Vietnamese names, any case, with or without accents); a code still works.
        regimes = {_key(name): code for code, name in (await payments.regime_names()).items()}
        levels = {_key(name): code for code, name in LEVEL_NAMES_VI.items()}
        pending: list[Attendance] = []
        for number, values in checked.rows:
            person = (await self.session.exec(select(Athlete).where(Athlete.national_id == values["national_id"]))).first()
            if person is None:
                preview.errors.append(RowError(number, "national_id", "không có hồ sơ với số CCCD này", "no person with this national ID"))
                continue
            values["regime"] = regimes.get(values["regime"], values["regime"])  # the preview names it from its code
            values["level"] = levels.get(values.get("level", ""), values.get("level", ""))
            data = AttendanceCreate(
                person_id=row_id(person),
                regime_code=values["regime"],
                first_day=values["first_day"],
                last_day=values["last_day"],
                level=values["level"],
                note=values.get("note", ""),
            )
            try:
                pending.append(await payments.prepare_attendance(data, pending))
                values["level"] = pending[-1].level  # the team's when the file leaves it empty: the preview says which
            except AthletesError as exc:
                column = await _attendance_column(payments, exc, data)
                preview.errors.append(RowError(number, column, exc.message("vi"), exc.message("en")))
        preview.errors.sort(key=lambda e: (e.row, e.column))
        if not commit:
            return preview
        if preview.errors:
            raise ImportRejected(preview.errors)
        self.session.add_all(pending)
        audit(
            self.session, actor=self.actor, action="athletes.import.attendance", subject=f"file:{filename}", detail={"rows": len(pending)}
        )
        await self.session.commit()
        preview.saved = len(pending)
        return preview
