"""Results documents over real HTTP: the results of a category, the medal table and the results book
are PDFs (Vietnamese, the organiser and "CHÍNH THỨC" or "TẠM THỜI" on every page, the code of the
register on every page, the log head of every contest) and workbooks; asking again while nothing
changed gives the very same file; the register's checker says whether the paper still follows from
the logs; roles that do not print results are refused."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from results_builders import finish_category, planned_category

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


def pdf_pages(body: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return [re.sub(r"\s+", " ", p) for p in text.split("\f") if p.strip()]


def _finished(arena):
    return planned_category(arena, n=8, draw_format="repechage")


@needs_poppler
def test_results_pdf_is_issued_once_per_content_and_carries_code_status_and_log_heads(arena, tmp_path):
    t = _finished(arena)
    url = f"/api/results/categories/{t.category_id}/results.pdf"
    provisional = arena.get(url, role="manager")
    assert provisional.status_code == 200 and provisional.headers["content-type"] == "application/pdf"
    pages = pdf_pages(provisional.content, tmp_path)
    assert all("TẠM THỜI" in p for p in pages)
    first_code = provisional.headers["x-arena-document-code"]

    finish_category(arena, t.category_id)
    final = arena.get(url, role="referee")
    code = final.headers["x-arena-document-code"]
    assert code != first_code  # the results changed: a new version
    pages = pdf_pages(final.content, tmp_path)
    standing = arena.ok(arena.get(f"/api/results/categories/{t.category_id}", role=None))
    champion = standing["lines"][0]["name"]
    assert all("CHÍNH THỨC" in p and f"Mã xác thực: {code}" in p and "Sở Văn hóa và Thể thao" in p for p in pages)
    text = " ".join(pages)
    assert "KẾT QUẢ THI ĐẤU" in text and champion in text and "Huy chương Vàng" in text
    assert "TỔNG TRỌNG TÀI" in text and "TRƯỞNG BAN TỔ CHỨC" in text
    assert re.search(r"\b[0-9a-f]{64}\b", text.replace(" ", " "))  # a contest log's head hash, in full
    # the numbers read back are the standing's, in its order; the page renders to a printable image
    order = [text.find(ln["name"]) for ln in standing["lines"]]
    assert all(i >= 0 for i in order) and order == sorted(order)
    for ln in standing["lines"][:4]:
        assert re.search(rf"\b{ln['place']}\s+{ln['medal_vi']}\s+{re.escape(ln['name'])}", text), ln
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(tmp_path / "doc.pdf"), str(png)], check=True)
    from PIL import Image

    with Image.open(next(tmp_path.glob("page*.png"))) as img:
        assert img.size[0] < img.size[1] and img.convert("L").getextrema()[0] < 64  # portrait A4, black ink on it
    again = arena.get(url, role="manager")
    assert again.content == final.content and again.headers["x-arena-document-code"] == code

    assert arena.get(url, role="coach").status_code == 403
    assert arena.get(url, role=None).status_code in (401, 403)


@needs_poppler
def test_medal_table_and_results_book_pdf_and_workbook(arena, tmp_path):
    t = _finished(arena)
    finish_category(arena, t.category_id)
    medals = arena.get(f"/api/results/competitions/{t.competition_id}/medals.pdf", role="manager")
    assert medals.status_code == 200
    text = " ".join(pdf_pages(medals.content, tmp_path))
    assert "BẢNG TỔNG SẮP HUY CHƯƠNG" in text and "Tổng cộng" in text and "1/1 nội dung đã kết thúc" in text

    book = arena.get(f"/api/results/competitions/{t.competition_id}/book.pdf", role="manager")
    pages = pdf_pages(book.content, tmp_path)
    assert "SỔ KẾT QUẢ" in pages[0] and any("BẢNG TỔNG SẮP" in p for p in pages) and any("KẾT QUẢ THI ĐẤU" in p for p in pages)
    code = book.headers["x-arena-document-code"]
    assert all(f"Mã xác thực: {code}" in p for p in pages)

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(arena.get(f"/api/results/competitions/{t.competition_id}/book.xlsx", role="manager").content))
    assert wb.sheetnames == ["Tổng sắp", "Nam 58 kg - Tuyển"]
    rows = list(wb["Nam 58 kg - Tuyển"].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Hạng"))
    assert [r[0] for r in rows[header + 1 : header + 5]] == [1, 2, 3, 3]
    medal_rows = list(wb["Tổng sắp"].iter_rows(values_only=True))
    assert sum(r[2] for r in medal_rows[5:] if isinstance(r[2], int)) == 1  # one gold in all


def test_the_checker_says_whether_an_issued_results_paper_still_follows_from_the_logs(arena):
    t = _finished(arena)
    finish_category(arena, t.category_id)
    code = arena.get(f"/api/results/categories/{t.category_id}/results.pdf", role="manager").headers["x-arena-document-code"]

    async def check():
        from base.register import by_code
        from results.issuing import check_document

        async with arena.app.state.db_factory() as session:
            return await check_document(session, arena.app.state.clock, await by_code(session, code))

    verdict = arena.run(check)
    assert verdict.ok, verdict.text_vi
    assert "Khớp với nhật ký điểm" in verdict.text_vi
