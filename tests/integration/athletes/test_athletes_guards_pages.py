import re

import pytest
from athletes_helpers import count_rows

from athletes.models import Athlete

GROUPS = {
    "/api/people": {"manager"},
    "/api/teams": {"manager"},
    "/athletes/people": {"manager"},
    "/athletes/teams": {"manager"},
    "/athletes/import/people": {"manager"},
    "/api/payments": {"accountant"},
    "/athletes/payments": {"accountant"},
    "/athletes/import/attendance": {"accountant"},
    "/api/equipment": {"equipment_keeper"},
    "/athletes/equipment": {"equipment_keeper"},
    "/api/search": {"manager", "accountant", "equipment_keeper"},
    "/athletes": {"manager", "accountant", "equipment_keeper"},
    "/api/rankings/points": {"manager"},
    "/api/rankings/awards": {"manager"},
}
PUBLIC = {("GET", "/api/rankings"), ("GET", "/rankings")}  # the published rankings need no login
ROLES = ("manager", "accountant", "equipment_keeper", "coach", "athlete", "judge", "referee", "device")


def athletes_routes(app):
    for route in app.app.routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.fn.__module__.startswith("athletes."):
                for method in sorted(handler.http_methods - {"HEAD", "OPTIONS"}):
                    yield method, re.sub(r"\{[^}]+\}", "1", route.path)


def allowed(path):
    return GROUPS[max((p for p in GROUPS if path == p or path.startswith(p + "/")), key=len)]


def test_every_athletes_route_refuses_the_roles_outside_its_group(arena):
    checked = 0
    for method, path in athletes_routes(arena):
        if (method, path) in PUBLIC:
            assert arena.client.request(method, path).status_code == 200, (method, path)
            continue
        for role in ROLES:
            if role in allowed(path):
                continue
            r = arena.client.request(method, path, headers=arena.as_role(role))
            assert r.status_code == 403, (method, path, role, r.status_code)
            checked += 1
        anonymous = arena.client.request(method, path, headers={"accept": "application/json"})
        # an anonymous POST meets the CSRF check (403) before the login check (401)
        assert anonymous.status_code in ((401,) if method == "GET" else (401, 403)), (method, path)
    assert checked > 100


def test_an_edited_person_keeps_the_record_and_shows_the_new_name(arena):
    arena.login("manager")
    created = form(arena, "/athletes/people/new", {"full_name": "Lê Văn Tám", "birth_date": "1990-01-02", "gender": "M", "kind": "coach"})
    profile = created.headers["location"]
    edit = profile + "/edit"
    shown = arena.client.get(edit)
    assert shown.status_code == 200 and "Lê Văn Tám" in shown.text
    saved = form(arena, edit, {"full_name": "Lê Văn Tám Em", "birth_date": "1990-01-02", "gender": "M", "kind": "coach"})
    assert saved.status_code == 303 and saved.headers["location"] == profile
    assert "Lê Văn Tám Em" in arena.client.get(profile).text and count_rows(arena, Athlete) == 1
    assert arena.client.get("/athletes/people/999999/edit").status_code == 404


@pytest.mark.parametrize(
    "path,role", [("/api/people/", "accountant"), ("/api/payments/vouchers", "manager"), ("/api/equipment/items", "accountant")]
)
def test_each_group_is_refused_to_the_other_back_office_roles(arena, path, role):
    r = arena.get(path, role=role)
    assert r.status_code == 403 and r.json()["message"] == "Bạn không có quyền thực hiện thao tác này"


def test_equipment_keeper_sees_a_masked_national_id_in_search_details_never(arena):
    arena.ok(
        arena.post(
            "/api/people/", {"full_name": "Bùi Tiến Dũng", "birth_date": "1997-02-28", "national_id": "079197001234"}, role="manager"
        )
    )
    hits = arena.ok(arena.get("/api/search?q=079197", role="equipment_keeper"))
    assert hits and all("079197001234" not in str(h) for h in hits)


def test_admin_reads_every_group(arena):
    for path in ("/api/people/", "/api/payments/vouchers", "/api/equipment/items", "/api/search?q=a"):
        assert arena.get(path, role="admin").status_code == 200


def form(arena, url, data):
    arena.client.get(url)
    return arena.client.post(url, data={**data, "_csrf_token": arena.client.cookies.get("csrftoken")}, follow_redirects=False)


def test_person_form_shows_each_problem_in_vietnamese_and_saves_nothing(arena):
    arena.login("manager")
    r = form(arena, "/athletes/people/new", {"full_name": "", "birth_date": "2015-13-01", "national_id": "12ab", "kind": "athlete"})
    assert r.status_code == 400
    assert "Ngày sinh: ngày không hợp lệ" in r.text
    r = form(arena, "/athletes/people/new", {"full_name": "", "birth_date": "2015-01-01", "national_id": "12ab", "kind": "athlete"})
    assert "bắt buộc nhập họ tên" in r.text and "12 hoặc 9 chữ số" in r.text and "người giám hộ" in r.text
    assert count_rows(arena, Athlete) == 0


def test_a_saved_person_opens_on_the_printable_profile(arena):
    arena.login("manager")
    r = form(
        arena, "/athletes/people/new", {"full_name": "Nguyễn Thị Ánh Viên", "birth_date": "1996-11-09", "gender": "F", "kind": "athlete"}
    )
    assert r.status_code == 303
    page = arena.client.get(r.headers["location"])
    assert page.status_code == 200 and "Nguyễn Thị Ánh Viên" in page.text and "09/11/1996" in page.text and "window.print()" in page.text


@pytest.mark.parametrize(
    "role,paths",
    [
        ("manager", ["/athletes", "/athletes/people", "/athletes/people/new", "/athletes/teams", "/athletes/import/people"]),
        ("accountant", ["/athletes/payments", "/athletes/import/attendance", "/athletes?q=nguyen"]),
        ("equipment_keeper", ["/athletes/equipment"]),
    ],
)
def test_back_office_pages_render_for_their_role(arena, role, paths):
    arena.login(role)
    for path in paths:
        r = arena.client.get(path)
        assert r.status_code == 200, (path, r.text[:500])
        assert "<main>" in r.text


def test_import_page_shows_row_errors_then_saves_a_clean_file(arena):
    arena.login("manager")
    arena.client.get("/athletes/import/people")
    csrf = arena.client.cookies.get("csrftoken")
    bad = "Họ và tên,Ngày sinh\nTrần Văn Một,01/01/2000\n,02/02/2000\n".encode()
    r = arena.client.post("/athletes/import/people", files={"data": ("a.csv", bad, "text/csv")}, data={"_csrf_token": csrf})
    assert r.status_code == 200 and 'id="row-errors"' in r.text and "<td>3</td>" in r.text and "commit-form" not in r.text
    good = "Họ và tên,Ngày sinh\nTrần Văn Một,01/01/2000\n".encode()
    r = arena.client.post("/athletes/import/people", files={"data": ("a.csv", good, "text/csv")}, data={"_csrf_token": csrf})
    token = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
    done = arena.client.post("/athletes/import/people/commit", data={"token": token, "_csrf_token": csrf})
    assert done.status_code == 200 and count_rows(arena, Athlete) == 1


def test_the_athletes_menu_shows_each_role_only_its_pages(arena):
    seen = {}
    for role in ("manager", "accountant", "equipment_keeper"):
        arena.login(role)
        page = arena.client.get("/athletes").text
        nav = page[page.index('class="card subnav"') :].split("</nav>", 1)[0]
        seen[role] = {href for href in re.findall(r'href="([^"]+)"', nav)}
        for href in seen[role]:
            assert arena.client.get(href).status_code == 200, (role, href)
        arena.client.post("/logout", headers=arena.csrf())
    assert "/athletes/people" in seen["manager"] and "/athletes/equipment" not in seen["manager"]
    assert "/athletes/payments" in seen["accountant"] and "/athletes/people" not in seen["accountant"]
    assert seen["equipment_keeper"] == {"/athletes", "/athletes/equipment"}
