from datetime import UTC, datetime, timedelta

from scoring.rules import ContestFold, LogEvent, load_ruleset, score_contest
from scoring.rules.live import effect_order

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _log(*items):
    events = [LogEvent(1, "contest_created", {"ruleset": "taekwondo-wt", "sides": ["red", "blue"], "params": {}}, T0)]
    for i, (kind, data) in enumerate(items, start=2):
        events.append(LogEvent(i, kind, data, T0 + timedelta(seconds=i)))
    return events


def _agreeing(side, value):
    return [("press", {"seat": "J1", "side": side, "value": value}), ("press", {"seat": "J2", "side": side, "value": value})]


ROUND_1_TO_BLUE = [("round_started", {"round": 1}), *_agreeing("blue", "2"), ("round_ended", {"round": 1}), ("round_started", {"round": 2})]


def test_an_adjustment_naming_an_ended_round_changes_that_round_winner():
    rs = load_ruleset("taekwondo-wt")
    before = score_contest(rs, _log(*ROUND_1_TO_BLUE))
    assert before.sides["blue"].detail["rounds_won"] == 1
    after = score_contest(
        rs, _log(*ROUND_1_TO_BLUE, ("score_adjusted", {"side": "red", "delta": "3", "reason": "appeal 1: head kick", "round": 1}))
    )
    assert after.sides["red"].detail["rounds_won"] == 1
    assert after.sides["blue"].detail["rounds_won"] == 0


def test_incremental_fold_and_full_replay_agree_on_a_retroactive_adjustment():
    rs = load_ruleset("taekwondo-wt")
    log = _log(*ROUND_1_TO_BLUE, ("score_adjusted", {"side": "red", "delta": "3", "reason": "appeal", "round": 1}), *_agreeing("red", "1"))
    fold = ContestFold(rs)
    for ev in log:
        fold.apply(ev)
    assert fold.result().as_dict() == score_contest(rs, log).as_dict()


def test_effect_order_moves_only_the_named_adjustment_before_its_round_end():
    log = _log(*ROUND_1_TO_BLUE, ("score_adjusted", {"side": "red", "delta": "3", "round": 1}))
    kinds = [e.kind for e in effect_order(log)]
    assert kinds.index("score_adjusted") == kinds.index("round_ended") - 1
    assert [e.seq for e in effect_order(log)] != [e.seq for e in log]
    assert sorted(e.seq for e in effect_order(log)) == [e.seq for e in log]


def test_an_adjustment_for_a_round_not_yet_played_is_refused():
    rs = load_ruleset("taekwondo-wt")
    result = score_contest(rs, _log(("round_started", {"round": 1}), ("score_adjusted", {"side": "red", "delta": "1", "round": 3})))
    assert result.ignored and "not been played" in str(result.ignored[0])
    assert result.sides["red"].total == 0
