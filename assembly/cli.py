"""The ``arena`` command: serve, demo, database, users and tokens, plus each domain's commands."""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from base.settings import Settings, load_settings

if TYPE_CHECKING:
    from base.accounts.service import AccountService

# Each domain contributes its own click command or group; the assembly only lists them (module,
# attribute; the attribute is the command's name). A domain's module is imported only when its
# command runs (or when ``arena --help`` lists it): `arena score` does not load the PDF signing.
DOMAIN_COMMANDS = (
    ("scoring.cli", "score"),
    ("devices.cli", "devices"),
    ("contracts.cli", "contracts"),
    ("tournaments.cli", "draw"),
    ("assembly.backup.cli", "backup"),  # the assembly's own, lazy too: it reads every domain's stores
    ("assembly.backup.cli", "restore"),
)


class _DomainGroup(click.Group):
    """The ``arena`` group: its own commands, plus each domain's, imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *(attr for _, attr in DOMAIN_COMMANDS)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        for module_name, attr in DOMAIN_COMMANDS:
            if cmd_name == attr and cmd_name not in self.commands:
                command = getattr(importlib.import_module(module_name), attr)
                if not isinstance(command, click.Command):
                    raise TypeError(f"{module_name}.{attr} is not a click command")
                self.add_command(command, attr)
        return super().get_command(ctx, cmd_name)


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    base = ctx.obj.get("overrides", {}) if ctx.obj else {}
    try:
        return load_settings(os.environ, **{**base, **{k: v for k, v in overrides.items() if v is not None}})
    except ValueError as exc:  # a bad ARENA_* value: say which, exit non-zero, start nothing
        raise click.ClickException(f"settings: {exc}") from exc


@click.group(cls=_DomainGroup)
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help="Data folder (default ./var).")
@click.option("--database-url", help="SQLAlchemy async URL, e.g. postgresql+asyncpg://localhost/test.")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, database_url: str | None) -> None:
    """Arena: electronic scoring and athlete management."""
    ctx.ensure_object(dict)
    ctx.obj["overrides"] = {"data_dir": data_dir, "database_url": database_url}


def serve_app(settings: Settings, banner: str = "") -> None:
    """Run the server with uvicorn until interrupted."""
    import uvicorn

    from assembly.app import create_app

    app = create_app(settings)
    if banner:
        click.echo(banner)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        ws="websockets-sansio",
        log_level="info",
        timeout_graceful_shutdown=5,
        ws_ping_interval=10,
        ws_ping_timeout=10,
        # Deltas are small JSON on a local network: compressing each one for every scoreboard
        # cost more CPU than the whole rest of the fan-out (profiled at 500 scoreboards).
        ws_per_message_deflate=False,
    )
    uvicorn.Server(config).run()


@main.command()
@click.option("--host", help="Address to listen on (default 127.0.0.1; 0.0.0.0 for tablets on the LAN).")
@click.option("--port", type=int, help="Port (default 8000).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--database-url")
@click.option("--device", "devices", multiple=True, help="Serial port read directly by the server (one-laptop venue).")
@click.pass_context
def serve(
    ctx: click.Context, host: str | None, port: int | None, data_dir: Path | None, database_url: str | None, devices: tuple[str, ...]
) -> None:
    """Serve the pages, API and websockets (migrates the database first)."""
    from assembly.demo import with_lan_url

    # On every interface: links and QR codes carry the LAN address (unless ARENA_PUBLIC_URL says one).
    settings = with_lan_url(_settings(ctx, host=host, port=port, data_dir=data_dir, database_url=database_url, devices=devices or None))
    serve_app(settings, banner=f"Arena on {settings.resolved_public_url()}")


@main.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1; 0.0.0.0 for tablets on the LAN).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-serve", is_flag=True, help="Load the demo and exit.")
@click.option("--keypads", is_flag=True, help="Also simulate 3 judge keypads (ptys) read by the server on Thảm 1.")
@click.pass_context
def demo(ctx: click.Context, host: str | None, port: int | None, data_dir: Path | None, no_serve: bool, keypads: bool) -> None:
    """Migrate, load the demo tournament (once), print the pages and logins, and serve."""
    import subprocess

    from assembly.demo import KEYPADS, demo_banner, load_demo, with_lan_url
    from assembly.migrate import upgrade

    settings = with_lan_url(_settings(ctx, host=host, port=port, data_dir=data_dir))
    upgrade(settings)
    created = asyncio.run(load_demo(settings))
    banner = demo_banner(settings, created)
    if no_serve:
        click.echo(banner)
        return
    simulator = None
    if keypads:
        links = settings.data_dir.resolve() / "keypads"
        simulator = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assembly.cli",
                "devices",
                "simulate",
                "--judges",
                str(len(KEYPADS)),
                "--rate",
                "0.5",
                "--link-dir",
                str(links),
            ]
        )
        settings = replace(settings, devices=tuple(str(links / k) for k in KEYPADS))
        banner += f"\nSimulated keypads {', '.join(KEYPADS)} press on Thảm 1 (start a round on the head referee console).\n"
    try:
        serve_app(settings, banner=banner)
    finally:
        if simulator is not None:
            simulator.terminate()


@main.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Apply Alembic migrations up to REVISION."""
    from assembly.migrate import upgrade

    settings = _settings(ctx)
    upgrade(settings, revision)
    click.echo(f"database at {revision}: {settings.resolved_database_url()}")


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does, e.g. 'tournaments tables'.")
@click.option("--empty", is_flag=True, help="An empty migration to write by hand (data changes).")
@click.pass_context
def db_revision(ctx: click.Context, message: str, empty: bool) -> None:
    """Write the next migration from the models (review it, then commit it)."""
    from assembly.migrate import revision

    path = revision(_settings(ctx), message, autogenerate=not empty)
    click.echo(f"wrote {path}")


@main.group()
def user() -> None:
    """Accounts."""


@user.command("create")
@click.argument("username")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    help="admin, manager, judge, referee, coach, athlete, accountant, equipment_keeper, device",
)
@click.option("--full-name", default="")
@click.option("--person-id", type=int, help="The person record (athletes) of this account, e.g. a coach's.")
@click.password_option(help="Password (asked when not given).")
@click.pass_context
def user_create(ctx: click.Context, username: str, roles: tuple[str, ...], full_name: str, person_id: int | None, password: str) -> None:
    """Create an account with one or more roles."""
    from base.accounts.service import parse_roles
    from base.db import row_id
    from base.errors import ArenaError

    settings = _settings(ctx)

    async def run() -> int:
        async with _accounts(settings) as accounts:
            user = await accounts.create_user(username, password, parse_roles(roles), full_name)
            if person_id is not None:
                await accounts.link_person(row_id(user), person_id)
            return row_id(user)

    try:
        user_id = asyncio.run(run())
    except ArenaError as exc:
        raise click.ClickException(exc.message("en")) from None
    click.echo(f"user {username} created (id {user_id}, roles {', '.join(roles)})")


def _account_command(settings: Settings, username: str, work: Any) -> str:
    """Run ``await work(accounts, user, now)`` for USERNAME; an ArenaError becomes a clean CLI error."""
    from base.errors import ArenaError

    now = settings.clock()()

    async def run() -> str:
        async with _accounts(settings) as accounts:
            found = await accounts.by_username(username)
            result: str = await work(accounts, found, now)
            return result

    try:
        return asyncio.run(run())
    except ArenaError as exc:
        raise click.ClickException(f"{exc.message('vi')} / {exc.message('en')}") from None


@user.command("passwd")
@click.argument("username")
@click.password_option(help="The new password (asked when not given).")
@click.pass_context
def user_passwd(ctx: click.Context, username: str, password: str) -> None:
    """Reset USERNAME's password: its sessions end and a lockout is lifted (audited as the CLI)."""
    from base.db import row_id

    async def work(accounts: AccountService, found: Any, now: Any) -> str:
        await accounts.reset_password("cli", row_id(found), password, now=now)
        return f"password of {username} reset; its sessions have ended"

    click.echo(_account_command(_settings(ctx), username, work))


@user.command("deactivate")
@click.argument("username")
@click.pass_context
def user_deactivate(ctx: click.Context, username: str) -> None:
    """Deactivate USERNAME: its sessions and bearer tokens stop working at once."""
    from base.db import row_id

    async def work(accounts: AccountService, found: Any, now: Any) -> str:
        await accounts.set_active("cli", row_id(found), False, now=now)
        return f"user {username} deactivated"

    click.echo(_account_command(_settings(ctx), username, work))


@user.command("activate")
@click.argument("username")
@click.pass_context
def user_activate(ctx: click.Context, username: str) -> None:
    """Reactivate USERNAME (the old sessions stay ended)."""
    from base.db import row_id

    async def work(accounts: AccountService, found: Any, now: Any) -> str:
        await accounts.set_active("cli", row_id(found), True, now=now)
        return f"user {username} activated"

    click.echo(_account_command(_settings(ctx), username, work))


@user.command("logout-everywhere")
@click.argument("username")
@click.pass_context
def user_logout_everywhere(ctx: click.Context, username: str) -> None:
    """End every session of USERNAME (bearer tokens are revoked separately)."""
    from base.db import row_id

    async def work(accounts: AccountService, found: Any, now: Any) -> str:
        await accounts.end_sessions("cli", row_id(found), now=now)
        return f"every session of {username} has ended"

    click.echo(_account_command(_settings(ctx), username, work))


@user.command("unlock")
@click.argument("username")
@click.pass_context
def user_unlock(ctx: click.Context, username: str) -> None:
    """Forget USERNAME's failed logins (its lockout ends)."""

    async def work(accounts: AccountService, found: Any, now: Any) -> str:
        await accounts.unlock("cli", found.username, now=now)
        return f"user {username} unlocked"

    click.echo(_account_command(_settings(ctx), username, work))


@main.group()
def token() -> None:
    """Bearer tokens for devices and scripts."""


@token.command("create")
@click.argument("username")
@click.option("--name", default="token", show_default=True)
@click.pass_context
def token_create(ctx: click.Context, username: str, name: str) -> None:
    """Print a new bearer token for USERNAME (shown once; only its hash is kept)."""
    from sqlmodel import select

    from base.accounts.models import User

    settings = _settings(ctx)

    async def run() -> str:
        async with _accounts(settings) as accounts:
            found = (await accounts.session.exec(select(User).where(User.username == username))).first()
            if found is None:
                raise click.ClickException(f"no user {username!r}")
            return await accounts.issue_token(found, name)

    click.echo(asyncio.run(run()))


class _accounts:
    """An AccountService on a fresh engine, for commands run outside the server."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def __aenter__(self) -> AccountService:
        from assembly import registry  # noqa: F401
        from assembly.migrate import upgrade
        from base.accounts.service import AccountService, password_hasher
        from base.db import create_engine, session_factory

        await asyncio.to_thread(upgrade, self.settings)
        self.engine = create_engine(self.settings)
        self.session = session_factory(self.engine)()
        return AccountService(self.session, password_hasher(self.settings.argon2_profile))

    async def __aexit__(self, *exc: object) -> None:
        await self.session.close()
        await self.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
