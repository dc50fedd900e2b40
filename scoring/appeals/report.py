"""The appeal record as a PDF (reportlab): filing, evidence with hashes, decision, custody log.

The record is an official paper: Vietnamese labels, names (not codes or account names), times
dd/mm/yyyy HH:MM:SS in the venue's zone (``record["zone"]``). Text is NFC-normalised and drawn in Be Vietnam Pro (embedded), so Vietnamese names come out
exact in pdftotext; nothing references a non-embedded Helvetica. Every page takes the register's
``stamp`` (its code and QR code; issued through ``scoring.appeals.issuing``).
"""

from __future__ import annotations

import io
import json
import unicodedata
from datetime import UTC
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from base.pdf import FONT, FONT_BOLD, register_fonts
from base.register import STAMP_ROOM, PageCallback
from scoring.appeals.views import appeal_shown
from scoring.appeals.wording import CUSTODY, EVIDENCE_KINDS, label, number, remedy_text, when


def _t(value: Any) -> str:
    return escape(unicodedata.normalize("NFC", "" if value is None else str(value)))


def _size(size: int) -> str:
    return f"{size:,}".replace(",", ".") + " byte"


def _what(e: Any) -> str:
    info = json.loads(e.info or "{}")
    what = label(EVIDENCE_KINDS, e.kind)
    if info.get("width") and info.get("height"):
        what += f" {info['width']}×{info['height']}"
    if info.get("duration_ms"):
        what += f", {number(round(info['duration_ms'] / 1000, 1))} giây"
    return what


def _table(rows: list[list[str]], widths: list[float], body: ParagraphStyle) -> Table:
    cells = [[Paragraph(c, body) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e7eb")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def appeal_pdf(record: dict[str, Any], stamp: PageCallback | None = None) -> bytes:
    """Render the record that ``AppealService.record`` returns; ``stamp`` is drawn on every page."""
    register_fonts()
    regular, bold = FONT, FONT_BOLD
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7, leading=9)
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=15, leading=20, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=11, leading=15, spaceBefore=8, spaceAfter=4)
    a, contest, policy, zone = record["appeal"], record["contest"], record["policy"], record.get("zone", UTC)
    names: dict[str, str] = record.get("names", {})
    shown = appeal_shown(a, policy, contest, "vi", zone)
    story: list[Any] = [Paragraph(_t(f"Biên bản khiếu nại số {a.id}"), h1)]
    facts = [
        ["Trận đấu", shown["contest"]],
        ["Bên khiếu nại", shown["side"]],
        ["Huấn luyện viên nộp", record.get("coach_name", "—")],
        ["Nội dung khiếu nại", f"{shown['category']} ({shown['category_source']})" if shown["category_source"] else shown["category"]],
        ["Hành động được xem lại", record.get("action") or "—"],
        ["Lý do", a.reason or "—"],
        ["Nộp lúc", shown["filed_at"]],
        ["Hạn khiếu nại", shown["deadline"]],
        ["Lệ phí", f"{a.fee_vnd:,}".replace(",", ".") + " đồng"],
        ["Trạng thái", shown["state"]],
        ["Quy định áp dụng", shown["rules"]],
    ]
    story.append(_table([["", ""]] + [[_t(k), _t(v)] for k, v in facts], [45 * mm, 125 * mm], body))
    story.append(Paragraph(_t("Quyết định của ban kháng nghị"), h2))
    if record["votes"]:
        rows = [[_t("Thành viên"), _t("Phiếu"), _t("Lý do")]]
        rows += [[_t(v.member_name), _t("chấp nhận" if v.uphold else "bác"), _t(v.reason)] for v in record["votes"]]
        story.append(_table(rows, [45 * mm, 30 * mm, 95 * mm], body))
        if a.decided_at:
            story.append(Paragraph(_t(f"{shown['state'].capitalize()} lúc {shown['decided_at']}: {a.decision_reason}"), body))
        for r in json.loads(a.remedies or "[]"):
            story.append(Paragraph(_t(f"→ {remedy_text(r)}"), body))
        appended = json.loads(a.appended_seqs or "[]")
        if appended:
            story.append(Paragraph(_t("Sự kiện ghi thêm vào nhật ký trận: số " + ", ".join(map(str, appended))), body))
    else:
        story.append(Paragraph(_t("Chưa có quyết định"), body))
    story.append(Paragraph(_t("Bằng chứng"), h2))
    rows = [[_t("Số"), _t("Loại"), _t("Tệp"), _t("Mã băm SHA-256")]]
    for e in record["evidence"]:
        rows.append([_t(e.id), _t(_what(e)), _t(f"{e.filename} ({_size(e.size)})"), _t(e.sha256)])
    story.append(_table(rows, [10 * mm, 45 * mm, 45 * mm, 70 * mm], small))
    story.append(Paragraph(_t("Chuỗi lưu giữ bằng chứng"), h2))
    rows = [[_t("Lúc"), _t("Người thực hiện"), _t("Việc"), _t("Bằng chứng, mã băm SHA-256")]]
    rows += [
        [_t(when(c.at, zone)), _t(names.get(c.actor, c.actor)), _t(label(CUSTODY, c.action)), _t(f"{c.evidence_id or ''} {c.sha256}")]
        for c in record["custody"]
    ]
    story.append(_table(rows, [38 * mm, 25 * mm, 20 * mm, 87 * mm], small))
    story.append(Spacer(1, 6 * mm))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=max(18 * mm, STAMP_ROOM) if stamp is not None else 18 * mm,
        title=f"Biên bản khiếu nại số {a.id}",
        author="Arena",
    )
    page = _no_helvetica(regular) if stamp is None else _then(_no_helvetica(regular), stamp)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buf.getvalue()


def _no_helvetica(font: str) -> Any:
    def set_font(canvas: Any, _doc: Any) -> None:
        canvas.setFont(font, 7)
        canvas.drawString(20 * mm, 10 * mm, f"Arena – {canvas.getPageNumber()}")

    return set_font


def _then(first: Any, second: PageCallback) -> PageCallback:
    def both(canvas: Any, doc: Any) -> None:
        first(canvas, doc)
        second(canvas, doc)

    return both
