"""Who is calling: a session cookie (pages, tablets' browsers) or a bearer token (devices, scripts).

Every route states who may call it: ``guards=[requires_role(...)]`` or ``opt={"public": True}``;
a test walks the routes and checks that each one says so.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException, WebSocketException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware.authentication import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import ASGIApp, Empty, Receive, Scope, Send

from base.accounts.models import Role, User
from base.accounts.service import AccountService
from base.db import row_id
from base.security import renew_session

SESSION_USER_KEY = "user_id"
SESSION_EPOCH_KEY = "epoch"  # the account's session_epoch when the session was opened
SESSION_LOGIN_KEY = "login_at"  # POSIX seconds on the app's clock
SESSION_SEEN_KEY = "seen"  # last request, rewritten at most once a minute
SEEN_GRANULARITY = 60.0


def start_session(connection: ASGIConnection[Any, Any, Any, Any], user: User, now: datetime) -> None:
    """Log ``user`` in on this connection under a new session id (never the one the browser sent).

    Called at login and at every change of the account's privileges or password seen by this session."""
    stamp = now.timestamp()
    renew_session(
        connection,
        {SESSION_USER_KEY: row_id(user), SESSION_EPOCH_KEY: user.session_epoch, SESSION_LOGIN_KEY: stamp, SESSION_SEEN_KEY: stamp},
    )


def session_is_current(data: dict[str, Any], user: User, now: datetime, idle: timedelta, absolute: timedelta) -> bool:
    """A session counts while its account is active, its epoch is the account's and neither timeout passed."""
    if not user.active or data.get(SESSION_EPOCH_KEY) != user.session_epoch:
        return False
    login_at, seen = data.get(SESSION_LOGIN_KEY), data.get(SESSION_SEEN_KEY)
    if not isinstance(login_at, int | float) or not isinstance(seen, int | float):
        return False  # a session from before the timeouts: log in again
    stamp = now.timestamp()
    return stamp - seen <= idle.total_seconds() and stamp - login_at <= absolute.total_seconds()


def bearer_token(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"authorization" and value[:7].lower() == b"bearer ":
            return value[7:].decode("latin-1").strip()
    return None


class ArenaAuthMiddleware(AbstractAuthenticationMiddleware):
    """Resolves the caller; an anonymous caller gets ``user=None`` and the guards decide."""

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        factory = connection.app.state.db_factory
        # Only from the Authorization header: a token in a query string ends up in access logs,
        # browser histories and Referer headers.
        token = bearer_token(connection.scope)
        if token:
            async with factory() as session:
                user = await AccountService(session, connection.app.state.hasher).user_for_token(token)
            return AuthenticationResult(user=user, auth="token" if user else None)
        session_data = connection.scope.get("session") or {}
        user_id = session_data.get(SESSION_USER_KEY) if isinstance(session_data, dict) else None
        if user_id:
            async with factory() as session:
                user = await session.get(User, int(user_id))
            settings = connection.app.state.settings
            now: datetime = connection.app.state.clock()
            idle = timedelta(minutes=settings.session_idle_minutes)
            absolute = timedelta(hours=settings.session_absolute_hours)
            assert isinstance(session_data, dict)
            if user is not None and session_is_current(session_data, user, now, idle, absolute):
                if now.timestamp() - session_data[SESSION_SEEN_KEY] >= SEEN_GRANULARITY:
                    session_data[SESSION_SEEN_KEY] = now.timestamp()
                return AuthenticationResult(user=user, auth="session")
            # Ended (timeout, logged out everywhere, deactivated): the session middleware deletes it.
            connection.scope["session"] = Empty
        return AuthenticationResult(user=None, auth=None)


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> User | None:
    user: User | None = connection.scope.get("user")
    return user


class RoleGuard:
    """A Litestar guard: the caller must be logged in and hold one of ``roles`` (admin holds all).

    ``roles`` stays readable on the guard (the access test lists who may call each route).
    """

    def __init__(self, roles: tuple[Role, ...]) -> None:
        self.roles = roles

    # async: Litestar runs a sync guard in a worker thread, a thread hop on every request.
    async def __call__(self, connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        roles = self.roles
        user = current_user(connection)
        websocket = connection.scope["type"] == ScopeType.WEBSOCKET
        if user is None:
            if websocket:
                raise WebSocketException(detail="login required", code=4401)
            raise NotAuthorizedException("login required")
        if not user.has_role(*roles):
            if websocket:
                raise WebSocketException(detail="not allowed", code=4403)
            raise PermissionDeniedException(f"requires role: {', '.join(r.value for r in roles)}")


def requires_role(*roles: Role) -> RoleGuard:
    """Guard: the caller must be logged in and hold one of ``roles`` (admin holds all)."""
    return RoleGuard(roles)


def requires_login() -> RoleGuard:
    """Guard: any logged-in account."""
    return requires_role(*Role)


class CSRFUnlessBearer:
    """CSRF for cookie-authenticated requests; a bearer token cannot be sent by a foreign page."""

    def __init__(self, app: ASGIApp, config: CSRFConfig) -> None:
        self.app = app
        self.csrf = CSRFMiddleware(app, config)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and bearer_token(scope) is not None:
            await self.app(scope, receive, send)
            return
        await self.csrf(scope, receive, send)
