"""HTTP API of the tournaments domain. The manager sets up categories, decides registrations, draws
and plans the order; coaches register their team's athletes; weigh-in officials (referees here)
record weights; referees move the field to its next contest; the public reads brackets, draws
(with their proof), the order and the on-deck list. Controllers stay thin."""

from __future__ import annotations

import json
from typing import Any

from litestar import Controller, Request, Router, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody

from base.accounts.models import Role, User
from base.auth import requires_role
from base.clock import Clock
from base.db import AsyncSession, row_id
from scoring.live.hub import LiveHub
from tournaments import categories as cat
from tournaments import log as tlog
from tournaments.errors import CategoryNotFound
from tournaments.labels import WAITING_VI, match_parts
from tournaments.live import BracketFollower, open_called, open_new_contests
from tournaments.ordering import OrderService
from tournaments.schemas import (
    BoutDecisionIn,
    CategoryIn,
    CheckInIn,
    DecisionIn,
    DrawIn,
    FromTemplate,
    MoveBoutIn,
    MoveEntryIn,
    ProgramIn,
    Reason,
    RegisterIn,
    SeedIn,
    SessionIn,
    StatusIn,
    WeighInIn,
)
from tournaments.views import BOUT_VI, bracket, category_out, draw_public, entry_out, local

MANAGER = requires_role(Role.MANAGER)
REGISTRARS = requires_role(Role.MANAGER, Role.COACH)
WEIGHERS = requires_role(Role.MANAGER, Role.REFEREE)
OFFICIALS = requires_role(Role.MANAGER, Role.REFEREE)
ENTRY_READERS = requires_role(Role.MANAGER, Role.COACH, Role.REFEREE)
PUBLIC = {"public": True}


def provide_tournament(
    db_session: NamedDependency[AsyncSession], clock: NamedDependency[Clock], request: Request[Any, Any, Any]
) -> OrderService:
    return OrderService(db_session, clock, request.user if isinstance(request.scope.get("user"), User) else None)


def provide_hub(state: State) -> LiveHub:
    hub: LiveHub = state.hub
    return hub


def provide_follower(state: State) -> BracketFollower:
    follower: BracketFollower = state.bracket_follower
    return follower


dependencies = {
    "tournament": Provide(provide_tournament, sync_to_thread=False),
    "hub": Provide(provide_hub, sync_to_thread=False),
    "follower": Provide(provide_follower, sync_to_thread=False),
}


class CategoryController(Controller):
    path = "/api/tournaments"
    tags = ["tournaments"]

    @get("/templates", guards=[MANAGER])
    async def templates(self) -> list[dict[str, Any]]:
        return [
            {
                "key": t.key,
                "name": t.name,
                "sport": t.sport,
                "source": t.source,
                "categories": [{"code": c.code, "name": c.name} for c in t.categories],
            }
            for t in cat.TEMPLATES.values()
        ]

    @get("/categories", guards=[REGISTRARS])
    async def categories(
        self,
        tournament: NamedDependency[OrderService],
        competition_id: FromQuery[int | None] = None,
        event_id: FromQuery[int | None] = None,
    ) -> list[dict[str, Any]]:
        rows = await tournament.categories(competition_id=competition_id, event_id=event_id)
        return [category_out(c, tournament.clock, len(await tournament.entries(row_id(c), ("pending", "approved")))) for c in rows]

    @post("/categories", guards=[MANAGER])
    async def create(self, data: JSONBody[CategoryIn], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        return category_out(await tournament.create_category(data), tournament.clock)

    @put("/categories/{category_id:int}", guards=[MANAGER])
    async def update(
        self, category_id: FromPath[int], data: JSONBody[CategoryIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        return category_out(await tournament.update_category(category_id, data), tournament.clock)

    @post("/categories/{category_id:int}/cancel", guards=[MANAGER])
    async def cancel(self, category_id: FromPath[int], data: JSONBody[Reason], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        return category_out(await tournament.cancel_category(category_id, data.reason), tournament.clock)

    @post("/categories/{category_id:int}/status", guards=[MANAGER])
    async def status(
        self, category_id: FromPath[int], data: JSONBody[StatusIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        return category_out(await tournament.set_status(category_id, data.status), tournament.clock)

    @post("/events/{event_id:int}/categories/from-template", guards=[MANAGER])
    async def from_template(
        self, event_id: FromPath[int], data: JSONBody[FromTemplate], tournament: NamedDependency[OrderService]
    ) -> list[dict[str, Any]]:
        made = await tournament.from_template(
            event_id,
            data.template,
            data.codes or None,
            draw_format=data.draw_format,
            draw_options=data.draw_options,
            sport_rules=data.sport_rules,
            contest_minutes=data.contest_minutes,
            registration_deadline=data.registration_deadline,
            team_limit=data.team_limit,
        )
        return [category_out(c, tournament.clock) for c in made]


class EntryController(Controller):
    path = "/api/tournaments"
    tags = ["tournaments"]

    @get("/categories/{category_id:int}/entries", guards=[ENTRY_READERS])
    async def entries(self, category_id: FromPath[int], tournament: NamedDependency[OrderService]) -> list[dict[str, Any]]:
        await tournament.category(category_id)
        return [entry_out(e) for e in await tournament.entry_rows(category_id)]

    @post("/categories/{category_id:int}/entries", guards=[REGISTRARS])
    async def register(
        self, category_id: FromPath[int], data: JSONBody[RegisterIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        row = await tournament.register(category_id, data.athlete_id)
        rows = {e.id: e for e in await tournament.entry_rows(category_id)}
        return entry_out(rows[row_id(row)])

    @post("/entries/{entry_id:int}/decision", guards=[MANAGER])
    async def decide(
        self, entry_id: FromPath[int], data: JSONBody[DecisionIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        row = await tournament.decide(entry_id, data.approve, data.reason)
        return {"id": row.id, "status": row.status}

    @post("/entries/{entry_id:int}/withdraw", guards=[REGISTRARS])
    async def withdraw(self, entry_id: FromPath[int], data: JSONBody[Reason], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        row = await tournament.withdraw(entry_id, data.reason)
        return {"id": row.id, "status": row.status}

    @put("/entries/{entry_id:int}/program", guards=[MANAGER])
    async def program(
        self, entry_id: FromPath[int], data: JSONBody[ProgramIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        """A judged athlete's program (a diver's dives: number and dd), one item per part."""
        row = await tournament.set_program(entry_id, data.items)
        return {"id": row.id, "program": json.loads(row.program)}

    @put("/entries/{entry_id:int}/seed", guards=[MANAGER])
    async def seed(self, entry_id: FromPath[int], data: JSONBody[SeedIn], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        row = await tournament.set_seed(entry_id, data.seed)
        return {"id": row.id, "seed": row.seed}

    @post("/entries/{entry_id:int}/check-in", guards=[MANAGER])
    async def check_in(
        self, entry_id: FromPath[int], data: JSONBody[CheckInIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        row = await tournament.check_in(entry_id, data.present)
        return {"id": row.id, "checked_in": row.checked_in}

    @post("/entries/{entry_id:int}/weigh-in", guards=[WEIGHERS])
    async def weigh(self, entry_id: FromPath[int], data: JSONBody[WeighInIn], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        reading = await tournament.weigh(entry_id, data.weight, data.source)
        suggestion = await tournament.suggested_category(entry_id) if reading.outcome != "ok" else None
        return {
            "outcome": reading.outcome,
            "ok": reading.outcome == "ok",
            "note": reading.note,
            "notes": await tournament.weigh_notes(reading) if reading.outcome != "ok" else [],  # the note by code, for the page
            "weight": f"{reading.weight_g / 1000:g}".replace(".", ","),
            "suggested": None if suggestion is None else {"id": suggestion.id, "name": suggestion.name},
        }

    @post("/entries/{entry_id:int}/move", guards=[MANAGER])
    async def move(self, entry_id: FromPath[int], data: JSONBody[MoveEntryIn], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        row = await tournament.move(entry_id, data.category_id, data.reason)
        return {"id": row.id, "category_id": row.category_id, "status": row.status}


class DrawController(Controller):
    path = "/api/tournaments"
    tags = ["tournaments"]

    @post("/categories/{category_id:int}/commitment", guards=[MANAGER])
    async def commit(self, category_id: FromPath[int], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        record = await tournament.commit(category_id)
        return draw_public(record, tournament.clock) or {}

    @post("/categories/{category_id:int}/draw", guards=[MANAGER])
    async def draw(self, category_id: FromPath[int], data: JSONBody[DrawIn], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        await tournament.draw(category_id, data.witness)
        return await bracket(tournament, await tournament.category(category_id))

    @get("/categories/{category_id:int}/bracket", opt=PUBLIC)
    async def bracket(self, category_id: FromPath[int], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        category = await tournament.category(category_id)
        if category.status == "cancelled":
            raise CategoryNotFound(category_id)
        return await bracket(tournament, category)

    @get("/categories/{category_id:int}/verify", opt=PUBLIC)
    async def verify(self, category_id: FromPath[int], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        return (await tournament.verify(category_id)).as_dict()

    @post("/bouts/{bout_id:int}/decision", guards=[MANAGER])
    async def decide(
        self,
        bout_id: FromPath[int],
        data: JSONBody[BoutDecisionIn],
        tournament: NamedDependency[OrderService],
        follower: NamedDependency[BracketFollower],
    ) -> dict[str, Any]:
        """A decision off the mat, applied only with the ``preview`` digest of ``.../decision/preview`` (400
        tournaments.preview_missing without it) and only if the draw is still as previewed (409
        tournaments.preview_stale otherwise); ``paper``: a paper score sheet, counted once a second official confirms it."""
        points = (data.red_points, data.blue_points)
        if data.paper:
            bout = await tournament.decide_off_mat(bout_id, data.winner, data.decision, data.reason, paper=True, points=points)
        else:
            bout = await tournament.apply_decision(bout_id, data.winner, data.decision, data.reason, data.preview, points)
        if bout.fop_id is not None:
            await follower.refresh_field(bout.fop_id)
        return {"id": bout.id, "status": bout.status, "status_vi": BOUT_VI[bout.status]}

    @post("/bouts/{bout_id:int}/decision/preview", guards=[MANAGER])
    async def preview(
        self, bout_id: FromPath[int], data: JSONBody[BoutDecisionIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        """What the decision would change, computed without writing: ``decision`` (the bout's own outcome),
        ``cancelled`` (contests not held), ``opponents`` (later bouts whose athletes change), ``times`` (estimated
        starts that move), each a Vietnamese line with names; ``digest`` to confirm it with."""
        return await tournament.preview_decision(bout_id, data.winner, data.decision, (data.red_points, data.blue_points))

    @post("/bouts/{bout_id:int}/paper", guards=[OFFICIALS])
    async def paper(
        self, bout_id: FromPath[int], data: JSONBody[BoutDecisionIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        """A result from a paper score sheet; it counts once another official confirms it."""
        bout = await tournament.decide_off_mat(
            bout_id, data.winner, data.decision or "points", data.reason, paper=True, points=(data.red_points, data.blue_points)
        )
        return {"id": bout.id, "status": bout.status, "pending": True}

    @post("/bouts/{bout_id:int}/paper/confirm", guards=[OFFICIALS])
    async def confirm_paper(
        self, bout_id: FromPath[int], tournament: NamedDependency[OrderService], follower: NamedDependency[BracketFollower]
    ) -> dict[str, Any]:
        bout = await tournament.confirm_paper(bout_id)
        if bout.fop_id is not None:
            await follower.refresh_field(bout.fop_id)
        return {"id": bout.id, "status": bout.status, "status_vi": BOUT_VI[bout.status]}

    @get("/competitions/{competition_id:int}/log", opt=PUBLIC)
    async def log(self, competition_id: FromPath[int], db_session: NamedDependency[AsyncSession]) -> dict[str, Any]:
        rows = await tlog.rows(db_session, competition_id)
        return {
            "chain": tlog.verify(rows),
            "rows": [tlog.published(r) for r in rows],
        }


class OrderController(Controller):
    path = "/api/tournaments"
    tags = ["tournaments"]

    @get("/competitions/{competition_id:int}/sessions", opt=PUBLIC)
    async def sessions(self, competition_id: FromPath[int], tournament: NamedDependency[OrderService]) -> list[dict[str, Any]]:
        return [
            {
                "id": s.id,
                "fop_id": s.fop_id,
                "name": s.name,
                "starts": local(tournament.clock, s.starts_at),
                "ends": local(tournament.clock, s.ends_at),
            }
            for s in await tournament.sessions(competition_id)
        ]

    @post("/competitions/{competition_id:int}/sessions", guards=[MANAGER])
    async def add_session(
        self, competition_id: FromPath[int], data: JSONBody[SessionIn], tournament: NamedDependency[OrderService]
    ) -> dict[str, Any]:
        s = await tournament.add_session(competition_id, data.fop_id, data.name, data.starts_at, data.ends_at)
        return {"id": s.id, "name": s.name}

    @post("/competitions/{competition_id:int}/plan", guards=[MANAGER])
    async def plan(
        self,
        competition_id: FromPath[int],
        tournament: NamedDependency[OrderService],
        hub: NamedDependency[LiveHub],
        request: Request[User, Any, Any],
    ) -> dict[str, Any]:
        planned = await tournament.plan(competition_id)
        opened = await open_new_contests(hub, await tournament.new_contests(competition_id), request.user.username)
        return {
            "placed": planned.placed,
            "created": planned.created,
            "opened": opened,
            # the bout's label and the reason in Vietnamese as before; beside them, by code with names, for the page
            "unplaced": [
                {"bout": b, "reason": r, "named": said["bout"], "said": said["reason"]}
                for (b, r), said in zip(planned.unplaced, planned.said, strict=True)
            ],
        }

    @get("/competitions/{competition_id:int}/order", opt=PUBLIC)
    async def order(self, competition_id: FromPath[int], tournament: NamedDependency[OrderService]) -> list[dict[str, Any]]:
        fields = await tournament.competitions.fops(competition_id)
        out = []
        for f in fields:
            deck = await tournament.deck(row_id(f))
            out.append({"field": f.name, "fop_id": f.id, "bouts": [_deck(tournament.clock, d) for d in deck]})
        return out

    @post("/bouts/{bout_id:int}/move", guards=[MANAGER])
    async def move(
        self, bout_id: FromPath[int], data: JSONBody[MoveBoutIn], tournament: NamedDependency[OrderService], hub: NamedDependency[LiveHub]
    ) -> dict[str, Any]:
        report = await tournament.move_bout(bout_id, data.fop_id, data.position, data.reason, apply=data.apply, preview=data.preview)
        if report["applied"]:
            bout = await tournament.bout(bout_id)
            category = await tournament.category(bout.category_id)
            await open_new_contests(hub, await tournament.new_contests(category.competition_id), "order")
        return report

    @get("/fields/{fop_id:int}/deck", opt=PUBLIC)
    async def deck(self, fop_id: FromPath[int], tournament: NamedDependency[OrderService]) -> dict[str, Any]:
        fop = await tournament.competitions.fop(fop_id)
        rows = await tournament.deck(fop_id)
        return {"field": fop.name, "bouts": [_deck(tournament.clock, d) for d in rows[:6]]}

    @post("/fields/{fop_id:int}/next", guards=[OFFICIALS])
    async def next(self, fop_id: FromPath[int], tournament: NamedDependency[OrderService], hub: NamedDependency[LiveHub]) -> dict[str, Any]:
        """Put the field's next contest of the order on it (the console's "next contest")."""
        contest_id = await tournament.next_contest(fop_id)
        if contest_id is not None:
            await open_called(hub, tournament, contest_id, tournament.actor_name)
        fop = await tournament.competitions.set_current(fop_id, contest_id)
        await hub.set_current(fop_id, fop.current_contest_id, fop.name)
        return {"contest_id": contest_id}


def _deck(clock: Clock, d: Any) -> dict[str, Any]:
    return {
        "bout_id": d.bout_id,
        "contest_id": d.contest_id,
        "category": d.category,
        "label": d.label,
        "label_parts": match_parts(d.label),  # the label's pieces by code, for a page in the reader's language
        "red": d.red,
        "blue": d.blue,
        "red_waiting": d.red == WAITING_VI,  # no athlete yet: the previous bout's result is awaited
        "blue_waiting": d.blue == WAITING_VI,
        "status": d.status,
        "status_vi": BOUT_VI.get(d.status, d.status),
        "planned": local(clock, d.planned, "%H:%M"),
        "estimated": local(clock, d.estimated, "%H:%M"),
        "position": d.position,
    }


tournaments_router = Router(
    path="/", route_handlers=[CategoryController, EntryController, DrawController, OrderController], dependencies=dependencies
)
