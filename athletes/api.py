"""HTTP API of the athletes domain: people and teams (manager), regimes and payments (accountant),
equipment (equipment keeper), search (all three). Admin holds every role. Controllers stay thin.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response, Router, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from athletes import issuing, views
from athletes.deps import dependencies
from athletes.documents import csv_bytes, qr_label_svg, xlsx_bytes
from athletes.equipment import EquipmentService
from athletes.errors import FileRejected, TeamNotFound
from athletes.imports import ImportService, Preview
from athletes.payments import PaymentService
from athletes.photos import load_photo, store_photo
from athletes.schemas import (
    LEVEL_NAMES_VI,
    AttendanceCreate,
    ItemCreate,
    LicenceCreate,
    LoanCreate,
    LoanReturn,
    Page,
    Person,
    PersonCreate,
    RateCreate,
    RegistrationCreate,
    TeamCreate,
    TeamMove,
    VoucherCreate,
)
from athletes.search import search
from athletes.service import PeopleService
from base.accounts.models import Role, User
from base.auth import requires_role
from base.db import row_id
from base.register import Register
from base.sandbox import Sandbox
from base.settings import Settings

PEOPLE = requires_role(Role.MANAGER)
PAYMENTS = requires_role(Role.ACCOUNTANT)
EQUIPMENT = requires_role(Role.EQUIPMENT_KEEPER)
SEARCHERS = requires_role(Role.MANAGER, Role.ACCOUNTANT, Role.EQUIPMENT_KEEPER)
FORMATS = ("json", "csv", "xlsx")
Upload = Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)]


def optional_team(text: str) -> int | None:
    """A ``team_id`` query value: empty (a form's "all teams", an export link without a team) is
    none; anything else must be a team's number."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise TeamNotFound(text)
    return int(text)  # one beyond 64 bits finds nothing (the service's row lookup)


def export(name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> Response[bytes]:
    """A list as a CSV or XLSX download."""
    if fmt == "xlsx":
        media, body = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx_bytes(headers, rows)
    else:
        media, body = "text/csv; charset=utf-8", csv_bytes(headers, rows)
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}.{fmt}"'})


def pdf(name: str, body: bytes) -> Response[bytes]:
    return Response(body, media_type="application/pdf", headers={"content-disposition": f'inline; filename="{name}.pdf"'})


def preview_out(p: Preview) -> dict[str, Any]:
    return {
        "ok": p.ok,
        "rows": len(p.rows),
        "saved": p.saved,
        "errors": [{"row": e.row, "column": e.column, "message": e.vi, "message_en": e.en} for e in p.errors],
    }


class PeopleController(Controller):
    path = "/api/people"
    tags = ["athletes"]
    guards = [PEOPLE]

    @get("/")
    async def list_people(
        self,
        people: NamedDependency[PeopleService],
        kind: FromQuery[str] = "",
        team_id: FromQuery[str] = "",
        q: FromQuery[str] = "",
        page: FromQuery[int] = 1,
        per_page: FromQuery[int] = 50,
        format: FromQuery[str] = "json",
        club: FromQuery[str] = "",
        district: FromQuery[str] = "",
    ) -> Page | Response[bytes]:
        where = {"club": club, "district": district}
        if format in ("csv", "xlsx"):
            # one page of 500: exports of everything use /export
            result = await people.people(kind, optional_team(team_id), q, 1, 500, **where)
            return export("nguoi", *views.people_table(result.items), format)
        return await people.people(kind, optional_team(team_id), q, page, per_page, **where)

    @post("/")
    async def create(self, data: JSONBody[PersonCreate], people: NamedDependency[PeopleService], today: NamedDependency[date]) -> Person:
        person = await people.create_person(data, today)
        return await people.record(row_id(person), today)

    @get("/{person_id:int}")
    async def read(self, person_id: FromPath[int], people: NamedDependency[PeopleService], today: NamedDependency[date]) -> Person:
        return await people.record(person_id, today)

    @put("/{person_id:int}")
    async def update(
        self, person_id: FromPath[int], data: JSONBody[PersonCreate], people: NamedDependency[PeopleService], today: NamedDependency[date]
    ) -> Person:
        await people.update_person(person_id, data, today)
        return await people.record(person_id, today)

    @post("/{person_id:int}/team")
    async def move(
        self, person_id: FromPath[int], data: JSONBody[TeamMove], people: NamedDependency[PeopleService], today: NamedDependency[date]
    ) -> Person:
        await people.move_to_team(person_id, data.team_id, data.on)
        return await people.record(person_id, today)

    @post("/{person_id:int}/licences")
    async def licence(
        self, person_id: FromPath[int], data: JSONBody[LicenceCreate], people: NamedDependency[PeopleService]
    ) -> dict[str, Any]:
        licence = await people.add_licence(person_id, data)
        return {"id": licence.id, "number": licence.number}

    @post("/{person_id:int}/registrations")
    async def register(
        self, person_id: FromPath[int], data: JSONBody[RegistrationCreate], people: NamedDependency[PeopleService]
    ) -> dict[str, Any]:
        reg = await people.register(person_id, data.competition_id, data.event_label)
        return {"id": reg.id, "competition_id": reg.competition_id}

    @put("/{person_id:int}/photo", request_max_body_size=3 * 1024 * 1024)
    async def put_photo(
        self,
        person_id: FromPath[int],
        request: Request[User, Any, Any],
        people: NamedDependency[PeopleService],
        settings: NamedDependency[Settings],
        sandbox: NamedDependency[Sandbox],
    ) -> dict[str, str]:
        sha = await store_photo(settings.data_dir, await request.body(), sandbox, settings.media_max_megapixels * 1_000_000)
        await people.set_photo(person_id, sha)
        return {"sha256": sha}

    @get("/{person_id:int}/photo")
    async def get_photo(
        self, person_id: FromPath[int], people: NamedDependency[PeopleService], settings: NamedDependency[Settings]
    ) -> Response[bytes]:
        content, media = load_photo(settings.data_dir, await people.photo_sha(person_id))
        return Response(content, media_type=media)

    @post("/import/preview")
    async def import_preview(self, data: Upload, imports: NamedDependency[ImportService], today: NamedDependency[date]) -> dict[str, Any]:
        return preview_out(await imports.people(data.filename, await data.read(), today))

    @post("/import/commit")
    async def import_commit(self, data: Upload, imports: NamedDependency[ImportService], today: NamedDependency[date]) -> dict[str, Any]:
        return preview_out(await imports.people(data.filename, await data.read(), today, commit=True))


class TeamController(Controller):
    path = "/api/teams"
    tags = ["athletes"]
    guards = [PEOPLE]

    @get("/")
    async def list_teams(self, people: NamedDependency[PeopleService], format: FromQuery[str] = "json") -> Any:
        teams = await people.teams()
        if format in ("csv", "xlsx"):
            rows = [[t.id, t.name, LEVEL_NAMES_VI.get(t.level, t.level), t.sport] for t in teams]
            return export("doi", ["Mã", "Tên đội", "Cấp", "Môn"], rows, format)
        return [views.team_out(t) for t in teams]

    @post("/")
    async def create(self, data: JSONBody[TeamCreate], people: NamedDependency[PeopleService]) -> dict[str, Any]:
        return views.team_out(await people.create_team(data))


class PaymentController(Controller):
    path = "/api/payments"
    tags = ["athletes"]
    guards = [PAYMENTS]

    @get("/regimes")
    async def regimes(self, payments: NamedDependency[PaymentService]) -> list[dict[str, Any]]:
        return [{"code": r.code, "name": r.name, "unit": r.unit, "economic_code": r.economic_code} for r in await payments.regimes()]

    @get("/rates")
    async def rates(self, payments: NamedDependency[PaymentService], regime: FromQuery[str] = "") -> list[dict[str, Any]]:
        return [views.rate_out(r) for r in await payments.rates(regime)]

    @post("/rates")
    async def add_rate(self, data: JSONBody[RateCreate], payments: NamedDependency[PaymentService]) -> dict[str, Any]:
        return views.rate_out(await payments.add_rate(data))

    @get("/attendance")
    async def attendance(
        self,
        payments: NamedDependency[PaymentService],
        period_from: FromQuery[date | None] = None,
        period_to: FromQuery[date | None] = None,
        team_id: FromQuery[str] = "",
        person_id: FromQuery[int | None] = None,
        format: FromQuery[str] = "json",
    ) -> Any:
        rows = await payments.attendance(period_from, period_to, optional_team(team_id), person_id)
        if format in ("csv", "xlsx"):
            return export("cham-cong", *views.attendance_table(await payments.attendance_lines(rows)), format)
        return [views.attendance_out(a) for a in rows]

    @post("/attendance")
    async def record(self, data: JSONBody[AttendanceCreate], payments: NamedDependency[PaymentService]) -> dict[str, Any]:
        return views.attendance_out(await payments.record_attendance(data))

    @post("/attendance/import/preview")
    async def import_preview(self, data: Upload, imports: NamedDependency[ImportService]) -> dict[str, Any]:
        return preview_out(await imports.attendance(data.filename, await data.read()))

    @post("/attendance/import/commit")
    async def import_commit(self, data: Upload, imports: NamedDependency[ImportService]) -> dict[str, Any]:
        return preview_out(await imports.attendance(data.filename, await data.read(), commit=True))

    @get("/entitlements")
    async def entitlements(
        self,
        payments: NamedDependency[PaymentService],
        period_from: FromQuery[date],
        period_to: FromQuery[date],
        team_id: FromQuery[str] = "",
    ) -> dict[str, Any]:
        return views.entitlements_out(await payments.entitlements(period_from, period_to, optional_team(team_id)))

    @get("/vouchers")
    async def vouchers(self, payments: NamedDependency[PaymentService], format: FromQuery[str] = "json") -> Any:
        rows = await payments.vouchers()
        if format in ("csv", "xlsx"):
            return export("chung-tu", *views.voucher_table(rows), format)
        return [views.voucher_out(v) for v in rows]

    @post("/vouchers")
    async def issue(self, data: JSONBody[VoucherCreate], payments: NamedDependency[PaymentService]) -> dict[str, Any]:
        return views.voucher_out(*await payments.voucher(row_id(await payments.issue_voucher(data))))

    @get("/vouchers/{voucher_id:int}")
    async def voucher(self, voucher_id: FromPath[int], payments: NamedDependency[PaymentService]) -> dict[str, Any]:
        return views.voucher_out(*await payments.voucher(voucher_id))

    @get("/vouchers/{voucher_id:int}/pdf")
    async def voucher_pdf(
        self,
        voucher_id: FromPath[int],
        payments: NamedDependency[PaymentService],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
    ) -> Response[bytes]:
        """The voucher as issued (registered; the same bytes again while it is unchanged)."""
        issued = await issuing.voucher(register, payments, voucher_id, request.user)
        return pdf(str(issued.document.fact_dict()["number"]), issued.pdf)

    @get("/reports")
    async def report(
        self,
        payments: NamedDependency[PaymentService],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
        group_by: FromQuery[str],
        period_from: FromQuery[date],
        period_to: FromQuery[date],
        team_id: FromQuery[str] = "",
        person_id: FromQuery[int | None] = None,
        format: FromQuery[str] = "json",
    ) -> Any:
        if format == "pdf":
            issued = await issuing.payment_report(
                register,
                payments,
                request.user,
                group_by=group_by,
                period_from=period_from,
                period_to=period_to,
                team_id=optional_team(team_id),
                person_id=person_id,
            )
            return pdf(f"bao-cao-{group_by}", issued.pdf)
        rows = await payments.report(group_by, period_from, period_to, optional_team(team_id), person_id)
        headers, table = views.report_table(group_by, rows)
        if format in ("csv", "xlsx"):
            return export(f"bao-cao-{group_by}", headers, table, format)
        return {
            "group_by": group_by,
            "rows": [{"key": r.key, "label": r.label, "quantity": r.quantity, "amount": r.amount} for r in rows],
            "total": sum(r.amount for r in rows),
        }


class EquipmentController(Controller):
    path = "/api/equipment"
    tags = ["athletes"]
    guards = [EQUIPMENT]

    @get("/items")
    async def items(
        self,
        equipment: NamedDependency[EquipmentService],
        status: FromQuery[str] = "",
        category: FromQuery[str] = "",
        page: FromQuery[int] = 1,
        per_page: FromQuery[int] = 50,
        format: FromQuery[str] = "json",
    ) -> Any:
        result = await equipment.items(status, category, page if format == "json" else 1, per_page if format == "json" else 500)
        if format in ("csv", "xlsx"):
            return export("dung-cu", *views.items_table(result.items), format)
        return {"items": [views.item_out(i) for i in result.items], "total": result.total, "page": result.page, "per_page": result.per_page}

    @post("/items")
    async def add(self, data: JSONBody[ItemCreate], equipment: NamedDependency[EquipmentService]) -> list[dict[str, Any]]:
        return [views.item_out(i) for i in await equipment.add_items(data)]

    @get("/items/{item_id:int}")
    async def item(self, item_id: FromPath[int], equipment: NamedDependency[EquipmentService]) -> dict[str, Any]:
        return {
            **views.item_out(await equipment.item(item_id)),
            "loans": [views.loan_out(x) for x in await equipment.loans(item_id=item_id)],
        }

    @get("/items/{item_id:int}/label.svg")
    async def label(
        self, item_id: FromPath[int], equipment: NamedDependency[EquipmentService], settings: NamedDependency[Settings]
    ) -> Response[str]:
        item = await equipment.item(item_id)
        return Response(qr_label_svg(item.code, views.item_link(settings, item)), media_type="image/svg+xml")

    @get("/stock")
    async def stock(self, equipment: NamedDependency[EquipmentService]) -> list[dict[str, Any]]:
        return [
            {"category": s.category, "name": s.name, "in_stock": s.in_stock, "on_loan": s.on_loan, "retired": s.retired}
            for s in await equipment.stock()
        ]

    @get("/loans")
    async def loans(
        self, equipment: NamedDependency[EquipmentService], open_only: FromQuery[bool] = False, format: FromQuery[str] = "json"
    ) -> Any:
        if format in ("csv", "xlsx"):
            return export("phieu-muon", *views.loans_table(await equipment.loans_with_items(open_only)), format)
        return [views.loan_out(x) for x in await equipment.loans(open_only)]

    @post("/loans")
    async def lend(
        self, data: JSONBody[LoanCreate], equipment: NamedDependency[EquipmentService], today: NamedDependency[date]
    ) -> dict[str, Any]:
        return views.loan_out(await equipment.lend(data, today))

    @post("/loans/{loan_id:int}/return")
    async def give_back(
        self, loan_id: FromPath[int], data: JSONBody[LoanReturn], equipment: NamedDependency[EquipmentService], today: NamedDependency[date]
    ) -> dict[str, Any]:
        return views.loan_out(await equipment.give_back(loan_id, data, today))

    @get("/loans/{loan_id:int}/handover.pdf")
    async def handover(
        self,
        loan_id: FromPath[int],
        equipment: NamedDependency[EquipmentService],
        settings: NamedDependency[Settings],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
    ) -> Response[bytes]:
        item = await equipment.item((await equipment.loan(loan_id)).item_id)
        issued = await issuing.handover(register, equipment, loan_id, request.user, views.item_link(settings, item))
        return pdf(f"ban-giao-{loan_id}", issued.pdf)

    @get("/overdue")
    async def overdue(
        self, equipment: NamedDependency[EquipmentService], today: NamedDependency[date], format: FromQuery[str] = "json"
    ) -> Any:
        rows = await equipment.overdue(today)
        if format in ("csv", "xlsx"):
            return export("qua-han", *views.overdue_table(rows, today), format)
        return [
            {**views.loan_out(loan), "item_code": item.code, "item_name": item.name, "days_overdue": (today - loan.due_on).days}
            for loan, item in rows
        ]


@get("/api/search", guards=[SEARCHERS], tags=["athletes"])
async def search_all(
    request: Request[User, Any, Any], people: NamedDependency[PeopleService], q: FromQuery[str] = "", limit: FromQuery[int] = 20
) -> list[dict[str, Any]]:
    """Ranked hits; each role sees the kinds it works with (vouchers: accountants, items: keepers)."""
    hits = await search(people.session, q, views.searchable_kinds(request.user), min(max(limit, 1), 100))
    return [{"kind": h.kind, "id": h.ref_id, "label": h.label, "detail": h.detail, "tier": h.tier} for h in hits]


athletes_router = Router(
    path="/",
    route_handlers=[PeopleController, TeamController, PaymentController, EquipmentController, search_all],
    dependencies=dependencies,
)

__all__ = ["athletes_router", "FileRejected"]
