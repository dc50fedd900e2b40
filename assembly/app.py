"""The composition root: ``create_app(settings)`` builds the whole service from its domains."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from assembly import registry  # noqa: F401  (every table registered)
from base.accounts.service import password_hasher
from base.auth import ArenaAuthMiddleware, CSRFUnlessBearer
from base.clock import Clock
from base.db import create_engine, session_factory
from base.deps import provide_accounts, provide_clock, provide_db_session, provide_register, provide_settings
from base.errors import ArenaError
from base.errors_http import arena_error_handler, auth_error_handler, http_error_handler, server_error_handler
from base.i18n import CURRENT_LANGUAGE, Translations, pick_language
from base.pages import request_menu
from base.security import outer_middleware, session_config, session_store
from base.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# The packages whose templates, static files and catalogues make up the site (the base first).
PAGE_PACKAGES = ("base", "scoring", "athletes", "devices", "contracts", "tournaments", "results")


def _template_engine(translations: Translations) -> JinjaTemplateEngine:
    env = Environment(
        loader=FileSystemLoader([str(ROOT / d / "templates") for d in PAGE_PACKAGES if (ROOT / d / "templates").is_dir()]),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations.gettext(s),
        ngettext=lambda s, p, n: translations.ngettext(s, p, n),
        newstyle=True,
    )
    env.globals["current_language"] = lambda: CURRENT_LANGUAGE.get()
    env.globals["arena_menu"] = request_menu  # the header menu: the pages the caller may open
    return JinjaTemplateEngine.from_environment(env)


async def _set_language(request: Request[Any, Any, Any]) -> None:
    CURRENT_LANGUAGE.set(pick_language(request.cookies.get("lang")))


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    run_migrations: bool = True,
) -> Litestar:
    """Build the app; nothing here runs at import time, so tests build as many as they like."""
    from athletes.api import athletes_router
    from athletes.pages import athletes_pages
    from athletes.rankings_api import rankings_router
    from base.api import arena_router
    from base.pages import arena_pages
    from base.register import register_checker
    from base.register.pages import verify_router
    from contracts.api import contracts_router
    from contracts.pages import contracts_pages
    from results.api import results_router
    from results.issuing import KINDS as results_kinds
    from results.issuing import checker as results_checker
    from results.live import ResultsFollower
    from results.pages import results_pages
    from scoring.api import scoring_router
    from scoring.appeals.api import appeals_router
    from scoring.appeals.pages import appeals_pages
    from scoring.live.fanout import Fanout, SpectatorGate
    from scoring.live.hub import LiveHub
    from scoring.live.journal import make_journal
    from scoring.live.meter import FanoutMeter
    from scoring.pages import scoring_pages
    from scoring.sockets import socket_router
    from tournaments.api import tournaments_router
    from tournaments.documents_api import tournaments_documents
    from tournaments.live import BracketFollower
    from tournaments.officials import OfficialsJuryRoster
    from tournaments.officials_api import tournaments_officials
    from tournaments.pages import tournaments_pages
    from tournaments.scale_api import scale_router
    from tournaments.seeding_api import seeding_router

    settings = settings.with_secret()
    clock = clock if clock is not None else settings.clock()
    engine = create_engine(settings)
    factory = session_factory(engine)
    translations = Translations.load(ROOT / d for d in PAGE_PACKAGES)
    meter = FanoutMeter()
    fanout = Fanout(on_written=meter.written, stuck_seconds=settings.stuck_socket_seconds)
    hub = LiveHub(factory, publish=fanout.publish, clock=clock, journal=make_journal(engine, factory), meter=meter)
    follower = BracketFollower(factory, clock, hub)  # a draw's contest that ends moves its bracket on
    hub.on_outcome(follower)
    hub.on_outcome(ResultsFollower(factory, clock, settings))  # after the bracket moved on: published results issued again
    for kind in results_kinds:  # an issued results paper's public page says whether it still follows from the logs
        register_checker(kind, results_checker(clock))
    state = State(
        {
            "settings": settings,
            "engine": engine,
            "db_factory": factory,
            "hasher": password_hasher(settings.argon2_profile),
            "clock": clock,
            "hub": hub,
            "bracket_follower": follower,
            "jury_roster": OfficialsJuryRoster(factory),  # the appeals' jury: the assigned officials
            "fanout": fanout,
            "spectators": SpectatorGate(settings.public_sockets_per_field, settings.public_sockets_per_address),
            "translations": translations,
        }
    )

    keypads_stop = asyncio.Event()
    background: list[asyncio.Task[None]] = []

    async def on_startup(app: Litestar) -> None:
        if run_migrations:
            from assembly.migrate import upgrade

            await asyncio.to_thread(upgrade, settings)
        await hub.resume_open_contests()
        await follower.catch_up()
        # Everything loaded so far lives as long as the process: keep it out of the collector's
        # scans, which otherwise pause the fan-out now and then.
        gc.freeze()
        if settings.devices:
            from scoring.keypads import run_local_keypads

            background.append(asyncio.create_task(run_local_keypads(settings.devices, hub, keypads_stop)))

    async def on_shutdown(app: Litestar) -> None:
        keypads_stop.set()
        for task in background:
            await asyncio.wait_for(task, timeout=5)
        await hub.journal.close()
        await engine.dispose()

    sessions = session_config(settings)
    csrf = CSRFConfig(secret=settings.secret_key, cookie_name="csrftoken", header_name="x-csrftoken", cookie_secure=settings.secure_cookies)
    return Litestar(
        route_handlers=[
            arena_router,
            arena_pages,
            verify_router,
            scoring_router,
            scoring_pages,
            athletes_router,
            athletes_pages,
            contracts_router,
            contracts_pages,
            socket_router,
            appeals_router,
            appeals_pages,
            tournaments_router,
            tournaments_pages,
            tournaments_documents,
            tournaments_officials,
            rankings_router,
            seeding_router,
            scale_router,
            results_router,
            results_pages,
            create_static_files_router(
                path="/static",
                directories=[ROOT / d / "static" for d in PAGE_PACKAGES if (ROOT / d / "static").is_dir()],
                opt={"public": True},
                include_in_schema=False,
            ),
        ],
        state=state,
        stores={"sessions": session_store(settings)},
        dependencies={
            "db_session": Provide(provide_db_session),
            "settings": Provide(provide_settings, sync_to_thread=False),
            "clock": Provide(provide_clock, sync_to_thread=False),
            "accounts": Provide(provide_accounts, sync_to_thread=False),
            "register": Provide(provide_register, sync_to_thread=False),
        },
        middleware=[
            *outer_middleware(settings),
            sessions.middleware,
            DefineMiddleware(ArenaAuthMiddleware, exclude=["^/static", "^/schema"]),
            DefineMiddleware(CSRFUnlessBearer, config=csrf),
        ],
        template_config=TemplateConfig(instance=_template_engine(translations)),
        exception_handlers={
            ArenaError: arena_error_handler,
            NotAuthorizedException: auth_error_handler,
            PermissionDeniedException: auth_error_handler,
            HTTPException: http_error_handler,  # Litestar's own (unknown page, bad query value): Vietnamese
            Exception: server_error_handler,  # logged with its traceback and the request id
        },
        before_request=_set_language,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        openapi_config=OpenAPIConfig(
            title="Arena",
            version="0.1.0",
            description="Electronic scoring and athlete management",
            # The viewer's script, and no web fonts or favicon from a CDN: /schema works offline.
            render_plugins=[
                RedocRenderPlugin(
                    js_url="/static/base/vendor/redoc/redoc.standalone.js",
                    google_fonts=False,
                    favicon="<link rel='icon' type='image/svg+xml' href='/static/base/favicon.svg'>",
                )
            ],
        ),
        debug=settings.debug,
    )
