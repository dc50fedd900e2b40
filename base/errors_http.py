"""How errors become answers: JSON for APIs, a page in the user's language for pages."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.response import Redirect, Template

from base.errors import ArenaError
from base.i18n import CURRENT_LANGUAGE


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return path.startswith("/api") or path.startswith("/health") or "application/json" in request.headers.get("accept", "")


def arena_error_handler(request: Request[Any, Any, Any], exc: ArenaError) -> Response[Any]:
    lang = CURRENT_LANGUAGE.get()
    if _wants_json(request):
        return Response(exc.as_dict(lang), status_code=exc.status)
    return Template("base/error.html", context={"message": exc.message(lang), "code": exc.code}, status_code=exc.status)


def auth_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if not _wants_json(request) and isinstance(exc, NotAuthorizedException) and request.method == "GET":
        return Redirect(f"/login?next={request.url.path}")
    lang = CURRENT_LANGUAGE.get()
    if isinstance(exc, NotAuthorizedException):
        message = "Cần đăng nhập" if lang == "vi" else "Login required"
    elif isinstance(exc, PermissionDeniedException):
        message = "Bạn không có quyền thực hiện thao tác này" if lang == "vi" else "You are not allowed to do this"
    else:
        message = str(exc.detail)
    if _wants_json(request):
        return Response({"code": "arena.auth", "message": message, "detail": str(exc.detail)}, status_code=exc.status_code)
    return Template("base/error.html", context={"message": message, "code": "arena.auth"}, status_code=exc.status_code)
