"""The athletes domain's PDFs are issued through the register: the voucher, the payment report and
the handover record carry their code on every page, open their public page, and come back as the
same bytes while nothing changed; a returned loan's record is a new version superseding the first."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from test_athletes_payments import attend, setup_team

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
CODE = re.compile(r"Mã xác thực: ([0-9A-Z]{4}-[0-9A-Z]{4}) · http://\S+/v/\1")


def codes_per_page(body: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    pages = [p for p in text.split("\f") if p.strip()]
    found = [CODE.search(p) for p in pages]
    assert all(found), pages
    return [m.group(1) for m in found if m]


def voucher(app) -> int:
    _tid, _yid, a, b = setup_team(app)
    attend(app, a, "2026-03-01", "2026-03-10")
    attend(app, b, "2026-03-05", "2026-03-07")
    body = {"title": "Dinh dưỡng", "period_from": "2026-03-01", "period_to": "2026-03-31"}
    return app.ok(app.post("/api/payments/vouchers", body, role="accountant"))["id"]


@needs_poppler
def test_a_voucher_is_issued_once_with_its_code_on_every_page(app):
    vid = voucher(app)
    first = app.get(f"/api/payments/vouchers/{vid}/pdf", role="accountant")
    assert first.status_code == 200
    (code,) = set(codes_per_page(first.content))
    again = app.get(f"/api/payments/vouchers/{vid}/pdf", role="accountant")
    assert again.content == first.content  # unchanged: the stored bytes, not a new entry
    page = app.client.get(f"/v/{code}")
    assert page.status_code == 200
    assert "Bảng thanh toán chế độ" in page.text and "Người dùng accountant" in page.text and "Bản hiện hành" in page.text
    assert app.client.get(f"/v/{code}/pdf").content == first.content


@needs_poppler
def test_a_payment_report_is_issued_with_its_code(app):
    voucher(app)
    url = "/api/payments/reports?group_by=person&period_from=2026-01-01&period_to=2026-12-31&format=pdf"
    body = app.get(url, role="accountant").content
    (code,) = set(codes_per_page(body))
    assert "Báo cáo chi chế độ" in app.client.get(f"/v/{code}").text
    assert app.get(url, role="accountant").content == body


@needs_poppler
def test_a_returned_loans_handover_record_supersedes_the_first(app):
    item = app.ok(app.post("/api/equipment/items", {"name": "Găng Vovinam", "category": "Găng"}, role="equipment_keeper"))[0]
    tid = app.ok(app.post("/api/teams/", {"name": "Đội tuyển Vovinam", "level": "city"}, role="manager"))["id"]
    today = app.app.state.clock.today()
    loan = app.ok(
        app.post("/api/equipment/loans", {"item_id": item["id"], "team_id": tid, "due_on": today.isoformat()}, role="equipment_keeper")
    )
    lent = app.get(f"/api/equipment/loans/{loan['id']}/handover.pdf", role="equipment_keeper").content
    (first,) = set(codes_per_page(lent))
    app.ok(app.post(f"/api/equipment/loans/{loan['id']}/return", {"condition": "worn"}, role="equipment_keeper"))
    returned = app.get(f"/api/equipment/loans/{loan['id']}/handover.pdf", role="equipment_keeper").content
    (second,) = set(codes_per_page(returned))
    assert second != first
    old = app.client.get(f"/v/{first}").text
    assert "Đã được thay thế bởi" in old and second in old and "Dụng cụ đã được trả" in old
