"""Plain JSON shapes of appeals and evidence for the API and the pages (no framework imports)."""

from __future__ import annotations

import json
from typing import Any

from base.db import row_id
from scoring.appeals.models import Appeal, Evidence
from scoring.appeals.schemas import AppealOut, EvidenceOut


def appeal_out(a: Appeal) -> AppealOut:
    return AppealOut(
        id=row_id(a),
        contest_id=a.contest_id,
        sport=a.sport,
        side=a.side,
        coach_user_id=a.coach_user_id,
        category=a.category,
        action_seq=a.action_seq,
        reason=a.reason,
        state=a.state,
        fee_vnd=a.fee_vnd,
        deadline=a.deadline,
        filed_at=a.filed_at,
        decided_at=a.decided_at,
        decision_reason=a.decision_reason,
        appended_seqs=json.loads(a.appended_seqs or "[]"),
    )


def evidence_out(e: Evidence) -> EvidenceOut:
    return EvidenceOut(
        id=row_id(e),
        contest_id=e.contest_id,
        appeal_id=e.appeal_id,
        kind=e.kind,
        sha256=e.sha256,
        size=e.size,
        mime=e.mime,
        filename=e.filename,
        info=json.loads(e.info or "{}"),
        has_thumbnail=bool(e.thumb_sha256),
        started_at=e.started_at,
        parent_id=e.parent_id,
        clip_start_ms=e.clip_start_ms,
        clip_end_ms=e.clip_end_ms,
        uploaded_at=e.uploaded_at,
    )


def policy_out(policy: Any) -> dict[str, Any]:
    return {
        "sport": policy.sport,
        "name": policy.name,
        "source": policy.source,
        "fee_vnd": policy.fee_vnd,
        "quota_per_contest": policy.quota_per_contest,
        "action_window_seconds": policy.action_window_seconds,
        "after_contest_seconds": policy.after_contest_seconds,
        "categories": [
            {"code": c.code, "label": c.label, "label_vi": c.label_vi, "source": c.source, "needs_action": c.needs_action}
            for c in policy.categories
        ],
        "not_reviewable": [
            {"code": c.code, "label": c.label, "label_vi": c.label_vi, "source": c.source, "score_categories": list(c.score_categories)}
            for c in policy.not_reviewable
        ],
    }
