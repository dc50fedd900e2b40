"""May this appeal be filed? A pure check of a filing against the sport's policy (no I/O).

A negative answer is a value: ``Admissibility(ok=False, reasons=[...])`` lists every rule the
filing breaks, so the coach sees all of them at once; only the service turns it into an error.
Each reason comes in English (``reasons``, the API's detail) and Vietnamese (``reasons_vi``, the
message a person reads), with the policy's labels, never its codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from scoring.appeals.lifecycle import AppealState
from scoring.appeals.policy import AppealPolicy


@dataclass(frozen=True, slots=True)
class Filing:
    category: str
    side: str
    action_seq: int | None


@dataclass(frozen=True, slots=True)
class LoggedAction:
    """One event of the contest log as the check needs it. ``score_category`` is the rule set's
    score category of a press (its button's ``category``: "trunk", "head"...), or None."""

    seq: int
    kind: str
    at: datetime
    score_category: str | None = None


@dataclass(frozen=True, slots=True)
class ContestFacts:
    sides: tuple[str, ...]
    started: bool
    ended_at: datetime | None
    actions: tuple[LoggedAction, ...]


@dataclass(frozen=True, slots=True)
class Admissibility:
    ok: bool
    reasons: tuple[str, ...]
    deadline: datetime | None
    fee_vnd: int
    reasons_vi: tuple[str, ...] = ()


class _Reasons:
    """Reasons collected in both languages, in the same order."""

    def __init__(self) -> None:
        self.en: list[str] = []
        self.vi: list[str] = []

    def add(self, en: str, vi: str) -> None:
        self.en.append(en)
        self.vi.append(vi)


def quota_used(policy: AppealPolicy, side: str, earlier: Sequence[tuple[str, AppealState]]) -> int:
    """Requests of ``side`` that count against its quota: every one, except an upheld one when
    the rules give the card back (WT art. 21.2: "unless the judges' meeting satisfies the coach")."""
    return sum(1 for s, state in earlier if s == side and not (state is AppealState.UPHELD and policy.quota_kept_when_upheld))


def _not_reviewable(label_en: str, label_vi: str, source: str) -> tuple[str, str]:
    return f"not reviewable: {label_en} ({source})", f"không được xem lại: {label_vi} ({source})"


def _deadline(policy: AppealPolicy, filing: Filing, facts: ContestFacts, reasons: _Reasons) -> datetime | None:
    if filing.action_seq is not None:
        action = next((a for a in facts.actions if a.seq == filing.action_seq), None)
        if action is None or action.kind == "contest_created":
            reasons.add(
                f"the contest log has no action {filing.action_seq} to review",
                f"biên bản trận không có hành động số {filing.action_seq} để xem lại",
            )
            return None
        covered = policy.forbidden_score(action.score_category)
        if covered is not None:
            reasons.add(*_not_reviewable(covered.label, covered.shown_label("vi"), covered.source))
        return action.at + timedelta(seconds=policy.action_window_seconds)
    if facts.ended_at is not None:
        return facts.ended_at + timedelta(seconds=policy.after_contest_seconds)
    return None


def check_filing(
    policy: AppealPolicy,
    filing: Filing,
    facts: ContestFacts,
    earlier: Sequence[tuple[str, AppealState]],
    now: datetime,
) -> Admissibility:
    """Every reason this filing is refused (none: admissible), with its deadline and fee."""
    reasons = _Reasons()
    forbidden = policy.forbidden(filing.category)
    category = policy.category(filing.category)
    if forbidden is not None:
        reasons.add(*_not_reviewable(forbidden.label, forbidden.shown_label("vi"), forbidden.source))
    elif category is None:
        codes = ", ".join(c.code for c in policy.categories)
        labels = "; ".join(c.shown_label("vi") for c in policy.categories)
        reasons.add(
            f"unknown category {filing.category!r}; reviewable: {codes}",
            f"nội dung khiếu nại không có trong quy định; được xem lại: {labels}",
        )
    elif category.needs_action and filing.action_seq is None:
        reasons.add(
            f"name the action to review ({category.label})",
            f"hãy chọn hành động cần xem lại ({category.shown_label('vi')})",
        )
    if filing.side not in facts.sides:
        reasons.add(f"side {filing.side!r} is not in this contest", "bên được chọn không có trong trận này")
    if not facts.started:
        reasons.add("the contest has not started", "trận đấu chưa bắt đầu")
    deadline = _deadline(policy, filing, facts, reasons)
    if deadline is not None and now > deadline:
        at = deadline.isoformat(timespec="seconds")
        reasons.add(f"the deadline passed at {at}", f"đã quá hạn lúc {at}")
    if quota_used(policy, filing.side, earlier) >= policy.quota_per_contest:
        reasons.add(
            f"the quota of {policy.quota_per_contest} request(s) per contest is used",
            f"đã dùng hết {policy.quota_per_contest} lượt khiếu nại của trận",
        )
    return Admissibility(
        ok=not reasons.en,
        reasons=tuple(reasons.en),
        deadline=deadline,
        fee_vnd=policy.fee_vnd,
        reasons_vi=tuple(reasons.vi),
    )
