"""An event ends and its results are signed on the page by the two officials, then anyone opens the
printed code's address and sees that the paper matches the scoring logs; the results pages and the
verification page fit 390 px and 1024 px without sideways scrolling. A real server and Debian's
Chromium."""

from __future__ import annotations

import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from arena_builders import PASSWORD, Arena, ServerProcess, decide_off_mat
from playwright.sync_api import expect

from base.settings import load_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "fixtures" / "contracts"))
from contracts_people import OFFICIALS_PEOPLE as PEOPLE  # noqa: E402
from contracts_people import OFFICIALS_PIN as PIN  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FITS = "document.documentElement.scrollWidth <= window.innerWidth"
NAMES = ("Nguyễn Văn An", "Trần Minh Bảo", "Lê Quốc Cường", "Phạm Đức Dũng")


@pytest.fixture(scope="module")
def venue(tmp_path_factory):
    import httpx

    data = tmp_path_factory.mktemp("results") / "var"
    server = ServerProcess(data)
    data.mkdir(parents=True, exist_ok=True)
    server.cli("contracts", "init-ca", "--data-dir", str(data), "--organisation", "Sở Văn hóa và Thể thao")
    server.start()
    try:
        server.user("admin", "admin")
        arena = Arena(client=httpx.Client(base_url=server.base, timeout=20), app=None, tokens={"admin": server.token("admin")})
        people = {}
        for role in ("manager", "referee"):
            user = arena.ok(arena.post("/api/users", {"username": role, "password": PASSWORD, "roles": [role], "full_name": role}))
            arena.tokens[role] = arena.ok(arena.post("/api/tokens", {"user_id": user["id"], "name": "e2e"}))["token"]
            person = arena.ok(arena.post("/api/people", PEOPLE[role], role="manager"))
            arena.ok(arena.client.put(f"/api/users/{user['id']}/person", json={"person_id": person["id"]}, headers=arena.as_role("admin")))
            arena.ok(arena.post("/api/contracts/keys/", {"pin": PIN[role]}, role=role))  # each official enrols a key once
            people[role] = person["id"]
        yield server, arena, people
    finally:
        server.stop()


def _finished_category(arena: Arena, people: dict[str, int]) -> tuple[int, int, str]:
    """A four-athlete knockout held to its end (each bout decided by the manager), its two officials named."""
    ok, post = arena.ok, arena.post
    clock = load_settings().clock()
    today = clock.today()
    comp = ok(
        post("/api/competitions", {"name": "Giải Taekwondo Thành phố", "venue": "Nhà thi đấu Phú Thọ", "starts_on": today.isoformat()})
    )
    event = ok(
        post(
            "/api/events", {"competition_id": comp["id"], "name": "Taekwondo đối kháng", "sport": "taekwondo", "ruleset_id": "taekwondo-wt"}
        )
    )
    fop = ok(post("/api/fops", {"competition_id": comp["id"], "name": "Thảm 1"}))
    ok(post("/api/panels", {"fop_id": fop["id"], "name": "Tổ 1", "seats": ["J1", "J2", "J3"]}))
    team = ok(post("/api/teams", {"name": f"Quận 1 ({comp['id']})", "level": "city", "sport": "taekwondo"}, role="manager"))
    category = ok(post("/api/tournaments/categories", {"event_id": event["id"], "name": "Nam 58 kg", "code": "M-58", "sex": "M",
                                                         "weight_max": "58", "draw_format": "single"}, role="manager"))  # fmt: skip
    cid = category["id"]
    for i, name in enumerate(NAMES):
        person = {"full_name": name, "kind": "athlete", "gender": "M", "birth_date": f"{today.year - 20}-0{i + 1}-15",
                  "medical_until": (today + timedelta(days=200)).isoformat(), "team_id": team["id"]}  # fmt: skip
        athlete = ok(post("/api/people", person, role="manager"))
        entry = ok(post(f"/api/tournaments/categories/{cid}/entries", {"athlete_id": athlete["id"]}, role="manager"))
        ok(post(f"/api/tournaments/entries/{entry['id']}/weigh-in", {"weight": "57,5"}, role="referee"))
    ok(post(f"/api/tournaments/categories/{cid}/status", {"status": "closed"}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cid}/commitment", {}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cid}/draw", {"witness": "Trưởng đoàn Quận 1"}, role="manager"))
    start = datetime.combine(today, time(8, 0), tzinfo=clock.zone)
    ok(post(f"/api/tournaments/competitions/{comp['id']}/sessions",
            {"fop_id": fop["id"], "name": "Cả ngày", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=12)).isoformat()},
            role="manager"))  # fmt: skip
    ok(post(f"/api/tournaments/competitions/{comp['id']}/plan", {}, role="manager"))
    for _ in range(10):
        state = ok(arena.get(f"/api/tournaments/categories/{cid}/bracket", role=None))
        if state["finished"]:
            break
        bout = next(m for m in state["matches"] if m["status"] == "ready")
        ok(decide_off_mat(arena, bout["bout_id"], {"winner": "red", "decision": "walkover", "reason": "Bỏ cuộc"}))
    assert state["finished"]
    for username, role in (("referee", "chief_referee"), ("manager", "director")):
        official = {"person_id": people[username], "role": role, "username": username}
        ok(post(f"/api/tournaments/competitions/{comp['id']}/officials", official, role="manager"))
    return comp["id"], cid, team["name"]


def _fits(page) -> None:
    assert page.evaluate(FITS), page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _sign_as(browser, server, username: str, category_id: int, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    target = f"/results/categories/{category_id}"
    page.goto(f"{server.base}/login?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{target}")
    _fits(page)
    page.fill("#sign input[name=pin]", PIN[username])
    with page.expect_navigation():
        page.click("#sign button")
    expect(page.locator(".r-signed li")).not_to_have_count(0)
    context.close()


@pytest.mark.parametrize("width", [390, 1024])
def test_the_officials_sign_the_results_and_the_printed_code_says_they_match_the_logs(browser, venue, width):
    server, arena, people = venue
    competition_id, category_id, team = _finished_category(arena, people)
    _sign_as(browser, server, "referee", category_id, width)
    _sign_as(browser, server, "manager", category_id, width)

    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()  # anyone, not logged in
    page.goto(f"{server.base}/results/{competition_id}")
    expect(page.locator("h2", has_text="Bảng tổng sắp huy chương")).to_be_visible()
    expect(page.locator(".r-medals")).to_contain_text(team)
    _fits(page)
    page.goto(f"{server.base}/results/categories/{category_id}")
    expect(page.locator(".r-standing")).to_contain_text("Huy chương Vàng")
    _fits(page)

    state = arena.ok(arena.get(f"/api/results/categories/{category_id}/signatures", role="manager"))
    assert state["complete"] and [s["name"] for s in state["signed"]] == ["Lê Văn Trọng", "Trần Thị Thu Hương"]
    page.goto(f"{server.base}/v/{state['code']}")  # the address the QR code on every page opens
    expect(page.locator("body")).to_contain_text("Khớp với nhật ký điểm")
    expect(page.locator("body")).to_contain_text("Trưởng ban tổ chức")
    _fits(page)
    page.context.close()
