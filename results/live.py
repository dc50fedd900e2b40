"""Corrections after publication: when a contest whose category's results were already issued
changes (a head referee's correction, a decision, an upheld appeal), the results of that category
and the competition's medal table are issued again at once, each new version superseding the
published one with the reason, so the code printed on the old paper says "superseded by ..." the
moment the result changed, not when someone next prints it.

Registered as the hub's outcome listener after the tournaments' (``assembly/app.py``), so the
bracket has moved on before the standing is recomputed. Idempotent: an unchanged standing issues
nothing (the register compares content digests).
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import async_sessionmaker

from base.clock import Clock
from base.db import AsyncSession
from base.register import DocumentStore, Register, latest
from base.settings import Settings
from results.issuing import ResultsDocuments
from results.service import ResultsService
from results.signing import department_certifier
from scoring.live.hub import ContestOutcome
from scoring.service import CompetitionService, ContestLogService
from tournaments.progress import ProgressService

log = logging.getLogger(__name__)

REASONS = {
    "appeal_closed": "Khiếu nại được giải quyết sau khi phát hành: kết quả thay đổi",
    "correction": "Trọng tài sửa điểm sau khi phát hành: kết quả thay đổi",
    "score_adjusted": "Trọng tài điều chỉnh điểm sau khi phát hành: kết quả thay đổi",
    "decision": "Quyết định của trọng tài sau khi phát hành: kết quả thay đổi",
}
DEFAULT = "Nhật ký điểm có sự kiện mới sau khi phát hành: kết quả thay đổi"


class ResultsFollower:
    def __init__(self, factory: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings) -> None:
        self.factory = factory
        self.clock = clock
        self.settings = settings

    async def __call__(self, outcome: ContestOutcome) -> None:
        if outcome.status != "ended":
            return
        async with self.factory() as session:
            bout = await ProgressService(session, self.clock, None).bout_of_contest(outcome.contest_id)
            if bout is None:
                return
            subject = f"results:category:{bout.category_id}"
            published = await latest(session, subject)
            if published is None:
                return  # nothing issued yet: the first print will be right
            rows = await ContestLogService(session).rows(outcome.contest_id)
            reason = REASONS.get(rows[-1].kind, DEFAULT) if rows else DEFAULT
            results = ResultsService(session, self.clock)
            register = Register(session, DocumentStore.for_settings(self.settings), self.clock, self.settings.resolved_public_url())
            documents = ResultsDocuments(results, register, department_certifier(self.settings, self.clock))
            label = (await CompetitionService(session).contest(outcome.contest_id)).label
            issued = await documents.category_pdf(bout.category_id, None, reason=f"{reason} ({label})" if label else reason)
            if issued.new:
                log.info("results of category %s issued again after contest %s changed", bout.category_id, outcome.contest_id)
                category = await results.category(bout.category_id)
                if await latest(session, f"results:medals:{category.competition_id}") is not None:
                    await documents.medals_pdf(category.competition_id, None, reason=reason)
