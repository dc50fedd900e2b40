"""The people list's filters and exports take an empty team (the form's "all teams") as no team."""

import csv
import io


def _team(arena, name):
    return arena.ok(arena.post("/api/teams/", {"name": name, "level": "city", "sport": "Taekwondo"}, role="manager"))["id"]


def _person(arena, name, team_id):
    body = {"full_name": name, "birth_date": "2000-05-06", "gender": "M", "team_id": team_id}
    return arena.ok(arena.post("/api/people/", body, role="manager"))


def test_exports_with_an_empty_team_give_every_person(arena):
    a, b = _team(arena, "Đội A"), _team(arena, "Đội B")
    _person(arena, "Nguyễn Văn An", a)
    _person(arena, "Trần Thị Bích", b)
    r = arena.get("/api/people/?format=csv&q=&kind=&team_id=", role="manager")
    assert r.status_code == 200, r.text
    cells = {cell for row in csv.reader(io.StringIO(r.content.decode("utf-8-sig"))) for cell in row}
    assert {"Nguyễn Văn An", "Trần Thị Bích"} <= cells
    xlsx = arena.get("/api/people/?format=xlsx&q=&kind=&team_id=", role="manager")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"  # a zip: the workbook


def test_export_with_a_team_keeps_only_that_team(arena):
    a, b = _team(arena, "Đội A"), _team(arena, "Đội B")
    _person(arena, "Nguyễn Văn An", a)
    _person(arena, "Trần Thị Bích", b)
    text = arena.get(f"/api/people/?format=csv&team_id={a}", role="manager").content.decode("utf-8-sig")
    assert "Nguyễn Văn An" in text and "Trần Thị Bích" not in text


def test_people_page_with_an_empty_team_lists_everyone_and_its_export_links_work(arena):
    a = _team(arena, "Đội A")
    _person(arena, "Nguyễn Văn An", a)
    arena.login("manager")
    page = arena.client.get("/athletes/people?q=&kind=&team_id=")
    assert page.status_code == 200 and "Nguyễn Văn An" in page.text
    for fmt in ("xlsx", "csv"):
        link = f"/api/people/?format={fmt}&q=&kind=&team_id="
        assert link.replace("&", "&amp;") in page.text or link in page.text
        assert arena.client.get(link).status_code == 200


def test_a_team_that_is_not_a_number_is_not_found_in_vietnamese(arena):
    r = arena.get("/api/people/?format=csv&team_id=abc", role="manager")
    assert r.status_code == 404
    body = r.json()
    assert body["code"] == "athletes.team_not_found" and body["request_id"]
    assert "Expected" not in r.text
    arena.login("manager")
    page = arena.client.get("/athletes/people?team_id=abc")
    assert page.status_code == 404 and "Expected" not in page.text and 'class="request-id"' in page.text
