"""Printed documents of the athletes domain (no database): payment voucher, report, equipment
handover record, QR labels, spreadsheets. reportlab with Be Vietnam Pro embedded (NFC text only).
The PDFs take the register's page ``stamp`` (``base.register``: its code and QR code on every
page); they are issued through ``athletes.issuing``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import segno
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from vn_numberwords import number_to_currency

from athletes.schemas import CONDITION_NAMES_VI, LEVEL_NAMES_VI
from base.pdf import FONT, FONT_BOLD, register_fonts
from base.register import STAMP_ROOM, PageCallback
from base.sheets import csv_cell, xlsx_cell

DEPARTMENT = "SỞ VĂN HÓA VÀ THỂ THAO"

# Tiểu mục of the State budget chart of accounts (Circular 324/2016/TT-BTC) the shipped regimes
# book to (fixtures/athletes/rates.toml); an accounting paper prints the number beside its name.
ECONOMIC_CODE_NAMES = {
    "6401": "Tiền ăn",
    "6449": "Trợ cấp, phụ cấp khác",
    "6202": "Thưởng đột xuất theo thành tích",
}


def vnd(amount: int) -> str:
    """``1500000`` -> ``1.500.000`` (the voucher's column says đồng)."""
    return format_decimal(amount, locale="vi_VN")


def money(amount: int) -> str:
    """``1500000`` -> ``1.500.000 ₫`` (a no-break space before the sign), as a page shows an amount."""
    return format_currency(amount, "VND", locale="vi_VN")


def economic_code_text(code: str) -> str:
    """``6401`` -> ``6401 – Tiền ăn``: the tiểu mục an accountant books to, with its name when known."""
    name = ECONOMIC_CODE_NAMES.get(code, "")
    return f"{code} – {name}" if name else code


def vn_date(d: date | None) -> str:
    return format_date(d, "dd/MM/yyyy", locale="vi_VN") if d else ""


def amount_in_words(amount: int) -> str:
    """Capitalised, e.g. "Một triệu năm trăm nghìn đồng" (vn-numberwords keeps "không trăm")."""
    words: str = number_to_currency(amount)  # vn-numberwords ships no types
    return words[:1].upper() + words[1:]


def _p(text: Any, size: float = 9, bold: bool = False, align: Literal[0, 1, 2] = 0) -> Paragraph:  # left, centre, right
    register_fonts()
    style = ParagraphStyle("p", fontName=FONT_BOLD if bold else FONT, fontSize=size, leading=size * 1.3, alignment=align)
    safe = unicodedata.normalize("NFC", str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(safe, style)


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None, numeric: Sequence[int] = ()
) -> Table:
    data = [[_p(h, 8, bold=True, align=1) for h in headers]]
    data += [
        [_p(vnd(c) if isinstance(c, int) and i in numeric else c, 8, align=2 if i in numeric else 0) for i, c in enumerate(r)] for r in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
            ]
        )
    )
    return table


def _signatures(*titles: str) -> Table:
    row1 = [_p(t, 9, bold=True, align=1) for t in titles]
    row2 = [_p("(Ký, ghi rõ họ tên)", 8, align=1) for _ in titles]
    return Table([row1, row2, [""] * len(titles)], rowHeights=[None, None, 22 * mm], style=[("FONTNAME", (0, 0), (-1, -1), FONT)])


def _build(story: list[Flowable], wide: bool = False, title: str = "", stamp: PageCallback | None = None) -> bytes:
    """The story as A4 (``wide``: landscape); ``stamp`` is drawn on every page, above whose lower
    edge the margin keeps room for it."""
    register_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=STAMP_ROOM if stamp is not None else 12 * mm,
        title=title,
        author="Arena",
        initialFontName=FONT,
    )  # no reference to a non-embedded Helvetica (LIBRARIES.md)
    if stamp is None:
        doc.build(story)
    else:
        doc.build(story, onFirstPage=stamp, onLaterPages=stamp)
    return buf.getvalue()


def voucher_pdf(
    voucher: Any, lines: Sequence[Any], regime_names: dict[str, str], team_name: str = "", stamp: PageCallback | None = None
) -> bytes:
    """The payment table of a voucher: one line per run of days, total in figures and in words;
    regimes and levels by their Vietnamese names (``regime_names``: code -> name)."""
    rows = [
        [
            i,
            ln.person_name,
            regime_names.get(ln.regime_code, ln.regime_code),
            LEVEL_NAMES_VI.get(ln.level, ln.level),
            f"{vn_date(ln.first_day)} – {vn_date(ln.last_day)}",
            ln.quantity,
            vnd(ln.rate),
            vnd(ln.amount),
            ln.economic_code,
            "",
        ]
        for i, ln in enumerate(lines, start=1)
    ]
    rows.append(["", "Tổng cộng", "", "", "", sum(ln.quantity for ln in lines), "", vnd(voucher.total), "", ""])
    by_code: dict[str, int] = {}
    for ln in lines:
        by_code[ln.economic_code] = by_code.get(ln.economic_code, 0) + ln.amount
    bases = sorted({ln.legal_basis for ln in lines})
    story: list[Flowable] = [
        _p(DEPARTMENT, 10, bold=True),
        _p(f"BẢNG THANH TOÁN CHẾ ĐỘ — Số {voucher.number}", 14, bold=True, align=1),
        _p(voucher.title, 10, align=1),
        _p(
            f"Kỳ: {vn_date(voucher.period_from)} – {vn_date(voucher.period_to)}" + (f" · Đội: {team_name}" if team_name else ""), 9, align=1
        ),
        Spacer(1, 4 * mm),
        _table(
            [
                "STT",
                "Họ và tên",
                "Chế độ",
                "Cấp đội",
                "Thời gian",
                "Số ngày/lần",
                "Mức (đồng)",
                "Thành tiền (đồng)",
                "Mục/Tiểu mục",
                "Ký nhận",
            ],
            rows,
            [10 * mm, 48 * mm, 32 * mm, 22 * mm, 42 * mm, 18 * mm, 24 * mm, 30 * mm, 20 * mm, 22 * mm],
            numeric=(5, 6, 7),
        ),
        Spacer(1, 3 * mm),
        _p(f"Số tiền bằng chữ: {amount_in_words(voucher.total)}.", 10, bold=True),
        _p("Theo mục lục ngân sách: " + "; ".join(f"{economic_code_text(code)}: {vnd(v)} đồng" for code, v in sorted(by_code.items())), 9),
        _p("Căn cứ: " + "; ".join(bases), 8),
        Spacer(1, 5 * mm),
        _signatures("Người lập biểu", "Kế toán trưởng", "Thủ trưởng đơn vị"),
    ]
    return _build(story, wide=True, title=f"Chứng từ {voucher.number}", stamp=stamp)


def report_pdf(
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    numeric: Sequence[int] = (),
    stamp: PageCallback | None = None,
) -> bytes:
    story: list[Flowable] = [
        _p(DEPARTMENT, 10, bold=True),
        _p(title, 14, bold=True, align=1),
        _p(subtitle, 9, align=1),
        Spacer(1, 4 * mm),
        _table(headers, rows, numeric=numeric),
    ]
    return _build(story, title=title, stamp=stamp)


class QRFlowable(Flowable):
    """A segno QR code drawn as vector squares (no raster image, prints sharp at any size)."""

    def __init__(self, content: str, size: float = 28 * mm) -> None:
        super().__init__()
        self.qr = segno.make(content, error="m")
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        matrix = [list(row) for row in self.qr.matrix_iter(border=2)]
        cell = self.size / len(matrix)
        self.canv.setFillColor(colors.black)
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    self.canv.rect(x * cell, self.size - (y + 1) * cell, cell, cell, stroke=0, fill=1)


def handover_pdf(loan: Any, item: Any, keeper_name: str, link: str, stamp: PageCallback | None = None) -> bytes:
    """Equipment handover record (biên bản bàn giao); the contracts domain may sign it later."""
    kinds = {"person": "Vận động viên/Huấn luyện viên", "team": "Đội", "venue": "Địa điểm"}
    rows = [
        ["Mã dụng cụ", item.code],
        ["Tên dụng cụ", item.name],
        ["Loại", item.category or "—"],
        ["Tình trạng khi giao", CONDITION_NAMES_VI.get(loan.condition_out, loan.condition_out)],
        ["Ngày giao", vn_date(loan.lent_on)],
        ["Hạn trả", vn_date(loan.due_on)],
        ["Bên nhận", f"{loan.borrower_label} ({kinds.get(loan.borrower_kind, loan.borrower_kind)})"],
        ["Ghi chú", loan.note or "—"],
    ]
    if loan.returned_on:
        rows += [
            ["Ngày trả", vn_date(loan.returned_on)],
            ["Tình trạng khi trả", CONDITION_NAMES_VI.get(loan.condition_in, loan.condition_in)],
        ]
    story: list[Flowable] = [
        _p(DEPARTMENT, 10, bold=True),
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10, bold=True, align=1),
        _p("Độc lập – Tự do – Hạnh phúc", 10, align=1),
        Spacer(1, 4 * mm),
        _p(f"BIÊN BẢN BÀN GIAO DỤNG CỤ — Số BG-{loan.id:06d}", 14, bold=True, align=1),
        Spacer(1, 4 * mm),
        Table(
            [[_table(["Nội dung", "Chi tiết"], rows, [45 * mm, 95 * mm]), QRFlowable(link)]],
            colWidths=[145 * mm, 35 * mm],
            style=[("FONTNAME", (0, 0), (-1, -1), FONT)],
        ),
        Spacer(1, 6 * mm),
        _p(f"Bên giao: {keeper_name}. Hai bên đã kiểm tra tình trạng dụng cụ và thống nhất bàn giao như trên.", 9),
        Spacer(1, 6 * mm),
        _signatures("Bên giao", "Bên nhận"),
    ]
    return _build(story, title=f"Biên bản bàn giao BG-{loan.id:06d}", stamp=stamp)


def qr_label_svg(code: str, link: str) -> str:
    """An SVG label: QR code of the item's page plus its code in text, for a sticker printer."""
    qr = segno.make(link, error="m")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="230" viewBox="0 0 200 230">'
        f'<image href="{qr.svg_data_uri(scale=5, border=2)}" x="0" y="0" width="200" height="200"/>'
        f'<text x="100" y="222" font-family="sans-serif" font-size="18" text-anchor="middle">{code}</text></svg>'
    )


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str = "Danh sách") -> bytes:
    """An XLSX file written in openpyxl's write-only mode (flat memory for 100k rows)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    ws.append([xlsx_cell(ws, h) for h in headers])
    for row in rows:
        ws.append([xlsx_cell(ws, c) for c in row])  # a name like "=HYPERLINK(...)" stays text
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """UTF-8 with a BOM so Excel shows Vietnamese letters right."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([csv_cell(h) for h in headers])
    writer.writerows([csv_cell(c) for c in row] for row in rows)  # "=..." goes out as "'=..."
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
