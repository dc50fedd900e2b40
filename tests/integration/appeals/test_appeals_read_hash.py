"""Over real HTTP, the bytes served are the bytes whose hash is served: a byte changed in place on
disk (same size, same mtime, same inode) is found at the next read, never served."""

import hashlib
import os

import httpx
import pytest
from appeals_flow import file_appeal, running_bout, tus_create, tus_patch
from appeals_media import make_image, make_noisy_mp4

from scoring.appeals.store import BLOCK


def _send(arena, data: bytes, appeal_id: int, filename: str, filetype: str) -> int:
    created = tus_create(arena, len(data), appeal_id=str(appeal_id), filename=filename, filetype=filetype)
    done = tus_patch(arena, created.headers["location"], 0, data)
    assert done.status_code == 204, done.text
    return int(done.headers["evidence-id"])


def _flip_in_place(settings, sha256: str, offset: int) -> None:
    """Change one byte where it lies; keep the size, the inode and the times as they were."""
    path = settings.data_dir / "blobs" / sha256[:2] / sha256[2:4] / sha256
    before = path.stat()
    path.chmod(0o644)
    with path.open("r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0xFF]))
    path.chmod(0o444)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)


def _content(arena, evidence_id: int, range_header: str | None = None):
    headers = {**arena.as_role("referee"), **({"Range": range_header} if range_header else {})}
    return arena.client.get(f"/api/appeals/evidence/{evidence_id}/content", headers=headers)


def _last_custody(arena, appeal_id: int) -> dict:
    return arena.ok(arena.get(f"/api/appeals/{appeal_id}/custody", role="referee"))[-1]


@pytest.fixture
def appeal_id(http_arena) -> int:
    setup = running_bout(http_arena)
    return http_arena.ok(file_appeal(http_arena, setup.contest_id, category="head-kick-not-scored"))["id"]


def test_a_byte_changed_in_place_with_size_and_mtime_kept_is_refused_at_the_next_read(http_arena, appeal_id, settings, tmp_path):
    a = http_arena
    data = make_image(tmp_path / "a.png", "PNG").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    eid = _send(a, data, appeal_id, "a.png", "image/png")
    first = _content(a, eid)
    assert first.status_code == 200 and first.content == data and first.headers["x-content-sha256"] == sha
    _flip_in_place(settings, sha, len(data) // 2)
    again = _content(a, eid)
    assert again.status_code == 500 and again.json()["code"] == "appeals.evidence_corrupt"
    assert _last_custody(a, appeal_id)["action"] == "corrupt"


def test_a_range_is_served_only_from_blocks_that_still_match(http_arena, appeal_id, settings, tmp_path):
    a = http_arena
    data = make_noisy_mp4(tmp_path / "cam.mp4").read_bytes()
    assert len(data) > 3 * BLOCK
    sha = hashlib.sha256(data).hexdigest()
    eid = _send(a, data, appeal_id, "cam.mp4", "video/mp4")
    assert _content(a, eid, "bytes=0-99").content == data[:100]
    _flip_in_place(settings, sha, 2 * BLOCK + 7)
    untouched = _content(a, eid, "bytes=100-199")  # block 0 still hashes as it did: served
    assert untouched.status_code == 206 and untouched.content == data[100:200]
    changed = _content(a, eid, f"bytes={2 * BLOCK}-{2 * BLOCK + 99}")
    assert changed.status_code == 500 and changed.json()["code"] == "appeals.evidence_corrupt"
    assert _content(a, eid, "bytes=0-99").status_code == 500  # from now on the whole file is refused
    assert _last_custody(a, appeal_id)["action"] == "corrupt"


def test_a_whole_read_stops_before_a_changed_block_and_the_next_read_is_refused(http_arena, appeal_id, settings, tmp_path):
    a = http_arena
    data = make_noisy_mp4(tmp_path / "cam.mp4").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    eid = _send(a, data, appeal_id, "cam.mp4", "video/mp4")
    assert _content(a, eid).content == data
    _flip_in_place(settings, sha, 2 * BLOCK + 7)
    received = bytearray()
    with pytest.raises(httpx.HTTPError):
        with a.client.stream("GET", f"/api/appeals/evidence/{eid}/content", headers=a.as_role("referee")) as r:
            assert r.status_code == 200
            for chunk in r.iter_raw():
                received += chunk
    assert len(received) <= 2 * BLOCK and bytes(received) == data[: len(received)]
    assert _content(a, eid).status_code == 500
