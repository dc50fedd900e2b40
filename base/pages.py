"""The base pages: login, logout, language switch, and the home page that lists every page."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from base.accounts.service import AccountService
from base.auth import SESSION_USER_KEY, current_user
from base.errors import BadLogin
from base.i18n import CURRENT_LANGUAGE, LANGUAGES


class LoginForm(msgspec.Struct):
    username: str = ""
    password: str = ""
    next: str = "/"


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@get("/", opt={"public": True}, include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Template:
    return Template("base/home.html", context={"user": current_user(request)})


@get("/login", opt={"public": True}, include_in_schema=False)
async def login_page(next: FromQuery[str] = "/") -> Template:
    return Template("base/login.html", context={"next": _safe_next(next), "error": None})


@post("/login", opt={"public": True}, include_in_schema=False)
async def login(
    request: Request[Any, Any, Any],
    data: Annotated[LoginForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    accounts: NamedDependency[AccountService],
) -> Template | Redirect:
    try:
        user = await accounts.authenticate(data.username, data.password)
    except BadLogin as exc:
        return Template(
            "base/login.html",
            context={"next": _safe_next(data.next), "error": exc.message(CURRENT_LANGUAGE.get()), "username": data.username},
            status_code=401,
        )
    request.set_session({SESSION_USER_KEY: user.id})
    return Redirect(_safe_next(data.next), status_code=303)


@post("/logout", opt={"public": True}, include_in_schema=False)
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    request.clear_session()
    return Redirect("/", status_code=303)


@get("/lang/{code:str}", opt={"public": True}, include_in_schema=False)
async def switch_language(code: FromPath[str], request: Request[Any, Any, Any]) -> Redirect:
    target = _safe_next(request.headers.get("referer", "/").split(str(request.base_url).rstrip("/"), 1)[-1] or "/")
    response = Redirect(target, status_code=303)
    if code in LANGUAGES:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="lax")
    return response


arena_pages = Router(path="/", route_handlers=[home, login_page, login, logout, switch_language], include_in_schema=False)
