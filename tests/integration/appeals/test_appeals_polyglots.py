"""Polyglots over real HTTP: an MP4 that is also a ZIP, or carries bytes after its last box, is
refused and never stored; the same MP4 alone is taken."""

import io
import struct
import zipfile

import pytest
from appeals_flow import file_appeal, running_bout, tus_create, tus_patch
from appeals_media import make_mp4, make_webm


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return out.getvalue()


def _send(arena, data: bytes, appeal_id: int, filename: str, filetype: str = "video/mp4"):
    created = tus_create(arena, len(data), appeal_id=str(appeal_id), filename=filename, filetype=filetype)
    assert created.status_code == 201, created.text
    return tus_patch(arena, created.headers["location"], 0, data)


@pytest.fixture
def appeal_id(http_arena) -> int:
    setup = running_bout(http_arena)
    return http_arena.ok(file_appeal(http_arena, setup.contest_id, category="head-kick-not-scored"))["id"]


def test_an_mp4_with_a_zip_appended_is_refused(http_arena, appeal_id, tmp_path):
    video = make_mp4(tmp_path / "a.mp4", seconds=1).read_bytes()
    polyglot = video + _zip()
    assert zipfile.is_zipfile(io.BytesIO(polyglot))  # what an unzip tool sees
    r = _send(http_arena, polyglot, appeal_id, "replay.mp4")
    assert r.status_code == 415 and r.json()["code"] == "appeals.evidence_polyglot"
    assert r.json()["message"].startswith("Tệp “replay.mp4” kết thúc bằng một tệp ZIP (từ byte ")
    assert http_arena.ok(http_arena.get(f"/api/appeals/{appeal_id}/evidence", role="coach")) == []


def test_an_mp4_hiding_a_zip_in_a_last_free_box_is_refused(http_arena, appeal_id, tmp_path):
    video = make_mp4(tmp_path / "a.mp4", seconds=1).read_bytes()
    payload = _zip()
    hidden = video + struct.pack(">I4s", 8 + len(payload), b"free") + payload  # the boxes cover the file
    r = _send(http_arena, hidden, appeal_id, "replay.mp4")
    assert r.status_code == 415 and r.json()["code"] == "appeals.evidence_polyglot"


def test_bytes_after_the_last_box_or_element_are_refused_and_the_plain_file_taken(http_arena, appeal_id, tmp_path):
    video = make_mp4(tmp_path / "a.mp4", seconds=1).read_bytes()
    r = _send(http_arena, video + b"\x00\x01trailing bytes", appeal_id, "cam.mp4")
    assert r.status_code == 415 and r.json()["code"] == "appeals.evidence_trailing"
    assert r.json()["message"] == f"Tệp “cam.mp4” có 16 byte nằm ngoài cấu trúc MP4/MOV (từ byte {len(video)}): tệp bị từ chối"
    webm = make_webm(tmp_path / "b.webm").read_bytes()
    r = _send(http_arena, webm + b"junk" * 10, appeal_id, "cam.webm", "video/webm")
    assert r.status_code == 415 and r.json()["code"] == "appeals.evidence_trailing"
    assert _send(http_arena, video, appeal_id, "cam.mp4").status_code == 204
    assert _send(http_arena, webm, appeal_id, "cam.webm", "video/webm").status_code == 204
