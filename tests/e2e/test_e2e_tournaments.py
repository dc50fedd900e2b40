"""A manager runs a category's draw on the page (approve the coach's registrations, close the list,
publish the commitment, draw) and the public bracket page proves it: the proof is shown and the
verify button says every check holds; at 390 px and 1024 px, without sideways scrolling, through a
real server and Debian's Chromium."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from arena_builders import PASSWORD, Arena, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAMES = ("Nguyễn Văn An", "Trần Minh Bảo", "Lê Quốc Cường", "Phạm Đức Dũng", "Hoàng Gia Huy")
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def venue(tmp_path_factory):
    import httpx

    server = ServerProcess(tmp_path_factory.mktemp("tournaments") / "var").start()
    try:
        server.cli("user", "create", "admin", "--role", "admin", "--password", PASSWORD)
        arena = Arena(
            client=httpx.Client(base_url=server.base, timeout=10), app=None, tokens={"admin": server.cli("token", "create", "admin")}
        )
        for role in ("manager", "coach"):  # through the API: each CLI call is a process start
            user = arena.ok(arena.post("/api/users", {"username": role, "password": PASSWORD, "roles": [role], "full_name": role}))
            arena.tokens[role] = arena.ok(arena.post("/api/tokens", {"user_id": user["id"], "name": "e2e"}))["token"]
        yield server, arena
    finally:
        server.stop()


def _category(arena: Arena) -> int:
    """A competition today with one field and a 58 kg category; a coach's team registers five athletes."""
    ok, post = arena.ok, arena.post
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    comp = ok(
        post("/api/competitions", {"name": "Giải Taekwondo Thành phố", "venue": "Nhà thi đấu Phú Thọ", "starts_on": today.isoformat()})
    )
    event = ok(
        post(
            "/api/events", {"competition_id": comp["id"], "name": "Taekwondo đối kháng", "sport": "taekwondo", "ruleset_id": "taekwondo-wt"}
        )
    )
    fop = ok(post("/api/fops", {"competition_id": comp["id"], "name": "Thảm 1"}))
    ok(post("/api/panels", {"fop_id": fop["id"], "name": "Tổ trọng tài 1", "seats": ["J1", "J2", "J3"]}))
    team = ok(post("/api/teams", {"name": f"Quận 1 {uuid.uuid4().hex[:4]}", "level": "city", "sport": "taekwondo"}, role="manager"))
    coach = ok(post("/api/people", {"full_name": "Võ Thanh Tùng", "kind": "coach", "team_id": team["id"]}, role="manager"))
    user_id = next(u["id"] for u in ok(arena.get("/api/users")) if u["username"] == "coach")
    ok(arena.client.put(f"/api/users/{user_id}/person", json={"person_id": coach["id"]}, headers=arena.as_role("admin")))
    category = ok(
        post(
            "/api/tournaments/categories",
            {"event_id": event["id"], "name": "Nam 58 kg - Tuyển", "code": "M-58", "sex": "M", "min_age": 17, "weight_max": "58"},
            role="manager",
        )
    )
    for i, name in enumerate(NAMES):
        person = {
            "full_name": name,
            "kind": "athlete",
            "gender": "M",
            "birth_date": f"{today.year - 20}-0{i + 1}-15",
            "medical_until": (today + timedelta(days=200)).isoformat(),
            "team_id": team["id"],
        }
        athlete = ok(post("/api/people", person, role="manager"))
        ok(post(f"/api/tournaments/categories/{category['id']}/entries", {"athlete_id": athlete["id"]}, role="coach"))
    return int(category["id"])


def _fits(page) -> None:
    assert page.evaluate(FITS), page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _click_and_reload(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.parametrize("width", [390, 1024])
def test_a_manager_draws_on_the_page_and_the_public_bracket_proves_it(browser, venue, width):
    server, arena = venue
    category_id = _category(arena)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    target = f"/tournaments/categories/{category_id}"
    page.goto(f"{server.base}/login?next={target}")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{target}")
    assert page.locator("tr.entry").count() == 5
    assert page.locator("tr.entry .entry-status").first.inner_text().startswith("chờ duyệt")
    _fits(page)

    for _ in NAMES:  # approve each registration; the page reloads with the new status
        _click_and_reload(page, "tr.entry button.approve >> nth=0")
    assert page.locator("button.approve").count() == 0
    assert all(s.startswith("đã duyệt") for s in page.locator("tr.entry .entry-status").all_inner_texts())

    _click_and_reload(page, "#close-list")
    assert page.inner_text("#status") == "đã chốt danh sách"
    _click_and_reload(page, "#commit")
    commitment = page.inner_text("#commitment")
    assert len(commitment) == 64
    page.fill("#draw-form input[name=witness]", "Trưởng đoàn Quận 1: 4711")
    _click_and_reload(page, "#draw")
    assert page.inner_text("#status") == "đã bốc thăm"
    assert page.locator("#bracket .match").count() >= 4
    assert "Vòng 1" in page.inner_text("#bracket")
    _fits(page)

    public = context.new_page()  # the public page needs no login; a fresh context proves it
    anonymous = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    for p in (public, anonymous):
        p.goto(f"{server.base}/brackets/{category_id}")
        assert p.inner_text("#commitment") == commitment
        assert len(p.inner_text("#secret")) == 64 and len(p.inner_text("#draw-digest")) == 64
        assert p.inner_text("#witness") == "Trưởng đoàn Quận 1: 4711"
        assert p.locator("#bracket .match").count() >= 4
        p.click("#verify")
        p.wait_for_selector("#verdict[data-ok]")
        assert p.get_attribute("#verdict", "data-ok") == "true"
        marks = p.locator("#checks li").all_inner_texts()
        assert len(marks) >= 4 and all(m.startswith("✓") for m in marks), marks
        assert "Mọi kiểm tra đều đạt" in p.inner_text("#verdict")
        _fits(p)
    anonymous.context.close()
    context.close()
