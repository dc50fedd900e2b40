"""A judged follow-up waits for the stage it is drawn from: the places of a judged stage (its ranking ``S1``, a
group's ``S1:A``, the qualifiers of half the groups ``S1>A``) are known only when every performance of that stage is
over, so the order of competition links the next stage (a diving final, the WKF kata medal bouts) to all of them and
plans it after their end plus the sport's rest, on any field."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tournaments.draws import Draw, Entrant, make_draw
from tournaments.ordering import _sources
from tournaments.schedule import RULES_BY_SPORT, Item, Rules, Session, plan

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 12, 12, 8, tzinfo=VN)


def entrants(n: int) -> list[Entrant]:
    return [Entrant(f"e{i:02}", team=f"CLB {i % 3}") for i in range(1, n + 1)]


def items(d: Draw, minutes: int) -> list[Item]:
    """The draw's performances as the plan sees them: their known athletes, their sources, the draw's order."""
    return [
        Item(
            m.key,
            minutes * 60,
            frozenset({m.red.ref} if m.red.kind == "entrant" else ()),
            tuple(_sources(d, m)),
            "C",
            m.round,
            order=m.order,
        )
        for m in d.matches
    ]


def two_fields() -> list[Session]:
    return [Session(f"{f}/Sáng", f, "Sáng", START, START + timedelta(hours=6)) for f in ("1", "2")]


def test_every_stage_two_performance_is_drawn_from_every_stage_one_performance() -> None:
    d = make_draw("judged", entrants(6), b"dive", {"stages": [{"name": "Sơ loại", "take": 4}, {"name": "Chung kết"}], "parts": 2})
    first = {m.key for m in d.matches if m.round == 1}
    assert len(first) == 12
    assert all(set(_sources(d, m)) == first for m in d.matches if m.round == 2)
    assert all(_sources(d, m) == [] for m in d.matches if m.round == 1)


def test_the_kata_medal_bouts_come_after_the_second_round_and_its_rest_even_with_another_field_free() -> None:
    options = {"groups": 4, "stages": [{"name": "Vòng 1", "take": 3}, {"name": "Vòng 2", "take": 3}], "bronze": "groups"}
    d = make_draw("judged", entrants(16), b"kata", options)
    rules = RULES_BY_SPORT["karate"]
    assert rules.min_rest_s == 5 * 60
    p = plan(items(d, 4), two_fields(), rules)
    assert not p.unplaced
    slots = p.by_key()
    for stage in (2, 3):  # round 2 after round 1, the medal bouts after round 2: each after the last end plus rest
        before = max(slots[m.key].end for m in d.matches if m.round == stage - 1)
        after = min(slots[m.key].start for m in d.matches if m.round == stage)
        assert after >= before + timedelta(seconds=rules.min_rest_s), (stage, before, after)


def test_a_diving_final_never_starts_on_another_field_before_the_last_preliminary_dive_ends() -> None:
    d = make_draw("judged", entrants(8), b"dive", {"stages": [{"name": "Sơ loại", "take": 4}, {"name": "Chung kết"}], "parts": 3})
    p = plan(items(d, 2), two_fields(), Rules(min_rest_s=0, keep_group_on_field=True))
    slots = p.by_key()
    last_dive = max(slots[m.key].end for m in d.matches if m.round == 1)
    assert min(slots[m.key].start for m in d.matches if m.round == 2) >= last_dive
