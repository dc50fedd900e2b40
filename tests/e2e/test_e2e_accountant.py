"""The accountant's month, only through pages in Chromium at 390 px and 1024 px: log in, record a
camp's attendance for an athlete picked by name, issue the month's voucher, open its PDF. No id is
typed; the pages never scroll sideways; the voucher reads in Vietnamese with names, not codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from arena_builders import PASSWORD, Arena, ServerProcess, wait_until
from leaks import leaks, visible_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
RATES = Path(__file__).resolve().parents[2] / "fixtures" / "athletes" / "rates.toml"
RATE_NOTES: tuple[str, ...] = ()  # the shipped rate book's notes are Vietnamese: nothing to allow
REGIME = "Dinh dưỡng trong thời gian tập trung tập huấn"
# Set-up with no page: the shipped rate book, loaded into the server's database as `arena demo` does.
LOAD_RATES = """
import asyncio, sys
from pathlib import Path
from athletes.payments import PaymentService
from base.db import create_engine, session_factory
from base.settings import load_settings

async def main():
    engine = create_engine(load_settings())
    async with session_factory(engine)() as session:
        await PaymentService(session, None).load_rate_book(Path(sys.argv[1]))
    await engine.dispose()

asyncio.run(main())
"""
# Each width does its own month, so each issues a voucher of its own.
MONTHS = {390: ("2026-03", "31", "Trần Thị Bình"), 1024: ("2026-04", "30", "Lê Hoàng Cường")}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import httpx

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    server = ServerProcess(tmp_path_factory.mktemp("accountant") / "var").start()
    try:
        server.user("admin", "admin")
        server.user("ketoan", "accountant", "Đỗ Thị Lan")
        subprocess.run([sys.executable, "-c", LOAD_RATES, str(RATES)], env=server.env(), check=True, capture_output=True)
        with httpx.Client(base_url=server.base, timeout=10) as client:
            arena = Arena(client=client, app=None, tokens={"admin": server.token("admin")})
            team = arena.ok(arena.post("/api/teams/", {"name": "Đội tuyển Vovinam Thành phố", "level": "city"}))
            for name in ("Trần Thị Bình", "Trần Thị Bích", "Lê Hoàng Cường"):
                arena.ok(arena.post("/api/people/", {"full_name": name, "birth_date": "2004-02-02", "team_id": team["id"]}))
        yield server
    finally:
        server.stop()


def fits(page):
    assert page.evaluate(FITS), (page.url, page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


def log_in(browser, server, username, width):
    """A fresh browser at ``width`` px, logged in through the login page: (context, page)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server.base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button")
    return context, page


def pdf_words(context, server, href):
    """The PDF a page links to, fetched in the page's session, as its words (pdftotext)."""
    pdf = context.request.get(server.base + href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True).stdout.decode().split())


@pytest.mark.parametrize("width", [390, 1024])
def test_the_accountant_records_attendance_by_name_and_issues_the_months_voucher(browser, server, width):
    month, last, name = MONTHS[width]
    context, page = log_in(browser, server, "ketoan", width)
    page.goto(f"{server.base}/athletes/payments")
    fits(page)

    form = page.locator("#attendance-form")
    form.locator("input[name=person]").press_sequentially(name.split()[-1].lower(), delay=30)  # "binh": no accents typed
    wait_until(page, f"[...document.querySelectorAll('#attendance-form .picks button')].some(b => b.textContent.startsWith('{name}'))")
    form.locator(".picks button", has_text=name).click()
    assert form.locator("input[name=person]").input_value() == name
    form.locator("select[name=regime_code]").select_option(label=REGIME)
    form.locator("input[name=first_day]").fill(f"{month}-02")
    form.locator("input[name=last_day]").fill(f"{month}-11")
    with page.expect_navigation():
        form.locator("button.primary").click()
    table = page.inner_text("#attendance-table")
    assert name in table and REGIME in table and "Đội tuyển thành phố" in table and "chưa chi" in table
    fits(page)

    voucher = page.locator("#voucher-form")
    voucher.locator("input[name=title]").fill(f"Dinh dưỡng tập huấn tháng {month[5:]}/{month[:4]}")
    voucher.locator("input[name=period_from]").fill(f"{month}-01")
    voucher.locator("input[name=period_to]").fill(f"{month}-{last}")
    with page.expect_navigation():
        voucher.locator("button.primary").click()
    lines = page.inner_text("#voucher-lines")
    assert name in lines and REGIME in lines and "2.400.000 ₫" in lines.replace("\xa0", " ")
    assert leaks(visible_text(page.content())) == []
    fits(page)

    text = pdf_words(context, server, page.get_attribute("#voucher-pdf", "href"))
    assert "BẢNG THANH TOÁN CHẾ ĐỘ" in text and name in text and REGIME in text and "Đội tuyển thành phố" in text
    assert "Hai triệu bốn trăm nghìn đồng" in text and "6401 – Tiền ăn" in text
    assert "nutrition_camp" not in text and leaks(text) == []

    page.goto(f"{server.base}/athletes/payments")
    assert leaks(visible_text(page.content()), allow=RATE_NOTES) == []
    assert "đã chi" in page.inner_text("#attendance-table")
    context.close()
