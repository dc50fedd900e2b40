"""Button consensus: a point is valid when a quorum of seats presses the same key in a time window.

Rules kept here: the decision uses server receipt time (device times are evidence only); a seat's
second press inside one group counts once; a group short of quorum is kept for the audit, never
scores. ``anchor="first"``: a group covers [first press, first + W]. ``anchor="pairwise"``: presses
pending within W of the newest press confirm together; a confirmed group then absorbs presses of the
same key for W after the confirming press. ``bound`` says whether a press exactly W late is in.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.rules.ruleset import Button, Consensus

MICROS = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class Press:
    seq: int
    seat: str
    side: str
    button: Button
    at_us: int  # server receipt time, microseconds since the epoch
    round: int
    t_device: Any = None  # as the device sent it: evidence, never used for the decision


@dataclass(slots=True)
class Group:
    """Presses of one key; ``counted`` has one press per seat, ``duplicates`` the repeats."""

    key: Hashable
    side: str
    button: Button
    round: int
    start_us: int
    counted: list[Press] = field(default_factory=list)
    duplicates: list[Press] = field(default_factory=list)
    confirmed_at_us: int | None = None
    explained: Any = None  # the fold's cached explanation step, keyed by the group's shape

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at_us is not None

    def as_dict(self, origin_us: int) -> dict[str, Any]:
        def rel(us: int) -> str:
            return format((Decimal(us - origin_us) / MICROS).quantize(Decimal("0.001")), "f")

        return {
            "side": self.side,
            "value": format(self.button.value, "f"),
            "code": self.button.code,
            "round": self.round,
            "confirmed": self.confirmed,
            "seats": [p.seat for p in self.counted],
            "presses": [{"seq": p.seq, "seat": p.seat, "t": rel(p.at_us), "t_device": p.t_device} for p in self.counted],
            "duplicates": [{"seq": p.seq, "seat": p.seat, "t": rel(p.at_us)} for p in self.duplicates],
        }


class ConsensusFold:
    """Feed presses in server-time order; ``groups`` lists every group in the order it opened.

    ``feed`` returns the group the press confirmed (so the caller adds its points once), else None.
    Cost per press is O(seats): the fold of a 10,000-press bout is linear.
    """

    def __init__(self, rules: Consensus) -> None:
        self.rules = rules
        self.window_us = int(rules.window * MICROS)
        self.groups: list[Group] = []
        self._open: dict[Hashable, Group] = {}  # first: the open group; pairwise: the confirmed tail
        self._pending: dict[Hashable, list[Group]] = {}  # pairwise only: one-seat groups

    def _within(self, start_us: int, at_us: int) -> bool:
        gap = at_us - start_us
        return gap <= self.window_us if self.rules.bound == "inclusive" else gap < self.window_us

    def key(self, side: str, button: Button) -> Hashable:
        ident = button.code if self.rules.match == "side-code" else button.value
        return (side, ident)

    def feed(self, press: Press) -> Group | None:
        key = self.key(press.side, press.button)
        if self.rules.anchor == "first":
            return self._feed_first(key, press)
        return self._feed_pairwise(key, press)

    def _new_group(self, key: Hashable, press: Press) -> Group:
        group = Group(key, press.side, press.button, press.round, press.at_us)
        self.groups.append(group)
        return group

    def _join(self, group: Group, press: Press) -> Group | None:
        if any(p.seat == press.seat for p in group.counted):
            group.duplicates.append(press)
            return None
        group.counted.append(press)
        if not group.confirmed and len(group.counted) >= self.rules.quorum:
            group.confirmed_at_us = press.at_us
            return group
        return None

    def _feed_first(self, key: Hashable, press: Press) -> Group | None:
        group = self._open.get(key)
        if group is None or group.round != press.round or not self._within(group.start_us, press.at_us):
            group = self._new_group(key, press)
            self._open[key] = group
        return self._join(group, press)

    def _feed_pairwise(self, key: Hashable, press: Press) -> Group | None:
        tail = self._open.get(key)
        if tail is not None and tail.round == press.round and self._within(tail.confirmed_at_us or 0, press.at_us):
            return self._join(tail, press)
        # Pending presses are one-seat groups; those older than W expire unconfirmed (kept for audit).
        pending: list[Group] = []
        for single in self._pending.get(key, []):
            alive = single.round == press.round and self._within(single.start_us, press.at_us)
            (pending if alive else self.groups).append(single)
        self._pending[key] = pending
        for single in pending:
            if single.counted[0].seat == press.seat:
                single.duplicates.append(press)
                return None
        single = Group(key, press.side, press.button, press.round, press.at_us, [press])
        pending.append(single)
        if len(pending) < self.rules.quorum:
            return None
        group = self._new_group(key, pending[0].counted[0])
        for one in pending:
            self._join(group, one.counted[0])
            group.duplicates.extend(one.duplicates)
        self._open[key] = group
        self._pending[key] = []
        return group

    def all_groups(self) -> list[Group]:
        """Every group, with still-pending pairwise presses as unconfirmed one-seat groups."""
        return self.groups + [g for pending in self._pending.values() for g in pending]
