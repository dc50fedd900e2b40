"""A camera laptop's upload over real HTTP (uvicorn + tuspy): cut, resumed, finished."""

import hashlib
import socket
import threading
import time

import pytest
from appeals_flow import TUS, file_appeal, meta, running_bout
from appeals_media import make_mp4

uvicorn = pytest.importorskip("uvicorn")
tusclient = pytest.importorskip("tusclient.client")


@pytest.fixture
def served(jury_arena, settings):
    """The same app served on a loopback port (tuspy speaks real HTTP through requests)."""
    if settings.database_url:
        pytest.skip("served from a second event loop: PostgreSQL connections belong to the loop that opened them")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(jury_arena.app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield jury_arena, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_upload_cut_between_chunks_resumes_where_it_stopped(served, tmp_path):
    arena, base = served
    setup = running_bout(arena)
    appeal = arena.ok(file_appeal(arena, setup.contest_id, category="head-kick-not-scored"))
    video = make_mp4(tmp_path / "camera.mp4", seconds=6, size=(320, 240))
    size = video.stat().st_size
    client = tusclient.TusClient(f"{base}/api/appeals/uploads", headers=arena.as_role("coach"))
    chunk = max(4096, size // 5)
    first = client.uploader(str(video), chunk_size=chunk, metadata={"appeal_id": str(appeal["id"]), "filetype": "video/mp4"})
    first.upload(stop_at=2 * chunk)  # the network goes away here
    assert first.offset == 2 * chunk
    again = client.uploader(str(video), chunk_size=chunk, url=first.url)
    assert again.get_offset() == 2 * chunk  # nothing sent twice, nothing lost
    again.upload()
    head = arena.client.head(first.url.replace(base, ""), headers={**arena.as_role("coach"), **TUS})
    ev = arena.ok(arena.get(f"/api/appeals/evidence/{head.headers['evidence-id']}", role="coach"))
    assert ev["sha256"] == hashlib.sha256(video.read_bytes()).hexdigest()


def test_connection_dropped_mid_chunk_keeps_the_bytes_that_arrived(served, tmp_path):
    arena, base = served
    setup = running_bout(arena)
    appeal = arena.ok(file_appeal(arena, setup.contest_id, category="head-kick-not-scored"))
    data = make_mp4(tmp_path / "c.mp4", seconds=3).read_bytes()
    created = arena.client.post(
        "/api/appeals/uploads",
        headers={
            **arena.as_role("coach"),
            **TUS,
            "Upload-Length": str(len(data)),
            "Upload-Metadata": meta(appeal_id=str(appeal["id"]), filetype="video/mp4"),
        },
    )
    location = created.headers["location"]
    half = len(data) // 2
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as raw:
        head = (
            f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {arena.as_role('coach')['Authorization']}\r\n"
            f"Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        )
        raw.sendall(head.encode() + data[:half])
        time.sleep(0.3)
    offset = None
    for _ in range(50):  # the server notices the disconnect and commits what it has
        r = arena.client.head(location, headers={**arena.as_role("coach"), **TUS})
        offset = int(r.headers["upload-offset"])
        if offset == half:
            break
        time.sleep(0.1)
    assert offset == half
    rest = arena.client.patch(
        location,
        content=data[half:],
        headers={**arena.as_role("coach"), **TUS, "Upload-Offset": str(half), "Content-Type": "application/offset+octet-stream"},
    )
    assert rest.status_code == 204 and "evidence-id" in rest.headers
