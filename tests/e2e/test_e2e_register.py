"""Anyone with a phone checks a paper: the code's page opens without a login at 390 px and
1024 px without sideways scrolling, and a copy dropped on it is said to match, byte for byte."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from arena_builders import Arena, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """A real server, and an equipment handover record issued on it: (server, code, PDF file)."""
    import httpx

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    folder = tmp_path_factory.mktemp("register")
    server = ServerProcess(folder / "var").start()
    try:
        server.user("admin", "admin")
        arena = Arena(client=httpx.Client(base_url=server.base, timeout=10), app=None, tokens={"admin": server.token("admin")})
        item = arena.ok(arena.post("/api/equipment/items", {"name": "Giáp Taekwondo", "category": "Giáp"}))[0]
        team = arena.ok(arena.post("/api/teams/", {"name": "Đội tuyển Taekwondo Quận 1", "level": "city"}))
        loan = arena.ok(arena.post("/api/equipment/loans", {"item_id": item["id"], "team_id": team["id"], "due_on": "2099-12-31"}))
        pdf = arena.get(f"/api/equipment/loans/{loan['id']}/handover.pdf").content
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        code = re.search(r"Mã xác thực: (\w{4}-\w{4})", text).group(1)
        path = folder / "ban-giao.pdf"
        path.write_bytes(pdf)
        yield server, code, path
    finally:
        server.stop()


@pytest.mark.parametrize("width", [390, 1024])
def test_the_codes_page_fits_the_screen_and_says_a_dropped_copy_matches(browser, issued, width):
    server, code, path = issued
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{server.base}/v/{code.lower()}")  # as typed off the paper
    assert page.url.endswith(f"/v/{code}")
    assert "Biên bản bàn giao dụng cụ" in page.inner_text("main") and page.inner_text(".status") == "Bản hiện hành"
    assert page.evaluate(FITS), page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.click("#check button[type=submit]")
    assert page.get_attribute(".verdict", "data-match") == "yes"
    assert "Trùng khớp từng byte với bản Arena đã phát hành" in page.inner_text(".verdict")
    assert page.evaluate(FITS), page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.goto(f"{server.base}/v/ZZZZ-ZZZZ")
    assert "không có trong sổ đăng ký" in page.inner_text("main") and page.evaluate(FITS)
    page.context.close()
