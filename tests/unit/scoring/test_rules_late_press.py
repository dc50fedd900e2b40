"""A late keypad press (one carrying ``pressed_at``) is scored at its press time, or listed as late
and not counted when the rules had moved on (issue 15, item 9)."""

from datetime import UTC, datetime, timedelta

from scoring.rules import ContestFold, LogEvent, load_ruleset, score_contest
from scoring.rules.live import effect_plan

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
RS = load_ruleset("taekwondo-wt")  # 2 of 3 judges within 1 s


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def log(*items):
    """``(arrival s, kind, data)``; a press's ``pressed`` (s) becomes its ``pressed_at``."""
    events = [LogEvent(1, "contest_created", {"ruleset": RS.id, "sides": ["red", "blue"], "params": {}}, T0)]
    for seq, (arrival, kind, data) in enumerate(items, start=2):
        data = dict(data)
        if "pressed" in data:
            data["pressed_at"] = at(data.pop("pressed")).isoformat()
        events.append(LogEvent(seq, kind, data, at(arrival)))
    return events


def press(arrival, seat, side="blue", value="2", **extra):
    return (arrival, "press", {"seat": seat, "side": side, "value": value, **extra})


START = [(0.5, "contest_started", {}), (1, "round_started", {"round": 1})]


def folded(events):
    fold = ContestFold(RS)
    for ev in events:
        fold.apply(ev)
    return fold.result()


def test_a_late_press_completes_the_consensus_it_was_pressed_in():
    on_time = [press(10.5, "J2"), press(12.0, "J3")]  # 1.5 s apart: no point
    assert score_contest(RS, log(*START, *on_time)).sides["blue"].total == 0
    late = log(*START, *on_time, press(13.0, "J1", pressed=10.0))  # J1 pressed 0.5 s before J2
    score = score_contest(RS, late)
    assert score.sides["blue"].total == 2
    assert not score.ignored
    assert folded(late).as_dict() == score.as_dict()


def test_a_late_press_outside_the_window_does_not_make_a_point():
    events = log(*START, press(10.5, "J2"), press(13.0, "J1", pressed=8.0))  # 2.5 s before J2
    assert score_contest(RS, events).sides["blue"].total == 0


def test_a_late_press_from_an_ended_round_is_listed_and_not_counted():
    events = log(
        *START,
        press(10.5, "J2"),
        (11.0, "round_ended", {"round": 1}),
        (12.0, "round_started", {"round": 2}),
        press(13.0, "J1", pressed=10.2),
    )
    score = score_contest(RS, events)
    assert score.sides["blue"].detail["rounds"]["1"]["points"] == "0"
    assert [(i["seq"], i["late"]) for i in score.ignored] == [(7, "round_over")]
    assert folded(events).as_dict() == score.as_dict()


def test_a_late_press_made_between_rounds_or_before_the_start_is_not_counted():
    events = log(
        (0.5, "contest_started", {}),
        (1, "round_started", {"round": 1}),
        (11.0, "round_ended", {"round": 1}),
        (12.0, "round_started", {"round": 2}),
        press(13.0, "J1", pressed=11.5),
        press(13.1, "J2", pressed=0.2),
    )
    assert {i["seq"]: i["late"] for i in score_contest(RS, events).ignored} == {6: "between_rounds", 7: "before_start"}


def test_the_plan_of_a_log_does_not_depend_on_what_came_later():
    head = log(*START, press(10.5, "J2"), press(13.0, "J1", pressed=10.0))
    longer = log(*START, press(10.5, "J2"), press(13.0, "J1", pressed=10.0), press(14.0, "J3", pressed=9.0))
    order, late = effect_plan(head)
    assert [e.seq for e in order] == [1, 2, 3, 5, 4]
    assert late == {}
    assert [e.seq for e in effect_plan(longer)[0]] == [1, 2, 3, 6, 5, 4]
    assert score_contest(RS, longer).sides["blue"].total == 2  # J3 joins the confirmed group: no second point


def test_a_press_on_time_keeps_its_receipt_time():
    events = log(*START, press(10.0, "J1"), press(10.9, "J2"))
    order, late = effect_plan(events)
    assert [e.seq for e in order] == [1, 2, 3, 4, 5] and late == {}
    assert score_contest(RS, events).sides["blue"].total == 2
