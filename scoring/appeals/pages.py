"""Appeal pages: the coach's filing page, the jury's review page and the record as a PDF."""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Response, Router, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template

from base.accounts.models import Role, User
from base.auth import requires_role
from base.db import row_id
from base.i18n import CURRENT_LANGUAGE
from base.register import Register
from scoring.appeals.access import is_jury
from scoring.appeals.deps import dependencies
from scoring.appeals.issuing import appeal_record
from scoring.appeals.policy import policy_for
from scoring.appeals.service import AppealService
from scoring.appeals.views import appeal_out, appeal_shown, evidence_out, policy_out, side_shown
from scoring.appeals.wording import CONTEST_STATUS, REMEDIES, label
from scoring.live.hub import LiveHub

PAGE_ROLES = (Role.COACH, Role.REFEREE)


@get("/appeals", guards=[requires_role(*PAGE_ROLES)])
async def appeals_index(
    request: Request[User, Any, Any], appeals: NamedDependency[AppealService], hub: NamedDependency[LiveHub]
) -> Template:
    lang, zone = CURRENT_LANGUAGE.get(), request.app.state.clock.zone
    rows = []
    for a in await appeals.list(request.user):
        info = (await hub.runtime(a.contest_id)).info
        rows.append({"id": a.id, "state": a.state, **appeal_shown(a, policy_for(a.sport), info, lang, zone)})
    contests = []
    for c in await appeals.contests_started():
        info = (await hub.runtime(row_id(c))).info
        names = " – ".join(s.get("name", "") for s in info.get("sides", {}).values() if s.get("name"))
        shown = " – ".join(str(v) for v in (info.get("event"), c.label or info.get("label")) if v)
        contests.append({"id": c.id, "label": shown, "athletes": names, "status": label(CONTEST_STATUS, c.status, lang)})
    return Template(
        "appeals/index.html",
        context={"user": request.user, "appeals": rows, "contests": contests, "jury": is_jury(request.user)},
    )


@get("/appeals/new/{contest_id:int}", guards=[requires_role(Role.COACH)])
async def appeal_new(
    contest_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService], hub: NamedDependency[LiveHub]
) -> Template:
    """The coach's filing page: the latest actions (kept live over the field socket), the
    reviewable subjects, the side preselected when the coach has one athlete in the contest."""
    policy = await appeals.policy(contest_id)
    rt = await hub.runtime(contest_id)
    lang = CURRENT_LANGUAGE.get()
    actions = await appeals.actions(contest_id, request.app.state.translations.gettext, lang)
    coached = await appeals.coach_sides(request.user, contest_id)
    preselected = coached[0] if len(coached) == 1 else None
    return Template(
        "appeals/file.html",
        context={
            "user": request.user,
            "contest": rt.info,
            "contest_id": contest_id,
            "sides": rt.sides,
            "preselected": preselected,
            "policy": policy_out(policy, lang),
            "side_labels": {s: side_shown(s, rt.info, lang) for s in rt.sides},
            "boot": json.dumps(
                {
                    "contest_id": contest_id,
                    "fop_id": rt.fop_id,
                    "window_s": policy.action_window_seconds,
                    "actions": actions,
                },
                ensure_ascii=False,
            ).replace("</", "<\\/"),
        },
    )


@get("/appeals/{appeal_id:int}", guards=[requires_role(*PAGE_ROLES)])
async def appeal_page(appeal_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]) -> Template:
    record = await appeals.record(request.user, appeal_id)
    appeal = record["appeal"]
    lang = CURRENT_LANGUAGE.get()
    sides = list(record["contest"].get("sides", {}).keys()) or ["red", "blue"]
    context = {
        "user": request.user,
        "appeal": appeal_out(appeal),
        "shown": appeal_shown(appeal, record["policy"], record["contest"], lang, request.app.state.clock.zone),
        "action": await appeals.action_text(appeal, request.app.state.translations.gettext, lang),
        "log_events": await appeals.log_events(appeal.contest_id, request.app.state.translations.gettext),
        "side_labels": {s: side_shown(s, record["contest"], lang) for s in sides},
        "remedy_labels": {k: v.text(lang) for k, v in REMEDIES.items()},
        "contest": record["contest"],
        "evidence": [evidence_out(e) for e in record["evidence"]],
        "votes": record["votes"],
        "policy": policy_out(record["policy"], lang) if record["policy"] else None,
        "score": record["score"],
        "jury": await appeals.jury_status(request.user, appeal) if is_jury(request.user) else None,
        "boot": json.dumps(
            {
                "appeal_id": appeal.id,
                "contest_id": appeal.contest_id,
                "state": appeal.state,
                "sides": sides,
                "action_seq": appeal.action_seq,
            }
        ),
    }
    template = "appeals/review.html" if is_jury(request.user) else "appeals/status.html"
    return Template(template, context=context)


@get("/appeals/{appeal_id:int}/record.pdf", guards=[requires_role(*PAGE_ROLES)])
async def appeal_record_pdf(
    appeal_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService], register: NamedDependency[Register]
) -> Response[bytes]:
    """The record as issued (registered; the same bytes again while nothing was added)."""
    pdf = (await appeal_record(register, appeals, request.user, appeal_id, request.app.state.translations.gettext)).pdf
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="appeal-{appeal_id}.pdf"'})


appeals_pages = Router(
    path="/",
    route_handlers=[appeals_index, appeal_new, appeal_page, appeal_record_pdf],
    dependencies=dependencies,
    include_in_schema=False,
)
