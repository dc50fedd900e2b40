import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "appeals"
sys.path.insert(0, str(FIXTURES))

from collections.abc import Iterator  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

import pytest  # noqa: E402
from arena_builders import Arena, seed_accounts  # noqa: E402

from base.clock import Clock  # noqa: E402


class StepClock(Clock):
    """The app's clock, held still and moved by the test: deadlines of a few seconds without
    sleeping; every reading is 1 ms after the last, so every event gets its own instant."""

    def __init__(self) -> None:
        super().__init__(start=datetime(2026, 3, 14, 9, 0, 0, tzinfo=UTC), ticking=False)

    def __call__(self) -> datetime:
        super().advance(timedelta(milliseconds=1))
        return super().__call__()

    def advance(self, seconds: float | timedelta) -> None:  # type: ignore[override]
        super().advance(seconds if isinstance(seconds, timedelta) else timedelta(seconds=seconds))


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def jury_arena(settings, clock) -> Iterator[Arena]:
    """The real app on a test clock, with a second coach who has nothing to do with the appeal."""
    from arena_builders import PASSWORD
    from litestar.testing import TestClient

    from assembly.app import create_app
    from assembly.migrate import upgrade
    from base.accounts.models import Role
    from base.accounts.service import AccountService

    upgrade(settings)
    app = create_app(settings, clock=clock, run_migrations=False)

    async def extra(tokens: dict[str, str]) -> None:
        async with app.state.db_factory() as session:
            accounts = AccountService(session, app.state.hasher)
            for name, role in (("coach2", Role.COACH), ("referee2", Role.REFEREE), ("referee3", Role.REFEREE)):
                user = await accounts.create_user(name, PASSWORD, [role], full_name=f"Trọng tài {name}")
                tokens[name] = await accounts.issue_token(user, "test")

    with TestClient(app=app) as client:
        tokens = seed_accounts(app, client.blocking_portal.call)
        client.blocking_portal.call(extra, tokens)
        yield Arena(client=client, app=app, tokens=tokens)


@pytest.fixture
def http_arena(jury_arena: Arena) -> Iterator[Arena]:
    """``jury_arena`` served over real HTTP on a loopback port: uvicorn runs on the test client's
    own event loop (so PostgreSQL connections stay on the loop that opened them) and ``client``
    is an httpx client of that address."""
    import socket
    import time

    import httpx
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(jury_arena.app, log_level="warning", lifespan="off"))
    running = jury_arena.client.blocking_portal.start_task_soon(server.serve, [sock])
    deadline = time.monotonic() + 20
    while not server.started and not running.done() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    client = httpx.Client(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=120)
    try:
        yield Arena(client=client, app=jury_arena.app, tokens=jury_arena.tokens)
    finally:
        client.close()
        server.should_exit = True
        running.result(timeout=20)
        sock.close()
