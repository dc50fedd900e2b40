"""HTTP API of the results domain: public, read-only standings and medal table (JSON and CSV, for
the department's web site to pull), and the manager's results settings. Controllers stay thin."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from athletes.documents import csv_bytes
from base.accounts.models import Role, User
from base.auth import requires_role
from base.clock import Clock
from base.db import AsyncSession
from results import standings as st
from results.schemas import SettingsIn
from results.service import ORDER_VI, MedalTable, ResultsService, medal_out, standing_out

MANAGER = requires_role(Role.MANAGER)
PUBLIC = {"public": True}


def provide_results(
    db_session: NamedDependency[AsyncSession], clock: NamedDependency[Clock], request: Request[Any, Any, Any]
) -> ResultsService:
    return ResultsService(db_session, clock, request.user if isinstance(request.scope.get("user"), User) else None)


dependencies = {"results": Provide(provide_results, sync_to_thread=False)}

STANDING_HEADERS = ("Nội dung", "Hạng cân / nội dung", "Hạng", "Huy chương", "Họ và tên", "Đơn vị", "Điểm", "Thắng", "Thua", "Trạng thái")
MEDAL_HEADERS = ("Hạng", "Đơn vị", "Vàng", "Bạc", "Đồng", "Tổng huy chương", "Điểm")


def standing_rows(s: st.Standing) -> list[list[Any]]:
    return [
        [s.event, s.name, ln.place or "", st.MEDAL_VI[ln.medal], ln.name, ln.team, ln.score, ln.won, ln.lost, s.status_vi] for ln in s.lines
    ]


def medal_rows(t: MedalTable) -> list[list[Any]]:
    return [[r.rank, r.team or "(chưa ghi đơn vị)", r.gold, r.silver, r.bronze, r.medals, r.points] for r in t.rows]


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
        return _csv("tong-sap-huy-chuong", MEDAL_HEADERS, medal_rows(await results.medal_table(competition_id)))

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
        info = await results.save_settings(competition_id, organiser=data.organiser, order=data.order, points=data.points)
        return settings_out(info)


def settings_out(info: Any) -> dict[str, Any]:
    return {
        "competition_id": info.id,
        "organiser": info.organiser,
        "order": info.order,
        "order_vi": ORDER_VI[info.order],
        "points": st.points_text(info.points),
    }


results_router = Router(path="/", route_handlers=[ResultsController], dependencies=dependencies)
