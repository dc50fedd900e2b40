"""Results over real HTTP: a category run to its end gives its places and medals (1, 2, 3, 3 with
repechage), the medal table counts finished categories only, the JSON and CSV exports are public,
and only a manager may change the results settings (a bad points table is refused, naming the item)."""

from __future__ import annotations

import csv
import io

from results_builders import finish_category, planned_category


def _start(arena, n=8, draw_format="repechage"):
    return planned_category(arena, n=n, draw_format=draw_format)


def test_a_finished_category_gives_places_medals_and_the_medal_table(arena):
    t = _start(arena)
    before = arena.ok(arena.get(f"/api/results/categories/{t.category_id}", role=None))
    assert before["status"] == "running" and before["status_vi"].startswith("Đang thi đấu")
    assert not any(ln["medal"] for ln in before["lines"])  # no medal before the end
    table = arena.ok(arena.get(f"/api/results/competitions/{t.competition_id}/medals", role=None))
    assert table["rows"] == [] and table["final"] is False and table["finished"] == 0

    bracket = finish_category(arena, t.category_id)
    got = arena.ok(arena.get(f"/api/results/categories/{t.category_id}", role=None))
    assert got["final"] is True and got["status_vi"] == "Chính thức"
    placed = [(ln["place"], ln["name"], ln["team"], ln["medal"]) for ln in got["lines"] if ln["place"]]
    assert [p for p, *_ in placed[:4]] == [1, 2, 3, 3]
    assert [m for *_, m in placed[:4]] == ["gold", "silver", "bronze", "bronze"]
    # the places are the draw's own, name for name
    assert [(p["place"], p["name"]) for p in bracket["placements"]] == [(p, n) for p, n, *_ in placed]
    champion = got["lines"][0]
    assert champion["won"] >= 3 and champion["lost"] == 0

    table = arena.ok(arena.get(f"/api/results/competitions/{t.competition_id}/medals", role=None))
    assert table["final"] is True and table["finished"] == table["categories"] == 1
    assert table["totals"] == {"gold": 1, "silver": 1, "bronze": 2, "points": 0}
    top = table["rows"][0]
    assert top["team"] == champion["team"] and top["gold"] == 1 and top["rank"] == 1

    body = arena.get(f"/api/results/competitions/{t.competition_id}/medals.csv", role=None)
    assert body.status_code == 200 and body.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Hạng", "Đoàn", "Vàng", "Bạc", "Đồng"]  # by default the entries' teams (đoàn) are counted
    assert sum(int(r[2]) for r in rows[1:]) == 1 and sum(int(r[4]) for r in rows[1:]) == 2
    body = arena.get(f"/api/results/categories/{t.category_id}/standings.csv", role=None)
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert rows[1][2:5] == ["1", "Huy chương Vàng", champion["name"]]

    page = arena.get(f"/results/{t.competition_id}", role=None)
    assert page.status_code == 200 and "Bảng tổng sắp huy chương" in page.text and champion["name"] in page.text
    page = arena.get(f"/results/categories/{t.category_id}", role=None)
    assert page.status_code == 200 and "Huy chương Vàng" in page.text and "Chính thức" in page.text
    assert arena.get("/results", role=None).status_code == 200


def test_points_order_the_team_ranking_when_the_regulations_say_so(arena):
    t = _start(arena)
    finish_category(arena, t.category_id)
    url = f"/api/results/competitions/{t.competition_id}/settings"
    r = arena.client.put(url, json={"organiser": "Sở VH-TT", "order": "points", "points": "1:10, 2:x"}, headers=arena.as_role("manager"))
    assert r.status_code == 400 and "mục 2" in r.json()["message"] and "bảng điểm" in r.json()["message"]
    assert (
        arena.client.put(
            url, json={"organiser": "Sở VH-TT", "order": "points", "points": "1:10"}, headers=arena.as_role("coach")
        ).status_code
        == 403
    )
    assert arena.get(url, role=None).status_code in (401, 403)
    saved = arena.ok(
        arena.client.put(
            url,
            json={"organiser": "Sở Văn hóa và Thể thao TP", "order": "points", "points": "1:10, 2:8, 3:6, 5:4"},
            headers=arena.as_role("manager"),
        )
    )
    assert saved["points"] == "1:10, 2:8, 3:6, 5:4" and saved["order_vi"] == "Theo điểm toàn đoàn"
    table = arena.ok(arena.get(f"/api/results/competitions/{t.competition_id}/medals", role=None))
    assert table["totals"]["points"] == 10 + 8 + 6 + 6 + 4 * 2  # two fifths with repechage of 8
    points = [r["points"] for r in table["rows"]]
    assert points == sorted(points, reverse=True)
    assert "Sở Văn hóa và Thể thao TP" in arena.get(f"/results/{t.competition_id}", role=None).text


def test_unknown_or_cancelled_categories_are_not_found_in_vietnamese(arena):
    r = arena.get("/api/results/categories/999999", role=None)
    assert r.status_code == 404 and "Không tìm thấy" in r.json()["message"]
    r = arena.get("/api/results/competitions/999999/medals", role=None)
    assert r.status_code == 404 and "giải" in r.json()["message"]
