from datetime import UTC, date, datetime, timedelta

import pytest

from base.clock import Clock, parse_instant
from base.settings import load_settings

UTC = UTC


@pytest.mark.parametrize(
    ("utc", "venue_day"),
    [
        (datetime(2026, 12, 1, 16, 30, tzinfo=UTC), date(2026, 12, 1)),  # 23:30 at the venue
        (datetime(2026, 12, 1, 17, 30, tzinfo=UTC), date(2026, 12, 2)),  # 00:30 at the venue, still 1 Dec in UTC
        (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), date(2027, 1, 1)),  # the venue's new year comes 7 h early
    ],
)
def test_today_is_the_venues_date_not_the_utc_one(utc, venue_day):
    assert Clock(start=utc, ticking=False).today() == venue_day


def test_another_venue_zone_turns_the_day_at_its_own_midnight():
    at = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    assert Clock("Europe/Paris", start=at, ticking=False).today() == date(2026, 12, 2)
    assert Clock("America/New_York", start=at, ticking=False).today() == date(2026, 12, 1)


def test_a_started_clock_ticks_from_its_start_and_moves_forward_by_hours_and_days():
    start = datetime(2026, 12, 1, 16, 59, 59, tzinfo=UTC)
    clock = Clock(start=start)
    first = clock()
    assert timedelta(0) <= first - start < timedelta(seconds=5) and first.tzinfo == UTC
    assert clock() >= first
    clock.advance(timedelta(days=3, hours=2))
    assert clock() - start >= timedelta(days=3, hours=2)
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))


def test_a_held_clock_only_moves_when_advanced():
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    clock = Clock(start=start, ticking=False)
    assert clock() == start == clock()
    clock.advance(timedelta(minutes=5))
    assert clock() == start + timedelta(minutes=5)


def test_local_shows_an_instant_in_the_venues_zone_and_refuses_a_naive_one():
    clock = Clock(start=datetime(2026, 12, 1, 17, 30, tzinfo=UTC), ticking=False)
    assert clock.local().strftime("%d/%m/%Y %H:%M") == "02/12/2026 00:30"
    with pytest.raises(ValueError):
        clock.local(datetime(2026, 12, 1, 17, 30))


def test_the_system_clock_is_aware_utc():
    now = Clock()()
    assert now.tzinfo == UTC and abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_settings_name_a_bad_zone_or_start_instead_of_starting():
    with pytest.raises(ValueError, match="Asia/Saigon_typo"):
        load_settings({"ARENA_TIME_ZONE": "Asia/Saigon_typo"})
    with pytest.raises(ValueError, match="no UTC offset"):
        load_settings({"ARENA_CLOCK_START": "2026-12-01T23:30:00"})
    with pytest.raises(ValueError, match="not an ISO 8601"):
        parse_instant("tomorrow")


def test_settings_build_the_venue_clock_from_zone_and_start():
    settings = load_settings({"ARENA_TIME_ZONE": "Asia/Ho_Chi_Minh", "ARENA_CLOCK_START": "2026-12-02T00:30:00+07:00"})
    clock = settings.clock()
    assert clock.zone.key == "Asia/Ho_Chi_Minh" and clock.today() == date(2026, 12, 2)
    assert load_settings({}).clock().zone.key == "Asia/Ho_Chi_Minh"
