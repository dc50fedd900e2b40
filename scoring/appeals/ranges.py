"""HTTP Range requests (RFC 9110 section 14) for evidence playback, as pure parsing.

Only single byte ranges are served as 206: that is all a video element asks for. A header we do
not understand (another unit, several ranges) is ignored and the whole file is sent, as the RFC
allows; a well-formed range outside the file is refused with 416.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.appeals.errors import RangeNotSatisfiable


@dataclass(frozen=True, slots=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range to serve, or None for the whole file; raises RangeNotSatisfiable (416)."""
    if not header:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash or not (first.isdigit() or last.isdigit()) or (first and not first.isdigit()) or (last and not last.isdigit()):
        return None
    if not first:  # suffix range: the last N bytes
        n = int(last)
        if n == 0 or size == 0:
            raise RangeNotSatisfiable(size=size)
        return ByteRange(max(0, size - n), size - 1)
    start = int(first)
    if start >= size:
        raise RangeNotSatisfiable(size=size)
    end = min(int(last), size - 1) if last else size - 1
    if end < start:
        return None
    return ByteRange(start, end)
