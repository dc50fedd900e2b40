""" "Why this score": the ordered steps the engine took, each naming the rule that produced it.

A Step is JSON-able: what was computed, its value, the marks kept and dropped, the events (seq)
it used, and the rule (a rule-set parameter plus the source document it comes from).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.rules.rounding import plain
from scoring.rules.trimming import SeatMark


@dataclass(frozen=True, slots=True)
class Step:
    """One computed fact: ``what`` it is, its ``value``, and the ``rule`` that produced it."""

    what: str
    rule: str
    value: str | None = None
    kept: tuple[SeatMark, ...] = ()
    dropped: tuple[SeatMark, ...] = ()
    seqs: tuple[int, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what, "rule": self.rule}
        if self.value is not None:
            out["value"] = self.value
        if self.kept:
            out["kept"] = [[s, plain(v)] for s, v in self.kept]
        if self.dropped:
            out["dropped"] = [[s, plain(v)] for s, v in self.dropped]
        if self.seqs:
            out["seqs"] = list(self.seqs)
        if self.data:
            out["data"] = dict(self.data)
        return out


@dataclass(frozen=True, slots=True)
class Explanation:
    """The steps behind a result, in the order they were taken; ``source`` cites the rule text."""

    ruleset: str
    source: str
    steps: tuple[Step, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"ruleset": self.ruleset, "source": self.source, "steps": [s.as_dict() for s in self.steps]}

    def lines(self) -> list[str]:
        """Plain-text lines for a terminal or a page."""
        out = []
        for s in self.steps:
            line = f"{s.what}: {s.value}" if s.value is not None else s.what
            if s.dropped:
                line += "  (dropped " + ", ".join(f"{k} {plain(v)}" for k, v in s.dropped) + ")"
            out.append(f"{line}  [{s.rule}]")
        return out


def dec(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)
