"""A faster hex-string reader for pyhanko's PDF parser (same results, same errors).

pyhanko reads ``<...>`` strings one byte at a time through a generator; every signature update
re-reads the earlier signatures' zero-padded ``/Contents`` (thousands of hex digits each), which
was a tenth of a signature's time. ``install()`` swaps in a reader that scans for ``>`` in bulk
and falls back to pyhanko's own reader for anything unusual (comments, bad digits, truncation).
"""

from __future__ import annotations

import binascii
from typing import Any, BinaryIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_WHITESPACE

_ORIGINAL = generic.read_hex_string_from_stream
_HEX = b"0123456789abcdefABCDEF"


def read_hex_string_from_stream(stream: BinaryIO) -> Any:
    start = stream.tell()
    stream.read(1)  # the "<"
    chunks = []
    while True:
        block = stream.read(8192)
        end = block.find(b">")
        if end >= 0:
            chunks.append(block[:end])
            stream.seek(end + 1 - len(block), 1)
            break
        if not block:
            stream.seek(start)
            return _ORIGINAL(stream)  # truncated: let pyhanko raise its own error
        chunks.append(block)
    digits = b"".join(chunks).translate(None, PDF_WHITESPACE)
    if digits.translate(None, _HEX):
        stream.seek(start)
        return _ORIGINAL(stream)  # a comment or a bad token: pyhanko's rules and errors apply
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


def install() -> None:
    """Use the bulk reader in pyhanko's parser (idempotent)."""
    generic.read_hex_string_from_stream = read_hex_string_from_stream
