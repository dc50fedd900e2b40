import io
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from base.pdf import FONT, register_fonts
from base.register import content_digest, draw_verification_stamp, normalise_code, show_code, verification_url
from base.register.codes import ALPHABET, LENGTH, new_code
from base.register.service import sha256_of

codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)


def test_a_new_code_is_eight_letters_of_crockfords_alphabet_and_differs_each_time():
    drawn = {new_code() for _ in range(200)}
    assert len(drawn) == 200
    assert all(len(c) == 8 and set(c) <= set(ALPHABET) for c in drawn)
    assert not set("ILOU") & set(ALPHABET)


@given(codes)
def test_a_code_shown_and_typed_back_any_way_is_the_same_code(code):
    shown = show_code(code)
    assert shown[4] == "-" and shown.replace("-", "") == code
    for typed in (
        shown,
        shown.lower(),
        code,
        f"  {shown[:4]} {shown[5:]} ",
        code.replace("0", "O").replace("1", "I"),
        code.replace("1", "l"),
    ):
        assert normalise_code(typed) == code


@pytest.mark.parametrize("typed", ["", "ABCD-123", "ABCD-12345", "ABCU-1234", "ABC*-1234", "ABCD--12345"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert normalise_code(typed) is None


def test_the_page_address_carries_the_shown_code():
    assert verification_url("http://10.0.0.7:8000/", "ABCD1234") == "http://10.0.0.7:8000/v/ABCD-1234"


def test_a_pasted_sha256_is_read_in_any_case_and_with_separators():
    digest = "ab" * 32
    assert sha256_of(digest.upper()) == digest
    assert sha256_of(":".join(digest[i : i + 2] for i in range(0, 64, 2))) == digest
    assert sha256_of(digest[:-1]) is None and sha256_of("zz" * 32) is None


def test_the_content_digest_depends_on_the_data_only():
    from datetime import date

    assert content_digest({"a": 1, "b": [date(2026, 12, 1)]}) == content_digest({"b": [date(2026, 12, 1)], "a": 1})
    assert content_digest({"a": 1}) != content_digest({"a": 2})


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed")
def test_the_stamp_reads_back_with_its_code_and_address_and_embeds_no_helvetica():
    register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, initialFontName=FONT)
    draw_verification_stamp(canvas, "ABCD1234", "http://127.0.0.1:8000", A4[0])
    canvas.save()
    text = subprocess.run(["pdftotext", "-", "-"], input=buf.getvalue(), capture_output=True, check=True).stdout.decode()
    assert "Mã xác thực: ABCD-1234 · http://127.0.0.1:8000/v/ABCD-1234" in text
    assert b"Helvetica" not in buf.getvalue()
