"""What a coach may name in a filing: the contest log's actions, with their rule-set score category
(pure: the rule set and the events in, plain values out; no I/O).

The service hands ``logged_actions`` to the admissibility check (a press of a not-reviewable score
category is refused); the filing page lists ``action_rows`` and refreshes them over the field socket.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.appeals.admissibility import LoggedAction
from scoring.appeals.policy import AppealPolicy
from scoring.rules.contest import LogEvent
from scoring.rules.ruleset import Button, RuleSet

# Log events a coach may ask to review (clock starts, round starts, appeals themselves are not).
ACTION_KINDS = ("press", "mark", "card", "penalty", "score_adjusted", "decision", "correction", "clock_set")
# English msgids (Vietnamese in locale/vi/LC_MESSAGES/appeals.po).
KIND_TEXT = {
    "press": "Judge's press",
    "mark": "Judge's mark",
    "card": "Judge's card",
    "penalty": "Penalty",
    "score_adjusted": "Score adjustment",
    "decision": "Decision",
    "correction": "Correction",
    "clock_set": "Clock set",
}
SIDE_TEXT = {"red": "Red", "blue": "Blue", "athlete": "Athlete"}
# The other log events, as the review page's markers name them.
OTHER_KIND_TEXT = {
    "contest_created": "Contest created",
    "contest_started": "Contest started",
    "round_started": "Round started",
    "clock_started": "Clock started",
    "clock_paused": "Clock paused",
    "round_ended": "Round ended",
    "contest_ended": "Contest ended",
    "appeal_opened": "Appeal opened",
    "appeal_closed": "Appeal closed",
}


def _button(ruleset: RuleSet, data: Mapping[str, Any]) -> Button | None:
    consensus = ruleset.consensus
    if consensus is None:
        return None
    side = data.get("side")
    for button in consensus.buttons:
        if button.sides and side not in button.sides:
            continue
        if consensus.match == "side-code":
            if button.code is not None and button.code == data.get("code"):
                return button
            continue
        try:
            if Decimal(str(data.get("value"))) == button.value:
                return button
        except InvalidOperation:
            return None
    return None


def score_category(ruleset: RuleSet, event: LogEvent) -> str | None:
    """The rule set's score category of a press ("trunk", "head"...), None for any other event."""
    if event.kind != "press":
        return None
    button = _button(ruleset, event.data)
    return button.category if button is not None else None


def logged_actions(ruleset: RuleSet, events: Sequence[LogEvent]) -> tuple[LoggedAction, ...]:
    return tuple(LoggedAction(e.seq, e.kind, e.at, score_category(ruleset, e)) for e in events)


def _detail(ruleset: RuleSet, event: LogEvent, gettext: Callable[[str], str]) -> str:
    d = event.data
    if event.kind == "press":
        button = _button(ruleset, d)
        seat = f" ({d['seat']})" if d.get("seat") else ""
        return (gettext(button.label) if button is not None else str(d.get("value", ""))) + seat
    if event.kind == "penalty":
        bout = ruleset.bout
        rule = next((p for p in bout.penalties if p.code == d.get("code")), None) if bout is not None else None
        return gettext(rule.label) if rule is not None and rule.label else str(d.get("code", ""))
    if event.kind == "score_adjusted":
        return f"{d.get('delta', '')} {d.get('reason', '')}".strip()
    if event.kind == "correction":
        return f"#{d.get('corrects', '')} {d.get('reason', '')}".strip()
    if event.kind == "decision":
        return str(d.get("reason", ""))
    return ""


def action_rows(
    ruleset: RuleSet,
    policy: AppealPolicy,
    info: Mapping[str, Any],
    events: Sequence[LogEvent],
    gettext: Callable[[str], str],
    lang: str = "vi",
    limit: int = 30,
) -> list[dict[str, Any]]:
    """The latest actions, newest first, as the filing page shows them (texts in the page's language).

    ``not_reviewable`` carries the policy's label and article when the action is a point the policy
    excludes, so the page can say so before the coach taps "Gửi"."""
    rows = []
    sides = info.get("sides", {})
    for e in [e for e in events if e.kind in ACTION_KINDS][-limit:]:
        side = e.data.get("side")
        side_text = gettext(SIDE_TEXT[side]) if isinstance(side, str) and side in SIDE_TEXT else ""
        name = sides.get(side, {}).get("name", "") if isinstance(side, str) and isinstance(sides, Mapping) else ""
        category = score_category(ruleset, e)
        covered = policy.forbidden_score(category)
        rows.append(
            {
                "seq": e.seq,
                "kind": e.kind,
                "at": e.at.isoformat(),
                "side": side if isinstance(side, str) else None,
                "kind_text": gettext(KIND_TEXT[e.kind]),
                "side_text": f"{side_text} {name}".strip(),
                "detail": _detail(ruleset, e, gettext),
                "not_reviewable": {"label": covered.shown_label(lang), "source": covered.shown_source(lang)} if covered else None,
            }
        )
    return list(reversed(rows))


def event_text(ruleset: RuleSet, event: LogEvent, info: Mapping[str, Any], gettext: Callable[[str], str]) -> str:
    """Any log event in words, in the page's language ("Lỗi phạt · Đỏ Nguyễn Văn An · Gam-jeom",
    "Bắt đầu hiệp 1"): the review page's markers; never the event's raw data."""
    d = event.data
    if event.kind not in ACTION_KINDS:
        text = gettext(OTHER_KIND_TEXT.get(event.kind, "Other event"))
        number = d.get("round") if event.kind in ("round_started", "round_ended") else d.get("appeal_id")
        return f"{text} {number}" if number is not None else text
    side = d.get("side") or d.get("winner")
    sides = info.get("sides", {})
    name = sides.get(side, {}).get("name", "") if isinstance(side, str) and isinstance(sides, Mapping) else ""
    side_text = f"{gettext(SIDE_TEXT[side])} {name}".strip() if isinstance(side, str) and side in SIDE_TEXT else ""
    return " · ".join(t for t in (gettext(KIND_TEXT[event.kind]), side_text, _detail(ruleset, event, gettext)) if t)
