"""Every route says who may call it, and the wrong caller is refused."""

import pytest
from arena_builders import PASSWORD, build_contest


def _routes(app):
    for route in app.routes:
        handlers = getattr(route, "route_handlers", None) or [route.route_handler]
        for handler in handlers:
            if getattr(handler, "http_methods", None) == {"OPTIONS"}:
                continue  # Litestar's own CORS preflight answer
            yield route.path, handler


def test_every_route_declares_who_may_call_it(arena):
    undeclared = []
    for path, handler in _routes(arena.app):
        guards = handler.resolve_guards()
        handler.resolve_opts()
        public = handler.opt.get("public")
        if not guards and not public and not path.startswith("/schema"):
            undeclared.append(path)
    assert undeclared == []


def test_openapi_describes_every_http_api_endpoint(arena):
    schema = arena.client.get("/schema/openapi.json").json()
    documented = set(schema["paths"])
    for path in ("/health", "/api/contests/{contest_id}/commands", "/api/contests/{contest_id}/verify", "/api/pair", "/api/me"):
        assert path in documented


@pytest.mark.parametrize(
    ("method", "url", "body", "allowed", "refused"),
    [
        ("post", "/api/competitions", {"name": "X"}, "manager", "referee"),
        ("post", "/api/events", {"competition_id": 1, "name": "E", "sport": "", "ruleset_id": "taekwondo-wt"}, "manager", "coach"),
        ("post", "/api/contests/{contest}/commands", {"command": "start_contest"}, "referee", "judge"),
        ("get", "/api/contests/{contest}/log", None, "referee", "athlete"),
        ("post", "/api/panels/{panel}/pairing-codes", {"seat": "J1"}, "referee", "coach"),
        ("get", "/api/users", None, "admin", "manager"),
        ("post", "/api/tokens", {"user_id": 1, "name": "x"}, "admin", "referee"),
        ("get", "/api/devices", None, "referee", "device"),
        ("put", "/api/fops/{fop}/current", {"contest_id": None}, "referee", "accountant"),
    ],
)
def test_wrong_role_is_refused_and_right_role_passes(arena, method, url, body, allowed, refused):
    setup = build_contest(arena)
    url = url.format(contest=setup.contest_id, panel=setup.panel_id, fop=setup.fop_id)
    call = getattr(arena.client, method)
    kwargs = {"json": body} if body is not None else {}
    assert call(url, headers=arena.as_role(refused), **kwargs).status_code == 403
    assert call(url, **kwargs).status_code in (401, 403)  # anonymous: no token, no session (CSRF refuses writes)
    assert call(url, headers=arena.as_role(allowed), **kwargs).status_code < 300


def test_anonymous_api_call_gets_401_with_a_message(arena):
    r = arena.client.get("/api/users")
    assert r.status_code == 401
    assert r.json()["message"] == "Cần đăng nhập"


def test_device_socket_refuses_a_non_device_token(arena):
    from litestar.exceptions import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect) as refused:
        with arena.client.websocket_connect("/ws/devices", headers=arena.as_role("judge")) as ws:
            ws.receive_json(timeout=5)
    assert refused.value.code == 4403


def test_revoked_token_no_longer_works(arena):
    token = arena.ok(arena.post("/api/tokens", {"user_id": 1, "name": "script"}))["token"]
    assert arena.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    r = arena.client.delete("/api/tokens/10", headers=arena.as_role("admin"))  # 9 seeded tokens, then this one
    assert r.status_code == 204
    assert arena.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_page_form_without_csrf_token_is_refused(arena):
    arena.login("manager")
    r = arena.client.post("/admin/competition", data={"name": "Giải không có CSRF"})
    assert r.status_code == 403


def test_login_with_wrong_password_says_so_in_vietnamese(arena):
    arena.client.get("/login")
    r = arena.client.post("/login", data={"username": "manager", "password": "sai", "_csrf_token": arena.client.cookies["csrftoken"]})
    assert r.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in r.text


def test_session_login_opens_the_back_office_and_english_switch_works(arena):
    arena.login("manager", PASSWORD)
    page = arena.client.get("/admin")
    assert page.status_code == 200 and "Tạo giải đấu mới" in page.text
    arena.client.get("/lang/en")
    assert "New competition" in arena.client.get("/admin").text


def test_back_office_form_with_bad_input_shows_a_vietnamese_error_and_creates_nothing(arena):
    arena.login("manager", PASSWORD)
    csrf = arena.client.cookies["csrftoken"]
    r = arena.client.post(
        "/admin/competition", data={"name": "Giải A", "starts_on": "2026-12-10", "ends_on": "2026-12-01", "_csrf_token": csrf}
    )
    assert r.status_code == 400
    assert "Dữ liệu không hợp lệ" in r.text
    assert arena.ok(arena.get("/api/competitions", role="manager")) == []


def test_back_office_page_redirects_anonymous_users_to_login(arena):
    r = arena.client.get("/admin", follow_redirects=False)
    assert r.status_code in (302, 303, 307)
    assert r.headers["location"].startswith("/login")


def _guard_roles(handler):
    for guard in handler.resolve_guards():
        roles = getattr(getattr(guard, "func", guard), "roles", None)
        if roles is not None:
            return {r.value for r in roles}
    return None


def test_every_guarded_http_route_refuses_a_role_it_does_not_name(arena):
    """Walk every HTTP route with a role guard and call it as a role outside that guard."""
    from base.accounts.models import Role

    checked, wrong = 0, []
    for path, handler in _routes(arena.app):
        roles = _guard_roles(handler)
        if roles is None or not hasattr(handler, "http_methods") or path.startswith("/schema"):
            continue
        outsiders = [r.value for r in Role if r.value not in roles and r is not Role.ADMIN]
        if not outsiders:
            continue
        url = path
        for part in path.split("/"):
            if part.startswith("{"):
                url = url.replace(part, "1" if ":int" in part else "x", 1)
        for method in sorted(handler.http_methods):
            response = arena.client.request(method, url, headers=arena.as_role(outsiders[0]))
            checked += 1
            if response.status_code != 403:
                wrong.append(f"{method} {path} as {outsiders[0]}: {response.status_code}")
    assert wrong == []
    assert checked > 60
