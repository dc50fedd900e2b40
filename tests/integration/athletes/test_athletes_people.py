import json
from datetime import timedelta

from arena_builders import Arena
from athletes_helpers import audit_actions


def team(app: Arena, name: str = "Đội tuyển Taekwondo Thành phố", level: str = "city") -> int:
    return app.ok(app.post("/api/teams/", {"name": name, "level": level, "sport": "Taekwondo"}, role="manager"))["id"]


def person(app: Arena, name: str, nid: str | None = None, role: str = "manager", **extra) -> dict:
    body = {"full_name": name, "birth_date": "2000-05-06", "gender": "M", "national_id": nid, **extra}
    return app.ok(app.post("/api/people/", body, role=role))


def test_manager_creates_a_person_in_a_team_and_sees_the_whole_national_id(app):
    tid = team(app)
    created = person(app, "Nguyễn Văn An", "079200001234", team_id=tid)
    assert created["national_id"] == "079200001234"
    assert created["team"] == "Đội tuyển Taekwondo Thành phố"
    assert created["memberships"][0]["level"] == "city"


def test_every_read_of_a_full_record_is_audited_with_the_reader(app):
    pid = person(app, "Trần Thị Bích", "079200005678")["id"]
    app.ok(app.get(f"/api/people/{pid}", role="admin"))
    actions = audit_actions(app, f"person:{pid}")
    assert ("admin", "athletes.person.read") in actions
    assert actions[0] == ("manager", "athletes.person.create")


def test_a_minor_without_guardian_is_refused_with_a_vietnamese_message_and_nothing_saved(app):
    r = app.post("/api/people/", {"full_name": "Lê Bé Na", "birth_date": "2015-01-01", "gender": "F"}, role="manager")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "athletes.record_invalid"
    assert "giám hộ" in body["fields"]["guardian_name"]
    assert app.ok(app.get("/api/people/?q=le be na", role="manager"))["total"] == 0


def test_a_minor_with_a_guardian_is_accepted_and_marked_minor(app):
    body = person(app, "Lê Bé Na", None, birth_date="2015-01-01", guardian_name="Lê Văn Bố", guardian_phone="0901 234 567")
    assert body["minor"] is True and body["guardian_phone"] == "0901234567"


def test_the_same_national_id_twice_is_refused(app):
    person(app, "Phạm Văn Một", "079200001111")
    r = app.post("/api/people/", {"full_name": "Phạm Văn Hai", "birth_date": "2000-01-01", "national_id": "079200001111"}, role="manager")
    assert r.status_code == 409 and r.json()["code"] == "athletes.duplicate_national_id"


def test_moving_to_another_team_closes_the_old_membership(app):
    a, b = team(app, "Đội A"), team(app, "Đội trẻ B", "city_youth")
    pid = person(app, "Võ Thị Sáu", "079200002222", team_id=a)["id"]
    on = (app.app.state.clock.today() + timedelta(days=2)).isoformat()
    moved = app.ok(app.post(f"/api/people/{pid}/team", {"team_id": b, "on": on}, role="manager"))
    assert [(m["team"], m["left_on"]) for m in moved["memberships"]] == [("Đội A", on), ("Đội trẻ B", None)]
    assert moved["team"] == "Đội trẻ B"


def test_people_list_filters_pages_and_exports(app):
    tid = team(app)
    for i, name in enumerate(["Đặng Văn Lâm", "Đỗ Hùng Dũng", "Nguyễn Quang Hải"]):
        person(app, name, f"07920000900{i}", team_id=tid if i < 2 else None)
    page = app.ok(app.get(f"/api/people/?team_id={tid}&per_page=1&page=2", role="manager"))
    assert page["total"] == 2 and [p["full_name"] for p in page["items"]] == ["Đỗ Hùng Dũng"]
    assert [p["full_name"] for p in app.ok(app.get("/api/people/?q=DANG", role="manager"))["items"]] == ["Đặng Văn Lâm"]
    csv = app.get("/api/people/?format=csv", role="manager")
    assert csv.status_code == 200 and "Nguyễn Quang Hải" in csv.content.decode("utf-8-sig")


def test_registrations_and_licences_show_on_the_record(app):
    pid = person(app, "Hoàng Xuân Vinh", "079200003333")["id"]
    app.ok(app.post(f"/api/people/{pid}/licences", {"kind": "Thẻ VĐV", "number": "TKD-0001", "valid_until": "2027-01-01"}, role="manager"))
    app.ok(app.post(f"/api/people/{pid}/registrations", {"competition_id": 7, "event_label": "Nam -58kg"}, role="manager"))
    record = app.ok(app.get(f"/api/people/{pid}", role="manager"))
    assert record["licences"][0]["number"] == "TKD-0001"
    assert record["registrations"] == [{"competition_id": 7, "event_label": "Nam -58kg"}]
    assert json.dumps(record, ensure_ascii=False)


def test_a_second_identical_registration_is_refused_and_scoring_reads_the_list(app):
    from athletes_helpers import run_in_session

    from athletes.service import registrations_for

    pid = person(app, "Trương Thị Kim", "079200004444")["id"]
    app.ok(app.post(f"/api/people/{pid}/registrations", {"competition_id": 3, "event_label": "Quyền nữ"}, role="manager"))
    again = app.post(f"/api/people/{pid}/registrations", {"competition_id": 3, "event_label": "Quyền nữ"}, role="manager")
    assert again.status_code == 400 and "đã đăng ký" in again.json()["fields"]["event_label"]

    async def work(session, _h):
        return [c.full_name for c in await registrations_for(session, 3)]

    assert run_in_session(app.app.state.settings, work) == ["Trương Thị Kim"]


def test_a_photo_is_kept_and_served_and_a_non_image_is_refused(app):
    import io

    import segno

    pid = person(app, "Ngô Photo", "079200005555")["id"]
    buf = io.BytesIO()
    segno.make("photo").save(buf, kind="png", scale=4)
    headers = {**app.as_role("manager"), "content-type": "image/png"}
    assert app.client.put(f"/api/people/{pid}/photo", content=buf.getvalue(), headers=headers).status_code == 200
    served = app.get(f"/api/people/{pid}/photo", role="manager")
    assert served.content == buf.getvalue() and served.headers["content-type"].startswith("image/png")
    bad = app.client.put(f"/api/people/{pid}/photo", content=b"%PDF-1.4 not an image", headers=headers)
    assert bad.status_code == 400 and bad.json()["code"] == "athletes.file_rejected"
    assert app.ok(app.get(f"/api/people/{pid}", role="manager"))["has_photo"] is True


def test_teams_and_loans_lists_export(app):
    team(app)
    xlsx = app.get("/api/teams/?format=xlsx", role="manager")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    teams = app.get("/api/teams/?format=csv", role="manager").content.decode("utf-8-sig")
    assert "Đội tuyển" in teams.splitlines()[1] and ",city," not in teams  # the level in words
    item = app.ok(app.post("/api/equipment/items", {"name": "Giáp"}, role="equipment_keeper"))[0]
    app.ok(app.post("/api/equipment/loans", {"item_id": item["id"], "venue": "CLB", "due_on": "2099-12-31"}, role="equipment_keeper"))
    loans = app.get("/api/equipment/loans?format=csv", role="equipment_keeper")
    assert loans.status_code == 200 and "BG-000001,EQ-000001,Giáp,CLB," in loans.content.decode("utf-8-sig")
