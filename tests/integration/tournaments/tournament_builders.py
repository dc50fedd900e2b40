"""Builders for tournament tests: a competition with fields and panels, athletes with teams, and
a category filled through the API as a manager would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from arena_builders import Arena

NAMES = (
    "Nguyễn Văn An", "Trần Minh Bảo", "Lê Quốc Cường", "Phạm Đức Dũng", "Hoàng Gia Huy", "Vũ Thành Khang",
    "Đặng Hữu Lộc", "Bùi Tấn Minh", "Đỗ Trọng Nghĩa", "Hồ Công Phát", "Ngô Bảo Quân", "Dương Tuấn Sơn",
    "Lý Hoàng Tâm", "Mai Xuân Thịnh", "Châu Khải Uy", "Tạ Văn Vinh",
)  # fmt: skip
TEAMS = ("Quận 1", "Thủ Đức", "Bình Thạnh", "Gò Vấp")


@dataclass
class Tournament:
    competition_id: int
    event_id: int
    fops: list[int]
    athletes: list[int]
    category_id: int


def setup_tournament(
    arena: Arena,
    n: int = 13,
    ruleset: str = "taekwondo-wt",
    draw_format: str = "repechage",
    fields: int = 2,
    draw_options: dict[str, Any] | None = None,
    sport_rules: str = "taekwondo",
) -> Tournament:
    ok, post = arena.ok, arena.post
    clock = arena.app.state.clock
    today = clock.today()
    comp = ok(
        post("/api/competitions", {"name": "Giải Taekwondo Thành phố", "venue": "Nhà thi đấu Phú Thọ", "starts_on": today.isoformat()})
    )
    event = ok(
        post("/api/events", {"competition_id": comp["id"], "name": "Taekwondo đối kháng", "sport": "taekwondo", "ruleset_id": ruleset})
    )
    fops = []
    for i in range(1, fields + 1):
        fop = ok(post("/api/fops", {"competition_id": comp["id"], "name": f"Thảm {i}"}))
        ok(post("/api/panels", {"fop_id": fop["id"], "name": f"Tổ trọng tài {i}", "seats": ["J1", "J2", "J3"]}))
        fops.append(fop["id"])
    teams = [
        ok(post("/api/teams", {"name": f"{t} {comp['id']}", "level": "city", "sport": "taekwondo"}, role="manager"))["id"] for t in TEAMS
    ]
    athletes = []
    for i in range(n):
        person = {
            "full_name": NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i}"),
            "kind": "athlete",
            "gender": "M",
            "birth_date": f"{today.year - 20}-0{1 + i % 9}-15",
            "medical_until": (today + timedelta(days=200)).isoformat(),
            "team_id": teams[i % len(teams)],
        }
        athletes.append(ok(post("/api/people", person, role="manager"))["id"])
    category = ok(
        post(
            "/api/tournaments/categories",
            {
                "event_id": event["id"],
                "name": "Nam 58 kg - Tuyển",
                "code": "M-58",
                "sex": "M",
                "min_age": 17,
                "weight_min": "54",
                "weight_max": "58",
                "draw_format": draw_format,
                "draw_options": draw_options or {},
                "contest_minutes": 10,
                "sport_rules": sport_rules,
            },
            role="manager",
        )
    )
    return Tournament(comp["id"], event["id"], fops, athletes, category["id"])


def register_all(arena: Arena, t: Tournament, weight: str = "57,5") -> list[dict[str, Any]]:
    entries = []
    for athlete_id in t.athletes:
        entries.append(
            arena.ok(arena.post(f"/api/tournaments/categories/{t.category_id}/entries", {"athlete_id": athlete_id}, role="manager"))
        )
    for e in entries:
        arena.ok(arena.post(f"/api/tournaments/entries/{e['id']}/weigh-in", {"weight": weight}, role="referee"))
    return entries


def draw(arena: Arena, t: Tournament, witness: str = "Trưởng đoàn Quận 1: 4711") -> dict[str, Any]:
    arena.ok(arena.post(f"/api/tournaments/categories/{t.category_id}/status", {"status": "closed"}, role="manager"))
    arena.ok(arena.post(f"/api/tournaments/categories/{t.category_id}/commitment", {}, role="manager"))
    return arena.ok(arena.post(f"/api/tournaments/categories/{t.category_id}/draw", {"witness": witness}, role="manager"))


def add_sessions(arena: Arena, t: Tournament) -> None:
    clock = arena.app.state.clock
    day = clock.today()
    start = datetime.combine(day, time(8, 0), tzinfo=clock.zone)
    for fop_id in t.fops:
        arena.ok(
            arena.post(
                f"/api/tournaments/competitions/{t.competition_id}/sessions",
                {"fop_id": fop_id, "name": "Cả ngày", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=12)).isoformat()},
                role="manager",
            )
        )


def settle(arena: Arena) -> None:
    """Wait until the hub has told its listeners everything (the bracket moves on in the background)."""
    import asyncio

    async def wait() -> None:
        hub = arena.app.state.hub
        while hub.background:
            await asyncio.gather(*list(hub.background), return_exceptions=True)

    arena.run(wait)


def send_marks(arena: Arena, fop_id: int, panel_id: int, marks: Iterable[tuple[str, str, str]], seq: int) -> None:
    """Judges' marks for the field's current contest, as their tablets send them: (seat, component, value); the
    component is "" for a panel with one component per seat."""
    from scoring.keypads import submit_input

    async def send() -> None:
        for seat, component, value in marks:
            await submit_input(
                arena.app.state.hub,
                fop_id=fop_id,
                panel_id=panel_id,
                seat=seat,
                kind="mark",
                data={"seat": seat, "value": value, **({"component": component} if component else {})},
                source_epoch=f"tablet-{seat}-{component}",
                seq=seq,
                contest_id=None,  # the field's current contest
                actor=f"seat:{seat}",
            )

    arena.run(send)


def judged_final(
    arena: Arena,
    *,
    sport: str,
    ruleset_id: str,
    seats: Iterable[str],
    names: Iterable[str],
    sex: str,
    event: str,
    category: str,
    code: str,
) -> dict[str, Any]:
    """A judged category of one stage ("Chung kết") on one field with one panel: its athletes (``names``, 16 years old,
    one team) entered, the category closed, drawn and its order planned in a morning session."""
    ok, post = arena.ok, arena.post
    clock = arena.app.state.clock
    today = clock.today()
    comp = ok(
        post("/api/competitions", {"name": f"Giải {event} Thành phố", "venue": "Nhà thi đấu Phú Thọ", "starts_on": today.isoformat()})
    )
    ev = ok(post("/api/events", {"competition_id": comp["id"], "name": event, "sport": sport, "ruleset_id": ruleset_id}))
    fop = ok(post("/api/fops", {"competition_id": comp["id"], "name": "Thảm thi đấu"}))
    panel = ok(post("/api/panels", {"fop_id": fop["id"], "name": "Tổ giám định", "seats": list(seats)}))
    team = ok(post("/api/teams", {"name": f"CLB {event} {comp['id']}", "level": "city", "sport": sport}, role="manager"))["id"]
    body = {
        "event_id": ev["id"],
        "name": category,
        "code": code,
        "sex": sex,
        "min_age": 14,
        "max_age": 18,
        "draw_format": "judged",
        "draw_options": {"stages": [{"name": "Chung kết", "take": None}]},
        "contest_minutes": 3,
    }
    cat = ok(post("/api/tournaments/categories", body, role="manager"))["id"]
    people = list(names)
    for i, name in enumerate(people):
        person = {
            "full_name": name,
            "kind": "athlete",
            "gender": sex,
            "birth_date": f"{today.year - 16}-0{1 + i}-15",
            "medical_until": (today + timedelta(days=200)).isoformat(),
            "team_id": team,
            "guardian_name": "Phụ huynh " + name.split()[-1],
            "guardian_phone": f"09041234{i:02d}",
        }
        athlete = ok(post("/api/people", person, role="manager"))["id"]
        ok(post(f"/api/tournaments/categories/{cat}/entries", {"athlete_id": athlete}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/status", {"status": "closed"}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/commitment", {}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/draw", {}, role="manager"))
    start = datetime.combine(today, time(8, 0), tzinfo=clock.zone)
    session = {"fop_id": fop["id"], "name": "Sáng", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()}
    ok(post(f"/api/tournaments/competitions/{comp['id']}/sessions", session, role="manager"))
    assert ok(post(f"/api/tournaments/competitions/{comp['id']}/plan", {}, role="manager"))["placed"] == len(people)
    return {"competition": comp["id"], "category": cat, "fop": fop["id"], "panel": panel["id"]}
