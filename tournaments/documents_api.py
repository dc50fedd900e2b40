"""Documents of a tournament as downloads (bracket, weigh-in list, entry list, blank score sheets).

Each route gathers plain data through the tournament's services and views and hands it to a render
function of ``tournaments.documents``, issued through the register (``tournaments.issuing``: the
code on every page, the same bytes while unchanged); file names are ASCII-folded names, never ids."""

from __future__ import annotations

from typing import Any, Literal

from litestar import Controller, Request, Response, Router, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from base.accounts.models import User
from base.db import row_id
from base.errors import NotFound
from base.register import Register
from base.settings import Settings
from scoring.rules.catalog import load_ruleset
from tournaments import documents as doc
from tournaments import issuing
from tournaments.api import ENTRY_READERS, MANAGER, WEIGHERS, dependencies
from tournaments.models import Bout, Category
from tournaments.ordering import OrderService
from tournaments.views import bracket, category_out, entry_out, local

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEXT_SHEETS = 20


def _download(name: str, body: bytes, ext: str = "pdf") -> Response[bytes]:
    media = "application/pdf" if ext == "pdf" else XLSX
    how = "inline" if ext == "pdf" else "attachment"
    return Response(body, media_type=media, headers={"content-disposition": f'{how}; filename="{doc.ascii_fold(name)}.{ext}"'})


async def _heading(tournament: OrderService, category: Category | None, title: str = "") -> doc.Heading:
    competition_id = category.competition_id if category is not None else None
    competitions = {c.id: c.name for c in await tournament.competitions.competitions()}
    events = {e.id: e.name for e in await tournament.competitions.events(competition_id)}
    return doc.Heading(
        competition=competitions.get(competition_id, "") if competition_id is not None else "",
        category=category.name if category is not None else title,
        printed=local(tournament.clock, tournament.clock()),
        event=events.get(category.event_id, "") if category is not None else "",
    )


def _rounds(ruleset_id: str) -> int:
    try:
        rules = load_ruleset(ruleset_id)
    except Exception:  # an unknown or invalid rule set: the sheet keeps three rounds
        return 3
    if rules.bout is not None:
        return rules.bout.rounds
    if rules.cards is not None:
        return rules.cards.rounds
    return 3


class _Sheets:
    """Score sheets of bouts of several categories: one bracket view per category, read once."""

    def __init__(self, tournament: OrderService) -> None:
        self.t = tournament
        self.brackets: dict[int, dict[str, Any]] = {}
        self.fields: dict[int, str] = {}
        self.events: dict[int, tuple[str, str]] = {}

    async def sheet(self, category: Category, bout: Bout) -> doc.Sheet:
        cid = row_id(category)
        if cid not in self.brackets:
            self.brackets[cid] = await bracket(self.t, category)
        if not self.fields:
            self.fields = {row_id(f): f.name for f in await self.t.competitions.fops(category.competition_id)}
        if category.event_id not in self.events:
            self.events.update({row_id(e): (e.name, e.ruleset_id) for e in await self.t.competitions.events(category.competition_id)})
        match: dict[str, Any] = next((m for m in self.brackets[cid]["matches"] if m["key"] == bout.match_key), {})
        event, ruleset = self.events.get(category.event_id, ("", ""))
        return doc.Sheet(
            category=category.name,
            event=event,
            label=bout.label,
            field=self.fields.get(bout.fop_id, "") if bout.fop_id is not None else "",
            planned=local(self.t.clock, bout.planned_start),
            red=match.get("red"),
            blue=match.get("blue"),
            performance=bool(match.get("performance")),
            rounds=_rounds(ruleset),
        )


class DocumentController(Controller):
    path = "/api/tournaments"
    tags = ["tournaments"]

    @get("/categories/{category_id:int}/bracket.pdf", guards=[MANAGER])
    async def bracket_pdf(
        self,
        category_id: FromPath[int],
        tournament: NamedDependency[OrderService],
        settings: NamedDependency[Settings],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
        size: FromQuery[Literal["a4", "a3"]] = "a4",
    ) -> Response[bytes]:
        category = await tournament.category(category_id)
        data = await bracket(tournament, category)
        url = f"{settings.resolved_public_url()}/brackets/{row_id(category)}"
        heading = await _heading(tournament, category)
        issued = await issuing.issue(
            register,
            request.user,
            issuing.BRACKET,
            f"Sơ đồ thi đấu {category.name} ({size.upper()})",
            f"bracket:{category_id}:{size}",
            heading,
            lambda stamp: doc.bracket_pdf(data, heading, url, size, stamp=stamp),
            data,
        )
        return _download(f"so-do {category.name} {size}", issued.pdf)

    @get("/categories/{category_id:int}/weigh-in.pdf", guards=[WEIGHERS])
    async def weigh_in_pdf(
        self,
        category_id: FromPath[int],
        tournament: NamedDependency[OrderService],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
    ) -> Response[bytes]:
        category = await tournament.category(category_id)
        entries = [entry_out(e) for e in await tournament.weigh_list(category_id)]
        shown, heading = category_out(category, tournament.clock), await _heading(tournament, category)
        issued = await issuing.issue(
            register,
            request.user,
            issuing.WEIGH_IN,
            f"Danh sách cân {category.name}",
            f"weigh-in:{category_id}",
            heading,
            lambda stamp: doc.weigh_in_pdf(shown, entries, heading, stamp=stamp),
            (shown, entries),
        )
        return _download(f"danh-sach-can {category.name}", issued.pdf)

    @get("/categories/{category_id:int}/entries.pdf", guards=[ENTRY_READERS])
    async def entries_pdf(
        self,
        category_id: FromPath[int],
        tournament: NamedDependency[OrderService],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
    ) -> Response[bytes]:
        category = await tournament.category(category_id)
        entries = [entry_out(e) for e in await tournament.entry_rows(category_id)]
        shown, heading = category_out(category, tournament.clock), await _heading(tournament, category)
        issued = await issuing.issue(
            register,
            request.user,
            issuing.ENTRIES,
            f"Danh sách đăng ký {category.name}",
            f"entries:{category_id}",
            heading,
            lambda stamp: doc.entries_pdf(shown, entries, heading, stamp=stamp),
            (shown, entries),
        )
        return _download(f"danh-sach-dang-ky {category.name}", issued.pdf)

    @get("/categories/{category_id:int}/entries.xlsx", guards=[ENTRY_READERS])
    async def entries_xlsx(self, category_id: FromPath[int], tournament: NamedDependency[OrderService]) -> Response[bytes]:
        category = await tournament.category(category_id)
        entries = [entry_out(e) for e in await tournament.entry_rows(category_id)]
        body = doc.entries_xlsx(category_out(category, tournament.clock), entries, await _heading(tournament, category))
        return _download(f"danh-sach-dang-ky {category.name}", body, "xlsx")

    @get("/categories/{category_id:int}/score-sheets.pdf", guards=[MANAGER])
    async def category_sheets(
        self,
        category_id: FromPath[int],
        tournament: NamedDependency[OrderService],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
    ) -> Response[bytes]:
        category = await tournament.category(category_id)
        data = await bracket(tournament, category)
        sheets = _Sheets(tournament)
        sheets.brackets[row_id(category)] = data
        out = []
        for m in data["matches"]:
            if m["bout_id"] is None or m["status"] in ("bye", "cancelled"):
                continue
            out.append(await sheets.sheet(category, await tournament.bout(m["bout_id"])))
        heading = await _heading(tournament, category)
        issued = await issuing.issue(
            register,
            request.user,
            issuing.SHEETS,
            f"Biên bản thi đấu {category.name}",
            f"sheets:category:{category_id}",
            heading,
            lambda stamp: doc.score_sheets_pdf(out, heading, stamp=stamp),
            out,
        )
        return _download(f"bien-ban {category.name}", issued.pdf)

    @get("/bouts/{bout_id:int}/score-sheet.pdf", guards=[MANAGER])
    async def bout_sheet(
        self,
        bout_id: FromPath[int],
        tournament: NamedDependency[OrderService],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
    ) -> Response[bytes]:
        bout = await tournament.bout(bout_id)
        category = await tournament.category(bout.category_id)
        sheet = await _Sheets(tournament).sheet(category, bout)
        heading = await _heading(tournament, category)
        issued = await issuing.issue(
            register,
            request.user,
            issuing.SHEETS,
            f"Biên bản thi đấu {category.name} — {bout.label}",
            f"sheets:bout:{bout_id}",
            heading,
            lambda stamp: doc.score_sheets_pdf([sheet], heading, stamp=stamp),
            sheet,
        )
        return _download(f"bien-ban {category.name} {bout.label}", issued.pdf)

    @get("/fields/{fop_id:int}/score-sheets.pdf", guards=[MANAGER])
    async def field_sheets(
        self,
        fop_id: FromPath[int],
        tournament: NamedDependency[OrderService],
        register: NamedDependency[Register],
        request: Request[User, Any, Any],
        count: FromQuery[int] = NEXT_SHEETS,
    ) -> Response[bytes]:
        fop = next((f for f in await tournament.competitions.fops() if f.id == fop_id), None)
        if fop is None:  # (CompetitionService.fop builds its NotFound with two positional values: a TypeError, so a 500)
            raise NotFound("sân thi đấu", detail=f"field of play {fop_id}")
        count = max(1, min(count, 200))
        rows = [(c, b) for c, b in await tournament.field_bouts(fop_id) if b.status != "done"][:count]
        sheets = _Sheets(tournament)
        out = [await sheets.sheet(c, b) for c, b in rows]
        competitions = {c.id: c.name for c in await tournament.competitions.competitions()}
        heading = doc.Heading(
            competition=competitions.get(fop.competition_id, ""),
            category=f"{fop.name} — thứ tự thi đấu",
            printed=local(tournament.clock, tournament.clock()),
        )
        issued = await issuing.issue(
            register,
            request.user,
            issuing.SHEETS,
            f"Biên bản thi đấu {fop.name} — {count} trận tiếp theo",
            f"sheets:field:{fop_id}:{count}",
            heading,
            lambda stamp: doc.score_sheets_pdf(out, heading, stamp=stamp),
            out,
        )
        return _download(f"bien-ban {fop.name}", issued.pdf)


tournaments_documents = Router(path="/", route_handlers=[DocumentController], dependencies=dependencies)
