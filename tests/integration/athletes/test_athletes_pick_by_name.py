"""The accountant's and the keeper's forms pick, never ask for a number: the person by name (one
match is taken, several come back as a list to choose from, none is refused naming what was typed),
the item by the code on its label or its QR link; lists and papers show names, Vietnamese regimes,
levels and conditions, amounts as "2.400.000 ₫", never "#9" or a code like nutrition_camp."""

import re
import subprocess

import pytest
from athletes_helpers import count_rows
from leaks import leaks, visible_text
from test_athletes_payments import setup_team

from athletes.models import Attendance, Loan

NOTES: tuple[str, ...] = ()  # the shipped rate book's notes are Vietnamese: nothing to allow
SLUGS = ("nutrition_camp", "city_youth", "#")
KEEPER = ("equipment_keeper",)  # the test keeper's login name, shown in the header (it has no full name)


def page_form(app, url, form):
    return app.client.post(url, data=form, headers=app.csrf(), follow_redirects=False)


def pdf_text(response):
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf", response.text[:300]
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def rate_notes(app):
    """Texts allowed on the page although the leak list would flag them: none (the shipped rate
    book's notes are Vietnamese)."""
    return NOTES


def test_attendance_is_recorded_for_the_person_whose_name_is_typed(app):
    _tid, _yid, a, _b = setup_team(app)
    app.login("accountant")
    r = page_form(
        app,
        "/athletes/payments/attendance",
        {"person": "nguyen van an", "regime_code": "nutrition_camp", "first_day": "2026-03-02", "last_day": "2026-03-04"},
    )
    assert r.status_code == 303 and r.headers["location"] == f"/athletes/payments?person_id={a}#attendance"
    page = app.client.get(r.headers["location"]).text
    table = visible_text(page.split('id="attendance-table"', 1)[1].split("</table>", 1)[0])
    assert "Nguyễn Văn An" in table and "Dinh dưỡng trong thời gian tập trung tập huấn" in table and "Đội tuyển thành phố" in table
    assert "02/03/2026 – 04/03/2026" in table and "chưa chi" in table
    assert not any(s in table for s in SLUGS), table
    assert leaks(visible_text(page), allow=rate_notes(app)) == []


def test_several_people_of_that_name_come_back_as_a_list_to_pick_from(app):
    setup_team(app)
    other = app.ok(app.post("/api/people/", {"full_name": "Nguyễn Văn An", "birth_date": "2003-05-05"}, role="manager"))["id"]
    app.login("accountant")
    form = {
        "person": "Nguyễn Văn An",
        "regime_code": "nutrition_camp",
        "level": "talent",
        "first_day": "2026-03-02",
        "last_day": "2026-03-02",
    }
    r = page_form(app, "/athletes/payments/attendance", form)
    assert r.status_code == 400 and "Có 2 người khớp với tên đã gõ" in r.text
    picks = re.findall(r'name="person_id" value="(\d+)"', r.text)
    assert len(picks) == 2 and str(other) in picks and "Đội tuyển Vovinam" in visible_text(r.text)
    assert count_rows(app, Attendance) == 0
    done = page_form(app, "/athletes/payments/attendance", {**form, "person_id": str(other)})  # the one ticked in the list
    assert done.status_code == 303 and done.headers["location"].startswith(f"/athletes/payments?person_id={other}")
    assert count_rows(app, Attendance) == 1


def test_a_name_nobody_has_is_refused_naming_it_and_saves_nothing(app):
    setup_team(app)
    app.login("accountant")
    r = page_form(
        app,
        "/athletes/payments/attendance",
        {"person": "Lý Thường Kiệt", "regime_code": "nutrition_camp", "first_day": "2026-03-02", "last_day": "2026-03-02"},
    )
    assert (
        r.status_code == 400
        and "Không tìm thấy ai tên “Lý Thường Kiệt”" in r.text
        and 'aria-invalid="true" aria-describedby="err-person"' in r.text
    )
    r = page_form(
        app, "/athletes/payments/attendance", {"regime_code": "nutrition_camp", "first_day": "2026-03-02", "last_day": "2026-03-02"}
    )
    assert r.status_code == 400 and "gõ họ tên rồi chọn trong danh sách" in r.text
    assert count_rows(app, Attendance) == 0


def test_the_issued_voucher_opens_on_its_page_and_its_pdf_by_names(app):
    _tid, _yid, a, b = setup_team(app)
    for pid in (a, b):
        body = {"person_id": pid, "regime_code": "nutrition_camp", "first_day": "2026-03-02", "last_day": "2026-03-11"}
        app.ok(app.post("/api/payments/attendance", body, role="accountant"))
    app.login("accountant")
    r = page_form(
        app, "/athletes/payments/voucher", {"title": "Dinh dưỡng tháng 3/2026", "period_from": "2026-03-01", "period_to": "2026-03-31"}
    )
    assert r.status_code == 303 and re.fullmatch(r"/athletes/payments/vouchers/\d+", r.headers["location"])
    page = app.client.get(r.headers["location"]).text
    text = visible_text(page)
    assert "Nguyễn Văn An" in text and "Đặng Thị Bích" in text and "Đội tuyển trẻ thành phố" in text
    assert "2.400.000 ₫" in text and "4.400.000 ₫" in text and "6401 – Tiền ăn" in text  # (a no-break space, as one)
    assert leaks(text) == [] and not any(s in text for s in SLUGS)
    pdf = pdf_text(app.client.get(re.search(r'id="voucher-pdf" href="([^"]+)"', page).group(1)))
    assert "Dinh dưỡng trong thời gian" in pdf and "Đội tuyển thành phố" in pdf and "6401 – Tiền ăn" in pdf
    assert "nutrition_camp" not in pdf and "city_youth" not in pdf and leaks(pdf) == []
    listed = visible_text(app.client.get("/athletes/payments").text)
    assert "4.400.000 ₫" in listed and "đã chi: PC-2026-00001" in listed


def test_a_search_hit_opens_the_page_of_the_searchers_own_work(app):
    _tid, _yid, a, _b = setup_team(app)
    expected = {
        "accountant": f"/athletes/payments?person_id={a}#attendance-form",
        "equipment_keeper": f"/athletes/equipment?person_id={a}#lend-form",
        "manager": f"/athletes/people/{a}",
    }
    for role, link in expected.items():
        app.login(role)
        page = app.client.get("/athletes?q=nguyen van an").text
        assert f'href="{link}"' in page, role
        opened = app.client.get(link.split("#")[0])
        assert opened.status_code == 200 and "Nguyễn Văn An" in opened.text, role
        if role != "manager":  # the form comes with the person picked
            assert f'name="person_id" value="{a}"' in opened.text and 'value="Nguyễn Văn An"' in opened.text
        app.client.post("/logout", headers=app.csrf())


def test_the_voucher_page_is_the_accountants(app):
    app.login("equipment_keeper")
    assert app.client.get("/athletes/payments/vouchers/1").status_code == 403


@pytest.mark.parametrize("typed", ["EQ-000001", "eq-000001", "1", "http://arena.local/athletes/equipment/1"])
def test_the_keeper_lends_by_the_labels_code_or_its_qr_link_to_a_person_picked_by_name(app, typed):
    setup_team(app)
    item = app.ok(app.post("/api/equipment/items", {"name": "Giáp Taekwondo", "category": "Giáp"}, role="equipment_keeper"))[0]
    app.login("equipment_keeper")
    due = app.app.state.clock.today().isoformat()
    r = page_form(app, "/athletes/equipment/lend", {"item": typed, "person": "Đặng Thị Bích", "due_on": due})
    assert r.status_code == 303 and r.headers["location"] == f"/athletes/equipment/{item['id']}?done=lent", r.text[:500]
    page = app.client.get(r.headers["location"]).text
    assert "Đã cho mượn" in page and "Đặng Thị Bích" in page and leaks(visible_text(page), allow=KEEPER) == []
    loan_id = re.search(r'action="/athletes/equipment/return-(\d+)"', page).group(1)
    assert "Tốt" in pdf_text(app.client.get(f"/api/equipment/loans/{loan_id}/handover.pdf"))
    back = page_form(app, f"/athletes/equipment/return-{loan_id}", {"condition": "damaged"})
    assert back.status_code == 303 and back.headers["location"] == f"/athletes/equipment/{item['id']}?done=returned"
    page = app.client.get(back.headers["location"]).text
    assert "Đã nhận lại" in page and "Hư hỏng" in page
    pdf = pdf_text(app.client.get(f"/api/equipment/loans/{loan_id}/handover.pdf"))
    assert "Tình trạng khi giao Tốt" in pdf and "Hư hỏng" in pdf
    assert not re.search(r"\b(good|damaged)\b", pdf) and leaks(pdf) == []


def test_the_equipment_lists_name_each_item_and_say_its_condition_in_vietnamese(app):
    item = app.ok(app.post("/api/equipment/items", {"name": "Găng Karate", "category": "Găng"}, role="equipment_keeper"))[0]
    app.ok(
        app.post(
            "/api/equipment/loans", {"item_id": item["id"], "venue": "Nhà thi đấu Phú Thọ", "due_on": "2099-12-31"}, role="equipment_keeper"
        )
    )
    app.login("equipment_keeper")
    page = app.client.get("/athletes/equipment").text
    loans = visible_text(page.split('id="loans"', 1)[1].split("</table>", 1)[0])
    assert "EQ-000001 Găng Karate Nhà thi đấu Phú Thọ 31/12/2099 BG-000001" in loans and "#" not in loans
    assert "Mã nhãn" in visible_text(page) and leaks(visible_text(page), allow=KEEPER) == []


def test_a_typed_code_no_label_has_is_refused_naming_it(app):
    setup_team(app)
    app.login("equipment_keeper")
    due = app.app.state.clock.today().isoformat()
    r = page_form(app, "/athletes/equipment/lend", {"item": "EQ-000042", "person": "Đặng Thị Bích", "due_on": due})
    assert r.status_code == 400 and "Không tìm thấy dụng cụ EQ-000042" in r.text
    r = page_form(app, "/athletes/equipment/lend", {"item": "", "venue": "CLB", "due_on": due})
    assert r.status_code == 400 and "Mã trên nhãn dụng cụ: bắt buộc nhập" in r.text
    assert count_rows(app, Loan) == 0


def test_the_printable_profile_names_the_teams_level_and_the_event_never_a_number(app):
    _tid, _yid, a, _b = setup_team(app)
    app.ok(app.post(f"/api/people/{a}/registrations", {"competition_id": 7, "event_label": "Quyền nam"}, role="manager"))
    app.login("manager")
    text = visible_text(app.client.get(f"/athletes/people/{a}").text)
    assert "Đội tuyển Vovinam (Đội tuyển thành phố)" in text and "Quyền nam" in text
    assert "#7" not in text and "(city)" not in text and leaks(text) == []


def test_an_attendance_file_names_the_regime_and_the_level_as_the_payments_page_does(app):
    setup_team(app)
    csv = (
        "CCCD,Chế độ,Cấp đội,Từ ngày,Đến ngày\n"
        "079200000001,Dinh dưỡng trong thời gian tập trung tập huấn,,02/03/2026,04/03/2026\n"
        "079200000002,dinh duong trong thoi gian tap trung thi dau,Đội tuyển thành phố,05/03/2026,05/03/2026\n"
    ).encode()
    r = app.client.post(
        "/api/payments/attendance/import/commit", files={"data": ("cc.csv", csv, "text/csv")}, headers=app.as_role("accountant")
    )
    assert app.ok(r)["saved"] == 2
    rows = app.ok(app.get("/api/payments/attendance", role="accountant"))
    assert [(a["regime_code"], a["level"]) for a in rows] == [("nutrition_camp", "city"), ("nutrition_competition", "city")]


def test_a_refusal_for_a_missing_rate_names_the_regime_and_the_level_not_their_codes(app):
    setup_team(app)
    app.login("accountant")
    r = page_form(
        app,
        "/athletes/payments/attendance",
        {"person": "Nguyễn Văn An", "regime_code": "bonus", "first_day": "2026-03-02", "last_day": "2026-03-02"},
    )
    text = visible_text(r.text)
    assert r.status_code == 400 and "Chưa có định mức cho chế độ 'Thưởng thành tích', cấp 'Đội tuyển thành phố' vào ngày 02/03/2026" in text
    assert "(bonus)" not in text and "(city)" not in text


def test_lending_an_item_on_loan_or_taking_it_back_twice_says_so_in_words(app):
    item = app.ok(app.post("/api/equipment/items", {"name": "Giáp Taekwondo"}, role="equipment_keeper"))[0]
    loan = app.ok(
        app.post("/api/equipment/loans", {"item_id": item["id"], "venue": "CLB Quận 3", "due_on": "2099-12-31"}, role="equipment_keeper")
    )
    app.login("equipment_keeper")
    r = page_form(app, "/athletes/equipment/lend", {"item": "EQ-000001", "venue": "CLB Quận 5", "due_on": "2099-12-31"})
    text = visible_text(r.text)
    assert (
        r.status_code == 400
        and "Dụng cụ EQ-000001 đang ở trạng thái 'Đang cho mượn', không cho mượn được" in text
        and "on_loan" not in text
    )
    assert page_form(app, f"/athletes/equipment/return-{loan['id']}", {"condition": "good"}).status_code == 303
    r = page_form(app, f"/athletes/equipment/return-{loan['id']}", {"condition": "good"})  # the button pressed twice
    assert r.status_code == 400 and "Phiếu mượn BG-000001 đã trả rồi" in visible_text(r.text)


def test_the_import_preview_shows_each_column_in_words_and_names_the_column_of_an_error(app):
    setup_team(app)
    app.login("accountant")
    app.client.get("/athletes/import/attendance")
    csrf = app.client.cookies.get("csrftoken")
    good = "CCCD,Chế độ,Từ ngày,Đến ngày\n079200000001,Dinh dưỡng trong thời gian tập trung tập huấn,02/03/2026,04/03/2026\n".encode()
    r = app.client.post("/athletes/import/attendance", files={"data": ("a.csv", good, "text/csv")}, data={"_csrf_token": csrf})
    table = visible_text(r.text.split('id="preview-rows"', 1)[1].split("</table>", 1)[0])
    assert "Dòng CCCD Chế độ Cấp đội Từ ngày Đến ngày Ghi chú" in table
    assert "2 079200000001 Dinh dưỡng trong thời gian tập trung tập huấn Đội tuyển thành phố 02/03/2026 04/03/2026" in table
    assert leaks(table) == []
    bad = "CCCD,Chế độ,Từ ngày,Đến ngày\n079299999999,Dinh dưỡng trong thời gian tập trung tập huấn,02/03/2026,04/03/2026\n".encode()
    r = app.client.post("/athletes/import/attendance", files={"data": ("b.csv", bad, "text/csv")}, data={"_csrf_token": csrf})
    errors = visible_text(r.text.split('id="row-errors"', 1)[1].split("</table>", 1)[0])
    assert "2 CCCD không có hồ sơ với số CCCD này" in errors and "national_id" not in errors
