"""Scoring use cases: set up competitions, events, fields, panels, entries and contests."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select

from athletes.service import get_athlete
from base.db import AsyncSession, row_id
from base.errors import Conflict, InvalidInput, NotFound
from base.rows import get_row, storable_id
from scoring.live.chain import ChainRecord, verify_chain
from scoring.models import Competition, Contest, ContestEvent, Entry, FieldOfPlay, Panel, SportEvent
from scoring.rules import ContestScore, LogEvent, load_ruleset, score_contest
from scoring.rules.errors import RuleError
from scoring.schemas import (
    CompetitionCreate,
    ContestCreate,
    EntryCreate,
    FieldOfPlayCreate,
    PanelCreate,
    SportEventCreate,
)


def _text(value: str, what: str, max_len: int = 200) -> str:
    value = unicodedata.normalize("NFC", value.strip())
    if not value:
        raise InvalidInput(f"{what} is empty")
    if len(value) > max_len:
        raise InvalidInput(f"{what} is longer than {max_len} characters")
    return value


_Row = TypeVar("_Row", bound=SQLModel)


WHAT_VI = {
    "competition": "giải đấu",
    "event": "nội dung thi đấu",
    "field of play": "sân/thảm thi đấu",
    "panel": "tổ trọng tài",
    "contest": "trận đấu",
    "entry": "vận động viên đăng ký",
}


async def _must(session: AsyncSession, model: type[_Row], row_id: int, what: str) -> _Row:
    """The row, or "not found" in Vietnamese (also for an id no row can have, never a database error)."""
    row = await get_row(session, model, row_id)
    if row is None:
        raise NotFound(WHAT_VI.get(what, what), detail=f"{what} {row_id}")
    return row


@dataclass(frozen=True, slots=True)
class ContestFacts:
    """What another domain may know of a contest: where and when it is, who is in it, its status."""

    id: int
    event_id: int
    fop_id: int
    panel_id: int
    order: int
    label: str
    status: str  # scheduled, running, ended
    red_entry_id: int | None
    blue_entry_id: int | None
    final_hash: str


def _facts(c: Contest) -> ContestFacts:
    assert c.id is not None
    return ContestFacts(c.id, c.event_id, c.fop_id, c.panel_id, c.order, c.label, c.status, c.red_entry_id, c.blue_entry_id, c.final_hash)


class CompetitionService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _save(self, row: _Row) -> _Row:
        self.session.add(row)
        await self.session.commit()
        await self.session.refresh(row)
        return row

    async def create_competition(self, data: CompetitionCreate) -> Competition:
        if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
            raise InvalidInput("the competition ends before it starts")
        if data.level not in ("city", "national", "international"):
            raise InvalidInput("the level is city, national or international")
        return await self._save(
            Competition(
                name=_text(data.name, "name"), venue=data.venue.strip(), starts_on=data.starts_on, ends_on=data.ends_on, level=data.level
            )
        )

    async def create_event(self, data: SportEventCreate) -> SportEvent:
        await _must(self.session, Competition, data.competition_id, "competition")
        try:
            ruleset = load_ruleset(data.ruleset_id)
        except RuleError as exc:
            raise InvalidInput(f"unknown rule set {data.ruleset_id!r}: {exc}") from None
        return await self._save(
            SportEvent(
                competition_id=data.competition_id,
                name=_text(data.name, "name"),
                sport=data.sport.strip() or ruleset.sport,
                discipline=data.discipline.strip(),
                category=data.category.strip(),
                ruleset_id=data.ruleset_id,
            )
        )

    async def create_fop(self, data: FieldOfPlayCreate) -> FieldOfPlay:
        await _must(self.session, Competition, data.competition_id, "competition")
        return await self._save(FieldOfPlay(competition_id=data.competition_id, name=_text(data.name, "name", 100), kind=data.kind))

    async def create_panel(self, data: PanelCreate) -> Panel:
        await _must(self.session, FieldOfPlay, data.fop_id, "field of play")
        seats = [_text(s, "seat", 20) for s in data.seats]
        if not seats or len(set(seats)) != len(seats) or any("," in s for s in seats):
            raise InvalidInput("a panel needs distinct seat names without commas")
        return await self._save(Panel(fop_id=data.fop_id, name=_text(data.name, "name", 100), seats=",".join(seats)))

    async def create_entry(self, data: EntryCreate, *, commit: bool = True) -> Entry:
        await _must(self.session, SportEvent, data.event_id, "event")
        await get_athlete(self.session, data.athlete_id)
        existing = await self.session.exec(select(Entry).where(Entry.event_id == data.event_id, Entry.athlete_id == data.athlete_id))
        if existing.first() is not None:
            raise InvalidInput("this athlete is already entered in this event")
        entry = Entry(event_id=data.event_id, athlete_id=data.athlete_id, bib=data.bib.strip())
        if commit:
            return await self._save(entry)
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def drop_entry(self, entry_id: int) -> None:
        """Remove an entry no contest names (a refused or withdrawn registration). Flushes."""
        entry = await self.session.get(Entry, entry_id)
        if entry is None:
            return
        used = await self.session.exec(
            select(Contest.id).where((col(Contest.red_entry_id) == entry_id) | (col(Contest.blue_entry_id) == entry_id)).limit(1)
        )
        if used.first() is not None:
            raise Conflict("the entry is in a contest")
        await self.session.delete(entry)
        await self.session.flush()

    async def create_contest(self, data: ContestCreate, *, commit: bool = True) -> Contest:
        event = await _must(self.session, SportEvent, data.event_id, "event")
        fop = await _must(self.session, FieldOfPlay, data.fop_id, "field of play")
        panel = await _must(self.session, Panel, data.panel_id, "panel")
        if panel.fop_id != fop.id:
            raise InvalidInput("the panel works on another field of play")
        for entry_id in (data.red_entry_id, data.blue_entry_id):
            if entry_id is not None:
                entry = await _must(self.session, Entry, entry_id, "entry")
                if entry.event_id != event.id:
                    raise InvalidInput("an entry belongs to another event")
        if data.red_entry_id is not None and data.red_entry_id == data.blue_entry_id:
            raise InvalidInput("red and blue are the same entry")
        contest = Contest(
            event_id=data.event_id,
            fop_id=data.fop_id,
            panel_id=data.panel_id,
            label=data.label.strip(),
            order=data.order,
            red_entry_id=data.red_entry_id,
            blue_entry_id=data.blue_entry_id,
            params=json.dumps(data.params, ensure_ascii=False, sort_keys=True),
        )
        if commit:
            return await self._save(contest)
        self.session.add(contest)
        await self.session.flush()
        return contest

    async def contest_facts(self, ids: list[int]) -> dict[int, ContestFacts]:
        ids = [i for i in ids if storable_id(i)]
        if not ids:
            return {}
        rows = await self.session.exec(select(Contest).where(col(Contest.id).in_(ids)))
        return {row_id(c): _facts(c) for c in rows.all()}

    async def place_contest(
        self, contest_id: int, *, fop_id: int, order: int, red_entry_id: int | None, blue_entry_id: int | None, label: str | None = None
    ) -> ContestFacts:
        """Move a contest that has not started to a field and a place in its order, and set its
        athletes (a draw fills them as earlier results come in). Flushes; the caller commits."""
        contest = await _must(self.session, Contest, contest_id, "contest")
        if contest.status != "scheduled" and (
            contest.fop_id != fop_id or contest.red_entry_id != red_entry_id or contest.blue_entry_id != blue_entry_id
        ):
            raise Conflict(f"contest {contest.label or contest_id} has started")
        if contest.fop_id != fop_id:
            panels = await self.panels(fop_id)
            if not panels:
                raise InvalidInput("the field of play has no panel")
            contest.fop_id, contest.panel_id = fop_id, row_id(panels[0])
        contest.order = order
        contest.red_entry_id, contest.blue_entry_id = red_entry_id, blue_entry_id
        if label is not None:
            contest.label = label
        self.session.add(contest)
        await self.session.flush()
        return _facts(contest)

    async def set_params(self, contest_id: int, params: dict[str, Any]) -> ContestFacts:
        """Set some parameters of a contest that has not started (a dive's degree of difficulty, given by the
        diver's program when the dive is called); the others are kept. Flushes; the caller commits."""
        contest = await _must(self.session, Contest, contest_id, "contest")
        if contest.status != "scheduled":
            raise Conflict(f"contest {contest.label or contest_id} has started")
        merged = {**json.loads(contest.params or "{}"), **params}
        contest.params = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        self.session.add(contest)
        await self.session.flush()
        return _facts(contest)

    async def cancel_contest(self, contest_id: int, reason: str) -> ContestFacts:
        """A contest that will not be held (a redraw, a walkover decided off the mat): kept with its
        log, marked cancelled, never deleted. Only a contest that has not started. Flushes."""
        contest = await _must(self.session, Contest, contest_id, "contest")
        if contest.status not in ("scheduled", "cancelled"):
            raise Conflict(f"contest {contest.label or contest_id} has started")
        contest.status = "cancelled"
        params = json.loads(contest.params or "{}")
        params["cancelled_because"] = _text(reason, "reason", 300)
        contest.params = json.dumps(params, ensure_ascii=False, sort_keys=True)
        self.session.add(contest)
        fop = await self.session.get(FieldOfPlay, contest.fop_id)
        if fop is not None and fop.current_contest_id == contest_id:
            fop.current_contest_id = None
            self.session.add(fop)
        await self.session.flush()
        return _facts(contest)

    async def set_current(self, fop_id: int, contest_id: int | None) -> FieldOfPlay:
        fop = await _must(self.session, FieldOfPlay, fop_id, "field of play")
        if contest_id is not None:
            contest = await _must(self.session, Contest, contest_id, "contest")
            if contest.fop_id != fop_id:
                raise InvalidInput("the contest is scheduled on another field of play")
        fop.current_contest_id = contest_id
        return await self._save(fop)

    async def competitions(self) -> list[Competition]:
        return list((await self.session.exec(select(Competition).order_by(col(Competition.id)))).all())

    async def events(self, competition_id: int | None = None) -> list[SportEvent]:
        q = select(SportEvent).order_by(col(SportEvent.id))
        if competition_id is not None:
            q = q.where(SportEvent.competition_id == competition_id)
        return list((await self.session.exec(q)).all())

    async def fops(self, competition_id: int | None = None) -> list[FieldOfPlay]:
        q = select(FieldOfPlay).order_by(col(FieldOfPlay.id))
        if competition_id is not None:
            q = q.where(FieldOfPlay.competition_id == competition_id)
        return list((await self.session.exec(q)).all())

    async def panels(self, fop_id: int | None = None) -> list[Panel]:
        q = select(Panel).order_by(col(Panel.id))
        if fop_id is not None:
            q = q.where(Panel.fop_id == fop_id)
        return list((await self.session.exec(q)).all())

    async def entries(self, event_id: int) -> list[Entry]:
        return list((await self.session.exec(select(Entry).where(Entry.event_id == event_id).order_by(col(Entry.id)))).all())

    async def contests(self, fop_id: int | None = None, event_id: int | None = None) -> list[Contest]:
        q = select(Contest).order_by(col(Contest.fop_id), col(Contest.order), col(Contest.id))
        if fop_id is not None:
            q = q.where(Contest.fop_id == fop_id)
        if event_id is not None:
            q = q.where(Contest.event_id == event_id)
        return list((await self.session.exec(q)).all())

    async def contest(self, contest_id: int) -> Contest:
        return await _must(self.session, Contest, contest_id, "contest")

    async def fop(self, fop_id: int) -> FieldOfPlay:
        return await _must(self.session, FieldOfPlay, fop_id, "field of play")

    async def panel(self, panel_id: int) -> Panel:
        return await _must(self.session, Panel, panel_id, "panel")


class ContestLogService:
    """Reading a contest's stored log: the rows, and the check of their hash chain."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def rows(self, contest_id: int) -> list[ContestEvent]:
        await _must(self.session, Contest, contest_id, "contest")
        result = await self.session.exec(select(ContestEvent).where(ContestEvent.contest_id == contest_id).order_by(col(ContestEvent.seq)))
        return list(result.all())

    async def verify(self, contest_id: int, rows: list[ContestEvent] | None = None) -> dict[str, Any]:
        """The chain report, plus whether the sealed final hash of an ended contest is in the chain
        (``rows``: the contest's log when the caller has read it already)."""
        rows = rows if rows is not None else await self.rows(contest_id)
        report = verify_chain(
            (
                ChainRecord(r.contest_id, r.seq, r.kind, r.payload, r.at, r.actor, r.source, r.epoch, r.source_seq),
                r.prev_hash,
                r.hash,
            )
            for r in rows
        )
        contest = await self.session.get(Contest, contest_id)
        final = contest.final_hash if contest else ""
        # Corrections after the end extend the chain: the sealed hash must still be one of its links.
        sealed_ok = not final or final in {r.hash for r in rows}
        return {**report.as_dict(), "contest_id": contest_id, "final_hash": final, "final_hash_ok": sealed_ok}


@dataclass(frozen=True, slots=True)
class Replayed:
    """A contest's score recomputed from its stored log, with the log's head and whether its chain holds."""

    contest_id: int
    label: str
    ruleset: str
    score: ContestScore | None  # None: the log cannot be read at all (empty, or the rule set is gone)
    head: str  # the hash of the last event ("" for an empty log)
    events: int
    chain_ok: bool
    sealed_ok: bool


async def replay_contests(session: AsyncSession, contest_ids: list[int]) -> dict[int, Replayed]:
    """Each contest's log read again, its hash chain checked and its score folded from the events
    (``score_contest``): what a results document is checked against, never a stored number."""
    logs = ContestLogService(session)
    out: dict[int, Replayed] = {}
    for cid in contest_ids:
        contest = await session.get(Contest, cid)
        if contest is None:
            continue
        event = await session.get(SportEvent, contest.event_id)
        ruleset_id = event.ruleset_id if event else ""
        rows = await logs.rows(cid)
        report = await logs.verify(cid, rows)
        score: ContestScore | None = None
        if rows:
            try:
                events = [LogEvent(seq=r.seq, kind=r.kind, data=json.loads(r.payload), at=r.at) for r in rows]
                score = score_contest(load_ruleset(ruleset_id), events)
            except RuleError:
                score = None
        out[cid] = Replayed(
            contest_id=cid,
            label=contest.label,
            ruleset=ruleset_id,
            score=score,
            head=rows[-1].hash if rows else "",
            events=len(rows),
            chain_ok=bool(report.get("ok")),
            sealed_ok=bool(report.get("final_hash_ok")),
        )
    return out
