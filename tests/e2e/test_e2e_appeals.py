"""A coach's filing page on a phone: a penalty the head referee gives appears without a reload, and
three taps file the appeal within WT's 5 s (art. 21.2), through a real server and Debian's Chromium."""

import re
import time

import pytest
from arena_builders import PASSWORD, ServerProcess, coach_the_athlete, venue_setup, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def bout(tmp_path):
    server = ServerProcess(tmp_path / "var").start()
    try:
        _tokens, setup, arena = venue_setup(server)
        for role in ("coach", "manager"):
            server.user(role, role)
            arena.tokens[role] = server.token(role)
        coach_the_athlete(arena, setup.red_athlete)  # the coach has one athlete here: red
        for command in ("start_contest", "start_round", "start_clock"):
            arena.command(setup.contest_id, command)
        yield server, setup, arena
    finally:
        server.stop()


def _coach_page(browser, server, target):
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{server.base}/login?next={target}")
    page.fill("input[name=username]", "coach")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{target}")
    page.wait_for_selector("#conn.online")
    return page


def test_a_new_penalty_appears_live_and_three_taps_file_the_appeal_on_a_phone(browser, bout):
    server, setup, arena = bout
    page = _coach_page(browser, server, f"/appeals/new/{setup.contest_id}")
    assert page.is_checked("input[name=side][value=red]")  # preselected: the coach's one athlete
    assert page.inner_text("#send") == "Gửi"
    page.evaluate("window.notReloaded = true")
    wait_until(page, "window.arenaFiling.live")  # the field socket carries this contest: no polling

    arena.command(setup.contest_id, "penalty", side="red", code="gam-jeom")
    scored = time.monotonic()
    log = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
    seq = next(e["seq"] for e in reversed(log) if e["kind"] == "penalty")
    action = f'label.action[data-seq="{seq}"]'
    page.wait_for_selector(action, timeout=4_000)
    assert page.evaluate("window.notReloaded === true")  # it came over the socket, not a reload
    assert "Lỗi phạt" in page.inner_text(action) and "Gam-jeom" in page.inner_text(action)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.tap(action)  # 1: the action
    page.tap('label.choice:has(input[name=category][value="own-penalty"])')  # 2: what to review
    page.tap("#send")  # 3: "Gửi"
    page.wait_for_url(re.compile(r"/appeals/\d+$"), timeout=5_000, wait_until="commit")
    assert time.monotonic() - scored < 5  # within the 5 s of art. 21.2, server and browser included

    appeals = arena.ok(arena.get(f"/api/appeals?contest_id={setup.contest_id}", role="coach"))
    assert [(a["side"], a["category"], a["action_seq"], a["state"]) for a in appeals] == [("red", "own-penalty", seq, "filed")]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _judge_tablet(browser, server, arena, setup, seat):
    code = arena.ok(arena.post(f"/api/panels/{setup.panel_id}/pairing-codes", {"seat": seat}, role="referee"))["code"]
    tablet = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    tablet.goto(f"{server.base}/judge?code={code}")
    tablet.wait_for_selector("#conn.online")
    return tablet


def test_a_trunk_kick_is_flagged_and_refused_on_the_page_with_the_rule_in_vietnamese(browser, bout):
    server, setup, arena = bout
    page = _coach_page(browser, server, f"/appeals/new/{setup.contest_id}")
    page.tap('label.choice:has(input[name=category][value="technical-point"])')
    page.tap("#send")  # no action chosen yet: the page asks for one, in Vietnamese
    assert page.inner_text("#form-error") == "Hãy chọn hành động cần xem lại"

    tablet = _judge_tablet(browser, server, arena, setup, "J1")
    tablet.click('button.hit[data-side="red"][data-value="2"]')  # "Đá thân": a trunk point
    press = "label.action.kind-press"
    page.wait_for_selector(press, timeout=4_000)
    assert "Đá thân" in page.inner_text(press)
    assert "Không được xem lại: Điểm đòn chân hoặc đấm vào thân" in page.inner_text(press)  # said before sending
    page.tap(press)
    page.tap("#send")
    wait_until(page, "document.getElementById('form-error').textContent.includes('Điều 21.2')", timeout=4_000)
    error = page.inner_text("#form-error")
    assert error.startswith("Khiếu nại không được chấp nhận: không được xem lại: Điểm đòn chân hoặc đấm vào thân"), error
    assert arena.ok(arena.get(f"/api/appeals?contest_id={setup.contest_id}", role="coach")) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
