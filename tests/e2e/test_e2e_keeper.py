"""The equipment keeper's counter, only through pages in Chromium at 390 px and 1024 px: log in,
take the item by its label (the code typed off the sticker, or the QR link a hand scanner types,
then Enter), pick the borrower by name, lend, and take it back; the handover record says the
conditions in Vietnamese. No id is typed; the pages never scroll sideways."""

from __future__ import annotations

import shutil

import pytest
from arena_builders import Arena, ServerProcess, wait_until
from leaks import leaks, visible_text
from test_e2e_accountant import fits, log_in, pdf_words

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server with three labelled items (EQ-000001..3) and two people, set up with no page."""
    import httpx

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    server = ServerProcess(tmp_path_factory.mktemp("keeper") / "var").start()
    try:
        server.user("admin", "admin")
        server.user("thukho", "equipment_keeper", "Huỳnh Văn Bảo")
        with httpx.Client(base_url=server.base, timeout=10) as client:
            arena = Arena(client=client, app=None, tokens={"admin": server.token("admin")})
            arena.ok(arena.post("/api/equipment/items", {"name": "Giáp điện tử Taekwondo", "category": "Giáp", "count": 3}))
            team = arena.ok(arena.post("/api/teams/", {"name": "Đội tuyển Taekwondo Thành phố", "level": "city"}))
            for name in ("Phạm Minh Đức", "Võ Thị Hạnh"):
                arena.ok(arena.post("/api/people/", {"full_name": name, "birth_date": "2003-03-03", "team_id": team["id"]}))
        yield server
    finally:
        server.stop()


# 390 px: the code typed off the sticker; 1024 px: a hand scanner types the QR code's link.
CASES = {390: ("eq-000002", "EQ-000002", "Phạm Minh Đức", "duc"), 1024: ("{base}/athletes/equipment/3", "EQ-000003", "Võ Thị Hạnh", "hanh")}


@pytest.mark.parametrize("width", [390, 1024])
def test_the_keeper_lends_an_item_by_its_label_to_a_person_picked_by_name_and_takes_it_back(browser, server, width):
    typed, code, name, search = CASES[width]
    context, page = log_in(browser, server, "thukho", width)
    page.goto(f"{server.base}/athletes/equipment")
    fits(page)

    form = page.locator("#lend-form")
    label = form.locator("input[name=item]")
    label.press_sequentially(typed.format(base=server.base), delay=5)
    label.press("Enter")  # what a scanner sends last: the form is not sent, the borrower field is next
    wait_until(page, "document.querySelector('#lend-form .scan-found').textContent.includes('Giáp điện tử Taekwondo')")
    assert label.input_value() == code and page.url.endswith("/athletes/equipment")
    assert page.evaluate("document.activeElement.name") == "person"
    page.keyboard.type(search, delay=30)
    wait_until(page, f"[...document.querySelectorAll('#lend-form .picks button')].some(b => b.textContent.startsWith('{name}'))")
    form.locator(".picks button", has_text=name).click()
    form.locator("input[name=due_on]").fill("2099-12-31")
    with page.expect_navigation():
        form.locator("button.primary").click()
    assert "Đã cho mượn" in page.inner_text("#done") and f"{code} · Giáp điện tử Taekwondo" in page.inner_text("h1")
    assert name in page.inner_text("#return-form") and leaks(visible_text(page.content())) == []
    fits(page)
    lent = pdf_words(context, server, page.get_attribute("#handover", "href"))
    assert "BIÊN BẢN BÀN GIAO DỤNG CỤ" in lent and f"Mã dụng cụ {code}" in lent and "Tình trạng khi giao Tốt" in lent
    assert f"Bên nhận {name}" in lent and "good" not in lent and leaks(lent) == []

    page.locator("#return-form select[name=condition]").select_option(label="Đã cũ")
    with page.expect_navigation():
        page.click("#return-form button")
    assert "Đã nhận lại" in page.inner_text("#done") and "Đã cũ" in page.inner_text("#item-loans")
    assert page.locator("#lend-form").count() == 1  # back in stock: the item's page lends it again
    fits(page)
    back = pdf_words(context, server, page.get_attribute("#handover", "href"))
    assert "Tình trạng khi giao Tốt" in back and "Tình trạng khi trả Đã cũ" in back and "worn" not in back and leaks(back) == []

    page.goto(f"{server.base}/athletes/equipment")
    assert leaks(visible_text(page.content())) == [] and code in page.inner_text("#items")
    fits(page)
    context.close()
