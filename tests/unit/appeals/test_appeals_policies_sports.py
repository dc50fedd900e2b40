"""Every sport the system scores has appeal rules that load, and each sport's key rules hold:
who files, the deadline, the fee in integer VND, what may and may not be reviewed."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scoring.appeals.admissibility import ContestFacts, Filing, LoggedAction, check_filing
from scoring.appeals.lifecycle import AppealState
from scoring.appeals.policy import POLICY_DIR, AppealPolicy, all_policies, load_policy_file, policy_for

RULESETS = Path(__file__).resolve().parents[3] / "scoring" / "rules" / "rulesets"
T0 = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
END = T0 + timedelta(minutes=6)
# Sports whose rules were asked for; figure skating (ISU) has no appeal rules here yet.
SPORTS = ["boxing", "diving", "gymnastics", "karate", "pencak-silat", "taekwondo", "vovinam", "wushu"]


def ended_contest() -> ContestFacts:
    return ContestFacts(("red", "blue"), True, END, (LoggedAction(1, "contest_created", T0), LoggedAction(7, "score", T0)))


def after_end(policy: AppealPolicy, category: str, seconds: int, earlier=()) -> tuple[bool, tuple[str, ...]]:
    verdict = check_filing(policy, Filing(category, "red", None), ended_contest(), list(earlier), END + timedelta(seconds=seconds))
    return verdict.ok, verdict.reasons


def loaded(sport: str) -> AppealPolicy:
    policy = policy_for(sport)
    assert policy is not None, sport
    return policy


def test_every_policy_file_loads_and_is_named_after_its_sport():
    files = sorted(POLICY_DIR.glob("*.toml"))
    assert [load_policy_file(f).sport for f in files] == [f.stem for f in files]
    assert sorted(p.sport for p in all_policies()) == SPORTS


def test_every_scored_sport_but_figure_skating_finds_its_policy_by_the_rule_sets_sport_name():
    sports = {tomllib.loads(f.read_text(encoding="utf-8"))["sport"] for f in RULESETS.glob("*.toml")}
    assert sports - set(SPORTS) == {"figure-skating"}
    assert all(policy_for(s) is not None for s in sports - {"figure-skating"})


@pytest.mark.parametrize("sport", SPORTS)
def test_only_coaches_file_fees_are_whole_vnd_and_every_category_cites_a_source(sport):
    policy = loaded(sport)
    assert policy.filer_role == "coach"
    assert isinstance(policy.fee_vnd, int) and not isinstance(policy.fee_vnd, bool) and policy.fee_vnd >= 0
    assert all(c.source.strip() for c in policy.categories + policy.not_reviewable)


@pytest.mark.parametrize("sport", [s for s in SPORTS if s != "taekwondo"])
def test_no_fee_is_charged_until_the_event_sets_one_in_vnd(sport):
    # The rule texts name fees in USD/CHF or leave them to the organiser: never converted here.
    assert loaded(sport).fee_vnd == 0
    assert "fee_vnd = 0" in (POLICY_DIR / f"{sport}.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "sport, category, limit_s",
    [
        ("karate", "rules-application", 60),  # WKF Kumite art. 11.5: one minute after the bout
        ("pencak-silat", "result", 600),  # protest form requested within 10 minutes
        ("vovinam", "result", 900),  # unverified: conservative 15 minutes
        ("wushu", "head-judge-deduction", 900),  # IWUF art. 9.2: 15 minutes
        ("boxing", "split-decision", 900),  # IBA: protest started within 15 minutes
        ("diving", "referee-decision", 1800),  # GR 9.2.2 (e): 30 minutes
        ("gymnastics", "d-score", 60),  # FIG art. 8.5: conservative one minute
    ],
)
def test_a_protest_after_the_contest_is_admissible_until_the_limit_and_refused_one_second_later(sport, category, limit_s):
    policy = loaded(sport)
    assert policy.after_contest_seconds == limit_s
    assert after_end(policy, category, limit_s) == (True, ())
    ok, reasons = after_end(policy, category, limit_s + 1)
    assert not ok and any("deadline passed" in r for r in reasons)


@pytest.mark.parametrize(
    "sport, forbidden, article",
    [
        ("karate", "judgement", "11.1"),
        ("karate", "vr-opponent-score", "Appendix 11"),
        ("wushu", "quality-and-performance-marks", "9.1"),
        ("wushu", "other-team-athlete", "9.1(2)"),
        ("boxing", "clear-decision", "5:0 or 4:1"),
        ("boxing", "video-replay-of-judgement", "video replay"),
        ("diving", "judges-awards", "decisions of fact"),
        ("gymnastics", "e-score", "8.5.1"),
        ("gymnastics", "deductions", "8.5.1"),
        ("gymnastics", "inquiry-decision", "8.5.2"),
        ("vovinam", "judgement", "not a verified"),
    ],
)
def test_what_the_rules_exclude_is_refused_citing_the_article(sport, forbidden, article):
    ok, reasons = after_end(loaded(sport), forbidden, 1)
    assert not ok and any(r.startswith("not reviewable") and article in r for r in reasons)


def test_gymnastics_inquiries_cover_the_d_score_only():
    policy = loaded("gymnastics")
    assert [c.code for c in policy.categories] == ["d-score"]


def test_wushu_appeals_cover_head_judge_deductions_and_difficulty_only():
    assert [c.code for c in loaded("wushu").categories] == ["head-judge-deduction", "degree-of-difficulty"]


def test_karate_video_review_card_comes_back_when_the_point_is_given_but_a_rejected_one_counts():
    policy = loaded("karate")
    assert policy.quota_per_contest == 2 and policy.quota_kept_when_upheld
    upheld_vr = [("red", AppealState.UPHELD)] * 2
    assert after_end(policy, "rules-application", 10, upheld_vr)[0]
    ok, reasons = after_end(policy, "rules-application", 10, [("red", AppealState.REJECTED)] * 2)
    assert not ok and any("quota" in r for r in reasons)


@pytest.mark.parametrize("sport", ["pencak-silat", "vovinam", "wushu", "boxing", "diving", "gymnastics"])
def test_one_protest_per_side_per_contest_and_an_upheld_one_still_counts(sport):
    policy = loaded(sport)
    category = policy.categories[0].code
    ok, reasons = after_end(policy, category, 1, [("red", AppealState.UPHELD)])
    assert not ok and any("quota" in r for r in reasons)
    assert after_end(policy, category, 1, [("blue", AppealState.REJECTED)])[0]


@pytest.mark.parametrize("sport", [s for s in SPORTS if s != "taekwondo"])
def test_protests_never_require_naming_a_logged_action(sport):
    # A protest is about the result or an ignored technique, which the log may not hold.
    assert not any(c.needs_action for c in loaded(sport).categories)
