"""Decompression bombs over real HTTP: a PNG of about 500 KB that claims 169 megapixels is refused
by its header (evidence and a person's photo), the server's memory does not move, and ordinary
files still go through; a file that needs more memory than the sandbox gives is refused."""

from pathlib import Path

import pytest
from appeals_flow import file_appeal, running_bout, tus_create, tus_patch
from appeals_media import image_bytes, make_png_claiming

from base.sandbox import Sandbox

BOMB = (13000, 13000)  # 169 megapixels: Pillow's own default only warns below 179


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_png_claiming(tmp_path_factory.mktemp("bomb") / "bomb.png", *BOMB).read_bytes()


def _peak_rss_reset() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from now


def _peak_rss_mb() -> float:
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _send(arena, data: bytes, appeal_id: int, filename: str, filetype: str = "image/png"):
    created = tus_create(arena, len(data), appeal_id=str(appeal_id), filename=filename, filetype=filetype)
    assert created.status_code == 201, created.text
    return tus_patch(arena, created.headers["location"], 0, data)


def _appeal(arena) -> int:
    setup = running_bout(arena)
    return arena.ok(file_appeal(arena, setup.contest_id, category="head-kick-not-scored"))["id"]


def test_a_png_claiming_169_megapixels_is_refused_by_its_header_and_the_server_memory_stays(http_arena, bomb):
    a = http_arena
    appeal_id = _appeal(a)
    _peak_rss_reset()
    before = _peak_rss_mb()
    r = _send(a, bomb, appeal_id, "camera-bomb.png")
    grew = _peak_rss_mb() - before
    print(f"\nbomb of {len(bomb) // 1024} KB: server process peak RSS {before:.0f} MB -> {before + grew:.0f} MB")
    assert r.status_code == 413 and r.json()["code"] == "appeals.media_too_large"
    message = r.json()["message"]
    assert "camera-bomb.png" in message and "13000×13000" in message and "169.0 megapixel" in message
    assert "quá giới hạn 40 megapixel" in message
    assert grew < 60, f"the server's peak RSS grew by {grew:.0f} MB"
    assert a.ok(a.get(f"/api/appeals/{appeal_id}/evidence", role="coach")) == []
    ordinary = _send(a, image_bytes("PNG", (1600, 1200)), appeal_id, "replay.png")
    assert ordinary.status_code == 204 and "evidence-id" in ordinary.headers


def test_a_photo_claiming_169_megapixels_is_refused_and_an_ordinary_photo_is_kept(http_arena, bomb):
    a = http_arena
    pid = a.ok(a.post("/api/people/", {"full_name": "Lê Thị Ảnh", "birth_date": "2001-02-03", "gender": "F"}, role="manager"))["id"]
    headers = {**a.as_role("manager"), "content-type": "image/png"}
    _peak_rss_reset()
    before = _peak_rss_mb()
    r = a.client.put(f"/api/people/{pid}/photo", content=bomb, headers=headers)
    grew = _peak_rss_mb() - before
    assert r.status_code == 413 and r.json()["code"] == "athletes.photo_too_large"
    assert "13000×13000" in r.json()["message"] and f"({len(bomb) // 1024} KB)" in r.json()["message"]
    assert grew < 60, f"the server's peak RSS grew by {grew:.0f} MB"
    assert a.ok(a.get(f"/api/people/{pid}", role="manager"))["has_photo"] is False
    photo = image_bytes("JPEG", (600, 800))
    assert a.client.put(f"/api/people/{pid}/photo", content=photo, headers=headers).status_code == 200
    assert a.get(f"/api/people/{pid}/photo", role="manager").content == photo


def test_an_image_that_needs_more_memory_than_the_sandbox_gives_is_refused_naming_it(http_arena, jury_arena, tmp_path):
    a = http_arena
    jury_arena.app.state["media_sandbox"] = Sandbox(memory_bytes=256 << 20, workers=1)  # before any decoding
    appeal_id = _appeal(a)
    heavy = make_png_claiming(tmp_path / "heavy.png", 6000, 6000).read_bytes()  # 36 MP: within the pixel limit
    r = _send(a, heavy, appeal_id, "panorama.png")
    assert r.status_code == 413 and r.json()["code"] == "appeals.decode_memory", r.text
    assert r.json()["message"] == "Giải mã tệp “panorama.png” cần hơn 256 MB bộ nhớ: tệp bị từ chối"
    assert _send(a, image_bytes("JPEG", (640, 480)), appeal_id, "small.jpg").status_code == 204
