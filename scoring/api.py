"""Scoring HTTP API: set-up (back office), head-referee commands, pairing, devices, logs."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import segno
from litestar import Controller, Request, Response, Router, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from athletes.service import create_athlete, list_athletes
from base.accounts.models import Role, User
from base.audit import audit
from base.auth import requires_role
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.errors import InvalidInput, NotFound
from base.rows import storable_id
from base.settings import Settings
from scoring import keypads
from scoring.commands import command_event
from scoring.deps import dependencies
from scoring.live.hub import LiveHub
from scoring.models import Competition, Contest, Entry, FieldOfPlay, Panel, SportEvent
from scoring.pairing import PairingService
from scoring.rules import list_rulesets
from scoring.schemas import (
    Ack,
    CancelRequest,
    CompetitionCreate,
    CompetitionUpdate,
    ContestCommand,
    ContestCreate,
    ContestUpdate,
    DeviceAssign,
    EntryCreate,
    EntryUpdate,
    FieldOfPlayCreate,
    FieldOfPlayUpdate,
    PairingCodeOut,
    PanelCreate,
    PanelUpdate,
    SportEventCreate,
    SportEventUpdate,
)
from scoring.service import CompetitionService, ContestLogService

BACK_OFFICE = (Role.MANAGER,)
OFFICIALS = (Role.REFEREE, Role.MANAGER)


def _known(row_id: int, what: str) -> int:
    """A path's id; one no row can have (beyond 64 bits) is "not found", never a database error."""
    if not storable_id(row_id):
        raise NotFound(what, detail=f"{row_id}")
    return row_id


def _no_row_has(*ids: int | None) -> bool:
    """Whether a query's filter names an id no row can have (then the list is empty, no query)."""
    return any(i is not None and not storable_id(i) for i in ids)


async def tell_screens(hub: LiveHub, competitions: CompetitionService, contest_ids: list[int], fop_ids: set[int] | None = None) -> None:
    """After the back office changed contests (edited, cancelled) or fields (renamed): the hub reads
    their names again and each field's screens get its current contest."""
    facts = await competitions.contest_facts(contest_ids)
    for contest_id in contest_ids:
        await hub.refresh_info(contest_id)
    for fop_id in {f.fop_id for f in facts.values()} | (fop_ids or set()):
        fop = await competitions.fop(fop_id)
        await hub.set_current(fop_id, fop.current_contest_id, fop.name)


async def tell_screens_edited(
    hub: LiveHub, competitions: CompetitionService, kind: str, row_id_: int, fop_before: int | None = None
) -> None:
    """After an edit: a contest's screens (and those of the field it left), a renamed field's, and
    the contests of an entry's event (its bib is on them). A contest not yet started that moved to
    another field or panel, or whose panel's seats changed, is read again by the hub (it keeps the
    field, panel and seats of a contest it has loaded)."""
    if kind in ("contest", "panel"):
        moved = [row_id_] if kind == "contest" else [row_id(c) for c in await competitions.contests() if c.panel_id == row_id_]
        for contest_id in moved:
            if (await competitions.contest(contest_id)).status == "scheduled":
                hub.runtimes.pop(contest_id, None)
        await tell_screens(hub, competitions, moved, {fop_before} if fop_before is not None else set())
    elif kind == "fop":
        await tell_screens(hub, competitions, [], {row_id_})
    elif kind == "entry":
        entry = await competitions.row("entry", row_id_)
        await tell_screens(hub, competitions, [row_id(c) for c in await competitions.contests(event_id=entry.event_id)])


async def cancel_row(kind: str, row_id_: int, reason: str, competitions: CompetitionService, hub: LiveHub, user: User, clock: Clock) -> Any:
    """Cancel one back-office row (audited), tell the screens, and return the row as it is now."""
    cancelled = await competitions.cancel(kind, _known(row_id_, kind), reason, actor=user, now=clock())
    await tell_screens(hub, competitions, cancelled)
    return await competitions.row(kind, row_id_)


class AthleteCreate(msgspec.Struct, forbid_unknown_fields=True):
    full_name: str
    team: str = ""
    gender: str = ""
    nation: str = "VIE"


class SetupListsController(Controller):
    """What the back office set up, for the officials who run it: competitions, events, fields of
    play, panels and contests (a head referee picks a field and its contests; writing them is the
    manager's, in ``SetupController``)."""

    path = "/api"
    tags = ["setup"]
    guards = [requires_role(*OFFICIALS)]

    @get("/competitions")
    async def competitions_list(self, competitions: NamedDependency[CompetitionService]) -> list[Competition]:
        return await competitions.competitions()

    @get("/events")
    async def events_list(
        self, competitions: NamedDependency[CompetitionService], competition_id: FromQuery[int | None] = None
    ) -> list[SportEvent]:
        return [] if _no_row_has(competition_id) else await competitions.events(competition_id)

    @get("/fops")
    async def fops_list(
        self, competitions: NamedDependency[CompetitionService], competition_id: FromQuery[int | None] = None
    ) -> list[FieldOfPlay]:
        return [] if _no_row_has(competition_id) else await competitions.fops(competition_id)

    @get("/panels")
    async def panels_list(self, competitions: NamedDependency[CompetitionService], fop_id: FromQuery[int | None] = None) -> list[Panel]:
        return [] if _no_row_has(fop_id) else await competitions.panels(fop_id)

    @get("/contests")
    async def contests_list(
        self,
        competitions: NamedDependency[CompetitionService],
        fop_id: FromQuery[int | None] = None,
        event_id: FromQuery[int | None] = None,
    ) -> list[Contest]:
        return [] if _no_row_has(fop_id, event_id) else await competitions.contests(fop_id, event_id)


class SetupController(Controller):
    """Back office: competitions, events, fields of play, panels, athletes, entries, contests."""

    path = "/api"
    tags = ["setup"]
    guards = [requires_role(*BACK_OFFICE)]

    @post("/competitions")
    async def competition_create(self, data: JSONBody[CompetitionCreate], competitions: NamedDependency[CompetitionService]) -> Competition:
        return await competitions.create_competition(data)

    @post("/events")
    async def event_create(self, data: JSONBody[SportEventCreate], competitions: NamedDependency[CompetitionService]) -> SportEvent:
        return await competitions.create_event(data)

    @post("/fops")
    async def fop_create(self, data: JSONBody[FieldOfPlayCreate], competitions: NamedDependency[CompetitionService]) -> FieldOfPlay:
        return await competitions.create_fop(data)

    @post("/panels")
    async def panel_create(self, data: JSONBody[PanelCreate], competitions: NamedDependency[CompetitionService]) -> Panel:
        return await competitions.create_panel(data)

    @post("/athletes")
    async def athlete_create(self, data: JSONBody[AthleteCreate], db_session: NamedDependency[AsyncSession]) -> dict[str, Any]:
        card = await create_athlete(db_session, data.full_name, team=data.team, gender=data.gender, nation=data.nation)
        await db_session.commit()
        return {"id": card.id, "full_name": card.full_name, "team": card.team, "nation": card.nation}

    @get("/athletes")
    async def athletes_list(self, db_session: NamedDependency[AsyncSession]) -> list[dict[str, Any]]:
        return [{"id": c.id, "full_name": c.full_name, "team": c.team, "nation": c.nation} for c in await list_athletes(db_session)]

    @post("/entries")
    async def entry_create(self, data: JSONBody[EntryCreate], competitions: NamedDependency[CompetitionService]) -> Entry:
        return await competitions.create_entry(data)

    @post("/contests")
    async def contest_create(
        self,
        data: JSONBody[ContestCreate],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> Contest:
        contest = await competitions.create_contest(data)
        await hub.open_contest(row_id(contest), request.user.username)
        return contest

    # ---- edit and cancel (audited; a cancelled row is kept, with its reason) ----

    @patch("/competitions/{competition_id:int}")
    async def competition_update(
        self,
        competition_id: FromPath[int],
        data: JSONBody[CompetitionUpdate],
        competitions: NamedDependency[CompetitionService],
        request: Request[User, Any, Any],
    ) -> Competition:
        return await competitions.update_competition(_known(competition_id, "giải đấu"), data, actor=request.user)

    @post("/competitions/{competition_id:int}/cancel")
    async def competition_cancel(
        self,
        competition_id: FromPath[int],
        data: JSONBody[CancelRequest],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> Competition:
        row: Competition = await cancel_row("competition", competition_id, data.reason, competitions, hub, request.user, clock)
        return row

    @patch("/events/{event_id:int}")
    async def event_update(
        self,
        event_id: FromPath[int],
        data: JSONBody[SportEventUpdate],
        competitions: NamedDependency[CompetitionService],
        request: Request[User, Any, Any],
    ) -> SportEvent:
        return await competitions.update_event(_known(event_id, "nội dung thi đấu"), data, actor=request.user)

    @post("/events/{event_id:int}/cancel")
    async def event_cancel(
        self,
        event_id: FromPath[int],
        data: JSONBody[CancelRequest],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> SportEvent:
        row: SportEvent = await cancel_row("event", event_id, data.reason, competitions, hub, request.user, clock)
        return row

    @patch("/fops/{fop_id:int}")
    async def fop_update(
        self,
        fop_id: FromPath[int],
        data: JSONBody[FieldOfPlayUpdate],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> FieldOfPlay:
        fop = await competitions.update_fop(_known(fop_id, "sân/thảm thi đấu"), data, actor=request.user)
        await tell_screens_edited(hub, competitions, "fop", fop_id)
        return fop

    @post("/fops/{fop_id:int}/cancel")
    async def fop_cancel(
        self,
        fop_id: FromPath[int],
        data: JSONBody[CancelRequest],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> FieldOfPlay:
        row: FieldOfPlay = await cancel_row("fop", fop_id, data.reason, competitions, hub, request.user, clock)
        return row

    @patch("/panels/{panel_id:int}")
    async def panel_update(
        self,
        panel_id: FromPath[int],
        data: JSONBody[PanelUpdate],
        competitions: NamedDependency[CompetitionService],
        request: Request[User, Any, Any],
        hub: NamedDependency[LiveHub],
    ) -> Panel:
        panel = await competitions.update_panel(_known(panel_id, "tổ trọng tài"), data, actor=request.user)
        await tell_screens_edited(hub, competitions, "panel", panel_id)
        return panel

    @post("/panels/{panel_id:int}/cancel")
    async def panel_cancel(
        self,
        panel_id: FromPath[int],
        data: JSONBody[CancelRequest],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> Panel:
        row: Panel = await cancel_row("panel", panel_id, data.reason, competitions, hub, request.user, clock)
        return row

    @patch("/entries/{entry_id:int}")
    async def entry_update(
        self,
        entry_id: FromPath[int],
        data: JSONBody[EntryUpdate],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> Entry:
        entry = await competitions.update_entry(_known(entry_id, "vận động viên đăng ký"), data, actor=request.user)
        await tell_screens_edited(hub, competitions, "entry", entry_id)
        return entry

    @post("/entries/{entry_id:int}/cancel")
    async def entry_cancel(
        self,
        entry_id: FromPath[int],
        data: JSONBody[CancelRequest],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> Entry:
        row: Entry = await cancel_row("entry", entry_id, data.reason, competitions, hub, request.user, clock)
        return row

    @patch("/contests/{contest_id:int}")
    async def contest_update(
        self,
        contest_id: FromPath[int],
        data: JSONBody[ContestUpdate],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> Contest:
        before = (await competitions.contest(_known(contest_id, "trận đấu"))).fop_id
        contest = await competitions.update_contest(contest_id, data, actor=request.user)
        await tell_screens_edited(hub, competitions, "contest", contest_id, before)
        return contest

    @post("/contests/{contest_id:int}/cancel")
    async def contest_cancel(
        self,
        contest_id: FromPath[int],
        data: JSONBody[CancelRequest],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        clock: NamedDependency[Clock],
        request: Request[User, Any, Any],
    ) -> Contest:
        row: Contest = await cancel_row("contest", contest_id, data.reason, competitions, hub, request.user, clock)
        return row


class LiveController(Controller):
    """Head referee: put a contest on the field, run it, give penalties, correct, pair tablets."""

    path = "/api"
    tags = ["live"]
    guards = [requires_role(*OFFICIALS)]

    @put("/fops/{fop_id:int}/current")
    async def set_current(
        self,
        fop_id: FromPath[int],
        data: JSONBody[dict[str, Any]],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> FieldOfPlay:
        contest_id = data.get("contest_id")
        if contest_id is not None and (isinstance(contest_id, bool) or not isinstance(contest_id, int)):
            raise InvalidInput("contest_id: một số nguyên hoặc null / a whole number or null")
        fop = await competitions.set_current(fop_id, contest_id)
        audit(competitions.session, actor=request.user, action="fop.current", subject=f"fop:{fop_id}", detail={"contest_id": contest_id})
        await competitions.session.commit()
        await hub.set_current(fop_id, fop.current_contest_id, fop.name)
        return fop

    @post("/contests/{contest_id:int}/commands")
    async def command(
        self, contest_id: FromPath[int], data: JSONBody[ContestCommand], hub: NamedDependency[LiveHub], request: Request[User, Any, Any]
    ) -> Ack:
        rt = await hub.runtime(contest_id)
        kind, payload = command_event(data, rt.envelope.round)
        appended = await hub.append(contest_id, kind, payload, actor=request.user.username)
        return Ack(contest_id=contest_id, seq=appended.seq, duplicate=appended.duplicate)

    @get("/contests/{contest_id:int}/log")
    async def log(self, contest_id: FromPath[int], db_session: NamedDependency[AsyncSession]) -> list[dict[str, Any]]:
        rows = await ContestLogService(db_session).rows(contest_id)
        return [
            {
                "seq": r.seq,
                "kind": r.kind,
                "data": json.loads(r.payload),
                "at": r.at.isoformat(),
                "actor": r.actor,
                "source": r.source,
                "epoch": r.epoch,
                "source_seq": r.source_seq,
                "prev_hash": r.prev_hash,
                "hash": r.hash,
            }
            for r in rows
        ]

    @post("/panels/{panel_id:int}/pairing-codes")
    async def pairing_code(
        self,
        panel_id: FromPath[int],
        data: JSONBody[dict[str, str]],
        pairing: NamedDependency[PairingService],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
        request: Request[User, Any, Any],
    ) -> PairingCodeOut:
        row = await pairing.new_code(_known(panel_id, "tổ trọng tài"), str(data.get("seat", "")), clock())
        # The QR code is scanned by a tablet, so it must name the address tablets reach (ARENA_PUBLIC_URL),
        # not the one the console happens to use (often 127.0.0.1 on the venue laptop).
        base = settings.public_url.rstrip("/") if settings.public_url else str(request.base_url).rstrip("/")
        url = f"{base}/judge?code={row.code}&key={pairing.qr_key(row)}"  # the key: a scanned code is never budgeted
        return PairingCodeOut(
            panel_id=panel_id,
            seat=row.seat,
            code=row.code,
            expires_at=row.expires_at.isoformat(),
            url=url,
            qr_svg=segno.make(url, error="m").svg_data_uri(scale=4, border=2),
        )

    @get("/panels/{panel_id:int}/bindings")
    async def bindings(self, panel_id: FromPath[int], pairing: NamedDependency[PairingService]) -> list[dict[str, Any]]:
        """The tablets in force, then those waiting to replace one (``pending``: the console asks)."""
        panel = _known(panel_id, "tổ trọng tài")
        return [
            {"id": b.id, "seat": b.seat, "label": b.label, "created_at": b.created_at.isoformat(), "pending": b.pending}
            for b in [*await pairing.bindings(panel), *await pairing.pending(panel)]
        ]

    @post("/bindings/{binding_id:int}/confirm", status_code=200)
    async def confirm_binding(
        self,
        binding_id: FromPath[int],
        pairing: NamedDependency[PairingService],
        clock: NamedDependency[Clock],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> dict[str, Any]:
        """The head referee lets a waiting tablet replace the seat's tablet (which is revoked)."""
        binding = await pairing.confirm(_known(binding_id, "máy tính bảng đã ghép"), clock())
        audit(
            pairing.session,
            actor=request.user,
            action="binding.confirm",
            subject=f"panel:{binding.panel_id}",
            detail={"seat": binding.seat, "label": binding.label},
        )
        await pairing.session.commit()
        hub.bindings_changed()
        return {"id": binding.id, "seat": binding.seat, "pending": False}

    @delete("/bindings/{binding_id:int}")
    async def revoke_binding(
        self,
        binding_id: FromPath[int],
        pairing: NamedDependency[PairingService],
        clock: NamedDependency[Clock],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> None:
        binding = await pairing.revoke(_known(binding_id, "máy tính bảng đã ghép"), clock())
        audit(
            pairing.session, actor=request.user, action="binding.revoke", subject=f"panel:{binding.panel_id}", detail={"seat": binding.seat}
        )
        await pairing.session.commit()
        hub.bindings_changed()

    @get("/metrics/live")
    async def live_metrics(self, hub: NamedDependency[LiveHub]) -> dict[str, Any]:
        """The server's share of press -> scoreboard: from appending an input to writing its delta."""
        return hub.meter.report()

    @delete("/metrics/live", guards=[requires_role(Role.ADMIN)])
    async def reset_live_metrics(self, hub: NamedDependency[LiveHub]) -> None:
        hub.meter.reset()

    @get("/devices")
    async def devices(self, hub: NamedDependency[LiveHub]) -> dict[str, Any]:
        return {"assignments": await keypads.assignments(hub), "states": hub.device_states, "bridges": await keypads.bridges(hub)}

    @delete("/devices/{device_id:str}/bridge")
    async def release_device(
        self,
        device_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> None:
        """Free a keypad from its bridge (its receiver moved to another laptop); audited."""
        await keypads.release(db_session, hub, device_id, request.user)

    @put("/devices/{device_id:str}/assignment")
    async def assign_device(
        self,
        device_id: FromPath[str],
        data: JSONBody[DeviceAssign],
        competitions: NamedDependency[CompetitionService],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> dict[str, Any]:
        panel = await competitions.panel(data.panel_id)
        await keypads.assign(competitions.session, hub, device_id, panel, data.seat, request.user)
        state = hub.device_states.get(device_id)
        if state is not None:
            state.update(panel_id=panel.id, seat=data.seat, fop_id=panel.fop_id)
            await hub.publish_fop(panel.fop_id)
        return {"device": device_id, "panel_id": panel.id, "seat": data.seat}

    @delete("/devices/{device_id:str}/assignment")
    async def unassign_device(
        self,
        device_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> None:
        await keypads.unassign(db_session, hub, device_id, request.user)


class PublicController(Controller):
    """Anyone: rule sets, live state of a contest, and the check of a contest's hash chain."""

    path = "/api"
    tags = ["public"]
    opt = {"public": True}

    @get("/rulesets")
    async def rulesets(self) -> list[dict[str, Any]]:
        return [{"id": r.id, "name": r.name, "version": r.version, "sport": r.sport, "source": r.source} for r in list_rulesets()]

    @get("/contests/{contest_id:int}")
    async def contest_state(self, contest_id: FromPath[int], hub: NamedDependency[LiveHub]) -> dict[str, Any]:
        rt = await hub.runtime(contest_id)
        return {
            "contest": rt.info,
            "envelope": rt.envelope.as_dict(),
            "score": rt.score.as_dict() if rt.score is not None else None,
            "head": rt.head,
        }

    @get("/contests/{contest_id:int}/explanation")
    async def explanation(self, contest_id: FromPath[int], hub: NamedDependency[LiveHub]) -> dict[str, Any]:
        rt = await hub.runtime(contest_id)
        explanation: dict[str, Any] = rt.score.explanation.as_dict()
        return explanation

    @get("/contests/{contest_id:int}/verify")
    async def verify(self, contest_id: FromPath[int], db_session: NamedDependency[AsyncSession]) -> dict[str, Any]:
        """Recompute the contest's hash chain: ok, or the first event that was changed and why."""
        return await ContestLogService(db_session).verify(contest_id)


class PairController(Controller):
    """A tablet redeems a pairing code and keeps the seat token in a cookie."""

    path = "/api/pair"
    tags = ["live"]
    opt = {"public": True}

    @post("/")
    async def pair(
        self,
        data: JSONBody[dict[str, str]],
        pairing: NamedDependency[PairingService],
        clock: NamedDependency[Clock],
        hub: NamedDependency[LiveHub],
        settings: NamedDependency[Settings],
        request: Request[Any, Any, Any],
    ) -> Response[dict[str, Any]]:
        binding, token = await pairing.redeem(
            str(data.get("code", "")),
            str(data.get("label", "")),
            clock(),
            key=str(data.get("key", "")),
            address=request.client.host if request.client else "",
        )
        hub.bindings_changed()
        response = Response({"seat": binding.seat, "panel_id": binding.panel_id, "binding_id": binding.id, "pending": binding.pending})
        response.set_cookie("arena_seat", token, httponly=True, samesite="lax", max_age=7 * 24 * 3600, secure=settings.secure_cookies)
        return response


scoring_router = Router(
    path="/",
    route_handlers=[SetupListsController, SetupController, LiveController, PublicController, PairController],
    dependencies=dependencies,
)
