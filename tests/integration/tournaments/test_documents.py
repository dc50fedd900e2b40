"""The tournament's documents over real HTTP: bracket (A4, A3), weigh-in list, entry list (PDF,
XLSX) and blank score sheets are valid files with the category's and athletes' Vietnamese names and
no raw ids; each refuses the roles it does not name (403) and an unknown id answers 404."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from arena_builders import decide_off_mat
from tournament_builders import NAMES, add_sessions, draw, register_all, setup_tournament

from tournaments.documents import ascii_fold

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
CATEGORY = "Nam 58 kg - Tuyển"
COMPETITION = "Giải Taekwondo Thành phố"


def pdf_text(body: bytes, tmp_path: Path) -> str:
    assert body.startswith(b"%PDF-") and b"Helvetica" not in body
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    return re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout)


def pages(body: bytes, tmp_path: Path) -> int:
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


STAMP = re.compile(r"Mã xác thực: [0-9A-Z]{4}-[0-9A-Z]{4} · \S+")


def no_raw_ids(text: str) -> None:
    text = STAMP.sub("", text)  # the register's code, which every page carries
    assert not re.search(r"\be\d+\b", text)  # entrant keys
    assert "M-58" not in text and "R1-" not in text  # the category's code, match keys
    assert not re.search(r"#\s*\d", text) and "/brackets/" not in text and "/api/" not in text  # row ids, links


def fetch(arena, url: str, role: str, media: str, filename: str):
    r = arena.get(url, role=role)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    disposition = r.headers["content-disposition"]
    assert f'filename="{filename}"' in disposition, disposition
    assert disposition.isascii()
    return r.content


@needs_poppler
def test_every_document_of_a_drawn_and_planned_category(arena, tmp_path):
    t = setup_tournament(arena, n=13)
    register_all(arena, t)
    drawn = draw(arena, t)
    add_sessions(arena, t)
    arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    first = next(m for m in drawn["matches"] if m["status"] != "bye" and m["round"] == 1 and m["stage"] == "main")
    arena.ok(decide_off_mat(arena, first["bout_id"], {"winner": "blue", "decision": "walkover", "reason": "Vận động viên đỏ không có mặt"}))
    names = [NAMES[i] for i in range(13)]
    base = f"/api/tournaments/categories/{t.category_id}"

    for size in ("a4", "a3"):
        body = fetch(arena, f"{base}/bracket.pdf?size={size}", "manager", "application/pdf", f"so-do-nam-58-kg-tuyen-{size}.pdf")
        text = pdf_text(body, tmp_path)
        assert CATEGORY in text and COMPETITION in text and "Taekwondo đối kháng" in text
        assert all(n in text for n in names), [n for n in names if n not in text]
        assert "miễn đấu" in text and "Đấu vớt" in text and "Trang 1/" in text
        assert drawn["draw"]["commitment"][:16] in text and drawn["draw"]["draw_digest"][:16] in text
        assert drawn["draw"]["commitment"][:17] not in text
        no_raw_ids(text)

    body = fetch(arena, f"{base}/weigh-in.pdf", "referee", "application/pdf", "danh-sach-can-nam-58-kg-tuyen.pdf")
    text = pdf_text(body, tmp_path)
    assert CATEGORY in text and all(n in text for n in names)
    assert "trên 54 kg đến 58 kg" in text and "dung sai: 0 kg" in text and "Đạt" in text and "57,5" in text and "Chữ ký tổ cân" in text
    no_raw_ids(text)

    body = fetch(arena, f"{base}/entries.pdf", "coach", "application/pdf", "danh-sach-dang-ky-nam-58-kg-tuyen.pdf")
    text = pdf_text(body, tmp_path)
    assert CATEGORY in text and all(n in text for n in names) and "đã duyệt" in text and "Nam" in text
    no_raw_ids(text)

    from openpyxl import load_workbook

    body = fetch(arena, f"{base}/entries.xlsx", "manager", "application/vnd.openxmlformats", "danh-sach-dang-ky-nam-58-kg-tuyen.xlsx")
    ws = load_workbook(io.BytesIO(body)).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert COMPETITION in values and any(CATEGORY in str(v) for v in values)
    assert all(n in values for n in names) and "đã duyệt" in values and "57,5" in values
    assert all(v <= 13 or 1900 < v < 2100 for v in values if isinstance(v, int))  # row numbers and birth years, no ids

    body = fetch(arena, f"{base}/score-sheets.pdf", "manager", "application/pdf", "bien-ban-nam-58-kg-tuyen.pdf")
    text = pdf_text(body, tmp_path)
    held = [m for m in drawn["matches"] if m["status"] != "bye"]
    assert pages(body, tmp_path) == len(held)
    assert "chờ kết quả" in text and "Trọng tài quyết định" in text and "Thảm" in text and "Hiệp 3" in text
    no_raw_ids(text)

    sheet_name = ascii_fold(f"bien-ban {CATEGORY} {first['label']}") + ".pdf"
    assert sheet_name.startswith("bien-ban-nam-58-kg-tuyen-vong-")
    body = fetch(arena, f"/api/tournaments/bouts/{first['bout_id']}/score-sheet.pdf", "manager", "application/pdf", sheet_name)
    text = pdf_text(body, tmp_path)
    assert pages(body, tmp_path) == 1 and first["label"] in text and first["red"]["name"] in text and first["blue"]["name"] in text

    r = arena.get(f"/api/tournaments/fields/{t.fops[0]}/score-sheets.pdf", role="manager")
    assert r.status_code == 200 and r.headers["content-disposition"].endswith('filename="bien-ban-tham-1.pdf"')
    assert 1 <= pages(r.content, tmp_path) <= 20 and "Thảm 1" in pdf_text(r.content, tmp_path)
    r = arena.get(f"/api/tournaments/fields/{t.fops[0]}/score-sheets.pdf?count=2", role="manager")
    assert pages(r.content, tmp_path) == 2

    refused = [
        (f"{base}/bracket.pdf", "coach"),
        (f"{base}/bracket.pdf", "referee"),
        (f"{base}/weigh-in.pdf", "coach"),
        (f"{base}/entries.pdf", "athlete"),
        (f"{base}/entries.xlsx", "judge"),
        (f"{base}/score-sheets.pdf", "referee"),
        (f"/api/tournaments/bouts/{first['bout_id']}/score-sheet.pdf", "coach"),
        (f"/api/tournaments/fields/{t.fops[0]}/score-sheets.pdf", "referee"),
    ]
    for url, role in refused:
        assert arena.get(url, role=role).status_code == 403, (url, role)
    assert arena.get(f"{base}/bracket.pdf", role=None).status_code in (401, 403)


def test_unknown_category_bout_or_field_answers_404(arena):
    for url in ("bracket.pdf", "weigh-in.pdf", "entries.pdf", "entries.xlsx", "score-sheets.pdf"):
        for missing in (987654, 2**63 + 5):
            r = arena.get(f"/api/tournaments/categories/{missing}/{url}", role="manager")
            assert r.status_code == 404, (url, r.text)
            assert r.json()["code"] == "tournaments.category_not_found"
    for missing in (987654, 2**63 + 5):
        r = arena.get(f"/api/tournaments/bouts/{missing}/score-sheet.pdf", role="manager")
        assert r.status_code == 404 and r.json()["code"] == "tournaments.bout_not_found", r.text
        assert arena.get(f"/api/tournaments/fields/{missing}/score-sheets.pdf", role="manager").status_code == 404
    assert arena.get("/api/tournaments/categories/1/bracket.pdf?size=a5", role="manager").status_code == 400


@needs_poppler
def test_a3_bracket_of_64_prints_every_name(arena, settings, tmp_path):
    if settings.database_url.startswith("postgresql"):
        pytest.skip("the 64-entrant layout does not depend on the database; the SQLite variant renders it")
    t = setup_tournament(arena, n=64, draw_format="single", fields=1)
    register_all(arena, t)
    drawn = draw(arena, t)
    assert sum(1 for m in drawn["matches"] if m["round"] == 1) == 32
    body = fetch(
        arena,
        f"/api/tournaments/categories/{t.category_id}/bracket.pdf?size=a3",
        "manager",
        "application/pdf",
        "so-do-nam-58-kg-tuyen-a3.pdf",
    )
    text = pdf_text(body, tmp_path)
    entries = arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/entries", role="manager"))
    assert len(entries) == 64
    for e in entries:
        assert f"{e['name']} ({e['team']})" in text, e["name"]
    assert "…" not in text  # no name cut


def stamped_code(body: bytes, tmp_path: Path) -> str:
    """The register's code, the same on every page of ``body``."""
    path = tmp_path / "stamped.pdf"
    path.write_bytes(body)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    found = [STAMP.search(p) for p in text.split("\f") if p.strip()]
    assert found and all(found), text
    (code,) = {m.group(0).split(" · ")[0].removeprefix("Mã xác thực: ") for m in found if m}
    return code


@needs_poppler
def test_each_document_is_issued_once_with_its_code_on_every_page_and_superseded_when_it_changes(arena, tmp_path):
    t = setup_tournament(arena, n=9)
    register_all(arena, t)
    drawn = draw(arena, t)
    base = f"/api/tournaments/categories/{t.category_id}"
    codes = {}
    for url, role in ((f"{base}/bracket.pdf", "manager"), (f"{base}/weigh-in.pdf", "referee"), (f"{base}/entries.pdf", "coach")):
        first = arena.get(url, role=role).content
        codes[url] = stamped_code(first, tmp_path)
        assert arena.get(url, role=role).content == first  # unchanged: the stored bytes, no new entry
        assert "Bản hiện hành" in arena.client.get(f"/v/{codes[url]}").text
    assert len(set(codes.values())) == 3
    assert "Sơ đồ thi đấu" in arena.client.get(f"/v/{codes[f'{base}/bracket.pdf']}").text
    match = next(m for m in drawn["matches"] if m["status"] != "bye" and m["round"] == 1 and m["stage"] == "main")
    decision = {"winner": "blue", "decision": "walkover", "reason": "Vận động viên đỏ không có mặt"}
    arena.ok(decide_off_mat(arena, match["bout_id"], decision))
    moved_on = stamped_code(arena.get(f"{base}/bracket.pdf", role="manager").content, tmp_path)
    assert moved_on != codes[f"{base}/bracket.pdf"]
    old = arena.client.get(f"/v/{codes[f'{base}/bracket.pdf']}").text
    assert "Đã được thay thế bởi" in old and moved_on in old and "Nội dung thay đổi sau khi in" in old
