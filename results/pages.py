"""Public pages of the results domain: the competitions' results, each category's standing and the
medal table (phone-friendly, updating while the event runs), and the manager's results settings.

Everything shown is recomputed by ``ResultsService`` from the draws and the contests' results."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template

from base.accounts.models import Role
from base.auth import current_user
from base.i18n import CURRENT_LANGUAGE
from results import standings as st
from results.api import dependencies
from results.errors import ResultsError
from results.labels import LABELS
from results.service import ORDER_VI, ResultsService, medal_out, standing_out
from results.signing import ResultsSigning
from tournaments.labels import labeller

PUBLIC = {"public": True}


def _page(name: str, request: Request[Any, Any, Any], /, **context: Any) -> Template:
    user = current_user(request)
    manager = user is not None and user.has_role(Role.MANAGER)
    issuer = user is not None and user.has_role(Role.MANAGER, Role.REFEREE)  # who prints and signs results
    label = labeller(request.app.state.translations.gettext, LABELS)
    return Template(f"results/{name}.html", context={"user": user, "manager": manager, "issuer": issuer, "label": label, **context})


@get("/results", opt=PUBLIC)
async def index(request: Request[Any, Any, Any], results: NamedDependency[ResultsService]) -> Template:
    comps = await results.draws.competitions.competitions()
    rows = [await results.competition(c.id) for c in comps if c.id is not None]
    return _page("index", request, competitions=rows)


@get("/results/{competition_id:int}", opt=PUBLIC)
async def competition_page(
    request: Request[Any, Any, Any], results: NamedDependency[ResultsService], competition_id: FromPath[int]
) -> Template:
    standings = await results.standings(competition_id)
    table = await results.medal_table(competition_id, standings)
    by_event: dict[str, list[dict[str, Any]]] = {}
    for s in standings:
        by_event.setdefault(s.event, []).append(standing_out(s))
    return _page(
        "competition",
        request,
        m=medal_out(table),
        info=table.competition,
        events=by_event,
        orders=ORDER_VI,
        units=st.COUNT_BY,
        points=st.points_text(table.competition.points),
    )


@get("/results/categories/{category_id:int}", opt=PUBLIC)
async def category_page(
    request: Request[Any, Any, Any],
    results: NamedDependency[ResultsService],
    signing: NamedDependency[ResultsSigning],
    category_id: FromPath[int],
) -> Template:
    category = await results.category(category_id)
    s = await results.standing_of(category)
    info = await results.competition(category.competition_id)
    user = current_user(request)
    signatures = None
    if s.final and user is not None and user.has_role(Role.MANAGER, Role.REFEREE):
        try:
            signatures = (await signing.state(category_id, user)).as_dict()
        except ResultsError as exc:
            signatures = {"error": exc.message(CURRENT_LANGUAGE.get())}
    judged = any(ln.stages for ln in s.lines)
    return _page("category", request, s=standing_out(s), info=info, signatures=signatures, judged=judged)


results_pages = Router(path="/", route_handlers=[index, competition_page, category_page], dependencies=dependencies)
