"""A diving category of four divers, three dives a stage (a preliminary, then a final of three), run through the
real hub on SQLite and PostgreSQL: each dive is the field's next contest, it opens with its dd from the diver's dive
list, seven judges' awards score it, and the places are the hand-computed sums of the dives; a finalist who
withdraws before her second final dive dives no more and ranks last of the final."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from arena_builders import Arena, decide_off_mat
from tournament_builders import settle

from scoring.keypads import submit_input

SEATS = ("J1", "J2", "J3", "J4", "J5", "J6", "J7")
DIVERS = ("Ngô Thanh Hà", "Lý Tú Anh", "Châu Ngọc Mai", "Dương Hải Yến")
DIVES = (("107C", "2.8"), ("305B", "3.0"), ("107B", "3.1"))
BASE = (Decimal("7"), Decimal("6.5"), Decimal("8"), Decimal("5.5"))  # each diver's usual award
FORM = {"Sơ loại": (Decimal(0), Decimal("0.5"), Decimal("-0.5")), "Chung kết": (Decimal(1), Decimal("-0.5"), Decimal("0.5"))}
SPREAD = (Decimal(-1), Decimal("-0.5"), Decimal(0), Decimal(0), Decimal("0.5"), Decimal("0.5"), Decimal(1))


def awards(diver: int, stage: str, part: int) -> list[Decimal]:
    award = BASE[diver] + FORM[stage][part - 1]
    return [award + d for d in SPREAD]


def dd(diver: int, part: int) -> Decimal:
    return Decimal(DIVES[(diver + part - 1) % 3][1])


def by_hand(diver: int, stage: str, part: int) -> Decimal:
    """World Aquatics, 7 judges: the two highest and the two lowest awards cancelled, the other three x dd."""
    kept = sorted(awards(diver, stage, part))[2:5]
    return sum(kept, Decimal(0)) * dd(diver, part)


def setup_diving(arena: Arena) -> dict[str, Any]:
    ok, post = arena.ok, arena.post
    today = arena.app.state.clock.today()
    comp = ok(
        post("/api/competitions", {"name": "Giải Nhảy cầu Thành phố", "venue": "Cung thể thao dưới nước", "starts_on": today.isoformat()})
    )
    event = ok(
        post(
            "/api/events",
            {"competition_id": comp["id"], "name": "Nhảy cầu 3m nữ", "sport": "diving", "ruleset_id": "diving-individual-7@2025"},
        )
    )
    fop = ok(post("/api/fops", {"competition_id": comp["id"], "name": "Cầu 3m", "kind": "board"}))
    panel = ok(post("/api/panels", {"fop_id": fop["id"], "name": "Tổ trọng tài cầu 3m", "seats": list(SEATS)}))
    team = ok(post("/api/teams", {"name": f"CLB Nhảy cầu {comp['id']}", "level": "city", "sport": "diving"}, role="manager"))["id"]
    category = ok(
        post(
            "/api/tournaments/categories",
            {
                "event_id": event["id"],
                "name": "Cầu 3m nữ - Trẻ",
                "code": "DIVE-3M-F",
                "sex": "F",
                "min_age": 14,
                "max_age": 18,
                "draw_format": "judged",
                "draw_options": {"stages": [{"name": "Sơ loại", "take": 3}, {"name": "Chung kết", "take": None}], "parts": 3},
                "contest_minutes": 3,
                "sport_rules": "diving",
            },
            role="manager",
        )
    )
    entries = {}
    for i, name in enumerate(DIVERS):
        person = {
            "full_name": name,
            "kind": "athlete",
            "gender": "F",
            "birth_date": f"{today.year - 16}-0{1 + i}-15",
            "medical_until": (today + timedelta(days=200)).isoformat(),
            "team_id": team,
            "guardian_name": "Phụ huynh " + name.split()[-1],
            "guardian_phone": f"090312345{i}",
        }
        athlete = ok(post("/api/people", person, role="manager"))["id"]
        entry = ok(post(f"/api/tournaments/categories/{category['id']}/entries", {"athlete_id": athlete}, role="manager"))
        entries[name] = entry["id"]
    return {"competition": comp["id"], "category": category["id"], "fop": fop["id"], "panel": panel["id"], "entries": entries}


def put(arena: Arena, url: str, json: Any, role: str = "manager") -> Any:
    return arena.client.put(url, json=json, headers=arena.as_role(role))


def dive_list(diver: int) -> list[dict[str, str]]:
    return [{"code": DIVES[(diver + p) % 3][0], "dd": DIVES[(diver + p) % 3][1].replace(".", ",")} for p in range(3)]


def judge(arena: Arena, t: dict[str, Any], contest_id: int, diver: int, stage: str, part: int, seq: int) -> None:
    async def marks() -> None:
        for seat, value in zip(SEATS, awards(diver, stage, part), strict=True):
            data = {"seat": seat, "value": str(value)}
            await submit_input(
                arena.app.state.hub,
                fop_id=t["fop"],
                panel_id=t["panel"],
                seat=seat,
                kind="mark",
                data=data,
                source_epoch=f"tablet-{seat}",
                seq=seq,
                contest_id=None,  # the field's current contest, as a tablet sends it
                actor=f"seat:{seat}",
            )

    arena.run(marks)


def test_three_dives_a_stage_from_the_dive_lists_to_the_places(arena):
    t = setup_diving(arena)
    ok, post, cat = arena.ok, arena.post, t["category"]
    # the dive lists: a slip in a dd and a missing dive are refused naming the diver and the dive
    bad = put(arena, f"/api/tournaments/entries/{t['entries'][DIVERS[0]]}/program", {"items": [{"code": "107C", "dd": "28"}] * 3})
    assert bad.status_code == 400 and DIVERS[0] in bad.json()["message"] and "bài 1" in bad.json()["message"], bad.json()
    short = put(arena, f"/api/tournaments/entries/{t['entries'][DIVERS[1]]}/program", {"items": dive_list(1)[:2]})
    assert short.status_code == 400 and "cần đúng 3 bài" in short.json()["message"]
    for i, name in enumerate(DIVERS):
        saved = ok(put(arena, f"/api/tournaments/entries/{t['entries'][name]}/program", {"items": dive_list(i)}))
        assert saved["program"][0] == {"code": DIVES[i % 3][0], "dd": DIVES[i % 3][1]}
    page = arena.get(f"/tournaments/categories/{cat}", role="manager").text
    assert "Danh sách bài nhảy" in page and 'value="2,8"' in page

    ok(post(f"/api/tournaments/categories/{cat}/status", {"status": "closed"}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/commitment", {}, role="manager"))
    drawn = ok(post(f"/api/tournaments/categories/{cat}/draw", {"witness": "Trưởng đoàn: 2026"}, role="manager"))
    assert len(drawn["matches"]) == 24 and drawn["matches"][4]["label"].startswith("Sơ loại - bài 2 - lượt 1")
    start = datetime.combine(arena.app.state.clock.today(), time(8, 0), tzinfo=arena.app.state.clock.zone)
    ok(
        post(
            f"/api/tournaments/competitions/{t['competition']}/sessions",
            {"fop_id": t["fop"], "name": "Sáng", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=4)).isoformat()},
            role="manager",
        )
    )
    planned = ok(post(f"/api/tournaments/competitions/{t['competition']}/plan", {}, role="manager"))
    assert planned["unplaced"] == [] and planned["placed"] == 24
    order = ok(arena.get(f"/api/tournaments/fields/{t['fop']}/deck", role=None))["bouts"]
    assert [b["label"] for b in order[:5]] == [f"Sơ loại - bài {p} - lượt {j}" for p, j in ((1, 1), (1, 2), (1, 3), (1, 4), (2, 1))]

    index = {name: i for i, name in enumerate(DIVERS)}
    held: list[tuple[str, str, int]] = []
    withdrawn = None
    for seq in range(1, 40):
        state = ok(arena.get(f"/api/tournaments/categories/{cat}/bracket", role=None))
        if state["finished"]:
            break
        final_ready = [m for m in state["matches"] if m["stage"] == "Chung kết" and m["status"] == "ready"]
        if withdrawn is None and final_ready and final_ready[0]["key"].endswith("/2"):
            # before the final's second dives, the first diver of the final withdraws (an injured shoulder)
            first = final_ready[0]
            withdrawn = first["red"]["name"]
            ok(decide_off_mat(arena, first["bout_id"], {"decision": "withdrawal", "reason": "chấn thương vai"}))
            continue
        nxt = ok(post(f"/api/tournaments/fields/{t['fop']}/next", {}, role="referee"))["contest_id"]
        assert nxt is not None, "the field has no next dive while the category is not finished"
        match = next(m for m in state["matches"] if m["contest_id"] == nxt)
        name, part = match["red"]["name"], int(match["key"].split("/")[1])
        contest = ok(arena.get(f"/api/contests/{nxt}", role="referee"))["contest"]
        assert contest["params"]["dd"] == str(dd(index[name], part)), (name, part, contest["params"])
        assert contest["params"]["dive_code"] == DIVES[(index[name] + part - 1) % 3][0]
        arena.command(nxt, "start_contest")
        judge(arena, t, nxt, index[name], match["stage"], part, seq)
        arena.command(nxt, "end_contest")
        settle(arena)
        held.append((match["stage"], name, part))
    assert state["finished"], state
    assert withdrawn is not None and len(held) == 12 + 3 * 3 - 2  # the withdrawn finalist's dives 2 and 3 were not held
    assert [p for s, n, p in held if s == "Sơ loại"] == [1] * 4 + [2] * 4 + [3] * 4  # dive round by dive round

    rows = {r["name"]: r for r in state["performances"]["Sơ loại"]}
    for name, r in rows.items():
        dives = [by_hand(index[name], "Sơ loại", p) for p in (1, 2, 3)]
        assert [Decimal(x) for x in r["parts"]] == dives and Decimal(r["total"]) == sum(dives), (name, r)
    assert Decimal(rows[DIVERS[0]]["total"]) == Decimal("191.20")  # 21.5 x 2.8 + 23 x 3.0 + 20 x 3.1
    prelim = sorted(DIVERS, key=lambda n: -Decimal(rows[n]["total"]))
    assert [rows[n]["place"] for n in prelim] == [1, 2, 3, 4]
    finals = {r["name"]: r for r in state["performances"]["Chung kết"]}
    assert set(finals) == set(prelim[:3]) and finals[withdrawn]["stopped"] and finals[withdrawn]["parts"][1:] == ["0", None]
    finishers = sorted((n for n in finals if n != withdrawn), key=lambda n: -sum(by_hand(index[n], "Chung kết", p) for p in (1, 2, 3)))
    for n in finishers:
        assert Decimal(finals[n]["total"]) == sum(by_hand(index[n], "Chung kết", p) for p in (1, 2, 3))
    expected = [*finishers, withdrawn, prelim[3]]
    assert [(p["place"], p["name"]) for p in state["placements"]] == [(i, n) for i, n in enumerate(expected, start=1)]
    public = arena.get(f"/brackets/{cat}", role=None).text
    assert "Bài 3" in public and "Tổng" in public and rows[DIVERS[0]]["total"] in public and "xin rút" in public


def test_a_dive_called_without_its_dd_is_refused_naming_the_diver_until_the_list_is_entered(arena):
    t = setup_diving(arena)
    ok, post, cat = arena.ok, arena.post, t["category"]
    ok(post(f"/api/tournaments/categories/{cat}/status", {"status": "closed"}, role="manager"))
    ok(post(f"/api/tournaments/categories/{cat}/commitment", {}, role="manager"))
    drawn = ok(post(f"/api/tournaments/categories/{cat}/draw", {}, role="manager"))
    start = datetime.combine(arena.app.state.clock.today(), time(8, 0), tzinfo=arena.app.state.clock.zone)
    ok(
        post(
            f"/api/tournaments/competitions/{t['competition']}/sessions",
            {"fop_id": t["fop"], "name": "Sáng", "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=4)).isoformat()},
            role="manager",
        )
    )
    ok(post(f"/api/tournaments/competitions/{t['competition']}/plan", {}, role="manager"))
    first = drawn["matches"][0]["red"]["name"]
    refused = post(f"/api/tournaments/fields/{t['fop']}/next", {}, role="referee")
    assert refused.status_code == 409 and first in refused.json()["message"] and "bài 1" in refused.json()["message"], refused.json()
    i = DIVERS.index(first)
    ok(put(arena, f"/api/tournaments/entries/{t['entries'][first]}/program", {"items": dive_list(i)}))
    nxt = ok(post(f"/api/tournaments/fields/{t['fop']}/next", {}, role="referee"))["contest_id"]
    assert ok(arena.get(f"/api/contests/{nxt}", role="referee"))["contest"]["params"]["dd"] == DIVES[i % 3][1]
