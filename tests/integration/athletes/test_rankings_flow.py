"""Rankings across competitions through the HTTP API and the public page, on SQLite and PostgreSQL:
awards replace their own rows, standings sum within the window, the points table is the manager's,
and seeds come from the ranking by the sport's rule."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from arena_builders import Arena
from athletes_helpers import audit_actions, count_rows

from athletes.models import RankingEntry

NAMES = ("Nguyễn Văn An", "Trần Minh Bảo", "Lê Quốc Cường", "Phạm Đức Dũng", "Hoàng Gia Huy")


def people(app: Arena, n: int = 5, team: str = "Quận 1") -> list[int]:
    team_id = app.ok(app.post("/api/teams", {"name": team, "level": "city", "sport": "karate"}, role="manager"))["id"]
    today = app.app.state.clock.today()
    out = []
    for i in range(n):
        body = {
            "full_name": NAMES[i],
            "kind": "athlete",
            "gender": "M",
            "birth_date": f"{today.year - 20}-0{i + 1}-15",
            "medical_until": (today + timedelta(days=200)).isoformat(),
            "team_id": team_id,
        }
        out.append(app.ok(app.post("/api/people", body, role="manager"))["id"])
    return out


def award(app: Arena, placements: list[list[int]], on: date, name: str = "Giải Vô địch Thành phố", level: str = "city", **kw: Any) -> Any:
    body = {
        "sport": "karate",
        "level": level,
        "competition_name": name,
        "competition_date": on.isoformat(),
        "category_code": "KUM-SEN-M-67",
        "category_name": "Kumite nam 67 kg",
        "placements": placements,
        **kw,
    }
    return app.post("/api/rankings/awards", body, role="manager")


def standings(app: Arena) -> list[dict[str, Any]]:
    data = app.ok(app.get("/api/rankings?sport=karate&category=KUM-SEN-M-67", role=None))
    return [{"name": s["name"], "points": s["points"]} for s in data["standings"]]


def test_awarding_the_same_category_again_replaces_its_rows_and_is_audited(app: Arena) -> None:
    a, b, c, *_ = people(app)
    today = app.app.state.clock.today()
    app.ok(award(app, [[1, a], [2, b], [3, c]], today))
    app.ok(award(app, [[1, b], [2, a], [3, c]], today))  # a corrected result of the same category
    assert count_rows(app, RankingEntry) == 3
    assert standings(app) == [{"name": NAMES[1], "points": 20}, {"name": NAMES[0], "points": 12}, {"name": NAMES[2], "points": 7}]
    assert [x[1] for x in audit_actions(app, "ranking:karate:KUM-SEN-M-67")] == ["athletes.ranking.award"] * 2


def test_standings_sum_competitions_in_the_window_and_halve_the_older_year(app: Arena) -> None:
    a, b, *_ = people(app)
    today = app.app.state.clock.today()
    app.ok(award(app, [[1, a], [2, b]], today - timedelta(days=10)))
    app.ok(award(app, [[1, b], [3, a]], today - timedelta(days=400), name="Giải Vô địch Quốc gia", level="national"))
    app.ok(award(app, [[1, b]], today - timedelta(days=800), name="Giải cũ"))  # outside the 2 years
    assert standings(app) == [{"name": NAMES[0], "points": 20 + 18 / 2}, {"name": NAMES[1], "points": 12 + 50 / 2}][::-1]


def test_awarding_an_unknown_athlete_is_a_404_naming_the_id_and_saves_nothing(app: Arena) -> None:
    a, *_ = people(app, 1)
    for missing in (999_999, 2**40):
        r = award(app, [[1, a], [2, missing]], app.app.state.clock.today())
        assert r.status_code == 404, r.text
        assert r.json()["code"] == "athletes.person_not_found"
        assert str(missing) in r.json()["message"]
    assert count_rows(app, RankingEntry) == 0


def test_a_coach_cannot_change_the_points_table_and_a_bad_row_is_named_in_vietnamese(app: Arena) -> None:
    rows = [{"sport": "karate", "level": "city", "place": 1, "points": 30}, {"sport": "karate", "level": "city", "place": 2, "points": 20}]
    assert app.client.put("/api/rankings/points", json={"rows": rows}, headers=app.as_role("coach")).status_code == 403
    assert app.get("/api/rankings/points", role="coach").status_code == 403
    bad = app.client.put(
        "/api/rankings/points", json={"rows": [*rows, {"level": "tỉnh", "place": 1, "points": 5}]}, headers=app.as_role("manager")
    )
    assert bad.status_code == 400
    assert bad.json()["message"].startswith("Bảng điểm xếp hạng, dòng 3, cột «cấp giải (level)»")
    assert app.ok(app.get("/api/rankings/points", role="manager"))["default"] is True
    saved = app.ok(app.client.put("/api/rankings/points", json={"rows": rows}, headers=app.as_role("manager")))
    assert saved["default"] is False and [r["points"] for r in saved["rows"]] == [30, 20]
    a, b, *_ = people(app, 2)
    app.ok(award(app, [[1, a], [2, b]], app.app.state.clock.today()))
    assert [s["points"] for s in standings(app)] == [30, 20]


def test_the_public_page_shows_names_teams_and_best_results_without_login(app: Arena) -> None:
    a, b, *_ = people(app, 2, team="Bình Thạnh")
    app.ok(award(app, [[1, a], [2, b]], app.app.state.clock.today()))
    page = app.client.get("/rankings?sport=karate&category=KUM-SEN-M-67")
    assert page.status_code == 200, page.text
    html = page.text
    assert NAMES[0] in html and NAMES[1] in html and "Bình Thạnh" in html
    assert "Giải Vô địch Thành phố" in html and "Kumite nam 67 kg" in html
    names = re.findall(r'<span class="rk-name">([^<]*)</span>', html)
    assert names == ["Vận động viên", NAMES[0], NAMES[1]]  # the header, then names (never ids) in ranking order
    assert html.index(NAMES[0]) < html.index(NAMES[1])
    assert "Bảng xếp hạng" in html
    empty = app.client.get("/rankings")
    assert empty.status_code == 200


def _category(app: Arena, sport: str, code: str, athletes: list[int]) -> tuple[int, list[int]]:
    today = app.app.state.clock.today()
    comp = app.ok(
        app.post("/api/competitions", {"name": "Giải Trẻ Thành phố", "venue": "Nhà thi đấu Phú Thọ", "starts_on": today.isoformat()})
    )
    event = app.ok(
        app.post("/api/events", {"competition_id": comp["id"], "name": "Kumite", "sport": sport, "ruleset_id": "karate-kumite-wkf"})
    )
    cat = app.ok(
        app.post(
            "/api/tournaments/categories",
            {"event_id": event["id"], "name": "Kumite nam 67 kg", "code": code, "sex": "M", "min_age": 17, "draw_format": "single"},
            role="manager",
        )
    )
    entries = [
        app.ok(app.post(f"/api/tournaments/categories/{cat['id']}/entries", {"athlete_id": a}, role="manager"))["id"] for a in athletes
    ]
    return cat["id"], entries


def test_seeds_from_the_ranking_follow_the_rule_wt_passes_down_wkf_does_not(app: Arena) -> None:
    a, b, c, d, e = people(app)
    today = app.app.state.clock.today()
    app.ok(award(app, [[1, a], [2, b], [3, c], [3, d]], today - timedelta(days=30)))  # a 20, b 12, c 7, d 7
    category_id, entries = _category(app, "karate", "KUM-SEN-M-67", [b, c, d, e])  # a, the top ranked, is absent
    url = f"/api/tournaments/categories/{category_id}/seed-from-ranking"

    wkf = app.ok(app.post(url, {"n": 2}, role="manager"))["seeds"]  # karate: WKF's rule by default
    assert {s["athlete_id"]: s["seed"] for s in wkf} == {b: 2, c: None, d: None, e: None}  # seed 1 stays unused

    wt = app.ok(app.post(url, {"rule": "wt", "n": 2}, role="manager"))["seeds"]
    assert {s["athlete_id"]: s["seed"] for s in wt} == {b: 1, c: 2, d: None, e: None}
    listed = app.ok(app.get(f"/api/tournaments/categories/{category_id}/entries", role="manager"))
    rows = listed if isinstance(listed, list) else listed.get("entries", [])
    assert {r["athlete_id"]: r["seed"] for r in rows} == {b: 1, c: 2, d: None, e: None}

    assert app.post(url, {"n": 2}, role="coach").status_code == 403
    assert app.post(url, {"rule": "ijf"}, role="manager").status_code == 400
