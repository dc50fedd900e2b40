"""Button consensus: a point is valid when a quorum of seats presses the same key in a time window.

Rules kept here: the decision uses server receipt time, or for a late keypad press the press time
the hub stored with it (``pressed_at``, see ``scoring.rules.live.effect_plan``; the raw device
time ``t_device`` is evidence only); a seat
counts at most once in a group; a group short of quorum is kept for the audit, never scores.

A seat's press of a key it has already counted in every open group of that key is another
scoring action (the judge saw another technique): it opens a new group, which the other seats'
next presses can confirm. Only a press less than ``debounce`` after that seat's last counted press
of the same key is a bounce of the button (a double press): it is kept as a duplicate of the group
that counted the first press and never counts. A seat's press joins the oldest open group of its
key it is not yet counted in, an unconfirmed one first (it may confirm another technique), then a
confirmed one (a late judge adds no second point); so N presses by each of ``quorum`` seats confirm
at most N groups, and N confirmed techniques, each pressed once by its judges, score N times.

``anchor="first"``: a group covers [first press, first + W]. ``anchor="pairwise"``: presses
pending within W of the newest press confirm together (the oldest pending press of each seat); a
confirmed group then absorbs, for W after the confirming press, the presses of seats not yet in
it while no other seat's press is pending. ``bound`` says whether a press exactly W late is in.
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
    at_us: int  # server receipt time (a late press: its press time), microseconds since the epoch
    round: int
    t_device: Any = None  # as the device sent it: evidence, never used for the decision


@dataclass(slots=True)
class Group:
    """Presses of one key; ``counted`` has one press per seat, ``duplicates`` the bounces."""

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

    def has(self, seat: str) -> bool:
        return any(p.seat == seat for p in self.counted)

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


@dataclass(slots=True)
class _Last:
    """A seat's last counted press of a key and the group holding it (the bounce reference)."""

    press: Press
    group: Group


class ConsensusFold:
    """Feed presses in press-time order; ``groups`` lists every group in the order it opened.

    ``feed`` returns the group the press confirmed (so the caller adds its points once), else None.
    Cost per press is O(seats x open groups of its key): the fold of a 10,000-press bout is linear.
    """

    def __init__(self, rules: Consensus) -> None:
        self.rules = rules
        self.window_us = int(rules.window * MICROS)
        self.debounce_us = int(rules.debounce * MICROS)
        self.groups: list[Group] = []
        self._open: dict[Hashable, list[Group]] = {}  # first: open groups; pairwise: confirmed tails
        self._pending: dict[Hashable, list[Group]] = {}  # pairwise only: one-seat groups
        self._last: dict[tuple[Hashable, str], _Last] = {}

    def _within(self, start_us: int, at_us: int) -> bool:
        gap = at_us - start_us
        return gap <= self.window_us if self.rules.bound == "inclusive" else gap < self.window_us

    def key(self, side: str, button: Button) -> Hashable:
        ident = button.code if self.rules.match == "side-code" else button.value
        return (side, ident)

    def feed(self, press: Press) -> Group | None:
        key = self.key(press.side, press.button)
        last = self._last.get((key, press.seat))
        if last is not None and last.press.round == press.round and 0 <= press.at_us - last.press.at_us < self.debounce_us:
            last.group.duplicates.append(press)  # a bounce of the button: the same action once
            return None
        if self.rules.anchor == "first":
            return self._feed_first(key, press)
        return self._feed_pairwise(key, press)

    def _count(self, group: Group, press: Press) -> Group | None:
        group.counted.append(press)
        where = (group.key, press.seat)
        last = self._last.get(where)
        if last is None or last.press is press or last.press.at_us <= press.at_us:
            self._last[where] = _Last(press, group)  # a newer press, or this one moving into a group
        if not group.confirmed and len(group.counted) >= self.rules.quorum:
            group.confirmed_at_us = press.at_us
            return group
        return None

    def _feed_first(self, key: Hashable, press: Press) -> Group | None:
        alive = [g for g in self._open.get(key, []) if g.round == press.round and self._within(g.start_us, press.at_us)]
        self._open[key] = alive
        # An unconfirmed group the seat is not in first (the press may confirm another technique),
        # then a confirmed one (a late judge adds no second point), else the press opens a group.
        for group in [g for g in alive if not g.confirmed] + [g for g in alive if g.confirmed]:
            if not group.has(press.seat):
                return self._count(group, press)
        group = Group(key, press.side, press.button, press.round, press.at_us)
        self.groups.append(group)
        alive.append(group)
        return self._count(group, press)

    def _feed_pairwise(self, key: Hashable, press: Press) -> Group | None:
        tails = [g for g in self._open.get(key, []) if g.round == press.round and self._within(g.confirmed_at_us or 0, press.at_us)]
        self._open[key] = tails
        # Pending presses are one-seat groups; those older than W expire unconfirmed (kept for audit).
        pending: list[Group] = []
        for single in self._pending.get(key, []):
            alive = single.round == press.round and self._within(single.start_us, press.at_us)
            (pending if alive else self.groups).append(single)
        if all(one.counted[0].seat == press.seat for one in pending):
            # No other seat's press is pending: a confirmed tail the seat is not in absorbs it.
            for tail in tails:
                if not tail.has(press.seat):
                    self._pending[key] = pending
                    return self._count(tail, press)
        single = Group(key, press.side, press.button, press.round, press.at_us)
        self._count(single, press)
        pending.append(single)
        first: dict[str, Group] = {}  # the oldest pending press of each seat
        for one in pending:
            first.setdefault(one.counted[0].seat, one)
        if len(first) < self.rules.quorum:
            self._pending[key] = pending
            return None
        chosen = list(first.values())
        group = Group(key, press.side, press.button, press.round, chosen[0].start_us)
        self.groups.append(group)
        for one in chosen:
            self._count(group, one.counted[0])
            group.duplicates.extend(one.duplicates)
        self._pending[key] = [one for one in pending if all(one is not c for c in chosen)]
        tails.append(group)
        return group

    def all_groups(self) -> list[Group]:
        """Every group, with still-pending pairwise presses as unconfirmed one-seat groups."""
        return self.groups + [g for pending in self._pending.values() for g in pending]
