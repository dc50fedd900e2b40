"""People use cases: athletes, coaches and teams; the functions other domains call come first.

Other domains (scoring) call ``create_athlete``, ``athlete_cards``, ``get_athlete``,
``list_athletes`` and ``registrations_for`` (contracts: ``person_identity``); they never read these
tables themselves.
Rule: every read of a full record by a back-office role is audited; the national ID is masked for
roles that do not need it (athletes.privacy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from athletes import privacy
from athletes.districts import find_district
from athletes.errors import CompetitionNotFound, DuplicateNationalId, PersonNotFound, RecordInvalid, TeamNotFound
from athletes.folding import fold, nfc
from athletes.importing import CellError, parse_national_id, parse_phone, people_rules
from athletes.models import Athlete, Licence, Membership, Registration, Team
from athletes.schemas import LEVELS, LicenceCreate, Page, Person, PersonCreate, PersonRow, TeamCreate
from athletes.search import index_entry
from base.audit import audit
from base.db import AsyncSession, row_id, utcnow
from base.errors import InvalidInput, NotFound
from base.rows import get_row, same_id, storable_id


@dataclass(frozen=True, slots=True)
class AthleteCard:
    """What a scoreboard or an entry list shows of an athlete."""

    id: int
    full_name: str
    team: str
    nation: str


def _card(a: Athlete) -> AthleteCard:
    assert a.id is not None
    return AthleteCard(id=a.id, full_name=a.full_name, team=a.team, nation=a.nation)


async def _index_person(session: AsyncSession, a: Athlete) -> None:
    assert a.id is not None
    extra = [t for t in (a.club, a.district) if t]  # "CLB Phú Thọ" or "Bình Thạnh" finds the club's and the district's people
    await index_entry(session, "person", a.id, a.full_name, a.team, extra_texts=extra, ids=[a.national_id] if a.national_id else [])


async def create_athlete(
    session: AsyncSession,
    full_name: str,
    *,
    team: str = "",
    gender: str = "",
    birth_date: date | None = None,
    nation: str = "VIE",
) -> AthleteCard:
    name = nfc(full_name)
    if not name:
        raise InvalidInput("athlete name is empty")
    athlete = Athlete(
        full_name=name,
        full_name_folded=fold(name),
        team=nfc(team),
        gender=gender,
        birth_date=birth_date,
        nation=nation.upper()[:3],
    )
    session.add(athlete)
    await session.flush()
    await _index_person(session, athlete)
    return _card(athlete)


async def athlete_cards(session: AsyncSession, ids: list[int]) -> dict[int, AthleteCard]:
    ids = [i for i in ids if storable_id(i)]
    if not ids:
        return {}
    rows = await session.exec(select(Athlete).where(col(Athlete.id).in_(ids)))
    return {a.id: _card(a) for a in rows.all() if a.id is not None}


async def get_athlete(session: AsyncSession, athlete_id: int) -> AthleteCard:
    athlete = await get_row(session, Athlete, athlete_id)
    if athlete is None:
        raise NotFound("athlete")
    return _card(athlete)


async def list_athletes(session: AsyncSession, limit: int = 500) -> list[AthleteCard]:
    rows = await session.exec(select(Athlete).where(Athlete.kind == "athlete").order_by(Athlete.full_name).limit(limit))
    return [_card(a) for a in rows.all()]


async def coach_ids_of(session: AsyncSession, athlete_id: int) -> set[int]:
    """The person ids of the coaches of the athlete's current team (empty without a team)."""
    athlete = await get_row(session, Athlete, athlete_id)
    if athlete is None or athlete.team_id is None:
        return set()
    rows = await session.exec(
        select(Athlete.id).where(Athlete.team_id == athlete.team_id, Athlete.kind == "coach", Athlete.active == True)  # noqa: E712
    )
    return {i for i in rows.all() if i is not None}


async def registrations_for(session: AsyncSession, competition_id: int) -> list[AthleteCard]:
    """Athletes registered to a competition (scoring builds entries from these)."""
    rows = await session.exec(
        select(Athlete)
        .join(Registration, col(Registration.person_id) == Athlete.id)
        .where(same_id(Registration.competition_id, competition_id))
        .order_by(Athlete.full_name)
    )
    return [_card(a) for a in rows.unique().all()]


@dataclass(frozen=True, slots=True)
class Eligibility:
    """What a tournament checks before it enters a person in a category."""

    id: int
    full_name: str
    kind: str
    active: bool
    gender: str
    birth_date: date | None
    team_id: int | None
    team: str
    medical_until: date | None
    licences: tuple[tuple[str, date | None], ...]  # (kind, valid until)
    club: str = ""
    district: str = ""


async def eligibility(session: AsyncSession, ids: list[int]) -> dict[int, Eligibility]:
    ids = [i for i in ids if storable_id(i)]
    if not ids:
        return {}
    people = (await session.exec(select(Athlete).where(col(Athlete.id).in_(ids)))).all()
    licences: dict[int, list[tuple[str, date | None]]] = {}
    for lic in (await session.exec(select(Licence).where(col(Licence.person_id).in_(ids)))).all():
        licences.setdefault(lic.person_id, []).append((lic.kind, lic.valid_until))
    return {
        row_id(p): Eligibility(
            id=row_id(p),
            full_name=p.full_name,
            kind=p.kind,
            active=p.active,
            gender=p.gender,
            birth_date=p.birth_date,
            team_id=p.team_id,
            team=p.team,
            medical_until=p.medical_until,
            licences=tuple(licences.get(row_id(p), ())),
            club=p.club,
            district=p.district,
        )
        for p in people
    }


@dataclass(frozen=True, slots=True)
class PersonIdentity:
    """Who a person is, as the record has it: the name and the whole national ID (CCCD)."""

    id: int
    full_name: str
    national_id: str | None


async def person_identity(session: AsyncSession, person_id: int) -> PersonIdentity | None:
    """Name and whole CCCD of a person, or None when there is no such record (contracts binds a
    signing certificate to them; the caller audits what it does with it)."""
    person = await get_row(session, Athlete, person_id)
    if person is None or person.id is None:
        return None
    return PersonIdentity(id=person.id, full_name=person.full_name, national_id=person.national_id or None)


def check_person(data: PersonCreate, today: date) -> dict[str, Any]:
    """Normalised values of a person form, or RecordInvalid with a message per field."""
    problems: list[tuple[str, str, str]] = []
    values: dict[str, Any] = {f: getattr(data, f) for f in data.__struct_fields__}
    for f in ("full_name", "address", "guardian_name", "email", "club"):
        values[f] = nfc(values[f] or "")
    if not values["full_name"]:
        problems.append(("full_name", "bắt buộc nhập họ tên", "the name is required"))
    if values["kind"] not in ("athlete", "coach"):
        problems.append(("kind", "loại phải là VĐV hoặc HLV", "kind must be athlete or coach"))
    if values["gender"] not in ("", "M", "F"):
        problems.append(("gender", "giới tính phải là Nam hoặc Nữ", "gender must be M or F"))
    for f, parse in (("national_id", parse_national_id), ("phone", parse_phone), ("guardian_phone", parse_phone)):
        if values[f]:
            try:
                values[f] = parse(values[f])
            except CellError as exc:
                problems.append((f, exc.vi, exc.en))
    values["national_id"] = values["national_id"] or None
    if len(values["club"]) > 200:
        problems.append(("club", "tên câu lạc bộ quá dài (tối đa 200 ký tự)", "the club's name is too long (200 characters at most)"))
    if nfc(values["district"] or ""):
        district = find_district(values["district"])
        if district is None:
            problems.append(
                ("district", f"không có quận/huyện «{nfc(values['district'])}» trong danh sách", "no such district in the list")
            )
        values["district"] = district or ""
    else:
        values["district"] = ""
    problems += people_rules(values, today)
    if problems:
        raise RecordInvalid(problems)
    return values


class PeopleService:
    """People and teams for the back office; ``actor`` is the logged-in user (for audit and masking)."""

    def __init__(self, session: AsyncSession, actor: Any = None) -> None:
        self.session = session
        self.actor = actor

    def _roles(self) -> set[str]:
        return {str(r) for r in self.actor.role_set()} if self.actor is not None else set()

    def _nid(self, value: str | None) -> str | None:
        return value if privacy.sees_national_id(self._roles()) else privacy.mask_national_id(value)

    async def _person(self, person_id: int) -> Athlete:
        person = await get_row(self.session, Athlete, person_id)
        if person is None:
            raise PersonNotFound(person_id)
        return person

    async def name_of(self, person_id: int | None) -> str:
        """A person's full name for a form that picks them (empty for none or an unknown number)."""
        person = await get_row(self.session, Athlete, person_id) if person_id else None
        return person.full_name if person else ""

    async def team(self, team_id: int) -> Team:
        team = await get_row(self.session, Team, team_id)
        if team is None:
            raise TeamNotFound(team_id)
        return team

    async def _unique_nid(self, nid: str | None, person_id: int | None) -> None:
        if nid:
            other = (await self.session.exec(select(Athlete.id).where(Athlete.national_id == nid))).first()
            if other is not None and other != person_id:
                raise DuplicateNationalId()

    async def create_person(self, data: PersonCreate, today: date, commit: bool = True) -> Athlete:
        values = check_person(data, today)
        await self._unique_nid(values["national_id"], None)
        team = await self.team(values["team_id"]) if values["team_id"] else None
        person = Athlete(**{k: v for k, v in values.items() if k != "nation"}, nation=values["nation"].upper()[:3] or "VIE")
        person.full_name_folded = fold(person.full_name)
        person.team = team.name if team else ""
        self.session.add(person)
        await self.session.flush()
        if team is not None:
            self.session.add(Membership(person_id=row_id(person), team_id=row_id(team), role=person.kind, joined_on=today))
        await _index_person(self.session, person)
        audit(self.session, actor=self.actor, action="athletes.person.create", subject=f"person:{person.id}")
        if commit:
            await self.session.commit()
        return person

    async def update_person(self, person_id: int, data: PersonCreate, today: date) -> Athlete:
        person = await self._person(person_id)
        values = check_person(data, today)
        await self._unique_nid(values["national_id"], person_id)
        if values["team_id"] != person.team_id:
            await self._move(person, values["team_id"], today)
        for key, value in values.items():
            if key not in ("team_id", "nation"):
                setattr(person, key, value)
        person.full_name_folded = fold(person.full_name)
        person.updated_at = utcnow()
        await _index_person(self.session, person)
        audit(self.session, actor=self.actor, action="athletes.person.update", subject=f"person:{person.id}")
        await self.session.commit()
        return person

    async def _move(self, person: Athlete, team_id: int | None, on: date) -> None:
        open_rows = await self.session.exec(select(Membership).where(Membership.person_id == person.id, Membership.left_on == None))  # noqa: E711
        for m in open_rows.all():
            if on < m.joined_on:
                raise RecordInvalid(
                    [("on", "ngày chuyển đội trước ngày vào đội hiện tại", "the move is dated before the current membership began")]
                )
            m.left_on = on
        team = await self.team(team_id) if team_id else None
        if team is not None:
            self.session.add(Membership(person_id=row_id(person), team_id=row_id(team), role=person.kind, joined_on=on))
        person.team_id = team.id if team else None
        person.team = team.name if team else ""

    async def move_to_team(self, person_id: int, team_id: int, on: date) -> Athlete:
        person = await self._person(person_id)
        await self._move(person, team_id, on)
        await _index_person(self.session, person)
        audit(
            self.session,
            actor=self.actor,
            action="athletes.person.move",
            subject=f"person:{person_id}",
            detail={"team_id": team_id, "on": on},
        )
        await self.session.commit()
        return person

    async def record(self, person_id: int, today: date) -> Person:
        """The full record; the read is audited (who looked at whose personal data, and when)."""
        p = await self._person(person_id)
        licences = (await self.session.exec(select(Licence).where(Licence.person_id == person_id))).all()
        members = (
            await self.session.exec(
                select(Membership, Team).join(Team).where(Membership.person_id == person_id).order_by(col(Membership.joined_on))
            )
        ).all()
        regs = (await self.session.exec(select(Registration).where(Registration.person_id == person_id))).all()
        audit(self.session, actor=self.actor, action="athletes.person.read", subject=f"person:{person_id}")
        await self.session.commit()
        return Person(
            id=row_id(p),
            kind=p.kind,
            full_name=p.full_name,
            birth_date=p.birth_date,
            gender=p.gender,
            national_id=self._nid(p.national_id),
            phone=p.phone,
            email=p.email,
            address=p.address,
            team_id=p.team_id,
            team=p.team,
            guardian_name=p.guardian_name,
            guardian_phone=p.guardian_phone,
            medical_until=p.medical_until,
            medical_valid=bool(p.medical_until and p.medical_until >= today),
            club=p.club,
            district=p.district,
            minor=privacy.is_minor(p.birth_date, today),
            has_photo=bool(p.photo_sha),
            licences=[{"kind": x.kind, "number": x.number, "issued_by": x.issued_by, "valid_until": x.valid_until} for x in licences],
            memberships=[{"team": t.name, "level": t.level, "joined_on": m.joined_on, "left_on": m.left_on} for m, t in members],
            registrations=[{"competition_id": r.competition_id, "event_label": r.event_label} for r in regs],
        )

    async def people(
        self,
        kind: str = "",
        team_id: int | None = None,
        q: str = "",
        page: int = 1,
        per_page: int = 50,
        club: str = "",
        district: str = "",
    ) -> Page:
        """A page of people, filtered; ``q`` matches the start of any word of the name, accents ignored;
        ``club`` and ``district`` as the record writes them (the lists the page offers)."""
        page, per_page = max(page, 1), min(max(per_page, 1), 500)
        stmt = select(Athlete)
        if kind:
            stmt = stmt.where(Athlete.kind == kind)
        if team_id:
            stmt = stmt.where(same_id(Athlete.team_id, team_id))
        if nfc(club):
            stmt = stmt.where(Athlete.club == nfc(club))
        if nfc(district):
            stmt = stmt.where(Athlete.district == (find_district(district) or nfc(district)))
        for word in fold(q).split():
            stmt = stmt.where((" " + col(Athlete.full_name_folded)).like(f"% {word}%"))
        total = (await self.session.exec(select(func.count()).select_from(stmt.subquery()))).one()
        rows = (
            await self.session.exec(
                stmt.order_by(col(Athlete.full_name_folded), col(Athlete.id)).offset((page - 1) * per_page).limit(per_page)
            )
        ).all()
        items = [
            PersonRow(
                id=row_id(a),
                kind=a.kind,
                full_name=a.full_name,
                birth_date=a.birth_date,
                gender=a.gender,
                national_id=self._nid(a.national_id),
                team=a.team,
                medical_until=a.medical_until,
                club=a.club,
                district=a.district,
            )
            for a in rows
        ]
        return Page(items=items, total=int(total), page=page, per_page=per_page)

    async def create_team(self, data: TeamCreate) -> Team:
        name = nfc(data.name)
        problems = []
        if not name:
            problems.append(("name", "bắt buộc nhập tên đội", "the team name is required"))
        if data.level not in LEVELS:
            problems.append(("level", "cấp đội không hợp lệ", f"level must be one of {', '.join(LEVELS)}"))
        if name and (await self.session.exec(select(Team.id).where(Team.name == name))).first() is not None:
            problems.append(("name", "tên đội đã có", "a team with this name exists"))
        if problems:
            raise RecordInvalid(problems)
        team = Team(name=name, name_folded=fold(name), level=data.level, sport=nfc(data.sport))
        self.session.add(team)
        await self.session.flush()
        await index_entry(self.session, "team", row_id(team), team.name, team.sport)
        audit(self.session, actor=self.actor, action="athletes.team.create", subject=f"team:{team.id}")
        await self.session.commit()
        return team

    async def clubs(self) -> list[str]:
        """The clubs already on the records, for the suggestions of a person's form (one spelling each)."""
        rows = (await self.session.exec(select(Athlete.club).where(Athlete.club != "").distinct())).all()
        return sorted(set(rows), key=fold)

    async def teams(self) -> list[Team]:
        return list((await self.session.exec(select(Team).order_by(Team.name_folded))).all())

    async def add_licence(self, person_id: int, data: LicenceCreate) -> Licence:
        await self._person(person_id)
        if not nfc(data.kind) or not nfc(data.number):
            raise RecordInvalid([("number", "bắt buộc nhập loại và số giấy phép", "licence kind and number are required")])
        licence = Licence(
            person_id=person_id, kind=nfc(data.kind), number=nfc(data.number), issued_by=nfc(data.issued_by), valid_until=data.valid_until
        )
        self.session.add(licence)
        audit(self.session, actor=self.actor, action="athletes.licence.add", subject=f"person:{person_id}")
        await self.session.commit()
        return licence

    async def register(self, person_id: int, competition_id: int, event_label: str) -> Registration:
        await self._person(person_id)
        if not storable_id(competition_id):
            raise CompetitionNotFound(competition_id)
        label = nfc(event_label)
        dup = await self.session.exec(
            select(Registration.id).where(
                Registration.person_id == person_id, Registration.competition_id == competition_id, Registration.event_label == label
            )
        )
        if dup.first() is not None:
            raise RecordInvalid([("event_label", "đã đăng ký nội dung này", "already registered for this event")])
        reg = Registration(person_id=person_id, competition_id=competition_id, event_label=label)
        self.session.add(reg)
        audit(
            self.session,
            actor=self.actor,
            action="athletes.registration.add",
            subject=f"person:{person_id}",
            detail={"competition_id": competition_id},
        )
        await self.session.commit()
        return reg

    async def set_photo(self, person_id: int, sha: str) -> None:
        person = await self._person(person_id)
        person.photo_sha = sha
        audit(self.session, actor=self.actor, action="athletes.person.photo", subject=f"person:{person_id}")
        await self.session.commit()

    async def photo_sha(self, person_id: int) -> str:
        return (await self._person(person_id)).photo_sha
