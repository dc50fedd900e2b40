"""Plain JSON shapes of appeals and evidence for the API and the pages (no framework imports)."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Any

from base.db import row_id
from scoring.appeals.models import Appeal, Evidence
from scoring.appeals.policy import AppealPolicy
from scoring.appeals.schemas import AppealOut, EvidenceOut
from scoring.appeals.wording import SIDES, STATES, label, when


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


def side_shown(side: str, info: dict[str, Any], lang: str) -> str:
    """ "Đỏ – Nguyễn Văn An (Quận 1)": the side's colour, its athlete and team when known."""
    athlete = info.get("sides", {}).get(side, {}) if isinstance(info.get("sides"), dict) else {}
    name, team = athlete.get("name", ""), athlete.get("team", "")
    return label(SIDES, side, lang) + (f" – {name}" if name else "") + (f" ({team})" if team else "")


def appeal_shown(a: Appeal, policy: AppealPolicy | None, info: dict[str, Any], lang: str, zone: tzinfo) -> dict[str, str]:
    """An appeal's facts as a person reads them: labels for codes, times in the venue's zone."""
    category = policy.category(a.category) if policy else None
    return {
        "contest": " – ".join(str(v) for v in (info.get("event"), info.get("label")) if v),
        "side": side_shown(a.side, info, lang),
        "side_colour": label(SIDES, a.side, lang),
        "category": category.shown_label(lang) if category else a.category,
        "category_source": category.shown_source(lang) if category else "",
        "state": label(STATES, a.state, lang),
        "filed_at": when(a.filed_at, zone, lang),
        "deadline": when(a.deadline, zone, lang),
        "decided_at": when(a.decided_at, zone, lang) if a.decided_at else "",
        "rules": policy.shown_source(lang) if policy else "—",
    }


def policy_out(policy: Any, lang: str = "vi") -> dict[str, Any]:
    return {
        "sport": policy.sport,
        "name": policy.name,
        "source": policy.source,
        "shown_name": policy.shown_name(lang),
        "shown_source": policy.shown_source(lang),
        "fee_vnd": policy.fee_vnd,
        "quota_per_contest": policy.quota_per_contest,
        "action_window_seconds": policy.action_window_seconds,
        "after_contest_seconds": policy.after_contest_seconds,
        "categories": [
            {
                "code": c.code,
                "label": c.label,
                "label_vi": c.label_vi,
                "source": c.source,
                "needs_action": c.needs_action,
                "shown_label": c.shown_label(lang),
                "shown_source": c.shown_source(lang),
            }
            for c in policy.categories
        ],
        "not_reviewable": [
            {
                "code": c.code,
                "label": c.label,
                "label_vi": c.label_vi,
                "source": c.source,
                "score_categories": list(c.score_categories),
                "shown_label": c.shown_label(lang),
                "shown_source": c.shown_source(lang),
            }
            for c in policy.not_reviewable
        ],
    }
