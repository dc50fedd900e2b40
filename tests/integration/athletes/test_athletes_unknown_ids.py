"""An unknown id or label code in a request is a clear refusal (the domain's 404, in Vietnamese),
never a 500, and changes nothing; on both databases (an id past INTEGER made asyncpg raise)."""

import pytest
from athletes_helpers import audit_actions, count_rows

from athletes.models import Athlete, Loan, Voucher

BIG = 2**31  # one past the largest INTEGER id
HUGE = 2**63  # past what sqlite3 binds


def keeper_item(app):
    return app.ok(app.post("/api/equipment/items", {"name": "Bao cát", "category": "Bao"}, role="equipment_keeper"))[0]


def refused(r, status, code, *words):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    for word in words:
        assert word in body["message"], body
    return body


@pytest.mark.parametrize("item_id", [999, BIG, HUGE, "EQ-000003", "eq-000777", "999"])
def test_lending_an_unknown_item_is_a_404_naming_it_and_changes_nothing(app, item_id):
    item = keeper_item(app)
    today = app.app.state.clock.today().isoformat()
    r = app.post("/api/equipment/loans", {"item_id": item_id, "venue": "CLB Quận 3", "due_on": today}, role="equipment_keeper")
    refused(r, 404, "athletes.item_not_found", "Không tìm thấy dụng cụ", str(item_id).upper())
    assert count_rows(app, Loan) == 0
    assert app.ok(app.get(f"/api/equipment/items/{item['id']}", role="equipment_keeper"))["status"] == "in_stock"
    assert ("equipment_keeper", "athletes.equipment.lend") not in audit_actions(app, f"item:{item['id']}")


def test_an_item_is_lent_by_the_code_on_its_label(app):
    item = keeper_item(app)
    today = app.app.state.clock.today().isoformat()
    loan = app.ok(
        app.post("/api/equipment/loans", {"item_id": item["code"].lower(), "venue": "CLB", "due_on": today}, role="equipment_keeper")
    )
    assert loan["item_id"] == item["id"]


@pytest.mark.parametrize("who", ["person_id", "team_id"])
@pytest.mark.parametrize("value", [999, BIG, HUGE])
def test_lending_to_an_unknown_person_or_team_is_a_404_and_changes_nothing(app, who, value):
    item = keeper_item(app)
    today = app.app.state.clock.today().isoformat()
    r = app.post("/api/equipment/loans", {"item_id": item["id"], who: value, "due_on": today}, role="equipment_keeper")
    code, words = {
        "person_id": ("athletes.person_not_found", "Không tìm thấy hồ sơ"),
        "team_id": ("athletes.team_not_found", "Không tìm thấy đội"),
    }[who]
    refused(r, 404, code, words, str(value))
    assert count_rows(app, Loan) == 0
    assert app.ok(app.get(f"/api/equipment/items/{item['id']}", role="equipment_keeper"))["status"] == "in_stock"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"item": "EQ-000003", "venue": "CLB"}, "Không tìm thấy dụng cụ EQ-000003"),
        ({"item": "999", "venue": "CLB"}, "Không tìm thấy dụng cụ 999"),
        ({"item": str(BIG), "venue": "CLB"}, f"Không tìm thấy dụng cụ {BIG}"),
        ({"item": "1", "person_id": "999"}, "Không tìm thấy hồ sơ số 999"),
        ({"item": "1", "team_id": "999"}, "Không tìm thấy đội 999"),
    ],
)
def test_the_lend_page_refuses_an_unknown_item_person_or_team_with_the_message(app, form, message):
    """A refused lend form was a 500: the page's context has a "status" (the item filter)."""
    keeper_item(app)
    app.login("equipment_keeper")
    today = app.app.state.clock.today().isoformat()
    r = app.client.post("/athletes/equipment/lend", data={**form, "due_on": today}, headers=app.csrf())
    assert r.status_code == 400 and message in r.text
    assert count_rows(app, Loan) == 0


def test_the_payments_page_refuses_an_unknown_person_with_the_message(app):
    app.login("accountant")
    form = {"person_id": "999", "regime_code": "nutrition_camp", "first_day": "2026-03-01", "last_day": "2026-03-02"}
    r = app.client.post("/athletes/payments/attendance", data=form, headers=app.csrf())
    assert r.status_code == 400 and "Không tìm thấy hồ sơ số 999" in r.text


@pytest.mark.parametrize("value", [BIG, HUGE])
def test_unknown_ids_in_paths_are_404_not_500(app, value):
    for url, role, code in [
        (f"/api/equipment/items/{value}", "equipment_keeper", "athletes.item_not_found"),
        (f"/api/equipment/items/{value}/label.svg", "equipment_keeper", "athletes.item_not_found"),
        (f"/api/equipment/loans/{value}/handover.pdf", "equipment_keeper", "athletes.loan_not_found"),
        (f"/api/people/{value}", "manager", "athletes.person_not_found"),
        (f"/api/payments/vouchers/{value}", "accountant", "athletes.voucher_not_found"),
    ]:
        refused(app.get(url, role=role), 404, code, str(value))
    r = app.post(f"/api/equipment/loans/{value}/return", {"condition": "good"}, role="equipment_keeper")
    refused(r, 404, "athletes.loan_not_found", "Không tìm thấy phiếu mượn")
    r = app.post(f"/api/people/{value}/licences", {"kind": "Thẻ VĐV", "number": "1"}, role="manager")
    refused(r, 404, "athletes.person_not_found")


@pytest.mark.parametrize("value", [999, BIG, HUGE])
def test_unknown_teams_in_people_and_voucher_bodies_are_404(app, value):
    r = app.post("/api/people/", {"full_name": "Lê Văn Hùng", "kind": "coach", "team_id": value}, role="manager")
    refused(r, 404, "athletes.team_not_found", "Không tìm thấy đội", str(value))
    assert count_rows(app, Athlete) == 0
    pid = app.ok(app.post("/api/people/", {"full_name": "Lê Văn Hùng", "kind": "coach"}, role="manager"))["id"]
    r = app.post(f"/api/people/{pid}/team", {"team_id": value, "on": "2026-03-01"}, role="manager")
    refused(r, 404, "athletes.team_not_found", str(value))
    assert app.ok(app.get(f"/api/people/{pid}", role="manager"))["memberships"] == []
    body = {"title": "Chi chế độ", "period_from": "2026-03-01", "period_to": "2026-03-31", "team_id": value}
    refused(app.post("/api/payments/vouchers", body, role="accountant"), 404, "athletes.team_not_found", str(value))
    r = app.get(f"/api/payments/entitlements?period_from=2026-03-01&period_to=2026-03-31&team_id={value}", role="accountant")
    refused(r, 404, "athletes.team_not_found")
    assert count_rows(app, Voucher) == 0


@pytest.mark.parametrize("value", [BIG, HUGE])
def test_unknown_persons_and_competitions_in_bodies_are_404(app, value):
    body = {"person_id": value, "regime_code": "nutrition_camp", "first_day": "2026-03-01", "last_day": "2026-03-02"}
    refused(app.post("/api/payments/attendance", body, role="accountant"), 404, "athletes.person_not_found", str(value))
    pid = app.ok(app.post("/api/people/", {"full_name": "Lê Văn Hùng", "kind": "coach"}, role="manager"))["id"]
    r = app.post(f"/api/people/{pid}/registrations", {"competition_id": value}, role="manager")
    refused(r, 404, "athletes.competition_not_found", "Không tìm thấy giải đấu")


@pytest.mark.parametrize("value", [BIG, HUGE])
def test_filters_on_ids_no_row_can_have_find_nothing(app, value):
    assert app.ok(app.get(f"/api/people/?team_id={value}", role="manager"))["total"] == 0
    assert app.ok(app.get(f"/api/payments/attendance?person_id={value}&team_id={value}", role="accountant")) == []
    r = app.get(
        f"/api/payments/reports?group_by=person&period_from=2026-01-01&period_to=2026-12-31&team_id={value}&person_id={value}",
        role="accountant",
    )
    assert app.ok(r)["rows"] == []
