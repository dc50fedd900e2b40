"""The verification stamp every page of an issued document carries: a small QR code of the code's
public page and "Mã xác thực: XXXX-XXXX · <address>" beside it, in the lower right corner.

A page keeps ``STAMP_ROOM`` free above its lower edge (its bottom margin) for the stamp.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from base.pdf import FONT, FONT_BOLD, register_fonts
from base.register.codes import show_code, verification_url

STAMP_QR = 13 * mm
"""Side of the QR code: about 0.4 mm a module for an address of 40 characters, which a phone reads
off a laser print."""
STAMP_BOTTOM = 4 * mm
STAMP_ROOM = STAMP_BOTTOM + STAMP_QR + 2 * mm
"""The bottom margin a page keeps free for the stamp."""
HINT = "Quét mã QR hoặc mở địa chỉ trên để kiểm tra đây đúng là bản Arena đã phát hành."

PageCallback = Callable[[Canvas, Any], None]


def draw_verification_stamp(
    canv: Canvas, code: str, public_url: str, page_width: float, *, right: float = 10 * mm, bottom: float = STAMP_BOTTOM
) -> None:
    """Draw the stamp of ``code`` (stored or shown form) with the QR code's lower right corner
    ``right`` and ``bottom`` away from the page's edges."""
    register_fonts()
    url = verification_url(public_url, code)
    x = page_width - right - STAMP_QR
    canv.saveState()
    canv.setFillColorRGB(0, 0, 0)
    QrCode(url, width=STAMP_QR, height=STAMP_QR, qrBorder=1, qrLevel="M").drawOn(canv, x, bottom)
    canv.setFont(FONT_BOLD, 7)
    line = bottom + STAMP_QR * 0.55
    canv.drawRightString(x - 1.5 * mm, line, unicodedata.normalize("NFC", f"Mã xác thực: {show_code(code)} · {url}"))
    canv.setFont(FONT, 6)
    canv.drawRightString(x - 1.5 * mm, line - 8, unicodedata.normalize("NFC", HINT))
    canv.restoreState()


def verification_stamp(code: str, public_url: str, then: PageCallback | None = None) -> PageCallback:
    """A page callback (``SimpleDocTemplate.build(onFirstPage=..., onLaterPages=...)``) that runs the
    document's own ``then`` (its header and footer) and draws the stamp; the width is the document's."""

    def page(canv: Canvas, doc: Any) -> None:
        if then is not None:
            then(canv, doc)
        draw_verification_stamp(canv, code, public_url, float(doc.pagesize[0]))

    return page
