"""Order of competition, hand cases (tournaments.schedule)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tournaments.schedule import (
    RULES_BY_SPORT,
    Item,
    Plan,
    Rules,
    ScheduleError,
    Session,
    Slot,
    check,
    estimate,
    move,
    plan,
    relink,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MIN = 60


def at(h: int, m: int = 0, day: int = 12) -> datetime:
    return datetime(2026, 12, day, h, tzinfo=VN) + timedelta(minutes=m)


def session(field: str, name: str, start: datetime, end: datetime) -> Session:
    return Session(f"{field}/{name}", field, name, start, end)


def morning(*fields: str, day: int = 12, end: tuple[int, int] = (12, 0)) -> list[Session]:
    return [session(f, f"Sáng {day}/12", at(8, 0, day), at(*end, day)) for f in fields]


def bracket8(cat: str, duration_s: int = 10 * MIN) -> list[Item]:
    """Quarter-finals Q1-Q4 (athletes a1..a8), semi-finals S1 (Q1, Q2), S2 (Q3, Q4), final F."""
    qs = [Item(f"{cat}/Q{n}", duration_s, frozenset({f"{cat}:a{2 * n - 1}", f"{cat}:a{2 * n}"}), (), cat, 1) for n in range(1, 5)]
    ss = [
        Item(f"{cat}/S1", duration_s, frozenset(), (f"{cat}/Q1", f"{cat}/Q2"), cat, 2),
        Item(f"{cat}/S2", duration_s, frozenset(), (f"{cat}/Q3", f"{cat}/Q4"), cat, 2),
    ]
    return [*qs, *ss, Item(f"{cat}/F", duration_s, frozenset(), (f"{cat}/S1", f"{cat}/S2"), cat, 3)]


def test_one_category_of_eight_stays_on_its_field_in_round_order() -> None:
    items = bracket8("TKD-M-58")
    rules = Rules(max_idle_s=10**6)  # never lend a contest to the idle field
    result = plan(items, morning("Thảm 1", "Thảm 2"), rules)
    order = [s.key for s in result.field_order("Thảm 1")]
    assert order == [f"TKD-M-58/{k}" for k in ("Q1", "Q2", "Q3", "Q4", "S1", "S2", "F")]
    assert result.field_order("Thảm 2") == []
    assert [s.start for s in result.field_order("Thảm 1")] == [at(8, 10 * n) for n in range(7)]
    assert [s.position for s in result.field_order("Thảm 1")] == list(range(1, 8))
    assert result.unplaced == () and check(result, items, rules) == []


def test_an_idle_field_takes_contests_of_a_busy_category_and_rules_still_hold() -> None:
    items = bracket8("TKD-M-58")
    rules = Rules(min_rest_s=0)
    result = plan(items, morning("Thảm 1", "Thảm 2"), rules)
    assert result.field_order("Thảm 2"), "the idle field helps"
    assert max(s.end for s in result.slots) < at(9, 10)
    assert check(result, items, rules) == []
    spread = plan(items, morning("Thảm 1", "Thảm 2"), Rules(keep_group_on_field=False))
    assert {s.field for s in spread.slots} == {"Thảm 1", "Thảm 2"}
    assert check(spread, items, Rules(keep_group_on_field=False)) == []


def test_rest_of_ten_minutes_is_kept_for_an_athlete_who_may_be_in_the_next_contest() -> None:
    items = bracket8("K", duration_s=5 * MIN)
    rules = Rules(min_rest_s=10 * MIN, max_idle_s=10**6)
    by = plan(items, morning("Thảm 1"), rules).by_key()
    for semi, quarters in (("K/S1", ("K/Q1", "K/Q2")), ("K/S2", ("K/Q3", "K/Q4"))):
        assert by[semi].start >= max(by[q].end for q in quarters) + timedelta(minutes=10)
    assert by["K/F"].start >= max(by["K/S1"].end, by["K/S2"].end) + timedelta(minutes=10)
    # the rest is not wasted: S1 waits only for Q2 (Q3, Q4 fill the gap)
    assert by["K/S1"].start == by["K/Q2"].end + timedelta(minutes=10)


def test_a_semifinal_waits_for_both_quarterfinals_on_two_fields_plus_rest() -> None:
    items = [
        Item("Q1", 20 * MIN, frozenset({"a", "b"}), group="C", fixed_field="Thảm 1"),
        Item("Q2", 35 * MIN, frozenset({"c", "d"}), group="C", fixed_field="Thảm 2"),
        Item("S", 10 * MIN, after=("Q1", "Q2"), group="C", round=2, fixed_field="Thảm 1"),
    ]
    rules = Rules(min_rest_s=15 * MIN)
    by = plan(items, morning("Thảm 1", "Thảm 2"), rules).by_key()
    assert by["S"].start == at(8, 35) + timedelta(minutes=15)
    assert by["S"].field == "Thảm 1"


def test_a_contest_that_does_not_fit_the_session_goes_to_the_next_one_or_is_unplaced() -> None:
    items = [Item(f"C/{n}", 10 * MIN, frozenset({f"x{n}", f"y{n}"}), group="C") for n in range(1, 4)]
    short = session("Thảm 1", "Sáng", at(8), at(8, 25))
    afternoon = session("Thảm 1", "Chiều", at(13, 30), at(17))
    by = plan(items, [short, afternoon], Rules()).by_key()
    assert [by[f"C/{n}"].session for n in (1, 2, 3)] == [short.key, short.key, afternoon.key]
    assert by["C/3"].start == at(13, 30)
    only = plan(items, [short], Rules())
    assert [k for k, _ in only.unplaced] == ["C/3"]
    assert "10 phút" in only.unplaced[0][1] and "Không còn buổi" in only.unplaced[0][1]
    later = plan([*items, Item("C/after", 5 * MIN, after=("C/3",), group="C", round=2)], [short], Rules())
    assert dict(later.unplaced)["C/after"].startswith("Chưa xếp được: trận nguồn C/3")


def test_wushu_sanda_two_bouts_a_day_in_different_sessions() -> None:
    rules = RULES_BY_SPORT["wushu_sanda"]
    assert rules.max_per_athlete_per_day == 2 and rules.distinct_sessions
    items = bracket8("WSD-M-60", duration_s=8 * MIN)
    sessions = []
    for day in (12, 13):
        sessions += [session("Sàn 1", f"Sáng {day}/12", at(8, 0, day), at(11, 30, day))]
        sessions += [session("Sàn 1", f"Chiều {day}/12", at(14, 0, day), at(17, 0, day))]
    result = plan(items, sessions, rules)
    by = result.by_key()
    assert result.unplaced == ()
    assert {by[f"WSD-M-60/Q{n}"].session for n in range(1, 5)} == {"Sàn 1/Sáng 12/12"}
    assert {by["WSD-M-60/S1"].session, by["WSD-M-60/S2"].session} == {"Sàn 1/Chiều 12/12"}
    assert by["WSD-M-60/F"].start.astimezone(VN).day == 13  # a third bout would be the same day
    assert check(result, items, rules) == []


def test_lighter_categories_go_first_within_a_round_when_the_rule_asks() -> None:
    heavy = [Item(f"A-heavy/{n}", 5 * MIN, frozenset({f"h{n}a", f"h{n}b"}), group="A-heavy", weight_rank=2) for n in (1, 2)]
    light = [Item(f"B-light/{n}", 5 * MIN, frozenset({f"l{n}a", f"l{n}b"}), group="B-light", weight_rank=1) for n in (1, 2)]
    sessions = morning("Thảm 1")
    first = [s.key for s in plan(heavy + light, sessions, Rules(lighter_first=True, keep_group_on_field=False)).field_order("Thảm 1")]
    assert first == ["B-light/1", "B-light/2", "A-heavy/1", "A-heavy/2"]
    plain = [s.key for s in plan(heavy + light, sessions, Rules(keep_group_on_field=False)).field_order("Thảm 1")]
    assert plain == ["A-heavy/1", "A-heavy/2", "B-light/1", "B-light/2"]


def test_an_athlete_in_two_categories_is_never_on_two_fields_at_once() -> None:
    items = [
        Item("KATA/1", 20 * MIN, frozenset({"an", "binh"}), group="KATA", fixed_field="Thảm 1"),
        Item("KUMITE/1", 10 * MIN, frozenset({"an", "chi"}), group="KUMITE", fixed_field="Thảm 2"),
    ]
    rules = Rules(min_rest_s=5 * MIN)
    by = plan(items, morning("Thảm 1", "Thảm 2"), rules).by_key()
    assert by["KUMITE/1"].start == at(8, 25)


def test_kept_contests_keep_their_field_and_position() -> None:
    items = bracket8("C", duration_s=10 * MIN) + [Item("X/1", 10 * MIN, frozenset({"x", "y"}), group="X")]
    keep = {"C/Q1": ("Thảm 2", 1), "X/1": ("Thảm 2", 2)}
    result = plan(items, morning("Thảm 1", "Thảm 2"), Rules(max_idle_s=10**6), keep=keep)
    by = result.by_key()
    assert (by["C/Q1"].field, by["C/Q1"].position) == ("Thảm 2", 1)
    assert (by["X/1"].field, by["X/1"].position) == ("Thảm 2", 2)
    with pytest.raises(ScheduleError) as err:
        plan(items, morning("Thảm 1"), Rules(), keep={"C/Q1": ("Thảm 9", 1)})
    assert err.value.code == "schedule.unknown_field"


@pytest.mark.parametrize(
    ("items", "sessions", "code"),
    [
        ([Item("a", 60)], [], "schedule.no_sessions"),
        ([Item("a", 60)], [Session("s", "Thảm 1", "Sáng", at(12), at(8))], "schedule.session_order"),
        ([Item("a", 60), Item("a", 90)], None, "schedule.duplicate_key"),
        ([Item("a", 60, after=("zz",))], None, "schedule.unknown_after"),
        ([Item("a", 60, after=("b",)), Item("b", 60, after=("c",)), Item("c", 60, after=("a",))], None, "schedule.cycle"),
        ([Item("a", 0)], None, "schedule.bad_duration"),
        ([Item("a", 60)], [Session("s", "Thảm 1", "Sáng", datetime(2026, 12, 12, 8), datetime(2026, 12, 12, 9))], "schedule.naive_time"),
    ],
)
def test_bad_input_is_a_schedule_error_in_vietnamese(items: list[Item], sessions: list[Session] | None, code: str) -> None:
    with pytest.raises(ScheduleError) as err:
        plan(items, morning("Thảm 1") if sessions is None else sessions, Rules())
    assert err.value.code == code and err.value.message


def two_fields() -> tuple[list[Item], Plan]:
    items = [Item(f"A/{n}", 10 * MIN, frozenset({f"a{n}", f"b{n}"}), group="A", fixed_field="Thảm 1") for n in range(1, 5)]
    items += [Item(f"B/{n}", 10 * MIN, frozenset({f"c{n}", f"d{n}"}), group="B", fixed_field="Thảm 2") for n in range(1, 5)]
    return items, plan(items, morning("Thảm 1", "Thảm 2"), Rules())


def test_a_fifteen_minute_delay_moves_later_estimates_on_that_field_only() -> None:
    items, result = two_fields()
    durations = {i.key: i.duration_s for i in items}
    assert estimate(result, durations, {}, at(7)) == {s.key: s.start for s in result.slots}
    actual = {"A/1": (at(8, 15), None), "B/1": (at(8), at(8, 10)), "B/2": (at(8, 10), None)}
    late = estimate(result, durations, actual, at(8, 15))
    assert [late[f"A/{n}"] for n in (2, 3, 4)] == [at(8, 25), at(8, 35), at(8, 45)]
    assert [late[f"B/{n}"] for n in (3, 4)] == [at(8, 20), at(8, 30)]
    assert set(late) == {"A/2", "A/3", "A/4", "B/3", "B/4"}


def test_a_delay_crosses_to_another_field_only_along_a_dependency() -> None:
    items, _result = two_fields()
    crossing = [*items, Item("F", 10 * MIN, after=("A/4", "B/4"), group="F", round=2, fixed_field="Thảm 2")]
    result = plan(crossing, morning("Thảm 1", "Thảm 2"), Rules())
    assert result.by_key()["F"].start == at(8, 40)
    actual = {"A/1": (at(8, 15), None), "B/1": (at(8), at(8, 10)), "B/2": (at(8, 10), None)}
    late = estimate(result, {i.key: i.duration_s for i in crossing}, actual, at(8, 15))
    assert late["A/4"] == at(8, 45) and late["B/4"] == at(8, 30)
    assert late["F"] == at(8, 55)


def test_estimates_are_never_before_now() -> None:
    items, result = two_fields()
    late = estimate(result, {i.key: i.duration_s for i in items}, {}, at(8, 25))
    assert late["A/1"] == at(8, 25) and late["A/2"] == at(8, 35) and late["A/4"] == at(8, 55)


def test_a_running_contest_ends_at_start_plus_duration_or_now_whichever_is_later() -> None:
    items, result = two_fields()
    durations = {i.key: i.duration_s for i in items}
    assert estimate(result, durations, {"A/1": (at(8), None)}, at(8, 4))["A/2"] == at(8, 10)
    assert estimate(result, durations, {"A/1": (at(8), None)}, at(8, 30))["A/2"] == at(8, 30)
    early = estimate(result, durations, {"A/1": (at(8), at(8, 3))}, at(8, 3))
    assert early["A/2"] == at(8, 10), "never before the planned start"


def test_moving_a_started_contest_is_refused() -> None:
    items, result = two_fields()
    new, conflicts, changes = move(result, items, Rules(), "A/1", "Thảm 2", 1, started=frozenset({"A/1"}))
    assert new == result and changes == []
    assert [c.code for c in conflicts] == ["schedule.started"] and "A/1" in conflicts[0].message
    _new, conflicts, _ = move(result, items, Rules(), "A/3", "Thảm 2", 1, started=frozenset({"B/1"}))
    assert [c.code for c in conflicts] == ["schedule.started"] and "B/1" in conflicts[0].message


def test_moving_a_contest_before_its_source_is_a_conflict() -> None:
    items = bracket8("C")
    rules = Rules(max_idle_s=10**6)
    result = plan(items, morning("Thảm 1", "Thảm 2"), rules)
    _new, conflicts, changes = move(result, items, rules, "C/S1", "Thảm 1", 1)
    assert [c.code for c in conflicts] == ["schedule.before_source", "schedule.before_source"]
    assert conflicts[0].keys == ("C/Q1", "C/S1") and "08:00" in conflicts[0].message
    assert changes[0] == "Trận C/S1: 08:40 -> 08:00, Thảm 1"
    _new, conflicts, _changes = move(result, items, rules, "C/S1", "Thảm 2", 1)
    assert {c.code for c in conflicts} == {"schedule.before_source"}


def test_the_change_list_names_local_times_and_fields() -> None:
    items, result = two_fields()
    new, conflicts, changes = move(result, items, Rules(), "A/4", "Thảm 2", 2)
    assert conflicts == [c for c in conflicts if c.code == "schedule.fixed_field"] and conflicts
    assert changes == [
        "Trận A/4: 08:30 -> 08:10, Thảm 1 -> Thảm 2",
        "Trận B/2: 08:10 -> 08:20, Thảm 2",
        "Trận B/3: 08:20 -> 08:30, Thảm 2",
        "Trận B/4: 08:30 -> 08:40, Thảm 2",
    ]
    assert [s.key for s in new.field_order("Thảm 2")] == ["B/1", "A/4", "B/2", "B/3", "B/4"]
    assert [s.position for s in new.field_order("Thảm 2")] == [1, 2, 3, 4, 5]
    utc_items = [Item("U", 10 * MIN, group="U")]
    utc_sessions = [Session("s", "Thảm 1", "Sáng", datetime(2026, 12, 12, 1, tzinfo=UTC), datetime(2026, 12, 12, 5, tzinfo=UTC))]
    p = plan(utc_items + [Item("V", 10 * MIN, group="U")], utc_sessions, Rules())
    _n, _c, ch = move(p, utc_items + [Item("V", 10 * MIN, group="U")], Rules(), "V", "Thảm 1", 1)
    assert ch[0] == "Trận V: 08:10 -> 08:00, Thảm 1"  # 01:10 UTC is 08:10 in Hồ Chí Minh City


def test_check_names_each_broken_rule() -> None:
    items = [
        Item("A", 10 * MIN, frozenset({"an"})),
        Item("B", 10 * MIN, frozenset({"an"})),
        Item("C", 10 * MIN, frozenset({"an"}), after=("A",)),
    ]
    s1, s2 = morning("Thảm 1", "Thảm 2", end=(9, 0))
    slots = (
        Slot("A", "Thảm 1", s1.key, 1, at(8), at(8, 10)),
        Slot("C", "Thảm 1", s1.key, 2, at(8, 12), at(8, 22)),
        Slot("B", "Thảm 2", s2.key, 1, at(8, 5), at(8, 15)),
    )
    bad = Plan(slots, (), (s1, s2))
    found = {(c.code, c.keys) for c in check(bad, items, Rules(min_rest_s=5 * MIN))}
    assert ("schedule.two_fields", ("A", "B")) in found
    assert ("schedule.rest", ("A", "C")) in found
    assert ("schedule.rest", ("B", "C")) in found or ("schedule.two_fields", ("B", "C")) in found
    late = Plan((Slot("A", "Thảm 1", s1.key, 1, at(8, 55), at(9, 5)),), (), (s1, s2))
    [full] = check(late, items[:1], Rules())
    assert full.code == "schedule.session_full" and "08:55-09:05" in full.message


def test_check_names_too_many_bouts_a_day_and_two_in_one_session() -> None:
    items = [Item(k, 10 * MIN, frozenset({"an"})) for k in ("A", "B", "C")]
    am, pm = session("Sàn 1", "Sáng 12/12", at(8), at(11)), session("Sàn 1", "Chiều 12/12", at(14), at(17))
    slots = (
        Slot("A", "Sàn 1", am.key, 1, at(8), at(8, 10)),
        Slot("B", "Sàn 1", am.key, 2, at(9), at(9, 10)),
        Slot("C", "Sàn 1", pm.key, 3, at(14), at(14, 10)),
    )
    found = check(Plan(slots, (), (am, pm)), items, RULES_BY_SPORT["wushu_sanda"])
    codes = {c.code: c for c in found}
    assert codes["schedule.max_per_day"].keys == ("A", "B", "C") and "tối đa 2" in codes["schedule.max_per_day"].message
    assert codes["schedule.same_session"].keys == ("A", "B") and "Sáng 12/12" in codes["schedule.same_session"].message
    assert codes["schedule.rest"].keys == ("A", "B")


def test_a_plan_rebuilt_from_stored_slots_gets_its_links_back() -> None:
    items = [*two_fields()[0], Item("F", 10 * MIN, after=("A/4", "B/4"), group="F", round=2, fixed_field="Thảm 2")]
    result = plan(items, morning("Thảm 1", "Thảm 2"), Rules())
    stored = Plan(result.slots, result.unplaced, result.sessions)
    assert stored.links == () and relink(stored, items, Rules()) == result


def test_a_judged_stage_of_several_parts_is_planned_part_by_part_in_start_order() -> None:
    # 12 divers x 3 dives (keys S1:<slot>/<part>, order (part - 1) x 12 + slot): a key order would put S1:10/1 before S1:2/1
    items = [
        Item(f"DIVE/S1:{j}/{p}", 3 * MIN, frozenset({f"d{j}"}), (), "DIVE", 101, order=(p - 1) * 12 + j)
        for p in (1, 2, 3)
        for j in range(1, 13)
    ]
    rules = RULES_BY_SPORT["diving"]
    result = plan(items, morning("Cầu 3m"), rules)
    assert [s.key for s in result.field_order("Cầu 3m")] == [f"DIVE/S1:{j}/{p}" for p in (1, 2, 3) for j in range(1, 13)]
    assert result.unplaced == () and check(result, items, rules) == []
