"""The English switch on the tournament pages: with the ``lang=en`` cookie every page (manager's,
coach's, weigh-in, public bracket, schedule, deck) speaks English and no Vietnamese text of the
interface is left; without the cookie the same pages read exactly as before, in Vietnamese."""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.pofile import read_po
from leaks import leaks, visible_text
from test_pages import drawn  # noqa: F401 - the fixture: six athletes drawn, the order planned
from tournament_builders import NAMES, TEAMS

ROOT = Path(__file__).resolve().parents[3]


def vietnamese_texts(*domains: str) -> list[str]:
    """Every Vietnamese text the domains' catalogues give (two words or more, placeholders cut)."""
    found = set()
    for domain in domains:
        with (ROOT / domain / "locale/vi/LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
            for message in read_po(fh):
                for piece in str(message.string or "").split("%("):
                    piece = piece.split(")s", 1)[-1].strip(" .:—-()")
                    if " " in piece and piece != message.id:
                        found.add(piece)
    return sorted(found, key=len, reverse=True)


def left_in_vietnamese(text: str, data: tuple[str, ...], domains: tuple[str, ...] = ("tournaments",)) -> list[str]:
    for typed in data:  # names someone typed in stay as they were typed
        text = text.replace(typed, " ")
    return [vi for vi in vietnamese_texts(*domains) if vi in text]


DATA = (*NAMES, *TEAMS, "Giải Taekwondo Thành phố", "Nhà thi đấu Phú Thọ", "Taekwondo đối kháng", "Nam 58 kg - Tuyển", "Thảm 1", "Thảm 2")


def pages(t) -> dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
    """url -> (role, English texts, the same texts in Vietnamese)."""
    return {
        "/tournaments": ("manager", ("Competitions, events and categories", "drawn", "Single elimination with repechage", "Add one category"),
                         ("Giải đấu, nội dung và hạng mục", "đã bốc thăm", "Loại trực tiếp có đấu vớt", "Thêm một hạng mục")),
        f"/tournaments/categories/{t.category_id}": ("manager", ("List of athletes", "approved", "Proof of the draw", "Round 1", "Repechage"),
                                                     ("Danh sách vận động viên", "đã duyệt", "Bằng chứng bốc thăm", "Vòng 1", "Đấu vớt")),
        "/tournaments/register": ("manager", ("Entries", "All entries", "approved"), ("Đăng ký thi đấu", "Các đăng ký", "đã duyệt")),
        f"/tournaments/weigh-in?category={t.category_id}": ("referee", ("Weighing", "Record the weight", "made weight"),
                                                            ("Cân ký", "Ghi cân", "đạt")),
        f"/tournaments/order/{t.competition_id}": ("manager", ("Order of competition", "Plan the schedule", "Change the order"),
                                                   ("Thứ tự thi đấu", "Xếp lịch", "Đổi thứ tự")),
        f"/tournaments/officials/{t.competition_id}": ("manager", ("Assign someone else", "Find a person by name"),
                                                       ("Phân công thêm", "Tìm người theo tên")),
        f"/brackets/{t.category_id}": (None, ("Check the draw", "Commitment (SHA-256 of the secret key)"),
                                       ("Kiểm tra bốc thăm", "Mã cam kết (SHA-256 của khóa bí mật)")),
        f"/schedule/{t.competition_id}": (None, ("Schedule", "Brackets of the categories", "Red — Blue"),
                                          ("Lịch thi đấu", "Sơ đồ các hạng", "Đỏ — Xanh")),
        f"/deck/{t.fops[0]}": (None, ("On the mat", "Updates itself every 10 seconds."), ("Đang thi đấu", "Tự cập nhật mỗi 10 giây.")),
    }  # fmt: skip


def check_both_languages(arena, pages, domains: tuple[str, ...]) -> None:
    """Each page with the English switch (its English texts, none of the domains' Vietnamese), then
    without the cookie, in Vietnamese (its Vietnamese texts, no leak)."""
    for lang in ("en", "vi"):
        if lang == "en":
            arena.client.cookies.set("lang", "en")
        else:
            arena.client.cookies.delete("lang")
        for url, (role, english, vietnamese) in pages.items():
            response = arena.get(url, role=role)
            assert response.status_code == 200, (url, response.text[:300])
            assert f'<html lang="{lang}">' in response.text
            text = visible_text(response.text)
            if lang == "en":
                assert [e for e in english if e not in text] == [], url
                assert left_in_vietnamese(text, DATA, domains) == [], url
            else:
                assert [v for v in vietnamese if v not in text] == [], url
                assert leaks(text, allow=("Taekwondo",)) == [], url


def test_every_tournament_page_speaks_english_with_the_switch_and_vietnamese_without(arena, drawn):  # noqa: F811
    check_both_languages(arena, pages(drawn), ("tournaments",))


def script_texts(page_html: str) -> dict[str, str]:
    """What the page hands its script (t.js reads every <script class="t-texts"> into T)."""
    found: dict[str, str] = {}
    for blob in re.findall(r'<script class="t-texts" type="application/json">(.*?)</script>', page_html, flags=re.S):
        found.update(json.loads(blob))
    return found


def test_a_page_script_gets_its_messages_in_the_reader_language(arena, drawn):  # noqa: F811
    url = f"/tournaments/categories/{drawn.category_id}"
    vietnamese = script_texts(arena.get(url, role="manager").text)
    assert vietnamese["closed"] == "Đã chốt danh sách" and vietnamese["programSaved"] == "Đã lưu danh sách bài của {name}"
    arena.client.cookies.set("lang", "en")
    english = script_texts(arena.get(url, role="manager").text)
    assert english["closed"] == "Entry list closed" and english["allPassed"].startswith("✓ Every check passed")
    assert set(english) == set(vietnamese)
