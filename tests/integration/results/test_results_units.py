"""The medal table by the regulations' unit over real HTTP: the manager switches "Tính toàn đoàn
theo" between Đoàn, Câu lạc bộ and Quận/huyện and the JSON, the CSV, the page, the PDF (pdftotext)
and the workbook (openpyxl) count that unit, headed by its name; entrants without a club are
listed as "Chưa có câu lạc bộ". A unit is the entry's, fixed when the athlete was entered: an
athlete who changes club after the event moves no medal, and the issued medal table still checks
against the logs. A coach may not change the setting."""

from __future__ import annotations

import csv
import io
from collections import Counter

from results_builders import finish_category
from test_results_documents import needs_poppler, pdf_pages
from tournament_builders import add_sessions, draw, register_all, setup_tournament

# three athletes of eight have a club: of the four medallists the draw makes, one at least has none
CLUBS = ("CLB Taekwondo Phú Thọ", "CLB Võ thuật Hòa Hưng", "CLB Taekwondo Phú Thọ", "", "", "", "", "")
DISTRICTS = ("Quận 1", "binh thanh", "TP. Thủ Đức")  # "binh thanh" as a person might type it: "Quận Bình Thạnh"


def _person(arena, pid):
    return arena.ok(arena.get(f"/api/people/{pid}", role="manager"))


def _update(arena, pid, **change):
    p = _person(arena, pid)
    keep = ("full_name", "kind", "birth_date", "gender", "team_id", "medical_until", "club", "district")
    body = {k: p[k] for k in keep} | change
    return arena.ok(arena.client.put(f"/api/people/{pid}", json=body, headers=arena.as_role("manager")))


def _finished(arena):
    """Eight athletes of four teams, two clubs (five athletes with none) and three districts, run to the end."""
    t = setup_tournament(arena, n=8, draw_format="repechage", fields=1)
    for i, pid in enumerate(t.athletes):
        _update(arena, pid, club=CLUBS[i], district=DISTRICTS[i % 3])
    register_all(arena, t)
    draw(arena, t)
    add_sessions(arena, t)
    arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    finish_category(arena, t.category_id)
    return t


def _tally(lines, unit, none):
    """Gold, silver, bronze per unit, counted by hand from the standing's lines."""
    out: dict[str, Counter] = {}
    for ln in lines:
        if ln["medal"]:
            out.setdefault(ln[unit] or none, Counter())[ln["medal"]] += 1
    return {k: (c["gold"], c["silver"], c["bronze"]) for k, c in out.items()}


def _settings(arena, count_by, role="manager"):
    url = f"/api/results/competitions/{arena.t.competition_id}/settings"
    return arena.client.put(
        url, json={"organiser": "Sở Văn hóa và Thể thao", "order": "medals", "count_by": count_by}, headers=arena.as_role(role)
    )


@needs_poppler
def test_the_medal_table_counts_the_unit_the_manager_chooses_everywhere(arena, tmp_path):
    arena.t = t = _finished(arena)
    cid = t.competition_id
    standing = arena.ok(arena.get(f"/api/results/categories/{t.category_id}", role=None))
    assert {ln["district"] for ln in standing["lines"]} == {"Quận 1", "Quận Bình Thạnh", "TP. Thủ Đức"}
    default = arena.ok(arena.get(f"/api/results/competitions/{cid}/medals", role=None))
    assert default["count_by"] == "team" and default["unit_vi"] == "Đoàn"
    assert {r["team"]: (r["gold"], r["silver"], r["bronze"]) for r in default["rows"]} == _tally(standing["lines"], "team", "Chưa có đoàn")

    assert _settings(arena, "club", role="coach").status_code == 403
    assert arena.ok(arena.get(f"/api/results/competitions/{cid}/medals", role=None))["count_by"] == "team"  # nothing changed
    bad = _settings(arena, "province")
    assert bad.status_code == 400 and "tính toàn đoàn theo" in bad.json()["message"]

    saved = arena.ok(_settings(arena, "club"))
    assert saved["count_by"] == "club" and saved["count_by_vi"] == "Tính theo câu lạc bộ"
    by_club = arena.ok(arena.get(f"/api/results/competitions/{cid}/medals", role=None))
    expected = _tally(standing["lines"], "club", "Chưa có câu lạc bộ")
    assert "Chưa có câu lạc bộ" in expected
    assert {r["team"]: (r["gold"], r["silver"], r["bronze"]) for r in by_club["rows"]} == expected
    assert by_club["unit_vi"] == "Câu lạc bộ" and by_club["totals"]["gold"] == 1 and by_club["totals"]["bronze"] == 2

    rows = list(csv.reader(io.StringIO(arena.get(f"/api/results/competitions/{cid}/medals.csv", role=None).content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Hạng", "Câu lạc bộ", "Vàng", "Bạc", "Đồng"]
    assert {r[1]: (int(r[2]), int(r[3]), int(r[4])) for r in rows[1:]} == expected
    every = list(
        csv.reader(io.StringIO(arena.get(f"/api/results/competitions/{cid}/standings.csv", role=None).content.decode("utf-8-sig")))
    )
    assert every[0][-2:] == ["Câu lạc bộ", "Quận/huyện"]

    page = arena.get(f"/results/{cid}", role=None)
    assert page.status_code == 200 and all(name in page.text for name in expected)

    pdf = arena.get(f"/api/results/competitions/{cid}/medals.pdf", role="manager")
    text = " ".join(pdf_pages(pdf.content, tmp_path))
    assert "Tính theo câu lạc bộ" in text and "Câu lạc bộ" in text and "Chưa có câu lạc bộ" in text
    assert all(name in text for name in expected)

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(arena.get(f"/api/results/competitions/{cid}/medals.xlsx", role="manager").content))
    sheet = list(wb["Tổng sắp"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(sheet) if r and r[0] == "Hạng")
    assert sheet[head][1] == "Câu lạc bộ" and "Tính theo câu lạc bộ" in sheet[2][0]
    assert {r[1]: (r[2], r[3], r[4]) for r in sheet[head + 1 :] if r and r[0]} == expected

    arena.ok(_settings(arena, "district"))
    by_district = arena.ok(arena.get(f"/api/results/competitions/{cid}/medals", role=None))
    assert by_district["unit_vi"] == "Quận/huyện"
    assert {r["team"]: (r["gold"], r["silver"], r["bronze"]) for r in by_district["rows"]} == _tally(
        standing["lines"], "district", "Chưa có quận/huyện"
    )


def test_a_change_of_club_after_the_event_moves_no_medal_and_the_issued_table_still_checks(arena):
    arena.t = t = _finished(arena)
    cid = t.competition_id
    arena.ok(_settings(arena, "club"))
    before = arena.ok(arena.get(f"/api/results/competitions/{cid}/medals", role=None))
    code = arena.get(f"/api/results/competitions/{cid}/medals.pdf", role="manager").headers["x-arena-document-code"]

    standing = arena.ok(arena.get(f"/api/results/categories/{t.category_id}", role=None))
    champion = standing["lines"][0]["name"]
    pid = next(p for p in t.athletes if _person(arena, p)["full_name"] == champion)
    moved = _update(arena, pid, club="CLB Mới Thành lập", district="Huyện Cần Giờ")
    assert moved["club"] == "CLB Mới Thành lập"  # the record changed...
    after = arena.ok(arena.get(f"/api/results/competitions/{cid}/medals", role=None))
    assert after["rows"] == before["rows"]  # ...the medals stay with the club the athlete entered for
    assert "CLB Mới Thành lập" not in {r["team"] for r in after["rows"]}
    again = arena.get(f"/api/results/competitions/{cid}/medals.pdf", role="manager")
    assert again.headers["x-arena-document-code"] == code  # nothing changed: the same paper

    async def check(code):
        from base.register import by_code
        from results.issuing import check_document

        async with arena.app.state.db_factory() as session:
            return await check_document(session, arena.app.state.clock, await by_code(session, code))

    assert arena.run(lambda: check(code)).ok
    # a later choice of another unit issues a new table; the one printed by club still checks
    arena.ok(_settings(arena, "district"))
    by_district = arena.get(f"/api/results/competitions/{cid}/medals.pdf", role="manager").headers["x-arena-document-code"]
    assert by_district != code
    assert arena.run(lambda: check(code)).ok and arena.run(lambda: check(by_district)).ok
