import shutil
import subprocess
import unicodedata
from io import BytesIO

import pytest
from contracts_samples import SAMPLES
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from contracts.documents import load_template
from contracts.layout import build_layout
from contracts.render import render_pdf
from contracts.signing import signature_fields

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) missing")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(build_layout(load_template("athlete_training"), SAMPLES["athlete_training"]))


def _pdftotext(pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True).stdout


@needs_poppler
def test_vietnamese_text_extracted_from_the_pdf_equals_the_input(pdf, tmp_path):
    text = _pdftotext(pdf, tmp_path)
    flat = " ".join(text.split())
    for value in [
        "Nguyễn Thị Ánh Tuyết",
        "Phạm Quốc Hưng",
        "Trần Thị Thu Hương",
        "Sở Văn hóa và Thể thao thành phố Hà Nội",
        "HỢP ĐỒNG ĐÀO TẠO VẬN ĐỘNG VIÊN",
        "Số: 15/2026/HĐĐT-SVHTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ngõ 12 phố Đặng Tiến Đông, phường Đống Đa, Hà Nội",
        "300.000 đồng (Ba trăm nghìn đồng)",
        "Đội tuyển Taekwondo trẻ Hà Nội",
    ]:
        assert value in flat
    assert unicodedata.is_normalized("NFC", text)


@needs_poppler
def test_every_paragraph_of_the_template_is_in_the_pdf_wrapped_over_lines(pdf, tmp_path):
    flat = " ".join(_pdftotext(pdf, tmp_path).split())
    layout = build_layout(load_template("athlete_training"), SAMPLES["athlete_training"])
    for block in layout.blocks:
        assert " ".join(block.text.split()) in flat


@needs_poppler
def test_pages_are_numbered_trang_i_of_n(pdf, tmp_path):
    text = _pdftotext(pdf, tmp_path)
    pages = len(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Kids"])
    assert pages >= 2
    for i in range(1, pages + 1):
        assert f"Trang {i}/{pages}" in text


@needs_poppler
def test_only_the_embedded_vietnamese_font_is_used_never_helvetica(pdf, tmp_path):
    (tmp_path / "c.pdf").write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "c.pdf")], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all("BeVietnamPro" in r and " yes yes yes " in r for r in rows)
    assert "Helvetica" not in fonts


def test_one_empty_signature_field_per_party_is_prepared(pdf):
    fields = signature_fields(pdf)
    assert [(f.name, f.order, f.signed) for f in fields] == [
        ("Sig1_athlete", 1, False),
        ("Sig2_coach", 2, False),
        ("Sig3_director", 3, False),
    ]


def test_rendering_is_deterministic(pdf):
    again = render_pdf(build_layout(load_template("athlete_training"), SAMPLES["athlete_training"]))
    assert again == pdf


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) missing")
def test_last_page_renders_to_png_with_text_and_signature_boxes(pdf, tmp_path):
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-singlefile", "-f", "2", "-l", "2", str(tmp_path / "c.pdf"), str(tmp_path / "page2")], check=True
    )
    image = Image.open(tmp_path / "page2.png").convert("L")
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.02
    dark = sum(image.histogram()[:128])
    assert dark > 500  # text and dashed boxes are drawn, the page is not blank
