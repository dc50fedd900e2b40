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
from athletes.districts import districts
from athletes.documents import economic_code_text, money, vnd
from athletes.equipment import EquipmentService
from athletes.errors import AthletesError, FileRejected, RecordInvalid
from athletes.folding import fold
from athletes.imports import ImportService
from athletes.payments import GROUPS, PaymentService
from athletes.ranking import Hit
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
        f"athletes/{name}.html",
        context={"user": request.user, "vnd": vnd, "money": money, "levels": LEVELS, "label": label, **context},
        status_code=status,
    )


def _failure(exc: AthletesError) -> dict[str, Any]:
    lang = CURRENT_LANGUAGE.get()
    fields = {f: (vi if lang == "vi" else en) for f, vi, en in exc.problems} if isinstance(exc, RecordInvalid) else {}
    return {"error": exc.message(lang), "fields": fields}


async def _pick_person(session: Any, form: dict[str, Any], required: bool) -> list[Hit]:
    """Who a form means: the person picked from the search list (``person_id``), else the one
    person whose name the typed text (``person``) finds. Several found are returned for the form to
    show as a list to choose from; none found (or none typed when ``required``) is refused."""
    if str(form.get("person_id", "")).strip():
        return []
    text = str(form.get("person", "")).strip()
    if not text:
        if required:
            raise RecordInvalid([("person", "Người: gõ họ tên rồi chọn trong danh sách", "person: type a name and pick from the list")])
        return []
    hits = await search(session, text, ("person",), 20)
    exact = [h for h in hits if fold(h.label) == fold(text)]
    chosen = exact if len(exact) == 1 else hits if len(hits) == 1 else []
    if chosen:
        form["person_id"] = str(chosen[0].ref_id)
        return []
    if not hits:
        raise RecordInvalid([("person", f"Không tìm thấy ai tên “{text}”", f"nobody called “{text}” was found")])
    return hits


def _choose(hits: list[Hit]) -> dict[str, Any]:
    """The context of a form sent back with the people its text found, one to be chosen."""
    lang = CURRENT_LANGUAGE.get()
    vi = f"Có {len(hits)} người khớp với tên đã gõ: chọn một người trong danh sách"
    en = f"{len(hits)} people match the name typed: pick one from the list"
    return {"candidates": hits, "error": vi if lang == "vi" else en, "fields": {"person": vi if lang == "vi" else en}}


@get("/", guards=ANY_BACK_OFFICE)
async def index(request: Request[User, Any, Any], people: NamedDependency[PeopleService], q: FromQuery[str] = "") -> Template:
    hits = await search(people.session, q, views.searchable_kinds(request.user), 30) if q else []
    return _page("index", request, q=q, hits=hits, links=views.hit_links(request.user))


@get("/people", guards=PEOPLE)
async def people_list(
    request: Request[User, Any, Any],
    people: NamedDependency[PeopleService],
    q: FromQuery[str] = "",
    kind: FromQuery[str] = "",
    team_id: FromQuery[str] = "",
    page: FromQuery[int] = 1,
    club: FromQuery[str] = "",
    district: FromQuery[str] = "",
) -> Template:
    team = optional_team(team_id)  # the filter form's "all teams" sends an empty value
    result = await people.people(kind, team, q, page, 50, club=club, district=district)
    pages = max(1, -(-result.total // result.per_page))
    filters = {"q": q, "kind": kind, "team_id": team, "club": club, "district": district}
    return _page("people", request, result=result, pages=pages, **filters, **await _choices(people))


async def _person_form(request: Request[User, Any, Any], people: PeopleService, today: date, person_id: int | None) -> Template:
    values = {} if person_id is None else msgspec.structs.asdict(await people.record(person_id, today))
    return _page("person_form", request, values=values, person_id=person_id, **await _choices(people), fields={}, error=None)


async def _choices(people: PeopleService) -> dict[str, Any]:
    """What a person's form offers: the teams, the clubs already on the records (suggestions), the districts."""
    return {"teams": await people.teams(), "clubs": await people.clubs(), "districts": districts()}


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
        return _page("person_form", request, 400, values=form, person_id=person_id, **await _choices(people), **_failure(exc))
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
        payments: NamedDependency[PaymentService],
        settings: NamedDependency[Settings],
        today: NamedDependency[date],
    ) -> Template:
        content = await data.read()
        try:
            result = await _import(kind, imports, today, data.filename, content, commit=False)
        except AthletesError as exc:
            return _page("import", request, 400, kind=kind, preview=None, token="", **_failure(exc))
        lang = CURRENT_LANGUAGE.get()
        regimes = await payments.regime_names() if kind == "attendance" else {}
        return _page(
            "import",
            request,
            kind=kind,
            preview=result,
            table=views.preview_table(kind, result.rows[:200], regimes, lang),
            column_title=lambda c: views.column_title(c, lang),
            token=_stage(settings, data.filename, content),
            error=None,
        )

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


async def _payments_context(payments: PaymentService, people: PeopleService, person_id: int | None = None) -> dict[str, Any]:
    """The payments page; ``person_id`` (a search hit followed here) picks the person and lists their attendance."""
    rows = await payments.attendance(person_id=person_id) if person_id else (await payments.attendance())[-50:]
    picked = await people.name_of(person_id)
    return {
        "regimes": await payments.regimes(),
        "regime_names": await payments.regime_names(),
        "rates": await payments.rates(),
        "vouchers": await payments.vouchers(),
        "attendance": await payments.attendance_lines(rows[::-1]),
        "attendance_of": picked,
        "teams": await people.teams(),
        "groups": GROUPS,
        "code_text": economic_code_text,
        "fields": {},
        "error": None,
        "values": {"person_id": str(person_id), "person": picked} if picked else {},
        "candidates": [],
    }


@get("/payments", guards=PAYMENTS)
async def payments_page(
    request: Request[User, Any, Any],
    payments: NamedDependency[PaymentService],
    people: NamedDependency[PeopleService],
    person_id: FromQuery[int | None] = None,
) -> Template:
    return _page("payments", request, **await _payments_context(payments, people, person_id))


@get("/payments/vouchers/{voucher_id:int}", guards=PAYMENTS)
async def voucher_page(request: Request[User, Any, Any], payments: NamedDependency[PaymentService], voucher_id: FromPath[int]) -> Template:
    voucher, lines = await payments.voucher(voucher_id)
    return _page(
        "voucher",
        request,
        voucher=voucher,
        lines=lines,
        regime_names=await payments.regime_names(),
        team=await payments.team_name(voucher.team_id),
        code_text=economic_code_text,
    )


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
            candidates = await _pick_person(payments.session, form, required=True)
            if candidates:
                context = {**await _payments_context(payments, people), "values": form, "form": form_name, **_choose(candidates)}
                return _page("payments", request, 400, **context)
            row = await payments.record_attendance(forms.attendance_form(form))
            return Redirect(f"/athletes/payments?person_id={row.person_id}#attendance", status_code=303)
        elif form_name == "voucher":
            voucher = await payments.issue_voucher(forms.voucher_form(form))
            return Redirect(f"/athletes/payments/vouchers/{voucher.id}", status_code=303)
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
        "loans": await equipment.loans_with_items(open_only=True),
        "teams": await people.teams(),
        "conditions": CONDITIONS,
        "today": today,
        "fields": {},
        "error": None,
        "values": {},
        "candidates": [],
    }


@get("/equipment", guards=EQUIPMENT)
async def equipment_page(
    request: Request[User, Any, Any],
    equipment: NamedDependency[EquipmentService],
    people: NamedDependency[PeopleService],
    today: NamedDependency[date],
    status: FromQuery[str] = "",
    page: FromQuery[int] = 1,
    person_id: FromQuery[int | None] = None,
) -> Template:
    """The equipment page; ``person_id`` (a search hit followed here) picks the borrower of the lend form."""
    context = await _equipment_context(equipment, people, today, status, page)
    picked = await people.name_of(person_id)
    if picked:
        context["values"] = {"person_id": str(person_id), "person": picked}
    return _page("equipment", request, **context)


async def _item_context(equipment: EquipmentService, people: PeopleService, item_id: int) -> dict[str, Any]:
    return {
        "item": await equipment.item(item_id),
        "loans": await equipment.loans(item_id=item_id),
        "teams": await people.teams(),
        "conditions": CONDITIONS,
        "fields": {},
        "error": None,
        "values": {},
        "candidates": [],
    }


@get("/equipment/{item_id:int}", guards=EQUIPMENT)
async def item_page(
    request: Request[User, Any, Any],
    equipment: NamedDependency[EquipmentService],
    people: NamedDependency[PeopleService],
    item_id: FromPath[int],
    done: FromQuery[str] = "",
) -> Template:
    """An item, opened from the list or by scanning its label with a phone: its loans, the handover
    records, and the form to lend it (in stock) or take it back (on loan)."""
    return _page("item", request, **await _item_context(equipment, people, item_id), done=done)


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
            candidates = await _pick_person(equipment.session, form, required=False)
            if candidates:
                context = {
                    **await _equipment_context(equipment, people, today, "", 1),
                    "values": form,
                    "form": form_name,
                    **_choose(candidates),
                }
                return _page("equipment", request, 400, **context)
            loan = await equipment.lend(forms.loan_form(form), today)
            return Redirect(f"/athletes/equipment/{loan.item_id}?done=lent", status_code=303)
        elif form_name.startswith("return-") and form_name[7:].isdigit():
            loan = await equipment.give_back(int(form_name[7:]), forms.return_form(form), today)
            return Redirect(f"/athletes/equipment/{loan.item_id}?done=returned", status_code=303)
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
        voucher_page,
        payments_post,
        equipment_page,
        item_page,
        equipment_post,
    ],
    dependencies=dependencies,
    include_in_schema=False,
)
