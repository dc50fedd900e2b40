"""How errors become answers: JSON for APIs, a page in the user's language for pages.

Every error answer carries a request id (``request_id`` in the JSON, shown on the page, and the
``X-Request-ID`` header), made once per request; a 500 is logged on the ``arena`` logger with its
traceback and that id, so a person reading the id off a screen finds the details in the log.
Framework errors (an unknown page, a malformed query value, a method not allowed) are answered in
Vietnamese like the domain's own; their raw text stays in ``detail`` for whoever debugs.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.response import Redirect, Template

from base.errors import ArenaError, NotFound
from base.i18n import CURRENT_LANGUAGE, pick_language

log = logging.getLogger("arena")

REQUEST_ID_HEADER = "X-Request-ID"

# status -> (Vietnamese, English): what a framework error means to the person who met it
HTTP_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Yêu cầu không hợp lệ: có giá trị không đúng dạng", "Invalid request: a value has the wrong form"),
    404: ("Không tìm thấy trang hoặc mục được yêu cầu", "The page or item asked for was not found"),
    405: ("Thao tác này không dùng được ở địa chỉ này", "This action is not available at this address"),
    413: ("Dữ liệu gửi lên quá lớn", "The data sent is too large"),
    429: ("Quá nhiều yêu cầu, hãy thử lại sau ít phút", "Too many requests, try again in a few minutes"),
}
SERVER_ERROR = ("Máy chủ gặp lỗi ngoài dự kiến", "The server met an unexpected error")
OTHER_ERROR = ("Không thực hiện được yêu cầu", "The request could not be carried out")


def request_id(request: Request[Any, Any, Any]) -> str:
    """This request's id, made on first use and kept in the request's state."""
    rid = getattr(request.state, "request_id", None)
    if not isinstance(rid, str):
        rid = uuid.uuid4().hex[:12]
        request.state.request_id = rid
    return rid


def _language() -> str:
    return CURRENT_LANGUAGE.get()


def _caller_language(request: Request[Any, Any, Any]) -> str:
    """The caller's language, also for a request no route took (the language hook did not run)."""
    lang = pick_language(request.cookies.get("lang"))
    CURRENT_LANGUAGE.set(lang)  # the error page is rendered in it
    return lang


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return path.startswith("/api") or path.startswith("/health") or "application/json" in request.headers.get("accept", "")


def _answer(request: Request[Any, Any, Any], body: dict[str, Any], status: int) -> Response[Any]:
    """The error as JSON (under /api) or as the error page, with the request id in both."""
    rid = request_id(request)
    headers = {REQUEST_ID_HEADER: rid}
    if _wants_json(request):
        return Response({**body, "request_id": rid}, status_code=status, headers=headers)
    context = {"message": body["message"], "code": body["code"], "request_id": rid}
    return Template("base/error.html", context=context, status_code=status, headers=headers)


def arena_error_handler(request: Request[Any, Any, Any], exc: ArenaError) -> Response[Any]:
    return _answer(request, exc.as_dict(_language()), exc.status)


def auth_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if not _wants_json(request) and isinstance(exc, NotAuthorizedException) and request.method == "GET":
        return Redirect(f"/login?next={request.url.path}")
    lang = _language()
    if isinstance(exc, NotAuthorizedException):
        message = "Cần đăng nhập" if lang == "vi" else "Login required"
    elif isinstance(exc, PermissionDeniedException):
        message = "Bạn không có quyền thực hiện thao tác này" if lang == "vi" else "You are not allowed to do this"
    else:
        message = str(exc.detail)
    return _answer(request, {"code": "arena.auth", "message": message, "detail": str(exc.detail)}, exc.status_code)


def _log_server_error(request: Request[Any, Any, Any], exc: BaseException) -> None:
    log.error(
        "server error %s %s [request_id=%s]",
        request.method,
        request.url.path,
        request_id(request),
        exc_info=(type(exc), exc, exc.__traceback__),
    )


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Litestar's own errors (unknown route, validation of a query value, ...), in the caller's language."""
    if exc.status_code >= 500:
        return server_error_handler(request, exc)
    if exc.status_code in (401, 403):
        return auth_error_handler(request, exc)
    lang = _caller_language(request)
    vi, en = HTTP_MESSAGES.get(exc.status_code, OTHER_ERROR)
    body: dict[str, Any] = {"code": f"arena.http_{exc.status_code}", "message": vi if lang == "vi" else en, "detail": str(exc.detail)}
    extra = getattr(exc, "extra", None)
    if extra:
        body["extra"] = extra
    response = _answer(request, body, exc.status_code)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def id_beyond_any_row(exc: BaseException) -> bool:
    """The database refused an integer too large for its column: an id (from a path, a query or a
    body) that no row can have, which a handler passed on without ``base.rows``. SQLite's driver
    raises OverflowError; asyncpg raises DataError "... out of int32/int64 range" (wrapped)."""
    seen: BaseException | None = exc
    while seen is not None:
        text = str(seen)
        if isinstance(seen, OverflowError) and "int" in text:
            return True
        if type(seen).__name__ == "DataError" and "out of int" in text and "range" in text:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def server_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Anything unexpected: logged with its traceback and the request id; the caller sees only the id.
    An id no row can have that reached the database is "not found", the same as any unknown id."""
    if id_beyond_any_row(exc):
        return arena_error_handler(request, NotFound("bản ghi", detail="an id beyond any row"))
    _log_server_error(request, exc)
    lang = _caller_language(request)
    vi, en = SERVER_ERROR
    return _answer(request, {"code": "arena.server_error", "message": vi if lang == "vi" else en, "detail": ""}, 500)
