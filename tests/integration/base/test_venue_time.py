"""The server's "today" is the venue's date, whatever the hour in UTC: the suite's date-bound flows
run with the clock at 23:30 and at 00:30 venue time (00:30 is still the day before in UTC)."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from arena_builders import Arena, seed_accounts
from click.testing import CliRunner

from base.clock import Clock, parse_instant

NIGHT = {
    "23:30": ("2026-12-01T23:30:00+07:00", date(2026, 12, 1)),
    "00:30": ("2026-12-02T00:30:00+07:00", date(2026, 12, 2)),
}


@pytest.fixture(params=sorted(NIGHT))
def night(request: pytest.FixtureRequest, settings) -> Iterator[tuple[Arena, date]]:
    from litestar.testing import TestClient

    from assembly.app import create_app
    from assembly.migrate import upgrade

    start, venue_day = NIGHT[request.param]
    upgrade(settings)
    app = create_app(settings, clock=Clock(start=parse_instant(start)), run_migrations=False)
    with TestClient(app=app) as client:
        yield Arena(client=client, app=app, tokens=seed_accounts(app, client.blocking_portal.call)), venue_day


def test_a_loan_due_today_at_the_venue_is_taken_and_is_not_overdue(night):
    arena, today = night
    item = arena.ok(arena.post("/api/equipment/items", {"name": "Giáp thân"}, role="equipment_keeper"))[0]
    yesterday = arena.post(
        "/api/equipment/loans",
        {"item_id": item["id"], "venue": "CLB Quận 5", "due_on": str(today - timedelta(days=1))},
        role="equipment_keeper",
    )
    assert yesterday.status_code == 400
    loan = arena.ok(
        arena.post("/api/equipment/loans", {"item_id": item["id"], "venue": "CLB Quận 5", "due_on": str(today)}, role="equipment_keeper")
    )
    assert loan["lent_on"] == loan["due_on"] == today.isoformat()
    assert arena.ok(arena.get("/api/equipment/overdue", role="equipment_keeper")) == []
    back = arena.ok(arena.post(f"/api/equipment/loans/{loan['id']}/return", {"condition": "good"}, role="equipment_keeper"))
    assert back["returned_on"] == today.isoformat()


def test_a_team_move_dated_today_at_the_venue_opens_the_membership_today(night):
    arena, today = night
    team = arena.ok(arena.post("/api/teams/", {"name": "Đội tuyển Wushu", "level": "city"}, role="manager"))["id"]
    person = arena.ok(arena.post("/api/people/", {"full_name": "Trần Minh Khang", "birth_date": "2004-05-06"}, role="manager"))
    moved = arena.ok(arena.post(f"/api/people/{person['id']}/team", {"team_id": team, "on": str(today)}, role="manager"))
    assert [(m["team"], m["joined_on"]) for m in moved["memberships"]] == [("Đội tuyển Wushu", today.isoformat())]


def test_the_app_clock_is_the_one_the_server_uses(night):
    arena, today = night
    clock = arena.app.state.clock
    assert clock.today() == today and clock.zone.key == "Asia/Ho_Chi_Minh"
    assert abs(clock() - datetime.fromisoformat(NIGHT["23:30" if today.day == 1 else "00:30"][0])) < timedelta(minutes=1)


def test_the_cli_refuses_a_bad_time_zone_and_exits_non_zero(tmp_path):
    from assembly.cli import main

    result = CliRunner().invoke(main, ["db", "upgrade"], env={"ARENA_TIME_ZONE": "Mars/Olympus", "ARENA_DATA_DIR": str(tmp_path)})
    assert result.exit_code != 0 and "Mars/Olympus" in result.output
    assert not (tmp_path / "arena.db").exists()
