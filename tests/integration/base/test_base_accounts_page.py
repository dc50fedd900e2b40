"""The accounts page names each account's roles in words, Vietnamese by default, never the codes."""

from __future__ import annotations

from leaks import leaks, visible_text


def test_the_accounts_page_names_roles_in_vietnamese_and_english_with_the_switch(arena):
    page = arena.get("/accounts")
    assert page.status_code == 200
    # the seeded accounts are named after their role: the username is data, the role column is not
    assert "<td>equipment_keeper</td><td>Người dùng equipment_keeper</td><td>Thủ kho</td>" in page.text
    text = visible_text(page.text)
    assert leaks(text, allow=("equipment_keeper",)) == []
    for label in ("Quản trị hệ thống", "Ban điều hành giải", "Trọng tài chính / Ban kháng nghị", "Thủ kho", "Kế toán", "Cầu nối bàn phím"):
        assert label in text
    arena.client.cookies.set("lang", "en")
    assert "Equipment keeper" in visible_text(arena.get("/accounts").text)


def test_only_the_admin_opens_the_accounts_page(arena):
    assert arena.get("/accounts", role="manager").status_code == 403
