"""A judge's press in one browser shows on a scoreboard in another, through a real server."""

import pytest
from arena_builders import ServerProcess, venue_setup, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pairing_code(arena, panel_id, seat):
    return arena.ok(arena.post(f"/api/panels/{panel_id}/pairing-codes", {"seat": seat}, role="referee"))["code"]


def _judge_page(browser, server, arena, setup, seat):
    page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    page.goto(f"{server.base}/judge?code={_pairing_code(arena, setup.panel_id, seat)}")
    page.wait_for_selector("#conn.online")
    page.wait_for_selector('button.hit[data-side="red"][data-value="3"]')
    return page


@pytest.fixture
def venue(tmp_path):
    server = ServerProcess(tmp_path / "var").start()
    try:
        _tokens, setup, arena = venue_setup(server)
        for command in ("start_contest", "start_round", "start_clock"):
            arena.command(setup.contest_id, command)
        yield server, setup, arena
    finally:
        server.stop()


def test_judges_presses_in_tablets_show_on_the_scoreboard(browser, venue):
    server, setup, arena = venue
    board = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    board.goto(f"{server.base}/scoreboard/{setup.fop_id}")
    board.wait_for_selector('.score[data-side="red"]')
    assert board.inner_text(".side.red .name") == "Nguyễn Văn An"
    j1 = _judge_page(browser, server, arena, setup, "J1")
    j2 = _judge_page(browser, server, arena, setup, "J2")
    j1.click('button.hit[data-side="red"][data-value="3"]')
    j2.click('button.hit[data-side="red"][data-value="3"]')
    wait_until(board, "document.querySelector('.score[data-side=red]').textContent === '3'", timeout=10_000)
    board.screenshot(path=str(server.data_dir / "scoreboard.png"))
    assert j1.inner_text("#pending") == "Không có điểm chờ"


def test_presses_made_while_the_server_is_down_are_sent_once_on_reconnect(browser, venue):
    server, setup, arena = venue
    j1 = _judge_page(browser, server, arena, setup, "J1")
    j1.click('button.hit[data-side="blue"][data-value="2"]')
    wait_until(j1, "window.arenaJudge.queue.length === 0")
    server.kill()
    j1.wait_for_selector("#conn.offline")
    j1.click('button.hit[data-side="blue"][data-value="1"]')
    j1.click('button.hit[data-side="blue"][data-value="3"]')
    assert j1.evaluate("window.arenaJudge.queue.length") == 2
    context = j1.context
    j1.close()  # the tablet's page is gone; its queue is kept in the browser (localStorage)
    server.start()
    again = context.new_page()
    again.goto(f"{server.base}/judge")
    wait_until(again, "window.arenaJudge && window.arenaJudge.queue.length === 0", timeout=15_000)
    log = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
    presses = [(e["data"]["value"], e["source_seq"]) for e in log if e["kind"] == "press"]
    assert presses == [("2", 1), ("1", 2), ("3", 3)]


def _login(page, server, username, target):
    from arena_builders import PASSWORD

    page.goto(f"{server.base}/login?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_head_referee_console_runs_the_bout_and_pairs_a_tablet_by_its_code(browser, tmp_path):
    server = ServerProcess(tmp_path / "var").start()
    try:
        _tokens, setup, arena = venue_setup(server)
        console = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        _login(console, server, "referee", f"/referee/{setup.fop_id}")
        console.wait_for_selector("#conn.online")
        assert "Trọng tài chính" in console.inner_text("h1")
        for command in ("start_contest", "start_round", "start_clock"):
            console.click(f"[data-command={command}]")
            console.wait_for_timeout(200)
        wait_until(console, "document.getElementById('phase').textContent === 'Đang thi đấu'")
        console.click(".seat button >> nth=0")
        code = console.get_attribute("[data-code]", "data-code")
        assert code and len(code) == 6
        tablet = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
        tablet.goto(f"{server.base}/judge")
        tablet.fill("input[name=code]", code)
        tablet.click("button[type=submit]")
        tablet.wait_for_selector("#conn.online")
        assert tablet.inner_text(".seat") == "Ghế J1"
        assert tablet.inner_text('button.hit[data-side="red"][data-value="2"]') == "Đá thân"
        tablet.click('button.hit[data-side="red"][data-value="2"]')
        wait_until(console, "document.querySelector('#log').textContent.includes('J1 · Đỏ · Đá thân +2')")
        console.select_option("#penalty-code", "gam-jeom")
        console.click("[data-penalty=blue]")
        wait_until(console, "document.querySelector('.side-score.red').textContent.includes(': 1')")
        wait_until(console, "document.querySelector('#bindings').textContent.includes('J1')")
    finally:
        server.stop()


def test_a_boxing_judges_whole_card_and_its_send_button_fit_the_screen_without_scrolling(browser, tmp_path):
    server = ServerProcess(tmp_path / "var").start()
    try:
        _tokens, setup, arena = venue_setup(server, ruleset="boxing-10pm")
        for command in ("start_contest", "start_round"):
            arena.command(setup.contest_id, command)
        screens = {"J1": (1024, 600), "J2": (1280, 800), "J3": (390, 844)}  # 7-inch and 10-inch tablets lying down, a phone
        for seat, (width, height) in screens.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(f"{server.base}/judge?code={_pairing_code(arena, setup.panel_id, seat)}")
            page.wait_for_selector("#conn.online")
            page.locator(".cards .pad.red button.hit", has_text="10").click()
            page.locator(".cards .pad.blue button.hit", has_text="9").click()
            send = page.locator(".cards button.send")
            box = send.bounding_box()
            assert box and box["y"] + box["height"] <= height, f"{width}x{height}: the send button ends below the screen: {box}"
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            send.click()
            wait_until(page, "window.arenaJudge && window.arenaJudge.queue.length === 0", timeout=15_000)
            context.close()
        log = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
        assert sorted((e["data"]["seat"], e["data"]["red"], e["data"]["blue"]) for e in log if e["kind"] == "card") == [
            (seat, "10", "9") for seat in screens
        ]
    finally:
        server.stop()
