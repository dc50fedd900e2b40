"""Builders shared by the whole suite: the real app under a test client, logged-in roles, and a
ready bout or dive on a field of play. Fixtures live in conftest.py; import builders from here."""

from __future__ import annotations

import asyncio
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_url() -> str | None:
    """A fresh-schema URL on the local PostgreSQL, or None when it is not reachable."""
    url = os.environ.get("ARENA_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return url
    except OSError:
        return None


@dataclass
class Arena:
    """A running app under Litestar's test client, with helpers to act as each role."""

    client: Any
    app: Any
    tokens: dict[str, str]

    def as_role(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def post(self, url: str, json: Any, role: str = "admin", **kw: Any) -> Any:
        return self.client.post(url, json=json, headers=self.as_role(role), **kw)

    def get(self, url: str, role: str | None = "admin", **kw: Any) -> Any:
        headers = self.as_role(role) if role else {}
        return self.client.get(url, headers=headers, **kw)

    def ok(self, response: Any) -> Any:
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def command(self, contest_id: int, command: str, role: str = "referee", **fields: Any) -> Any:
        return self.ok(self.post(f"/api/contests/{contest_id}/commands", {"command": command, **fields}, role=role))

    def run(self, coroutine_function: Any) -> Any:
        """Run ``await coroutine_function()`` on the app's event loop (direct database access)."""
        return self.client.blocking_portal.call(coroutine_function)

    def csrf(self) -> dict[str, str]:
        """The CSRF header a page's script sends (the cookie comes with any page)."""
        if "csrftoken" not in self.client.cookies:
            self.client.get("/login")
        return {"x-csrftoken": self.client.cookies["csrftoken"]}

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.client.get("/login")
        csrf = self.client.cookies.get("csrftoken")
        r = self.client.post("/login", data={"username": username, "password": password, "_csrf_token": csrf}, follow_redirects=False)
        assert r.status_code == 303, r.text


ROLES = ("admin", "manager", "judge", "referee", "coach", "athlete", "accountant", "equipment_keeper", "device")


def seed_accounts(app: Any, run_async: Any = asyncio.run) -> dict[str, str]:
    """One user per role (username = role), each with a bearer token.

    ``run_async`` runs the coroutine on the app's own event loop (the test client's portal), since
    PostgreSQL connections belong to the loop that opened them."""
    from base.accounts.models import Role
    from base.accounts.service import AccountService

    async def run() -> dict[str, str]:
        tokens = {}
        async with app.state.db_factory() as session:
            accounts = AccountService(session, app.state.hasher)
            for role in ROLES:
                user = await accounts.create_user(role, PASSWORD, [Role(role)], full_name=f"Người dùng {role}")
                tokens[role] = await accounts.issue_token(user, "test")
        return tokens

    return run_async(run) if run_async is not asyncio.run else asyncio.run(run())


@dataclass
class Setup:
    competition_id: int
    event_id: int
    fop_id: int
    panel_id: int
    contest_id: int
    red_entry: int
    blue_entry: int | None
    red_athlete: int = 0
    blue_athlete: int | None = None


def build_contest(
    arena: Arena,
    ruleset: str = "taekwondo-wt",
    seats: tuple[str, ...] = ("J1", "J2", "J3"),
    bout: bool = True,
    params: dict[str, Any] | None = None,
    current: bool = True,
) -> Setup:
    """Competition -> event (ruleset) -> field -> panel -> athletes -> entries -> contest."""
    ok, post = arena.ok, arena.post
    comp = ok(post("/api/competitions", {"name": "Giải Vô địch Thành phố 2026", "venue": "Nhà thi đấu Quân khu 7"}))
    event = ok(post("/api/events", {"competition_id": comp["id"], "name": f"Sự kiện {ruleset}", "sport": "", "ruleset_id": ruleset}))
    fop = ok(post("/api/fops", {"competition_id": comp["id"], "name": "Thảm 1"}))
    panel = ok(post("/api/panels", {"fop_id": fop["id"], "name": "Tổ trọng tài A", "seats": list(seats)}))
    red = ok(post("/api/athletes", {"full_name": "Nguyễn Văn An", "team": "Quận 1"}))
    red_entry = ok(post("/api/entries", {"event_id": event["id"], "athlete_id": red["id"]}))
    blue_entry = None
    if bout:
        blue = ok(post("/api/athletes", {"full_name": "Đặng Thị Bích", "team": "Thủ Đức"}))
        blue_entry = ok(post("/api/entries", {"event_id": event["id"], "athlete_id": blue["id"]}))
    contest = ok(
        post(
            "/api/contests",
            {
                "event_id": event["id"],
                "fop_id": fop["id"],
                "panel_id": panel["id"],
                "label": "Trận 1",
                "red_entry_id": red_entry["id"],
                "blue_entry_id": blue_entry["id"] if blue_entry else None,
                "params": params or {},
            },
        )
    )
    if current:
        ok(arena.client.put(f"/api/fops/{fop['id']}/current", json={"contest_id": contest["id"]}, headers=arena.as_role("referee")))
    return Setup(
        comp["id"],
        event["id"],
        fop["id"],
        panel["id"],
        contest["id"],
        red_entry["id"],
        blue_entry["id"] if blue_entry else None,
        red["id"],
        blue["id"] if bout else None,
    )


def pair_tablet(arena: Arena, panel_id: int, seat: str) -> str:
    """Get a pairing code as the head referee and redeem it; returns the seat token."""
    code = arena.ok(arena.post(f"/api/panels/{panel_id}/pairing-codes", {"seat": seat}, role="referee"))["code"]
    r = arena.client.post("/api/pair", json={"code": code, "label": f"tablet {seat}"}, headers=arena.csrf())
    assert r.status_code == 201, r.text
    return r.cookies["arena_seat"]


def start_round(arena: Arena, contest_id: int) -> None:
    for command in ("start_contest", "start_round", "start_clock"):
        arena.command(contest_id, command)


def end_by_decision(arena: Arena, contest_id: int, winner: str = "red", method: str = "withdrawal") -> None:
    """End a bout early the way a referee must: a recorded decision, then the end."""
    arena.command(contest_id, "decide", winner=winner, method=method, reason="Vận động viên bỏ cuộc")
    arena.command(contest_id, "end_contest")


def decide_off_mat(arena: Arena, bout_id: int, decision: dict[str, Any], role: str = "manager") -> Any:
    """A decision off the mat (walkover, no-show, withdrawal ...) as the category's page gives it after the draw:
    its preview first (``.../decision/preview``, nothing written), then applied with the preview's digest.
    Returns the answer of the apply (a response; ``arena.ok`` it when it must succeed)."""
    url = f"/api/tournaments/bouts/{bout_id}/decision"
    preview = arena.ok(arena.post(f"{url}/preview", decision, role=role))
    return arena.post(url, {**decision, "preview": preview["digest"]}, role=role)


def judge_socket(arena: Arena, token: str) -> Any:
    """A judge tablet's socket (the seat token goes in the query, as a second tablet would)."""
    return arena.client.websocket_connect(f"/ws/judge?seat_token={token}")


def receive_until(ws: Any, kind: str, limit: int = 20) -> dict[str, Any]:
    """Read messages until one of ``type == kind`` (deltas and snapshots may come first)."""
    for _ in range(limit):
        message = ws.receive_json(timeout=5)
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind!r} message in {limit} messages")


def press(ws: Any, contest_id: int, seq: int, side: str = "red", value: str = "2", epoch: str = "e1") -> dict[str, Any]:
    ws.send_json({"type": "press", "epoch": epoch, "seq": seq, "side": side, "value": value, "contest_id": contest_id})
    return receive_until(ws, "ack")


def _die_with_parent() -> None:
    """In the child before it runs: on Linux, receive SIGTERM when the test process dies (killed,
    crashed, or a pytest worker stopped), so no server outlives the suite, pass or fail."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class ServerProcess:
    """``arena serve`` in its own process, so a test can SIGKILL it mid-bout and start it again."""

    def __init__(self, data_dir: Path, port: int | None = None, database_url: str = "") -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.database_url = database_url
        self.proc: Any = None
        self._admin: str | None = None
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = data_dir / f"server-{self.port}.log"

    def env(self) -> dict[str, str]:
        env = {**os.environ, "ARENA_ARGON2_PROFILE": "CHEAPEST", "ARENA_SECRET_KEY": "s" * 48, "ARENA_DATA_DIR": str(self.data_dir)}
        if self.database_url:
            env["ARENA_DATABASE_URL"] = self.database_url
        return env

    def cli(self, *args: str) -> str:
        import subprocess
        import sys

        out = subprocess.run([sys.executable, "-m", "assembly.cli", *args], env=self.env(), capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def admin_token(self) -> str:
        """The bearer token of an ``admin`` account, made once with the CLI (as a venue's first set-up does)."""
        if self._admin is None:
            self.cli("user", "create", "admin", "--role", "admin", "--password", PASSWORD)
            self._admin = self.cli("token", "create", "admin")
        return self._admin

    def _as_admin(self, method: str, url: str, body: Any = None) -> Any:
        import httpx

        r = httpx.request(method, self.base + url, json=body, headers={"Authorization": f"Bearer {self.admin_token()}"}, timeout=20)
        assert r.status_code < 300, r.text
        return r.json()

    def user(self, username: str, role: str, full_name: str = "", password: str = PASSWORD) -> None:
        """An account made by the admin over the API: the same use case as ``arena user create``, without
        starting another Python process for it (each CLI call costs about 3 s of CPU)."""
        if username == "admin":
            self.admin_token()
            return
        self._as_admin("POST", "/api/users", {"username": username, "password": password, "roles": [role], "full_name": full_name})

    def token(self, username: str) -> str:
        """A bearer token of ``username``, issued by the admin over the API (as ``arena token create``)."""
        if username == "admin":
            return self.admin_token()
        user_id = next(u["id"] for u in self._as_admin("GET", "/api/users") if u["username"] == username)
        token: str = self._as_admin("POST", "/api/tokens", {"user_id": user_id, "name": "test"})["token"]
        return token

    def start(self) -> ServerProcess:
        import subprocess
        import sys
        import time

        import httpx

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assembly.cli", "serve", "--port", str(self.port)],
            env=self.env(),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + 150  # a loaded 2-core machine (a whole suite beside it) can take a minute
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()  # never leave a half-started server behind
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        import signal

        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        import signal
        import subprocess

        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=8)
        except subprocess.TimeoutExpired:
            self.kill()


def venue_setup(server: ServerProcess, ruleset: str = "taekwondo-wt") -> tuple[dict[str, str], Setup, Any]:
    """Accounts, a bout on a field and an httpx client with the page cookies, on a real server."""
    import httpx

    server.user("referee", "referee")
    tokens = {role: server.token(role) for role in ("admin", "referee")}
    client = httpx.Client(base_url=server.base, timeout=10)
    arena = Arena(client=client, app=None, tokens=tokens)
    setup = build_contest(arena, ruleset=ruleset)
    return tokens, setup, arena


def coach_the_athlete(arena: Arena, *athlete_ids: int, username: str = "coach") -> int:
    """Put the athletes in a team whose coach is the person record of ``username``'s account."""
    import uuid

    team = arena.ok(arena.post("/api/teams", {"name": f"Đội {uuid.uuid4().hex[:6]}", "level": "city"}, role="manager"))
    for athlete_id in athlete_ids:
        arena.ok(arena.post(f"/api/people/{athlete_id}/team", {"team_id": team["id"], "on": "2026-01-01"}, role="manager"))
    coach = arena.ok(arena.post("/api/people", {"full_name": "Võ Thanh Tùng", "kind": "coach", "team_id": team["id"]}, role="manager"))
    user_id = next(u["id"] for u in arena.ok(arena.get("/api/users")) if u["username"] == username)
    arena.ok(arena.client.put(f"/api/users/{user_id}/person", json={"person_id": coach["id"]}, headers=arena.as_role("admin")))
    return coach["id"]


def wait_until(page: Any, expression: str, timeout: float = 5_000) -> None:
    """Wait until ``expression`` is true in ``page``. Playwright's ``wait_for_function`` builds its
    predicate with ``eval``, which the pages' Content-Security-Policy forbids; ``evaluate`` runs
    through the DevTools protocol, which the policy does not cover. Polls every 50 ms."""
    import time as _time

    deadline = _time.monotonic() + timeout / 1000
    while True:
        if page.evaluate(f"() => Boolean({expression})"):
            return
        if _time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout / 1000:.0f} s: {expression}")
        page.wait_for_timeout(50)
