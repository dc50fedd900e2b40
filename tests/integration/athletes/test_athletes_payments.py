import io
import subprocess

import pytest
from athletes_helpers import count_rows
from openpyxl import load_workbook

from athletes.models import Attendance, Voucher


def setup_team(app):
    tid = app.ok(app.post("/api/teams/", {"name": "Đội tuyển Vovinam", "level": "city"}, role="manager"))["id"]
    yid = app.ok(app.post("/api/teams/", {"name": "Đội trẻ Vovinam", "level": "city_youth"}, role="manager"))["id"]
    a = app.ok(
        app.post(
            "/api/people/",
            {"full_name": "Nguyễn Văn An", "birth_date": "2000-01-01", "national_id": "079200000001", "team_id": tid},
            role="manager",
        )
    )["id"]
    b = app.ok(
        app.post(
            "/api/people/",
            {"full_name": "Đặng Thị Bích", "birth_date": "2001-01-01", "national_id": "079200000002", "team_id": yid},
            role="manager",
        )
    )["id"]
    return tid, yid, a, b


def attend(app, person_id, first, last, regime="nutrition_camp"):
    return app.ok(
        app.post(
            "/api/payments/attendance",
            {"person_id": person_id, "regime_code": regime, "first_day": first, "last_day": last},
            role="accountant",
        )
    )


def test_voucher_pays_the_hand_checked_amounts_of_circular_86(app):
    _tid, _yid, a, b = setup_team(app)
    attend(app, a, "2026-03-01", "2026-03-10")  # city team 10 d x 240,000 = 2,400,000
    attend(app, b, "2026-03-05", "2026-03-07")  # city youth 3 d x 200,000 = 600,000
    v = app.ok(
        app.post(
            "/api/payments/vouchers",
            {"title": "Dinh dưỡng tập huấn tháng 3/2026", "period_from": "2026-03-01", "period_to": "2026-03-31"},
            role="accountant",
        )
    )
    assert v["total"] == 3_000_000
    assert sorted((ln["person_name"], ln["quantity"], ln["rate"], ln["amount"], ln["economic_code"]) for ln in v["lines"]) == [
        ("Nguyễn Văn An", 10, 240_000, 2_400_000, "6401"),
        ("Đặng Thị Bích", 3, 200_000, 600_000, "6401"),
    ]
    assert all("86/2020/TT-BTC" in ln["legal_basis"] for ln in v["lines"])


def test_attendance_is_paid_once_and_an_overlap_is_refused(app):
    _tid, _yid, a, _b = setup_team(app)
    attend(app, a, "2026-03-01", "2026-03-10")
    r = app.post(
        "/api/payments/attendance",
        {"person_id": a, "regime_code": "nutrition_camp", "first_day": "2026-03-10", "last_day": "2026-03-12"},
        role="accountant",
    )
    assert r.status_code == 409 and r.json()["code"] == "athletes.attendance_overlap"
    assert "Trùng ngày với chấm công từ 01/03/2026 đến 10/03/2026" in r.json()["message"]
    app.ok(app.post("/api/payments/vouchers", {"title": "T3", "period_from": "2026-03-01", "period_to": "2026-03-31"}, role="accountant"))
    again = app.post(
        "/api/payments/vouchers", {"title": "T3 lần 2", "period_from": "2026-03-01", "period_to": "2026-03-31"}, role="accountant"
    )
    assert again.status_code == 409 and again.json()["code"] == "athletes.nothing_to_pay"
    assert count_rows(app, Voucher) == 1


def test_a_new_rate_version_pays_later_days_and_leaves_issued_vouchers_alone(app):
    _tid, _yid, a, _b = setup_team(app)
    attend(app, a, "2026-03-01", "2026-03-02")
    first = app.ok(
        app.post("/api/payments/vouchers", {"title": "T3", "period_from": "2026-03-01", "period_to": "2026-03-31"}, role="accountant")
    )
    app.ok(
        app.post(
            "/api/payments/rates",
            {
                "regime_code": "nutrition_camp",
                "level": "city",
                "amount": 300_000,
                "effective_from": "2026-04-03",
                "legal_basis": "Thông tư sửa đổi (ví dụ)",
                "version": "TT-new",
            },
            role="accountant",
        )
    )
    attend(app, a, "2026-04-01", "2026-04-04")  # 2 d x 240,000 + 2 d x 300,000 = 1,080,000
    preview = app.ok(app.get("/api/payments/entitlements?period_from=2026-04-01&period_to=2026-04-30", role="accountant"))
    assert preview["total"] == 1_080_000 and [ln["rate"] for ln in preview["lines"]] == [240_000, 300_000]
    assert app.ok(app.get(f"/api/payments/vouchers/{first['id']}", role="accountant"))["total"] == 480_000
    rates = app.ok(app.get("/api/payments/rates?regime=nutrition_camp", role="accountant"))
    assert [r["amount"] for r in rates if r["level"] == "city"] == [240_000, 300_000]


def test_a_day_without_a_rate_refuses_the_whole_voucher(app):
    """Attendance without a rate is refused at entry now; a row saved before that still blocks."""
    from datetime import date

    from athletes_helpers import run_in_session

    _tid, _yid, a, _b = setup_team(app)

    async def legacy(session, _h):  # no wage rates shipped
        session.add(
            Attendance(person_id=a, regime_code="wage_support", level="city", first_day=date(2026, 3, 1), last_day=date(2026, 3, 2))
        )
        await session.commit()

    run_in_session(app.app.state.settings, legacy)
    r = app.post(
        "/api/payments/vouchers", {"title": "Tiền công", "period_from": "2026-03-01", "period_to": "2026-03-31"}, role="accountant"
    )
    assert r.status_code == 409 and r.json()["code"] == "athletes.missing_rates"
    assert count_rows(app, Voucher) == 0


def test_a_float_amount_is_refused_at_the_boundary(app):
    r = app.post(
        "/api/payments/rates",
        {"regime_code": "nutrition_camp", "level": "city", "amount": 240000.5, "effective_from": "2026-01-01", "legal_basis": "x"},
        role="accountant",
    )
    assert r.status_code == 400


def test_voucher_pdf_states_the_total_in_vietnamese_words(app):
    _tid, _yid, a, b = setup_team(app)
    attend(app, a, "2026-03-01", "2026-03-10")
    attend(app, b, "2026-03-05", "2026-03-07")
    v = app.ok(
        app.post(
            "/api/payments/vouchers", {"title": "Dinh dưỡng", "period_from": "2026-03-01", "period_to": "2026-03-31"}, role="accountant"
        )
    )
    pdf = app.get(f"/api/payments/vouchers/{v['id']}/pdf", role="accountant")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "Ba triệu đồng" in text and "Nguyễn Văn An" in text and "3.000.000" in text
    assert b"Helvetica" not in pdf.content


def test_reports_group_by_person_team_month_and_code_in_xlsx_and_pdf(app):
    tid, yid, a, b = setup_team(app)
    attend(app, a, "2026-03-01", "2026-03-10")
    attend(app, b, "2026-04-05", "2026-04-07")
    app.ok(app.post("/api/payments/vouchers", {"title": "Q2", "period_from": "2026-03-01", "period_to": "2026-04-30"}, role="accountant"))
    by_month = app.ok(app.get("/api/payments/reports?group_by=month&period_from=2026-01-01&period_to=2026-12-31", role="accountant"))
    assert [(r["label"], r["amount"]) for r in by_month["rows"]] == [("03/2026", 2_400_000), ("04/2026", 600_000)]
    by_team = app.ok(
        app.get(f"/api/payments/reports?group_by=team&period_from=2026-01-01&period_to=2026-12-31&team_id={yid}", role="accountant")
    )
    assert [(r["label"], r["amount"]) for r in by_team["rows"]] == [("Đội trẻ Vovinam", 600_000)]
    xlsx = app.get("/api/payments/reports?group_by=code&period_from=2026-01-01&period_to=2026-12-31&format=xlsx", role="accountant")
    rows = list(load_workbook(io.BytesIO(xlsx.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[1:] == [("6401 – Tiền ăn", 13, 3_000_000), ("Tổng cộng", 13, 3_000_000)]
    pdf = app.get("/api/payments/reports?group_by=person&period_from=2026-01-01&period_to=2026-12-31&format=pdf", role="accountant")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "Đặng Thị Bích" in text and "2.400.000" in text


def attendance_csv(rows):
    return ("CCCD,Chế độ,Từ ngày,Đến ngày\n" + "\n".join(rows) + "\n").encode()


def test_attendance_import_with_one_bad_row_saves_nothing(app):
    setup_team(app)
    bad = attendance_csv(
        [
            "079200000001,nutrition_camp,01/03/2026,10/03/2026",
            "079299999999,nutrition_camp,01/03/2026,02/03/2026",
            "079200000002,nutrition_camp,05/03/2026,01/03/2026",
        ]
    )
    preview = app.ok(
        app.client.post(
            "/api/payments/attendance/import/preview", files={"data": ("cc.csv", bad, "text/csv")}, headers=app.as_role("accountant")
        )
    )
    assert [(e["row"], e["column"]) for e in preview["errors"]] == [(3, "national_id"), (4, "last_day")]
    r = app.client.post(
        "/api/payments/attendance/import/commit", files={"data": ("cc.csv", bad, "text/csv")}, headers=app.as_role("accountant")
    )
    assert r.status_code == 400 and len(r.json()["errors"]) == 2
    assert count_rows(app, Attendance) == 0
    good = attendance_csv(["079200000001,nutrition_camp,01/03/2026,10/03/2026", "079200000002,nutrition_camp,05/03/2026,07/03/2026"])
    done = app.ok(
        app.client.post(
            "/api/payments/attendance/import/commit", files={"data": ("cc.csv", good, "text/csv")}, headers=app.as_role("accountant")
        )
    )
    assert done["saved"] == 2 and count_rows(app, Attendance) == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_attendance_and_vouchers_lists_export(app, fmt):
    _tid, _yid, a, _b = setup_team(app)
    attend(app, a, "2026-03-01", "2026-03-10")
    r = app.get(f"/api/payments/attendance?format={fmt}", role="accountant")
    assert r.status_code == 200 and r.headers["content-disposition"].endswith(f'.{fmt}"')
