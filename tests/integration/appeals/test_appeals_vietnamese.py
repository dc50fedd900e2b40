import shutil
import subprocess

import pytest
from appeals_flow import file_appeal, running_bout, upload_file
from appeals_media import make_mp4
from leaks import leaks, visible_text

EVENT = "Sự kiện taekwondo-wt"  # the builder's event name: typed data, not a code the app shows
VOID = {"uphold": True, "reason": "Lỗi của trọng tài rõ ràng trên video", "decision_reason": "Huỷ điểm phạt"}


def _english(arena):
    arena.client.cookies.set("lang", "en")


def _penalty_appeal(a):
    setup = running_bout(a)
    seq = a.command(setup.contest_id, "penalty", side="red", code="gam-jeom")["seq"]
    return setup, seq, a.ok(file_appeal(a, setup.contest_id, action_seq=seq))


def _decide(a, appeal_id, seq):
    for member in ("referee", "referee2"):  # two of the three referee accounts: the majority
        a.ok(a.post(f"/api/appeals/{appeal_id}/votes", {**VOID, "remedies": [{"kind": "void", "corrects": seq}]}, role=member))


def test_a_refused_filing_gives_every_reason_in_vietnamese_with_its_numbers_and_the_venue_time(http_arena, clock):
    a = http_arena
    setup, seq, _ = _penalty_appeal(a)
    clock.advance(6)  # past the 5 s of WT art. 21.2
    refused = file_appeal(a, setup.contest_id, category="trunk-points", action_seq=seq)
    assert refused.status_code == 422
    body = refused.json()
    assert body["message"] == (
        "Khiếu nại không được chấp nhận: không được xem lại: Điểm đòn chân hoặc đấm vào thân (giáp điện tử thân) (Điều 21.2); "
        "đã quá hạn khiếu nại lúc 14/03/2026 16:00:05; đã dùng hết 1 lần khiếu nại cho trận này"
    )
    assert [r["code"] for r in body["reasons"]] == ["not_reviewable", "deadline_passed", "quota_used"]
    assert body["detail"] == body["message"].removeprefix("Khiếu nại không được chấp nhận: ")
    assert leaks(body["message"]) == []
    _english(a)
    english = file_appeal(a, setup.contest_id, category="trunk-points", action_seq=seq).json()["message"]
    assert "the quota of 1 request(s) per contest is used" in english and "not reviewable" in english


def test_the_jury_s_refusals_are_vietnamese(http_arena):
    a = http_arena
    setup, seq, appeal = _penalty_appeal(a)
    a.ok(a.post(f"/api/appeals/{appeal['id']}/votes", {**VOID, "remedies": []}, role="referee"))  # 1 of 3: not settled yet
    no_remedy = a.post(f"/api/appeals/{appeal['id']}/votes", {**VOID, "remedies": []}, role="referee2")
    assert no_remedy.status_code == 400
    assert no_remedy.json()["message"] == "Quyết định không hợp lệ: khiếu nại được chấp nhận cần ít nhất một biện pháp"
    a.ok(a.post(f"/api/appeals/{appeal['id']}/votes", {**VOID, "remedies": [{"kind": "void", "corrects": seq}]}, role="referee3"))
    late = a.post(f"/api/appeals/{appeal['id']}/votes", {**VOID, "uphold": False}, role="referee2")
    assert late.status_code == 409 and late.json()["message"] == "Không thể bỏ phiếu khi khiếu nại được chấp nhận"
    other = file_appeal(a, setup.contest_id, role="coach2")
    assert other.status_code == 403
    assert other.json()["message"] == "Không được phép: chỉ huấn luyện viên của vận động viên liên quan được nộp khiếu nại cho bên này"


def test_the_appeal_pages_show_labels_names_and_venue_times_never_a_code(http_arena, tmp_path):
    a = http_arena
    setup, seq, appeal = _penalty_appeal(a)
    upload_file(a, make_mp4(tmp_path / "v.mp4", seconds=1), appeal["id"], "video/mp4")
    _decide(a, appeal["id"], seq)
    pages = {
        "coach's list": a.get("/appeals", role="coach"),
        "jury's list": a.get("/appeals", role="referee"),
        "filing page": a.get(f"/appeals/new/{setup.contest_id}", role="coach"),
        "status page": a.get(f"/appeals/{appeal['id']}", role="coach"),
        "review page": a.get(f"/appeals/{appeal['id']}", role="referee"),
    }
    texts = {name: visible_text(page.text) for name, page in pages.items()}
    assert {name: leaks(text, allow=(EVENT,)) for name, text in texts.items()} == {name: [] for name in pages}
    status = texts["status page"]
    assert "Khiếu nại 1 – được chấp nhận" in status and "Đỏ – Nguyễn Văn An (Quận 1)" in status
    assert "Lỗi phạt đối với VĐV của mình (Điều 21.1 (iii))" in status
    assert "Lỗi phạt · Đỏ Nguyễn Văn An · Gam-jeom (đối phương được 1 điểm)" in status  # the action, not its number
    assert "Nộp lúc 14/03/2026 16:00:00" in status  # 09:00 UTC is 16:00 at the venue
    assert "Quyết định của ban kháng nghị: được chấp nhận – Huỷ điểm phạt" in status
    assert "Xem lại video tức thì (Luật thi đấu WT, Điều 21)" in texts["filing page"]
    assert "đang thi đấu" in texts["coach's list"]
    review = pages["review page"].text  # the jury picks events from the log in words, never types a number
    assert (
        'name="seq" type="number"' not in review
        and 'name="corrects" type="number"' not in review
        and '<option value="5" selected>5. Lỗi phạt · Đỏ Nguyễn Văn An' in review
    )
    _english(a)
    assert "Appeal 1 – upheld" in visible_text(a.get(f"/appeals/{appeal['id']}", role="coach").text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_appeal_record_is_vietnamese_with_names_and_venue_times(http_arena, tmp_path):
    a = http_arena
    _, seq, appeal = _penalty_appeal(a)
    upload_file(a, make_mp4(tmp_path / "v.mp4", seconds=1), appeal["id"], "video/mp4")
    _decide(a, appeal["id"], seq)
    (tmp_path / "r.pdf").write_bytes(a.get(f"/appeals/{appeal['id']}/record.pdf", role="referee").content)
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert leaks(text, allow=(EVENT,)) == []
    for line in (
        "Bên khiếu nại Đỏ – Nguyễn Văn An (Quận 1)",
        "Nội dung khiếu nại Lỗi phạt đối với VĐV của mình (Điều 21.1 (iii))",
        "Nộp lúc 14/03/2026 16:00:00",
        "Hạn khiếu nại 14/03/2026 16:00:05",
        "Trạng thái được chấp nhận",
        "Huỷ sự kiện số 5 trong nhật ký trận",
        "Trọng tài referee2 chấp nhận Lỗi của trọng tài rõ ràng trên video",
    ):
        assert line in text, line
    assert "tải lên" in text and "Video 160×120, 1 giây" in text


def test_the_review_page_s_markers_name_each_event_in_words(http_arena, tmp_path):
    a = http_arena
    _, _, appeal = _penalty_appeal(a)
    evidence = upload_file(a, make_mp4(tmp_path / "v.mp4", seconds=1), appeal["id"], "video/mp4").headers["evidence-id"]
    labels = [m["label"] for m in a.ok(a.get(f"/api/appeals/evidence/{evidence}/markers", role="referee"))]
    assert "Bắt đầu hiệp 1" in labels and "Lỗi phạt · Đỏ Nguyễn Văn An · Gam-jeom (đối phương được 1 điểm)" in labels
    assert "Mở khiếu nại số 1" in labels and leaks(" | ".join(labels)) == [] and not any("=" in label for label in labels)


def test_a_refused_upload_says_what_the_file_is_in_vietnamese(http_arena, tmp_path):
    a = http_arena
    _, _, appeal = _penalty_appeal(a)
    fake = tmp_path / "replay.mp4"
    fake.write_bytes(b"this is not a video at all " * 100)
    refused = upload_file(a, fake, appeal["id"], "video/mp4")
    assert refused.status_code == 415 and refused.json()["code"] == "appeals.evidence_refused"
    assert refused.json()["message"].startswith("Tệp bị từ chối: ")
    assert leaks(refused.json()["message"]) == [] and "the content" not in refused.json()["message"]
