from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athletes.entitlements import Rate, Stay, compute, entitle, overlaps, rate_on

TT86 = "Thông tư 86/2020/TT-BTC, Điều 2 khoản 1"


def camp(level, amount, start=date(2020, 12, 15), end=None, version="TT86/2020", rid=0):
    return Rate("nutrition_camp", level, amount, start, TT86, "6401", version, end, id=rid)


RATES = [camp("national", 320_000, rid=1), camp("city", 240_000, rid=2), camp("city_youth", 200_000, rid=3)]


def stay(level, first, last, person=1, aid=1, regime="nutrition_camp"):
    return Stay(aid, person, regime, level, first, last)


def test_city_team_ten_days_of_camp_pay_two_million_four_hundred_thousand():
    # 10 days x 240,000 VND (Circular 86/2020 city team) = 2,400,000 VND
    result = compute([stay("city", date(2026, 3, 1), date(2026, 3, 10))], RATES)
    assert result.total == 2_400_000
    assert [(ln.quantity, ln.rate, ln.economic_code) for ln in result.lines] == [(10, 240_000, "6401")]


def test_a_team_of_three_levels_adds_up_by_hand():
    # national 5 d x 320,000 = 1,600,000; city 7 d x 240,000 = 1,680,000; city youth 3 d x 200,000 = 600,000
    stays = [
        stay("national", date(2026, 1, 1), date(2026, 1, 5), person=1, aid=1),
        stay("city", date(2026, 1, 1), date(2026, 1, 7), person=2, aid=2),
        stay("city_youth", date(2026, 1, 30), date(2026, 2, 1), person=3, aid=3),
    ]
    result = compute(stays, RATES)
    assert [ln.amount for ln in result.lines] == [1_600_000, 1_680_000, 600_000]
    assert result.total == 3_880_000
    assert result.by_code() == {"6401": 3_880_000}


def test_a_stay_across_a_new_regulation_is_paid_at_each_days_rate():
    # A later regulation raises city team from 240,000 to 300,000 on 2026-03-06:
    # 5 days x 240,000 + 5 days x 300,000 = 1,200,000 + 1,500,000 = 2,700,000
    rates = RATES + [camp("city", 300_000, start=date(2026, 3, 6), version="new", rid=9)]
    lines, missing = entitle(stay("city", date(2026, 3, 1), date(2026, 3, 10)), rates)
    assert not missing
    assert [(ln.first_day.day, ln.last_day.day, ln.rate, ln.amount, ln.version) for ln in lines] == [
        (1, 5, 240_000, 1_200_000, "TT86/2020"),
        (6, 10, 300_000, 1_500_000, "new"),
    ]


def test_days_before_any_rate_are_reported_missing_not_paid_as_zero():
    result = compute([stay("city", date(2020, 12, 13), date(2020, 12, 16))], RATES)
    assert [m.day for m in result.missing] == [date(2020, 12, 13), date(2020, 12, 14)]
    assert result.total == 2 * 240_000


def test_an_ended_version_stops_applying_after_its_last_day():
    rates = [camp("talent", 150_000, end=date(2026, 1, 2))]
    result = compute([stay("talent", date(2026, 1, 1), date(2026, 1, 3))], rates)
    assert result.total == 300_000 and [m.day for m in result.missing] == [date(2026, 1, 3)]


def test_a_per_award_regime_pays_once_whatever_the_dates():
    bonus = Rate("bonus", "city", 5_000_000, date(2020, 1, 1), "Nghị quyết HĐND", "6202", unit="each")
    result = compute([Stay(1, 1, "bonus", "city", date(2026, 5, 1), date(2026, 5, 3))], [bonus])
    assert result.total == 5_000_000 and result.lines[0].quantity == 1


def test_money_must_be_an_int_and_a_basis_must_be_given():
    with pytest.raises(ValueError):
        Rate("r", "city", 240000.0, date(2020, 1, 1), TT86, "6401")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Rate("r", "city", 240000, date(2020, 1, 1), " ", "6401")


def test_a_stay_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        stay("city", date(2026, 1, 2), date(2026, 1, 1))


def test_overlapping_stays_of_one_person_and_regime_are_found():
    a = stay("city", date(2026, 1, 1), date(2026, 1, 30), aid=1)
    b = stay("city", date(2026, 1, 5), date(2026, 1, 6), aid=2)
    c = stay("city", date(2026, 1, 10), date(2026, 1, 11), aid=3)
    other = stay("city", date(2026, 1, 1), date(2026, 1, 30), person=2, aid=4)
    assert overlaps([a, b, c, other]) == [(a, b), (a, c)]


def test_latest_start_wins_when_versions_overlap():
    rates = [camp("city", 240_000, rid=1), camp("city", 260_000, start=date(2025, 1, 1), rid=2)]
    assert rate_on(rates, "nutrition_camp", "city", date(2025, 6, 1)).amount == 260_000
    assert rate_on(rates, "nutrition_camp", "city", date(2024, 6, 1)).amount == 240_000


days = st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 31))


@given(days, st.integers(0, 120), st.integers(0, 120), st.integers(0, 200))
def test_splitting_a_stay_in_two_never_changes_the_total(first, length, cut, change):
    last = first + timedelta(days=length)
    middle = first + timedelta(days=min(cut, length))
    rates = RATES + [camp("city", 275_000, start=first + timedelta(days=change), rid=7)]
    whole = compute([stay("city", first, last)], rates).total
    parts = compute(
        [stay("city", first, middle, aid=1)] + ([stay("city", middle + timedelta(days=1), last, aid=2)] if middle < last else []), rates
    ).total
    assert whole == parts
    assert isinstance(whole, int)


@given(days, st.integers(0, 60))
def test_total_is_the_sum_of_each_days_rate(first, length):
    rates = RATES + [camp("city", 275_000, start=date(2024, 1, 1), rid=7)]
    last = first + timedelta(days=length)
    expected = sum(rate_on(rates, "nutrition_camp", "city", first + timedelta(days=i)).amount for i in range(length + 1))
    result = compute([stay("city", first, last)], rates)
    assert result.total == expected
    assert sum(ln.quantity for ln in result.lines) == length + 1
