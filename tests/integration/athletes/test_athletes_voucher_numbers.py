"""Voucher numbers are unique and gapless per book and year under concurrent issue (a counter row
locked by the issuing transaction; the voucher number is UNIQUE): 20 vouchers issued by 20 parallel
HTTP requests against the real app, on SQLite and on PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

from athletes_helpers import count_rows, run_in_session

from athletes.models import Attendance, Voucher, VoucherCounter

PARALLEL = 20


def teams_with_a_stay(app, n, first="2026-03-01", last="2026-03-02"):
    """``n`` teams, each with one athlete who has one unpaid stay (city team: 240,000 VND/day)."""
    teams = []
    for i in range(n):
        tid = app.ok(app.post("/api/teams/", {"name": f"Đội {i:02d}", "level": "city"}, role="manager"))["id"]
        pid = app.ok(
            app.post(
                "/api/people/",
                {"full_name": f"Vận động viên {i:02d}", "birth_date": "2000-01-01", "national_id": f"0792000{i:05d}", "team_id": tid},
                role="manager",
            )
        )["id"]
        body = {"person_id": pid, "regime_code": "nutrition_camp", "first_day": first, "last_day": last}
        app.ok(app.post("/api/payments/attendance", body, role="accountant"))
        teams.append(tid)
    return teams


def in_parallel(app, bodies):
    """POST every body to /api/payments/vouchers at once (threads released together by a barrier)."""
    barrier = threading.Barrier(len(bodies))

    def issue(body):
        barrier.wait()
        return app.post("/api/payments/vouchers", body, role="accountant")

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(issue, bodies))


def counter(app, book, year):
    async def work(session, _h):
        row = await session.get(VoucherCounter, (book, year))
        return row.last if row else None

    return run_in_session(app.app.state.settings, work)


def test_twenty_vouchers_issued_at_once_get_distinct_gapless_numbers(app):
    teams = teams_with_a_stay(app, PARALLEL)
    bodies = [
        {"title": f"Đội {i:02d} T3", "period_from": "2026-03-01", "period_to": "2026-03-31", "team_id": t} for i, t in enumerate(teams)
    ]
    answers = in_parallel(app, bodies)
    assert [r.status_code for r in answers] == [201] * PARALLEL, [r.text for r in answers if r.status_code != 201]
    numbers = sorted(r.json()["number"] for r in answers)
    assert numbers == [f"PC-2026-{i:05d}" for i in range(1, PARALLEL + 1)]
    assert all(r.json()["total"] == 480_000 for r in answers)
    assert count_rows(app, Voucher) == PARALLEL and counter(app, "PC", 2026) == PARALLEL


def test_parallel_issues_for_the_same_period_pay_each_stay_once(app):
    teams_with_a_stay(app, 3)
    body = {"title": "T3", "period_from": "2026-03-01", "period_to": "2026-03-31"}
    answers = in_parallel(app, [body] * PARALLEL)
    codes = sorted(r.status_code for r in answers)
    assert codes == [201] + [409] * (PARALLEL - 1), [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"athletes.nothing_to_pay"}
    issued = next(r.json() for r in answers if r.status_code == 201)
    assert issued["number"] == "PC-2026-00001" and issued["total"] == 3 * 480_000
    assert count_rows(app, Voucher) == 1 and counter(app, "PC", 2026) == 1  # refused issues gave their number back


def test_numbers_run_per_year_and_a_refused_issue_leaves_no_gap(app):
    teams_with_a_stay(app, 1)
    body = {"title": "T3", "period_from": "2026-03-01", "period_to": "2026-03-31"}
    assert app.ok(app.post("/api/payments/vouchers", body, role="accountant"))["number"] == "PC-2026-00001"
    assert app.post("/api/payments/vouchers", body, role="accountant").status_code == 409  # nothing left to pay
    teams_with_a_stay_later = app.ok(app.post("/api/teams/", {"name": "Đội sau", "level": "city"}, role="manager"))["id"]
    pid = app.ok(
        app.post(
            "/api/people/",
            {"full_name": "Trần Văn Sau", "birth_date": "2000-01-01", "national_id": "079201999999", "team_id": teams_with_a_stay_later},
            role="manager",
        )
    )["id"]
    for first in ("2026-04-01", "2027-01-05"):
        app.ok(
            app.post(
                "/api/payments/attendance",
                {"person_id": pid, "regime_code": "nutrition_camp", "first_day": first, "last_day": first},
                role="accountant",
            )
        )
    april = {"title": "T4", "period_from": "2026-04-01", "period_to": "2026-04-30"}
    assert app.ok(app.post("/api/payments/vouchers", april, role="accountant"))["number"] == "PC-2026-00002"
    january = {"title": "T1/2027", "period_from": "2027-01-01", "period_to": "2027-01-31"}
    assert app.ok(app.post("/api/payments/vouchers", january, role="accountant"))["number"] == "PC-2027-00001"
    assert count_rows(app, Attendance) == 3
