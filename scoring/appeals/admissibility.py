"""May this appeal be filed? A pure check of a filing against the sport's policy (no I/O).

A negative answer is a value: ``Admissibility(ok=False, reasons=[...])`` lists every rule the
filing breaks, so the coach sees all of them at once; only the service turns it into an error.
Each reason is a structured ``Reason`` (a code and its values, ``wording.py``) rendered in the
reader's language with the policy's labels and the venue's time, never a code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from scoring.appeals.lifecycle import AppealState
from scoring.appeals.policy import AppealPolicy, Category
from scoring.appeals.wording import Label, Reason


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
    why: tuple[Reason, ...]
    deadline: datetime | None
    fee_vnd: int
    zone: tzinfo = UTC  # the venue's: the deadline in a reason is its local time

    def texts(self, lang: str = "vi") -> tuple[str, ...]:
        return tuple(r.text(lang, self.zone) for r in self.why)

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.texts("en")

    @property
    def reasons_vi(self) -> tuple[str, ...]:
        return self.texts("vi")


def quota_used(policy: AppealPolicy, side: str, earlier: Sequence[tuple[str, AppealState]]) -> int:
    """Requests of ``side`` that count against its quota: every one, except an upheld one when
    the rules give the card back (WT art. 21.2: "unless the judges' meeting satisfies the coach")."""
    return sum(1 for s, state in earlier if s == side and not (state is AppealState.UPHELD and policy.quota_kept_when_upheld))


def _label(category: Category) -> Label:
    return Label(category.shown_label("vi"), category.label)


def _not_reviewable(category: Category) -> Reason:
    return Reason("not_reviewable", {"label": _label(category), "source": Label(category.shown_source("vi"), category.source)})


def _deadline(policy: AppealPolicy, filing: Filing, facts: ContestFacts, reasons: list[Reason]) -> datetime | None:
    if filing.action_seq is not None:
        action = next((a for a in facts.actions if a.seq == filing.action_seq), None)
        if action is None or action.kind == "contest_created":
            reasons.append(Reason("no_such_action", {"seq": filing.action_seq}))
            return None
        covered = policy.forbidden_score(action.score_category)
        if covered is not None:
            reasons.append(_not_reviewable(covered))
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
    zone: tzinfo = UTC,
) -> Admissibility:
    """Every reason this filing is refused (none: admissible), with its deadline and fee;
    ``zone`` is the venue's, in which a reason shows the deadline."""
    reasons: list[Reason] = []
    forbidden = policy.forbidden(filing.category)
    category = policy.category(filing.category)
    if forbidden is not None:
        reasons.append(_not_reviewable(forbidden))
    elif category is None:
        reasons.append(Reason("unknown_category", {"labels": tuple(_label(c) for c in policy.categories)}))
    elif category.needs_action and filing.action_seq is None:
        reasons.append(Reason("needs_action", {"label": _label(category)}))
    if filing.side not in facts.sides:
        reasons.append(Reason("unknown_side"))
    if not facts.started:
        reasons.append(Reason("not_started"))
    deadline = _deadline(policy, filing, facts, reasons)
    if deadline is not None and now > deadline:
        reasons.append(Reason("deadline_passed", {"at": deadline}))
    if quota_used(policy, filing.side, earlier) >= policy.quota_per_contest:
        reasons.append(Reason("quota_used", {"quota": policy.quota_per_contest}))
    return Admissibility(ok=not reasons, why=tuple(reasons), deadline=deadline, fee_vnd=policy.fee_vnd, zone=zone)
