"""Does a file's structure end where its media ends? (Polyglots: an MP4 that is also a ZIP.)

A player reads an MP4 from its boxes and ignores what follows them; a ZIP reader reads a ZIP from
its end-of-central-directory record at the end of the file. One file can be both, and evidence
that unpacks into something else is not evidence. Rules it keeps:

1. ISO base media files (MP4, MOV, M4V): the top-level boxes, one after the other, cover the file
   exactly, to the last byte; a box of size 0 runs to the end of the file.
2. Matroska and WebM: the top-level EBML elements cover the file the same way; an element of
   unknown size (a recording that was never finalised) runs to the end.
   In both, a known top-level box or element that runs past the end means the file is cut; what
   is neither a box that fits nor a known one is bytes that follow the media.
3. Every kind: no ZIP end-of-central-directory record ends the file (the signature
   ``PK\\x05\\x06`` within the last 64 KiB, whose comment length reaches the last byte).
``layout_problem`` reads a few bytes per box, never the media data; blocking (the sandbox's job).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

ISO_TYPES = frozenset({"video/mp4", "video/quicktime", "video/x-m4v"})
EBML_TYPES = frozenset({"video/webm", "video/x-matroska"})
ZIP_END = b"PK\x05\x06"
ZIP_END_SIZE = 22  # the record without its comment
ZIP_COMMENT_MAX = 0xFFFF
# Top-level boxes of ISO/IEC 14496-12 and QuickTime, and top-level EBML elements (EBML header,
# Segment, Void, CRC-32): one of these past the end is a cut file, anything else trailing bytes.
ISO_TOP = frozenset(b"ftyp moov mdat free skip wide moof mfra meta styp sidx ssix prft pdin emsg uuid pnot meco".split())
EBML_TOP = frozenset({0x1A45DFA3, 0x18538067, 0xEC, 0xBF})


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong: a ZIP ends the file, bytes follow the last box, or a box runs past the end."""

    kind: Literal["zip", "trailing", "cut"]
    offset: int  # where the ZIP record, the stray bytes or the cut box start
    extra: int = 0  # bytes from ``offset`` to the end of the file


def _iso_problem(fh: BinaryIO, size: int) -> Problem | None:
    offset = 0
    while offset < size:
        fh.seek(offset)
        head = fh.read(8)
        if len(head) < 8:
            return Problem("trailing", offset, size - offset)
        box_size, kind = struct.unpack(">I4s", head)
        header = 8
        if box_size == 1:
            large = fh.read(8)
            if len(large) < 8:
                return Problem("cut" if kind in ISO_TOP else "trailing", offset, size - offset)
            (box_size,) = struct.unpack(">Q", large)
            header = 16
        elif box_size == 0:
            box_size = size - offset
        if box_size < header or offset + box_size > size or not all(32 <= c < 127 for c in kind):
            return Problem("cut" if kind in ISO_TOP else "trailing", offset, size - offset)
        offset += box_size
    return None


def _vint(fh: BinaryIO, keep_marker: bool) -> tuple[int, int, bool] | None:
    """(value, length, all ones) of an EBML variable-length integer; None when cut or invalid."""
    first = fh.read(1)
    if not first or first[0] == 0:
        return None
    length = 9 - first[0].bit_length()
    rest = fh.read(length - 1)
    if len(rest) < length - 1:
        return None
    raw = int.from_bytes(first + rest, "big")
    payload = raw & ((1 << (7 * length)) - 1)
    return (raw if keep_marker else payload), length, payload == (1 << (7 * length)) - 1


def _ebml_problem(fh: BinaryIO, size: int) -> Problem | None:
    offset = 0
    while offset < size:
        fh.seek(offset)
        element = _vint(fh, keep_marker=True)
        length = _vint(fh, keep_marker=False) if element else None
        if element is None or length is None:
            return Problem("trailing", offset, size - offset)
        if length[2]:  # unknown size: to the end of the file
            return None
        end = offset + element[1] + length[1] + length[0]
        if end > size:
            return Problem("cut" if element[0] in EBML_TOP else "trailing", offset, size - offset)
        offset = end
    return None


def _zip_directory_at_end(fh: BinaryIO, size: int) -> int | None:
    tail_size = min(size, ZIP_END_SIZE + ZIP_COMMENT_MAX)
    fh.seek(size - tail_size)
    tail = fh.read(tail_size)
    at = tail.rfind(ZIP_END)
    while at != -1:
        if at + ZIP_END_SIZE <= len(tail):
            comment = int.from_bytes(tail[at + 20 : at + 22], "little")
            if at + ZIP_END_SIZE + comment == len(tail):
                return size - tail_size + at
        at = tail.rfind(ZIP_END, 0, at)
    return None


def layout_problem(path: Path, mime: str) -> Problem | None:
    """What makes the file more (or less) than the media ``mime`` names; None when nothing does."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        zip_at = _zip_directory_at_end(fh, size)
        if zip_at is not None:
            return Problem("zip", zip_at)
        if mime in ISO_TYPES:
            return _iso_problem(fh, size)
        if mime in EBML_TYPES:
            return _ebml_problem(fh, size)
    return None
