"""Scoring pages: judge tablet, scoreboard, head-referee console, public live results, back office."""

from __future__ import annotations

import json
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from athletes.service import create_athlete, list_athletes
from base.accounts.models import Role, User
from base.auth import current_user, requires_role
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.errors import ArenaError
from base.i18n import CURRENT_LANGUAGE
from scoring.api import OFFICIALS
from scoring.deps import dependencies
from scoring.live.hub import LiveHub
from scoring.pairing import PairingService
from scoring.rules import input_spec, list_rulesets
from scoring.rules.explanation import METHODS, method_text, shown_lines
from scoring.schemas import CompetitionCreate, ContestCreate, EntryCreate, FieldOfPlayCreate, PanelCreate, SportEventCreate
from scoring.service import CompetitionService
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
    binding = await pairing.binding_for_token(request.cookies.get(SEAT_COOKIE))
    if binding is None:
        return Template("scoring/pair.html", context={"code": code, "key": key, "error": None, "user": current_user(request)})
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


@get("/scoreboard", opt={"public": True})
async def scoreboard_index(competitions: NamedDependency[CompetitionService], request: Request[Any, Any, Any]) -> Template:
    return Template(
        "scoring/fields.html", context={"fops": await competitions.fops(), "target": "/scoreboard", "user": current_user(request)}
    )


@get("/scoreboard/{fop_id:int}", opt={"public": True})
async def scoreboard(fop_id: FromPath[int], competitions: NamedDependency[CompetitionService], request: Request[Any, Any, Any]) -> Template:
    return Template("scoring/scoreboard.html", context={"fop": await competitions.fop(fop_id), "labels": ruleset_labels(request)})


@get("/referee", guards=[requires_role(*OFFICIALS)])
async def referee_index(competitions: NamedDependency[CompetitionService], request: Request[Any, Any, Any]) -> Template:
    return Template("scoring/fields.html", context={"fops": await competitions.fops(), "target": "/referee", "user": current_user(request)})


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


async def _admin_context(competitions: CompetitionService, db_session: AsyncSession) -> dict[str, Any]:
    fops = await competitions.fops()
    return {
        "competitions": await competitions.competitions(),
        "events": await competitions.events(),
        "fops": fops,
        "panels": await competitions.panels(),
        "contests": await competitions.contests(),
        "athletes": await list_athletes(db_session),
        "rulesets": list_rulesets(),
    }


@get("/admin", guards=[requires_role(Role.MANAGER)])
async def admin(
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    request: Request[Any, Any, Any],
    done: FromQuery[str] = "",
) -> Template:
    context = await _admin_context(competitions, db_session)
    return Template("scoring/admin.html", context={**context, "user": current_user(request), "error": None, "done": done})


FORMS: dict[str, type[msgspec.Struct]] = {
    "competition": CompetitionCreate,
    "event": SportEventCreate,
    "fop": FieldOfPlayCreate,
    "panel": PanelCreate,
    "entry": EntryCreate,
    "contest": ContestCreate,
}


def _form_struct(kind: str, form: dict[str, Any]) -> msgspec.Struct:
    """Turn a urlencoded form into the API's request shape; empty fields are left out."""
    values: dict[str, Any] = {k: v for k, v in form.items() if k != "_csrf_token" and v not in ("", None)}
    if kind == "panel":
        values["seats"] = [s.strip() for s in str(values.get("seats", "")).split(",") if s.strip()]
    if kind == "contest" and "params" in values:
        values["params"] = json.loads(values["params"])
    return msgspec.convert(values, FORMS[kind], strict=False)


@post("/admin/{kind:str}", guards=[requires_role(Role.MANAGER)])
async def admin_create(
    kind: FromPath[str],
    request: Request[User, Any, Any],
    competitions: NamedDependency[CompetitionService],
    db_session: NamedDependency[AsyncSession],
    hub: NamedDependency[LiveHub],
) -> Template | Redirect:
    form = dict(await request.form())
    lang = CURRENT_LANGUAGE.get()
    try:
        if kind == "athlete":
            await create_athlete(
                db_session, str(form.get("full_name", "")), team=str(form.get("team", "")), gender=str(form.get("gender", ""))
            )
            await db_session.commit()
        elif kind in FORMS:
            data = _form_struct(kind, form)
            create = getattr(competitions, f"create_{kind}")
            row = await create(data)
            if kind == "contest":
                await hub.open_contest(row.id, request.user.username)
        else:
            raise ArenaError(f"unknown form {kind}")
    except (ArenaError, msgspec.ValidationError, ValueError) as exc:
        message = (
            exc.message(lang)
            if isinstance(exc, ArenaError)
            else (f"Dữ liệu không hợp lệ: {exc}" if lang == "vi" else f"Invalid input: {exc}")
        )
        context = await _admin_context(competitions, db_session)
        return Template(
            "scoring/admin.html", context={**context, "user": request.user, "error": message, "done": "", "form": kind}, status_code=400
        )
    return Redirect(f"/admin?done={kind}", status_code=303)


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
        admin_create,
    ],
    dependencies=dependencies,
    include_in_schema=False,
)
