"""May this appeal be filed? A pure check of a filing against the sport's policy (no I/O).

A negative answer is a value: ``Admissibility(ok=False, reasons=[...])`` lists every rule the
filing breaks, so the coach sees all of them at once; only the service turns it into an error.
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
    seq: int
    kind: str
    at: datetime


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


def quota_used(policy: AppealPolicy, side: str, earlier: Sequence[tuple[str, AppealState]]) -> int:
    """Requests of ``side`` that count against its quota: every one, except an upheld one when
    the rules give the card back (WT art. 21.2: "unless the judges' meeting satisfies the coach")."""
    return sum(1 for s, state in earlier if s == side and not (state is AppealState.UPHELD and policy.quota_kept_when_upheld))


def _deadline(policy: AppealPolicy, filing: Filing, facts: ContestFacts, reasons: list[str]) -> datetime | None:
    if filing.action_seq is not None:
        action = next((a for a in facts.actions if a.seq == filing.action_seq), None)
        if action is None or action.kind == "contest_created":
            reasons.append(f"the contest log has no action {filing.action_seq} to review")
            return None
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
    reasons: list[str] = []
    forbidden = policy.forbidden(filing.category)
    category = policy.category(filing.category)
    if forbidden is not None:
        reasons.append(f"not reviewable: {forbidden.label} ({forbidden.source})")
    elif category is None:
        codes = ", ".join(c.code for c in policy.categories)
        reasons.append(f"unknown category {filing.category!r}; reviewable: {codes}")
    elif category.needs_action and filing.action_seq is None:
        reasons.append(f"name the action to review ({category.label})")
    if filing.side not in facts.sides:
        reasons.append(f"side {filing.side!r} is not in this contest")
    if not facts.started:
        reasons.append("the contest has not started")
    deadline = _deadline(policy, filing, facts, reasons)
    if deadline is not None and now > deadline:
        reasons.append(f"the deadline passed at {deadline.isoformat(timespec='seconds')}")
    if quota_used(policy, filing.side, earlier) >= policy.quota_per_contest:
        reasons.append(f"the quota of {policy.quota_per_contest} request(s) per contest is used")
    return Admissibility(ok=not reasons, reasons=tuple(reasons), deadline=deadline, fee_vnd=policy.fee_vnd)
