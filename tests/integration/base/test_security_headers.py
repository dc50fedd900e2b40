"""Every answer carries the security headers (CSP, nosniff, same-origin referrer, no framing); the
pages still load under them; bearer tokens are taken from the Authorization header only."""

from __future__ import annotations

import logging

from base.security import CONTENT_SECURITY_POLICY, INLINE_DATA_PAGES_POLICY, RedactSecrets


def _assert_headers(response, policy: str = CONTENT_SECURITY_POLICY) -> None:
    assert response.headers["content-security-policy"] == policy
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
    judge = arena.client.get("/judge")  # its labels are an inline script until they move to a JSON block
    assert judge.status_code == 200
    _assert_headers(judge, INLINE_DATA_PAGES_POLICY)
    arena.login("admin")
    for url in ("/account", "/accounts", "/admin", "/athletes", "/api/me"):
        r = arena.client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        _assert_headers(r)
    _assert_headers(arena.client.get("/referee"), INLINE_DATA_PAGES_POLICY)
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
