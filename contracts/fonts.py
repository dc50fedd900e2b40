"""The signature-stamp font of contracts (the body font is every document's: ``base.pdf``).

``stamp_font()`` derives from Be Vietnam Pro a small
Vietnamese-only copy for signature stamps: pyhanko subsets the stamp font on every signature, and
a 29 kB font without layout tables or hinting makes that several times cheaper than the full one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from fontTools import subset
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.writer import BasePdfFileWriter

from base.pdf import register_fonts

VIETNAMESE = (
    "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))  # Ạ..ỹ: letters with two marks and dot below
    + "–—‘’“”…₫"
)


def stamp_charset() -> list[int]:
    return list(range(0x20, 0x7F)) + [ord(c) for c in VIETNAMESE]


@cache
def stamp_font(cache_dir: Path | None = None) -> Path:
    """Path of the reduced stamp font, built once per source font into ``cache_dir`` (or tmp)."""
    source = register_fonts().regular
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


class _SavedFont:
    """Stands in for a subset TTFont whose bytes are already known: pyhanko only calls save()."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def save(self, out: BinaryIO) -> None:
        out.write(self.data)


class _CachingGlyphAccumulator(GlyphAccumulator):
    """Reuses the font subset of an earlier stamp with the same glyphs (same signer, same digits).

    pyhanko subsets the stamp font with fontTools on every signature (about a quarter of the
    signing time); a stamp "Ký bởi: <name> / Thời gian: <time>" almost always needs the glyphs
    it needed last time, so the subset bytes are cached by glyph set.
    """

    cache: OrderedDict[frozenset[int], bytes] = OrderedDict()
    lock = threading.Lock()
    limit = 512

    def _extract_subset(self, options: subset.Options | None = None) -> None:
        key = frozenset(self._glyphs)
        with self.lock:
            data = self.cache.get(key)
            if data is not None:
                self.cache.move_to_end(key)
        if data is None:
            super()._extract_subset(options)
            buf = BytesIO()
            self.tt.save(buf)
            data = buf.getvalue()
            with self.lock:
                self.cache[key] = data
                while len(self.cache) > self.limit:
                    self.cache.popitem(last=False)
        self.cidfont_obj._tt = _SavedFont(data)  # read only by CIDFontType2.set_font_file


@dataclass(frozen=True)
class CachingGlyphAccumulatorFactory(GlyphAccumulatorFactory):
    """``GlyphAccumulatorFactory`` whose engines share the subset cache above."""

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()  # type: ignore[no-untyped-call]  # pyhanko leaves it unannotated
        with open(self.font_file, "rb") as fh:
            handle = BytesIO(fh.read())
        return _CachingGlyphAccumulator(
            writer=writer,
            font_handle=handle,
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )
