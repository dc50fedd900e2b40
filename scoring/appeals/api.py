"""Appeals HTTP API: file, review, withdraw, vote (the jury member's own); evidence alignment, markers and clips."""

from __future__ import annotations

import json
from typing import Any

from litestar import Controller, Request, Router, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from base.accounts.models import Role, User
from base.auth import requires_role
from base.i18n import CURRENT_LANGUAGE
from base.rows import storable_id
from scoring.appeals.actions import event_text
from scoring.appeals.api_uploads import ContentController, UploadController, UploadOptionsController
from scoring.appeals.deps import dependencies
from scoring.appeals.errors import AppealNotFound, EvidenceNotFound
from scoring.appeals.evidence import EvidenceService
from scoring.appeals.schemas import AlignIn, AppealCreate, AppealOut, ClipIn, EvidenceOut, JuryOut, VoteIn
from scoring.appeals.service import AppealService
from scoring.appeals.timeline import markers
from scoring.appeals.views import appeal_out, evidence_out, policy_out
from scoring.errors import ContestNotFound
from scoring.live.hub import LiveHub

JURY = (Role.REFEREE,)


def _appeal(appeal_id: int) -> int:
    """A path's appeal id; one no row can have (beyond 64 bits) is not found, never a database error."""
    if not storable_id(appeal_id):
        raise AppealNotFound(appeal_id)
    return appeal_id


def _evidence(evidence_id: int) -> int:
    if not storable_id(evidence_id):
        raise EvidenceNotFound(evidence_id)
    return evidence_id


def _contest(contest_id: int) -> int:
    if not storable_id(contest_id):
        raise ContestNotFound(contest_id)
    return contest_id


class AppealController(Controller):
    path = "/api/appeals"
    tags = ["appeals"]
    guards = [requires_role(Role.COACH, Role.REFEREE)]

    @post("/", guards=[requires_role(Role.COACH)])
    async def file(
        self, data: JSONBody[AppealCreate], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]
    ) -> AppealOut:
        return appeal_out(await appeals.file(request.user, data))

    @get("/")
    async def list_appeals(
        self, request: Request[User, Any, Any], appeals: NamedDependency[AppealService], contest_id: FromQuery[int | None] = None
    ) -> list[AppealOut]:
        return [appeal_out(a) for a in await appeals.list(request.user, contest_id if contest_id is None or storable_id(contest_id) else 0)]

    @get("/policy/{contest_id:int}")
    async def policy(self, contest_id: FromPath[int], appeals: NamedDependency[AppealService]) -> dict[str, Any]:
        return policy_out(await appeals.policy(_contest(contest_id)))

    @get("/actions/{contest_id:int}")
    async def actions(
        self, contest_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]
    ) -> list[dict[str, Any]]:
        """The contest's latest actions a coach may name, newest first, texts in the caller's language."""
        translations = request.app.state.translations
        return await appeals.actions(_contest(contest_id), translations.gettext, CURRENT_LANGUAGE.get())

    @get("/{appeal_id:int}")
    async def one(self, appeal_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]) -> AppealOut:
        return appeal_out(await appeals.get(request.user, _appeal(appeal_id)))

    @get("/{appeal_id:int}/evidence")
    async def evidence_list(
        self, appeal_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]
    ) -> list[EvidenceOut]:
        appeal = await appeals.get(request.user, _appeal(appeal_id))
        return [evidence_out(e) for e in await appeals.evidence.list_for(request.user, appeal)]

    @get("/{appeal_id:int}/custody", guards=[requires_role(*JURY)])
    async def custody(
        self, appeal_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]
    ) -> list[dict[str, Any]]:
        appeal = await appeals.get(request.user, _appeal(appeal_id))
        rows = await appeals.evidence.custody_log(appeal_id, appeal.contest_id)
        return [
            {
                "at": r.at.isoformat(),
                "actor": r.actor,
                "action": r.action,
                "evidence_id": r.evidence_id,
                "sha256": r.sha256,
                "detail": json.loads(r.detail),
            }
            for r in rows
        ]

    @post("/{appeal_id:int}/review", guards=[requires_role(*JURY)])
    async def review(
        self, appeal_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]
    ) -> AppealOut:
        return appeal_out(await appeals.start_review(request.user, _appeal(appeal_id)))

    @post("/{appeal_id:int}/withdraw")
    async def withdraw(
        self, appeal_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]
    ) -> AppealOut:
        return appeal_out(await appeals.withdraw(request.user, _appeal(appeal_id)))

    @post("/{appeal_id:int}/votes", guards=[requires_role(*JURY)])
    async def vote(
        self,
        appeal_id: FromPath[int],
        data: JSONBody[VoteIn],
        request: Request[User, Any, Any],
        appeals: NamedDependency[AppealService],
    ) -> AppealOut:
        """The logged-in jury member's own vote; the vote that settles the jury's majority decides."""
        return appeal_out(await appeals.vote(request.user, _appeal(appeal_id), data))

    @get("/{appeal_id:int}/jury", guards=[requires_role(*JURY)])
    async def jury(self, appeal_id: FromPath[int], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]) -> JuryOut:
        return await appeals.jury_status(request.user, await appeals.get(request.user, _appeal(appeal_id)))


class EvidenceController(Controller):
    path = "/api/appeals/evidence"
    tags = ["appeals"]
    guards = [requires_role(Role.COACH, Role.REFEREE)]

    @get("/{evidence_id:int}/markers")
    async def markers(
        self,
        evidence_id: FromPath[int],
        request: Request[User, Any, Any],
        evidence: NamedDependency[EvidenceService],
        hub: NamedDependency[LiveHub],
    ) -> list[dict[str, Any]]:
        row = await evidence.evidence(request.user, _evidence(evidence_id))
        rt = await hub.runtime(row.contest_id)
        duration = json.loads(row.info).get("duration_ms")
        gettext = request.app.state.translations.gettext
        words = {e.seq: event_text(rt.ruleset, e, rt.info, gettext) for e in rt.events}
        return [{**m.as_dict(), "label": words.get(m.seq, m.label)} for m in markers(rt.events, row.started_at, duration)]

    @put("/{evidence_id:int}/origin", guards=[requires_role(*JURY)])
    async def align(
        self, evidence_id: FromPath[int], data: JSONBody[AlignIn], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]
    ) -> EvidenceOut:
        return evidence_out(await appeals.align(request.user, _evidence(evidence_id), data.started_at, data.seq, data.video_s))

    @post("/{evidence_id:int}/clips", guards=[requires_role(*JURY)])
    async def clip(
        self, evidence_id: FromPath[int], data: JSONBody[ClipIn], request: Request[User, Any, Any], appeals: NamedDependency[AppealService]
    ) -> EvidenceOut:
        return evidence_out(await appeals.clip(request.user, _evidence(evidence_id), data))


appeals_router = Router(
    path="/",
    route_handlers=[AppealController, EvidenceController, UploadOptionsController, UploadController, ContentController],
    dependencies=dependencies,
)
