"""The register of issued documents over real HTTP: issuing registers, audits and stamps every page;
/v/<code> shows the document; a copy or its SHA-256 is compared byte for byte; a superseded version
says by which code and why; an unknown code is a Vietnamese 404; a domain's checker is shown."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from sqlmodel import select

from base.audit import AuditEntry
from base.deps import provide_register
from base.pdf import FONT, register_fonts
from base.register import Check, IssuedDocument, Register, Signer, document_kind, register_checker, revise
from base.register.service import Issued

KIND = document_kind("tests.notice", "Thông báo thử nghiệm", "Test notice")
CHECKED = document_kind("tests.checked", "Văn bản có kiểm tra", "Checked paper")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


def notice_pdf(register: Register, code: str, text: str, pages: int = 3) -> bytes:
    register_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, bottomMargin=25 * 2.83, initialFontName=FONT)
    style = ParagraphStyle("p", fontName=FONT, fontSize=12)
    story = []
    for i in range(pages):
        story += [Paragraph(f"{text} — trang {i + 1}", style), PageBreak()]
    doc.build(story[:-1], onFirstPage=register.stamp(code), onLaterPages=register.stamp(code))
    return buf.getvalue()


def issue(arena, text: str, *, subject: str = "notice:1", content: str | None = None, kind=KIND, reason: str | None = None) -> Issued:
    async def run() -> Issued:
        async with arena.app.state.db_factory() as session:
            register = provide_register(session, arena.app.state)
            return await register.issue(
                kind,
                "Thông báo lịch thi đấu",
                subject,
                "Trần Thị Thu Hà",
                lambda code: notice_pdf(register, code, text),
                content=content if content is not None else text,
                signers=[Signer("Lê Văn Bình", "Trưởng ban tổ chức", register.clock())],
                facts={"text": text},
                reason=reason,
                actor="Trần Thị Thu Hà",
                commit=True,
            )

    return arena.run(run)


def rows(arena, model, *where):
    async def run():
        async with arena.app.state.db_factory() as session:
            return list((await session.exec(select(model).where(*where))).all())

    return arena.run(run)


def pdf_pages_text(body: bytes, tmp_path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return [re.sub(r"\s+", " ", page) for page in text.split("\f") if page.strip()]


def compare(arena, code: str, **form) -> str:
    arena.client.get(f"/v/{code}")
    files = {"file": form.pop("file")} if "file" in form else None
    r = arena.client.post(f"/v/{code}", files=files, data={"_csrf_token": arena.client.cookies["csrftoken"], **form})
    assert r.status_code == 200, r.text
    return r.text


@needs_poppler
def test_issuing_registers_audits_and_prints_the_code_on_every_page(arena, tmp_path):
    issued = issue(arena, "Lịch thi đấu ngày 1")
    doc = issued.document
    assert issued.new and re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{8}", doc.code)
    pages = pdf_pages_text(issued.pdf, tmp_path)
    assert len(pages) == 3
    url = f"http://127.0.0.1:8000/v/{doc.shown_code}"
    assert all(f"Mã xác thực: {doc.shown_code} · {url}" in p for p in pages), pages
    (row,) = rows(arena, IssuedDocument, IssuedDocument.code == doc.code)
    assert row.sha256 == __import__("hashlib").sha256(issued.pdf).hexdigest() and row.size == len(issued.pdf)
    assert row.issued_by == "Trần Thị Thu Hà" and row.version == 1 and row.superseded_by is None
    actions = [e.action for e in rows(arena, AuditEntry, AuditEntry.subject == f"document:{doc.code}")]
    assert actions == ["register.issue"]
    assert arena.client.get(f"/v/{doc.shown_code}/pdf").content == issued.pdf


def test_the_page_says_what_the_document_is_who_issued_and_signed_it(arena, venue_clock):
    issued = issue(arena, "Lịch thi đấu ngày 1")
    r = arena.client.get(f"/v/{issued.document.shown_code}")
    assert r.status_code == 200
    page = r.text
    when = venue_clock.local(issued.document.issued_at).strftime("%d/%m/%Y %H:%M")
    for text in (
        "Thông báo thử nghiệm",
        "Thông báo lịch thi đấu",
        "Bản hiện hành",
        "Trần Thị Thu Hà",
        "Lê Văn Bình",
        "Trưởng ban tổ chức",
        when,
    ):
        assert text in page, text
    assert issued.document.sha256 in page and f"/v/{issued.document.shown_code}/pdf" in page
    assert "tests.notice" not in page and "notice:1" not in page  # no internal key is shown


def test_a_code_typed_another_way_leads_to_its_page(arena):
    code = issue(arena, "x").document.code
    typed = code.lower().replace("0", "o").replace("1", "l")
    r = arena.client.get(f"/v/{typed}", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == f"/v/{code[:4]}-{code[4:]}"
    assert arena.client.get(f"/v?code={code}", follow_redirects=True).status_code == 200


def test_the_same_bytes_match_and_a_copy_changed_by_one_byte_does_not(arena):
    issued = issue(arena, "Lịch thi đấu ngày 1")
    code = issued.document.shown_code
    same = compare(arena, code, file=("ban-in.pdf", issued.pdf, "application/pdf"))
    assert "Trùng khớp từng byte với bản Arena đã phát hành" in same and 'data-match="yes"' in same
    changed = bytearray(issued.pdf)
    changed[len(changed) // 2] ^= 0x01
    other = compare(arena, code, file=("ban-in.pdf", bytes(changed), "application/pdf"))
    assert "KHÔNG trùng khớp" in other and 'data-match="no"' in other


def test_a_pasted_sha256_is_compared_too(arena):
    issued = issue(arena, "Lịch thi đấu ngày 1")
    code, sha = issued.document.shown_code, issued.document.sha256
    assert "Trùng khớp từng byte" in compare(arena, code, sha256=sha.upper())
    assert "KHÔNG trùng khớp" in compare(arena, code, sha256="0" * 64)
    arena.client.get(f"/v/{code}")
    r = arena.client.post(f"/v/{code}", data={"_csrf_token": arena.client.cookies["csrftoken"], "sha256": ""})
    assert r.status_code == 400 and "Hãy chọn tệp PDF hoặc dán mã SHA-256" in r.text


def test_asking_again_for_an_unchanged_document_serves_the_same_bytes(arena):
    first = issue(arena, "Lịch thi đấu ngày 1")
    again = issue(arena, "Lịch thi đấu ngày 1")
    assert not again.new and again.pdf == first.pdf and again.code == first.code
    assert len(rows(arena, IssuedDocument, IssuedDocument.subject == "notice:1")) == 1


def test_a_new_version_supersedes_the_old_one_which_says_by_which_code_and_why(arena):
    old = issue(arena, "Lịch thi đấu ngày 1")
    new = issue(arena, "Lịch thi đấu ngày 1 (đổi giờ)", reason="Đổi giờ thi đấu buổi chiều")
    assert new.new and new.document.version == 2
    page = arena.client.get(f"/v/{old.document.shown_code}").text
    assert "Đã được thay thế bởi" in page and new.document.shown_code in page and "Đổi giờ thi đấu buổi chiều" in page
    assert f'href="/v/{new.document.shown_code}"' in page
    assert "Bản hiện hành" in arena.client.get(f"/v/{new.document.shown_code}").text
    # the old bytes are still the issued old version, and the new bytes are named as the newer version
    assert "Trùng khớp từng byte với bản Arena" in compare(arena, old.document.shown_code, file=("a.pdf", old.pdf, "application/pdf"))
    answer = compare(arena, old.document.shown_code, file=("b.pdf", new.pdf, "application/pdf"))
    assert f"phiên bản 2 (mã {new.document.shown_code}" in answer and "bản hiện hành" in answer
    actions = [e.action for e in rows(arena, AuditEntry, AuditEntry.subject == f"document:{old.document.code}")]
    assert actions == ["register.issue", "register.supersede"]
    api = arena.client.get(f"/api/v/{old.document.code.lower()}").json()
    assert api["status"] == "superseded" and api["superseded_by"] == new.document.shown_code
    assert api["supersede_reason"] == "Đổi giờ thi đấu buổi chiều"


def test_a_signed_state_is_recorded_as_a_new_version_of_the_printed_code(arena):
    first = issue(arena, "Biên bản")

    async def run():
        async with arena.app.state.db_factory() as session:
            register = provide_register(session, arena.app.state)
            doc = await revise(
                session,
                register.store,
                first.code,
                first.pdf + b"% signed\n",
                issued_by="Trần Thị Thu Hà",
                now=register.clock(),
                reason="Thêm chữ ký của Lê Văn Bình",
                signers=[Signer("Lê Văn Bình", "Trưởng ban", register.clock())],
            )
            await session.commit()
            return doc

    signed = arena.run(run)
    assert signed.version == 2 and signed.code != first.code
    page = arena.client.get(f"/v/{first.document.shown_code}").text
    assert "Thêm chữ ký của Lê Văn Bình" in page and signed.shown_code in page


def test_an_unknown_code_is_a_vietnamese_404_saying_it_is_not_in_the_register(arena):
    for code in ("ZZZZ-ZZZZ", "not-a-code"):
        r = arena.client.get(f"/v/{code}")
        assert r.status_code == 404
        assert "không có trong sổ đăng ký giấy tờ của Arena" in r.text
    assert arena.client.get("/api/v/ZZZZZZZZ").json()["code"] == "register.unknown_code"
    assert arena.client.get("/v/ZZZZ-ZZZZ/pdf").status_code == 404


def test_a_reserved_code_whose_bytes_were_never_recorded_is_unknown(arena):
    from base.register import reserve

    async def run() -> str:
        async with arena.app.state.db_factory() as session:
            register = provide_register(session, arena.app.state)
            code = await reserve(session, kind=KIND, title="t", subject="notice:9", issued_by="x", now=register.clock())
            await session.commit()
            return code

    code = arena.run(run)
    assert arena.client.get(f"/v/{code}").status_code == 404


def test_a_domains_checker_answer_is_shown_on_the_page_and_in_json(arena):
    async def checker(session, doc):
        return Check(doc.fact_dict()["text"] == "khớp", "Số liệu vẫn khớp với nhật ký điểm", "Still matches the logs")

    register_checker(CHECKED, checker)
    ok = issue(arena, "khớp", subject="checked:1", kind=CHECKED)
    bad = issue(arena, "lệch", subject="checked:2", kind=CHECKED)
    assert 'data-check="ok"' in arena.client.get(f"/v/{ok.document.shown_code}").text
    assert 'data-check="failed"' in arena.client.get(f"/v/{bad.document.shown_code}").text
    assert arena.client.get(f"/api/v/{ok.code}").json()["check"]["ok"] is True
    assert "data-check" not in arena.client.get(f"/v/{issue(arena, 'x', subject='notice:2').document.shown_code}").text


def test_machines_compare_a_raw_pdf_without_a_session(arena):
    issued = issue(arena, "Lịch thi đấu ngày 1")
    r = arena.client.post(f"/api/v/{issued.code}/match", content=issued.pdf, headers={"content-type": "application/pdf"})
    assert r.status_code == 200 and r.json()["match"] is True
    r = arena.client.post(f"/api/v/{issued.code}/match?sha256={'1' * 64}")
    assert r.json()["match"] is False


def test_a_copy_above_the_bound_is_refused_with_a_clear_message(arena, monkeypatch):
    from base.register import pages

    issued = issue(arena, "Lịch thi đấu ngày 1")
    monkeypatch.setattr(pages, "MAX_UPLOAD", 1000)
    arena.client.get(f"/v/{issued.document.shown_code}")
    r = arena.client.post(
        f"/v/{issued.document.shown_code}",
        files={"file": ("to.pdf", b"%PDF-" + b"0" * 2000, "application/pdf")},
        data={"_csrf_token": arena.client.cookies["csrftoken"]},
    )
    assert r.status_code == 413 and "Tệp quá lớn: tối đa 50 MB" in r.text


def test_checks_from_one_address_are_bounded(arena, monkeypatch):
    from base.register import pages

    issued = issue(arena, "Lịch thi đấu ngày 1")
    monkeypatch.setattr(pages, "CHECKS_PER_MINUTE", 2)
    arena.app.state.register_checks = pages.CheckBudget(limit=2)
    url = f"/api/v/{issued.code}/match?sha256={'1' * 64}"
    assert [arena.client.post(url).status_code for _ in range(3)] == [200, 200, 429]
