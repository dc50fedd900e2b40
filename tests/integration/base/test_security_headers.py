"""Every answer carries the security headers (CSP, nosniff, same-origin referrer, no framing); the
pages still load under them; bearer tokens are taken from the Authorization header only."""

from __future__ import annotations

import logging

from base.security import CONTENT_SECURITY_POLICY, RedactSecrets, with_socket_origin


def _assert_headers(response, policy: str = CONTENT_SECURITY_POLICY) -> None:
    expected = with_socket_origin(policy, "testserver.local")
    assert "connect-src 'self' ws://testserver.local wss://testserver.local;" in expected
    assert response.headers["content-security-policy"] == expected
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in response.headers  # only with ARENA_SECURE_COOKIES


def test_pages_and_api_answers_carry_the_security_headers(arena):
    for url in ("/", "/login", "/live", "/scoreboard", "/health", "/static/base/arena.css"):
        r = arena.client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        _assert_headers(r)
    judge = arena.client.get("/judge")  # its labels are a JSON data block: the strict policy holds
    assert judge.status_code == 200
    _assert_headers(judge)
    arena.login("admin")
    for url in ("/account", "/accounts", "/admin", "/athletes", "/api/me"):
        r = arena.client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        _assert_headers(r)
    _assert_headers(arena.client.get("/referee"))
    refused = arena.get("/api/users", role="manager")  # refusals and errors too
    assert refused.status_code == 403
    _assert_headers(refused)


def test_a_token_in_the_query_string_is_not_accepted(arena):
    token = arena.tokens["admin"]
    assert arena.client.get(f"/api/me?token={token}").status_code == 401
    assert arena.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_the_access_log_blanks_secrets_in_query_strings():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "GET", "/ws/judge?seat_token=abc&x=1", "1.1", 101),
        None,
    )
    RedactSecrets().filter(record)
    assert record.getMessage() == '1.2.3.4:5 - "GET /ws/judge?seat_token=***&x=1 HTTP/1.1" 101'


def test_behind_tls_every_cookie_is_secure_and_hsts_is_sent(settings):
    from dataclasses import replace

    from arena_builders import PASSWORD, seed_accounts
    from litestar.testing import TestClient

    from assembly.app import create_app
    from assembly.migrate import upgrade

    settings = replace(settings, secure_cookies=True)
    upgrade(settings)
    app = create_app(settings, run_migrations=False)
    with TestClient(app=app, base_url="https://testserver.local") as client:
        seed_accounts(app, client.blocking_portal.call)
        page = client.get("/login")
        assert page.headers["strict-transport-security"] == "max-age=31536000"
        data = {"username": "manager", "password": PASSWORD, "_csrf_token": client.cookies["csrftoken"]}
        login = client.post("/login", data=data, follow_redirects=False)
        assert login.status_code == 303
        lang = client.get("/lang/en", follow_redirects=False)
        cookies = [*page.headers.get_list("set-cookie"), *login.headers.get_list("set-cookie"), *lang.headers.get_list("set-cookie")]
        names = {c.split("=", 1)[0] for c in cookies}
        assert {"csrftoken", "arena_session", "lang"} <= names
        assert all("secure" in c.lower() for c in cookies), cookies


def test_the_websocket_origin_is_named_only_for_a_plain_host():
    assert "ws://192.168.1.10:8000 wss://192.168.1.10:8000" in with_socket_origin(CONTENT_SECURITY_POLICY, "192.168.1.10:8000")
    assert "ws://[::1]:8000" in with_socket_origin(CONTENT_SECURITY_POLICY, "[::1]:8000")
    for bad in ("evil.example; script-src *", "a b", ""):
        assert with_socket_origin(CONTENT_SECURITY_POLICY, bad) == CONTENT_SECURITY_POLICY
