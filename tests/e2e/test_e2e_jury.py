"""A bout from the head referee's console to the jury's decision, only through pages, in Vietnamese:
the console runs it while a judge tablet presses and its event log reads in words; the coach files
on a phone; two jury members vote on the review page; the coach's page shows the decision.
Real server, Debian's Chromium."""

import re

import httpx
import pytest
from arena_builders import PASSWORD, Arena, ServerProcess, build_contest, coach_the_athlete, wait_until
from leaks import leaks, visible_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVENT = "Sự kiện taekwondo-wt"  # the set-up's event name: typed data, not a code the app shows


@pytest.fixture
def venue(tmp_path):
    """Accounts, a team's coach and a scheduled bout, set up over the API as the administrator
    (the bout's set-up is not what this test is about); everything the test checks goes through pages."""
    server = ServerProcess(tmp_path / "var").start()
    try:
        server.user("admin", "admin")
        arena = Arena(client=httpx.Client(base_url=server.base, timeout=10), app=None, tokens={})
        arena.tokens["admin"] = arena.tokens["referee"] = server.token("admin")  # set-up acts as the admin
        for name, role, full_name in (
            ("referee", "referee", "Lê Thị Hồng"),
            ("coach", "coach", "Võ Thanh Tùng"),
            ("referee2", "referee", "Lê Văn Hùng"),
            ("referee3", "referee", "Trần Thị Mai"),
        ):
            arena.ok(arena.post("/api/users", {"username": name, "password": PASSWORD, "roles": [role], "full_name": full_name}))
        arena.tokens["manager"] = arena.tokens["admin"]  # the administrator holds every role
        setup = build_contest(arena)
        coach_the_athlete(arena, setup.red_athlete)  # the coach's one athlete: red
        yield server, setup
        arena.client.close()
    finally:
        server.stop()


def _logged_in(browser, server, username, target, width=1024, height=768, **context):
    page = browser.new_context(viewport={"width": width, "height": height}, **context).new_page()
    page.goto(f"{server.base}/login?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{target}")
    return page


def _log_has(console, text):
    wait_until(console, f"document.querySelector('#log').textContent.includes({text!r})", timeout=6_000)


def test_the_referee_runs_the_bout_the_coach_appeals_and_the_jury_decides_in_vietnamese(browser, venue):
    server, setup = venue
    console = _logged_in(browser, server, "referee", f"/referee/{setup.fop_id}")
    console.wait_for_selector("#conn.online")
    console.click(".seat button >> nth=0")  # J1's pairing code, shown on the console
    code = console.get_attribute("[data-code]", "data-code")
    tablet = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    tablet.goto(f"{server.base}/judge")
    tablet.fill("input[name=code]", code)
    tablet.click("button[type=submit]")
    tablet.wait_for_selector("#conn.online")
    for command in ("start_contest", "start_round", "start_clock"):
        console.click(f"[data-command={command}]")
        console.wait_for_timeout(200)
    _log_has(console, "Bắt đầu hiệp 1")
    tablet.click('button.hit[data-side="red"][data-value="2"]')
    _log_has(console, "J1 · Đỏ · Đá thân +2")

    phone = _logged_in(browser, server, "coach", "/appeals", width=390, height=844, is_mobile=True, has_touch=True)
    phone.click("ul.contests a:has-text('Nguyễn Văn An')")  # the bout, picked from the list by its athletes
    phone.wait_for_selector("#conn.online")
    wait_until(phone, "window.arenaFiling.live")
    console.select_option("#penalty-code", "gam-jeom")
    console.click("[data-penalty=red]")
    _log_has(console, "Phạt Đỏ · Gam-jeom (đối phương được 1 điểm)")
    action = "label.action.kind-penalty"
    phone.wait_for_selector(action, timeout=4_000)
    phone.tap(action)
    phone.tap('label.choice:has(input[name=category][value="own-penalty"])')
    phone.tap("#send")
    phone.wait_for_url(re.compile(r"/appeals/\d+$"), timeout=5_000)
    assert phone.inner_text("#appeal-state") == "đã nộp"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    console.click("[data-command=end_round]")
    _log_has(console, "Kết thúc hiệp 1")
    console.select_option("#decide-form select[name=winner]", "blue")
    console.select_option("#decide-form select[name=method]", "superiority")
    console.click("#decide-form button")
    _log_has(console, "Công bố thắng: Xanh · ưu thế")
    console.click("[data-command=end_contest]")
    _log_has(console, "Kết thúc trận")
    log = console.inner_text("#log")
    assert "Khiếu nại số 1: bắt đầu xem xét" in log and leaks(log) == []

    for member, name in (("referee2", "Lê Văn Hùng"), ("referee3", "Trần Thị Mai")):
        jury = _logged_in(browser, server, member, "/appeals")
        jury.click("table.appeals a")  # the appeal, picked from the list
        wait_until(jury, "window.arenaReview && window.arenaReview.ready")
        assert "Lỗi phạt · Đỏ Nguyễn Văn An · Gam-jeom" in jury.inner_text("main")
        jury.select_option("select[name=uphold]", "true")
        jury.fill("input[name=vote_reason]", "Video cho thấy không có lỗi")
        jury.select_option("select[name=remedy_kind]", "void")
        jury.fill("textarea[name=reason]", "Huỷ lỗi phạt Gam-jeom")
        with jury.expect_navigation():  # the vote is taken, the page reloads
            jury.click("#decision-form button")
        assert f"{name} – đã bỏ phiếu" in jury.inner_text("#jury-members")
        jury.context.close()

    phone.reload()
    assert phone.inner_text("#appeal-state") == "được chấp nhận"
    assert "Quyết định của ban kháng nghị: được chấp nhận – Huỷ lỗi phạt Gam-jeom" in phone.inner_text("#decision")
    assert leaks(visible_text(phone.content()), allow=(EVENT,)) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _log_has(console, "Huỷ sự kiện số")  # the jury's remedy is one more line of the console's log
