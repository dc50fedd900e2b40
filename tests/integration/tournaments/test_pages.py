"""The tournament pages answer their roles (and refuse the others), show names and Vietnamese
statuses, never a raw id or an English status, through a whole flow: register, draw, plan."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from tournament_builders import add_sessions, draw, register_all, setup_tournament

ENGLISH = re.compile(
    r"\b(open|closed|drawn|finished|cancelled|pending|approved|refused|withdrawn|waiting|ready|running|done|bye|single|repechage|None)\b"
)


class _Text(HTMLParser):
    """The visible text of a page (no tags, attributes, scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def page(arena, url: str, role: str | None) -> str:
    response = arena.get(url, role=role)
    assert response.status_code == 200, (url, role, response.text[:500])
    text = visible(response.text)
    assert not ENGLISH.findall(text), (url, ENGLISH.findall(text))
    return text


@pytest.fixture
def drawn(arena):
    t = setup_tournament(arena, n=6)
    register_all(arena, t)
    draw(arena, t)
    add_sessions(arena, t)
    arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    return t


def test_every_page_answers_its_role_in_vietnamese_without_ids(arena, drawn):
    t = drawn
    index = page(arena, "/tournaments", "manager")
    assert "Nam 58 kg - Tuyển" in index and "đã bốc thăm" in index and "Loại trực tiếp có đấu vớt" in index
    category = page(arena, f"/tournaments/categories/{t.category_id}", "manager")
    assert "Nguyễn Văn An" in category and "đã duyệt" in category and "Bằng chứng bốc thăm" in category
    assert "Vòng 1" in category
    assert "Nguyễn Văn An" in page(arena, "/tournaments/register", "manager")
    page(arena, "/tournaments/register", "coach")
    page(arena, "/tournaments/weigh-in", "referee")
    weigh = page(arena, f"/tournaments/weigh-in?category={t.category_id}", "referee")
    assert "Ghi cân" in weigh and "Nguyễn Văn An" in weigh
    order = page(arena, f"/tournaments/order/{t.competition_id}", "manager")
    assert "Thảm 1" in order and "Xếp lịch" in order and "Cả ngày" in order
    public = page(arena, f"/brackets/{t.category_id}", None)
    assert "Kiểm tra bốc thăm" in public and "Mã cam kết" in public and "Trưởng đoàn Quận 1: 4711" in public
    schedule = page(arena, f"/schedule/{t.competition_id}", None)
    assert "Thảm 1" in schedule and "Nam 58 kg - Tuyển" in schedule
    deck = page(arena, f"/deck/{t.fops[0]}", None)
    assert "Đang thi đấu" in deck


def test_the_pages_refuse_roles_that_may_not_see_them(arena, drawn):
    t = drawn
    refused = {
        "/tournaments": ("coach", "referee", "judge"),
        f"/tournaments/categories/{t.category_id}": ("coach", "referee"),
        "/tournaments/register": ("referee", "athlete"),
        "/tournaments/register/athletes?q=an": ("referee", "athlete"),
        "/tournaments/weigh-in": ("coach", "athlete"),
        f"/tournaments/order/{t.competition_id}": ("coach", "referee"),
    }
    for url, roles in refused.items():
        for role in roles:
            assert arena.get(url, role=role).status_code == 403, (url, role)
        anonymous = arena.get(url, role=None, follow_redirects=False)
        assert anonymous.status_code in (302, 303, 401), (url, anonymous.status_code)


def test_a_coach_finds_only_the_team_athletes_to_register(arena):
    t = setup_tournament(arena, n=4)  # four athletes, one in each team
    team_id = arena.ok(arena.get(f"/api/people/{t.athletes[0]}", role="manager"))["team_id"]
    coach = arena.ok(arena.post("/api/people", {"full_name": "Võ Thanh Tùng", "kind": "coach", "team_id": team_id}, role="manager"))
    user_id = next(u["id"] for u in arena.ok(arena.get("/api/users")) if u["username"] == "coach")
    arena.ok(arena.client.put(f"/api/users/{user_id}/person", json={"person_id": coach["id"]}, headers=arena.as_role("admin")))
    found = arena.ok(arena.get("/tournaments/register/athletes?q=", role="coach"))
    assert [a["name"] for a in found] == ["Nguyễn Văn An"]
    assert len(arena.ok(arena.get("/tournaments/register/athletes?q=", role="manager"))) == 4
    arena.ok(arena.post(f"/api/tournaments/categories/{t.category_id}/entries", {"athlete_id": t.athletes[0]}, role="coach"))
    mine = page(arena, "/tournaments/register", "coach")
    assert "Nguyễn Văn An" in mine and "chờ duyệt" in mine
