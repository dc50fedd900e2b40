"""Fonts for contracts: Be Vietnam Pro from the ``fontpkg-be-vietnam-pro`` wheel (OFL).

``fonts()`` registers the regular and bold faces with reportlab. ``stamp_font()`` derives a small
Vietnamese-only copy for signature stamps: pyhanko subsets the stamp font on every signature, and
a 29 kB font without layout tables or hinting makes that several times cheaper than the full one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg
from fontTools import subset
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

FONT, FONT_BOLD = "BVP", "BVP-Bold"
VIETNAMESE = (
    "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))  # Ạ..ỹ: letters with two marks and dot below
    + "–—‘’“”…₫"
)


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: Path
    bold: Path


@cache
def fonts() -> Fonts:
    """Register Be Vietnam Pro with reportlab once; return the TTF paths."""
    found = Fonts(Path(fontpkg.path("Be Vietnam Pro", 400)), Path(fontpkg.path("Be Vietnam Pro", 700)))
    pdfmetrics.registerFont(RLTTFont(FONT, str(found.regular)))
    pdfmetrics.registerFont(RLTTFont(FONT_BOLD, str(found.bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    return found


def stamp_charset() -> list[int]:
    return list(range(0x20, 0x7F)) + [ord(c) for c in VIETNAMESE]


@cache
def stamp_font(cache_dir: Path | None = None) -> Path:
    """Path of the reduced stamp font, built once per source font into ``cache_dir`` (or tmp)."""
    source = fonts().regular
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    folder = cache_dir or Path(tempfile.gettempdir()) / "arena-fonts"
    target = folder / f"BeVietnamPro-stamp-{digest}.ttf"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "hdmx", "gasp", "DSIG", "STAT", "meta"]
    options.name_IDs = ["*"]  # keep the copyright and OFL licence entries
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=stamp_charset())
    subsetter.subset(font)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    os.replace(tmp, target)
    return target
