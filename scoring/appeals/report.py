"""The appeal record as a PDF (reportlab): filing, evidence with hashes, decision, custody log.

Text is NFC-normalised and drawn in Be Vietnam Pro (embedded), so Vietnamese names come out
exact in pdftotext; nothing references a non-embedded Helvetica. Every page takes the register's
``stamp`` (its code and QR code; issued through ``scoring.appeals.issuing``).
"""

from __future__ import annotations

import io
import json
import unicodedata
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from base.pdf import FONT, FONT_BOLD, register_fonts
from base.register import STAMP_ROOM, PageCallback


def _t(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.strftime("%d/%m/%Y %H:%M:%S UTC")
    return escape(unicodedata.normalize("NFC", "" if value is None else str(value)))


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
    a, contest, policy = record["appeal"], record["contest"], record["policy"]
    sides = contest.get("sides", {})
    story: list[Any] = [Paragraph(_t(f"Biên bản khiếu nại số {a.id} / Appeal record no. {a.id}"), h1)]
    facts = [
        ["Trận / Contest", f"{contest.get('event', '')} – {contest.get('label', '')} (#{a.contest_id})"],
        ["Bên khiếu nại / Filing side", f"{a.side}: {sides.get(a.side, {}).get('name', '')} ({sides.get(a.side, {}).get('team', '')})"],
        [
            "Nội dung / Category",
            f"{a.category}" + (f" – {policy.category(a.category).label}" if policy and policy.category(a.category) else ""),
        ],
        ["Hành động / Action (log seq)", a.action_seq if a.action_seq is not None else "—"],
        ["Lý do / Reason", a.reason or "—"],
        ["Nộp lúc / Filed at", a.filed_at],
        ["Hạn / Deadline", a.deadline or "—"],
        ["Lệ phí / Fee", f"{a.fee_vnd:,} VND".replace(",", ".")],
        ["Trạng thái / State", a.state],
        ["Quy định / Rules", policy.source if policy else "—"],
    ]
    story.append(_table([["", ""]] + [[_t(k), _t(v)] for k, v in facts], [45 * mm, 125 * mm], body))
    story.append(Paragraph(_t("Quyết định / Decision"), h2))
    if record["votes"]:
        rows = [[_t("Thành viên / Member"), _t("Phiếu / Vote"), _t("Lý do / Reason")]]
        rows += [[_t(v.member_name), _t("chấp nhận / uphold" if v.uphold else "bác / reject"), _t(v.reason)] for v in record["votes"]]
        story.append(_table(rows, [45 * mm, 30 * mm, 95 * mm], body))
        story.append(Paragraph(_t(f"{a.decision_reason} — {a.decided_at}"), body))
        for r in json.loads(a.remedies or "[]"):
            story.append(Paragraph(_t(f"→ {r}"), small))
        story.append(Paragraph(_t(f"Sự kiện ghi thêm / Appended log seqs: {json.loads(a.appended_seqs or '[]')}"), body))
    else:
        story.append(Paragraph(_t("Chưa có quyết định / Not decided yet"), body))
    story.append(Paragraph(_t("Bằng chứng / Evidence"), h2))
    rows = [[_t("#"), _t("Loại / Kind"), _t("Tệp / File"), _t("SHA-256")]]
    for e in record["evidence"]:
        info = json.loads(e.info or "{}")
        what = f"{e.kind} {e.mime} {info.get('width', '')}x{info.get('height', '')}"
        if info.get("duration_ms"):
            what += f" {info['duration_ms'] / 1000:.1f} s"
        rows.append([_t(e.id), _t(what), _t(f"{e.filename} ({e.size} B)"), _t(e.sha256)])
    story.append(_table(rows, [10 * mm, 45 * mm, 45 * mm, 70 * mm], small))
    story.append(Paragraph(_t("Chuỗi lưu giữ / Chain of custody"), h2))
    rows = [[_t("Lúc / At"), _t("Ai / Who"), _t("Việc / Action"), _t("Bằng chứng / Evidence, SHA-256")]]
    rows += [[_t(c.at), _t(c.actor), _t(c.action), _t(f"{c.evidence_id or ''} {c.sha256}")] for c in record["custody"]]
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
        title=f"Appeal {a.id}",
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
