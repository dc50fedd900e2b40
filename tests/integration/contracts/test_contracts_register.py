"""A sent contract is in the register: its code is printed on every page before the department
certifies it, the certified PDF is the first version, and each signature records the signed file
as the next version ("Thêm chữ ký của ..."), so the code on the paper leads to the current state."""

import re
import shutil
import subprocess

import pytest
from test_contracts_http import _enrol, _sign, ca, sent  # noqa: F401  (fixtures)

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


def printed_code(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = [p for p in text.split("\f") if p.strip()]
    codes = {m.group(1) for p in pages for m in [re.search(r"Mã xác thực: (\w{4}-\w{4}) · http://\S+/v/\1", p)] if m}
    assert len(codes) == 1 and all("Mã xác thực" in p for p in pages), pages
    return codes.pop()


def compare(arena, code: str, pdf: bytes) -> str:
    arena.client.get(f"/v/{code}")
    r = arena.client.post(
        f"/v/{code}", files={"file": ("hop-dong.pdf", pdf, "application/pdf")}, data={"_csrf_token": arena.client.cookies["csrftoken"]}
    )
    assert r.status_code == 200, r.text
    return r.text


@needs_poppler
def test_the_certified_contract_carries_its_code_and_each_signature_is_a_new_version(arena, sent):  # noqa: F811
    certified = arena.get(f"/api/contracts/{sent}/pdf", role="manager").content
    code = printed_code(certified)
    page = arena.client.get(f"/v/{code}").text
    assert "Hợp đồng" in page and "Bản hiện hành" in page and "Sở Văn hóa và Thể thao Hà Nội" in page and "Chứng thực của đơn vị" in page
    assert "Trùng khớp từng byte với bản Arena đã phát hành" in compare(arena, code, certified)

    for role in ("athlete", "coach", "manager"):
        _enrol(arena, role)
    arena.ok(_sign(arena, sent, "athlete"))
    signed = arena.get(f"/api/contracts/{sent}/pdf", role="manager").content
    assert printed_code(signed) == code  # the printed code cannot change once certified
    old = arena.client.get(f"/v/{code}").text
    assert "Đã được thay thế bởi" in old and "Thêm chữ ký của Nguyễn Thị Ánh Tuyết" in old
    answer = compare(arena, code, signed)
    assert "Trùng khớp từng byte với phiên bản 2" in answer and "bản hiện hành" in answer

    arena.ok(_sign(arena, sent, "coach"))
    arena.ok(_sign(arena, sent, "manager"))
    final = arena.get(f"/api/contracts/{sent}/pdf", role="manager").content
    answer = compare(arena, code, final)
    assert "Trùng khớp từng byte với phiên bản 4" in answer and "bản hiện hành" in answer
    current = re.search(r"phiên bản 4 \(mã (\w{4}-\w{4})", answer).group(1)
    info = arena.client.get(f"/api/v/{current}").json()
    assert info["status"] == "current" and info["version"] == 4 and info["kind_vi"] == "Hợp đồng"
    assert [s["name"] for s in info["signers"]] == [
        "Sở Văn hóa và Thể thao Hà Nội",
        "Nguyễn Thị Ánh Tuyết",
        "Phạm Quốc Hưng",
        "Trần Thị Thu Hương",
    ]
    assert "Trùng khớp từng byte với bản Arena" in compare(arena, current, final)
