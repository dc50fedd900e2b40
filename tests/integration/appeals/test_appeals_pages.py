import re
import shutil
import subprocess

import pytest
from appeals_flow import file_appeal, running_bout, upload_file
from appeals_media import make_mp4


def test_coach_filing_page_lists_reviewable_categories_with_their_rule_source(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    page = a.get(f"/appeals/new/{setup.contest_id}", role="coach")
    assert page.status_code == 200
    # The policy's Vietnamese label (label_vi), with the article.
    assert "Đòn đá vào đầu không được tính điểm" in page.text and "Điều 21.1 (vii)" in page.text
    assert "/static/appeals/tus.min.js" in page.text


def test_jury_gets_the_review_page_and_the_coach_the_status_page(jury_arena, tmp_path):
    a = jury_arena
    setup = running_bout(a)
    appeal = a.ok(file_appeal(a, setup.contest_id, category="head-kick-not-scored"))
    upload_file(a, make_mp4(tmp_path / "v.mp4", seconds=1), appeal["id"], "video/mp4")
    review = a.get(f"/appeals/{appeal['id']}", role="referee")
    assert review.status_code == 200 and 'id="timeline"' in review.text and 'id="decision-form"' in review.text
    status = a.get(f"/appeals/{appeal['id']}", role="coach")
    assert status.status_code == 200 and 'id="upload"' in status.text and "decision-form" not in status.text
    assert a.get(f"/appeals/{appeal['id']}", role="coach2").status_code == 403
    assert a.client.get("/static/appeals/tus.min.js").status_code == 200


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_appeal_record_pdf_holds_the_decision_and_the_evidence_hash(jury_arena, tmp_path):
    a = jury_arena
    setup = running_bout(a)
    seq = a.command(setup.contest_id, "penalty", side="red", code="gam-jeom")["seq"]
    appeal = a.ok(file_appeal(a, setup.contest_id, action_seq=seq))
    sha = a.ok(
        a.get(
            f"/api/appeals/evidence/{upload_file(a, make_mp4(tmp_path / 'v.mp4', seconds=1), appeal['id'], 'video/mp4').headers['evidence-id']}",
            role="coach",
        )
    )["sha256"]
    for member in ("referee", "referee2"):  # two of the three referee accounts: the majority
        a.ok(
            a.post(
                f"/api/appeals/{appeal['id']}/votes",
                {
                    "uphold": True,
                    "reason": "Lỗi của trọng tài rõ ràng trên video",
                    "decision_reason": "Huỷ điểm phạt",
                    "remedies": [{"kind": "void", "corrects": seq}],
                },
                role=member,
            )
        )
    pdf = a.get(f"/appeals/{appeal['id']}/record.pdf", role="referee")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    (tmp_path / "r.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "Biên bản khiếu nại" in text and "Lỗi của trọng tài rõ ràng trên video" in text
    assert sha[:40] in text.replace(" ", "").replace("\n", "") or sha[:20] in text
    assert "được chấp nhận" in text
    pages = [p for p in text.split("\f") if p.strip()]
    codes = {m.group(1) for p in pages for m in [re.search(r"Mã xác thực: (\w{4}-\w{4})", p)] if m}
    assert len(codes) == 1 and all("Mã xác thực" in p for p in pages)  # the register's code on every page
    (code,) = codes
    assert a.get(f"/appeals/{appeal['id']}/record.pdf", role="referee").content == pdf.content  # nothing added: the same bytes
    page = a.client.get(f"/v/{code}")
    assert page.status_code == 200 and "Biên bản khiếu nại" in page.text and "Bản hiện hành" in page.text
