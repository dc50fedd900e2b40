"""Pages of the tournaments domain (manager, coach, weigh-in, public brackets and schedule).

Pages are rendered from the services and the views the API uses; every change is made by the
page's script through the JSON API (``/api/tournaments/...``) with the CSRF header. Nobody types a
database id: categories, events, fields and athletes are picked from lists and searches.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Router, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from athletes.service import PeopleService, eligibility
from base.accounts.models import Role, User
from base.auth import current_user, requires_role
from base.db import row_id
from base.errors import NotFound
from base.i18n import CURRENT_LANGUAGE
from tournaments import categories as cat
from tournaments.api import dependencies
from tournaments.errors import CategoryNotFound
from tournaments.labels import WAITING_VI, labeller, match_label, number, said_texts, sayer
from tournaments.ordering import OrderService
from tournaments.programs import NAMES_VI
from tournaments.progress import DECISION_VI
from tournaments.service import FORMAT_VI, STATUS_VI
from tournaments.views import BOUT_VI, SEX_VI, bracket, category_out, entry_out, local

MANAGER = [requires_role(Role.MANAGER)]
REGISTRARS = [requires_role(Role.MANAGER, Role.COACH)]
WEIGHERS = [requires_role(Role.MANAGER, Role.REFEREE)]
PUBLIC = {"public": True}
# The decisions a manager may give for a bout that is not fought (the walkover form).
OFF_MAT = ("walkover", "no_show", "withdrawal", "disqualification")
OFF_MAT_VI = {"walkover": "Bỏ cuộc", "no_show": "Vắng mặt", "withdrawal": "Xin rút", "disqualification": "Truất quyền"}


STAGE_VI = {
    "main": "Nhánh chính",
    "winners": "Nhánh thắng",
    "losers": "Nhánh thua",
    "repechage": "Đấu vớt",
    "bronze": "Tranh hạng ba",
    "final": "Chung kết",
}


def stage_vi(stage: str) -> str:
    if stage.startswith("pool:"):
        return "Bảng " + stage.split(":", 1)[1]
    return STAGE_VI.get(stage, stage)


def columns(b: dict[str, Any]) -> list[dict[str, Any]]:
    """The bracket's matches as stages of round columns (a readable tree; stacked on a phone)."""
    out = []
    for stage in b.get("stages", []):
        rounds: dict[int, list[dict[str, Any]]] = {}
        for m in b["matches"]:
            if m["stage"] == stage:
                rounds.setdefault(m["round"], []).append(m)
        rows = (b.get("performances") or {}).get(stage) or []
        parts = max((len(r["parts"]) for r in rows), default=1)
        out.append(
            {
                "name": stage_vi(stage),
                "stage": stage,
                "rounds": [{"round": r, "matches": sorted(ms, key=lambda m: m["order"])} for r, ms in sorted(rounds.items())],
                # a judged stage of several parts: one row per athlete, a column per part (each part's card folded below)
                "performances": rows if parts > 1 else [],
                "parts": parts,
            }
        )
    return out


def page_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What every tournament page names codes with, in the reader's language: ``label``, ``match``
    (a match's label), ``say`` (a line the system said, by its code), ``kg`` (a weight with the reader's decimal
    mark) and ``said_texts`` (the same for the page's script)."""
    gettext = request.app.state.translations.gettext
    lang = CURRENT_LANGUAGE.get()
    return {
        "label": labeller(gettext),
        "match": match_label(gettext),
        "say": sayer(gettext, lang),
        "kg": lambda value: number(value, lang) if value not in (None, "") else "",
        "said_texts": said_texts(gettext),
    }


def _page(name: str, request: Request[Any, Any, Any], /, **context: Any) -> Template:
    context = {"user": current_user(request), "columns": columns, **page_context(request), **context}
    return Template(f"tournaments/{name}.html", context=context)


def _offset(tournament: OrderService) -> str:
    """The venue's UTC offset as ISO writes it (+07:00), for the local date-times a form sends."""
    raw = tournament.clock.local(tournament.clock()).strftime("%z") or "+0000"
    return f"{raw[:3]}:{raw[3:]}"


async def _tree(tournament: OrderService) -> list[dict[str, Any]]:
    """Competitions -> events -> categories (with their entry counts), as the manager's list shows them."""
    competitions = await tournament.competitions.competitions()
    events = await tournament.competitions.events()
    cats = await tournament.categories()
    out = []
    for comp in competitions:
        comp_events = []
        for ev in (e for e in events if e.competition_id == comp.id):
            rows = []
            for c in (c for c in cats if c.event_id == ev.id):
                count = len(await tournament.entries(row_id(c), ("pending", "approved")))
                rows.append(category_out(c, tournament.clock, count))
            comp_events.append({"id": ev.id, "name": ev.name, "sport": ev.sport, "categories": rows})
        out.append({"id": comp.id, "name": comp.name, "venue": comp.venue, "events": comp_events})
    return out


def _templates() -> list[dict[str, Any]]:
    return [{"key": t.key, "name": t.name, "count": len(t.categories)} for t in cat.TEMPLATES.values()]


@get("/tournaments", guards=MANAGER)
async def index(request: Request[User, Any, Any], tournament: NamedDependency[OrderService]) -> Template:
    tree = await _tree(tournament)
    events = [{"id": e["id"], "name": f"{c['name']} — {e['name']}"} for c in tree for e in c["events"]]
    return _page("index", request, tree=tree, events=events, templates=_templates(), formats=FORMAT_VI, sexes=SEX_VI, status_vi=STATUS_VI)


@get("/tournaments/categories/{category_id:int}", guards=MANAGER)
async def category_page(
    request: Request[User, Any, Any], tournament: NamedDependency[OrderService], category_id: FromPath[int]
) -> Template:
    category = await tournament.category(category_id)
    entries = [entry_out(e) for e in await tournament.entry_rows(category_id)]
    drawn = await bracket(tournament, category)
    return _page(
        "category",
        request,
        c=category_out(category, tournament.clock, sum(1 for e in entries if e["status"] in ("pending", "approved"))),
        entries=entries,
        b=drawn,
        decisions=OFF_MAT_VI,
        manager=True,
        program=await _programs(tournament, category_id, entries),
    )


async def _programs(tournament: OrderService, category_id: int, entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The program form of a judged category whose rule set multiplies in per-part numbers (a diver's dd)."""
    category = await tournament.category(category_id)
    if category.draw_format != "judged":
        return None
    parts, multipliers, diving = await tournament.program_spec(category)
    if not multipliers:
        return None
    stored = {row_id(e): json.loads(e.program) if e.program else [] for e in await tournament.entries(category_id)}
    rows = []
    for e in entries:
        if e["status"] != "approved":
            continue
        items = stored.get(e["id"], [])
        cells = [
            {
                "code": items[i].get("code", "") if i < len(items) else "",
                "values": [(m, str(items[i].get(m, "")).replace(".", ",") if i < len(items) else "") for m in multipliers],
            }
            for i in range(parts)
        ]
        rows.append({"id": e["id"], "name": e["name"], "team": e["team"], "cells": cells})
    labels = {m: NAMES_VI.get(m, m) for m in multipliers}
    return {"parts": parts, "diving": diving, "labels": labels, "rows": rows}


async def _coach_team(tournament: OrderService, user: User) -> tuple[int | None, str]:
    """The calling coach's team (id, name); (None, "") for a manager, who may enter anyone."""
    if user.has_role(Role.MANAGER):
        return None, ""
    person_id = getattr(user, "person_id", None)
    me = (await eligibility(tournament.session, [person_id])).get(person_id) if person_id is not None else None
    if me is None or me.team_id is None:
        return -1, ""
    return me.team_id, me.team


async def _open_categories(tournament: OrderService) -> list[dict[str, Any]]:
    competitions = {c.id: c.name for c in await tournament.competitions.competitions()}
    events = {e.id: e.name for e in await tournament.competitions.events()}
    out = []
    for c in await tournament.categories():
        if c.status != "open":
            continue
        label = f"{competitions.get(c.competition_id, '')} — {events.get(c.event_id, '')} — {c.name}"
        out.append({"id": c.id, "label": label})
    return out


@get("/tournaments/register", guards=REGISTRARS)
async def register_page(request: Request[User, Any, Any], tournament: NamedDependency[OrderService]) -> Template:
    team_id, team = await _coach_team(tournament, request.user)
    mine = []
    if team_id != -1:
        for c in await tournament.categories():
            for e in await tournament.entry_rows(row_id(c)):
                if team_id is None or e.team == team:
                    mine.append({"category": c.name, **entry_out(e)})
    return _page("register", request, categories=await _open_categories(tournament), mine=mine, team=team, manager=team_id is None)


@get("/tournaments/register/athletes", guards=REGISTRARS)
async def register_athletes(
    request: Request[User, Any, Any], tournament: NamedDependency[OrderService], q: FromQuery[str] = ""
) -> list[dict[str, Any]]:
    """The athletes the caller may enter: a coach's own team, everyone for a manager (by name)."""
    team_id, _team = await _coach_team(tournament, request.user)
    if team_id == -1:
        return []
    people = PeopleService(tournament.session, request.user)
    found = await people.people("athlete", team_id, q, 1, 30)
    return [
        {"id": p.id, "name": p.full_name, "team": p.team, "birth_year": p.birth_date.year if p.birth_date else None} for p in found.items
    ]


@get("/tournaments/weigh-in", guards=WEIGHERS)
async def weigh_in_page(
    request: Request[User, Any, Any], tournament: NamedDependency[OrderService], category: FromQuery[int | None] = None
) -> Template:
    competitions = {c.id: c.name for c in await tournament.competitions.competitions()}
    choices = [
        {"id": c.id, "label": f"{competitions.get(c.competition_id, '')} — {c.name}", "status": c.status}
        for c in await tournament.categories()
        if c.status not in ("cancelled", "finished")
    ]
    chosen = None
    entries: list[dict[str, Any]] = []
    if category is not None and any(c["id"] == category for c in choices):
        chosen = category_out(await tournament.category(category), tournament.clock)
        rows = [e for e in await tournament.entry_rows(category) if e.status == "approved"]
        entries = [{"number": i, **entry_out(e)} for i, e in enumerate(rows, start=1)]
    return _page("weigh_in", request, choices=choices, chosen=chosen, entries=entries)


@get("/tournaments/order/{competition_id:int}", guards=MANAGER)
async def order_page(
    request: Request[User, Any, Any], tournament: NamedDependency[OrderService], competition_id: FromPath[int]
) -> Template:
    competition = next((c for c in await tournament.competitions.competitions() if c.id == competition_id), None)
    if competition is None:
        raise NotFound("giải")
    fops = await tournament.competitions.fops(competition_id)
    names = {f.id: f.name for f in fops}
    sessions = [
        {
            "field": names.get(s.fop_id, ""),
            "name": s.name,
            "starts": local(tournament.clock, s.starts_at),
            "ends": local(tournament.clock, s.ends_at),
        }
        for s in await tournament.sessions(competition_id)
    ]
    fields = [{"id": f.id, "name": f.name, "bouts": _deck_rows(tournament, await tournament.deck(row_id(f)), request)} for f in fops]
    return _page("order", request, competition=competition, fops=fops, sessions=sessions, fields=fields, offset=_offset(tournament))


def _deck_rows(tournament: OrderService, rows: list[Any], request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
    gettext = request.app.state.translations.gettext
    waiting = gettext("awaiting a result")  # a side the order names in Vietnamese (WAITING_VI) before it is known

    def side(name: str) -> str:
        return waiting if name == WAITING_VI else name

    return [
        {
            "bout_id": d.bout_id,
            "category": d.category,
            "label": d.label,
            "red": side(d.red),
            "blue": side(d.blue),
            "status_vi": BOUT_VI.get(d.status, d.status),
            "planned": local(tournament.clock, d.planned, "%H:%M"),
            "estimated": local(tournament.clock, d.estimated, "%H:%M"),
            "position": d.position,
        }
        for d in rows
    ]


@get("/tournaments/bouts/{bout_id:int}/change", guards=MANAGER)
async def change_page(
    request: Request[User, Any, Any],
    tournament: NamedDependency[OrderService],
    bout_id: FromPath[int],
    winner: FromQuery[str] = "red",
    decision: FromQuery[str] = "walkover",
    reason: FromQuery[str] = "",
) -> Template:
    """A decision off the mat, previewed before anything is written (what it cancels, the opponents and the
    estimated times it changes); the page's script confirms it with the preview's digest."""
    bout = await tournament.bout(bout_id)
    category = await tournament.category(bout.category_id)
    preview = await tournament.preview_decision(bout_id, winner, decision)
    return _page(
        "change",
        request,
        c=category_out(category, tournament.clock),
        bout={"id": bout_id, "label": bout.label},
        preview=preview,
        winner=winner,
        decision=decision,
        reason=reason.strip()[:300],
    )


# ---- public pages --------------------------------------------------------------------------
@get("/brackets/{category_id:int}", opt=PUBLIC)
async def bracket_page(request: Request[Any, Any, Any], tournament: NamedDependency[OrderService], category_id: FromPath[int]) -> Template:
    category = await tournament.category(category_id)
    if category.status == "cancelled":
        raise CategoryNotFound(category_id)
    others = [
        {"id": c.id, "name": c.name} for c in await tournament.categories(competition_id=category.competition_id) if c.status != "cancelled"
    ]
    fops = await tournament.competitions.fops(category.competition_id)
    return _page("bracket", request, b=await bracket(tournament, category), others=others, fops=fops, manager=False)


@get("/schedule/{competition_id:int}", opt=PUBLIC)
async def schedule_page(
    request: Request[Any, Any, Any], tournament: NamedDependency[OrderService], competition_id: FromPath[int]
) -> Template:
    competition = next((c for c in await tournament.competitions.competitions() if c.id == competition_id), None)
    if competition is None:
        raise NotFound("giải")
    fops = await tournament.competitions.fops(competition_id)
    fields = [{"id": f.id, "name": f.name, "bouts": _deck_rows(tournament, await tournament.deck(row_id(f)), request)} for f in fops]
    categories = [
        {"id": c.id, "name": c.name, "status_vi": STATUS_VI.get(c.status, c.status)}
        for c in await tournament.categories(competition_id=competition_id)
        if c.status != "cancelled"
    ]
    return _page("schedule", request, competition=competition, fields=fields, categories=categories)


@get("/deck/{fop_id:int}", opt=PUBLIC)
async def deck_page(request: Request[Any, Any, Any], tournament: NamedDependency[OrderService], fop_id: FromPath[int]) -> Template:
    fop = await tournament.competitions.fop(fop_id)
    rows = _deck_rows(tournament, (await tournament.deck(fop_id))[:6], request)
    return _page("deck", request, fop=fop, rows=rows)


tournaments_pages = Router(
    path="/",
    route_handlers=[
        index,
        category_page,
        register_page,
        register_athletes,
        weigh_in_page,
        order_page,
        change_page,
        bracket_page,
        schedule_page,
        deck_page,
    ],
    dependencies=dependencies,
)

__all__ = ["tournaments_pages", "DECISION_VI", "OFF_MAT"]
