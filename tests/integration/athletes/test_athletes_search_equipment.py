import io
import subprocess
from datetime import date, timedelta

from athletes_helpers import count_rows
from openpyxl import Workbook

from athletes.models import Athlete

NAMES = ["Nguyễn Văn An", "Nguyễn Văn Anh", "Đặng Văn Lâm", "Dang Van Be", "Trần Nguyễn Văn An", "Lê Thị Đào", "Nguyễn Thị An"]


def people(app):
    ids = {}
    for i, name in enumerate(NAMES):
        ids[name] = app.ok(
            app.post("/api/people/", {"full_name": name, "birth_date": "2000-01-01", "national_id": f"0792000{i:05d}"}, role="manager")
        )["id"]
    return ids


def found(app, q, role="manager"):
    return [h["label"] for h in app.ok(app.get("/api/search", params={"q": q}, role=role))]


def test_search_without_diacritics_finds_the_accented_name_first(app):
    people(app)
    assert found(app, "nguyen van an")[0] == "Nguyễn Văn An"
    assert found(app, "Nguyễn Văn An")[0] == "Nguyễn Văn An"
    assert found(app, "NGUYEN VAN AN")[0] == "Nguyễn Văn An"


def test_dang_finds_both_dang_spellings_and_typed_accents_rank_first(app):
    people(app)
    assert set(found(app, "dang")) == {"Đặng Văn Lâm", "Dang Van Be"}
    assert found(app, "Đặng")[0] == "Đặng Văn Lâm"
    assert found(app, "đặng")[0] == "Đặng Văn Lâm"
    assert "Lê Thị Đào" in found(app, "DAO")


def test_ranking_puts_exact_then_starts_then_inner_runs_then_any_order(app):
    people(app)
    hits = found(app, "nguyen van an")
    assert hits[:3] == ["Nguyễn Văn An", "Nguyễn Văn Anh", "Trần Nguyễn Văn An"]
    assert found(app, "an nguyen") == ["Nguyễn Thị An", "Nguyễn Văn An", "Nguyễn Văn Anh", "Trần Nguyễn Văn An"]


def test_words_in_another_order_and_given_name_only_are_found(app):
    people(app)
    assert "Nguyễn Văn An" in found(app, "an nguyen van")
    assert "Nguyễn Thị An" in found(app, "nguyen an")
    assert found(app, "lam") == ["Đặng Văn Lâm"]


def test_national_id_prefix_finds_the_person(app):
    ids = people(app)
    hits = app.ok(app.get("/api/search", params={"q": "079200000002"}, role="manager"))
    assert [h["id"] for h in hits] == [ids["Đặng Văn Lâm"]]


def test_each_role_searches_only_the_kinds_it_works_with(app):
    app.ok(app.post("/api/equipment/items", {"name": "Giáp điện tử Daedo", "category": "Giáp"}, role="equipment_keeper"))
    assert found(app, "giap", role="equipment_keeper") == ["Giáp điện tử Daedo"]
    assert found(app, "giap", role="manager") == []
    assert app.get("/api/search", params={"q": "giap"}, role="coach").status_code == 403


def test_a_renamed_person_is_found_by_the_new_name_only(app):
    pid = app.ok(app.post("/api/people/", {"full_name": "Phạm Cũ", "birth_date": "2000-01-01"}, role="manager"))["id"]
    app.ok(app.client.put(f"/api/people/{pid}", json={"full_name": "Phạm Mới", "birth_date": "2000-01-01"}, headers=app.as_role("manager")))
    assert found(app, "pham") == ["Phạm Mới"]


def people_xlsx(rows):
    book = Workbook()
    ws = book.active
    ws.append(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đội"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_people_import_with_bad_rows_shows_row_numbers_and_changes_nothing(app):
    app.ok(app.post("/api/teams/", {"name": "Đội tuyển Karate", "level": "city"}, role="manager"))
    content = people_xlsx(
        [
            ["Lý Hoàng Nam", date(2001, 2, 3), "Nam", "079201000001", "Đội tuyển Karate"],
            ["Mai Phương", "32/01/2001", "Nữ", "079201000002", "Đội tuyển Karate"],
            ["Hồ Văn Ý", date(2000, 1, 1), "Nam", "079201000003", "Đội không có"],
        ]
    )
    files = {"data": ("vdv.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
    preview = app.ok(app.client.post("/api/people/import/preview", files=files, headers=app.as_role("manager")))
    assert [(e["row"], e["column"]) for e in preview["errors"]] == [(3, "birth_date"), (4, "team")]
    r = app.client.post("/api/people/import/commit", files=files, headers=app.as_role("manager"))
    assert r.status_code == 400 and r.json()["code"] == "athletes.import_rejected"
    assert count_rows(app, Athlete) == 0
    good = people_xlsx(
        [
            ["Lý Hoàng Nam", date(2001, 2, 3), "Nam", "079201000001", "Đội tuyển Karate"],
            ["Mai Phương", "31/01/2001", "Nữ", "079201000002", ""],
        ]
    )
    done = app.ok(
        app.client.post(
            "/api/people/import/commit", files={"data": ("vdv.xlsx", good, "application/octet-stream")}, headers=app.as_role("manager")
        )
    )
    assert done["saved"] == 2 and found(app, "ly hoang nam") == ["Lý Hoàng Nam"]


def test_lend_return_and_overdue_list_with_a_handover_record(app):
    items = app.ok(
        app.post("/api/equipment/items", {"name": "Găng Vovinam", "category": "Găng", "count": 2, "value": 450000}, role="equipment_keeper")
    )
    assert [i["code"] for i in items] == ["EQ-000001", "EQ-000002"]
    tid = app.ok(app.post("/api/teams/", {"name": "Đội tuyển Vovinam", "level": "city"}, role="manager"))["id"]
    today = app.app.state.clock.today()
    loan = app.ok(
        app.post("/api/equipment/loans", {"item_id": items[0]["id"], "team_id": tid, "due_on": today.isoformat()}, role="equipment_keeper")
    )
    again = app.post(
        "/api/equipment/loans",
        {"item_id": items[0]["id"], "venue": "Nhà thi đấu Phú Thọ", "due_on": today.isoformat()},
        role="equipment_keeper",
    )
    assert again.status_code == 409 and again.json()["code"] == "athletes.item_not_available"
    pdf = app.get(f"/api/equipment/loans/{loan['id']}/handover.pdf", role="equipment_keeper")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "BIÊN BẢN BÀN GIAO" in text and "Đội tuyển Vovinam" in text and "EQ-000001" in text
    assert app.ok(app.get("/api/equipment/overdue", role="equipment_keeper")) == []
    stock = app.ok(app.get("/api/equipment/stock", role="equipment_keeper"))
    assert stock == [{"category": "Găng", "name": "Găng Vovinam", "in_stock": 1, "on_loan": 1, "retired": 0}]
    back = app.ok(app.post(f"/api/equipment/loans/{loan['id']}/return", {"condition": "worn"}, role="equipment_keeper"))
    assert back["condition_in"] == "worn"
    twice = app.post(f"/api/equipment/loans/{loan['id']}/return", {"condition": "worn"}, role="equipment_keeper")
    assert twice.status_code == 409


def test_a_loan_past_its_due_date_is_listed_overdue(app):
    from athletes_helpers import run_in_session

    from athletes.models import Loan

    today = app.app.state.clock.today()
    item = app.ok(app.post("/api/equipment/items", {"name": "Bao cát"}, role="equipment_keeper"))[0]
    loan = app.ok(
        app.post(
            "/api/equipment/loans", {"item_id": item["id"], "venue": "CLB Quận 3", "due_on": today.isoformat()}, role="equipment_keeper"
        )
    )

    async def backdate(session, _h):
        row = await session.get(Loan, loan["id"])
        row.lent_on, row.due_on = today - timedelta(days=10), today - timedelta(days=3)
        await session.commit()

    run_in_session(app.app.state.settings, backdate)
    overdue = app.ok(app.get("/api/equipment/overdue", role="equipment_keeper"))
    assert [(o["item_code"], o["borrower"], o["days_overdue"]) for o in overdue] == [(item["code"], "CLB Quận 3", 3)]
    label = app.get(f"/api/equipment/items/{item['id']}/label.svg", role="equipment_keeper")
    assert label.headers["content-type"].startswith("image/svg+xml") and item["code"] in label.text
