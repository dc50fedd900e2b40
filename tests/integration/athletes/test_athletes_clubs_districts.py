"""An athlete's club (CLB, free text with the clubs on file as suggestions) and district (from the
city's list, never typed as an id) on the record, its pages, search, the people list's filters, and
the people file: exported and imported again, the two columns come back as they were."""

from __future__ import annotations

import csv
import io

from arena_builders import Arena


def _person(app: Arena, name: str, **extra) -> dict:
    body = {"full_name": name, "birth_date": "1999-05-06", "gender": "M", **extra}
    return app.ok(app.post("/api/people/", body, role="manager"))


def test_a_district_is_taken_from_the_list_however_it_is_typed_and_a_club_is_free_text(app):
    a = _person(app, "Nguyễn Văn An", club="  CLB   Taekwondo Phú Thọ ", district="binh thanh")
    assert a["club"] == "CLB Taekwondo Phú Thọ" and a["district"] == "Quận Bình Thạnh"
    b = _person(app, "Trần Văn Bình", district="TP. THỦ ĐỨC")
    assert b["district"] == "TP. Thủ Đức" and b["club"] == ""


def test_a_district_not_in_the_list_is_refused_naming_the_field_and_nothing_is_saved(app):
    r = app.post("/api/people/", {"full_name": "Lê Văn Cường", "birth_date": "1999-01-01", "district": "Quận 2"}, role="manager")
    assert r.status_code == 400
    assert "quận/huyện «Quận 2»" in r.json()["fields"]["district"]  # Quận 2 is part of TP. Thủ Đức since 2021
    assert app.ok(app.get("/api/people/?q=le van cuong", role="manager"))["total"] == 0


def test_people_are_found_by_club_and_by_district_and_the_list_filters_by_them(app):
    _person(app, "Phạm Minh Đức", club="CLB Võ thuật Hòa Hưng", district="Quận 10")
    _person(app, "Hoàng Gia Huy", club="CLB Võ thuật Hòa Hưng", district="Quận 3")
    _person(app, "Vũ Thành Khang", district="Quận 10")
    labels = [h["label"] for h in app.ok(app.get("/api/search", params={"q": "hoa hung"}, role="manager"))]
    assert sorted(labels) == ["Hoàng Gia Huy", "Phạm Minh Đức"]
    by_district = app.ok(app.get("/api/people/", params={"district": "Quận 10"}, role="manager"))
    assert sorted(p["full_name"] for p in by_district["items"]) == ["Phạm Minh Đức", "Vũ Thành Khang"]
    by_club = app.ok(app.get("/api/people/", params={"club": "CLB Võ thuật Hòa Hưng", "district": "quan 3"}, role="manager"))
    assert [p["full_name"] for p in by_club["items"]] == ["Hoàng Gia Huy"]
    assert app.get("/api/people/", params={"club": "CLB Võ thuật Hòa Hưng"}, role="coach").status_code == 403


def test_the_people_file_exported_and_imported_again_keeps_club_and_district(app):
    _person(app, "Đặng Hữu Lộc", club="CLB Bơi lội Yết Kiêu", district="Quận 1")
    _person(app, "Bùi Tấn Minh", district="Huyện Củ Chi")
    body = app.get("/api/people/", params={"format": "csv"}, role="manager")
    assert body.status_code == 200
    exported = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    header = exported[0]
    assert "Câu lạc bộ" in header and "Quận/huyện" in header
    col = {name: header.index(name) for name in ("Họ và tên", "Câu lạc bộ", "Quận/huyện")}
    assert sorted((r[col["Họ và tên"]], r[col["Câu lạc bộ"]], r[col["Quận/huyện"]]) for r in exported[1:]) == [
        ("Bùi Tấn Minh", "", "Huyện Củ Chi"),
        ("Đặng Hữu Lộc", "CLB Bơi lội Yết Kiêu", "Quận 1"),
    ]
    files = {"data": ("nguoi.csv", body.content, "text/csv")}
    preview = app.ok(app.client.post("/api/people/import/preview", files=files, headers=app.as_role("manager")))
    assert preview["ok"] and preview["rows"] == 2, preview
    saved = app.ok(app.client.post("/api/people/import/commit", files=files, headers=app.as_role("manager")))
    assert saved["saved"] == 2
    people = app.ok(app.get("/api/people/", params={"per_page": 50}, role="manager"))["items"]
    assert sorted((p["full_name"], p["club"], p["district"]) for p in people) == [
        ("Bùi Tấn Minh", "", "Huyện Củ Chi"),
        ("Bùi Tấn Minh", "", "Huyện Củ Chi"),
        ("Đặng Hữu Lộc", "CLB Bơi lội Yết Kiêu", "Quận 1"),
        ("Đặng Hữu Lộc", "CLB Bơi lội Yết Kiêu", "Quận 1"),
    ]


def test_a_file_with_a_district_not_in_the_list_names_the_row_and_the_column_and_imports_nothing(app):
    content = "Họ và tên;Ngày sinh;Câu lạc bộ;Quận/huyện\nNgô Bảo Quân;01/02/1998;CLB A;Quận 1\nDương Tuấn Sơn;01/02/1998;;Quận 99\n"
    files = {"data": ("nguoi.csv", content.encode(), "text/csv")}
    r = app.client.post("/api/people/import/commit", files=files, headers=app.as_role("manager"))
    assert r.status_code == 400, r.text
    preview = app.ok(app.client.post("/api/people/import/preview", files=files, headers=app.as_role("manager")))
    assert [(e["row"], e["column"]) for e in preview["errors"]] == [(3, "district")]
    assert "Quận 99" in preview["errors"][0]["message"]
    assert app.ok(app.get("/api/people/", role="manager"))["total"] == 0


def test_the_record_pages_offer_the_districts_and_the_clubs_on_file(app):
    pid = _person(app, "Lý Hoàng Tâm", club="CLB Điền kinh Phú Thọ", district="Quận 11")["id"]
    app.login("manager")
    form = app.client.get(f"/athletes/people/{pid}/edit")
    assert form.status_code == 200
    assert '<option value="CLB Điền kinh Phú Thọ">' in form.text  # the suggestion of the clubs on file
    assert "<option selected>Quận 11</option>" in form.text and "<option >TP. Thủ Đức</option>" in form.text
    profile = app.client.get(f"/athletes/people/{pid}")
    assert "CLB Điền kinh Phú Thọ" in profile.text and "Quận 11" in profile.text and "Câu lạc bộ" in profile.text
