"""Back-office pages of the athletes domain: people and teams, imports, payments, equipment, search,
and the printable athlete profile. Forms post back here; a refused form is shown again with a
message beside each bad field (Vietnamese by default).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from athletes import forms, views
from athletes.api import optional_team
from athletes.deps import dependencies
from athletes.documents import vnd
from athletes.equipment import EquipmentService
from athletes.errors import AthletesError, FileRejected, RecordInvalid
from athletes.imports import ImportService
from athletes.payments import GROUPS, PaymentService
from athletes.schemas import CONDITIONS, LEVELS
from athletes.search import search
from athletes.service import PeopleService
from base.accounts.models import Role, User
from base.auth import requires_role
from base.i18n import CURRENT_LANGUAGE
from base.settings import Settings

PEOPLE = [requires_role(Role.MANAGER)]
PAYMENTS = [requires_role(Role.ACCOUNTANT)]
EQUIPMENT = [requires_role(Role.EQUIPMENT_KEEPER)]
ANY_BACK_OFFICE = [requires_role(Role.MANAGER, Role.ACCOUNTANT, Role.EQUIPMENT_KEEPER)]
TOKEN = re.compile(r"^[0-9a-f]{64}\.(csv|xlsx)$")


def _page(name: str, request: Request[Any, Any, Any], status: int = 200, /, **context: Any) -> Template:
    """A page; ``status`` is positional so a context value named "status" (the equipment filter) is just context."""
    label = views.labeller(CURRENT_LANGUAGE.get())
    return Template(
        f"athletes/{name}.html", context={"user": request.user, "vnd": vnd, "levels": LEVELS, "label": label, **context}, status_code=status
    )


def _failure(exc: AthletesError) -> dict[str, Any]:
    lang = CURRENT_LANGUAGE.get()
    fields = {f: (vi if lang == "vi" else en) for f, vi, en in exc.problems} if isinstance(exc, RecordInvalid) else {}
    return {"error": exc.message(lang), "fields": fields}


@get("/", guards=ANY_BACK_OFFICE)
async def index(request: Request[User, Any, Any], people: NamedDependency[PeopleService], q: FromQuery[str] = "") -> Template:
    hits = await search(people.session, q, views.searchable_kinds(request.user), 30) if q else []
    return _page("index", request, q=q, hits=hits)


@get("/people", guards=PEOPLE)
async def people_list(
    request: Request[User, Any, Any],
    people: NamedDependency[PeopleService],
    q: FromQuery[str] = "",
    kind: FromQuery[str] = "",
    team_id: FromQuery[str] = "",
    page: FromQuery[int] = 1,
) -> Template:
    team = optional_team(team_id)  # the filter form's "all teams" sends an empty value
    result = await people.people(kind, team, q, page, 50)
    pages = max(1, -(-result.total // result.per_page))
    return _page("people", request, result=result, pages=pages, q=q, kind=kind, team_id=team, teams=await people.teams())


async def _person_form(request: Request[User, Any, Any], people: PeopleService, today: date, person_id: int | None) -> Template:
    values = {} if person_id is None else msgspec.structs.asdict(await people.record(person_id, today))
    return _page("person_form", request, values=values, person_id=person_id, teams=await people.teams(), fields={}, error=None)


@get("/people/new", guards=PEOPLE)
async def new_person_form(
    request: Request[User, Any, Any], people: NamedDependency[PeopleService], today: NamedDependency[date]
) -> Template:
    return await _person_form(request, people, today, None)


@get("/people/{person_id:int}/edit", guards=PEOPLE)
async def person_form(
    request: Request[User, Any, Any], people: NamedDependency[PeopleService], today: NamedDependency[date], person_id: FromPath[int]
) -> Template:
    return await _person_form(request, people, today, person_id)


async def _person_save(request: Request[User, Any, Any], people: PeopleService, today: date, person_id: int | None) -> Template | Redirect:
    form = dict(await request.form())
    try:
        data = forms.person_form(form)
        saved = await people.update_person(person_id, data, today) if person_id else await people.create_person(data, today)
    except AthletesError as exc:
        await people.session.rollback()
        return _page("person_form", request, 400, values=form, person_id=person_id, teams=await people.teams(), **_failure(exc))
    return Redirect(f"/athletes/people/{saved.id}", status_code=303)


@post("/people/new", guards=PEOPLE)
async def new_person_save(
    request: Request[User, Any, Any], people: NamedDependency[PeopleService], today: NamedDependency[date]
) -> Template | Redirect:
    return await _person_save(request, people, today, None)


@post("/people/{person_id:int}/edit", guards=PEOPLE)
async def person_save(
    request: Request[User, Any, Any], people: NamedDependency[PeopleService], today: NamedDependency[date], person_id: FromPath[int]
) -> Template | Redirect:
    return await _person_save(request, people, today, person_id)


@get("/people/{person_id:int}", guards=PEOPLE)
async def profile(
    request: Request[User, Any, Any], people: NamedDependency[PeopleService], today: NamedDependency[date], person_id: FromPath[int]
) -> Template:
    return _page("profile", request, p=await people.record(person_id, today), today=today)


@get("/teams", guards=PEOPLE)
async def teams(request: Request[User, Any, Any], people: NamedDependency[PeopleService]) -> Template:
    return _page("teams", request, teams=await people.teams(), fields={}, error=None, values={})


@post("/teams", guards=PEOPLE)
async def team_save(request: Request[User, Any, Any], people: NamedDependency[PeopleService]) -> Template | Redirect:
    form = dict(await request.form())
    try:
        await people.create_team(forms.team_form(form))
    except AthletesError as exc:
        return _page("teams", request, 400, teams=await people.teams(), values=form, **_failure(exc))
    return Redirect("/athletes/teams", status_code=303)


def _stage(settings: Settings, upload_name: str, content: bytes) -> str:
    """Keep an uploaded file between preview and commit, named by its hash."""
    ext = "xlsx" if upload_name.lower().endswith(".xlsx") else "csv"
    token = f"{hashlib.sha256(content).hexdigest()}.{ext}"
    folder = settings.data_dir / "athletes" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / token).write_bytes(content)
    return token


def _staged(settings: Settings, token: str) -> bytes:
    path = settings.data_dir / "athletes" / "imports" / token
    if not TOKEN.match(token) or not path.is_file():
        raise FileRejected("the uploaded file is gone; upload it again")
    return path.read_bytes()


async def _import(kind: str, imports: ImportService, today: date, name: str, content: bytes, commit: bool) -> Any:
    if kind == "people":
        return await imports.people(name, content, today, commit=commit)
    return await imports.attendance(name, content, commit=commit)


def _import_routes(kind: str, guards: Sequence[Callable[..., Any]]) -> list[Any]:
    @get(f"/import/{kind}", guards=guards, name=f"athletes-import-{kind}")
    async def form(request: Request[User, Any, Any]) -> Template:
        return _page("import", request, kind=kind, preview=None, token="", error=None)

    @post(f"/import/{kind}", guards=guards, name=f"athletes-import-{kind}-preview")
    async def preview(
        request: Request[User, Any, Any],
        data: Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)],
        imports: NamedDependency[ImportService],
        settings: NamedDependency[Settings],
        today: NamedDependency[date],
    ) -> Template:
        content = await data.read()
        try:
            result = await _import(kind, imports, today, data.filename, content, commit=False)
        except AthletesError as exc:
            return _page("import", request, 400, kind=kind, preview=None, token="", **_failure(exc))
        return _page("import", request, kind=kind, preview=result, token=_stage(settings, data.filename, content), error=None)

    @post(f"/import/{kind}/commit", guards=guards, name=f"athletes-import-{kind}-commit")
    async def commit(
        request: Request[User, Any, Any],
        imports: NamedDependency[ImportService],
        settings: NamedDependency[Settings],
        today: NamedDependency[date],
    ) -> Template:
        token = str((await request.form()).get("token", ""))
        try:
            result = await _import(kind, imports, today, token, _staged(settings, token), commit=True)
        except AthletesError as exc:
            return _page("import", request, 400, kind=kind, preview=None, token="", **_failure(exc))
        return _page("import", request, kind=kind, preview=result, token="", error=None, saved=result.saved)

    return [form, preview, commit]


async def _payments_context(payments: PaymentService, people: PeopleService) -> dict[str, Any]:
    return {
        "regimes": await payments.regimes(),
        "rates": await payments.rates(),
        "vouchers": await payments.vouchers(),
        "attendance": (await payments.attendance())[-50:],
        "teams": await people.teams(),
        "groups": GROUPS,
        "fields": {},
        "error": None,
        "values": {},
    }


@get("/payments", guards=PAYMENTS)
async def payments_page(
    request: Request[User, Any, Any], payments: NamedDependency[PaymentService], people: NamedDependency[PeopleService]
) -> Template:
    return _page("payments", request, **await _payments_context(payments, people))


@post("/payments/{form_name:str}", guards=PAYMENTS)
async def payments_post(
    form_name: FromPath[str],
    request: Request[User, Any, Any],
    payments: NamedDependency[PaymentService],
    people: NamedDependency[PeopleService],
) -> Template | Redirect:
    form = dict(await request.form())
    try:
        if form_name == "rate":
            await payments.add_rate(forms.rate_form(form))
        elif form_name == "attendance":
            await payments.record_attendance(forms.attendance_form(form))
        elif form_name == "voucher":
            voucher = await payments.issue_voucher(forms.voucher_form(form))
            return Redirect(f"/api/payments/vouchers/{voucher.id}/pdf", status_code=303)
    except AthletesError as exc:
        await payments.session.rollback()
        context = {**await _payments_context(payments, people), "values": form, "form": form_name, **_failure(exc)}
        return _page("payments", request, 400, **context)
    return Redirect("/athletes/payments", status_code=303)


async def _equipment_context(equipment: EquipmentService, people: PeopleService, today: date, status: str, page: int) -> dict[str, Any]:
    items = await equipment.items(status, "", page, 50)
    return {
        "items": items,
        "pages": max(1, -(-items.total // items.per_page)),
        "status": status,
        "stock": await equipment.stock(),
        "overdue": await equipment.overdue(today),
        "loans": await equipment.loans(open_only=True),
        "teams": await people.teams(),
        "conditions": CONDITIONS,
        "today": today,
        "fields": {},
        "error": None,
        "values": {},
    }


@get("/equipment", guards=EQUIPMENT)
async def equipment_page(
    request: Request[User, Any, Any],
    equipment: NamedDependency[EquipmentService],
    people: NamedDependency[PeopleService],
    today: NamedDependency[date],
    status: FromQuery[str] = "",
    page: FromQuery[int] = 1,
) -> Template:
    return _page("equipment", request, **await _equipment_context(equipment, people, today, status, page))


@get("/equipment/{item_id:int}", guards=EQUIPMENT)
async def item_page(request: Request[User, Any, Any], equipment: NamedDependency[EquipmentService], item_id: FromPath[int]) -> Template:
    return _page("item", request, item=await equipment.item(item_id), loans=await equipment.loans(item_id=item_id))


@post("/equipment/{form_name:str}", guards=EQUIPMENT)
async def equipment_post(
    form_name: FromPath[str],
    request: Request[User, Any, Any],
    equipment: NamedDependency[EquipmentService],
    people: NamedDependency[PeopleService],
    today: NamedDependency[date],
) -> Template | Redirect:
    form = dict(await request.form())
    try:
        if form_name == "items":
            await equipment.add_items(forms.item_form(form))
        elif form_name == "lend":
            loan = await equipment.lend(forms.loan_form(form), today)
            return Redirect(f"/api/equipment/loans/{loan.id}/handover.pdf", status_code=303)
        elif form_name.startswith("return-") and form_name[7:].isdigit():
            await equipment.give_back(int(form_name[7:]), forms.return_form(form), today)
    except AthletesError as exc:
        await equipment.session.rollback()
        context = {**await _equipment_context(equipment, people, today, "", 1), "values": form, "form": form_name, **_failure(exc)}
        return _page("equipment", request, 400, **context)
    return Redirect("/athletes/equipment", status_code=303)


athletes_pages = Router(
    path="/athletes",
    route_handlers=[
        index,
        people_list,
        new_person_form,
        person_form,
        new_person_save,
        person_save,
        profile,
        teams,
        team_save,
        *_import_routes("people", PEOPLE),
        *_import_routes("attendance", PAYMENTS),
        payments_page,
        payments_post,
        equipment_page,
        item_page,
        equipment_post,
    ],
    dependencies=dependencies,
    include_in_schema=False,
)
