"""Scoring pages: judge tablet, scoreboard, head-referee console, public live results, back office."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from athletes.service import athlete_cards, create_athlete, list_athletes
from base.accounts.models import Role, User
from base.auth import current_user, requires_role
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.errors import ArenaError, NotFound
from base.i18n import CURRENT_LANGUAGE
from scoring.api import OFFICIALS, cancel_row, tell_screens_edited
from scoring.deps import dependencies
from scoring.live.hub import LiveHub
from scoring.models import Entry
from scoring.pairing import PairingService
from scoring.rules import input_spec, list_rulesets, load_ruleset
from scoring.rules.explanation import METHODS, method_text, shown_lines
from scoring.schemas import (
    CompetitionCreate,
    CompetitionUpdate,
    ContestCreate,
    ContestUpdate,
    EntryCreate,
    EntryUpdate,
    FieldOfPlayCreate,
    FieldOfPlayUpdate,
    PanelCreate,
    PanelUpdate,
    SportEventCreate,
    SportEventUpdate,
)
from scoring.service import FIELDS, CompetitionService, bad, param_fields, text_field, two_sided
from scoring.sockets import SEAT_COOKIE


def ruleset_labels(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Every button, penalty and component label of every rule set, in the reader's language."""
    translations = request.app.state.translations
    labels: dict[str, str] = {}
    for ruleset in list_rulesets():
        spec = input_spec(ruleset)
        labels[ruleset.name] = translations.gettext(ruleset.name)
        for item in [*spec.get("buttons", []), *spec.get("penalties", []), *spec.get("components", [])]:
            label = item.get("label")
            if label:
                labels[label] = translations.gettext(label)
    lang = CURRENT_LANGUAGE.get()
    labels.update({method: method_text(method, lang) for method in METHODS})  # how a bout was won
    return labels


@get("/judge", opt={"public": True, "auth": "seat binding cookie"})
async def judge_page(
    request: Request[Any, Any, Any], pairing: NamedDependency[PairingService], code: FromQuery[str] = "", key: FromQuery[str] = ""
) -> Template:
    token = request.cookies.get(SEAT_COOKIE)
    binding = await pairing.binding_for_token(token)
    if binding is None:
        waiting = None if code else await pairing.binding_for_token(token, pending=True)
        context = {"code": code, "key": key, "error": None, "user": current_user(request), "waiting": waiting}
        return Template("scoring/pair.html", context=context)
    return Template("scoring/judge.html", context={"binding": binding, "user": current_user(request), "labels": ruleset_labels(request)})


class PairForm(msgspec.Struct):
    code: str = ""
    label: str = ""
    key: str = ""  # from the scanned QR code


@post("/judge/pair", opt={"public": True})
async def judge_pair(
    data: Annotated[PairForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    pairing: NamedDependency[PairingService],
    clock: NamedDependency[Clock],
    hub: NamedDependency[LiveHub],
    request: Request[Any, Any, Any],
) -> Template | Redirect:
    try:
        address = request.client.host if request.client else ""
        _binding, token = await pairing.redeem(data.code, data.label, clock(), key=data.key, address=address)
        hub.bindings_changed()
    except ArenaError as exc:
        context = {"code": data.code, "key": "", "error": exc.message(CURRENT_LANGUAGE.get()), "user": current_user(request)}
        return Template("scoring/pair.html", context=context, status_code=exc.status)
    response = Redirect("/judge", status_code=303)
    response.set_cookie(SEAT_COOKIE, token, httponly=True, samesite="lax", max_age=7 * 24 * 3600)
    return response


async def _field_list(competitions: CompetitionService, target: str, request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The fields of play a person can open: named with their competition and kind, none that was cancelled."""
    comps = _open_rows(await competitions.competitions())
    held = {row_id(c) for c in comps}
    return {
        "fops": [f for f in _open_rows(await competitions.fops()) if f.competition_id in held],
        "comp_name": {row_id(c): c.name for c in comps},
        "fop_kinds": FOP_KINDS,
        "target": target,
        "user": current_user(request),
    }


@get("/scoreboard", opt={"public": True})
async def scoreboard_index(competitions: NamedDependency[CompetitionService], request: Request[Any, Any, Any]) -> Template:
    return Template("scoring/fields.html", context=await _field_list(competitions, "/scoreboard", request))


@get("/scoreboard/{fop_id:int}", opt={"public": True})
async def scoreboard(fop_id: FromPath[int], competitions: NamedDependency[CompetitionService], request: Request[Any, Any, Any]) -> Template:
    return Template("scoring/scoreboard.html", context={"fop": await competitions.fop(fop_id), "labels": ruleset_labels(request)})


@get("/referee", guards=[requires_role(*OFFICIALS)])
async def referee_index(competitions: NamedDependency[CompetitionService], request: Request[Any, Any, Any]) -> Template:
    return Template("scoring/fields.html", context=await _field_list(competitions, "/referee", request))


@get("/referee/{fop_id:int}", guards=[requires_role(*OFFICIALS)])
async def referee_console(
    fop_id: FromPath[int], competitions: NamedDependency[CompetitionService], request: Request[Any, Any, Any]
) -> Template:
    fop = await competitions.fop(fop_id)
    return Template(
        "scoring/referee.html",
        context={
            "fop": fop,
            "contests": await competitions.contests(fop_id=fop_id),
            "user": current_user(request),
            "labels": ruleset_labels(request),
        },
    )


RECENT_RESULTS = 50  # the live page lists the latest results; older ones stay at /live/contest/<id>


@get("/live", opt={"public": True})
async def live(
    competitions: NamedDependency[CompetitionService], hub: NamedDependency[LiveHub], request: Request[Any, Any, Any]
) -> Template:
    fields = []
    for fop in await competitions.fops():
        view = await hub.view(row_id(fop))
        fields.append(view)
    results = []
    ended = [c for c in await competitions.contests() if c.status == "ended"]
    for contest in ended[-RECENT_RESULTS:]:
        if contest.status == "ended":
            rt = await hub.runtime(row_id(contest))
            results.append({"info": rt.info, "score": rt.score.as_dict() if rt.score else None})
    return Template("scoring/live.html", context={"fields": fields, "results": results, "user": current_user(request)})


@get("/live/contest/{contest_id:int}", opt={"public": True})
async def live_contest(contest_id: FromPath[int], hub: NamedDependency[LiveHub], request: Request[Any, Any, Any]) -> Template:
    rt = await hub.runtime(contest_id)
    translations, lang = request.app.state.translations, CURRENT_LANGUAGE.get()
    score = rt.score.as_dict() if rt.score else None
    return Template(
        "scoring/contest.html",
        context={
            "info": rt.info,
            "ruleset_name": translations.gettext(rt.ruleset.name),
            "method": method_text(score.get("method"), lang) if score else "",
            "envelope": rt.envelope.as_dict(),
            "score": score,
            "lines": shown_lines(rt.score.explanation, rt.ruleset, lang, translations.gettext) if rt.score else [],
            "head": rt.head,
            "user": current_user(request),
        },
    )


# ---- back office ----------------------------------------------------------------------------
# /admin is the competitions' list; /admin/<section> the others'. Each row has Edit and Cancel; a
# form picks every record from a list (never an id typed); the contest form first picks its event.

SECTIONS = ("competitions", "events", "fops", "panels", "entries", "contests")
KIND_OF = {"competitions": "competition", "events": "event", "fops": "fop", "panels": "panel", "entries": "entry", "contests": "contest"}
SECTION_OF = {kind: section for section, kind in KIND_OF.items()}
SPORTS = {  # a rule set's sport -> its English msgid (Vietnamese in scoring.po)
    "boxing": "Boxing",
    "diving": "Diving",
    "figure-skating": "Figure skating",
    "gymnastics": "Gymnastics",
    "karate": "Karate",
    "pencak-silat": "Pencak silat",
    "taekwondo": "Taekwondo",
    "vovinam": "Vovinam",
    "wushu": "Wushu",
}
LEVELS = {"city": "City level", "national": "National level", "international": "International level"}
FOP_KINDS = {"mat": "Mat", "ring": "Ring", "board": "Board", "floor": "Floor"}
STATUSES = {"scheduled": "not started", "running": "in progress", "ended": "finished", "cancelled": "cancelled"}
ADMIN = [requires_role(Role.MANAGER)]


def _day(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


ISO_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")


def _shown(field: str, value: Any, look: dict[str, Any], gettext: Any) -> str:
    """A value of the audit log as a person reads it: names for the records it points at, words for
    codes, dd/mm/yyyy for days."""
    names = {
        "level": {k: gettext(v) for k, v in LEVELS.items()},
        "kind": {k: gettext(v) for k, v in FOP_KINDS.items()},
        "ruleset_id": look["ruleset_name"],
        "sport": look["sport_name"],
        "fop_id": look["fop_name"],
        "panel_id": look["panel_name"],
        "red_entry_id": look["person"],
        "blue_entry_id": look["person"],
    }.get(field)
    if value is None or value == "":
        return "—"
    if names is not None:
        return str(names.get(value, "—"))
    if field == "params" and isinstance(value, str):
        params = json.loads(value or "{}")
        return "; ".join(f"{FIELDS[k][0] if CURRENT_LANGUAGE.get() == 'vi' else FIELDS[k][1]} {params[k]}" for k in PARAMS if k in params)
    day = ISO_DAY.match(str(value))
    return f"{day.group(3)}/{day.group(2)}/{day.group(1)}" if day else str(value)


def _cancel_reason(contest: Any) -> str:
    return str(json.loads(contest.params or "{}").get("cancelled_because", ""))


def _open_rows(rows: list[Any]) -> list[Any]:
    """The rows a picker offers: not cancelled."""
    return [r for r in rows if getattr(r, "cancelled_at", None) is None and getattr(r, "status", "") != "cancelled"]


async def _lookups(competitions: CompetitionService, db_session: AsyncSession, request: Request[Any, Any, Any]) -> dict[str, Any]:
    """Every back-office record with the names a person reads, for the lists and the pickers."""
    gettext = request.app.state.translations.gettext
    comps, events, fops, panels = (
        await competitions.competitions(),
        await competitions.events(),
        await competitions.fops(),
        await competitions.panels(),
    )
    entries = await competitions.entries()
    cards = await athlete_cards(db_session, [e.athlete_id for e in entries])
    comp_name = {row_id(c): c.name for c in comps}
    fop_name = {row_id(f): f.name for f in fops}
    rulesets = {r.id: r for r in list_rulesets()}

    def person(entry: Entry | None) -> str:
        if entry is None:
            return ""
        card = cards.get(entry.athlete_id)
        name = f"{card.full_name} — {card.team}" if card and card.team else (card.full_name if card else "")
        return f"{name} ({entry.bib})" if entry.bib else name

    entry_by_id = {row_id(e): e for e in entries}
    return {
        "competitions": comps,
        "events": events,
        "fops": fops,
        "panels": panels,
        "entries": entries,
        "comp_name": comp_name,
        "event_name": {row_id(e): e.name for e in events},
        "fop_name": fop_name,
        "panel_name": {row_id(p): f"{fop_name.get(p.fop_id, '')} — {p.name}" for p in panels},
        "person": {i: person(e) for i, e in entry_by_id.items()},
        "athlete_name": {i: (cards[e.athlete_id].full_name if e.athlete_id in cards else "") for i, e in entry_by_id.items()},
        "team_name": {i: (cards[e.athlete_id].team if e.athlete_id in cards else "") for i, e in entry_by_id.items()},
        "ruleset_name": {rid: gettext(r.name) for rid, r in rulesets.items()},
        "rulesets_by_sport": [
            (gettext(SPORTS.get(sport, sport)), [(r.id, gettext(r.name)) for r in rulesets.values() if r.sport == sport])
            for sport in sorted({r.sport for r in rulesets.values()})
        ],
        "sport_name": {sport: gettext(label) for sport, label in SPORTS.items()},
        "open": {
            "competitions": _open_rows(comps),
            "events": _open_rows(events),
            "fops": _open_rows(fops),
            "panels": [p for p in _open_rows(panels) if p.fop_id in {row_id(f) for f in _open_rows(fops)}],
        },
        "levels": LEVELS,
        "fop_kinds": FOP_KINDS,
        "statuses": STATUSES,
        "day": _day,
    }


async def _contest_choices(competitions: CompetitionService, event: Any) -> dict[str, Any]:
    """What a contest of ``event`` is given: its entries to pick from, one or two sides, the rule set's parameters."""
    ruleset = load_ruleset(event.ruleset_id)
    entries = _open_rows(await competitions.entries(row_id(event)))
    return {"event": event, "entries": entries, "two": two_sided(ruleset), "param_fields": param_fields(ruleset)}


async def _contest_form(competitions: CompetitionService, look: dict[str, Any], event_id: int | None) -> dict[str, Any]:
    """The new-contest form's second step, once its event is picked (an open one)."""
    event = next((e for e in look["open"]["events"] if e.id == event_id), None)
    return {"event": None} if event is None else await _contest_choices(competitions, event)


def _admin_page(section: str, look: dict[str, Any], request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    return {
        **look,
        "section": section,
        "sections": SECTIONS,
        "user": current_user(request),
        "error": None,
        "done": "",
        "values": {},
        "cancel_reasons": {},
        "field_names": {k: v[0] if CURRENT_LANGUAGE.get() == "vi" else v[1] for k, v in FIELDS.items()},
        **extra,
    }


async def _section_page(
    section: str,
    competitions: CompetitionService,
    db_session: AsyncSession,
    request: Request[Any, Any, Any],
    *,
    event_id: int | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Template:
    if section not in SECTIONS:
        raise NotFound("trang", detail=section)
    look = await _lookups(competitions, db_session, request)
    context = _admin_page(section, look, request, **extra)
    if section == "entries":
        context["athletes"] = await list_athletes(db_session)
    if section == "contests":
        context["contests"] = await competitions.contests()
        context["cancel_reasons"] = {c.id: _cancel_reason(c) for c in context["contests"]}
        context["new"] = await _contest_form(competitions, look, event_id)
    return Template("scoring/admin.html", context=context, status_code=status_code)


@get("/admin", guards=ADMIN)
async def admin(
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    request: Request[Any, Any, Any],
    done: FromQuery[str] = "",
) -> Template:
    return await _section_page("competitions", competitions, db_session, request, done=done)


@get("/admin/{kind:str}", guards=ADMIN)
async def admin_section(
    kind: FromPath[str],
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    request: Request[Any, Any, Any],
    done: FromQuery[str] = "",
    event_id: FromQuery[int | None] = None,
) -> Template:
    return await _section_page(kind, competitions, db_session, request, done=done, event_id=event_id)


FORMS: dict[str, type[msgspec.Struct]] = {
    "competition": CompetitionCreate,
    "event": SportEventCreate,
    "fop": FieldOfPlayCreate,
    "panel": PanelCreate,
    "entry": EntryCreate,
    "contest": ContestCreate,
}
UPDATES: dict[str, type[msgspec.Struct]] = {
    "competition": CompetitionUpdate,
    "event": SportEventUpdate,
    "fop": FieldOfPlayUpdate,
    "panel": PanelUpdate,
    "entry": EntryUpdate,
    "contest": ContestUpdate,
}
PARAMS = ("dd", "dive_code", "round_seconds")
NUMBERS = ("order", "round_seconds", "competition_id", "event_id", "fop_id", "panel_id", "athlete_id", "red_entry_id", "blue_entry_id")
FIELD_AT = re.compile(r"\$\.(\w+)")
MISSING = re.compile(r"missing required field `(\w+)`")


def _form_struct(kind: str, form: dict[str, Any], shape: type[msgspec.Struct]) -> msgspec.Struct:
    """Turn a urlencoded form into the API's request shape: empty fields are left out (a picker's
    "none" clears a side of an edited contest), numbers are read here, and a value the shape refuses
    is named by its field in the reader's language."""
    values: dict[str, Any] = {}
    for key, raw in form.items():
        value = str(raw).strip()
        if key == "_csrf_token" or key not in shape.__struct_fields__ and key not in PARAMS:
            continue
        if value == "":
            if key in ("red_entry_id", "blue_entry_id") and shape is ContestUpdate:
                values[key] = None
            continue
        if key in NUMBERS:
            if not value.isdigit() or len(value) > 18:
                raise bad(key, "phải là một số nguyên", "must be a whole number")
            values[key] = int(value)
        else:
            values[key] = value
    if kind == "panel" and "seats" in values:
        values["seats"] = [s.strip() for s in str(values["seats"]).split(",") if s.strip()]
    if kind == "contest":
        params = {k: values.pop(k) for k in PARAMS if k in values}
        if params or any(k in form for k in PARAMS):
            values["params"] = params
    if kind == "event" and shape is SportEventCreate:
        values.setdefault("sport", "")  # the rule set's
    try:
        return msgspec.convert(values, shape, strict=False)
    except msgspec.ValidationError as exc:
        missing = MISSING.search(str(exc))
        if missing:
            raise bad(missing.group(1), "chưa điền hoặc chưa chọn", "is missing") from None
        at = FIELD_AT.search(str(exc))
        raise bad(at.group(1) if at else "name", "không đúng định dạng", f"is not valid ({exc})") from None


async def _contest_fop(competitions: CompetitionService, data: msgspec.Struct) -> msgspec.Struct:
    """The contest form picks a panel ("Thảm 1 — Tổ A"); its field is the panel's."""
    panel_id = getattr(data, "panel_id", msgspec.UNSET)
    if isinstance(panel_id, int):
        return msgspec.structs.replace(data, fop_id=(await competitions.panel(panel_id)).fop_id)
    return data


@post("/admin/{kind:str}", guards=ADMIN)
async def admin_create(
    kind: FromPath[str],
    request: Request[User, Any, Any],
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    hub: NamedDependency[LiveHub],
) -> Template | Redirect:
    if kind != "athlete" and kind not in FORMS:
        raise NotFound("trang", detail=kind)
    form = dict(await request.form())
    section = "entries" if kind == "athlete" else SECTION_OF[kind]
    try:
        if kind == "athlete":
            await create_athlete(
                db_session,
                text_field(str(form.get("full_name", "")), "name"),
                team=str(form.get("team", "")),
                gender=str(form.get("gender", "")),
            )
            await db_session.commit()
        elif kind in FORMS:
            if kind == "contest":
                form.setdefault("fop_id", "0")
                data = await _contest_fop(competitions, _form_struct(kind, form, ContestCreate))
                row: Any = await competitions.create_contest(data, complete=True)  # type: ignore[arg-type]
                await hub.open_contest(row_id(row), request.user.username)
            else:
                await getattr(competitions, f"create_{kind}")(_form_struct(kind, form, FORMS[kind]))
    except (ArenaError, ValueError) as exc:
        await db_session.rollback()
        message = exc.message(CURRENT_LANGUAGE.get()) if isinstance(exc, ArenaError) else str(exc)
        event_id = int(form["event_id"]) if kind == "contest" and str(form.get("event_id", "")).isdigit() else None
        return await _section_page(
            section,
            competitions,
            db_session,
            request,
            event_id=event_id,
            status_code=exc.status if isinstance(exc, ArenaError) else 400,
            error=message,
            values=form,
            form=kind,
        )
    suffix = f"?done={kind}" if kind != "contest" else f"?done={kind}&event_id={form.get('event_id', '')}"
    return Redirect(_list_url(kind, "") + suffix, status_code=303)


def _list_url(kind: str, done: str) -> str:
    """The list a kind's form goes back to (the competitions' is /admin), with what was done."""
    url = "/admin" if kind == "competition" else f"/admin/{SECTION_OF.get(kind, 'entries')}"
    return f"{url}?done={done}" if done else url


def _values(kind: str, row: Any) -> dict[str, Any]:
    """A row as its edit form's values."""
    values = {name: getattr(row, name) for name in UPDATES[kind].__struct_fields__ if hasattr(row, name)}
    if kind == "competition":
        values.update(starts_on=row.starts_on.isoformat() if row.starts_on else "", ends_on=row.ends_on.isoformat() if row.ends_on else "")
    if kind == "contest":
        values.update({k: v for k, v in json.loads(row.params or "{}").items() if k in PARAMS})
    return {k: ("" if v is None else v) for k, v in values.items()}


async def _edit_page(
    kind: str,
    row_id_: int,
    competitions: CompetitionService,
    db_session: AsyncSession,
    request: Request[Any, Any, Any],
    *,
    template: str = "scoring/admin_edit.html",
    status_code: int = 200,
    **extra: Any,
) -> Template:
    if kind not in KIND_OF.values():
        raise NotFound("trang", detail=kind)
    row = await competitions.row(kind, row_id_)
    look = await _lookups(competitions, db_session, request)
    context = _admin_page(SECTION_OF[kind], look, request, kind=kind, row=row, values=_values(kind, row), **extra)
    if kind == "contest":
        event = next(e for e in look["events"] if e.id == row.event_id)
        context["new"] = {**await _contest_choices(competitions, event), "logged": await competitions.has_log(row_id(row))}
        context["cancel_reasons"] = {row.id: _cancel_reason(row)}
    zone = request.app.state.clock
    gettext = request.app.state.translations.gettext
    if kind == "entry":
        context["title"] = look["person"].get(row_id_, "")
    elif kind == "contest":
        sides = " – ".join(look["person"].get(e, "") for e in (row.red_entry_id, row.blue_entry_id) if e is not None)
        context["title"] = " · ".join(t for t in (row.label, sides) if t) or gettext("Contest")
    else:
        context["title"] = row.name
    context["history"] = [
        {
            "at": zone.local(h.at).strftime("%d/%m/%Y %H:%M"),
            "actor": h.actor,
            "action": h.action,
            "detail": {
                field: [_shown(field, v, look, gettext) for v in change] if isinstance(change, list) else change
                for field, change in json.loads(h.detail).items()
            },
        }
        for h in await competitions.history(kind, row_id_)
    ]
    return Template(template, context=context, status_code=status_code)


@get("/admin/{kind:str}/{row_id_:int}/edit", guards=ADMIN)
async def admin_edit(
    kind: FromPath[str],
    row_id_: FromPath[int],
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    request: Request[Any, Any, Any],
) -> Template:
    return await _edit_page(kind, row_id_, competitions, db_session, request)


@post("/admin/{kind:str}/{row_id_:int}", guards=ADMIN)
async def admin_update(
    kind: FromPath[str],
    row_id_: FromPath[int],
    request: Request[User, Any, Any],
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    hub: NamedDependency[LiveHub],
) -> Template | Redirect:
    form = dict(await request.form())
    if kind not in UPDATES:
        raise NotFound("trang", detail=kind)
    row = await competitions.row(kind, row_id_)
    try:
        data = _form_struct(kind, form, UPDATES[kind])
        fop_before = row.fop_id if kind == "contest" else None
        if kind == "contest":
            data = await _contest_fop(competitions, data)
        await getattr(competitions, f"update_{kind}")(row_id_, data, actor=request.user)
        await tell_screens_edited(hub, competitions, kind, row_id_, fop_before)
    except ArenaError as exc:
        await db_session.rollback()
        page = await _edit_page(
            kind, row_id_, competitions, db_session, request, status_code=exc.status, error=exc.message(CURRENT_LANGUAGE.get())
        )
        page.context["values"] = {**page.context["values"], **{k: v for k, v in form.items() if k != "_csrf_token"}}
        return page
    return Redirect(_list_url(kind, "saved"), status_code=303)


@get("/admin/{kind:str}/{row_id_:int}/cancel", guards=ADMIN)
async def admin_cancel_form(
    kind: FromPath[str],
    row_id_: FromPath[int],
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    request: Request[Any, Any, Any],
) -> Template:
    return await _edit_page(kind, row_id_, competitions, db_session, request, template="scoring/admin_cancel.html")


@post("/admin/{kind:str}/{row_id_:int}/cancel", guards=ADMIN)
async def admin_cancel(
    kind: FromPath[str],
    row_id_: FromPath[int],
    request: Request[User, Any, Any],
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    hub: NamedDependency[LiveHub],
    clock: NamedDependency[Clock],
) -> Template | Redirect:
    form = dict(await request.form())
    if kind not in UPDATES:
        raise NotFound("trang", detail=kind)
    try:
        await cancel_row(kind, row_id_, str(form.get("reason", "")), competitions, hub, request.user, clock)
    except ArenaError as exc:
        await db_session.rollback()
        return await _edit_page(
            kind,
            row_id_,
            competitions,
            db_session,
            request,
            template="scoring/admin_cancel.html",
            status_code=exc.status,
            error=exc.message(CURRENT_LANGUAGE.get()),
        )
    return Redirect(_list_url(kind, "cancelled"), status_code=303)


scoring_pages = Router(
    path="/",
    route_handlers=[
        judge_page,
        judge_pair,
        scoreboard_index,
        scoreboard,
        referee_index,
        referee_console,
        live,
        live_contest,
        admin,
        admin_section,
        admin_create,
        admin_edit,
        admin_update,
        admin_cancel_form,
        admin_cancel,
    ],
    dependencies=dependencies,
    include_in_schema=False,
)
