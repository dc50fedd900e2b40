"""The home page and the header menu show each role the pages it may open, and no other."""

import re

import pytest
from arena_builders import ROLES

from base.accounts.models import Role
from base.pages import ANY_LOGIN, MENU, PUBLIC, menu_for

HOME_LINKS = re.compile(r'<ul class="links">(.*?)</ul>', re.S)
MENU_LINKS = re.compile(r'<details class="menu">(.*?)</details>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def _links(pattern: re.Pattern[str], html: str) -> list[str]:
    block = pattern.search(html)
    assert block, html[:500]
    return HREF.findall(block.group(1))


def _get_handler(app, url):
    for route in app.routes:
        if route.path == url:
            for handler in getattr(route, "route_handlers", []):
                if "GET" in handler.http_methods:
                    return handler
    raise AssertionError(f"no GET route {url}")


def test_every_menu_entry_matches_the_guard_of_its_route(arena):
    for entry in MENU:
        handler = _get_handler(arena.app, entry.url)
        handler.resolve_opts()
        guards = [g for g in handler.resolve_guards() if hasattr(g, "roles")]
        if entry.roles == PUBLIC:
            assert handler.opt.get("public") and not guards, entry.url
            continue
        assert guards, entry.url
        allowed = set(guards[0].roles)
        assert set(entry.roles) <= allowed, f"{entry.url}: menu shows it to {entry.roles}, the route allows {allowed}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_every_link_its_home_page_shows(arena, role):
    arena.login(role)
    home = arena.client.get("/")
    assert home.status_code == 200
    links = _links(HOME_LINKS, home.text)
    assert links == [entry.url for entry in menu_for(_user(arena, role))]
    assert _links(MENU_LINKS, home.text) == links  # the header menu is the same list
    for url in links:
        r = arena.client.get(url)
        assert r.status_code not in (401, 403, 404), (role, url, r.status_code)
        assert r.status_code < 400, (role, url, r.status_code, r.text[:300])
    # What is not shown is what the role may not open; /contracts opens to any login but is shown
    # only to those who sign (athlete, coach, manager).
    hidden = {entry.url for entry in MENU} - set(links) - {"/contracts"}
    for url in hidden:
        assert arena.client.get(url, follow_redirects=False).status_code in (302, 303, 401, 403), (role, url)


def _user(arena, role):
    class Caller:  # what menu_for asks of a user
        def has_role(self, *roles):
            return Role.ADMIN.value == role or any(r.value == role for r in roles)

    return Caller()


def test_admin_sees_every_page():
    class Admin:
        def has_role(self, *roles):
            return True

    assert menu_for(Admin()) == list(MENU)


def test_anonymous_sees_the_public_pages_only(arena):
    home = arena.client.get("/")
    links = _links(HOME_LINKS, home.text)
    assert links == ["/live", "/results", "/scoreboard", "/rankings", "/judge", "/contracts/verify", "/v"]
    assert _links(MENU_LINKS, home.text) == links
    for url in links:
        assert arena.client.get(url).status_code == 200, url
    assert "Đăng nhập để thấy các trang dành cho vai trò của bạn." in home.text


def test_the_header_menu_is_on_other_pages_too(arena):
    arena.login("coach")
    page = arena.client.get("/account")
    assert _links(MENU_LINKS, page.text) == [entry.url for entry in menu_for(_user(arena, "coach"))]
    assert "/tournaments/register" in page.text and 'href="/admin"' not in page.text


def test_every_menu_label_has_vietnamese():
    from pathlib import Path

    from assembly.app import PAGE_PACKAGES
    from base.i18n import Translations

    root = Path(__file__).resolve().parents[3]
    translations = Translations.load([root / d for d in PAGE_PACKAGES])
    assert translations.missing(entry.label for entry in MENU) == []


def test_menu_labels_are_vietnamese_on_the_home_page(arena):
    arena.login("admin")
    text = arena.client.get("/").text
    for vi in ("Giải đấu", "Đăng ký thi đấu", "Cân thể trọng", "Bảng xếp hạng", "Danh mục"):
        assert vi in text
    assert ANY_LOGIN == tuple(Role)
