"""Render a contract layout to PDF: reportlab for the text, pyhanko for the empty signature fields.

The font is Be Vietnam Pro from the ``fontpkg-be-vietnam-pro`` wheel, embedded (never Helvetica),
so every Vietnamese glyph shows and ``pdftotext`` gives back the exact NFC text. Output is
deterministic (reportlab ``invariant``): the same layout gives the same bytes. A contract that is
sent carries the register's ``stamp`` on every page (``base.register``: its code and QR code),
drawn before the department certifies it, since a signed PDF cannot change afterwards.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from pyhanko.pdf_utils.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, TextStringObject, pdf_date
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from pyhanko.sign.fields import (
    FieldMDPAction,
    FieldMDPSpec,
    MDPPerm,
    SigFieldSpec,
    append_signature_field,
)
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from base.pdf import FONT, FONT_BOLD, register_fonts
from base.register import PageCallback
from contracts.layout import NATIONAL_MOTTO, PARTY_KEY, BlockKind, Layout, SignatureSlot

SIG_BOX = (52 * mm, 24 * mm)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=11, leading=15, alignment=TA_JUSTIFY, spaceAfter=4)
    return {
        "motto": ParagraphStyle("motto", parent=body, fontName=FONT_BOLD, alignment=TA_CENTER, spaceAfter=0),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=20, alignment=TA_CENTER, spaceBefore=14, spaceAfter=2
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, alignment=TA_CENTER, spaceAfter=12),
        BlockKind.HEADING.value: ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, spaceBefore=6),
        BlockKind.PARAGRAPH.value: body,
        BlockKind.ITEM.value: ParagraphStyle("item", parent=body, leftIndent=14, bulletIndent=2),
        "sig": ParagraphStyle("sig", parent=body, alignment=TA_CENTER, spaceAfter=0),
    }


class _NumberedCanvas(Canvas):
    """Canvas that writes "Trang i/n" on every page once the page count n is known (centred, or
    at the left margin when the register's stamp takes the lower right corner)."""

    number_left = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The doc template passes initialFontName=None explicitly; None would mean Helvetica.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's private page reset, absent from types-reportlab

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 9)
            if self.number_left:
                self.drawString(20 * mm, 12 * mm, f"Trang {number}/{total}")
            else:
                self.drawCentredString(A4[0] / 2, 12 * mm, f"Trang {number}/{total}")
            super().showPage()
        super().save()


class _StampedCanvas(_NumberedCanvas):
    number_left = True


class _SignatureBox(Flowable):
    """Empty box for one party's signature; records where it landed so the field can go there."""

    def __init__(self, slot: SignatureSlot, placed: dict[str, tuple[int, tuple[int, int, int, int]]]):
        super().__init__()
        self.slot, self.placed = slot, placed
        self.width, self.height = SIG_BOX

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(0.6, 0.6, 0.6)
        self.canv.setDash(2, 2)
        self.canv.rect(0, 0, self.width, self.height)
        x, y = self.canv.absolutePosition(0, 0)
        box = (round(x), round(y), round(x + self.width), round(y + self.height))
        self.placed[self.slot.field_name] = (self.canv.getPageNumber() - 1, box)


def _signature_table(layout: Layout, styles: dict[str, ParagraphStyle], placed: Placement) -> Table:
    cells: list[list[Flowable] | str] = []  # a cell stacks flowables; "" pads the last row
    for slot in layout.slots:
        cells.append(
            [
                Paragraph(f"<b>{escape(slot.label)}</b>", styles["sig"]),
                Paragraph("(Ký số)", styles["sig"]),
                _SignatureBox(slot, placed),
                Paragraph(f"<b>{escape(slot.signer_name)}</b>", styles["sig"]),
                Paragraph(f"CCCD: {escape(slot.national_id)}" if slot.national_id else "", styles["sig"]),
            ]
        )
    per_row = 3
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1])) if len(rows) > 1 else []
    width = (A4[0] - 40 * mm) / min(per_row, len(cells))
    return Table(
        rows,
        colWidths=[width] * len(rows[0]),
        style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT), ("ALIGN", (0, 0), (-1, -1), "CENTER")],
    )


def _story(layout: Layout, placed: Placement) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [Paragraph(escape(line), styles["motto"]) for line in NATIONAL_MOTTO]
    story.append(Paragraph(escape(layout.title), styles["title"]))
    if layout.subtitle:
        story.append(Paragraph(escape(layout.subtitle), styles["subtitle"]))
    for block in layout.blocks:
        bullet = "–" if block.kind is BlockKind.ITEM else None
        story.append(Paragraph(escape(block.text), styles[block.kind.value], bulletText=bullet))
    story += [Spacer(1, 8 * mm), KeepTogether([_signature_table(layout, styles, placed)])]
    return story


Placement = dict[str, tuple[int, tuple[int, int, int, int]]]


def render_unsigned(layout: Layout, stamp: PageCallback | None = None) -> tuple[bytes, Placement]:
    """Text-only PDF (no fields) plus where each signature box was drawn: (page index, box);
    ``stamp`` is drawn on every page."""
    register_fonts()
    placed: Placement = {}
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=layout.title,
        author="arena",
        subject=layout.template_id,
        creator="arena contracts",
        invariant=1,
        initialFontName=FONT,
    )
    if stamp is None:
        doc.build(_story(layout, placed), canvasmaker=_NumberedCanvas)
    else:
        doc.build(_story(layout, placed), onFirstPage=stamp, onLaterPages=stamp, canvasmaker=_StampedCanvas)
    return out.getvalue(), placed


INVARIANT_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def _fix_mod_date(writer: Any) -> None:
    """pyhanko stamps /ModDate with the wall clock when it writes, so two renders a second apart
    differed. Write the fixed date reportlab's invariant mode uses for /CreationDate instead
    (the signatures added later carry the real times)."""
    stamp_now = writer._update_meta

    def update_meta() -> None:
        stamp_now()
        if writer._info is not None:
            writer._info.get_object()["/ModDate"] = pdf_date(INVARIANT_DATE)

    writer._update_meta = update_meta


def _name_party(writer: Any, slot: SignatureSlot) -> None:
    """Write who the field's party is into the field, so the certification covers it and a
    verifier can compare each signer with the party printed on the contract."""
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == slot.field_name:
            field[NameObject(PARTY_KEY)] = DictionaryObject(  # type: ignore[no-untyped-call]  # pyhanko leaves it unannotated
                {
                    NameObject("/Role"): TextStringObject(slot.role),
                    NameObject("/Label"): TextStringObject(slot.label),
                    NameObject("/Name"): TextStringObject(slot.signer_name),
                    NameObject("/CCCD"): TextStringObject(slot.national_id),
                }
            )
            writer.update_container(field)
            return


def render_pdf(layout: Layout, stamp: PageCallback | None = None) -> bytes:
    """The contract as PDF with one empty signature field per party, ready for certification.

    Each party's field carries a /Lock: signing it locks every field except those of the
    parties after it; the last party's signature also sets DocMDP "no changes". Each field also
    names its party (``PARTY_KEY``: name and CCCD as printed under the box).
    """
    pdf, placed = render_unsigned(layout, stamp)
    writer = copy_into_new_writer(PdfFileReader(BytesIO(pdf)))
    # pyhanko draws a random /ID; derive it from the content so rendering stays deterministic.
    digest = hashlib.sha256(pdf).digest()[:16]
    writer._document_id = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    _fix_mod_date(writer)
    names = [s.field_name for s in layout.slots]
    for i, slot in enumerate(layout.slots):
        page, box = placed[slot.field_name]
        later = names[i + 1 :]
        lock = FieldMDPSpec(FieldMDPAction.EXCLUDE, fields=later) if later else FieldMDPSpec(FieldMDPAction.ALL)
        append_signature_field(
            writer,
            SigFieldSpec(
                slot.field_name,
                on_page=page,
                box=box,
                field_mdp_spec=lock,
                doc_mdp_update_value=None if later else MDPPerm.NO_CHANGES,
            ),
        )
        _name_party(writer, slot)
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]  # pyhanko leaves it unannotated
    return out.getvalue()
