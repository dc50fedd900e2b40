"""One contest held in memory by the hub: its rule set, its folded log and its dedupe keys (pure).

``ContestRuntime.check`` decides whether an event may be appended and gives the envelope after
it; ``record`` takes a durable event in. No clock reads, no database: the hub's I/O stays thin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scoring.commands import MAX_ROUNDS, bounded_decimal, bounded_int
from scoring.errors import ActionNotAllowed, AthletesMissing, ContestClosed, InputRefused, NoWinnerYet, StaleSeq, UnderReview
from scoring.lifecycle import JUDGE_INPUTS, REFUSED_UNDER_REVIEW, IllegalTransition, Phase
from scoring.live.chain import GENESIS
from scoring.live.envelope import Envelope
from scoring.rules import ContestFold, LogEvent, check_payload, score_contest

SourceKey = tuple[str, str, int]


@dataclass
class ContestRuntime:
    contest_id: int
    fop_id: int
    panel_id: int
    seats: list[str]
    ruleset: Any
    spec: dict[str, Any]
    info: dict[str, Any]
    events: list[LogEvent] = field(default_factory=list)
    envelope: Envelope = field(default_factory=Envelope)
    head: str = GENESIS
    keys: dict[SourceKey, int] = field(default_factory=dict)
    last_source_seq: dict[tuple[str, str], int] = field(default_factory=dict)
    score: Any = None
    fold: Any = None

    @property
    def sides(self) -> list[str]:
        created = self.events[0].data if self.events else {}
        return list(created.get("sides") or self.ruleset.sides)

    @property
    def next_seq(self) -> int:
        return self.envelope.last_seq + 1

    def duplicate_of(self, source: str, epoch: str, source_seq: int, *, ordered: bool = True) -> int | None:
        """The log seq of an input already taken, or None; raises StaleSeq for an old seq of an
        ``ordered`` source (a tablet sends in order). A keypad's backlog comes after its newer
        presses: its seqs are taken in any order, and the exact key keeps a resend out."""
        taken = self.keys.get((source, epoch, source_seq))
        if taken is not None:
            return taken
        last = self.last_source_seq.get((source, epoch), 0)
        if ordered and source_seq <= last:
            raise StaleSeq(source_seq, last)
        return None

    def check(self, kind: str, data: Mapping[str, Any], at: datetime) -> Envelope:
        """The envelope after this event, or the domain error that refuses it."""
        if self.info.get("cancelled"):
            raise ContestClosed(self.contest_id)
        if kind in JUDGE_INPUTS:
            if self.envelope.phase is Phase.ENDED:
                raise ContestClosed(self.contest_id)
            validate_input(kind, data, self.seats)
        if self.events:
            check_payload(self.ruleset, self.sides, kind, data)
        if kind == "correction":
            target = int(data.get("corrects", 0))
            if not 1 <= target < self.next_seq:
                raise InputRefused(f"no event {target} to correct")
            if not str(data.get("reason", "")).strip():
                raise InputRefused("a correction needs a reason")
        try:
            envelope = self.envelope.apply(self.next_seq, kind, data, at)
        except IllegalTransition as exc:
            if self.envelope.under_review and kind in REFUSED_UNDER_REVIEW:
                raise UnderReview(self.contest_id) from None
            raise ActionNotAllowed(kind, exc.phase.value) from None
        if kind == "contest_ended":
            self._check_has_a_result(data, at)
        if kind == "contest_started" and self.info.get("awaiting"):
            raise AthletesMissing(self.info.get("label") or self.contest_id)
        return envelope

    def started_at(self) -> datetime | None:
        """When the contest started (its ``contest_started``), or None."""
        return next((e.at for e in self.events if e.kind == "contest_started"), None)

    def _check_has_a_result(self, data: Mapping[str, Any], at: datetime) -> None:
        """A bout never ends with an empty winner: the log as it would stand after the end must
        name one (rounds won, points, superiority, or a recorded decision: referee decision,
        withdrawal, disqualification, injury), unless the rule set's tie-break chain ends in a draw
        ("tied"). A performance (one side) is ranked, not won, and ends freely."""
        if len(self.sides) < 2 or not self.events:
            return
        ended = LogEvent(seq=self.next_seq, kind="contest_ended", data=dict(data), at=at)
        result = score_contest(self.ruleset, [*self.events, ended])
        if result.winner is None and result.method != "tied":
            raise NoWinnerYet(self.contest_id)

    def taken(self, event: LogEvent, envelope: Envelope, digest: str, key: SourceKey | None) -> None:
        """Take in an event that is now durable and refold the score."""
        self.record(event, envelope, digest, key)
        self.score = self.fold.result()

    def record(self, event: LogEvent, envelope: Envelope, digest: str, key: SourceKey | None) -> None:
        """Take in a durable event (appended now, or replayed from the log at load) without
        building the score, which a replay builds once at the end."""
        self.events.append(event)
        self.envelope = envelope
        self.head = digest
        if key is not None:
            self.keys[key] = event.seq
            source, epoch, source_seq = key
            self.last_source_seq[(source, epoch)] = max(self.last_source_seq.get((source, epoch), 0), source_seq)
        if self.fold is None:
            self.fold = ContestFold(self.ruleset)
        self.fold.apply(event)


JUDGE_NUMBERS = ("value", "red", "blue")  # a press's or a mark's value, a boxing card's points


def validate_input(kind: str, data: Mapping[str, Any], seats: list[str]) -> None:
    """Refuse a judge input from a seat that is not on this contest's panel, or whose numbers are
    not a short finite decimal of at most 100 points with three decimals (a card's round 1..20);
    the rule set then checks the value against its own scale."""
    if data.get("seat") not in seats:
        raise InputRefused(f"seat {data.get('seat')!r} is not on this panel")
    for name in JUDGE_NUMBERS:
        value = data.get(name)
        if value is not None and value != "":
            bounded_decimal(value, name)
    if data.get("round") is not None:
        bounded_int(data.get("round"), "round", 1, MAX_ROUNDS)
