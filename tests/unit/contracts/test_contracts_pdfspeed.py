from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyhanko.pdf_utils.misc import PdfStreamError

from contracts import pdfspeed

ORIGINAL = pdfspeed._ORIGINAL


def _both(data: bytes):
    results = []
    for reader in (ORIGINAL, pdfspeed.read_hex_string_from_stream):
        stream = BytesIO(data)
        try:
            value = reader(stream)
            results.append(("ok", bytes(value.original_bytes), stream.tell()))
        except PdfStreamError:
            results.append(("error", None, None))
    return results


@given(st.text(alphabet="0123456789abcdefABCDEF \n\r\t%xg>", max_size=300), st.binary(max_size=20))
def test_bulk_hex_reader_agrees_with_pyhankos_reader_on_any_input(body, tail):
    first, second = _both(b"<" + body.encode() + tail)
    assert first == second


@pytest.mark.parametrize("data", [b"<>", b"<0>", b"<4142 43>", b"<41\n42%comment>\n43>", b"<41" + b"0" * 9000 + b">rest"])
def test_bulk_hex_reader_matches_on_edge_cases(data):
    first, second = _both(data)
    assert first == second
