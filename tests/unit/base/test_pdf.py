import io
import shutil
import subprocess

import pytest
from reportlab.pdfgen.canvas import Canvas

from base.pdf import FONT, FONT_BOLD, register_fonts

NAME = "Nguyễn Thị Ánh Tuyết — Đặng Quốc Vượng"


def test_the_document_fonts_are_registered_once_and_come_from_the_wheel():
    first = register_fonts()
    assert register_fonts() is first and first.regular.is_file() and first.bold.is_file()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed")
def test_vietnamese_names_drawn_in_the_document_font_read_back_exactly():
    register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, initialFontName=FONT)
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 720, NAME)
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(72, 700, NAME.upper())
    canvas.save()
    text = subprocess.run(["pdftotext", "-", "-"], input=buf.getvalue(), capture_output=True, check=True).stdout.decode()
    assert NAME in text and NAME.upper() in text
    assert b"Helvetica" not in buf.getvalue()
