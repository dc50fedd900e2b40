"""Attendance on a regime with no rate for its level on one of its days is refused at entry, by the
API, the page and the import (row and column named, nothing saved): saved, it blocked every voucher
of its month with MissingRates."""

from athletes_helpers import count_rows
from test_athletes_payments import attend, attendance_csv, setup_team

from athletes.models import Attendance, Voucher


def refused_missing(r):
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "athletes.missing_rates"
    return r.json()["message"]


def test_attendance_on_a_regime_without_a_rate_is_refused_naming_regime_level_and_day(app):
    _tid, _yid, a, _b = setup_team(app)
    body = {"person_id": a, "regime_code": "wage_support", "first_day": "2026-03-01", "last_day": "2026-03-02"}
    message = refused_missing(app.post("/api/payments/attendance", body, role="accountant"))
    assert "Tiền công/hỗ trợ theo ngày tập trung" in message and "wage_support" not in message  # names, never the code
    assert "Đội tuyển thành phố" in message and "01/03/2026" in message
    assert count_rows(app, Attendance) == 0


def test_a_refused_stay_no_longer_blocks_the_vouchers_of_the_month(app):
    _tid, _yid, a, b = setup_team(app)
    attend(app, a, "2026-03-01", "2026-03-10")
    refused_missing(
        app.post(
            "/api/payments/attendance",
            {"person_id": b, "regime_code": "bonus", "first_day": "2026-03-05", "last_day": "2026-03-05"},
            role="accountant",
        )
    )
    v = app.ok(
        app.post("/api/payments/vouchers", {"title": "T3", "period_from": "2026-03-01", "period_to": "2026-03-31"}, role="accountant")
    )
    assert v["total"] == 2_400_000 and count_rows(app, Voucher) == 1


def test_days_past_a_rate_that_ends_are_refused_naming_the_first_day_without_one(app):
    _tid, _yid, a, _b = setup_team(app)
    rate = {
        "regime_code": "wage_support",
        "level": "city",
        "amount": 150_000,
        "effective_from": "2026-03-01",
        "effective_to": "2026-03-05",
        "legal_basis": "Nghị quyết HĐND thành phố (ví dụ)",
    }
    app.ok(app.post("/api/payments/rates", rate, role="accountant"))
    attend(app, a, "2026-03-01", "2026-03-05", regime="wage_support")
    body = {"person_id": a, "regime_code": "wage_support", "first_day": "2026-03-06", "last_day": "2026-03-08"}
    assert "06/03/2026" in refused_missing(app.post("/api/payments/attendance", body, role="accountant"))
    body = {"person_id": a, "regime_code": "wage_support", "level": "city_youth", "first_day": "2026-03-10", "last_day": "2026-03-10"}
    assert "Đội tuyển trẻ thành phố" in refused_missing(app.post("/api/payments/attendance", body, role="accountant"))
    assert count_rows(app, Attendance) == 1


def test_the_payments_page_refuses_attendance_without_a_rate_with_the_message(app):
    _tid, _yid, a, _b = setup_team(app)
    app.login("accountant")
    form = {"person_id": str(a), "regime_code": "wage_support", "first_day": "2026-03-01", "last_day": "2026-03-02"}
    r = app.client.post("/athletes/payments/attendance", data=form, headers=app.csrf())
    assert r.status_code == 400 and "01/03/2026" in r.text and "Chưa có định mức" in r.text
    assert count_rows(app, Attendance) == 0


def test_the_attendance_import_names_each_row_and_column_without_a_rate_and_saves_nothing(app):
    setup_team(app)
    app.ok(
        app.post(
            "/api/payments/rates",
            {
                "regime_code": "wage_support",
                "level": "city",
                "amount": 150_000,
                "effective_from": "2026-03-05",
                "legal_basis": "Nghị quyết HĐND thành phố (ví dụ)",
            },
            role="accountant",
        )
    )
    content = (
        "CCCD,Chế độ,Cấp đội,Từ ngày,Đến ngày\n"
        "079200000001,nutrition_camp,,01/03/2026,10/03/2026\n"  # fine
        "079200000002,bonus,,05/03/2026,05/03/2026\n"  # no bonus rate at all
        "079200000002,wage_support,,05/03/2026,06/03/2026\n"  # wage rates exist, none for city youth
        "079200000001,wage_support,,01/03/2026,06/03/2026\n"  # city wage rate starts 05/03
    ).encode()
    files = {"data": ("cc.csv", content, "text/csv")}
    preview = app.ok(app.client.post("/api/payments/attendance/import/preview", files=files, headers=app.as_role("accountant")))
    assert [(e["row"], e["column"]) for e in preview["errors"]] == [(3, "regime"), (4, "level"), (5, "first_day")]
    assert "Thưởng thành tích" in preview["errors"][0]["message"] and "05/03/2026" in preview["errors"][0]["message"]
    assert "Đội tuyển trẻ thành phố" in preview["errors"][1]["message"]
    assert "01/03/2026" in preview["errors"][2]["message"]
    r = app.client.post("/api/payments/attendance/import/commit", files=files, headers=app.as_role("accountant"))
    assert r.status_code == 400 and r.json()["code"] == "athletes.import_rejected"
    assert [(e["row"], e["column"]) for e in r.json()["errors"]] == [(3, "regime"), (4, "level"), (5, "first_day")]
    assert count_rows(app, Attendance) == 0
    good = attendance_csv(["079200000001,wage_support,05/03/2026,06/03/2026"])
    done = app.ok(
        app.client.post(
            "/api/payments/attendance/import/commit", files={"data": ("cc.csv", good, "text/csv")}, headers=app.as_role("accountant")
        )
    )
    assert done["saved"] == 1
