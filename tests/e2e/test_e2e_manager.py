"""The manager's main job in Chromium, only through pages (no API call, no id typed): log in, then
competition -> event -> field -> judge panel -> two athletes -> their entries -> a contest, every
record picked from a list by its name; the contest is then on the head referee's console. Every
back-office page fits a 390 px phone and a 1024 px tablet without sideways scrolling."""

from __future__ import annotations

import pytest
from arena_builders import PASSWORD, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("manager") / "var").start()
    try:
        for role in ("manager", "referee"):
            server.user(role, role)
        yield server
    finally:
        server.stop()


def _log_in(browser, server, username, width):
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(f"{server.base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page


def _fits(page):
    assert page.evaluate(FITS), (page.url, page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


def _send(page, form):
    with page.expect_navigation():
        page.click(f"{form} button.primary")
    assert page.locator("#form-error").count() == 0, page.inner_text("#form-error")
    _fits(page)


def _menu(page, label):
    with page.expect_navigation():
        page.click(f".admin-menu >> text={label}")
    _fits(page)


@pytest.mark.parametrize("width", [390, 1024])
def test_the_manager_sets_up_a_contest_through_the_pages_and_the_referee_finds_it(browser, server, width):
    comp, mat = f"Giải Taekwondo Thành phố ({width})", f"Thảm {width}"
    page = _log_in(browser, server, "manager", width)
    with page.expect_navigation():
        page.click("main a[href='/admin']")  # the home page's link
    _fits(page)
    page.fill("#form-competition input[name=name]", comp)
    page.fill("#form-competition input[name=venue]", "Nhà thi đấu Phú Thọ")
    page.fill("#form-competition input[name=starts_on]", "2026-12-10")
    _send(page, "#form-competition")
    assert comp in page.inner_text("#list-competitions")

    _menu(page, "Các nội dung thi")
    page.select_option("#form-event select[name=competition_id]", label=comp)
    page.fill("#form-event input[name=name]", "Đối kháng nam -58 kg")
    page.select_option("#form-event select[name=ruleset_id]", label="Taekwondo đối kháng, thắng 2 trong 3 hiệp")
    _send(page, "#form-event")
    assert "Taekwondo đối kháng, thắng 2 trong 3 hiệp" in page.inner_text("#list-events")

    _menu(page, "Các sàn thi đấu")
    page.select_option("#form-fop select[name=competition_id]", label=comp)
    page.fill("#form-fop input[name=name]", mat)
    _send(page, "#form-fop")

    _menu(page, "Các tổ giám định")
    page.select_option("#form-panel select[name=fop_id]", label=f"{mat} · {comp}")
    page.fill("#form-panel input[name=name]", "Tổ A")
    _send(page, "#form-panel")

    _menu(page, "Vận động viên và đăng ký")
    for name, team in ((f"Nguyễn Văn An {width}", "Quận 1"), (f"Đặng Thị Bích {width}", "Thủ Đức")):
        page.fill("#form-athlete input[name=full_name]", name)
        page.fill("#form-athlete input[name=team]", team)
        _send(page, "#form-athlete")
    for name, team, bib in ((f"Nguyễn Văn An {width}", "Quận 1", "12"), (f"Đặng Thị Bích {width}", "Thủ Đức", "7")):
        page.select_option("#form-entry select[name=event_id]", label=f"Đối kháng nam -58 kg · {comp}")
        page.select_option("#form-entry select[name=athlete_id]", label=f"{name} — {team}")
        page.fill("#form-entry input[name=bib]", bib)
        _send(page, "#form-entry")
    assert f"Nguyễn Văn An {width}" in page.inner_text("#list-entries")

    _menu(page, "Các trận đấu")
    page.select_option("#pick-event select[name=event_id]", label=f"Đối kháng nam -58 kg · {comp}")
    with page.expect_navigation():
        page.click("#pick-event button")
    _fits(page)
    page.fill("#form-contest input[name=label]", f"Chung kết {width}")
    page.select_option("#form-contest select[name=panel_id]", label=f"{mat} — Tổ A (J1,J2,J3)")
    page.select_option("#form-contest select[name=red_entry_id]", label=f"Nguyễn Văn An {width} — Quận 1 (12)")
    page.select_option("#form-contest select[name=blue_entry_id]", label=f"Đặng Thị Bích {width} — Thủ Đức (7)")
    page.fill("#form-contest input[name=round_seconds]", "90")
    _send(page, "#form-contest")
    listed = page.inner_text("#list-contests")
    assert f"Chung kết {width}" in listed and "chưa bắt đầu" in listed
    row = page.locator("#list-contests li", has_text=f"Chung kết {width}")
    for link, form in (("Sửa", "#form-edit"), ("Huỷ…", "#form-cancel")):  # the row's own pages fit too
        with page.expect_navigation():
            row.locator(f"text={link}").click()
        assert page.locator(form).count() == 1
        _fits(page)
        page.go_back()
    page.context.close()

    console = _log_in(browser, server, "referee", width)
    console.goto(f"{server.base}/referee")
    with console.expect_navigation():
        console.click(f"text={mat}")
    assert f"Chung kết {width}" in console.inner_text("#current")
    console.context.close()
