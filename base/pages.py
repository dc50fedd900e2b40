"""The base pages: login, logout, one's account (password, log out everywhere), the administrator's
list of accounts, language switch, and the home page that lists the pages the caller may open.

``MENU`` is the one table of the pages a person reaches from the home page and the header menu:
each entry's label (an English msgid, Vietnamese in ``base/locale``), its URL and who may open it.
The roles mirror the route's guard (a test logs in as every role and opens every link it is shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from base.accounts.models import Role, User
from base.accounts.service import AccountService, name_key
from base.accounts.throttle import Policy
from base.auth import current_user, requires_login, requires_role, start_session
from base.clock import Clock
from base.db import row_id
from base.errors import ArenaError
from base.i18n import CURRENT_LANGUAGE, LANGUAGES
from base.settings import Settings


class LoginForm(msgspec.Struct):
    username: str = ""
    password: str = ""
    next: str = "/"


class PasswordForm(msgspec.Struct):
    current: str = ""
    new: str = ""
    repeat: str = ""


class ResetForm(msgspec.Struct):
    password: str = ""


Form = Body(media_type=RequestEncodingType.URL_ENCODED)


PUBLIC: tuple[Role, ...] = ()  # anyone, logged in or not
ANY_LOGIN: tuple[Role, ...] = tuple(Role)  # any logged-in account


@dataclass(frozen=True)
class MenuEntry:
    label: str  # English msgid; the templates translate it
    url: str
    roles: tuple[Role, ...]  # PUBLIC, ANY_LOGIN or the roles of the route's guard (admin holds all)

    def open_to(self, user: User | None) -> bool:
        if not self.roles:
            return True
        return user is not None and user.has_role(*self.roles)


MENU: tuple[MenuEntry, ...] = (
    MenuEntry("Live results", "/live", PUBLIC),  # brackets and the order of competition are reached from here
    MenuEntry("Results and medal table", "/results", PUBLIC),
    MenuEntry("Scoreboards", "/scoreboard", PUBLIC),
    MenuEntry("Rankings", "/rankings", PUBLIC),
    MenuEntry("Judge tablet", "/judge", PUBLIC),  # judges never log in: a tablet pairs with a code
    MenuEntry("Verify a signed document", "/contracts/verify", PUBLIC),
    MenuEntry("Check a document issued by Arena", "/v", PUBLIC),  # the page a printed code's QR opens
    MenuEntry("Tournaments", "/tournaments", (Role.MANAGER,)),
    MenuEntry("Tournament registration", "/tournaments/register", (Role.COACH, Role.MANAGER)),
    MenuEntry("Weigh-in", "/tournaments/weigh-in", (Role.MANAGER, Role.REFEREE)),
    MenuEntry("Head referee console", "/referee", (Role.REFEREE, Role.MANAGER)),
    MenuEntry("Appeals", "/appeals", (Role.COACH, Role.REFEREE)),  # the page's guard: coach, referee
    MenuEntry("Athletes, coaches, allowances and equipment", "/athletes", (Role.MANAGER, Role.ACCOUNTANT, Role.EQUIPMENT_KEEPER)),
    MenuEntry("Contracts", "/contracts", (Role.ATHLETE, Role.COACH, Role.MANAGER)),  # open to any login; these sign
    MenuEntry("Back office: competitions, events, contests, panels", "/admin", (Role.MANAGER,)),
    MenuEntry("Accounts", "/accounts", (Role.ADMIN,)),
    MenuEntry("My account", "/account", ANY_LOGIN),
)


def menu_for(user: User | None) -> list[MenuEntry]:
    """The entries of ``MENU`` that ``user`` (None: nobody logged in) may open, in the table's order."""
    return [entry for entry in MENU if entry.open_to(user)]


def request_menu(request: Request[Any, Any, Any] | None) -> list[MenuEntry]:
    """``menu_for`` the caller of ``request`` (the layout's header menu calls it)."""
    return menu_for(current_user(request) if request is not None else None)


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


def client_address(request: Request[Any, Any, Any]) -> str:
    """The caller's address (uvicorn puts the proxy's X-Forwarded-For here when it trusts the proxy)."""
    return request.client.host if request.client else ""


@get("/", opt={"public": True}, include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Template:
    user = current_user(request)
    return Template("base/home.html", context={"user": user, "menu": menu_for(user)})


@get("/login", opt={"public": True}, include_in_schema=False)
async def login_page(next: FromQuery[str] = "/") -> Template:
    return Template("base/login.html", context={"next": _safe_next(next), "error": None})


@post("/login", opt={"public": True}, include_in_schema=False)
async def login(
    request: Request[Any, Any, Any],
    data: Annotated[LoginForm, Form],
    accounts: NamedDependency[AccountService],
    settings: NamedDependency[Settings],
    clock: NamedDependency[Clock],
) -> Template | Redirect:
    now = clock()
    try:
        user = await accounts.login(
            data.username, data.password, address=client_address(request), now=now, policy=Policy.from_settings(settings)
        )
    except ArenaError as exc:  # BadLogin, AccountLocked, LoginThrottled: the same page, its own message
        return Template(
            "base/login.html",
            context={"next": _safe_next(data.next), "error": exc.message(CURRENT_LANGUAGE.get()), "username": data.username},
            status_code=exc.status,
        )
    start_session(request, user, now)  # a new session id: one planted before the login is worth nothing
    return Redirect(_safe_next(data.next), status_code=303)


@post("/logout", opt={"public": True}, include_in_schema=False)
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    request.clear_session()
    return Redirect("/", status_code=303)


def _account_page(user: User, *, done: str = "", error: str | None = None, status: int = 200) -> Template:
    return Template("base/account.html", context={"user": user, "done": done, "error": error}, status_code=status)


@get("/account", guards=[requires_login()], include_in_schema=False)
async def account_page(request: Request[User, Any, Any], done: FromQuery[str] = "") -> Template:
    return _account_page(request.user, done=done)


@post("/account/password", guards=[requires_login()], include_in_schema=False)
async def change_password(
    request: Request[User, Any, Any],
    data: Annotated[PasswordForm, Form],
    accounts: NamedDependency[AccountService],
    settings: NamedDependency[Settings],
    clock: NamedDependency[Clock],
) -> Template | Redirect:
    now = clock()
    try:
        user = await accounts.change_password(
            request.user,
            data.current,
            data.new,
            data.repeat,
            address=client_address(request),
            now=now,
            policy=Policy.from_settings(settings),
        )
    except ArenaError as exc:
        return _account_page(request.user, error=exc.message(CURRENT_LANGUAGE.get()), status=exc.status)
    start_session(request, user, now)
    return Redirect("/account?done=password", status_code=303)


@post("/account/logout-everywhere", guards=[requires_login()], include_in_schema=False)
async def logout_everywhere(
    request: Request[User, Any, Any], accounts: NamedDependency[AccountService], clock: NamedDependency[Clock]
) -> Redirect:
    """Every other session of the account ends; this one goes on under a new id."""
    now = clock()
    user = await accounts.end_sessions(request.user, row_id(request.user), now=now)
    start_session(request, user, now)
    return Redirect("/account?done=sessions", status_code=303)


# A role as the accounts page names it (English msgids, Vietnamese in base.po); never its code.
ROLE_LABELS = {
    Role.ADMIN: "System administrator",
    Role.MANAGER: "Competition manager",
    Role.JUDGE: "Judge",
    Role.REFEREE: "Head referee / jury",
    Role.COACH: "Coach",
    Role.ATHLETE: "Athlete",
    Role.ACCOUNTANT: "Accountant",
    Role.EQUIPMENT_KEEPER: "Equipment keeper",
    Role.DEVICE: "Keypad bridge",
}


@get("/accounts", guards=[requires_role(Role.ADMIN)], include_in_schema=False)
async def accounts_page(
    request: Request[User, Any, Any], accounts: NamedDependency[AccountService], clock: NamedDependency[Clock]
) -> Template:
    locked = await accounts.locked_names(clock())
    users = [(u, name_key(u.username) in locked, [ROLE_LABELS[r] for r in Role if r in u.role_set()]) for u in await accounts.list_users()]
    return Template("base/accounts.html", context={"user": request.user, "users": users})


@post("/accounts/{user_id:int}/password", guards=[requires_role(Role.ADMIN)], include_in_schema=False)
async def reset_password(
    user_id: FromPath[int],
    request: Request[User, Any, Any],
    data: Annotated[ResetForm, Form],
    accounts: NamedDependency[AccountService],
    clock: NamedDependency[Clock],
) -> Redirect:
    await accounts.reset_password(request.user, user_id, data.password, now=clock())
    return Redirect("/accounts", status_code=303)


@post("/accounts/{user_id:int}/deactivate", guards=[requires_role(Role.ADMIN)], include_in_schema=False)
async def deactivate(
    user_id: FromPath[int], request: Request[User, Any, Any], accounts: NamedDependency[AccountService], clock: NamedDependency[Clock]
) -> Redirect:
    await accounts.set_active(request.user, user_id, False, now=clock())
    return Redirect("/accounts", status_code=303)


@post("/accounts/{user_id:int}/activate", guards=[requires_role(Role.ADMIN)], include_in_schema=False)
async def activate(
    user_id: FromPath[int], request: Request[User, Any, Any], accounts: NamedDependency[AccountService], clock: NamedDependency[Clock]
) -> Redirect:
    await accounts.set_active(request.user, user_id, True, now=clock())
    return Redirect("/accounts", status_code=303)


@post("/accounts/{user_id:int}/logout-everywhere", guards=[requires_role(Role.ADMIN)], include_in_schema=False)
async def end_sessions(
    user_id: FromPath[int], request: Request[User, Any, Any], accounts: NamedDependency[AccountService], clock: NamedDependency[Clock]
) -> Redirect:
    now = clock()
    user = await accounts.end_sessions(request.user, user_id, now=now)
    if user.id == request.user.id:
        start_session(request, user, now)
    return Redirect("/accounts", status_code=303)


@post("/accounts/{user_id:int}/unlock", guards=[requires_role(Role.ADMIN)], include_in_schema=False)
async def unlock(
    user_id: FromPath[int], request: Request[User, Any, Any], accounts: NamedDependency[AccountService], clock: NamedDependency[Clock]
) -> Redirect:
    user = await accounts.get(user_id)
    await accounts.unlock(request.user, user.username, now=clock())
    return Redirect("/accounts", status_code=303)


@get("/lang/{code:str}", opt={"public": True}, include_in_schema=False)
async def switch_language(code: FromPath[str], request: Request[Any, Any, Any], settings: NamedDependency[Settings]) -> Redirect:
    target = _safe_next(request.headers.get("referer", "/").split(str(request.base_url).rstrip("/"), 1)[-1] or "/")
    response = Redirect(target, status_code=303)
    if code in LANGUAGES:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="lax", secure=settings.secure_cookies)
    return response


arena_pages = Router(
    path="/",
    route_handlers=[
        home,
        login_page,
        login,
        logout,
        account_page,
        change_password,
        logout_everywhere,
        accounts_page,
        reset_password,
        deactivate,
        activate,
        end_sessions,
        unlock,
        switch_language,
    ],
    include_in_schema=False,
)
