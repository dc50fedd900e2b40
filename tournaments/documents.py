"""Printed documents of a tournament (no database): the bracket, the weigh-in list, the entry list
(PDF and XLSX) and the blank score sheets of the paper fallback.

Each render function takes plain data (the dicts of ``tournaments.views``, a ``Heading``) and
returns bytes. Every page carries the competition's and the category's names, the printing time in
the venue's time zone and "Trang x/y"; no internal id or code is printed but the register's
verification code: each PDF takes the register's page ``stamp`` (``base.register``; issued through
``tournaments.issuing``), drawn in a band below the footer. reportlab with Be Vietnam Pro
(``base.pdf``), every text NFC; black and white only.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from base.pdf import FONT, FONT_BOLD, register_fonts
from base.register import STAMP_ROOM, PageCallback
from base.sheets import xlsx_cell

GREY = colors.Color(0.9, 0.9, 0.9)
WAITING = "chờ kết quả"
BYE = "miễn đấu"
STAGE_VI = {"main": "Nhánh chính", "repechage": "Đấu vớt", "bronze": "Tranh hạng ba", "losers": "Nhánh thua", "final": "Chung kết tổng"}
WEIGH_DOC_VI = {
    "": "chưa cân",
    "ok": "Đạt",
    "out": "Ngoài hạng cân",
    "moved": "Đã chuyển hạng",
    "withdrawn": "Rút vì cân nặng",
}
DECISIONS = ("Thắng điểm", "Bỏ cuộc", "Vắng mặt", "Truất quyền", "Chấn thương", "Trọng tài quyết định")


@dataclass(frozen=True, slots=True)
class Heading:
    """What every page of a document says at its top and bottom."""

    competition: str
    category: str
    printed: str  # venue time, e.g. "08:15 02/12/2026"
    event: str = ""


@dataclass(frozen=True, slots=True)
class Sheet:
    """One contest on a blank score sheet."""

    category: str
    label: str
    field: str = ""
    planned: str = ""
    red: Mapping[str, Any] | None = None
    blue: Mapping[str, Any] | None = None
    performance: bool = False
    rounds: int = 3
    event: str = ""


# ---- text -------------------------------------------------------------------------------------


def nfc(text: Any) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def ascii_fold(text: str) -> str:
    """ "Nam 58 kg - Tuyển" -> "nam-58-kg-tuyen" (for file names)."""
    plain = unicodedata.normalize("NFKD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "tai-lieu"


def _esc(text: Any) -> str:
    return nfc(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _p(text: Any, size: float = 9, bold: bool = False, align: Literal[0, 1, 2] = 0) -> Paragraph:
    register_fonts()  # a Paragraph maps its font when made, before _build: the first document may be any one
    style = ParagraphStyle("p", fontName=FONT_BOLD if bold else FONT, fontSize=size, leading=size * 1.25, alignment=align)
    return Paragraph(_esc(text), style)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text cut with an ellipsis so it fits ``width`` points."""
    text = nfc(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _who(side: Mapping[str, Any] | None) -> str:
    if not side:
        return ""
    return f"{side.get('name', '')} ({side['team']})" if side.get("team") else nfc(side.get("name", ""))


# ---- pages ------------------------------------------------------------------------------------


def _canvas_class(size: tuple[float, float], margin: float, lift: float = 0) -> type[Canvas]:
    class Numbered(Canvas):
        """Writes "Trang x/y" on every page once the number of pages is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own reset, missing from types-reportlab

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.drawRightString(size[0] - margin, 6 * mm + lift, f"Trang {self.getPageNumber()}/{total}")
                super().showPage()
            super().save()

    return Numbered


def _build(
    story: list[Flowable],
    heading: Heading,
    title: str,
    size: tuple[float, float] = A4,
    footer: Callable[[Canvas, tuple[float, float]], None] | None = None,
    bottom: float = 14 * mm,
    stamp: PageCallback | None = None,
) -> bytes:
    """``stamp`` (the register's) goes in a band at the foot of every page; the footer (printing
    time, page number, a document's own ``footer``) is lifted above it."""
    register_fonts()
    margin = 10 * mm
    lift = STAMP_ROOM if stamp is not None else 0
    buf = io.BytesIO()

    def page(canv: Canvas, doc: Any) -> None:
        canv.saveState()
        top = size[1] - 7 * mm
        canv.setFont(FONT_BOLD, 9)
        canv.drawString(margin, top, _fit(heading.competition, FONT_BOLD, 9, size[0] / 2 - margin))
        canv.setFont(FONT, 9)
        right = " — ".join(x for x in (heading.event, heading.category) if x)
        canv.drawRightString(size[0] - margin, top, _fit(right, FONT, 9, size[0] / 2 - margin))
        canv.setLineWidth(0.4)
        canv.line(margin, top - 2 * mm, size[0] - margin, top - 2 * mm)
        canv.translate(0, lift)
        canv.setFont(FONT, 8)
        canv.drawString(margin, 6 * mm, nfc(f"In lúc {heading.printed} (giờ tại nơi thi đấu) · Arena"))
        if footer is not None:
            footer(canv, size)
        canv.restoreState()
        if stamp is not None:
            stamp(canv, doc)

    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=12 * mm,
        bottomMargin=bottom + lift,
        title=nfc(f"{title} — {heading.category}"),
        author="Arena",
        initialFontName=FONT,
    )  # no reference to a non-embedded Helvetica
    doc.build(story or [Spacer(1, 1)], onFirstPage=page, onLaterPages=page, canvasmaker=_canvas_class(size, margin, lift))
    return buf.getvalue()


def _grid(
    data: list[list[Any]], widths: Sequence[float] | None = None, header: bool = True, extra: Sequence[Any] = (), row: float | None = None
) -> Table:
    """A ruled table, left-aligned; ``row``: the height of each body row (room to write by hand)."""
    heights = None if row is None else [None if header and i == 0 else row for i in range(len(data))]
    table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1 if header else 0, hAlign="LEFT")
    style: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), GREY))
    table.setStyle(TableStyle(style + list(extra)))
    return table


def _title(text: str, sub: str = "") -> list[Flowable]:
    out: list[Flowable] = [_p(text, 14, bold=True, align=1)]
    if sub:
        out.append(_p(sub, 9, align=1))
    out.append(Spacer(1, 3 * mm))
    return out


def _signatures(*titles: str, height: float = 20 * mm) -> Table:
    row1 = [_p(t, 9, bold=True, align=1) for t in titles]
    row2 = [_p("(Ký, ghi rõ họ tên)", 8, align=1) for _ in titles]
    return Table([row1, row2, [""] * len(titles)], rowHeights=[None, None, height], style=[("FONTNAME", (0, 0), (-1, -1), FONT)])


# ---- the bracket --------------------------------------------------------------------------------


def _round_title(label: str) -> str:
    title = nfc(label).split(" - trận")[0].split(" - lượt")[0]
    return re.sub(r"\s+\d+$", "", title)


def _result(m: Mapping[str, Any]) -> str:
    score = m.get("score")
    text = f"{score['red']} – {score['blue']}" if score else ""
    if m.get("decision_vi"):
        text = f"{text} ({m['decision_vi']})" if text else nfc(m["decision_vi"])
    return text


def _is_bye(m: Mapping[str, Any]) -> bool:
    """A match where one side has no opponent: its bout says so, or one side went through alone."""
    if m.get("status") == "bye":
        return True
    alone = [s for s in ("red", "blue") if m.get(s)]
    return not m.get("performance") and len(alone) == 1 and m.get("winner") == alone[0] and not m.get("score")


def _side(m: Mapping[str, Any], side: str) -> str:
    """A side's name and team; "miễn đấu" for the empty side of a bye; "" while it waits for a result."""
    text = _who(m.get(side))
    return BYE if not text and _is_bye(m) else text


class BracketTree(Flowable):
    """The elimination tree drawn with lines, one column per round; scaled to the frame."""

    def __init__(self, rounds: list[list[Mapping[str, Any]]]) -> None:
        super().__init__()
        self.rounds = rounds
        self.slots = max(len(rounds[0]), 1)
        self.width = self.height = 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        least = min(self.slots * 8 * mm + 8 * mm, 140 * mm)  # below this, start on the next page (a fresh frame holds it)
        self.height = max(min(ah, self.slots * 16 * mm + 8 * mm), least)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        cols = len(self.rounds)
        top = 6 * mm  # the rounds' titles
        slot = (self.height - top) / self.slots
        col_w = self.width / cols
        box_w = col_w * 0.9
        box_h = min(slot * 0.88, 12 * mm)
        half = box_h / 2
        size = max(4.0, min(8.5, half * 0.62))
        small = max(4.0, min(7.0, size * 0.85))
        scores = [str(v) for r in self.rounds for m in r for v in (m.get("score") or {}).values()]
        score_w = max((stringWidth(v, FONT_BOLD, size) for v in scores), default=0) + 2 * mm
        centres: dict[tuple[int, int], float] = {}
        for ri, matches in enumerate(self.rounds):
            x = ri * col_w
            c.setFont(FONT_BOLD, 8)
            if matches:
                c.drawCentredString(x + box_w / 2, self.height - 4 * mm, _fit(_round_title(matches[0]["label"]), FONT_BOLD, 8, col_w))
            span = slot * self.slots / max(len(matches), 1)
            for k, m in enumerate(matches):
                cy = self.height - top - (k + 0.5) * span
                centres[(ri, k)] = cy
                self._box(m, x, cy, box_w, box_h, size, small, score_w, label_room=span - box_h)
        for ri in range(cols - 1):
            here, nxt = self.rounds[ri], self.rounds[ri + 1]
            if len(nxt) * 2 != len(here):
                continue
            x0 = ri * col_w + box_w
            x1 = (ri + 1) * col_w
            xm = (x0 + x1) / 2
            for k, m in enumerate(here):
                target = centres[(ri + 1, k // 2)] + (half / 2 if k % 2 == 0 else -half / 2)
                c.setLineWidth(1.6 if m.get("winner") else 0.5)
                y = centres[(ri, k)]
                path = c.beginPath()
                path.moveTo(x0, y)
                path.lineTo(xm, y)
                path.lineTo(xm, target)
                path.lineTo(x1, target)
                c.drawPath(path, stroke=1, fill=0)

    def _box(
        self, m: Mapping[str, Any], x: float, cy: float, w: float, h: float, size: float, small: float, score_w: float, label_room: float
    ) -> None:
        c = self.canv
        bye = _is_bye(m)
        c.setLineWidth(0.6)
        c.rect(x, cy - h / 2, w, h, stroke=1, fill=0)
        c.setLineWidth(0.3)
        c.line(x, cy, x + w, cy)
        score = m.get("score") or {}
        for side, y in (("red", cy + h / 4), ("blue", cy - h / 4)):
            who = m.get(side)
            won = m.get("winner") == side
            font = FONT_BOLD if won else FONT
            text = _side(m, side)
            if text == BYE and not who:
                font = FONT
            room = w - (score_w if score else 0) - 2.4 * mm
            fs = size
            while fs > 6 and stringWidth(nfc(text), font, fs) > room:
                fs -= 0.25  # shrink a long name down to 6 pt before cutting it
            c.setFont(font, fs)
            c.drawString(x + 1.2 * mm, y - size * 0.35, _fit(text, font, fs, room))
            if score and not bye:
                c.setFont(font, size)
                c.drawRightString(x + w - 1 * mm, y - size * 0.35, _fit(nfc(score.get(side, "")), font, size, score_w))
        note = " · ".join(t for t in (nfc(m.get("decision_vi", "")), nfc(m.get("planned", ""))) if t)
        if label_room >= small * 1.4:
            c.setFont(FONT, small)
            c.drawString(x, cy + h / 2 + small * 0.3, _fit(m.get("label", ""), FONT, small, w * 0.6))
            if note:
                c.drawRightString(x + w, cy + h / 2 + small * 0.3, _fit(note, FONT, small, w * 0.4))


def _match_table(matches: Sequence[Mapping[str, Any]], width: float) -> Table:
    rows: list[list[Any]] = [[_p(h, 8, bold=True) for h in ("Trận", "Giáp đỏ", "Giáp xanh", "Kết quả", "Người thắng")]]
    for m in matches:
        winner = m.get("winner")
        rows.append(
            [
                _p(m.get("label", ""), 8),
                _p(_side(m, "red") or WAITING, 8, bold=winner == "red"),
                _p(_side(m, "blue") or WAITING, 8, bold=winner == "blue"),
                _p(_result(m), 8),
                _p(nfc((m.get(winner) or {}).get("name", "")) if winner else "", 8, bold=True),
            ]
        )
    return _grid(rows, [width * f for f in (0.2, 0.25, 0.25, 0.12, 0.18)])


def _pool_grid(stage: str, matches: Sequence[Mapping[str, Any]], standings: Sequence[Mapping[str, Any] | None], width: float) -> Table:
    people: dict[str, Mapping[str, Any]] = {}
    for s in standings:
        if s:
            people[s["key"]] = s
    for m in matches:
        for side in ("red", "blue"):
            if m.get(side):
                people.setdefault(m[side]["key"], m[side])
    keys = list(people)
    finished = bool(matches) and all(m.get("winner") or m.get("status") == "done" for m in matches)
    rank = {s["key"]: i + 1 for i, s in enumerate(x for x in standings if x)} if finished else {}
    pairs: dict[tuple[str, str], str] = {}
    wins = dict.fromkeys(keys, 0)
    for m in matches:
        red, blue = m.get("red"), m.get("blue")
        if not red or not blue:
            continue
        score = m.get("score")
        if score:
            pairs[(red["key"], blue["key"])] = f"{score['red']}–{score['blue']}"
            pairs[(blue["key"], red["key"])] = f"{score['blue']}–{score['red']}"
        elif m.get("winner"):
            pairs[(red["key"], blue["key"])] = "T" if m["winner"] == "red" else "B"
            pairs[(blue["key"], red["key"])] = "B" if m["winner"] == "red" else "T"
        if m.get("winner") in ("red", "blue"):
            wins[m[m["winner"]]["key"]] = wins.get(m[m["winner"]]["key"], 0) + 1
    n = len(keys)
    size = 8 if n <= 8 else 6.5
    head = [_p("#", size, bold=True), _p(STAGE_VI.get(stage, stage.replace("pool:", "Bảng ")), size, bold=True)]
    head += [_p(str(i + 1), size, bold=True, align=1) for i in range(n)] + [_p("Thắng", size, bold=True), _p("Hạng", size, bold=True)]
    rows: list[list[Any]] = [head]
    shade: list[Any] = []
    for i, a in enumerate(keys):
        row: list[Any] = [_p(str(i + 1), size), _p(_who(people[a]), size)]
        for j, b in enumerate(keys):
            row.append(_p(pairs.get((a, b), ""), size, align=1))
            if i == j:
                shade.append(("BACKGROUND", (2 + j, 1 + i), (2 + j, 1 + i), GREY))
        row += [_p(str(wins.get(a, 0)), size, align=1), _p(str(rank.get(a, "")), size, bold=True, align=1)]
        rows.append(row)
    name_w = min(70 * mm, width * 0.35)
    cell = (width - name_w - 8 * mm - 30 * mm) / max(n, 1)
    return _grid(rows, [8 * mm, name_w] + [min(cell, 16 * mm)] * n + [15 * mm, 15 * mm], extra=shade)


def _start_list(matches: Sequence[Mapping[str, Any]], standings: Sequence[Mapping[str, Any] | None], width: float) -> Table:
    finished = bool(matches) and all(m.get("status") == "done" or m.get("score") for m in matches)
    rank = {s["key"]: i + 1 for i, s in enumerate(x for x in standings if x)} if finished else {}
    rows: list[list[Any]] = [[_p(h, 8, bold=True) for h in ("Lượt", "Vận động viên", "Đơn vị", "Điểm", "Xếp hạng")]]
    for m in sorted(matches, key=lambda x: (x.get("round", 0), x.get("order", 0))):
        red = m.get("red")
        rows.append(
            [
                _p(str(m.get("order", "")), 8),
                _p(nfc(red["name"]) if red else WAITING, 8),
                _p(nfc(red.get("team", "")) if red else "", 8),
                _p(nfc((m.get("score") or {}).get("red", "")), 8),
                _p(str(rank.get(red["key"], "")) if red else "", 8, bold=True),
            ]
        )
    return _grid(rows, [width * f for f in (0.08, 0.37, 0.3, 0.12, 0.13)])


def _performance_list(rows: Sequence[Mapping[str, Any]], width: float) -> Table:
    """A judged stage of several parts: one row per athlete in start order, a column per part, the total, the place."""
    parts = max(len(r.get("parts") or ()) for r in rows)
    head = ["Lượt", "Vận động viên", "Đơn vị", *(f"Bài {p}" for p in range(1, parts + 1)), "Tổng", "Hạng"]
    out: list[list[Any]] = [[_p(h, 8, bold=True) for h in head]]
    for r in rows:
        name = nfc(r.get("name", "")) + (f" ({nfc(r['decision_vi'])})" if r.get("decision_vi") else "")
        scores = [_p("" if x is None else str(x), 8, align=2) for x in r.get("parts") or ()]
        total = "" if r.get("total") is None else str(r["total"])
        out.append(
            [_p(f"{r.get('group', '')}{r.get('order', '')}", 8), _p(name, 8), _p(nfc(r.get("team", "")), 8), *scores]
            + [_p(total, 8, bold=True, align=2), _p(str(r.get("place") or ""), 8, bold=True, align=1)]
        )
    cell = min(16 * mm, width * 0.4 / (parts + 2))
    return _grid(out, [12 * mm, width * 0.3, width * 0.3 - 14 * mm] + [cell] * (parts + 1) + [width * 0.4 - cell * (parts + 1)])


def bracket_pdf(
    data: Mapping[str, Any], heading: Heading, public_url: str, size: Literal["a4", "a3"] = "a4", stamp: PageCallback | None = None
) -> bytes:
    """The category's draw as the bracket view gives it (``tournaments.views.bracket``)."""
    register_fonts()
    page = landscape(A3 if size == "a3" else A4)
    width = page[0] - 20 * mm
    matches: list[Mapping[str, Any]] = list(data.get("matches") or [])
    category = data.get("category") or {}
    draw = data.get("draw") or {}
    standings: Mapping[str, Sequence[Mapping[str, Any] | None]] = data.get("standings") or {}
    sub = " · ".join(x for x in (nfc(category.get("draw_format_vi", "")), nfc(category.get("band", ""))) if x)
    story: list[Flowable] = _title("SƠ ĐỒ THI ĐẤU", sub)
    if not matches:
        story.append(_p("Chưa bốc thăm.", 11, align=1))
    pools: list[Flowable] = []
    others: list[Flowable] = []
    for stage in dict.fromkeys(m.get("stage", "") for m in matches):
        these = [m for m in matches if m.get("stage") == stage]
        if stage == "main" and not any(m.get("performance") for m in these):
            continue  # the tree
        prefix = str(these[0].get("key", "")).split(":")[0]
        stand = standings.get(stage) or standings.get(prefix) or []
        performed = (data.get("performances") or {}).get(stage) or []
        if performed and max(len(r.get("parts") or ()) for r in performed) > 1:
            block: Flowable = _performance_list(performed, width)
            name = f"Danh sách thi đấu — {stage}"
        elif all(m.get("performance") for m in these):
            block = _start_list(these, stand, width)
            name = f"Danh sách thi đấu — {stage}"
        elif stage.startswith("pool:"):
            block = _pool_grid(stage, these, stand, width)
            name = stage.replace("pool:", "Bảng ")
        else:
            block = _match_table(sorted(these, key=lambda x: (x["round"], x["order"])), width)
            name = STAGE_VI.get(stage, stage)
        kept = KeepTogether([Spacer(1, 4 * mm), _p(name, 11, bold=True), Spacer(1, 1.5 * mm), block])
        (pools if stage.startswith("pool:") else others).append(kept)
    story += pools  # pools are held before the knockout that follows them
    tree = [m for m in matches if m.get("stage") == "main" and not m.get("performance")]
    if tree:
        by_round: dict[int, list[Mapping[str, Any]]] = {}
        for m in sorted(tree, key=lambda x: (x["round"], x["order"])):
            by_round.setdefault(m["round"], []).append(m)
        drawn = BracketTree([by_round[r] for r in sorted(by_round)])
        if pools:
            story.append(KeepTogether([Spacer(1, 4 * mm), _p("Vòng loại trực tiếp", 11, bold=True), Spacer(1, 1.5 * mm), drawn]))
        else:
            story.append(drawn)
    story += others
    placements = data.get("placements") or []
    if placements:
        rows: list[list[Any]] = [[_p(h, 9, bold=True) for h in ("Hạng", "Vận động viên", "Đơn vị")]]
        rows += [[_p(str(p["place"]), 9, bold=True, align=1), _p(p["name"], 9), _p(p.get("team", ""), 9)] for p in placements]
        story.append(
            KeepTogether(
                [Spacer(1, 4 * mm), _p("Xếp hạng chung cuộc", 11, bold=True), Spacer(1, 1.5 * mm), _grid(rows, [18 * mm, 80 * mm, 70 * mm])]
            )
        )

    def proof(canv: Canvas, page_size: tuple[float, float]) -> None:
        qr = 16 * mm
        x = page_size[0] - 10 * mm - qr - 22 * mm
        _draw_qr(canv, public_url, x, 9 * mm, qr)
        canv.setFont(FONT, 6.5)
        canv.drawString(x + qr + 1.5 * mm, 16 * mm, "Quét để xem")
        canv.drawString(x + qr + 1.5 * mm, 13 * mm, "sơ đồ trực tuyến")
        canv.setFont(FONT, 8)
        commitment = nfc(draw.get("commitment", ""))[:16]
        digest = nfc(draw.get("draw_digest", ""))[:16]
        text = f"Bằng chứng bốc thăm — mã cam kết: {commitment or 'chưa công bố'} · mã kết quả bốc thăm: {digest or 'chưa bốc thăm'}"
        canv.drawString(10 * mm, 16 * mm, text)
        if draw.get("witness"):
            canv.drawString(10 * mm, 12 * mm, _fit(f"Người chứng kiến nhập: {draw['witness']}", FONT, 8, x - 20 * mm))
        canv.drawString(10 * mm, 9 * mm, "Dòng trên mỗi trận: giáp đỏ · dòng dưới: giáp xanh · nét đậm: người thắng")

    return _build(story, heading, "Sơ đồ thi đấu", size=page, footer=proof, bottom=26 * mm, stamp=stamp)


def _draw_qr(canv: Canvas, content: str, x: float, y: float, size: float) -> None:
    """A segno QR code as vector squares (prints sharp at any size)."""
    matrix = [list(row) for row in segno.make(content, error="m").matrix_iter(border=1)]
    cell = size / len(matrix)
    canv.setFillColor(colors.black)
    for j, row in enumerate(matrix):
        for i, dark in enumerate(row):
            if dark:
                canv.rect(x + i * cell, y + size - (j + 1) * cell, cell, cell, stroke=0, fill=1)


# ---- lists ---------------------------------------------------------------------------------------


def band_text(category: Mapping[str, Any]) -> str:
    low, high = category.get("weight_min") or "", category.get("weight_max") or ""
    if low and high:
        return f"trên {low} kg đến {high} kg"
    if high:
        return f"đến {high} kg"
    if low:
        return f"trên {low} kg"
    return "không giới hạn cân nặng"


def weigh_in_pdf(
    category: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], heading: Heading, stamp: PageCallback | None = None
) -> bytes:
    """The weigh-in list: each approved athlete, the official weight and the outcome, a signature column."""
    sub = f"Hạng cân: {band_text(category)} · dung sai: {category.get('tolerance') or '0'} kg"
    rows: list[list[Any]] = [
        [
            _p(h, 8, bold=True, align=1)
            for h in ("STT", "Họ và tên", "Đơn vị", "Năm sinh", "Cân chính thức (kg)", "Kết quả", "Chữ ký tổ cân")
        ]
    ]
    for i, e in enumerate(entries, start=1):
        rows.append(
            [
                _p(str(i), 9, align=1),
                _p(e.get("name", ""), 9),
                _p(e.get("team", ""), 9),
                _p(str(e.get("birth_year") or ""), 9, align=1),
                _p(e.get("weight", ""), 9, align=1),
                _p(WEIGH_DOC_VI.get(e.get("weigh_status", ""), nfc(e.get("weigh_vi", ""))), 9),
                "",
            ]
        )
    table = _grid(rows, [10 * mm, 46 * mm, 34 * mm, 14 * mm, 20 * mm, 30 * mm, 36 * mm], row=10 * mm)
    story: list[Flowable] = _title("DANH SÁCH CÂN KIỂM TRA", sub)
    story += [table, Spacer(1, 6 * mm), _signatures("Trưởng tổ cân", "Giám sát")]
    return _build(story, heading, "Danh sách cân", stamp=stamp)


ENTRY_HEADERS = ("STT", "Họ và tên", "Đơn vị", "Năm sinh", "Giới tính", "Trạng thái", "Hạt giống", "Cân nặng (kg)")


def entry_rows(entries: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    return [
        [
            i,
            nfc(e.get("name", "")),
            nfc(e.get("team", "")),
            e.get("birth_year") or "",
            nfc(e.get("gender_vi", "")),
            nfc(e.get("status_vi", "")),
            e.get("seed") or "",
            nfc(e.get("weight", "")),
        ]
        for i, e in enumerate(entries, start=1)
    ]


def entries_pdf(
    category: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], heading: Heading, stamp: PageCallback | None = None
) -> bytes:
    sub = " · ".join(x for x in (band_text(category), nfc(category.get("sex_vi", "")), nfc(category.get("ages", ""))) if x)
    rows: list[list[Any]] = [[_p(h, 8, bold=True, align=1) for h in ENTRY_HEADERS]]
    rows += [[_p(c, 9) for c in r] for r in entry_rows(entries)]
    story = _title("DANH SÁCH ĐĂNG KÝ THI ĐẤU", sub)
    story += [_grid(rows, [10 * mm, 50 * mm, 38 * mm, 16 * mm, 16 * mm, 26 * mm, 15 * mm, 19 * mm])]
    story += [Spacer(1, 3 * mm), _p(f"Tổng số: {len(entries)} vận động viên", 9)]
    return _build(story, heading, "Danh sách đăng ký", stamp=stamp)


def entries_xlsx(category: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], heading: Heading) -> bytes:
    """The entry list as a spreadsheet: a text a spreadsheet would run as a formula (a name typed as
    ``=HYPERLINK(...)``) is a string cell with the quote prefix (``base.sheets.xlsx_cell``)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    ws = book.create_sheet("Danh sách đăng ký")
    for col, w in zip("ABCDEFGH", (6, 30, 24, 10, 10, 18, 10, 14), strict=True):
        ws.column_dimensions[col].width = w

    def bold(value: Any, size: float = 11) -> Any:
        cell = xlsx_cell(ws, value)
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(ws, value=cell)
        cell.font = Font(bold=True, size=size)
        return cell

    ws.append([bold(nfc(heading.competition), 13)])
    ws.append([bold(nfc(f"{heading.event} — {heading.category}" if heading.event else heading.category))])
    ws.append([xlsx_cell(ws, nfc(f"{band_text(category)} · In lúc {heading.printed}"))])
    ws.append([])
    ws.append([bold(h) for h in ENTRY_HEADERS])
    for row in entry_rows(entries):
        ws.append([xlsx_cell(ws, c) for c in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# ---- blank score sheets ----------------------------------------------------------------------------


def _box_row(labels: Sequence[str], width: float) -> Table:
    """Labels each with an empty square to tick."""
    cells: list[Any] = []
    for label in labels:
        cells += ["", _p(label, 9)]
    each = width / len(labels)
    table = Table([cells], colWidths=[5 * mm, each - 5 * mm] * len(labels), rowHeights=[7 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            + [("BOX", (2 * i, 0), (2 * i, 0), 0.8, colors.black) for i in range(len(labels))]
        )
    )
    return table


def _sheet_story(s: Sheet, width: float) -> list[Flowable]:
    info = [
        [_p("Nội dung", 9, bold=True), _p(" — ".join(x for x in (s.event, s.category) if x), 10)],
        [_p("Trận", 9, bold=True), _p(s.label, 10, bold=True)],
        [_p("Sân/thảm", 9, bold=True), _p(s.field or "chưa xếp", 10)],
        [_p("Giờ dự kiến", 9, bold=True), _p(s.planned or "chưa xếp", 10)],
    ]
    story: list[Flowable] = _title("BIÊN BẢN THI ĐẤU (PHIẾU GIẤY)", "Dùng khi hệ thống chấm điểm điện tử không dùng được")
    story += [_grid(info, [35 * mm, width - 35 * mm], header=False), Spacer(1, 4 * mm)]
    if s.performance:
        side = s.red
        story += [
            _grid(
                [
                    [_p("Vận động viên", 9, bold=True), _p("Đơn vị", 9, bold=True)],
                    [_p(side["name"] if side else WAITING, 12, bold=True), _p(side.get("team", "") if side else "", 11)],
                ],
                [width * 0.6, width * 0.4],
            ),
            Spacer(1, 4 * mm),
        ]
        judges: list[list[Any]] = [[_p(h, 9, bold=True) for h in ("Giám khảo", "Điểm", "Ghi chú")]]
        judges += [[_p(f"Giám khảo {i}", 9), "", ""] for i in range(1, 8)]
        judges += [[_p("Điểm cuối cùng", 9, bold=True), "", ""]]
        story.append(_grid(judges, [50 * mm, 40 * mm, width - 90 * mm], row=9 * mm))
        story.append(Spacer(1, 2 * mm))
    else:
        names = [
            [_p("Giáp đỏ", 9, bold=True, align=1), _p("Giáp xanh", 9, bold=True, align=1)],
            [_p(_who(s.red) or WAITING, 12, bold=True, align=1), _p(_who(s.blue) or WAITING, 12, bold=True, align=1)],
        ]
        story += [_grid(names, [width / 2, width / 2]), Spacer(1, 4 * mm)]
        col = (width - 30 * mm) / 4
        grid: list[list[Any]] = [
            [_p("Hiệp", 9, bold=True), _p("Đỏ — điểm", 9, bold=True), _p("Đỏ — lỗi", 9, bold=True)]
            + [_p("Xanh — điểm", 9, bold=True), _p("Xanh — lỗi", 9, bold=True)]
        ]
        grid += [[_p(f"Hiệp {r}", 9), "", "", "", ""] for r in range(1, s.rounds + 1)]
        grid += [[_p("Tổng", 9, bold=True), "", "", "", ""]]
        story.append(_grid(grid, [30 * mm] + [col] * 4, row=11 * mm))
        story += [Spacer(1, 4 * mm), _p("Người thắng:", 10, bold=True), _box_row(["Giáp đỏ", "Giáp xanh"], width * 0.5)]
    story += [Spacer(1, 3 * mm), _p("Hình thức thắng:", 10, bold=True)]
    story += [_box_row(DECISIONS[:3], width), _box_row(DECISIONS[3:], width)]
    story += [Spacer(1, 3 * mm), _p("Ghi chú: ..................................................................................", 9)]
    story += [
        Spacer(1, 5 * mm),
        _p("Kết quả trên phiếu giấy được nhập vào hệ thống sau, với xác nhận của hai trọng tài.", 8),
        Spacer(1, 2 * mm),
        _signatures("Trọng tài thứ nhất", "Trọng tài thứ hai (xác nhận)", height=18 * mm),
    ]
    return story


def score_sheets_pdf(sheets: Sequence[Sheet], heading: Heading, stamp: PageCallback | None = None) -> bytes:
    """One page per contest: the paper fallback, filled by hand and entered afterwards."""
    register_fonts()
    width = A4[0] - 20 * mm
    story: list[Flowable] = []
    for i, s in enumerate(sheets):
        if i:
            story.append(PageBreak())
        story += _sheet_story(s, width)
    if not sheets:
        story = _title("BIÊN BẢN THI ĐẤU (PHIẾU GIẤY)") + [_p("Không có trận nào.", 11, align=1)]
    return _build(story, heading, "Biên bản thi đấu", stamp=stamp)
