"""The live interface: fold a contest's event log through its rule set into a ContestScore, check a
payload before the hub appends it, and describe what a judge tablet must show (``input_spec``).

A contest's truth is its log: corrections void earlier events (replayed, never edited); events the
rule set refuses are listed in ``ContestScore.ignored`` with the reason and change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from scoring.rules.contest import ContestScore, LogEvent, SideScore, effect_us, ignored_entry, pressed_at, voided_seqs
from scoring.rules.errors import InputInvalid
from scoring.rules.fold_bout import BoutFold, button_index, parse_decision, parse_press, penalty_rule
from scoring.rules.fold_cards import CardsFold
from scoring.rules.fold_panel import PanelFold, component_for, published_component
from scoring.rules.panel import check_code, check_mark
from scoring.rules.rounding import plain, to_decimal
from scoring.rules.ruleset import RuleSet

__all__ = ["ContestFold", "ContestScore", "LogEvent", "SideScore", "check_payload", "input_spec", "score_contest"]

Fold = BoutFold | PanelFold | CardsFold


def contest_sides(ruleset: RuleSet, created: Mapping[str, Any]) -> tuple[str, ...]:
    """The sides named by contest_created (default: the rule set's), checked for the sport."""
    raw = created.get("sides") or list(ruleset.sides)
    if not isinstance(raw, list | tuple) or not all(isinstance(s, str) and s for s in raw) or len(set(raw)) != len(raw):
        raise InputInvalid("contest_created", f"sides {raw!r} must be distinct names")
    need = 1 if ruleset.kind in ("panel", "skating") else 2
    if len(raw) != need:
        raise InputInvalid("contest_created", f"a {ruleset.kind} contest has {need} side(s), got {len(raw)}")
    return tuple(raw)


def _new_fold(ruleset: RuleSet, created: LogEvent) -> Fold:
    d = created.data
    if created.kind != "contest_created":
        raise InputInvalid("log", f"the first event must be contest_created, got {created.kind!r}")
    if d.get("ruleset") not in (None, ruleset.id):
        raise InputInvalid("contest_created", f"contest uses rule set {d.get('ruleset')!r}, not {ruleset.id!r}")
    if ruleset.kind == "skating":
        raise InputInvalid("contest_created", "figure skating segments are scored from a protocol sheet (arena score)")
    sides = contest_sides(ruleset, d)
    params = d.get("params") or {}
    if not isinstance(params, Mapping):
        raise InputInvalid("contest_created", "params must be an object")
    if ruleset.kind == "panel":
        return PanelFold(ruleset, sides[0], params)
    if ruleset.kind == "cards":
        return CardsFold(ruleset, sides)
    return BoutFold(ruleset, sides)


class ContestFold:
    """Incremental fold: ``apply`` one event at a time (O(1) for a press), ``result`` any time.

    A correction replays the log without the voided event. ``apply(ev, strict=True)`` raises
    InputInvalid for a payload the rule set refuses and leaves the fold unchanged (the hub calls it
    before appending); in a replay (strict=False) such an event is listed in ``ignored``.
    """

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.events: list[LogEvent] = []
        self._fold: Fold | None = None
        self._ignored: list[dict[str, Any]] = []

    def apply(self, ev: LogEvent, strict: bool = False) -> None:
        if self._fold is None:
            self._fold = _new_fold(self.ruleset, ev)
            self.events.append(ev)
            return
        if ev.kind == "correction" or _retroactive(ev, self.events):
            self.events.append(ev)
            self._replay()
            return
        try:
            self._fold.apply(ev)
        except InputInvalid as error:
            if strict:
                raise
            self._ignored.append(ignored_entry(ev, error))
        self.events.append(ev)

    def _replay(self) -> None:
        void = voided_seqs(self.events)
        events, late = effect_plan([e for e in self.events if e.seq not in void])
        self._fold, self._ignored = _new_fold(self.ruleset, events[0]), []
        self._ignored.extend(late_entry(seq, reason) for seq, reason in late.items())
        for ev in events[1:]:
            if ev.kind == "correction":
                continue
            try:
                self._fold.apply(ev)
            except InputInvalid as error:
                self._ignored.append(ignored_entry(ev, error))

    def result(self) -> ContestScore:
        if self._fold is None:
            raise InputInvalid("log", "the log is empty: no contest_created")
        return self._fold.result(list(self._ignored), self.events[-1].seq)


def late_entry(seq: int, reason: str) -> dict[str, Any]:
    """A late press the rules could not take any more, as ``ContestScore.ignored`` lists it."""
    return {"seq": seq, "kind": "press", "reason": LATE_REASONS[reason], "late": reason}


def _adjusted_round(ev: LogEvent) -> int | None:
    r = ev.data.get("round") if ev.kind == "score_adjusted" else None
    return r if isinstance(r, int) and not isinstance(r, bool) else None


def _retroactive(ev: LogEvent, earlier: Sequence[LogEvent]) -> bool:
    """A score adjustment naming a round that has already ended (an appeal decided afterwards), or
    a late keypad press made before an event already in the log took effect."""
    r = _adjusted_round(ev)
    if r is not None:
        return any(e.kind == "round_ended" and e.data.get("round") == r for e in earlier)
    if pressed_at(ev) is None:
        return False
    when = effect_us(ev)
    return any(effect_us(e) > when for e in reversed(earlier))


# A late press cannot be placed before these: what was pressed in an ended round, before the
# contest started or before a decision stays out (the rules decided without it).
LATE_BARRIERS = {
    "contest_created": "before_start",
    "contest_started": "before_start",
    "round_started": "between_rounds",
    "round_ended": "round_over",
    "contest_ended": "contest_over",
    "decision": "contest_over",
}
LATE_REASONS = {
    "before_start": "late, not counted: pressed before the contest started",
    "round_over": "late, not counted: the round it was pressed in had ended when it arrived",
    "between_rounds": "late, not counted: pressed between rounds",
    "contest_over": "late, not counted: the contest had been decided when it arrived",
}


def effect_order(events: Sequence[LogEvent]) -> list[LogEvent]:
    """The log in the order its events take effect (see ``effect_plan``)."""
    return effect_plan(events)[0]


def effect_plan(events: Sequence[LogEvent]) -> tuple[list[LogEvent], dict[int, str]]:
    """The log in the order its events take effect, and the late presses that cannot count (seq ->
    reason code of ``LATE_REASONS``).

    An adjustment that names an ended round counts in that round, as if made just before its end,
    so the round's outcome is decided with it. A late keypad press (``pressed_at``) takes effect at
    its press time, among the presses and events of that moment, as if it had arrived then; when an
    event of ``LATE_BARRIERS`` lies between its press and its arrival it stays out. Each event is
    placed among the events logged before it only, so the plan of a log never depends on what was
    appended later. The log itself is never reordered; only the fold reads it this way."""
    out: list[LogEvent] = []
    late: dict[int, str] = {}
    ended_at: dict[Any, int] = {}
    for ev in events:
        r = _adjusted_round(ev)
        if r is not None and r in ended_at:
            _insert(out, ended_at, ended_at[r], ev)
            continue
        if pressed_at(ev) is not None:
            when, at = effect_us(ev), len(out)
            while at > 0 and effect_us(out[at - 1]) > when:
                at -= 1
            barrier = next((LATE_BARRIERS[e.kind] for e in out[at:] if e.kind in LATE_BARRIERS), None)
            if at == 0:
                barrier = "before_start"
            if barrier is not None:
                late[ev.seq] = barrier
                continue
            _insert(out, ended_at, at, ev)
            continue
        if ev.kind == "round_ended":
            ended_at[ev.data.get("round")] = len(out)
        out.append(ev)
    return out, late


def _insert(out: list[LogEvent], ended_at: dict[Any, int], at: int, ev: LogEvent) -> None:
    """Put ``ev`` at position ``at`` and keep the round ends' positions right."""
    out.insert(at, ev)
    for k, i in ended_at.items():
        if i >= at:
            ended_at[k] = i + 1


def score_contest(ruleset: RuleSet, events: Sequence[LogEvent]) -> ContestScore:
    """Fold a whole log (seq order, seq 1 = contest_created) into the contest's score.

    Raises InputInvalid only when the log cannot be read at all (empty, no contest_created, wrong
    rule set, naive timestamps); refused events are listed in ``ignored``.
    """
    if not events:
        raise InputInvalid("log", "the log is empty: no contest_created")
    void = voided_seqs(events)
    fold = ContestFold(ruleset)
    fold.apply(events[0])
    for ev in events[1:]:
        if ev.seq not in void and ev.kind != "correction":
            fold.apply(ev)
    fold.events = list(events)
    return fold.result()


def check_payload(ruleset: RuleSet, sides: Sequence[str], kind: str, data: Mapping[str, Any]) -> None:
    """Raise InputInvalid if the rule set refuses this payload (unknown seat, button, code, mark
    off the scale); the hub calls it before appending. Kinds it does not score pass."""
    probe = LogEvent(0, kind, data, datetime(2000, 1, 1, tzinfo=UTC))
    if kind == "press" and ruleset.kind == "buttons":
        parse_press(ruleset, sides, button_index(ruleset, sides), probe, 1)
    elif kind == "mark" and ruleset.kind == "panel":
        comp = component_for(ruleset, data.get("seat"), data.get("component"))
        if comp.input == "codes" or data.get("code") is not None:
            check_code(comp, str(data.get("seat")), data.get("code"))
        else:
            check_mark(comp, str(data.get("seat")), to_decimal(data.get("value"), "mark value"))
    elif kind == "panel_score" and ruleset.kind == "panel":
        published_component(ruleset, data)
    elif kind == "card" and ruleset.cards is not None:
        CardsFold(ruleset, tuple(sides)).apply(probe)
    elif kind == "penalty":
        _check_penalty(ruleset, sides, data)
    elif kind == "decision":
        parse_decision(sides, data)
    elif kind in ("press", "mark", "card", "panel_score"):
        raise InputInvalid(kind, f"a {ruleset.kind} rule set takes no {kind} events")


def _check_penalty(ruleset: RuleSet, sides: Sequence[str], data: Mapping[str, Any]) -> None:
    if ruleset.panel is not None:
        codes = [p.code for p in ruleset.panel.penalties]
        if data.get("code") not in codes:
            raise InputInvalid("penalty", f"code {data.get('code')!r} is not one of {codes}")
    else:
        penalties = ruleset.bout.penalties if ruleset.bout else ruleset.cards.penalties if ruleset.cards else ()
        penalty_rule(penalties, sides, data)


def input_spec(ruleset: RuleSet) -> dict[str, Any]:
    """JSON-able description of a judge tablet: mode, seats, and buttons / components / cards."""
    base: dict[str, Any] = {"ruleset": ruleset.id, "name": ruleset.name, "sport": ruleset.sport, "sides": list(ruleset.sides)}
    if ruleset.consensus is not None and ruleset.bout is not None:
        c = ruleset.consensus
        buttons = [
            {"side": s, "value": plain(b.value), "label": b.label, "code": b.code, "category": b.category}
            for s in ruleset.sides
            for b in c.buttons
            if not b.sides or s in b.sides
        ]
        penalties = [{"code": p.code, "label": p.label} for p in ruleset.bout.penalties]
        return base | {
            "mode": "buttons",
            "seats": list(c.seats),
            "buttons": buttons,
            "penalties": penalties,
            "rounds": ruleset.bout.rounds,
            "quorum": c.quorum,
            "window": plain(c.window),
        }
    if ruleset.panel is not None:
        comps = [
            {
                "name": c.name,
                "label": c.label or c.name,
                "seats": list(c.all_seats),
                "input": c.input,
                "min": plain(c.min),
                "max": plain(c.max),
                "step": plain(c.step) if c.step else None,
                **(
                    {
                        "quorum": c.quorum,
                        "codes": [{"code": d.code, "amount": plain(d.amount), "label": d.label or d.code} for d in c.codes],
                    }
                    if c.input == "codes"
                    else {}
                ),
            }
            for c in ruleset.panel.components
        ]
        seats = list(dict.fromkeys(s for c in ruleset.panel.components for s in c.all_seats))
        first = comps[0]
        return base | {
            "mode": "marks",
            "seats": seats,
            "components": comps,
            "min": first["min"],
            "max": first["max"],
            "step": first["step"],
            "params": list(ruleset.panel.multipliers),
            "penalties": [{"code": p.code, "label": p.label, "needs_value": p.amount is None} for p in ruleset.panel.penalties],
        }
    if ruleset.skating is not None:
        sk = ruleset.skating
        goe = {
            "name": "GOE",
            "label": "Grade of execution",
            "seats": list(sk.judges),
            "input": "grade",
            "min": str(sk.goe_min),
            "max": str(sk.goe_max),
            "step": "1",
        }
        comps = [
            {
                "name": c,
                "label": c,
                "seats": list(sk.judges),
                "input": "mark",
                "min": plain(sk.component_min),
                "max": plain(sk.component_max),
                "step": plain(sk.component_step),
            }
            for c in sk.components
        ]
        return base | {
            "mode": "marks",
            "seats": list(sk.judges),
            "components": [goe, *comps],
            "min": goe["min"],
            "max": goe["max"],
            "step": "1",
            "params": [],
            "penalties": [],
        }
    assert ruleset.cards is not None
    k = ruleset.cards
    return base | {
        "mode": "cards",
        "seats": list(k.seats),
        "rounds": k.rounds,
        "must": plain(k.must),
        "min": plain(k.min),
        "penalties": [{"code": p.code, "label": p.label} for p in k.penalties],
    }
