"""A not-reviewable entry names the rule set's score categories it covers; a filing that names a
point of them is refused with the entry's label and article (WT art. 21.2: trunk points)."""

from datetime import UTC, datetime, timedelta

import pytest

from scoring.appeals.actions import action_rows, logged_actions, score_category
from scoring.appeals.admissibility import ContestFacts, Filing, LoggedAction, check_filing
from scoring.appeals.policy import PolicyInvalid, all_policies, parse_policy, policy_for
from scoring.rules.catalog import load_ruleset
from scoring.rules.contest import LogEvent

T0 = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
WT = policy_for("taekwondo")
RULES = load_ruleset("taekwondo-wt")


def _press(seq, value, side="red", seat="J1"):
    return LogEvent(seq, "press", {"seat": seat, "side": side, "value": value}, T0 + timedelta(seconds=seq))


def _log():
    return [
        LogEvent(1, "contest_created", {"ruleset": "taekwondo-wt", "sides": ["red", "blue"]}, T0),
        _press(2, "2"),  # trunk kick
        _press(3, "4"),  # turning trunk kick
        _press(4, "3"),  # head kick
        _press(5, "1"),  # punch
        LogEvent(6, "penalty", {"side": "blue", "code": "gam-jeom"}, T0 + timedelta(seconds=6)),
    ]


def _facts():
    return ContestFacts(("red", "blue"), True, None, logged_actions(RULES, _log()))


def test_the_taekwondo_entry_covers_trunk_and_turning_trunk_points_of_the_rule_set():
    assert WT is not None
    (trunk,) = WT.not_reviewable
    assert trunk.score_categories == ("trunk", "turning-trunk") and trunk.source.startswith("art. 21.2")
    categories = {b.category for b in RULES.consensus.buttons}
    assert set(trunk.score_categories) <= categories  # names that exist in taekwondo-wt.toml
    assert [score_category(RULES, e) for e in _log()] == [None, "trunk", "turning-trunk", "head", "punch", None]


@pytest.mark.parametrize("seq", [2, 3])
def test_a_technical_point_naming_a_trunk_point_is_refused_with_the_label_and_the_article(seq):
    at = T0 + timedelta(seconds=seq + 1)
    verdict = check_filing(WT, Filing("technical-point", "red", seq), _facts(), [], at)
    assert not verdict.ok
    assert verdict.reasons == (
        "not reviewable: Points scored by foot or fist attacks on the trunk (trunk PSS) (art. 21.2: not admissible)",
    )
    assert verdict.reasons_vi == ("không được xem lại: Điểm đòn chân hoặc đấm vào thân (giáp điện tử thân) (Điều 21.2)",)


def test_any_category_naming_a_trunk_point_is_refused_and_every_other_reason_is_still_listed():
    late = T0 + timedelta(seconds=30)
    verdict = check_filing(WT, Filing("own-penalty", "red", 2), _facts(), [], late)
    assert len(verdict.reasons) == 2 and verdict.reasons[0].startswith("not reviewable") and "deadline passed" in verdict.reasons[1]
    assert verdict.reasons_vi[1].startswith("đã quá hạn")


@pytest.mark.parametrize("seq, category", [(4, "technical-point"), (5, "punch-attacker-misidentified"), (6, "own-penalty")])
def test_head_kicks_punches_and_penalties_stay_reviewable(seq, category):
    verdict = check_filing(WT, Filing(category, "red", seq), _facts(), [], T0 + timedelta(seconds=seq + 1))
    assert verdict.ok, verdict.reasons


def test_an_action_without_a_score_category_is_judged_as_before():
    facts = ContestFacts(("red", "blue"), True, None, (LoggedAction(2, "press", T0),))
    assert check_filing(WT, Filing("technical-point", "red", 2), facts, [], T0 + timedelta(seconds=1)).ok


def _policy(**not_reviewable):
    entry = {"code": "x", "label": "X", "source": "art. 1", **not_reviewable}
    return {
        "sport": "s",
        "name": "n",
        "source": "s",
        "filer_role": "coach",
        "action_window_seconds": 5,
        "after_contest_seconds": 5,
        "fee_vnd": 0,
        "quota_per_contest": 1,
        "quota_kept_when_upheld": False,
        "categories": [{"code": "c", "label": "C", "source": "art. 2"}],
        "not_reviewable": [entry],
    }


@pytest.mark.parametrize("value", [["trunk", ""], ["trunk", 3], "trunk"])
def test_a_bad_score_categories_list_is_refused_when_loaded(value):
    with pytest.raises(PolicyInvalid, match="score_categories"):
        parse_policy(_policy(score_categories=value))


def test_only_a_not_reviewable_entry_may_name_score_categories():
    raw = _policy()
    raw["categories"][0]["score_categories"] = ["trunk"]
    with pytest.raises(PolicyInvalid, match="unknown key"):
        parse_policy(raw)


def test_no_other_sport_excludes_a_rule_set_score_category():
    # Karate, boxing, vovinam exclude judgements (every score), gymnastics and wushu exclude panel
    # marks, diving the judges' awards: none of them is one button category (docs/appeals.md).
    assert {p.sport for p in all_policies() if any(c.score_categories for c in p.not_reviewable)} == {"taekwondo"}


def test_the_page_rows_flag_a_trunk_point_before_the_coach_sends():
    rows = action_rows(RULES, WT, {"sides": {"red": {"name": "An"}}}, _log(), lambda s: s, "vi")
    assert [r["seq"] for r in rows] == [6, 5, 4, 3, 2]  # newest first, contest_created left out
    flagged = {r["seq"]: r["not_reviewable"] for r in rows}
    assert flagged[2] == flagged[3] == {"label": "Điểm đòn chân hoặc đấm vào thân (giáp điện tử thân)", "source": "Điều 21.2"}
    assert flagged[4] is flagged[5] is flagged[6] is None
    assert rows[-1]["detail"] == "Trunk kick (J1)" and rows[-1]["side_text"] == "Red An"
