"""Order of competition, properties over generated competitions (tournaments.schedule)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tournaments.schedule import Item, Plan, Rules, Session, check, estimate, move, plan

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def bracket(cat: str, size: int, duration_s: int, weight_rank: int, athletes: list[str]) -> list[Item]:
    """Single elimination with byes over ``athletes`` (size of them)."""
    slots = 1
    while slots < size:
        slots *= 2
    entrants: list[str | None] = [*athletes[:size], *([None] * (slots - size))]
    side: list[tuple[str | None, str | None]] = []
    items: list[Item] = []
    for m in range(slots // 2):
        a, b = entrants[m], entrants[slots - 1 - m]
        if a is not None and b is not None:
            key = f"{cat}/R1-{m + 1}"
            items.append(Item(key, duration_s, frozenset({a, b}), (), cat, 1, weight_rank))
            side.append((None, key))
        else:
            side.append((a or b, None))
    rnd = 2
    while len(side) > 1:
        nxt: list[tuple[str | None, str | None]] = []
        for m in range(len(side) // 2):
            (a1, k1), (a2, k2) = side[2 * m], side[2 * m + 1]
            key = f"{cat}/R{rnd}-{m + 1}"
            known = frozenset(x for x in (a1, a2) if x is not None)
            items.append(Item(key, duration_s, known, tuple(k for k in (k1, k2) if k is not None), cat, rnd, weight_rank))
            nxt.append((None, key))
        side = nxt
        rnd += 1
    return items


@st.composite
def competitions(draw: st.DrawFn) -> tuple[list[Item], list[Session], Rules]:
    seed = draw(st.integers(0, 10**6))
    rnd = random.Random(seed)
    n_fields = draw(st.integers(1, 3))
    n_cats = draw(st.integers(1, 4))
    pool = [f"p{n}" for n in range(40)]  # a shared pool: some athletes enter two categories
    items: list[Item] = []
    for c in range(n_cats):
        size = rnd.randint(2, 8)
        who = rnd.sample(pool, size)
        items += bracket(f"C{c}", size, rnd.choice([3, 5, 8, 12]) * 60, rnd.randint(0, 3), who)
    if draw(st.booleans()) and items:
        fixed = rnd.choice(items)
        items = [Item(i.key, i.duration_s, i.athletes, i.after, i.group, i.round, i.weight_rank, "F1") if i is fixed else i for i in items]
    sessions: list[Session] = []
    for f in range(1, n_fields + 1):
        for day in range(draw(st.integers(1, 2))):
            base = datetime(2026, 12, 12 + day, 8, tzinfo=VN)
            length = rnd.choice([30, 60, 120, 240])
            sessions.append(Session(f"F{f}-D{day}-am", f"F{f}", f"Sáng {12 + day}/12", base, base + timedelta(minutes=length)))
            if rnd.random() < 0.6:
                pm = base + timedelta(hours=6)
                sessions.append(Session(f"F{f}-D{day}-pm", f"F{f}", f"Chiều {12 + day}/12", pm, pm + timedelta(minutes=length)))
    rules = Rules(
        min_rest_s=draw(st.sampled_from([0, 5 * 60, 20 * 60])),
        max_per_athlete_per_day=draw(st.sampled_from([None, 1, 2])),
        distinct_sessions=draw(st.booleans()),
        lighter_first=draw(st.booleans()),
        keep_group_on_field=draw(st.booleans()),
        max_idle_s=draw(st.sampled_from([0, 900, 10**6])),
    )
    return items, sessions, rules


def overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(competitions())
def test_a_plan_places_each_item_once_or_says_why_and_breaks_no_rule(comp: tuple[list[Item], list[Session], Rules]) -> None:
    items, sessions, rules = comp
    result = plan(items, sessions, rules)
    placed = [s.key for s in result.slots]
    unplaced = [k for k, _ in result.unplaced]
    assert sorted(placed + unplaced) == sorted(i.key for i in items)
    assert len(set(placed)) == len(placed)
    assert all(reason for _, reason in result.unplaced)
    by_session = {s.key: s for s in sessions}
    for f in {s.field for s in sessions}:
        order = result.field_order(f)
        assert [s.position for s in order] == list(range(1, len(order) + 1))
        for x, y in zip(order, order[1:], strict=False):
            assert x.end <= y.start
        for s in order:
            assert by_session[s.session].field == f
            assert by_session[s.session].start <= s.start and s.end <= by_session[s.session].end
    by = result.by_key()
    for item in items:
        if item.key in by:
            assert all(a in by for a in item.after), "a placed contest's sources are placed"
    seen: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for item in items:
        if item.key in by:
            for a in item.athletes:
                seen[a].append((by[item.key].start, by[item.key].end, by[item.key].field))
    for spans in seen.values():
        for n, x in enumerate(spans):
            for y in spans[n + 1 :]:
                assert not overlaps(x[:2], y[:2]), "an athlete on two fields at once"
    assert check(result, items, rules) == []


@SETTINGS
@given(competitions(), st.randoms(use_true_random=False))
def test_the_same_input_gives_the_same_plan_whatever_its_order(
    comp: tuple[list[Item], list[Session], Rules], shuffle: random.Random
) -> None:
    items, sessions, rules = comp
    first = plan(items, sessions, rules)
    again = list(items)
    shuffle.shuffle(again)
    assert plan(again, sessions, rules) == first
    assert plan(items, sessions, rules) == first


@settings(max_examples=60, deadline=None)
@given(competitions(), st.integers(0, 40))
def test_estimates_with_no_delay_are_the_plan_and_a_delay_never_moves_anything_earlier(
    comp: tuple[list[Item], list[Session], Rules], delay_min: int
) -> None:
    items, sessions, rules = comp
    result = plan(items, sessions, rules)
    if not result.slots:
        return
    durations = {i.key: i.duration_s for i in items}
    first = min(result.slots, key=lambda s: (s.start, s.field))
    before = first.start - timedelta(minutes=1)
    assert estimate(result, durations, {}, before) == {s.key: s.start for s in result.slots}
    late = first.start + timedelta(minutes=delay_min)
    est = estimate(result, durations, {first.key: (late, None)}, late)
    assert first.key not in est
    for s in result.slots:
        if s.key != first.key:
            assert est[s.key] >= max(s.start, late)


@settings(max_examples=60, deadline=None)
@given(competitions(), st.data())
def test_a_move_puts_the_contest_where_asked_and_keeps_every_other_contest(
    comp: tuple[list[Item], list[Session], Rules], data: st.DataObject
) -> None:
    items, sessions, rules = comp
    result: Plan = plan(items, sessions, rules)
    if not result.slots:
        return
    slot = data.draw(st.sampled_from(result.slots))
    field = data.draw(st.sampled_from(sorted({s.field for s in sessions})))
    position = data.draw(st.integers(1, len(result.field_order(field)) + 1))
    new, conflicts, changes = move(result, items, rules, slot.key, field, position)
    assert sorted(s.key for s in new.slots) == sorted(s.key for s in result.slots)
    moved = new.by_key()[slot.key]
    assert moved.field == field
    assert moved.position == min(position, len(new.field_order(field)))
    for f in {s.field for s in sessions}:
        order = new.field_order(f)
        for x, y in zip(order, order[1:], strict=False):
            assert x.end <= y.start
    assert all(c.message and c.keys for c in conflicts)
    if changes:
        assert changes[0].startswith(f"Trận {slot.key}:") or all(not c.startswith(f"Trận {slot.key}:") for c in changes)
