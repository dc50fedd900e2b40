"""Results book benchmark (issue 14): the results book of a 40-category, ~600-contest competition, built in under 30 s.

Setup (not measured): a competition on the embedded SQLite database, built over HTTP as the officials would (the
real app of ``assembly.app.create_app``, seeded accounts, bearer tokens; httpx's ASGI transport on the app's own
loop, so that six categories are set up at once and every field holds its contests at once): 28 taekwondo
categories of 8-16 athletes (knockout and repechage, each on its mat, the athletes weighed in), 8 kata categories (a
preliminary and a final, 7 judges, two components) and 4 diving categories (six divers, five dives each from their
dive lists, 5 judges). Every contest is called by its field (``fields/{id}/next``) and held through the real hub:
bouts won on the judges' presses (2 of 3 within 1 s, a 12-point gap each round) or decided by the referee on the
mat, a few walkovers off the mat, every performance marked by each judge, one diver withdrawn. One taekwondo
category is left running (its pages say provisional). The setup is written in a tmpfs and copied to disk before
timing; during the setup only, the hub keeps 24 finished contests in memory instead of 256 (each result makes the
bracket follower read every cached contest of the field again, which made holding 600 contests quadratic).

Measured, over HTTP as a manager, each run on a fresh copy of the data folder and a fresh app (so the book is
issued anew, never served from the register): ``GET /api/results/competitions/{id}/book.pdf`` (every standing,
every contest log read again, every score folded, one PDF, issued through the register), the same request again
(unchanged: served from the register), and ``book.xlsx``. The floor, in the same process: one plain ``SELECT`` of
the same log rows with ``sqlite3``, plus reportlab's ``SimpleDocTemplate`` with one plain ``Table`` per category of
the same row count (openpyxl's write-only workbook with the same sheets and rows for the workbook).

Run: ``.venv/bin/python bench/bench_results_book.py`` (``--runs N``, ``--profile``, ``--no-write``). Prints a
Markdown section and replaces the "Results book" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import logging
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from arena_builders import seed_accounts  # noqa: E402

from base.settings import Settings  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from report import stamp, write_section  # noqa: E402

TITLE = "Results book"
TARGET_S = 30.0
TEAMS = ("Quận 1", "Quận 3", "Quận 5", "Bình Thạnh", "Gò Vấp", "Thủ Đức", "Tân Bình", "Phú Nhuận")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Mai", "Châu", "Tạ")
MIDDLE_M = ("Văn", "Minh", "Quốc", "Đức", "Gia", "Thành", "Hữu", "Tấn", "Trọng", "Công")
MIDDLE_F = ("Thị", "Ngọc", "Thanh", "Thu", "Kim", "Bảo", "Mỹ", "Hải", "Tú", "Phương")
GIVEN_M = ("An", "Bảo", "Cường", "Dũng", "Huy", "Khang", "Lộc", "Minh", "Nghĩa", "Phát", "Quân", "Sơn", "Tâm", "Thịnh", "Uy", "Vinh")
GIVEN_F = ("Anh", "Bích", "Chi", "Dung", "Hà", "Hạnh", "Lan", "Linh", "Mai", "Ngân", "Oanh", "Phượng", "Quyên", "Thảo", "Uyên", "Yến")
# WT weight classes (kg): each category is (previous limit, limit]
WEIGHTS = {"M": ("54", "58", "63", "68", "74", "80", "87"), "F": ("46", "49", "53", "57", "62", "67", "73")}
AGES = (("Tuyển", 17, None, 21), ("Trẻ", 14, 17, 16))  # (age group, min age, max age, the athletes' age)
KATA = [(sex, group) for group in ("Tuyển", "Trẻ", "Thiếu niên", "Cúp CLB") for sex in ("M", "F")]
DIVING = [("M", "Cầu 3m"), ("F", "Cầu 3m"), ("M", "Cầu 1m"), ("F", "Cầu 1m")]
DIVES = (("101B", "1.5"), ("103C", "1.8"), ("105B", "2.4"), ("107C", "2.8"), ("201B", "1.8"), ("203C", "2.0"), ("305B", "3.0"))
KATA_SEATS = tuple(f"J{i}" for i in range(1, 8))
DIVING_SEATS = tuple(f"J{i}" for i in range(1, 6))
SEX_VI = {"M": "Nam", "F": "Nữ"}


def quiet() -> None:
    for name in ("httpx", "litestar", "aiosqlite", "alembic", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)


@contextlib.contextmanager
def running_app(data_dir: Path, secret: str) -> Iterator[tuple[Any, Any]]:
    """The real app on ``data_dir`` (migrated already) under Litestar's test client."""
    from litestar.testing import TestClient

    from assembly.app import create_app

    settings = Settings(data_dir=data_dir, database_url="", secret_key=secret, argon2_profile="CHEAPEST")
    app = create_app(settings, clock=settings.clock(), run_migrations=False)
    with TestClient(app=app) as client:
        yield app, client


@dataclass
class Field:
    id: int
    panel: int
    kind: str  # "mat", "kata", "board"
    budget: int | None = None  # contests to hold on it (None: until its order is done)


@dataclass
class Built:
    competition: int
    categories: int
    fields: list[Field]
    bouts: dict[int, int] = field(default_factory=dict)  # contest id -> bout id
    held: dict[str, int] = field(default_factory=dict)  # how each contest was held -> how many
    appends: int = 0


# ---- setup: the competition, over HTTP --------------------------------------------------------------


class Http:
    """The app over HTTP from its own event loop (httpx's ASGI transport: the whole middleware stack, bearer
    tokens), so that several fields and categories are set up and held at once, as a venue's consoles would."""

    def __init__(self, client: Any, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def headers(self, role: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}

    @staticmethod
    def ok(r: Any) -> Any:
        assert r.status_code < 300, f"{r.request.method} {r.request.url}: {r.status_code} {r.text[:500]}"
        return r.json() if r.content else None

    async def post(self, url: str, json: Any, role: str = "manager") -> Any:
        return self.ok(await self.client.post(url, json=json, headers=self.headers(role)))

    async def put(self, url: str, json: Any, role: str = "manager") -> Any:
        return self.ok(await self.client.put(url, json=json, headers=self.headers(role)))

    async def get(self, url: str, role: str | None = None) -> Any:
        return self.ok(await self.client.get(url, headers=self.headers(role)))


class Builder:
    def __init__(self, http: Http, clock: Any, rnd: random.Random) -> None:
        self.http, self.rnd, self.clock = http, rnd, clock
        self.today = clock.today()
        self.people = 0
        self.gate = asyncio.Semaphore(6)  # categories set up at once

    async def person(self, sex: str, age: int, team: int) -> int:
        self.people += 1
        n = self.people
        middle, given = (MIDDLE_M, GIVEN_M) if sex == "M" else (MIDDLE_F, GIVEN_F)
        name = f"{self.rnd.choice(SURNAMES)} {self.rnd.choice(middle)} {self.rnd.choice(given)}"
        body = {
            "full_name": name,
            "kind": "athlete",
            "gender": sex,
            "birth_date": f"{self.today.year - age}-{1 + n % 12:02d}-{1 + n % 27:02d}",
            "medical_until": (self.today + timedelta(days=200)).isoformat(),
            "team_id": team,
        }
        if age < 18:
            body |= {"guardian_name": f"Phụ huynh {name.split()[-1]}", "guardian_phone": f"09{n:08d}"}
        return int((await self.http.post("/api/people", body))["id"])

    async def field(self, comp: int, name: str, seats: tuple[str, ...], kind: str, budget: int | None = None) -> Field:
        extra = {"kind": "board"} if kind == "board" else {}
        fop = await self.http.post("/api/fops", {"competition_id": comp, "name": name, **extra}, "admin")
        panel = await self.http.post("/api/panels", {"fop_id": fop["id"], "name": f"Tổ trọng tài {name}", "seats": list(seats)}, "admin")
        return Field(int(fop["id"]), int(panel["id"]), kind, budget)

    async def category(self, body: dict[str, Any], size: int, sex: str, age: int, teams: list[int], weight: str | None) -> int:
        """Create, fill (new athletes of the city's teams), weigh in, enter dive lists, close and draw one category."""
        async with self.gate:
            http = self.http
            cat = int((await http.post("/api/tournaments/categories", body))["id"])
            first = self.rnd.randrange(len(teams))
            entries = []
            for i in range(size):
                athlete = await self.person(sex, age, teams[(first + i) % len(teams)])
                entries.append(int((await http.post(f"/api/tournaments/categories/{cat}/entries", {"athlete_id": athlete}))["id"]))
            for e in entries:
                if weight is not None:
                    await http.post(f"/api/tournaments/entries/{e}/weigh-in", {"weight": weight}, "referee")
                if body["draw_options"].get("parts"):  # each diver's dive list: five dives with their degree of difficulty
                    dives = self.rnd.sample(DIVES, body["draw_options"]["parts"])
                    await http.put(f"/api/tournaments/entries/{e}/program", {"items": [{"code": c, "dd": dd} for c, dd in dives]})
            await http.post(f"/api/tournaments/categories/{cat}/status", {"status": "closed"})
            await http.post(f"/api/tournaments/categories/{cat}/commitment", {})
            await http.post(f"/api/tournaments/categories/{cat}/draw", {"witness": "Trưởng đoàn Quận 1: 2026"})
            return cat

    async def build(self, combat: int, kata: int, diving: int) -> Built:
        http = self.http
        comp_body = {
            "name": "Đại hội Thể dục Thể thao Thành phố 2026",
            "venue": "Nhà thi đấu Phú Thọ",
            "starts_on": self.today.isoformat(),
            "ends_on": (self.today + timedelta(days=2)).isoformat(),
        }
        comp = int((await http.post("/api/competitions", comp_body, "admin"))["id"])
        events = {}
        for kind, name, sport, ruleset in (
            ("mat", "Taekwondo đối kháng", "taekwondo", "taekwondo-wt"),
            ("kata", "Karate quyền (kata)", "karate", "karate-kata-wkf"),
            ("board", "Nhảy cầu", "diving", "diving-individual-5@2025"),
        ):
            body = {"competition_id": comp, "name": name, "sport": sport, "ruleset_id": ruleset}
            events[kind] = int((await http.post("/api/events", body, "admin"))["id"])
        mats = [await self.field(comp, f"Thảm {i}", ("J1", "J2", "J3"), "mat") for i in range(1, 6)]
        running = await self.field(comp, "Thảm 6", ("J1", "J2", "J3"), "mat", budget=6)  # its category is still on when the book is printed
        katas = [await self.field(comp, f"Sàn quyền {i}", KATA_SEATS, "kata") for i in (1, 2)]
        board = await self.field(comp, "Cầu nhảy", DIVING_SEATS, "board")
        fields = [*mats, running, *katas, board]
        teams = [int((await http.post("/api/teams", {"name": t, "level": "city"}))["id"]) for t in TEAMS]
        todo = []
        for i in range(combat):
            sex = "MF"[i % 2]
            limits = WEIGHTS[sex]
            k = (i // 2) % len(limits)
            group, min_age, max_age, age = AGES[(i // (2 * len(limits))) % len(AGES)]
            body = {
                "event_id": events["mat"],
                "name": f"{SEX_VI[sex]} {limits[k]} kg - {group}",
                "code": f"TKD-{sex}{limits[k]}-{i}",
                "sex": sex,
                "min_age": min_age,
                "weight_min": limits[k - 1] if k else str(int(limits[0]) - 4),
                "weight_max": limits[k],
                "draw_format": "repechage" if i % 2 == 0 else "single",
                "draw_options": {},
                "contest_minutes": 4,
                "sport_rules": "taekwondo",
                "fields": [running.id] if i == combat - 1 else [mats[i % len(mats)].id],  # a category stays on its mat
            }
            if max_age is not None:
                body["max_age"] = max_age
            weight = str(Decimal(limits[k]) - Decimal("0.4")).replace(".", ",")
            todo.append(self.category(body, 8 + (i * 5) % 9, sex, age, teams, weight))  # 8 .. 16 athletes
        for i in range(kata):
            sex, group = KATA[i % len(KATA)]
            body = {
                "event_id": events["kata"],
                "name": f"Kata cá nhân {SEX_VI[sex].lower()} - {group}",
                "code": f"KATA-{sex}-{i}",
                "sex": sex,
                "min_age": 14,
                "draw_format": "judged",
                "draw_options": {"stages": [{"name": "Vòng loại", "take": 4}, {"name": "Chung kết", "take": None}]},
                "contest_minutes": 3,
                "sport_rules": "karate",
                "fields": [katas[i % 2].id],
            }
            todo.append(self.category(body, 9 + i % 4, sex, 20, teams, None))
        for i in range(diving):
            sex, board_name = DIVING[i % len(DIVING)]
            body = {
                "event_id": events["board"],
                "name": f"{board_name} {SEX_VI[sex].lower()}",
                "code": f"DIVE-{sex}-{i}",
                "sex": sex,
                "min_age": 14,
                "draw_format": "judged",
                "draw_options": {"stages": [{"name": "Chung kết", "take": None}], "parts": 5},
                "contest_minutes": 2,
                "sport_rules": "diving",
                "fields": [board.id],
            }
            todo.append(self.category(body, 6, sex, 19, teams, None))
        cats = list(await asyncio.gather(*todo))
        start = datetime.combine(self.today, clock_time(6, 0), tzinfo=self.clock.zone)
        for f in fields:
            session = {
                "fop_id": f.id,
                "name": "Cả ngày",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=17)).isoformat(),
            }
            await http.post(f"/api/tournaments/competitions/{comp}/sessions", session)
        planned = await http.post(f"/api/tournaments/competitions/{comp}/plan", {})
        assert planned["unplaced"] == [], planned["unplaced"][:5]
        built = Built(comp, len(cats), fields)
        for cat in cats:
            for m in (await http.get(f"/api/tournaments/categories/{cat}/bracket"))["matches"]:
                if m.get("contest_id") is not None and m.get("bout_id") is not None:
                    built.bouts[int(m["contest_id"])] = int(m["bout_id"])
        return built


# ---- setup: holding every contest through the hub ----------------------------------------------------


class Hold:
    """The contests of one field, held on the app's event loop: the field calls its next contest over HTTP
    (``POST /api/tournaments/fields/{id}/next``), the head referee's commands go in as the console's do
    (``command_event`` then ``LiveHub.append``, what ``POST /api/contests/{id}/commands`` does) and the judges'
    inputs as their tablets send them (``submit_input``); the hub's listeners (the bracket moving on) are
    awaited before the next call."""

    def __init__(self, http: Http, hub: Any, f: Field, built: Built, rnd: random.Random) -> None:
        self.http, self.hub, self.f, self.built, self.rnd = http, hub, f, built, rnd
        self.seq = 0

    async def cmd(self, cid: int, command: str, **kw: Any) -> None:
        from scoring.commands import command_event
        from scoring.schemas import ContestCommand

        rt = await self.hub.runtime(cid)
        kind, payload = command_event(ContestCommand(command=command, **kw), rt.envelope.round)
        await self.hub.append(cid, kind, payload, actor="referee")
        self.built.appends += 1

    async def judge(self, cid: int, seat: str, kind: str, data: dict[str, Any]) -> None:
        from scoring.keypads import submit_input

        self.seq += 1
        await submit_input(
            self.hub,
            fop_id=self.f.id,
            panel_id=self.f.panel,
            seat=seat,
            kind=kind,
            data={"seat": seat, **data},
            source_epoch=f"tablet-{self.f.id}-{seat}",
            seq=self.seq,
            contest_id=cid,  # the contest the tablet shows, as it sends it
            actor=f"seat:{seat}",
        )
        self.built.appends += 1

    async def settle(self) -> None:
        while self.hub.background:
            await asyncio.gather(*list(self.hub.background), return_exceptions=True)

    async def kick(self, cid: int, side: str, value: str, seats: tuple[str, ...]) -> None:
        for seat in seats:
            await self.judge(cid, seat, "press", {"side": side, "value": value})

    async def scored_bout(self, cid: int, winner: str) -> None:
        """Won on the judges' presses: each round the winner's kicks open a 12-point gap (PTG)."""
        loser = "blue" if winner == "red" else "red"
        rounds = [winner, winner] if self.rnd.random() < 0.7 else [winner, loser, winner]
        await self.cmd(cid, "start_contest")
        for who in rounds:
            other = loser if who == winner else winner
            await self.cmd(cid, "start_round")
            await self.cmd(cid, "start_clock")
            await self.kick(cid, other, "1", ("J1", "J3"))
            for value in ("5", "4", "3", "2"):
                await self.kick(cid, who, value, ("J1", "J2") if self.rnd.random() < 0.8 else ("J1", "J2", "J3"))
            await self.cmd(cid, "end_round")
        await self.cmd(cid, "end_contest")

    async def decided_bout(self, cid: int, winner: str) -> None:
        """A few points each, then the referee stops it: superiority, or an injury."""
        loser = "blue" if winner == "red" else "red"
        await self.cmd(cid, "start_contest")
        await self.cmd(cid, "start_round")
        await self.cmd(cid, "start_clock")
        await self.kick(cid, winner, "2", ("J1", "J2"))
        await self.kick(cid, loser, "1", ("J2", "J3"))
        await self.kick(cid, winner, "3", ("J1", "J3"))
        await self.cmd(cid, "pause_clock")
        injury = self.rnd.random() < 0.3
        method, reason = ("withdrawal", "Vận động viên chấn thương, xin dừng") if injury else ("referee_decision", "Ưu thế rõ rệt")
        await self.cmd(cid, "decide", winner=winner, method=method, reason=reason)
        await self.cmd(cid, "end_contest")

    async def performance(self, cid: int) -> None:
        """Every judge's marks (kata: technical and athletic, 5.0-10.0 by 0.2; diving: awards 0-10 by 0.5)."""
        await self.cmd(cid, "start_contest")
        if self.f.kind == "kata":
            base = Decimal(self.rnd.randrange(32, 44)) / 5  # 6.4 .. 8.6
            for comp in ("technical", "athletic"):
                for seat in KATA_SEATS:
                    mark = min(Decimal(10), max(Decimal(5), base + Decimal(self.rnd.randrange(-2, 3)) / 5))
                    await self.judge(cid, seat, "mark", {"component": comp, "value": str(mark)})
        else:
            base = Decimal(self.rnd.randrange(10, 17)) / 2  # 5.0 .. 8.0
            for seat in DIVING_SEATS:
                award = min(Decimal(10), max(Decimal(0), base + Decimal(self.rnd.randrange(-2, 3)) / 2))
                await self.judge(cid, seat, "mark", {"value": str(award)})
        await self.cmd(cid, "end_contest")

    async def off_the_mat(self, cid: int, winner: str) -> str:
        """A walkover (a bout), or a diver's withdrawal (her remaining dives are not held), previewed then applied."""
        if self.f.kind == "mat":
            body: dict[str, Any] = {"winner": winner, "decision": "walkover", "reason": "Đối thủ không có mặt"}
        else:
            body = {"decision": "withdrawal", "reason": "Chấn thương vai"}
        url = f"/api/tournaments/bouts/{self.built.bouts[cid]}/decision"
        preview = await self.http.post(f"{url}/preview", body)  # after the draw a decision is applied as previewed
        await self.http.post(url, {**body, "preview": preview["digest"]})
        return "walkover" if self.f.kind == "mat" else "withdrawal"

    async def run(self) -> int:
        """Hold the field's contests in its order until it has no next one (or its budget is spent)."""
        held = 0
        while self.f.budget is None or held < self.f.budget:
            cid = (await self.http.post(f"/api/tournaments/fields/{self.f.id}/next", {}, "referee"))["contest_id"]
            if cid is None:
                return held
            held += 1
            roll, winner = self.rnd.random(), "red" if self.rnd.random() < 0.55 else "blue"
            if self.f.kind == "mat" and roll < 0.07 or self.f.kind == "board" and held == 45:
                how = await self.off_the_mat(cid, winner)
            elif self.f.kind == "mat" and roll < 0.3:
                await self.decided_bout(cid, winner)
                how = "decided"
            elif self.f.kind == "mat":
                await self.scored_bout(cid, winner)
                how = "scored"
            else:
                await self.performance(cid)
                how = "kata" if self.f.kind == "kata" else "dive"
            await self.settle()
            self.built.held[how] = self.built.held.get(how, 0) + 1
        return held


async def hold_everything(http: Http, hub: Any, built: Built, seed: int) -> None:
    """Every field holds its contests at once; a field that has no next contest yet (it waits for another
    field's result) tries again once the others have moved on."""
    while True:
        held = await asyncio.gather(*(Hold(http, hub, f, built, random.Random(seed * 1000 + f.id)).run() for f in built.fields))
        for f, n in zip(built.fields, held, strict=True):
            if f.budget is not None:
                f.budget -= n
        if not any(held):
            return


def setup(master: Path, secret: str, scale: tuple[int, int, int], seed: int) -> tuple[Built, dict[str, str], dict[str, float]]:
    import httpx

    import scoring.live.hub
    from assembly.migrate import upgrade

    t0 = time.perf_counter()
    upgrade(Settings(data_dir=master, database_url="", secret_key=secret, argon2_profile="CHEAPEST"))
    times = {"migrate": time.perf_counter() - t0}
    # The setup only: keep few finished contests in the hub's memory. After each result the bracket follower
    # reads again every cached contest of the field (``refresh_field``), so a full cache makes holding 600
    # contests quadratic; the timed runs use fresh apps with the hub as it is.
    scoring.live.hub.CACHED = 24
    with running_app(master, secret) as (app, client):
        tokens = seed_accounts(app, client.blocking_portal.call)

        async def build() -> Built:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local", timeout=120) as c:
                http = Http(c, tokens)
                t1, c1 = time.perf_counter(), time.process_time()
                built = await Builder(http, app.state.clock, random.Random(seed)).build(*scale)
                t2, c2 = time.perf_counter(), time.process_time()
                await hold_everything(http, app.state.hub, built, seed)
                times.update(build=t2 - t1, hold=time.perf_counter() - t2, build_cpu=c2 - c1, hold_cpu=time.process_time() - c2)
                return built

        built = client.blocking_portal.call(build)
    return built, tokens, times


# ---- measuring ----------------------------------------------------------------------------------------


@dataclass
class Run:
    pdf_s: float
    again_s: float
    xlsx_s: float
    pdf_bytes: int
    xlsx_bytes: int
    same_again: bool


def pdf_pages(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


@dataclass
class Volume:
    """What the book held, read from the app after the timed requests (for the floor and the report)."""

    contests: list[int]
    log_rows: int
    standings: list[dict[str, Any]]
    logs: dict[int, list[tuple[str, str]]]
    protocols: dict[int, list[list[str]]]
    medal_rows: int
    finished: int
    categories: int
    statuses: dict[str, int]
    gather_s: float  # ResultsDocuments.book(): the standings, every log read again and folded, the protocols
    render_s: float  # results_book_pdf() of what was gathered (without the register's stamp)


def volume(app: Any, client: Any, competition: int) -> Volume:
    """The data the book is made of, gathered once more (not timed) through the results service."""

    from results import documents as doc

    async def gather() -> Any:
        from results.issuing import ResultsDocuments
        from results.service import ResultsService

        async with app.state.db_factory() as session:
            docs = ResultsDocuments(ResultsService(session, app.state.clock), None, None)  # type: ignore[arg-type]
            t0 = time.perf_counter()
            m, gathered, prots, final = await docs.book(competition)
            elapsed = time.perf_counter() - t0
            return m, gathered, prots, await docs.paper(competition, final), elapsed

    m, gathered, prots, paper, gather_s = client.blocking_portal.call(gather)
    t0 = time.perf_counter()
    doc.results_book_pdf(m, [g.out for g in gathered], paper, {g.standing.category_id: g.logs for g in gathered}, prots)
    render_s = time.perf_counter() - t0
    contests = [cid for g in gathered for cid in g.replayed]
    protocols = {
        cat: [[pr.label, pr.name, "  ".join(f"{s}: {v}" for s, v, _ in marks), value] for pr in ps for _, marks, value in pr.components]
        for cat, ps in prots.items()
    }
    statuses: dict[str, int] = {}
    for g in gathered:
        statuses[g.out["status_vi"]] = statuses.get(g.out["status_vi"], 0) + 1
    return Volume(
        contests=contests,
        log_rows=sum(r.events for g in gathered for r in g.replayed.values()),
        standings=[g.out for g in gathered],
        logs={g.standing.category_id: [(lg.label, lg.head) for lg in g.logs] for g in gathered},
        protocols=protocols,
        medal_rows=len(m["rows"]),
        finished=int(m["finished"]),
        categories=int(m["categories"]),
        statuses=statuses,
        gather_s=gather_s,
        render_s=render_s,
    )


def measure(data_dir: Path, secret: str, built: Built, tokens: dict[str, str], want_volume: bool) -> tuple[Run, Volume | None, bytes]:
    manager = {"Authorization": f"Bearer {tokens['manager']}"}
    url = f"/api/results/competitions/{built.competition}/book"
    with running_app(data_dir, secret) as (app, client):
        assert client.get("/health").status_code == 200
        t0 = time.perf_counter()
        first = client.get(url + ".pdf", headers=manager)
        t1 = time.perf_counter()
        again = client.get(url + ".pdf", headers=manager)
        t2 = time.perf_counter()
        xlsx = client.get(url + ".xlsx", headers=manager)
        t3 = time.perf_counter()
        for r in (first, again, xlsx):
            assert r.status_code == 200, r.text[:500]
        assert first.headers.get("x-arena-document-code"), "the book was not issued through the register"
        vol = volume(app, client, built.competition) if want_volume else None
    run = Run(
        pdf_s=t1 - t0,
        again_s=t2 - t1,
        xlsx_s=t3 - t2,
        pdf_bytes=len(first.content),
        xlsx_bytes=len(xlsx.content),
        same_again=again.content == first.content,
    )
    return run, vol, first.content


# ---- the floor: the stock libraries doing the bare minimum for the same volume -------------------------


def floor_sql(db: Path, contests: list[int]) -> tuple[float, int]:
    """One plain SELECT of every log row of the book's contests."""
    marks = ",".join("?" * len(contests))
    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT contest_id, seq, kind, payload, at, actor, source, epoch, source_seq, prev_hash, hash "
            f"FROM contest_event WHERE contest_id IN ({marks}) ORDER BY contest_id, seq",
            contests,
        ).fetchall()
    finally:
        con.close()
    return time.perf_counter() - t0, len(rows)


def floor_tables(v: Volume) -> list[tuple[str, list[list[str]]]]:
    """(title, rows) per table of the floor: the contents, the medal table, then one per category with as many
    rows as the book prints for it (standing lines, pool lines, log heads, protocol marks)."""
    tables = [("Mục lục", [[str(i + 1), s["name"], s["status_vi"]] for i, s in enumerate(v.standings)])]
    tables.append(("Tổng sắp", [[str(i + 1), f"Đơn vị {i + 1}", "0", "0", "0"] for i in range(v.medal_rows + 1)]))
    for s in v.standings:
        rows = [
            [str(ln["place"] or ""), ln["medal_vi"], ln["name"], ln["team"], ln["score"] or f"{ln['won']} – {ln['lost']}"]
            for ln in s["lines"]
        ]
        rows += [[str(p["rank"]), p["name"], p["team"], str(p["won"]), str(p["lost"])] for pool in s["pools"].values() for p in pool]
        rows += [[label, head, "khớp", "", ""] for label, head in v.logs.get(s["category_id"], [])]
        rows += [[a, b, c, d, ""] for a, b, c, d in v.protocols.get(s["category_id"], [])]
        tables.append((s["name"], rows))
    return tables


def floor_pdf(tables: list[tuple[str, list[list[str]]]]) -> tuple[float, int, int]:
    """reportlab: a SimpleDocTemplate, one plain Table per table (same font), a page break between them."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

    from base.pdf import FONT, register_fonts

    register_fonts()
    t0 = time.perf_counter()
    story: list[Any] = []
    style = TableStyle(
        [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 7), ("GRID", (0, 0), (-1, -1), 0.4, colors.black)]
    )
    for title, rows in tables:
        if story:
            story.append(PageBreak())
        story.append(Table([[title, "", "", "", ""], *rows], repeatRows=1, style=style))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    elapsed = time.perf_counter() - t0
    return elapsed, pdf_pages(buf.getvalue()), sum(len(rows) + 1 for _, rows in tables)


def floor_xlsx(tables: list[tuple[str, list[list[str]]]]) -> float:
    """openpyxl: a write-only workbook, a sheet per category (and the medal table) with the same rows."""
    from openpyxl import Workbook

    t0 = time.perf_counter()
    book = Workbook(write_only=True)
    for n, (_, rows) in enumerate(tables[1:]):
        ws = book.create_sheet(f"Sheet {n}")
        for r in rows:
            ws.append(r)
    book.save(io.BytesIO())
    return time.perf_counter() - t0


# ---- profile ------------------------------------------------------------------------------------------


def profile(data_dir: Path, secret: str, built: Built, top: int = 25) -> str:
    """cProfile of the book, on a fresh copy: the gathering on the app's event loop thread (standings, logs read
    again, scores folded, protocols), then the rendering (reportlab) in this thread, each with its top functions."""
    from results import documents as doc
    from results.issuing import ResultsDocuments
    from results.service import ResultsService

    out = io.StringIO()
    with running_app(data_dir, secret) as (app, client):
        prof = cProfile.Profile()

        async def gather() -> Any:
            async with app.state.db_factory() as session:
                docs = ResultsDocuments(ResultsService(session, app.state.clock), None, None)  # type: ignore[arg-type]
                prof.enable()
                try:
                    m, gathered, prots, final = await docs.book(built.competition)
                    paper = await docs.paper(built.competition, final)
                finally:
                    prof.disable()
                return m, gathered, prots, paper

        t0 = time.perf_counter()
        m, gathered, prots, paper = client.blocking_portal.call(gather)
        gather_s = time.perf_counter() - t0
        render = cProfile.Profile()
        t1 = time.perf_counter()
        render.enable()
        doc.results_book_pdf(m, [g.out for g in gathered], paper, {g.standing.category_id: g.logs for g in gathered}, prots)
        render.disable()
        render_s = time.perf_counter() - t1
    for title, p, seconds in (("gathering (event loop thread)", prof, gather_s), ("rendering (reportlab)", render, render_s)):
        out.write(f"\n### {title}: {seconds:.2f} s wall\n\n")
        stats = pstats.Stats(p, stream=out)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


# ---- the report ---------------------------------------------------------------------------------------


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def report(
    built: Built,
    runs: list[Run],
    v: Volume,
    pages: int,
    floors: dict[str, float],
    floor_pages: int,
    rows: int,
    times: dict[str, float],
    loads: tuple[str, str],
) -> str:
    pdf = statistics.median(r.pdf_s for r in runs)
    again = statistics.median(r.again_s for r in runs)
    xlsx = statistics.median(r.xlsx_s for r in runs)
    floor_book = floors["sql"] + floors["pdf"]
    floor_book_xlsx = floors["sql"] + floors["xlsx"]
    held = built.held
    spread = f" (runs: {', '.join(f'{r.pdf_s:.1f}' for r in runs)} s)" if len(runs) > 1 else ""
    verdict = "met" if pdf < TARGET_S else "NOT met"
    return "\n".join(
        [
            stamp("bench/bench_results_book.py" + (f" --runs {len(runs)}" if len(runs) != 1 else "")),
            "",
            f"{v.categories} categories ({v.finished} finished; {', '.join(f'{n} {k}' for k, n in v.statuses.items())}), "
            f"{len(v.contests)} contests whose logs the book reads again ({v.log_rows:,} log rows): "
            f"{held.get('scored', 0)} bouts won on the judges' presses (point gap), {held.get('decided', 0)} decided by the referee, "
            f"{held.get('walkover', 0)} walkovers off the mat, {held.get('kata', 0)} kata performances (7 judges x 2 components), "
            f"{held.get('dive', 0)} dives (5 judges, dd from the dive lists), {held.get('withdrawal', 0)} withdrawal; "
            f"{built.appends:,} events appended through the hub. Embedded SQLite on disk; each run on a fresh copy of the data "
            f"folder and a fresh app, so the book is issued anew (median of {len(runs)}). Target: the book PDF in under {TARGET_S:.0f} s: **{verdict}**.",
            "",
            "| measurement | value |",
            "| --- | ---: |",
            f"| `GET .../book.pdf`, first issue (gather, re-read and fold every log, render, register){spread} | {pdf:.2f} s |",
            f"| the book: pages / bytes | {pages} / {runs[0].pdf_bytes:,} |",
            f"| of which, timed apart (last run, same app): gathering (`ResultsDocuments.book`) / rendering (`results_book_pdf`) | {v.gather_s:.2f} / {v.render_s:.2f} s |",
            f"| `GET .../book.pdf` again, unchanged (served from the register, same bytes: {'yes' if all(r.same_again for r in runs) else 'NO'}) | {again:.2f} s |",
            f"| `GET .../book.xlsx` ({v.categories + 1} sheets, {runs[0].xlsx_bytes:,} bytes) | {xlsx:.2f} s |",
            f"| floor: one `SELECT` of the same {v.log_rows:,} log rows (sqlite3) | {floors['sql'] * 1000:.0f} ms |",
            f"| floor: reportlab `SimpleDocTemplate`, one plain `Table` per category, {rows:,} rows ({floor_pages} pages) | {floors['pdf']:.2f} s |",
            f"| floor: openpyxl write-only workbook, same sheets and rows | {floors['xlsx'] * 1000:.0f} ms |",
            f"| book.pdf / floor (SELECT + reportlab, {floor_book:.2f} s) | {pdf / floor_book:.1f}x |",
            f"| book.xlsx / floor (SELECT + openpyxl, {floor_book_xlsx:.2f} s) | {xlsx / floor_book_xlsx:.1f}x |",
            f"| setup, not measured: migrate / build over HTTP / hold every contest | {times['migrate']:.0f} / {times['build']:.0f} / {times['hold']:.0f} s |",
            f"| load average (1 / 5 / 15 min) before / after the timed runs (2 cores, shared) | {loads[0]} · {loads[1]} |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--runs", type=int, default=2, help="timed runs, each on a fresh copy (default 2)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the book (always when it misses the target)")
    parser.add_argument(
        "--scale", type=int, nargs=3, default=(28, 8, 4), metavar=("COMBAT", "KATA", "DIVING"), help="categories of each kind"
    )
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    quiet()
    secret = "bench-results-book-" + "x" * 32
    shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="arena-book-", dir=shm) as fast, tempfile.TemporaryDirectory(prefix="arena-book-") as disk:
        master = Path(fast) / "var"
        t0 = time.perf_counter()
        built, tokens, times = setup(master, secret, tuple(args.scale), args.seed)
        print(f"setup {time.perf_counter() - t0:.0f} s: {times}, {built.held}, {built.appends} appends", file=sys.stderr)
        loads = [load()]
        runs: list[Run] = []
        vol: Volume | None = None
        pages = 0
        for n in range(args.runs):
            copy = Path(disk) / f"run{n}"
            shutil.copytree(master, copy)
            run, v, pdf = measure(copy, secret, built, tokens, want_volume=n == args.runs - 1)
            print(f"run {n + 1}: book.pdf {run.pdf_s:.2f} s, again {run.again_s:.2f} s, xlsx {run.xlsx_s:.2f} s", file=sys.stderr)
            runs.append(run)
            pages = pdf_pages(pdf)
            if v is not None:
                vol = v
                db = copy / "arena.db"
            else:
                shutil.rmtree(copy)
        assert vol is not None
        tables = floor_tables(vol)
        sql_s = min(floor_sql(db, vol.contests)[0] for _ in range(3))
        _, got = floor_sql(db, vol.contests)
        assert got == vol.log_rows, (got, vol.log_rows)
        pdf_runs = [floor_pdf(tables) for _ in range(2)]
        floors = {"sql": sql_s, "pdf": min(p[0] for p in pdf_runs), "xlsx": min(floor_xlsx(tables) for _ in range(2))}
        loads.append(load())
        body = report(built, runs, vol, pages, floors, pdf_runs[0][1], pdf_runs[0][2], times, (loads[0], loads[1]))
        print(f"## {TITLE}\n\n{body}")
        if args.profile or statistics.median(r.pdf_s for r in runs) >= TARGET_S:
            copy = Path(disk) / "profile"
            shutil.copytree(master, copy)
            print(profile(copy, secret, built))
    if not args.no_write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
