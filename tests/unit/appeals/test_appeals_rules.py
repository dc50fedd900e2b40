from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.appeals.admissibility import ContestFacts, Filing, LoggedAction, check_filing
from scoring.appeals.decision import DecisionInvalid, Remedy, Vote, decision_events, outcome, settled
from scoring.appeals.lifecycle import TRANSITIONS, AppealEvent, AppealState, IllegalAppealTransition, next_state
from scoring.appeals.policy import PolicyInvalid, all_policies, parse_policy, policy_for

T0 = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
WT = policy_for("taekwondo")


def facts(ended_at=None):
    return ContestFacts(("red", "blue"), True, ended_at, (LoggedAction(1, "contest_created", T0), LoggedAction(5, "penalty", T0)))


def test_every_row_of_the_appeal_table_leads_where_it_says_and_final_states_refuse_everything():
    for state, row in TRANSITIONS.items():
        for event in AppealEvent:
            if event in row:
                assert next_state(state, event) is row[event]
            else:
                with pytest.raises(IllegalAppealTransition):
                    next_state(state, event)
    assert TRANSITIONS[AppealState.UPHELD] == TRANSITIONS[AppealState.WITHDRAWN] == {}


def test_taekwondo_policy_cites_art_21_for_every_category():
    assert WT is not None and WT.fee_vnd == 0 and WT.quota_per_contest == 1 and WT.action_window_seconds == 5
    assert all(c.source.startswith("art. 21") for c in WT.categories + WT.not_reviewable)
    assert "taekwondo" in [p.sport for p in all_policies()]
    assert policy_for("../etc/passwd") is None and policy_for("figure-skating") is None


@pytest.mark.parametrize(
    "change, message",
    [
        ({"fee_vnd": -1}, "fee_vnd must not be negative"),
        ({"fee_vnd": True}, "fee_vnd must be int"),
        ({"quota": 1}, "unknown key"),
        ({"quota_per_contest": 0}, "at least 1"),
        ({"categories": []}, "at least one"),
    ],
)
def test_a_bad_policy_file_is_refused_naming_the_key(change, message):
    raw = {
        "sport": "x",
        "name": "n",
        "source": "s",
        "filer_role": "coach",
        "action_window_seconds": 5,
        "after_contest_seconds": 5,
        "fee_vnd": 0,
        "quota_per_contest": 1,
        "quota_kept_when_upheld": True,
        "categories": [{"code": "a", "label": "A", "source": "art. 1"}],
    }
    with pytest.raises(PolicyInvalid, match=message):
        parse_policy({**raw, **change})


def test_filing_within_five_seconds_of_the_action_is_admissible():
    verdict = check_filing(WT, Filing("own-penalty", "red", 5), facts(), [], T0 + timedelta(seconds=5))
    assert verdict.ok and verdict.deadline == T0 + timedelta(seconds=5) and verdict.fee_vnd == 0


def test_every_broken_rule_is_listed_at_once():
    late = T0 + timedelta(seconds=6)
    verdict = check_filing(WT, Filing("trunk-points", "green", 5), facts(), [("green", AppealState.REJECTED)], late)
    assert not verdict.ok
    text = " | ".join(verdict.reasons)
    assert "not reviewable" in text and "side chosen is not in this contest" in text and "deadline passed" in text and "quota" in text


def test_an_upheld_request_keeps_the_quota_but_a_withdrawn_one_uses_it():
    f = Filing("head-kick-not-scored", "red", None)
    assert check_filing(WT, f, facts(), [("red", AppealState.UPHELD)], T0).ok
    assert not check_filing(WT, f, facts(), [("red", AppealState.WITHDRAWN)], T0).ok


def test_a_category_about_a_logged_action_needs_its_seq_and_the_seq_must_exist():
    assert "name the action" in check_filing(WT, Filing("own-penalty", "red", None), facts(), [], T0).reasons[0]
    assert "no action 9" in check_filing(WT, Filing("own-penalty", "red", 9), facts(), [], T0).reasons[0]


@given(st.lists(st.booleans(), min_size=1, max_size=9))
def test_an_appeal_is_upheld_only_by_a_strict_majority(votes):
    result = outcome([Vote(i, v, "xem video") for i, v in enumerate(votes)])
    assert result == (sum(votes) > len(votes) - sum(votes))


def test_votes_need_distinct_members_and_reasons():
    with pytest.raises(DecisionInvalid, match="once"):
        outcome([Vote(1, True, "a"), Vote(1, False, "b")])
    with pytest.raises(DecisionInvalid, match="reason"):
        outcome([Vote(1, True, " ")])


def test_remedies_become_log_events_that_name_the_appeal():
    events = decision_events(
        True,
        [Remedy("void", corrects=5), Remedy("adjust", side="red", delta="3"), Remedy("decide", winner="red", method="appeal")],
        ("red", "blue"),
        7,
        "video",
    )
    assert [k for k, _ in events] == ["correction", "score_adjusted", "decision"]
    assert events[0][1] == {"corrects": 5, "reason": "khiếu nại số 7: video", "appeal_id": 7}
    assert decision_events(False, [], ("red", "blue"), 7, "call stands") == []
    with pytest.raises(DecisionInvalid):
        decision_events(False, [Remedy("void", corrects=5)], ("red", "blue"), 7, "x")
    with pytest.raises(DecisionInvalid, match="non-zero"):
        decision_events(True, [Remedy("adjust", side="red", delta="0")], ("red", "blue"), 7, "x")


@given(st.integers(min_value=1, max_value=9), st.lists(st.booleans(), max_size=9))
def test_the_jury_decides_when_its_votes_settle_the_outcome_all_votes_would_give(size, votes):
    votes = votes[:size]
    cast = [Vote(i, v, "xem video") for i, v in enumerate(votes)]
    result = settled(cast, size)
    upheld, rejected = sum(votes), len(votes) - sum(votes)
    if result is None:  # the members still to vote could tip it either way
        assert 2 * upheld <= size and 2 * rejected < size
    else:  # whatever the others vote, all votes give this outcome
        for rest in (True, False):
            assert outcome(cast + [Vote(100 + i, rest, "x") for i in range(size - len(votes))]) is result


def test_a_tie_of_the_whole_jury_rejects():
    assert settled([Vote(1, True, "a"), Vote(2, False, "b")], 2) is False
    assert settled([Vote(1, True, "a")], 2) is None
    assert settled([Vote(1, True, "a"), Vote(2, True, "b")], 3) is True
    with pytest.raises(DecisionInvalid, match="once"):
        settled([Vote(1, True, "a"), Vote(1, True, "b")], 3)
