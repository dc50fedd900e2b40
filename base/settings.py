"""Settings of one arena installation, read once from ``ARENA_*`` environment variables.

Nothing here reads the environment at import time: ``load_settings(os.environ)`` is called by the
CLI (or a test) and the frozen result is handed to ``create_app``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from base.clock import DEFAULT_ZONE, Clock, parse_instant, venue_zone


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = Path("var")
    """Folder for the embedded SQLite database, blobs (evidence, PDFs) and keys."""

    database_url: str = ""
    """SQLAlchemy async URL; empty means ``sqlite+aiosqlite:///<data_dir>/arena.db``."""

    secret_key: str = ""
    """Secret for CSRF tokens and pairing codes; generated and kept in ``data_dir`` when empty."""

    host: str = "127.0.0.1"
    """Address the server listens on."""

    port: int = 8000
    """Port the server listens on."""

    public_url: str = ""
    """Address printed in QR codes and links, e.g. ``http://192.168.1.10:8000``; empty derives it."""

    debug: bool = False
    """Litestar debug mode (tracebacks in responses). Never on a venue network."""

    argon2_profile: str = "RFC_9106_LOW_MEMORY"
    """argon2-cffi profile name; tests use ``CHEAPEST``."""

    secure_cookies: bool = False
    """Mark cookies ``Secure`` (turn on behind HTTPS)."""

    tsa_url: str = ""
    """RFC 3161 timestamp authority for contract signatures; empty signs without timestamps."""

    devices: tuple[str, ...] = field(default_factory=tuple)
    """Serial ports the server reads directly (one-laptop venue), e.g. ``/dev/ttyUSB0``."""

    time_zone: str = DEFAULT_ZONE
    """The venue's IANA time zone: "today", due dates, ages and every time a page or paper shows."""

    clock_start: str = ""
    """ISO instant with offset at which the server's clock starts (rehearsals, tests); empty: now."""

    session_idle_minutes: int = 120
    """A logged-in session unused this long ends (``ARENA_SESSION_IDLE_MINUTES``)."""

    session_absolute_hours: int = 12
    """A session ends this long after its login, used or not (``ARENA_SESSION_ABSOLUTE_HOURS``)."""

    login_delay_after: int = 5
    """Failed logins of one account name before each further try must wait (1 s, doubling, at most 60 s)."""

    login_lock_after: int = 10
    """Failed logins of one account name that lock it for ``login_lock_minutes``."""

    login_lock_minutes: int = 15
    """How long a lockout lasts; failures older than this are forgotten."""

    login_address_delay_after: int = 20
    """Failed logins from one address (any names) before each further try from it must wait."""

    login_address_lock_after: int = 50
    """Failed logins from one address that refuse every login from it for ``login_lock_minutes``; 0: never."""

    media_max_megapixels: int = 40
    """An uploaded image or video frame past this many megapixels (by its header) is refused undecoded."""

    media_memory_mb: int = 1024
    """Address space of the child process that decodes an uploaded file; past it the file is refused."""

    media_workers: int = 2
    """Uploaded files decoded at once (each in its own child process); the others wait their turn."""

    upload_expiry_hours: int = 24
    """An unfinished evidence upload expires this long after it was created; its bytes are deleted."""

    recordings_per_contest: int = 10
    """Official recordings (camera laptop uploads) one contest may hold, unfinished uploads included."""

    recordings_gib_per_contest: int = 20
    """Total GiB of one contest's official recordings, unfinished uploads counted at their full length."""

    public_sockets_per_field: int = 500
    """Anonymous live sockets (scoreboards, the public live page) one field of play takes; 0: no limit.
    Judges, consoles and logged-in officials are never counted or refused."""

    public_sockets_per_address: int = 20
    """Anonymous live sockets one network address may hold open at once (all fields); 0: no limit."""

    stuck_socket_seconds: int = 30
    """A live socket that has taken no delta for this long (its buffer full) is closed."""

    def clock(self) -> Clock:
        """The installation's one clock, in the venue's zone."""
        start = parse_instant(self.clock_start) if self.clock_start else None
        return Clock(self.time_zone, start=start)

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'arena.db').resolve()}"

    def resolved_public_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    def with_secret(self) -> Settings:
        """Return settings whose secret is set: from the environment, else from ``data_dir/secret``."""
        if self.secret_key:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "secret"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return replace(self, secret_key=path.read_text().strip())


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from ``ARENA_*`` variables; keyword overrides (CLI options) win."""
    env = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    if "ARENA_DATA_DIR" in env:
        values["data_dir"] = Path(env["ARENA_DATA_DIR"])
    for name in ("database_url", "secret_key", "host", "public_url", "argon2_profile", "tsa_url", "time_zone", "clock_start"):
        key = f"ARENA_{name.upper()}"
        if key in env:
            values[name] = env[key]
    if "ARENA_PORT" in env:
        values["port"] = int(env["ARENA_PORT"])
    for name in (
        "session_idle_minutes",
        "session_absolute_hours",
        "login_delay_after",
        "login_lock_after",
        "login_lock_minutes",
        "login_address_delay_after",
        "login_address_lock_after",
        "media_max_megapixels",
        "media_memory_mb",
        "media_workers",
        "upload_expiry_hours",
        "recordings_per_contest",
        "recordings_gib_per_contest",
        "public_sockets_per_field",
        "public_sockets_per_address",
        "stuck_socket_seconds",
    ):
        key = f"ARENA_{name.upper()}"
        if key in env:
            try:
                values[name] = int(env[key])
            except ValueError as exc:
                raise ValueError(f"{key} must be a whole number, got {env[key]!r}") from exc
    if "ARENA_DEBUG" in env:
        values["debug"] = _bool(env["ARENA_DEBUG"])
    if "ARENA_SECURE_COOKIES" in env:
        values["secure_cookies"] = _bool(env["ARENA_SECURE_COOKIES"])
    if env.get("ARENA_DEVICES"):
        values["devices"] = tuple(p for p in env["ARENA_DEVICES"].split(",") if p)
    for key, value in overrides.items():
        if value is not None:
            values[key] = Path(value) if key == "data_dir" else value
    settings = Settings(**values)
    venue_zone(settings.time_zone)  # a bad zone or start stops here, with its name, not at the first page
    if settings.clock_start:
        parse_instant(settings.clock_start)
    return settings
