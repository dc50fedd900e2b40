"""Printed results (no database): the results of a category, the protocol of its judged stages
(every judge's mark, the trimmed ones in brackets as the sport prints them), the medal table, and the
results book of the whole competition (one PDF; one workbook with a sheet per category).

Each render function takes plain data (``results.service.standing_out`` / ``medal_out`` dicts, a
``Paper``) and returns bytes. Every page carries the organiser, the competition, "CHÍNH THỨC" or
"TẠM THỜI" (an event that has not ended is provisional on every page), the printing time in the
venue's time zone and "Trang x/y"; a results page lists the head hash of every contest log it
summarises. A4, black and white; the layout helpers are the tournament documents' own.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from base.pdf import register_fonts
from base.sheets import xlsx_cell
from tournaments.documents import Heading, _build, _grid, _p, _signatures, _title, nfc

Footer = Callable[[Canvas, tuple[float, float]], None]
WIDTH = A4[0] - 20 * mm
COMPONENT_VI = {"technical": "Kỹ thuật", "athletic": "Thể lực"}
PARAM_VI = {"dd": "Độ khó (DD)"}
SIGNERS = ("TỔNG TRỌNG TÀI", "TRƯỞNG BAN TỔ CHỨC")
# The digital signature fields of an event's results, in signing order ("SigN_role": contracts.signing's order).
SIGNATURE_FIELDS = (("Sig1_chief_referee", "chief_referee", "TỔNG TRỌNG TÀI"), ("Sig2_director", "director", "TRƯỞNG BAN TỔ CHỨC"))
SIG_BOX = (62 * mm, 18 * mm)
Placed = dict[str, tuple[int, tuple[int, int, int, int]]]


@dataclass(frozen=True, slots=True)
class Paper:
    """What every page of a results document says: who organises, which competition, where, when printed."""

    organiser: str
    competition: str
    venue: str
    dates: str
    printed: str  # venue time, "08:15 02/12/2026"
    final: bool = True

    def heading(self, right: str) -> Heading:
        status = "CHÍNH THỨC" if self.final else "TẠM THỜI — CHƯA KẾT THÚC"
        return Heading(competition=f"{self.organiser} · {self.competition}", category=f"{right} · {status}", printed=self.printed)

    @property
    def place(self) -> str:
        return " · ".join(x for x in (self.venue, self.dates) if x)


@dataclass(frozen=True, slots=True)
class LogHead:
    """A contest the document summarises: its label and the hash of its log's last event."""

    label: str
    head: str
    ok: bool = True


@dataclass(frozen=True)
class Protocol:
    """One judged performance (a part) as the protocol prints it."""

    stage: str
    label: str
    name: str
    team: str
    components: list[tuple[str, list[tuple[str, str, bool]], str]] = field(default_factory=list)  # (name, [(seat, mark, dropped)], value)
    params: dict[str, str] = field(default_factory=dict)
    penalties: str = ""
    total: str = ""


def protocol_of(stage: str, label: str, who: Mapping[str, Any], score: Any) -> Protocol:
    """A performance's protocol from its recomputed ``ContestScore`` (the side ``red``)."""
    side = score.sides.get("red") if score is not None else None
    if side is None:
        return Protocol(stage, label, who.get("name", ""), who.get("team", ""))
    detail = side.detail
    dropped: dict[str, set[str]] = {}
    for step in score.explanation.steps:
        if step.dropped:
            dropped.setdefault(step.what, set()).update(seat for seat, _ in step.dropped)
    comps = []
    for name, seats in (detail.get("marks") or {}).items():
        marks = [(seat, str(v), seat in dropped.get(name, set())) for seat, v in seats.items()]
        comps.append((COMPONENT_VI.get(name, name), marks, str((detail.get("components") or {}).get(name, ""))))
    params = {PARAM_VI.get(k, k): str(v) for k, v in (detail.get("params") or {}).items()}
    penalties = format(side.penalties, "f") if side.penalties else ""
    total = format(side.total, "f") if side.total is not None else ""
    return Protocol(stage, label, who.get("name", ""), who.get("team", ""), comps, params, penalties, total)


# ---- tables ---------------------------------------------------------------------------------------


def _standing_rows(s: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    judged = any(ln.get("stages") for ln in s["lines"])
    multi = any(len(ln.get("parts") or []) > 1 for ln in s["lines"])
    head = ["Hạng", "Huy chương", "Họ và tên", "Đơn vị"]
    head += (["Điểm các lượt", "Tổng"] if multi else ["Điểm"]) if judged else ["Thắng – thua"]
    rows = []
    for ln in s["lines"]:
        place = str(ln["place"]) if ln["place"] else ("—" if s["final"] else "đang thi")
        row = [place, ln.get("medal_vi", ""), ln["name"], ln["team"]]
        if judged:
            stages = " · ".join(f"{x['stage']}: {x['total'] or '…'}" for x in ln.get("stages", []))
            if multi:
                row += [" + ".join(p or "…" for p in ln.get("parts") or []), stages]
            else:
                row += [stages]
        else:
            row += [f"{ln['won']} – {ln['lost']}"]
        rows.append(row)
    return head, rows


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]], fractions: Sequence[float], size: float = 9) -> Flowable:
    data: list[list[Any]] = [[_p(h, size - 1, bold=True) for h in head]]
    data += [[_p(c, size) for c in r] for r in rows]
    return _grid(data, [WIDTH * f for f in fractions])


def _fractions(n: int) -> list[float]:
    return {5: [0.08, 0.17, 0.3, 0.25, 0.2], 6: [0.07, 0.14, 0.24, 0.2, 0.18, 0.17]}.get(n, [1 / n] * n)


def _standing_story(s: Mapping[str, Any], paper: Paper, logs: Sequence[LogHead]) -> list[Flowable]:
    register_fonts()
    story = _title("KẾT QUẢ THI ĐẤU", nfc(" — ".join(x for x in (s.get("event", ""), s["name"]) if x)))
    story.append(_p(paper.place, 9, align=1))
    if not s["final"]:
        story.append(_p("TẠM THỜI: nội dung chưa kết thúc, thứ hạng có thể còn thay đổi; chưa trao huy chương.", 10, bold=True, align=1))
    story.append(Spacer(1, 3 * mm))
    if not s["lines"]:
        story.append(_p("Chưa bốc thăm: chưa có thứ hạng.", 10))
        return story
    head, rows = _standing_rows(s)
    story.append(_table(head, rows, _fractions(len(head))))
    for name, pool in (s.get("pools") or {}).items():
        story += [Spacer(1, 4 * mm), _p(f"Bảng {name}", 10, bold=True)]
        prow = [
            [
                str(p["rank"]),
                p["name"],
                p["team"],
                str(p["played"]),
                str(p["won"]),
                str(p["drawn"]),
                str(p["lost"]),
                f"{p['scored']} – {p['conceded']}",
            ]
            for p in pool
        ]
        story.append(
            _table(
                ["Hạng", "Họ và tên", "Đơn vị", "Trận", "Thắng", "Hòa", "Thua", "Điểm ghi – mất"],
                prow,
                [0.07, 0.27, 0.22, 0.07, 0.07, 0.07, 0.07, 0.16],
                8,
            )
        )
    if logs:
        story += [Spacer(1, 4 * mm), _p("Nhật ký điểm của các trận/lượt thi (mã băm SHA-256 của sự kiện cuối cùng)", 8, bold=True)]
        lrows = [[lg.label, lg.head or "(chưa có sự kiện)", "khớp" if lg.ok else "KHÔNG KHỚP"] for lg in logs]
        data: list[list[Any]] = [[_p(h, 7, bold=True) for h in ("Trận / lượt", "Mã băm", "Chuỗi băm")]]
        data += [[_p(a, 6.5), _p(b, 6), _p(c, 6.5)] for a, b, c in lrows]
        story.append(_grid(data, [WIDTH * 0.28, WIDTH * 0.6, WIDTH * 0.12]))
    story += [Spacer(1, 6 * mm), KeepTogether([_signatures(*SIGNERS)])]
    return story


class _SignatureBox(Flowable):
    """The box a digital signature goes in; records the page and the box it landed on."""

    def __init__(self, name: str, placed: Placed) -> None:
        super().__init__()
        self.name, self.placed = name, placed
        self.width, self.height = SIG_BOX

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(0.5, 0.5, 0.5)
        self.canv.setDash(2, 2)
        self.canv.rect(0, 0, self.width, self.height)
        x, y = self.canv.absolutePosition(0, 0)
        self.placed[self.name] = (self.canv.getPageNumber() - 1, (round(x), round(y), round(x + self.width), round(y + self.height)))


def _signature_fields_block(placed: Placed) -> Table:
    cells = [
        [_p(title, 9, bold=True, align=1), _p("(Ký số, hoặc ký tay và ghi rõ họ tên)", 7, align=1), _SignatureBox(name, placed)]
        for name, _role, title in SIGNATURE_FIELDS
    ]
    return Table(
        [cells], colWidths=[WIDTH / 2, WIDTH / 2], style=[("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    )


def with_signature_fields(pdf: bytes, placed: Placed) -> bytes:
    """The PDF with one empty signature field per official: the chief referee's locks every field
    but the director's; the director's, the last, locks the document ("no changes")."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer
    from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm, SigFieldSpec, append_signature_field

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf)))
    names = [name for name, _role, _title in SIGNATURE_FIELDS]
    for i, name in enumerate(names):
        page, box = placed[name]
        later = names[i + 1 :]
        lock = FieldMDPSpec(FieldMDPAction.EXCLUDE, fields=later) if later else FieldMDPSpec(FieldMDPAction.ALL)
        spec = SigFieldSpec(name, on_page=page, box=box, field_mdp_spec=lock, doc_mdp_update_value=None if later else MDPPerm.NO_CHANGES)
        append_signature_field(writer, spec)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]  # pyhanko leaves it unannotated
    return out.getvalue()


def category_results_pdf(
    s: Mapping[str, Any], paper: Paper, logs: Sequence[LogHead] = (), footer: Footer | None = None, signable: bool = False
) -> bytes:
    """The results of one category; provisional on every page while the category runs. ``signable``:
    with the chief referee's and the director's digital signature fields (a final result only)."""
    story = _standing_story(s, paper, logs)
    placed: Placed = {}
    if signable:
        story[-1] = KeepTogether([_signature_fields_block(placed)])
    pdf = _build(story, paper.heading(s["name"]), "Kết quả thi đấu", footer=footer, bottom=22 * mm)
    return with_signature_fields(pdf, placed) if signable else pdf


def _protocol_story(s: Mapping[str, Any], protocols: Sequence[Protocol]) -> list[Flowable]:
    register_fonts()
    story = _title("BIÊN BẢN CHẤM ĐIỂM", nfc(" — ".join(x for x in (s.get("event", ""), s["name"]) if x)))
    story.append(_p("Mọi điểm của từng giám định; điểm trong ngoặc [ ] là điểm bị loại theo luật (cao nhất, thấp nhất).", 8, align=1))
    stage = None
    for pr in protocols:
        block: list[Flowable] = []
        if pr.stage != stage:
            stage = pr.stage
            block += [Spacer(1, 3 * mm), _p(pr.stage, 11, bold=True)]
        head = f"{pr.label} · {pr.name}" + (f" ({pr.team})" if pr.team else "")
        block.append(_p(head, 9, bold=True))
        rows: list[list[Any]] = []
        for name, marks, value in pr.components:
            shown = "  ".join(f"{seat}: [{m}]" if dropped else f"{seat}: {m}" for seat, m, dropped in marks)
            rows.append([_p(name, 8, bold=True), _p(shown, 8), _p(value, 8, bold=True)])
        extra = [f"{k} {v}" for k, v in pr.params.items()]
        if pr.penalties:
            extra.append(f"Trừ điểm {pr.penalties}")
        rows.append([_p("Tổng", 8, bold=True), _p(" · ".join(extra), 8), _p(pr.total or "chưa có", 9, bold=True)])
        block.append(_grid(rows, [WIDTH * 0.14, WIDTH * 0.7, WIDTH * 0.16], header=False))
        story.append(KeepTogether(block))
    story += [Spacer(1, 6 * mm), KeepTogether([_signatures("TRỌNG TÀI GIÁM SÁT", "TỔNG TRỌNG TÀI")])]
    return story


def protocol_pdf(s: Mapping[str, Any], protocols: Sequence[Protocol], paper: Paper, footer: Footer | None = None) -> bytes:
    """The protocol of a judged category's stages: every judge's mark of every performance."""
    return _build(_protocol_story(s, protocols), paper.heading(s["name"]), "Biên bản chấm điểm", footer=footer, bottom=22 * mm)


def _medal_story(m: Mapping[str, Any], paper: Paper) -> list[Flowable]:
    register_fonts()
    story = _title("BẢNG TỔNG SẮP HUY CHƯƠNG", nfc(paper.competition))
    story.append(_p(paper.place, 9, align=1))
    story.append(_p(f"{m['count_by_vi']} · {m['finished']}/{m['categories']} nội dung đã kết thúc · {m['order_vi']}", 9, align=1))
    story.append(Spacer(1, 3 * mm))
    points = bool(m.get("points_table"))
    head = ["Hạng", m["unit_vi"], "Vàng", "Bạc", "Đồng", "Tổng"] + (["Điểm"] if points else [])
    rows = [
        [str(r["rank"]), r["team"], str(r["gold"]), str(r["silver"]), str(r["bronze"]), str(r["medals"])]
        + ([str(r["points"])] if points else [])
        for r in m["rows"]
    ]
    t = m["totals"]
    rows.append(
        ["", "Tổng cộng", str(t["gold"]), str(t["silver"]), str(t["bronze"]), str(t["gold"] + t["silver"] + t["bronze"])]
        + ([str(t["points"])] if points else [])
    )
    fr = [0.08, 0.42, 0.1, 0.1, 0.1, 0.1] + ([0.1] if points else [])
    story.append(_table(head, rows, [f / sum(fr) for f in fr]) if m["rows"] else _p("Chưa có nội dung nào kết thúc.", 10))
    if points:
        table = ", ".join(f"hạng {k}: {v} điểm" for k, v in m["points_table"].items())
        story += [Spacer(1, 2 * mm), _p(f"Điểm theo hạng (theo điều lệ): {table}", 8)]
    story += [Spacer(1, 6 * mm), KeepTogether([_signatures(*SIGNERS)])]
    return story


def medal_table_pdf(m: Mapping[str, Any], paper: Paper, footer: Footer | None = None) -> bytes:
    return _build(_medal_story(m, paper), paper.heading("Tổng sắp huy chương"), "Bảng tổng sắp huy chương", footer=footer, bottom=22 * mm)


def results_book_pdf(
    m: Mapping[str, Any],
    standings: Sequence[Mapping[str, Any]],
    paper: Paper,
    logs: Mapping[int, Sequence[LogHead]] | None = None,
    protocols: Mapping[int, Sequence[Protocol]] | None = None,
    footer: Footer | None = None,
) -> bytes:
    """The whole competition in one PDF: the cover with the medal table, then each category's
    results (and its protocol when it is judged), each starting on a new page."""
    register_fonts()
    story: list[Flowable] = [Spacer(1, 30 * mm), _p(paper.organiser.upper(), 12, bold=True, align=1), Spacer(1, 8 * mm)]
    story += [_p("SỔ KẾT QUẢ", 22, bold=True, align=1), Spacer(1, 4 * mm), _p(paper.competition, 16, bold=True, align=1)]
    story += [Spacer(1, 3 * mm), _p(paper.place, 11, align=1), Spacer(1, 12 * mm)]
    contents = [
        [str(i + 1), nfc(" — ".join(x for x in (s.get("event", ""), s["name"]) if x)), s["status_vi"]] for i, s in enumerate(standings)
    ]
    story.append(_table(["#", "Nội dung", "Trạng thái"], contents, [0.07, 0.68, 0.25], 8))
    story += [PageBreak(), *_medal_story(m, paper)]
    for s in standings:
        story += [PageBreak(), *_standing_story(s, paper, (logs or {}).get(s["category_id"], ()))]
        prots = (protocols or {}).get(s["category_id"])
        if prots:
            story += [CondPageBreak(60 * mm), *_protocol_story(s, prots)]
    return _build(story, paper.heading("Sổ kết quả"), "Sổ kết quả", footer=footer, bottom=22 * mm)


# ---- spreadsheets ---------------------------------------------------------------------------------


def _sheet_name(text: str, taken: set[str]) -> str:
    base = "".join(c for c in nfc(text) if c not in "[]:*?/\\")[:28] or "Nội dung"
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[:26]} {n}"
        n += 1
    taken.add(name.lower())
    return name


def _write_standing(ws: Any, s: Mapping[str, Any], paper: Paper) -> None:
    from openpyxl.styles import Font

    def bold(value: Any, size: float = 11) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.font = Font(bold=True, size=size)
        return cell

    ws.append([bold(nfc(paper.organiser))])
    ws.append([bold(nfc(paper.competition), 13)])
    ws.append([xlsx_cell(ws, nfc(" — ".join(x for x in (s.get("event", ""), s["name"]) if x)))])
    ws.append([xlsx_cell(ws, nfc(f"{s['status_vi']} · In lúc {paper.printed}"))])
    ws.append([])
    head, rows = _standing_rows(s)
    ws.append([bold(h) for h in head])
    for r in rows:
        ws.append([int(c) if i == 0 and c.isdigit() else xlsx_cell(ws, c) for i, c in enumerate(r)])


def _write_medals(ws: Any, m: Mapping[str, Any], paper: Paper) -> None:
    ws.append([xlsx_cell(ws, nfc(paper.organiser))])
    ws.append([xlsx_cell(ws, nfc(paper.competition))])
    ws.append(
        [
            xlsx_cell(
                ws,
                f"Bảng tổng sắp huy chương · {m['count_by_vi']} · {m['finished']}/{m['categories']} nội dung đã kết thúc"
                f" · In lúc {paper.printed}",
            )
        ]
    )
    ws.append([])
    ws.append(["Hạng", m["unit_vi"], "Vàng", "Bạc", "Đồng", "Tổng", "Điểm"])
    for r in m["rows"]:
        ws.append([r["rank"], xlsx_cell(ws, r["team"]), r["gold"], r["silver"], r["bronze"], r["medals"], r["points"]])


def _save(book: Any) -> bytes:
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def category_results_xlsx(s: Mapping[str, Any], paper: Paper) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _write_standing(book.create_sheet(_sheet_name(s["name"], set())), s, paper)
    return _save(book)


def medal_table_xlsx(m: Mapping[str, Any], paper: Paper) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _write_medals(book.create_sheet("Tổng sắp"), m, paper)
    return _save(book)


def results_book_xlsx(m: Mapping[str, Any], standings: Sequence[Mapping[str, Any]], paper: Paper) -> bytes:
    """One workbook: the medal table first, then a sheet per category."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    taken = {"tổng sắp"}
    _write_medals(book.create_sheet("Tổng sắp"), m, paper)
    for s in standings:
        _write_standing(book.create_sheet(_sheet_name(s["name"], taken)), s, paper)
    return _save(book)


__all__ = [
    "LogHead",
    "Paper",
    "Protocol",
    "category_results_pdf",
    "category_results_xlsx",
    "medal_table_pdf",
    "medal_table_xlsx",
    "protocol_of",
    "protocol_pdf",
    "results_book_pdf",
    "results_book_xlsx",
]
