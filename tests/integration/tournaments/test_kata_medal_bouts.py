"""A WKF kata category of ten, run through the real hub on SQLite and PostgreSQL (WKF Kata Competition Rules art. 3.4):
two groups of five, then the medal bouts the draw made from the start (planned in the order of competition before
anyone is known): each group's 2nd against the other group's 3rd for the two bronzes, the group winners for gold. Each
bout is two performances scored by seven judges; the standings are 1, 2, 3, 3, 5, 5, and the medals follow."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from arena_builders import Arena
from tournament_builders import send_marks, settle

SEATS = tuple(f"J{i}" for i in range(1, 8))
NAMES = (
    "Nguyễn Thảo Vy", "Lê Ngọc Hân", "Trần Bảo Trâm", "Phạm Khánh Linh", "Võ Mỹ Duyên",
    "Hồ Thu Trang", "Đặng Minh Thư", "Mai Gia Hân", "Bùi Phương Anh", "Đỗ Hà My",
)  # fmt: skip
# In the group round athlete i marks 6.0 + 0.2 i from every judge (so a later name ranks higher). In a bout the red
# (AKA) and the blue (AO) performer get these marks: the 3rd of group B beats the 2nd of group A; group B's winner
# takes the gold.
BOUT_MARKS = {"B1": ("7.0", "7.4"), "B2": ("8.0", "7.0"), "F": ("7.0", "8.0")}


def kata(marks: str) -> Decimal:
    """WKF, 7 judges: of each component the two highest and two lowest dropped, three summed; 0.7 and 0.3 weights."""
    return 3 * Decimal(marks) * Decimal("0.7") + 3 * Decimal(marks) * Decimal("0.3")


def setup_kata(arena: Arena) -> dict[str, Any]:
    ok, post = arena.ok, arena.post
    today = arena.app.state.clock.today()
    comp = ok(
        post("/api/competitions", {"name": "Giải Karate Thành phố", "venue": "Nhà thi đấu Phan Đình Phùng", "starts_on": today.isoformat()})
    )
    event = ok(
        post("/api/events", {"competition_id": comp["id"], "name": "Kata cá nhân nữ", "sport": "karate", "ruleset_id": "karate-kata-wkf"})
    )
    fop = ok(post("/api/fops", {"competition_id": comp["id"], "name": "Thảm kata"}))
    panel = ok(post("/api/panels", {"fop_id": fop["id"], "name": "Tổ trọng tài kata", "seats": list(SEATS)}))
    teams = [
        ok(post("/api/teams", {"name": f"CLB Karate {k} {comp['id']}", "level": "city", "sport": "karate"}, role="manager"))["id"]
        for k in "ABC"
    ]
    category = ok(
        post(
            "/api/tournaments/categories",
            {
                "event_id": event["id"],
                "name": "Kata cá nhân nữ - Trẻ",
                "code": "KATA-F",
                "sex": "F",
                "min_age": 14,
                "max_age": 17,
                "draw_format": "judged",
                "draw_options": {"groups": 5, "stages": [{"name": "Vòng bảng", "take": None}], "bronze": "groups"},
                "contest_minutes": 4,
                "sport_rules": "karate",
            },
            role="manager",
        )
    )
    for i, name in enumerate(NAMES):
        person = {
            "full_name": name,
            "kind": "athlete",
            "gender": "F",
            "birth_date": f"{today.year - 15}-0{1 + i % 9}-15",
            "medical_until": (today + timedelta(days=200)).isoformat(),
            "team_id": teams[i % 3],
            "guardian_name": "Phụ huynh " + name.split()[-1],
            "guardian_phone": f"09041234{i:02d}",
        }
        athlete = ok(post("/api/people", person, role="manager"))["id"]
        ok(post(f"/api/tournaments/categories/{category['id']}/entries", {"athlete_id": athlete}, role="manager"))
    return {"competition": comp["id"], "category": category["id"], "fop": fop["id"], "panel": panel["id"]}  # fmt: skip


def judge(arena: Arena, t: dict[str, Any], marks: str, seq: int) -> None:
    """Every judge gives the same marks for both components."""
    send_marks(arena, t["fop"], t["panel"], [(seat, c, marks) for c in ("technical", "athletic") for seat in SEATS], seq)


def test_a_kata_category_of_ten_goes_through_two_groups_and_the_medal_bouts_to_its_medals(arena: Arena) -> None:
    t = setup_kata(arena)
    ok, post, cat = arena.ok, arena.post, t["category"]
    ok(post(f"/api/tournaments/categories/{cat}/status", {"status": "closed"}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/commitment", {}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/draw", {}, role="manager"))
    clock = arena.app.state.clock
    start = datetime.combine(clock.today(), time(8, 0), tzinfo=clock.zone)
    session = {"fop_id": t["fop"], "name": "Sáng", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=4)).isoformat()}
    ok(post(f"/api/tournaments/competitions/{t['competition']}/sessions", session, role="manager"))
    # the six medal-bout performances are planned with the group round, before their athletes are known
    assert ok(post(f"/api/tournaments/competitions/{t['competition']}/plan", {}, role="manager"))["placed"] == 16
    state = ok(arena.get(f"/api/tournaments/categories/{cat}/bracket", role=None))
    bouts = [m for m in state["matches"] if m["stage"] == "Tranh huy chương"]
    assert [m["label"] for m in bouts] == [
        "Tranh huy chương đồng 1 - Đai đỏ",
        "Tranh huy chương đồng 1 - Đai xanh",
        "Tranh huy chương đồng 2 - Đai đỏ",
        "Tranh huy chương đồng 2 - Đai xanh",
        "Chung kết - Đai đỏ",
        "Chung kết - Đai xanh",
    ]
    assert all(m["red"] is None and m["planned"] for m in bouts)
    planned = {m["key"]: m["planned"] for m in state["matches"]}
    assert max(v for k, v in planned.items() if k.startswith("S1:")) < planned["B1:1"] < planned["B2:1"] < planned["F:1"]

    seq = 0
    for _ in range(16):
        seq += 1
        state = ok(arena.get(f"/api/tournaments/categories/{cat}/bracket", role=None))
        nxt = ok(post(f"/api/tournaments/fields/{t['fop']}/next", {}, role="referee"))["contest_id"]
        match = next(m for m in state["matches"] if m["contest_id"] == nxt)
        assert match["red"] is not None, match  # nobody is called to a bout before the group round ends
        if match["key"].startswith("S1:"):
            marks = f"{6 + Decimal('0.2') * NAMES.index(match['red']['name']):.1f}"
        else:
            bout, side = match["key"].split(":")
            marks = BOUT_MARKS[bout][int(side) - 1]
        arena.command(nxt, "start_contest")
        judge(arena, t, marks, seq)
        arena.command(nxt, "end_contest")
        settle(arena)

    state = ok(arena.get(f"/api/tournaments/categories/{cat}/bracket", role=None))
    assert state["finished"], state
    groups: dict[str, list[str]] = {}
    for r in sorted(state["performances"]["Vòng bảng"], key=lambda r: r["place"]):
        groups.setdefault(r["group"], []).append(r["name"])
    a, b = groups["A"], groups["B"]
    assert [len(a), len(b)] == [5, 5] and all(a[i] in NAMES for i in range(5))
    scores = {m["key"]: (m["red"]["name"], Decimal(m["score"]["red"])) for m in state["matches"] if m["stage"] == "Tranh huy chương"}
    assert scores == {
        "B1:1": (a[1], kata("7.0")),
        "B1:2": (b[2], kata("7.4")),
        "B2:1": (b[1], kata("8.0")),
        "B2:2": (a[2], kata("7.0")),
        "F:1": (a[0], kata("7.0")),
        "F:2": (b[0], kata("8.0")),
    }
    rest = sorted(a[3:] + b[3:], key=lambda name: -NAMES.index(name))  # the 4ths and 5ths by their group totals
    expected = [(1, b[0]), (2, a[0]), (3, b[1]), (3, b[2]), (5, a[1]), (5, a[2])]
    placed = [(p["place"], p["name"]) for p in state["placements"]]
    assert sorted(placed[:6]) == sorted(expected) and placed[6:] == [(7 + i, n) for i, n in enumerate(rest)]
    lines = ok(arena.get(f"/api/results/categories/{cat}", role=None))["lines"]
    medals = sorted((ln["place"], ln["name"], ln["medal"]) for ln in lines if ln["medal"])
    assert medals == sorted([(1, b[0], "gold"), (2, a[0], "silver"), (3, b[1], "bronze"), (3, b[2], "bronze")])
    page = arena.get(f"/brackets/{cat}", role=None)
    assert page.status_code == 200 and "Tranh huy chương đồng 1 - Đai đỏ" in page.text


def test_the_medal_bouts_are_planned_after_the_athletes_rest_from_the_group_round_on_any_field(arena: Arena) -> None:
    """The medal bouts' performers come from the groups' places, known only when the group round ends: the plan puts
    the first bout after the last group performance plus the karate rest (5 min), even with a second field idle."""
    t = setup_kata(arena)
    ok, post, cat = arena.ok, arena.post, t["category"]
    for step in ("status", "commitment", "draw"):
        ok(post(f"/api/tournaments/categories/{cat}/{step}", {"status": "closed"} if step == "status" else {}, role="manager"))
    other = ok(post("/api/fops", {"competition_id": t["competition"], "name": "Thảm kata 2"}))
    ok(post("/api/panels", {"fop_id": other["id"], "name": "Tổ trọng tài kata 2", "seats": list(SEATS)}))
    clock = arena.app.state.clock
    start = datetime.combine(clock.today(), time(8, 0), tzinfo=clock.zone)
    for fop in (t["fop"], other["id"]):
        session = {"fop_id": fop, "name": "Sáng", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=4)).isoformat()}
        ok(post(f"/api/tournaments/competitions/{t['competition']}/sessions", session, role="manager"))
    assert ok(post(f"/api/tournaments/competitions/{t['competition']}/plan", {}, role="manager"))["placed"] == 16
    state = ok(arena.get(f"/api/tournaments/categories/{cat}/bracket", role=None))
    at = {m["key"]: datetime.strptime(m["planned"], "%H:%M") for m in state["matches"]}
    groups_end = max(v for k, v in at.items() if k.startswith("S1:")) + timedelta(minutes=4)  # 4 minutes a performance
    first_bout = min(v for k, v in at.items() if not k.startswith("S1:"))
    assert first_bout >= groups_end + timedelta(minutes=5), (groups_end, first_bout)
