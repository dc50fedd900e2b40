"""The one trimming primitive behind every judged panel: drop k highest and k lowest, then sum/mean.

Serves diving (drop 2+2 of 7, middle of 3 per synchro group, pooled E of 9-judge synchro), FIG
E panels, ISU trimmed means, kata and wushu panels. Pure functions over (seat, Decimal) pairs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

SeatMark = tuple[str, Decimal]


@dataclass(frozen=True, slots=True)
class Trimmed:
    """What trimming kept and dropped; ``value`` is the sum or the mean of ``kept``."""

    kept: tuple[SeatMark, ...]
    dropped_high: tuple[SeatMark, ...]
    dropped_low: tuple[SeatMark, ...]
    value: Decimal
    aggregate: str


def drop_extremes(
    marks: Sequence[SeatMark], drop_high: int, drop_low: int
) -> tuple[tuple[SeatMark, ...], tuple[SeatMark, ...], tuple[SeatMark, ...]]:
    """Split ``marks`` into (kept, dropped_high, dropped_low); kept stays in seat order.

    Among equal marks the later seat is dropped high and the earlier seat dropped low, so the
    choice is deterministic (it never changes the value). Raises ValueError when fewer than one
    mark would remain.
    """
    if drop_high < 0 or drop_low < 0:
        raise ValueError("cannot drop a negative number of marks")
    if len(marks) - drop_high - drop_low < 1:
        raise ValueError(f"{len(marks)} marks cannot lose {drop_high} high and {drop_low} low")
    order = sorted(range(len(marks)), key=lambda i: (marks[i][1], i))
    low = set(order[:drop_low])
    high = set(order[len(order) - drop_high :])
    kept = tuple(m for i, m in enumerate(marks) if i not in low and i not in high)
    dropped_high = tuple(marks[i] for i in reversed(order[len(order) - drop_high :]))
    dropped_low = tuple(marks[i] for i in order[:drop_low])
    return kept, dropped_high, dropped_low


def trim(marks: Sequence[SeatMark], drop_high: int, drop_low: int, aggregate: str = "sum") -> Trimmed:
    """Drop extremes, then "sum" or "mean" what is left (a mean is exact to 28 digits)."""
    kept, high, low = drop_extremes(marks, drop_high, drop_low)
    total = sum((v for _, v in kept), Decimal(0))
    if aggregate == "mean":
        total = total / len(kept)
    elif aggregate != "sum":
        raise ValueError(f"unknown aggregate {aggregate!r}")
    return Trimmed(kept, high, low, total, aggregate)


def trim_groups(
    groups: Sequence[Sequence[SeatMark]],
    drop_high: int,
    drop_low: int,
    aggregate: str = "sum",
    pooled: bool = False,
) -> Trimmed:
    """Trim each group on its own (11-judge synchro: middle of E1-E3, middle of E4-E6) or the
    groups pooled as one panel (9-judge synchro: drop highest and lowest of the 4 E marks)."""
    if pooled or len(groups) == 1:
        return trim([m for g in groups for m in g], drop_high, drop_low, aggregate)
    parts = [trim(g, drop_high, drop_low, "sum") for g in groups]
    kept = tuple(m for p in parts for m in p.kept)
    total = sum((p.value for p in parts), Decimal(0))
    if aggregate == "mean":
        total = total / len(kept)
    return Trimmed(
        kept,
        tuple(m for p in parts for m in p.dropped_high),
        tuple(m for p in parts for m in p.dropped_low),
        total,
        aggregate,
    )


def drops_for(count: int, drop_high: int, drop_low: int, small_panel: Mapping[int, tuple[int, int]]) -> tuple[int, int]:
    """How many to drop for a panel of ``count`` marks: the rule set's table for small panels
    (e.g. no trimming for 2 judges) overrides the normal drop."""
    return small_panel.get(count, (drop_high, drop_low))
