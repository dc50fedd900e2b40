"""HTTP API of the results domain: public, read-only standings and medal table (JSON and CSV, for
the department's web site to pull), and the manager's results settings. Controllers stay thin."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from athletes.documents import csv_bytes
from base.accounts.models import Role, User
from base.auth import requires_role
from base.clock import Clock
from base.db import AsyncSession
from base.register import DocumentStore, Issued, Register, show_code
from base.settings import Settings
from results import standings as st
from results.issuing import ResultsDocuments
from results.schemas import SettingsIn, SignIn
from results.service import COUNT_BY_TITLE_VI, ORDER_VI, MedalTable, ResultsService, medal_out, standing_out, unit_name
from results.signing import ResultsSigning, department_certifier
from tournaments.documents import ascii_fold

MANAGER = requires_role(Role.MANAGER)
ISSUERS = requires_role(Role.MANAGER, Role.REFEREE)  # who prints results: the organisers and the referees' table
PUBLIC = {"public": True}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PDF = 20 * 1024 * 1024


def _user(request: Request[Any, Any, Any]) -> User | None:
    return request.user if isinstance(request.scope.get("user"), User) else None


def provide_results(
    db_session: NamedDependency[AsyncSession], clock: NamedDependency[Clock], request: Request[Any, Any, Any]
) -> ResultsService:
    return ResultsService(db_session, clock, _user(request))


def provide_documents(
    results: NamedDependency[ResultsService], settings: NamedDependency[Settings], clock: NamedDependency[Clock]
) -> ResultsDocuments:
    register = Register(results.session, DocumentStore.for_settings(settings), clock, settings.resolved_public_url())
    return ResultsDocuments(results, register, department_certifier(settings, clock))


def provide_signing(
    documents: NamedDependency[ResultsDocuments], settings: NamedDependency[Settings], clock: NamedDependency[Clock]
) -> ResultsSigning:
    from contracts.keyring import Keyring
    from contracts.runtime import runtime_for

    return ResultsSigning(documents, Keyring(documents.results.session, runtime_for(settings), clock))


dependencies = {
    "results": Provide(provide_results, sync_to_thread=False),
    "documents": Provide(provide_documents, sync_to_thread=False),
    "signing": Provide(provide_signing, sync_to_thread=False),
}

STANDING_HEADERS = (
    "Nội dung",
    "Hạng cân / nội dung",
    "Hạng",
    "Huy chương",
    "Họ và tên",
    "Đơn vị",
    "Điểm",
    "Thắng",
    "Thua",
    "Trạng thái",
    "Câu lạc bộ",
    "Quận/huyện",
)


def medal_headers(t: MedalTable) -> tuple[str, ...]:
    """The medal table's columns; the second names the unit counted (Đoàn, Câu lạc bộ, Quận/huyện)."""
    return ("Hạng", st.COUNT_BY_VI[t.count_by], "Vàng", "Bạc", "Đồng", "Tổng huy chương", "Điểm")


def standing_rows(s: st.Standing) -> list[list[Any]]:
    return [
        [
            s.event,
            s.name,
            ln.place or "",
            st.MEDAL_VI[ln.medal],
            ln.name,
            ln.team,
            ln.score,
            ln.won,
            ln.lost,
            s.status_vi,
            ln.club,
            ln.district,
        ]
        for ln in s.lines
    ]


def medal_rows(t: MedalTable) -> list[list[Any]]:
    return [[r.rank, unit_name(t.count_by, r.team), r.gold, r.silver, r.bronze, r.medals, r.points] for r in t.rows]


def _csv(name: str, headers: tuple[str, ...], rows: list[list[Any]]) -> Response[bytes]:
    return Response(
        csv_bytes(headers, rows),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


class ResultsController(Controller):
    path = "/api/results"
    tags = ["results"]

    @get("/competitions/{competition_id:int}", opt=PUBLIC, summary="Kết quả của giải: bảng tổng sắp và bảng xếp hạng từng nội dung")
    async def competition(self, competition_id: FromPath[int], results: NamedDependency[ResultsService]) -> dict[str, Any]:
        standings = await results.standings(competition_id)
        table = await results.medal_table(competition_id, standings)
        return {**medal_out(table), "standings": [standing_out(s) for s in standings]}

    @get("/competitions/{competition_id:int}/medals", opt=PUBLIC, summary="Bảng tổng sắp huy chương (JSON)")
    async def medals(self, competition_id: FromPath[int], results: NamedDependency[ResultsService]) -> dict[str, Any]:
        return medal_out(await results.medal_table(competition_id))

    @get("/competitions/{competition_id:int}/medals.csv", opt=PUBLIC, summary="Bảng tổng sắp huy chương (CSV)")
    async def medals_csv(self, competition_id: FromPath[int], results: NamedDependency[ResultsService]) -> Response[bytes]:
        table = await results.medal_table(competition_id)
        return _csv("tong-sap-huy-chuong", medal_headers(table), medal_rows(table))

    @get("/competitions/{competition_id:int}/standings.csv", opt=PUBLIC, summary="Xếp hạng mọi nội dung của giải (CSV)")
    async def standings_csv(self, competition_id: FromPath[int], results: NamedDependency[ResultsService]) -> Response[bytes]:
        rows = [r for s in await results.standings(competition_id) for r in standing_rows(s)]
        return _csv("xep-hang", STANDING_HEADERS, rows)

    @get("/categories/{category_id:int}", opt=PUBLIC, summary="Xếp hạng một hạng cân / nội dung (JSON)")
    async def category(self, category_id: FromPath[int], results: NamedDependency[ResultsService]) -> dict[str, Any]:
        return standing_out(await results.standing(category_id))

    @get("/categories/{category_id:int}/standings.csv", opt=PUBLIC, summary="Xếp hạng một hạng cân / nội dung (CSV)")
    async def category_csv(self, category_id: FromPath[int], results: NamedDependency[ResultsService]) -> Response[bytes]:
        return _csv("xep-hang", STANDING_HEADERS, standing_rows(await results.standing(category_id)))

    @get("/competitions/{competition_id:int}/settings", guards=[MANAGER], summary="Thiết lập công bố kết quả của giải")
    async def settings(self, competition_id: FromPath[int], results: NamedDependency[ResultsService]) -> dict[str, Any]:
        return settings_out(await results.competition(competition_id))

    @put("/competitions/{competition_id:int}/settings", guards=[MANAGER], summary="Sửa thiết lập công bố kết quả")
    async def save_settings(
        self, competition_id: FromPath[int], data: JSONBody[SettingsIn], results: NamedDependency[ResultsService]
    ) -> dict[str, Any]:
        info = await results.save_settings(
            competition_id, organiser=data.organiser, order=data.order, points=data.points, count_by=data.count_by
        )
        return settings_out(info)


def _pdf(name: str, issued: Issued) -> Response[bytes]:
    return Response(
        issued.pdf,
        media_type="application/pdf",
        headers={
            "content-disposition": f'inline; filename="{ascii_fold(name)}.pdf"',
            "x-arena-document-code": show_code(issued.code),
        },
    )


def _xlsx(name: str, body: bytes) -> Response[bytes]:
    return Response(body, media_type=XLSX, headers={"content-disposition": f'attachment; filename="{ascii_fold(name)}.xlsx"'})


class ResultsDocumentController(Controller):
    """Results as printed documents: each PDF is issued through the register (its code and QR code
    on every page); asking again while nothing changed gives the same file."""

    path = "/api/results"
    tags = ["results"]

    @get("/categories/{category_id:int}/results.pdf", guards=[ISSUERS], summary="Kết quả một nội dung (PDF có mã xác thực)")
    async def category_pdf(
        self, category_id: FromPath[int], documents: NamedDependency[ResultsDocuments], request: Request[Any, Any, Any]
    ) -> Response[bytes]:
        issued = await documents.category_pdf(category_id, _user(request))
        return _pdf(f"ket-qua {issued.document.title}", issued)

    @get("/categories/{category_id:int}/results.xlsx", guards=[ISSUERS], summary="Kết quả một nội dung (XLSX)")
    async def category_xlsx(self, category_id: FromPath[int], documents: NamedDependency[ResultsDocuments]) -> Response[bytes]:
        return _xlsx("ket-qua", await documents.category_xlsx(category_id))

    @get("/categories/{category_id:int}/protocol.pdf", guards=[ISSUERS], summary="Biên bản chấm điểm (mọi điểm của giám định)")
    async def protocol_pdf(
        self, category_id: FromPath[int], documents: NamedDependency[ResultsDocuments], request: Request[Any, Any, Any]
    ) -> Response[bytes]:
        issued = await documents.protocol_pdf(category_id, _user(request))
        return _pdf(f"bien-ban {issued.document.title}", issued)

    @get("/competitions/{competition_id:int}/medals.pdf", guards=[ISSUERS], summary="Bảng tổng sắp huy chương (PDF có mã xác thực)")
    async def medals_pdf(
        self, competition_id: FromPath[int], documents: NamedDependency[ResultsDocuments], request: Request[Any, Any, Any]
    ) -> Response[bytes]:
        issued = await documents.medals_pdf(competition_id, _user(request))
        return _pdf("tong-sap-huy-chuong", issued)

    @get("/competitions/{competition_id:int}/medals.xlsx", guards=[ISSUERS], summary="Bảng tổng sắp huy chương (XLSX)")
    async def medals_xlsx(self, competition_id: FromPath[int], documents: NamedDependency[ResultsDocuments]) -> Response[bytes]:
        return _xlsx("tong-sap-huy-chuong", await documents.medals_xlsx(competition_id))

    @get("/competitions/{competition_id:int}/book.pdf", guards=[ISSUERS], summary="Sổ kết quả của giải (một PDF)")
    async def book_pdf(
        self, competition_id: FromPath[int], documents: NamedDependency[ResultsDocuments], request: Request[Any, Any, Any]
    ) -> Response[bytes]:
        issued = await documents.book_pdf(competition_id, _user(request))
        return _pdf("so-ket-qua", issued)

    @get(
        "/competitions/{competition_id:int}/book.xlsx",
        guards=[ISSUERS],
        summary="Sổ kết quả của giải (một sổ tính, mỗi nội dung một trang)",
    )
    async def book_xlsx(self, competition_id: FromPath[int], documents: NamedDependency[ResultsDocuments]) -> Response[bytes]:
        return _xlsx("so-ket-qua", await documents.book_xlsx(competition_id))


class ResultsSigningController(Controller):
    """The officials sign an event's final results: the chief referee, then the director."""

    path = "/api/results"
    tags = ["results"]

    @get("/categories/{category_id:int}/signatures", guards=[ISSUERS], summary="Tình trạng ký kết quả của một nội dung")
    async def signatures(
        self, category_id: FromPath[int], signing: NamedDependency[ResultsSigning], request: Request[Any, Any, Any]
    ) -> dict[str, Any]:
        return (await signing.state(category_id, _user(request))).as_dict()

    @post(
        "/categories/{category_id:int}/sign",
        guards=[ISSUERS],
        status_code=200,
        summary="Ký số kết quả (Tổng trọng tài, rồi Trưởng ban tổ chức)",
    )
    async def sign(
        self, category_id: FromPath[int], data: JSONBody[SignIn], signing: NamedDependency[ResultsSigning], request: Request[User, Any, Any]
    ) -> dict[str, Any]:
        return (await signing.sign(category_id, request.user, data.pin)).as_dict()

    @post(
        "/categories/{category_id:int}/signed",
        guards=[ISSUERS],
        status_code=200,
        request_max_body_size=MAX_PDF,
        summary="Nộp bản kết quả đã ký bằng công cụ và chứng thư số của riêng mình (USB token)",
    )
    async def upload_signed(
        self,
        category_id: FromPath[int],
        signing: NamedDependency[ResultsSigning],
        settings: NamedDependency[Settings],
        request: Request[User, Any, Any],
    ) -> dict[str, Any]:
        """Body: the results PDF (``Content-Type: application/pdf``) with the official's signature added."""
        return (await signing.upload_signed(category_id, request.user, await request.body(), settings)).as_dict()


def settings_out(info: Any) -> dict[str, Any]:
    return {
        "competition_id": info.id,
        "organiser": info.organiser,
        "order": info.order,
        "order_vi": ORDER_VI[info.order],
        "points": st.points_text(info.points),
        "count_by": info.count_by,
        "count_by_vi": COUNT_BY_TITLE_VI[info.count_by],
    }


results_router = Router(
    path="/", route_handlers=[ResultsController, ResultsDocumentController, ResultsSigningController], dependencies=dependencies
)
