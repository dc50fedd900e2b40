import hashlib
import os

import anyio
import pytest
from appeals_media import image_bytes, make_image, make_mp4, make_webm

from scoring.appeals.errors import EvidenceRefused, TusHeaderInvalid, UploadChecksumMismatch
from scoring.appeals.limits import EvidenceLimits
from scoring.appeals.media import cut_clip, probe, thumbnail
from scoring.appeals.store import BLOCK, BlobCorrupt, FilesystemBlobStore, sha256_file
from scoring.appeals.uploads import StreamCut, append_stream

SMALL = EvidenceLimits(flush_bytes=1000, fsync_every_bytes=3000)


async def chunks(data: bytes, size: int = 700, cut_after: int | None = None):
    for i in range(0, len(data), size):
        if cut_after is not None and i >= cut_after:
            raise StreamCut()
        yield data[i : i + size]


def test_adopted_blob_is_named_by_its_hash_read_only_and_deduplicated(tmp_path):
    store = FilesystemBlobStore(tmp_path / "blobs")

    async def run():
        staged = store.staging_path("u1")
        staged.write_bytes(b"evidence")
        blob = await store.adopt(staged, hashlib.sha256(b"evidence").hexdigest())
        again = await store.put_bytes(b"evidence")
        return blob, again

    blob, again = anyio.run(run)
    path = store.local_path(blob.sha256)
    assert path.read_bytes() == b"evidence" and not (path.stat().st_mode & 0o222)
    assert again == blob and list(store.tmp.iterdir()) == []


def test_verify_notices_changed_bytes_and_ranges_read_exactly(tmp_path):
    store = FilesystemBlobStore(tmp_path / "blobs")

    async def run():
        blob = await store.put_bytes(bytes(range(256)) * 10)
        part = b"".join([c async for c in store.read(blob.sha256, 250, 10)])
        ok = await store.verify(blob.sha256)
        path = store.local_path(blob.sha256)
        path.chmod(0o644)
        path.write_bytes(b"tampered")
        return part, ok, await store.verify(blob.sha256)

    part, ok, after = anyio.run(run)
    assert part == bytes(range(250, 256)) + bytes(range(4)) and ok and not after


def test_a_verified_read_serves_checked_blocks_and_finds_a_byte_changed_in_place(tmp_path):
    store = FilesystemBlobStore(tmp_path / "blobs")
    data = os.urandom(3 * BLOCK + 123)

    async def read(sha, start, length):
        return b"".join([c async for c in await store.open_verified(sha, start, length)])

    async def run():
        blob = await store.put_bytes(data)
        whole, tail = await read(blob.sha256, 0, len(data)), await read(blob.sha256, BLOCK - 5, BLOCK + 10)
        path = store.local_path(blob.sha256)
        before = path.stat()
        path.chmod(0o644)
        with path.open("r+b") as fh:
            fh.seek(2 * BLOCK + 1)
            fh.write(bytes([data[2 * BLOCK + 1] ^ 1]))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
        first_block = await read(blob.sha256, 0, 100)
        try:
            await read(blob.sha256, 2 * BLOCK, 10)
        except BlobCorrupt as exc:
            refused = exc.block
        return whole, tail, first_block, refused, await store.verify(blob.sha256)

    whole, tail, first_block, refused, verified = anyio.run(run)
    assert whole == data and tail == data[BLOCK - 5 : 2 * BLOCK + 5] and first_block == data[:100]
    assert refused == 2 and not verified


def test_a_blob_of_whole_blocks_reads_to_its_last_byte(tmp_path):
    store = FilesystemBlobStore(tmp_path / "blobs")
    data = os.urandom(2 * BLOCK)

    async def run():
        blob = await store.put_bytes(data)
        return b"".join([c async for c in await store.open_verified(blob.sha256)])

    assert anyio.run(run) == data


def test_append_hashes_as_it_writes_and_a_cut_keeps_what_arrived(tmp_path):
    data = bytes(range(256)) * 40
    path = tmp_path / "staged"
    path.touch()
    offset, hasher, cut = anyio.run(append_stream, path, 0, len(data), chunks(data, cut_after=4200), hashlib.sha256(), None, SMALL)
    assert cut and offset == 4200 and path.read_bytes() == data[:4200]
    offset, hasher, cut = anyio.run(append_stream, path, offset, len(data), chunks(data[4200:]), hasher, None, SMALL)
    assert not cut and offset == len(data) and hasher.hexdigest() == hashlib.sha256(data).hexdigest()
    assert sha256_file(path)[0] == hasher.hexdigest()


def test_a_chunk_with_a_wrong_checksum_or_past_the_length_is_discarded(tmp_path):
    path = tmp_path / "staged"
    path.write_bytes(b"head")
    with pytest.raises(UploadChecksumMismatch):
        anyio.run(append_stream, path, 4, 100, chunks(b"x" * 50), hashlib.sha256(b"head"), ("sha1", b"\0" * 20), SMALL)
    assert path.read_bytes() == b"head"
    with pytest.raises(TusHeaderInvalid):
        anyio.run(append_stream, path, 4, 10, chunks(b"y" * 50), hashlib.sha256(b"head"), None, SMALL)
    assert path.read_bytes() == b"head"


def test_probe_reads_real_videos_and_images_and_refuses_the_rest(tmp_path):
    mp4 = probe(make_mp4(tmp_path / "a.mp4", seconds=1))
    assert (mp4.kind, mp4.mime, mp4.width, mp4.height, mp4.duration_ms) == ("video", "video/mp4", 160, 120, 1000)
    assert probe(make_webm(tmp_path / "b.webm")).codecs == ("vp8",)
    png = probe(make_image(tmp_path / "c.png", "PNG"))
    assert (png.kind, png.mime, png.duration_ms) == ("image", "image/png", None)
    (tmp_path / "d.jpg").write_bytes(image_bytes("JPEG")[:200])
    for bad in (tmp_path / "d.jpg", tmp_path / "e.txt"):
        bad.write_bytes(bad.read_bytes() if bad.exists() else b"hello")
        with pytest.raises(EvidenceRefused):
            probe(bad)
    with pytest.raises(EvidenceRefused, match="says image/png"):
        probe(tmp_path / "a.mp4", "image/png")


def test_poster_frame_is_a_jpeg_and_a_clip_has_the_asked_length(tmp_path):
    video = make_mp4(tmp_path / "a.mp4", seconds=3)
    assert thumbnail(video)[:3] == b"\xff\xd8\xff"
    assert cut_clip(video, 1.0, 2.0, tmp_path / "clip.mp4") == 26  # 25 fps, both ends included
    assert 1000 <= probe(tmp_path / "clip.mp4").duration_ms <= 1100
