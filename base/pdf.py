"""What every document Arena prints shares: the Vietnamese font, registered once with reportlab.

Be Vietnam Pro (OFL) comes from the ``fontpkg-be-vietnam-pro`` wheel, so a venue laptop needs no
system fonts; it has every Vietnamese letter, two marks and dot below included. reportlab does not
shape combining marks: text is NFC before it is drawn (each document's own concern).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT, FONT_BOLD = "BVP", "BVP-Bold"


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: Path
    bold: Path


@cache
def register_fonts() -> Fonts:
    """Register Be Vietnam Pro regular and bold (a family, so <b> works) once; return the TTF paths."""
    found = Fonts(Path(fontpkg.path("Be Vietnam Pro", 400)), Path(fontpkg.path("Be Vietnam Pro", 700)))
    pdfmetrics.registerFont(TTFont(FONT, str(found.regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(found.bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    return found
