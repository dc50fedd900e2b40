"""Officials of a competition: the manager's JSON API and page (``tournaments/officials.py``).

The page works without a script: a name search lists people to pick, the accounts, fields and
sessions are lists, and each change is a form that comes back to the page. Every handler carries
its own guard (a controller-level guard would also apply to every handler under it).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import msgspec
from litestar import Request, Router, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from athletes.service import PeopleService
from base.accounts.models import Role, User
from base.accounts.service import AccountService
from base.auth import current_user, requires_role
from base.db import AsyncSession
from base.i18n import CURRENT_LANGUAGE
from tournaments.labels import labeller
from tournaments.officials import ROLES_VI, Conflict, OfficialForm, OfficialRefused, OfficialRow, OfficialsService

MANAGER = [requires_role(Role.MANAGER)]


class OfficialIn(msgspec.Struct, forbid_unknown_fields=True):
    person_id: int
    role: str
    username: str = ""
    fop_id: int | None = None
    session_id: int | None = None


def provide_officials(
    db_session: NamedDependency[AsyncSession], accounts: NamedDependency[AccountService], request: Request[Any, Any, Any]
) -> OfficialsService:
    return OfficialsService(db_session, request.user if isinstance(request.scope.get("user"), User) else None, accounts)


def _form(data: OfficialIn) -> OfficialForm:
    return OfficialForm(data.person_id, data.role, data.username.strip(), data.fop_id, data.session_id)


def _row(r: OfficialRow) -> dict[str, Any]:
    return asdict(r)


def _conflict(c: Conflict) -> dict[str, Any]:
    return asdict(c)


# ---- JSON API --------------------------------------------------------------------------------
@get("/api/tournaments/competitions/{competition_id:int}/officials", guards=MANAGER, tags=["tournaments"])
async def list_officials(competition_id: FromPath[int], officials: NamedDependency[OfficialsService]) -> list[dict[str, Any]]:
    await officials.competition(competition_id)
    return [_row(r) for r in await officials.rows(competition_id)]


@post("/api/tournaments/competitions/{competition_id:int}/officials", guards=MANAGER, tags=["tournaments"])
async def assign_official(
    competition_id: FromPath[int], data: JSONBody[OfficialIn], officials: NamedDependency[OfficialsService]
) -> dict[str, Any]:
    made = await officials.assign(competition_id, _form(data))
    return next(_row(r) for r in await officials.rows(competition_id) if r.id == made.id)


@put("/api/tournaments/officials/{official_id:int}", guards=MANAGER, tags=["tournaments"])
async def change_official(
    official_id: FromPath[int], data: JSONBody[OfficialIn], officials: NamedDependency[OfficialsService]
) -> dict[str, Any]:
    changed = await officials.change(official_id, _form(data))
    return next(_row(r) for r in await officials.rows(changed.competition_id) if r.id == changed.id)


@delete("/api/tournaments/officials/{official_id:int}", guards=MANAGER, tags=["tournaments"], status_code=204)
async def remove_official(official_id: FromPath[int], officials: NamedDependency[OfficialsService]) -> None:
    await officials.remove(official_id)


@get("/api/tournaments/competitions/{competition_id:int}/officials/conflicts", guards=MANAGER, tags=["tournaments"])
async def official_conflicts(competition_id: FromPath[int], officials: NamedDependency[OfficialsService]) -> list[dict[str, Any]]:
    await officials.competition(competition_id)
    return [_conflict(c) for c in await officials.conflicts(competition_id)]


# ---- the manager's page ------------------------------------------------------------------------
async def _page(
    request: Request[User, Any, Any], officials: OfficialsService, competition_id: int, q: str = "", error: str = "", status: int = 200
) -> Template:
    competition = await officials.competition(competition_id)
    people = PeopleService(officials.session, request.user)
    found = (await people.people(q=q, per_page=20)).items if q.strip() else []
    return Template(
        "tournaments/officials.html",
        context={
            "user": current_user(request),
            "label": labeller(request.app.state.translations.gettext),
            "competition": competition,
            "officials": await officials.rows(competition_id),
            "conflicts": await officials.conflicts(competition_id),
            "roles": ROLES_VI,
            "fops": await officials.scoring.fops(competition_id),
            "sessions": await officials.sessions(competition_id),
            "accounts": await officials.users(),
            "q": q,
            "found": found,
            "error": error,
        },
        status_code=status,
    )


def _number(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


async def _posted(request: Request[User, Any, Any]) -> tuple[OfficialForm | None, dict[str, Any]]:
    form = dict(await request.form())
    person = _number(form.get("person_id"))
    if person is None:
        return None, form
    return OfficialForm(
        person,
        str(form.get("role", "")),
        str(form.get("username", "")).strip(),
        _number(form.get("fop_id")),
        _number(form.get("session_id")),
    ), form


@get("/tournaments/officials/{competition_id:int}", guards=MANAGER, include_in_schema=False)
async def officials_page(
    request: Request[User, Any, Any], competition_id: FromPath[int], officials: NamedDependency[OfficialsService], q: FromQuery[str] = ""
) -> Template:
    return await _page(request, officials, competition_id, q)


@post("/tournaments/officials/{competition_id:int}", guards=MANAGER, include_in_schema=False)
async def officials_assign_page(
    request: Request[User, Any, Any], competition_id: FromPath[int], officials: NamedDependency[OfficialsService]
) -> Template | Redirect:
    form, raw = await _posted(request)
    if form is None:
        return await _page(
            request,
            officials,
            competition_id,
            str(raw.get("q", "")),
            request.app.state.translations.gettext("Search for a person by name and pick one."),
            400,
        )
    try:
        await officials.assign(competition_id, form)
    except OfficialRefused as exc:
        return await _page(request, officials, competition_id, str(raw.get("q", "")), exc.message(CURRENT_LANGUAGE.get()), 400)
    return Redirect(f"/tournaments/officials/{competition_id}", status_code=303)


@post("/tournaments/officials/{competition_id:int}/{official_id:int}", guards=MANAGER, include_in_schema=False)
async def officials_change_page(
    request: Request[User, Any, Any],
    competition_id: FromPath[int],
    official_id: FromPath[int],
    officials: NamedDependency[OfficialsService],
) -> Template | Redirect:
    form, _ = await _posted(request)
    try:
        if form is None:
            raise OfficialRefused(detail="thiếu người được phân công")
        await officials.change(official_id, form)
    except OfficialRefused as exc:
        return await _page(request, officials, competition_id, "", exc.message(CURRENT_LANGUAGE.get()), 400)
    return Redirect(f"/tournaments/officials/{competition_id}", status_code=303)


@post("/tournaments/officials/{competition_id:int}/{official_id:int}/remove", guards=MANAGER, include_in_schema=False)
async def officials_remove_page(
    competition_id: FromPath[int], official_id: FromPath[int], officials: NamedDependency[OfficialsService]
) -> Redirect:
    back = await officials.remove(official_id)
    return Redirect(f"/tournaments/officials/{back or competition_id}", status_code=303)


tournaments_officials = Router(
    path="/",
    route_handlers=[
        list_officials,
        assign_official,
        change_official,
        remove_official,
        official_conflicts,
        officials_page,
        officials_assign_page,
        officials_change_page,
        officials_remove_page,
    ],
    dependencies={"officials": Provide(provide_officials, sync_to_thread=False)},
)
