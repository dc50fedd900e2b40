import base64
import hashlib

from appeals_flow import TUS, file_appeal, running_bout, tus_create, tus_patch, upload_file
from appeals_media import image_bytes, make_image, make_mp4


def _appeal(a):
    setup = running_bout(a)
    return setup, a.ok(file_appeal(a, setup.contest_id, category="head-kick-not-scored"))


def _blob_files(settings):
    root = settings.data_dir / "blobs"
    return sorted(p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] != "tmp")


def test_uploaded_video_is_probed_hashed_and_gets_a_poster_frame(jury_arena, tmp_path):
    a = jury_arena
    _, appeal = _appeal(a)
    video = make_mp4(tmp_path / "camera-2.mp4", seconds=2)
    r = upload_file(a, video, appeal["id"], "video/mp4")
    assert r.status_code == 204 and r.headers["upload-offset"] == str(video.stat().st_size)
    ev = a.ok(a.get(f"/api/appeals/evidence/{r.headers['evidence-id']}", role="coach"))
    assert ev["sha256"] == hashlib.sha256(video.read_bytes()).hexdigest()
    assert ev["kind"] == "video" and ev["info"]["codecs"] == ["h264"] and ev["info"]["duration_ms"] == 2000
    thumb = a.get(f"/api/appeals/evidence/{ev['id']}/thumbnail", role="referee")
    assert thumb.status_code == 200 and thumb.content[:3] == b"\xff\xd8\xff"


def test_a_text_file_that_claims_to_be_a_video_is_refused_and_never_stored(jury_arena, settings, tmp_path):
    a = jury_arena
    _, appeal = _appeal(a)
    fake = tmp_path / "clip.mp4"
    fake.write_bytes(b"this is not a video at all " * 100)
    r = upload_file(a, fake, appeal["id"], "video/mp4")
    assert r.status_code == 415 and r.json()["code"] == "appeals.evidence_refused"
    assert _blob_files(settings) == []
    assert a.ok(a.get(f"/api/appeals/{appeal['id']}/evidence", role="coach")) == []


def test_a_jpeg_named_as_mp4_is_refused_for_lying_about_its_type(jury_arena, tmp_path):
    a = jury_arena
    _, appeal = _appeal(a)
    r = upload_file(a, make_image(tmp_path / "replay.mp4"), appeal["id"], "video/mp4")
    assert r.status_code == 415 and "image/jpeg" in r.json()["message"]


def test_a_truncated_video_is_refused(jury_arena, tmp_path):
    a = jury_arena
    _, appeal = _appeal(a)
    whole = make_mp4(tmp_path / "full.mp4", seconds=2).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: len(whole) // 3])
    r = upload_file(a, cut, appeal["id"], "video/mp4")
    assert r.status_code == 415


def test_patch_at_the_wrong_offset_is_409_and_a_bad_checksum_discards_the_chunk(jury_arena):
    a = jury_arena
    _, appeal = _appeal(a)
    data = image_bytes("PNG", (300, 200))
    loc = tus_create(a, len(data), appeal_id=str(appeal["id"]), filetype="image/png").headers["location"]
    assert tus_patch(a, loc, 5, data[:10]).status_code == 409
    wrong = base64.b64encode(hashlib.sha1(b"other").digest()).decode()
    r = tus_patch(a, loc, 0, data[:100], **{"Upload-Checksum": f"sha1 {wrong}"})
    assert r.status_code == 460
    head = a.client.head(loc, headers={**a.as_role("coach"), **TUS})
    assert head.headers["upload-offset"] == "0"
    good = base64.b64encode(hashlib.sha1(data[:100]).digest()).decode()
    assert tus_patch(a, loc, 0, data[:100], **{"Upload-Checksum": f"sha1 {good}"}).headers["upload-offset"] == "100"
    done = tus_patch(a, loc, 100, data[100:])
    assert done.status_code == 204 and "evidence-id" in done.headers


def test_size_and_count_limits_are_refused_before_any_byte_is_sent(jury_arena):
    a = jury_arena
    _, appeal = _appeal(a)
    huge = tus_create(a, 5 * 1024**3 + 1, appeal_id=str(appeal["id"]), filetype="video/mp4")
    assert huge.status_code == 413
    for _ in range(10):
        assert tus_create(a, 1000, appeal_id=str(appeal["id"]), filetype="image/png").status_code == 201
    assert tus_create(a, 1000, appeal_id=str(appeal["id"]), filetype="image/png").status_code == 413


def test_termination_drops_an_unfinished_upload(jury_arena):
    a = jury_arena
    _, appeal = _appeal(a)
    loc = tus_create(a, 5000, appeal_id=str(appeal["id"]), filetype="image/png").headers["location"]
    tus_patch(a, loc, 0, b"\x89PNG" + b"0" * 100)
    assert a.client.delete(loc, headers={**a.as_role("coach"), **TUS}).status_code == 204
    assert a.client.head(loc, headers={**a.as_role("coach"), **TUS}).status_code == 404


def test_range_request_at_the_end_of_the_video_returns_the_last_bytes(jury_arena, tmp_path):
    a = jury_arena
    _, appeal = _appeal(a)
    video = make_mp4(tmp_path / "long.mp4", seconds=3)
    data = video.read_bytes()
    eid = upload_file(a, video, appeal["id"], "video/mp4").headers["evidence-id"]
    url = f"/api/appeals/evidence/{eid}/content"

    def get(range_header):
        return a.client.get(url, headers={**a.as_role("referee"), "Range": range_header})

    tail = get("bytes=-100")
    assert tail.status_code == 206 and tail.content == data[-100:]
    assert tail.headers["content-range"] == f"bytes {len(data) - 100}-{len(data) - 1}/{len(data)}"
    last = get(f"bytes={len(data) - 1}-")
    assert last.status_code == 206 and last.content == data[-1:]
    assert get(f"bytes={len(data)}-").status_code == 416


def test_tampered_blob_is_reported_and_not_served(jury_arena, settings, tmp_path):
    a = jury_arena
    _, appeal = _appeal(a)
    eid = upload_file(a, make_image(tmp_path / "a.png", "PNG"), appeal["id"], "image/png").headers["evidence-id"]
    ev = a.ok(a.get(f"/api/appeals/evidence/{eid}", role="referee"))
    stored = next(p for p in _blob_files(settings) if p.name == ev["sha256"])
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes() + b"x")
    r = a.get(f"/api/appeals/evidence/{eid}/content", role="referee")
    assert r.status_code == 500 and r.json()["code"] == "appeals.evidence_corrupt"
    custody = a.ok(a.get(f"/api/appeals/{appeal['id']}/custody", role="referee"))
    assert custody[-1]["action"] == "corrupt" and custody[-1]["sha256"] == ev["sha256"]


def test_evidence_of_a_filed_appeal_cannot_be_deleted(jury_arena, tmp_path):
    a = jury_arena
    _, appeal = _appeal(a)
    eid = upload_file(a, make_image(tmp_path / "b.jpg"), appeal["id"], "image/jpeg").headers["evidence-id"]
    r = a.client.delete(f"/api/appeals/evidence/{eid}", headers=a.as_role("admin"))
    assert r.status_code == 409 and r.json()["code"] == "appeals.evidence_locked"


def test_jury_aligns_a_recording_and_cuts_a_clip_around_a_marker(jury_arena, clock, tmp_path):
    a = jury_arena
    setup, appeal = _appeal(a)
    penalty = a.command(setup.contest_id, "penalty", side="blue", code="gam-jeom")["seq"]
    video = make_mp4(tmp_path / "mat1.mp4", seconds=4)
    created = tus_create(a, video.stat().st_size, role="referee", contest_id=str(setup.contest_id), filetype="video/mp4")
    eid = tus_patch(a, created.headers["location"], 0, video.read_bytes(), role="referee").headers["evidence-id"]
    a.ok(a.client.put(f"/api/appeals/evidence/{eid}/origin", json={"seq": penalty, "video_s": 3.0}, headers=a.as_role("referee")))
    markers = a.ok(a.get(f"/api/appeals/evidence/{eid}/markers", role="referee"))
    at_penalty = next(m for m in markers if m["seq"] == penalty)
    assert at_penalty["group"] == "penalty" and at_penalty["video_s"] == 3.0
    clip = a.ok(
        a.post(
            f"/api/appeals/evidence/{eid}/clips", {"appeal_id": appeal["id"], "seq": penalty, "before_s": 2, "after_s": 0.5}, role="referee"
        )
    )
    assert clip["kind"] == "clip" and clip["parent_id"] == int(eid)
    assert (clip["clip_start_ms"], clip["clip_end_ms"]) == (1000, 3500)
    assert 2400 <= clip["info"]["duration_ms"] <= 2600
    seen_by_coach = a.ok(a.get(f"/api/appeals/{appeal['id']}/evidence", role="coach"))
    assert {e["id"] for e in seen_by_coach} == {int(eid), clip["id"]}
    actions = [c["action"] for c in a.ok(a.get(f"/api/appeals/{appeal['id']}/custody", role="referee"))]
    assert actions == ["upload", "align", "clip"]
