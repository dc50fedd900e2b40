"""What the web layer needs to protect a venue server: the session store and its cookie, and the
middleware that goes before every other (headers, the purge of expired sessions). The composition
root takes them from here; ``docs/security.md`` says what each one protects.

Sessions: a new id is issued whenever ``renew_session`` is called (login, password change, any change
of who the session is), never one the browser chose; nothing is stored, and no cookie is set, for a
caller that has no session data (an anonymous ``GET /health`` writes no file). Idle and absolute
timeouts are checked by the authentication middleware (``base.auth``) on the app's clock.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from datetime import datetime, timedelta
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from litestar.types import ASGIApp, Empty, Message, Receive, Scope, ScopeSession, Send
from litestar.utils.dataclass import extract_dataclass_items

from base.settings import Settings

_log = logging.getLogger(__name__)

RENEW_KEY = "arena.renew_session"
PURGE_EVERY = timedelta(minutes=10)
"""Expired session files and stale login counts are deleted at the first request after start, then
at most this often (after the answer has gone out, so no caller waits for it)."""

INLINE_SCRIPTS = (
    'document.getElementById("pair-form").requestSubmit();',  # scoring/pair.html: a code in the link submits itself
    "window.print()",  # athletes/profile.html: the Print button
    "javascript:history.back()",  # base/error.html: "Back" (browsers that hash navigations)
)
"""Every script a template writes inline; the Content-Security-Policy allows exactly these by hash
(``tests/unit/base/test_security_headers.py`` fails on an inline script missing here)."""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def _policy(script_src: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            "script-src " + script_src,
            # A few pages set style="" attributes; inline styles cannot run code.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "media-src 'self'",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            # No page is meant to be shown inside another site's frame (scoreboards open full screen).
            "frame-ancestors 'none'",
        )
    )


CONTENT_SECURITY_POLICY = _policy("'self' 'unsafe-hashes' " + " ".join(_hash(s) for s in INLINE_SCRIPTS))

_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def with_socket_origin(policy: str, host: str) -> str:
    """The policy with this server's websocket origins named in ``connect-src``: browsers before CSP
    level 3 (older tablets) do not count ``ws://`` to our own host as ``'self'``."""
    if not _HOST.match(host):
        return policy
    return policy.replace("connect-src 'self'", f"connect-src 'self' ws://{host} wss://{host}", 1)


# The OpenAPI viewers load their scripts from a CDN and write inline ones: they keep the other headers.
_NO_CSP = re.compile(r"^/schema(/|$)")


def session_store(settings: Settings) -> Store:
    """Sessions survive a restart (a file store under the data folder), except for in-memory test databases."""
    if settings.database_url.startswith("sqlite+aiosqlite:///:memory:"):
        return MemoryStore()
    return FileStore(settings.data_dir / "sessions", create_directories=True)


def renew_session(connection: ASGIConnection[Any, Any, Any, Any], data: dict[str, Any]) -> None:
    """Replace the session's data and have it stored under a new id (the old id is deleted)."""
    connection.scope.setdefault("state", {})[RENEW_KEY] = True
    connection.set_session(data)


class ArenaSessionBackend(ServerSideSessionBackend):
    """Litestar's server-side sessions, with a fresh id on renewal and no store for empty sessions."""

    async def store_in_message(self, scope_session: ScopeSession, message: Message, connection: ASGIConnection[Any, Any, Any, Any]) -> None:
        scope = connection.scope
        store = self.config.get_store_from_app(scope["app"])
        headers = MutableScopeHeaders.from_message(message)
        cookie_params = dict(extract_dataclass_items(self.config, exclude_none=True, include=Cookie.__dict__.keys()))
        old = connection.cookies.get(self.config.key)
        old = old if old and old != "null" else None
        if scope_session is Empty or not scope_session:
            if old is not None:  # logout, expiry, or a cookie we never issued: forget it
                await self.delete(old, store=store)
                headers.add("Set-Cookie", Cookie(value="null", key=self.config.key, expires=0, **cookie_params).to_header(header=""))
            return
        renew = bool(scope.get("state", {}).get(RENEW_KEY))
        if old is not None and renew:
            await self.delete(old, store=store)
        # An id the browser sent but that names no stored session is never adopted either.
        session_id = old if old is not None and not renew and await store.exists(old) else self.generate_session_id()
        await self.set(session_id=session_id, data=self.serialize_data(scope_session, scope), store=store)
        headers.add("Set-Cookie", Cookie(value=session_id, key=self.config.key, **cookie_params).to_header(header=""))


class ArenaSessionConfig(ServerSideSessionConfig):
    _backend_class = ArenaSessionBackend


def session_config(settings: Settings) -> ServerSideSessionConfig:
    return ArenaSessionConfig(
        key="arena_session",
        secure=settings.secure_cookies,
        samesite="lax",
        # The store forgets a session at the absolute limit at the latest; the idle and absolute
        # timeouts themselves are checked on the app's clock (base.auth).
        max_age=max(1, settings.session_absolute_hours) * 3600,
        # Judge and device sockets authenticate by seat cookie or bearer token: no session wrapper
        # on their frames. A field's socket reads the session, so that the head referee's console
        # and logged-in officials are known and never counted among the public (scoring.sockets).
        exclude=["^/ws/(?!fop/)", "^/static/"],
    )


class SecurityMiddleware:
    """Headers every answer carries, and the periodic purge of expired sessions and login counts."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if settings.secure_cookies:  # only behind HTTPS: tells browsers never to use plain HTTP again
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if _NO_CSP.match(path):
            extra = self.headers
        else:
            host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
            policy = with_socket_origin(CONTENT_SECURITY_POLICY, host)
            extra = [*self.headers, (b"content-security-policy", policy.encode())]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in extra if k not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
        await purge_if_due(scope["app"])


async def purge_if_due(app: Any) -> None:
    """Delete expired sessions and stale login counts when the last purge is ``PURGE_EVERY`` old."""
    state = app.state
    now: datetime = state.clock()
    due = state.get("security_next_purge")
    if due is not None and now < due:
        return
    state.security_next_purge = now + PURGE_EVERY
    try:
        store = app.stores.get("sessions")
        if isinstance(store, FileStore | MemoryStore):
            await store.delete_expired()
        from base.accounts.service import AccountService

        async with state.db_factory() as session:
            await AccountService(session, state.hasher).purge_throttles(now - timedelta(days=1))
    except Exception:  # a purge that fails must not fail the request it follows; it runs again later
        _log.exception("purge of expired sessions failed")


class RedactSecrets(logging.Filter):
    """Blank query-string values that are secrets (tokens, codes, passwords) in uvicorn's access log."""

    pattern = re.compile(r"((?:^|[?&])[^=&\s]*(?:token|code|password|secret)[^=&\s]*=)[^&\s\"]*", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.pattern.sub(r"\1***", a) if isinstance(a, str) and "=" in a else a for a in record.args)
        return True


def _redact_access_log() -> None:
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSecrets) for f in logger.filters):
        logger.addFilter(RedactSecrets())


def outer_middleware(settings: Settings) -> list[DefineMiddleware]:
    """Middleware that runs before the session and authentication layers."""
    _redact_access_log()
    return [DefineMiddleware(SecurityMiddleware, settings=settings)]
