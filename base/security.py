"""What the web layer needs to protect a venue server: the session store and its cookie, and the
middleware that goes before every other (headers, budgets). The composition root takes both from here."""

from __future__ import annotations

from litestar.middleware import DefineMiddleware
from litestar.middleware.session.server_side import ServerSideSessionConfig
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore

from base.settings import Settings


def session_store(settings: Settings) -> Store:
    """Sessions survive a restart (a file store under the data folder), except for in-memory test databases."""
    if settings.database_url.startswith("sqlite+aiosqlite:///:memory:"):
        return MemoryStore()
    return FileStore(settings.data_dir / "sessions", create_directories=True)


def session_config(settings: Settings) -> ServerSideSessionConfig:
    return ServerSideSessionConfig(
        key="arena_session",
        secure=settings.secure_cookies,
        samesite="lax",
        max_age=12 * 3600,
        # Sockets authenticate by seat cookie or bearer token; no session wrapper on every frame.
        exclude=["^/ws/", "^/static/"],
    )


def outer_middleware(settings: Settings) -> list[DefineMiddleware]:
    """Middleware that runs before the session and authentication layers."""
    return []
