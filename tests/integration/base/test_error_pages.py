"""Errors answer in Vietnamese with a request id; a 500 is logged with its traceback and that id."""

import logging
import re

from base.accounts.service import AccountService

RID = re.compile(r'<code class="request-id">([0-9a-f]{12})</code>')


def _boom(*_args, **_kwargs):
    raise RuntimeError("the disk caught fire")


def test_a_page_that_fails_shows_a_vietnamese_page_with_the_id_logged_with_its_traceback(arena, monkeypatch, caplog):
    arena.login("admin")
    monkeypatch.setattr(AccountService, "list_users", _boom)
    with caplog.at_level(logging.ERROR, logger="arena"):
        r = arena.client.get("/accounts")
    assert r.status_code == 500
    assert "Máy chủ gặp lỗi ngoài dự kiến" in r.text and "Mã yêu cầu" in r.text
    assert "the disk caught fire" not in r.text and "Traceback" not in r.text
    rid = RID.search(r.text).group(1)
    assert r.headers["x-request-id"] == rid
    logged = [rec for rec in caplog.records if rec.name == "arena" and rid in rec.getMessage()]
    assert len(logged) == 1 and "/accounts" in logged[0].getMessage()
    assert logged[0].exc_info and logged[0].exc_info[0] is RuntimeError
    assert "the disk caught fire" in caplog.text and "Traceback" in caplog.text


def test_an_api_that_fails_answers_json_with_the_id(arena, monkeypatch, caplog):
    monkeypatch.setattr(AccountService, "list_users", _boom)
    with caplog.at_level(logging.ERROR, logger="arena"):
        r = arena.get("/api/users", role="admin")
    assert r.status_code == 500
    body = r.json()
    assert body["code"] == "arena.server_error" and body["message"] == "Máy chủ gặp lỗi ngoài dự kiến"
    assert body["request_id"] == r.headers["x-request-id"]
    assert body["request_id"] in caplog.text and "the disk caught fire" in caplog.text


def test_each_request_gets_its_own_id(arena):
    first, second = arena.client.get("/no-such-page"), arena.client.get("/no-such-page")
    assert RID.search(first.text).group(1) != RID.search(second.text).group(1)


def test_an_unknown_page_is_a_vietnamese_page(arena):
    r = arena.client.get("/no-such-page")
    assert r.status_code == 404
    assert "Không tìm thấy trang hoặc mục được yêu cầu" in r.text and RID.search(r.text)
    assert r.headers["content-type"].startswith("text/html")


def test_an_unknown_api_answers_json_in_vietnamese(arena):
    r = arena.get("/api/no-such-thing", role="admin")
    assert r.status_code == 404
    body = r.json()
    assert body["code"] == "arena.http_404" and body["message"] == "Không tìm thấy trang hoặc mục được yêu cầu"
    assert body["request_id"]


def test_an_unknown_item_is_a_vietnamese_page_with_the_id(arena):
    arena.login("manager")
    r = arena.client.get("/athletes/people/987654")
    assert r.status_code == 404
    assert "Không tìm thấy" in r.text and RID.search(r.text)
    api = arena.get("/api/people/987654", role="manager")
    assert api.status_code == 404 and api.json()["request_id"] == api.headers["x-request-id"]


def test_a_malformed_query_value_is_explained_in_vietnamese_not_by_the_framework(arena):
    api = arena.get("/api/people/?page=abc", role="manager")
    assert api.status_code == 400
    body = api.json()
    assert body["message"] == "Yêu cầu không hợp lệ: có giá trị không đúng dạng" and body["request_id"]
    arena.login("manager")
    page = arena.client.get("/athletes/people?page=abc")
    assert page.status_code == 400
    assert "Yêu cầu không hợp lệ" in page.text and "Expected" not in page.text and RID.search(page.text)


def test_english_callers_get_english(arena):
    r = arena.client.get("/no-such-page", headers={"cookie": "lang=en"})
    assert "The page or item asked for was not found" in r.text and "Request id" in r.text
