"""A manager runs a category's draw on the page (approve the coach's registrations, close the list,
publish the commitment, draw) and the public bracket page proves it: the proof is shown and the
verify button says every check holds; at 390 px and 1024 px, without sideways scrolling, through a
real server and Debian's Chromium."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

import pytest
from arena_builders import PASSWORD, Arena, ServerProcess
from playwright.sync_api import expect

from base.settings import load_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAMES = ("Nguyễn Văn An", "Trần Minh Bảo", "Lê Quốc Cường", "Phạm Đức Dũng", "Hoàng Gia Huy")
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def venue(tmp_path_factory):
    import httpx

    server = ServerProcess(tmp_path_factory.mktemp("tournaments") / "var").start()
    try:
        server.user("admin", "admin")
        arena = Arena(client=httpx.Client(base_url=server.base, timeout=10), app=None, tokens={"admin": server.token("admin")})
        for role in ("manager", "coach", "referee"):
            server.user(role, role, role)
            arena.tokens[role] = server.token(role)
        yield server, arena
    finally:
        server.stop()


def _category(arena: Arena) -> int:
    """A competition today with one field and a 58 kg category; a coach's team registers five athletes."""
    ok, post = arena.ok, arena.post
    today = load_settings().clock().today()  # the server's clock (ARENA_CLOCK_START when set)
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


def _drawn_and_planned(arena: Arena, category_id: int) -> int:
    """The manager approves every entry, closes the list, commits, draws and plans the day on the field; its id."""
    for entry in arena.ok(arena.get(f"/api/tournaments/categories/{category_id}/entries", role="manager")):
        arena.ok(arena.post(f"/api/tournaments/entries/{entry['id']}/decision", {"approve": True}, role="manager"))
    for path in ("status", "commitment", "draw"):
        body = {"status": "closed"} if path == "status" else ({"witness": "4711"} if path == "draw" else {})
        arena.ok(arena.post(f"/api/tournaments/categories/{category_id}/{path}", body, role="manager"))
    category = next(c for c in arena.ok(arena.get("/api/tournaments/categories", role="manager")) if c["id"] == category_id)
    competition_id = category["competition_id"]
    fop_id = int(next(f["id"] for f in arena.ok(arena.get(f"/api/fops?competition_id={competition_id}", role="manager"))))
    clock = load_settings().clock()
    start = datetime.combine(clock.today(), time(8, 0), tzinfo=clock.zone)
    arena.ok(
        arena.post(
            f"/api/tournaments/competitions/{competition_id}/sessions",
            {"fop_id": fop_id, "name": "Cả ngày", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=12)).isoformat()},
            role="manager",
        )
    )
    arena.ok(arena.post(f"/api/tournaments/competitions/{competition_id}/plan", {}, role="manager"))
    return fop_id


def _log_in(page, server: ServerProcess, username: str, target: str) -> None:
    page.goto(f"{server.base}/login?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{target}")


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
    _log_in(page, server, "manager", target)
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


def test_the_head_referee_runs_the_next_contest_of_the_order_without_picking_it(browser, venue):
    """After the draw and the plan, the console's "next contest" puts the order's first ready bout
    on the field; when it ends, the next press brings the one after it (at phone width)."""
    server, arena = venue
    category_id = _category(arena)
    fop_id = _drawn_and_planned(arena, category_id)
    order = arena.ok(arena.get(f"/api/tournaments/fields/{fop_id}/deck", role=None))["bouts"]
    ready = [b for b in order if b["status"] == "ready"]
    assert len(ready) >= 2, order

    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    _log_in(page, server, "referee", f"/referee/{fop_id}")
    for _ in range(2):
        deck = arena.ok(arena.get(f"/api/tournaments/fields/{fop_id}/deck", role=None))["bouts"]
        expected = next(b for b in deck if b["status"] == "ready")  # the order's first ready bout
        page.click("#next-contest")
        # Locator assertions, not wait_for_function: the pages' CSP forbids evaluating strings.
        expect(page.locator("#current")).to_have_value(str(expected["contest_id"]))
        expect(page.locator("#state")).to_contain_text(expected["red"].split(" (")[0])
        assert "#" not in page.inner_text("#current option:checked")  # the order and the names, no ids
        _fits(page)
        for command in ("start_contest",):
            arena.ok(arena.post(f"/api/contests/{expected['contest_id']}/commands", {"command": command}, role="referee"))
        arena.ok(
            arena.post(
                f"/api/contests/{expected['contest_id']}/commands",
                {"command": "decide", "winner": "red", "method": "referee_decision", "reason": "Trọng tài quyết định"},
                role="referee",
            )
        )
        arena.ok(arena.post(f"/api/contests/{expected['contest_id']}/commands", {"command": "end_contest"}, role="referee"))
    page.context.close()


@pytest.mark.parametrize("width", [390, 1024])
def test_a_no_show_after_the_draw_is_previewed_on_the_page_then_applied_as_shown(browser, venue, width):
    """On the category's page the manager gives a walkover: the next page shows, before anything is written, the
    bout's outcome with names, its contest not held and the later bout whose athlete it fills; 'Xác nhận áp dụng'
    applies it and the category's page shows the decision."""
    server, arena = venue
    category_id = _category(arena)
    _drawn_and_planned(arena, category_id)
    bracket = arena.ok(arena.get(f"/api/tournaments/categories/{category_id}/bracket", role=None))
    bout = next(m for m in bracket["matches"] if m["status"] == "ready" and m["blue"])
    red, blue = bout["red"]["name"], bout["blue"]["name"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    target = f"/tournaments/categories/{category_id}"
    _log_in(page, server, "manager", target)

    form = page.locator(f'.match[data-key="{bout["key"]}"] form.change-form')
    form.locator("select[name=winner]").select_option("blue")
    form.locator("select[name=decision]").select_option("no_show")
    form.locator("input[name=reason]").fill("Vắng mặt khi gọi tên lần thứ ba")
    with page.expect_navigation():
        form.locator("button").click()
    expect(page.locator("h1")).to_contain_text("Xem trước thay đổi")
    expect(page.locator("#change-decision")).to_have_text(f"{bout['label']}: {blue} thắng do đối thủ vắng mặt ({red})")
    expect(page.locator("#change-cancelled")).to_contain_text("không thi đấu trên thảm")
    expect(page.locator("#change-opponents")).to_contain_text(f"chờ kết quả → {blue}")
    assert f"e{bout['blue']['key'][1:]}" not in page.inner_text("main")  # names, no entrant keys
    _fits(page)
    unchanged = arena.ok(arena.get(f"/api/tournaments/categories/{category_id}/bracket", role=None))
    assert next(m for m in unchanged["matches"] if m["key"] == bout["key"])["status"] == "ready"  # nothing written yet

    with page.expect_navigation():
        page.click("#apply-change")
    page.wait_for_url(f"**{target}")
    expect(page.locator(f'.match[data-key="{bout["key"]}"]')).to_contain_text("thắng do đối thủ vắng mặt")
    _fits(page)
    context.close()


def test_in_english_the_deck_board_after_its_refresh_and_the_draw_check_read_in_english(browser, venue):
    """With the English switch the marshal's board redraws itself from the API after 10 s (the page's clock run on)
    with the matches named in English and no Vietnamese of the system, and the public draw check lists its lines in
    English (at phone width)."""
    server, arena = venue
    category_id = _category(arena)
    fop_id = _drawn_and_planned(arena, category_id)
    context = browser.new_context(viewport={"width": 390, "height": 900})
    context.add_cookies([{"name": "lang", "value": "en", "url": server.base}])
    page = context.new_page()
    page.clock.install()
    page.goto(f"{server.base}/deck/{fop_id}")
    rows = page.locator("#deck-rows .deck-row")
    first = rows.first.inner_text()
    assert "Quarter-final" in first or "Semi-final" in first, first

    deck = arena.ok(arena.get(f"/api/tournaments/fields/{fop_id}/deck", role=None))["bouts"]
    done = next(b for b in deck if b["status"] == "ready")
    for command in (
        {"command": "start_contest"},
        {"command": "decide", "winner": "red", "method": "referee_decision", "reason": "Trọng tài quyết định"},
        {"command": "end_contest"},
    ):
        arena.ok(arena.post(f"/api/contests/{done['contest_id']}/commands", command, role="referee"))
    page.clock.run_for(11_000)  # the board's 10-second refresh, from the API
    expect(rows.first).not_to_have_text(first)
    board = page.inner_text("#deck-rows")
    assert "awaiting a result" in board and "chờ kết quả" not in board, board
    for vietnamese in ("Tứ kết", "Bán kết", "Chung kết", "trận", "Vòng"):
        assert vietnamese not in board, board
    _fits(page)

    page = context.new_page()  # a page with its own clock
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.base}/brackets/{category_id}")
    page.click("#verify")
    expect(page.locator("#verdict")).not_to_be_empty()
    assert errors == [] and page.get_attribute("#verdict", "data-ok") == "true", (errors, page.inner_text("#verdict"))
    lines = page.locator("#checks li").all_inner_texts()
    assert lines[0].startswith("✓ The competition's log is whole (") and "✓ The draw in force is the draw in the log" in lines, lines
    assert "Every check passed" in page.inner_text("#verdict")
    _fits(page)

    manager = browser.new_context(viewport={"width": 390, "height": 900})
    manager.add_cookies([{"name": "lang", "value": "en", "url": server.base}])
    page = manager.new_page()
    competition_id = next(c for c in arena.ok(arena.get("/api/tournaments/categories", role="manager")) if c["id"] == category_id)[
        "competition_id"
    ]
    _log_in(page, server, "manager", f"/tournaments/order/{competition_id}")
    form = page.locator("form.move-form").last
    form.locator("input[name=position]").fill("1")
    form.locator("button", has_text="Change the order").click()
    expect(form.locator(".changes li").first).to_be_visible()
    lines = form.locator(".changes li").all_inner_texts()
    # the first bout has been held: a move in front of it is refused, said in English with names
    assert all(x.startswith(("Bout Nam 58 kg - Tuyển — ", "The bout Nam 58 kg - Tuyển — ")) for x in lines), lines
    assert not [x for x in lines if "Trận" in x or "M-58/" in x or "Tứ kết" in x or "Bán kết" in x], lines
    _fits(page)
    manager.close()
    context.close()


def test_a_move_in_the_order_is_confirmed_as_previewed_and_a_form_changed_since_asks_for_a_new_preview(browser, venue):
    """On 'Thứ tự thi đấu' the manager previews a move, then changes the position: confirming asks for a new
    preview and the order stays; previewed again and confirmed, the move is applied with its reason in the log."""
    server, arena = venue
    category_id = _category(arena)
    fop_id = _drawn_and_planned(arena, category_id)
    competition_id = next(c for c in arena.ok(arena.get("/api/tournaments/categories", role="manager")) if c["id"] == category_id)[
        "competition_id"
    ]
    before = [b["bout_id"] for b in arena.ok(arena.get(f"/api/tournaments/fields/{fop_id}/deck", role=None))["bouts"]]
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    _log_in(page, server, "manager", f"/tournaments/order/{competition_id}")
    form = page.locator(f'form.move-form[data-bout="{before[-1]}"]')
    form.locator("button", has_text="Đổi thứ tự").click()  # the last bout where it is: a move that changes nothing
    expect(form.locator(".changes li").first).to_be_visible()
    form.locator("input[name=reason]").fill("Tổng trọng tài yêu cầu giữ nguyên")
    form.locator("input[name=position]").fill("1")  # changed after the preview
    form.locator(".confirm").click()
    expect(page.locator("#msg")).to_have_text("Xem lại thay đổi")
    assert [b["bout_id"] for b in arena.ok(arena.get(f"/api/tournaments/fields/{fop_id}/deck", role=None))["bouts"]] == before
    form.locator("input[name=position]").fill(str(len(before)))
    form.locator("button", has_text="Đổi thứ tự").click()
    expect(form.locator(".confirm")).to_be_enabled()
    with page.expect_navigation():  # applied, then the page reloads with the new order
        form.locator(".confirm").click()
    log = arena.ok(arena.get(f"/api/tournaments/competitions/{competition_id}/log", role=None))["rows"]
    assert log[-1]["kind"] == "order_moved" and log[-1]["payload"]["reason"] == "Tổng trọng tài yêu cầu giữ nguyên"
    assert len(log[-1]["payload"]["preview"]) == 64
    _fits(page)
    context.close()
