"""Officials of a competition: who referees, judges, sits on the jury, weighs and marshals.

Rules it keeps:
1. An official is a named person (a record of the athletes domain, picked by a name search) with
   a role, optionally a field of play and a session of the competition, and the account they log
   in with (picked from the accounts). Assigning, changing and removing are audited.
2. An official whose team is the team of an athlete in a contest on the official's field (any
   field of the competition when the official has none) is flagged (``conflicts``).
3. The jury of a contest (``jury_for_contest``) is the competition's officials with the role
   ``jury`` on the contest's field (or on no field) and, when they have a session, whose session
   holds the contest's planned start; members from the team of an athlete of the contest sit out
   (the WTF rule for the Board of Arbitration, Competition Rules 1999 edition art. 24.3 B: deliberation excludes the members of
   the nationality of either contestant, and is made by majority). None: no jury is assigned.
   ``OfficialsJuryRoster`` hands it to the appeals service (``assembly/app.py``).

Other domains are reached through their services only: athletes (``get_athlete``,
``athlete_cards``, ``PeopleService``), scoring (``CompetitionService``) and the base's accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from athletes.service import athlete_cards, get_athlete
from base.accounts.models import User
from base.accounts.service import AccountService
from base.audit import audit
from base.db import AsyncSession, row_id
from base.errors import NotFound
from scoring.service import CompetitionService
from tournaments.errors import TournamentError
from tournaments.models import Bout, Official, PlaySession

ROLES_VI = {
    "chief_referee": "Tổng trọng tài",  # signs the results first (results.signing)
    "director": "Trưởng ban tổ chức",  # signs the results last
    "referee": "Trọng tài",
    "judge": "Giám định / giám khảo",
    "jury": "Ban kháng nghị",
    "weigh_in": "Cân",
    "marshal": "Điều phối",
}


class OfficialRefused(TournamentError):
    code, status = "tournaments.official_refused", 400
    vi = "Không phân công được: {detail}"
    en = "Official not assigned: {detail}"


class OfficialNotFound(TournamentError):
    code, status, fields = "tournaments.official_not_found", 404, ("official_id",)
    vi = "Không tìm thấy người được phân công {official_id}"
    en = "Official {official_id} not found"


@dataclass(frozen=True, slots=True)
class OfficialForm:
    person_id: int
    role: str
    username: str = ""
    fop_id: int | None = None
    session_id: int | None = None


@dataclass(frozen=True, slots=True)
class OfficialRow:
    """What the list shows of an official: names, never ids (the ids serve the forms)."""

    id: int
    person_id: int
    name: str
    team: str
    role: str
    role_vi: str
    username: str
    account: str  # the account's full name and username, "" when none
    fop_id: int | None
    field: str
    session_id: int | None
    session: str


@dataclass(frozen=True, slots=True)
class Conflict:
    official_id: int
    official: str
    role_vi: str
    contest_id: int
    contest: str
    field: str
    athlete: str
    team: str
    role: str = ""


def _same_team(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


class OfficialsService:
    def __init__(self, session: AsyncSession, actor: User | None = None, accounts: AccountService | None = None) -> None:
        self.session, self.actor, self.accounts = session, actor, accounts
        self.scoring = CompetitionService(session)

    # ---- reading ---------------------------------------------------------------------------
    async def competition(self, competition_id: int) -> Any:
        found = next((c for c in await self.scoring.competitions() if c.id == competition_id), None)
        if found is None:
            raise NotFound("giải đấu", detail=f"competition {competition_id}")
        return found

    async def sessions(self, competition_id: int) -> list[PlaySession]:
        q = select(PlaySession).where(PlaySession.competition_id == competition_id).order_by(col(PlaySession.starts_at))
        return list((await self.session.exec(q)).all())

    async def officials(self, competition_id: int) -> list[Official]:
        q = select(Official).where(Official.competition_id == competition_id).order_by(col(Official.role), col(Official.id))
        return list((await self.session.exec(q)).all())

    async def users(self) -> list[User]:
        """The accounts an official may be linked to (active ones)."""
        if self.accounts is None:
            return []
        return [u for u in await self.accounts.list_users() if u.active]

    async def rows(self, competition_id: int) -> list[OfficialRow]:
        officials = await self.officials(competition_id)
        cards = await athlete_cards(self.session, [o.person_id for o in officials])
        fields = {row_id(f): f.name for f in await self.scoring.fops(competition_id)}
        sessions = {row_id(s): s.name for s in await self.sessions(competition_id)}
        accounts = {u.username: u for u in await self.users()}
        out = []
        for o in officials:
            card = cards.get(o.person_id)
            user = accounts.get(o.username)
            out.append(
                OfficialRow(
                    id=row_id(o),
                    person_id=o.person_id,
                    name=card.full_name if card else "",
                    team=o.team_name,
                    role=o.role,
                    role_vi=ROLES_VI.get(o.role, o.role),
                    username=o.username,
                    account=f"{user.full_name or user.username} ({user.username})" if user else o.username,
                    fop_id=o.fop_id,
                    field=fields.get(o.fop_id, "") if o.fop_id is not None else "",
                    session_id=o.session_id,
                    session=sessions.get(o.session_id, "") if o.session_id is not None else "",
                )
            )
        return out

    # ---- changing --------------------------------------------------------------------------
    async def _check(self, competition_id: int, form: OfficialForm, official_id: int | None) -> str:
        """Every reason the form is refused, in Vietnamese; the person's team when it is fine."""
        reasons = []
        if form.role not in ROLES_VI:
            reasons.append(f"vai trò '{form.role}' không có (chọn: {', '.join(ROLES_VI.values())})")
        try:
            card = await get_athlete(self.session, form.person_id)
        except NotFound:
            raise OfficialRefused(detail="không tìm thấy người này") from None
        if form.fop_id is not None and form.fop_id not in {row_id(f) for f in await self.scoring.fops(competition_id)}:
            reasons.append("sân không thuộc giải này")
        if form.session_id is not None:
            session = next((s for s in await self.sessions(competition_id) if s.id == form.session_id), None)
            if session is None:
                reasons.append("buổi không thuộc giải này")
            elif form.fop_id is not None and session.fop_id != form.fop_id:
                reasons.append("buổi này thuộc sân khác")
        if form.username and form.username not in {u.username for u in await self.users()}:
            reasons.append(f"không có tài khoản đang hoạt động '{form.username}'")
        for o in await self.officials(competition_id):
            same = (o.person_id, o.role, o.fop_id, o.session_id) == (form.person_id, form.role, form.fop_id, form.session_id)
            if same and o.id != official_id:
                reasons.append(f"{card.full_name} đã được phân công vai trò này")
        if reasons:
            raise OfficialRefused(detail="; ".join(reasons))
        return card.team

    async def assign(self, competition_id: int, form: OfficialForm) -> Official:
        await self.competition(competition_id)
        team = await self._check(competition_id, form, None)
        official = Official(
            competition_id=competition_id,
            person_id=form.person_id,
            role=form.role,
            username=form.username,
            fop_id=form.fop_id,
            session_id=form.session_id,
            team_name=team,
        )
        self.session.add(official)
        await self.session.flush()
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.official.assigned",
            subject=f"competition:{competition_id}",
            detail=_detail(official),
        )
        await self.session.commit()
        return official

    async def official(self, official_id: int) -> Official:
        official = await self.session.get(Official, official_id)
        if official is None:
            raise OfficialNotFound(official_id)
        return official

    async def change(self, official_id: int, form: OfficialForm) -> Official:
        official = await self.official(official_id)
        team = await self._check(official.competition_id, form, official_id)
        before = _detail(official)
        official.person_id, official.role, official.username = form.person_id, form.role, form.username
        official.fop_id, official.session_id, official.team_name = form.fop_id, form.session_id, team
        self.session.add(official)
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.official.changed",
            subject=f"competition:{official.competition_id}",
            detail={"before": before, "after": _detail(official)},
        )
        await self.session.commit()
        return official

    async def remove(self, official_id: int) -> int:
        """Remove an assignment; answers the competition it belonged to."""
        official = await self.official(official_id)
        competition_id = official.competition_id
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.official.removed",
            subject=f"competition:{competition_id}",
            detail=_detail(official),
        )
        await self.session.delete(official)
        await self.session.commit()
        return competition_id

    # ---- conflicts and the jury ------------------------------------------------------------
    async def _athletes(self, event_ids: set[int]) -> dict[int, int]:
        """Scoring entry id -> athlete id, for the events."""
        return {row_id(e): e.athlete_id for ev in event_ids for e in await self.scoring.entries(ev)}

    async def conflicts(self, competition_id: int) -> list[Conflict]:
        """Officials from the team of an athlete in a contest (not ended) on their field."""
        officials = [o for o in await self.officials(competition_id) if o.team_name.strip()]
        if not officials:
            return []
        fields = {row_id(f): f.name for f in await self.scoring.fops(competition_id)}
        contests = [c for fid in fields for c in await self.scoring.contests(fop_id=fid) if c.status != "ended"]
        entries = await self._athletes({c.event_id for c in contests})
        cards = await athlete_cards(self.session, [*entries.values(), *(o.person_id for o in officials)])
        out = []
        for o in officials:
            for c in contests:
                if o.fop_id is not None and c.fop_id != o.fop_id:
                    continue
                for entry_id in (c.red_entry_id, c.blue_entry_id):
                    athlete = cards.get(entries.get(entry_id or 0, 0))
                    if athlete is not None and _same_team(o.team_name, athlete.team):
                        person = cards.get(o.person_id)
                        out.append(
                            Conflict(
                                official_id=row_id(o),
                                official=person.full_name if person else "",
                                role_vi=ROLES_VI.get(o.role, o.role),
                                contest_id=row_id(c),
                                contest=c.label,
                                field=fields.get(c.fop_id, ""),
                                athlete=athlete.full_name,
                                team=athlete.team,
                                role=o.role,
                            )
                        )
        return out

    async def jury_for_contest(self, contest_id: int) -> list[str] | None:
        """Usernames of the contest's jury (rule 3), or None when the competition has no jury."""
        facts = (await self.scoring.contest_facts([contest_id])).get(contest_id)
        if facts is None:
            return None
        event = next((e for e in await self.scoring.events() if e.id == facts.event_id), None)
        if event is None:
            return None
        jury = [o for o in await self.officials(event.competition_id) if o.role == "jury"]
        if not jury:
            return None
        planned = (await self.session.exec(select(Bout.planned_start).where(Bout.contest_id == contest_id))).first()
        sessions = {row_id(s): s for s in await self.sessions(event.competition_id)}
        entries = await self._athletes({facts.event_id})
        teams = {
            card.team
            for card in (
                await athlete_cards(self.session, [entries[e] for e in (facts.red_entry_id, facts.blue_entry_id) if e in entries])
            ).values()
        }
        members = []
        for o in jury:
            if not o.username or (o.fop_id is not None and o.fop_id != facts.fop_id):
                continue
            s = sessions.get(o.session_id) if o.session_id is not None else None
            if s is not None and planned is not None and not (s.starts_at <= planned < s.ends_at):
                continue
            if any(_same_team(o.team_name, t) for t in teams):
                continue
            if o.username not in members:
                members.append(o.username)
        return members


def _detail(o: Official) -> dict[str, Any]:
    return {"person_id": o.person_id, "role": o.role, "username": o.username, "fop_id": o.fop_id, "session_id": o.session_id}


class OfficialsJuryRoster:
    """The appeals service's ``JuryRoster`` (scoring.appeals.jury) over the assigned officials."""

    def __init__(self, session_factory: Callable[[], Any]) -> None:
        self.session_factory = session_factory

    async def members(self, contest_id: int) -> list[str] | None:
        async with self.session_factory() as session:
            return await OfficialsService(session).jury_for_contest(contest_id)
