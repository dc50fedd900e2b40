"""Evidence upload throughput and server memory: a 1 GiB video sent over tus to a real server.

Starts ``create_app`` under uvicorn in a child process (pinned to one core, the client to the
other), measures the raw disk write speed of the same folder in the same run (4 MiB blocks,
fsync at the end), then streams one 1 GiB Matroska video in a single tus PATCH while sampling the
server's RSS. Targets: upload >= 80 % of raw disk speed; peak RSS <= 64 MB above idle.
Replaces the "Evidence uploads" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from fractions import Fraction
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "integration" / "appeals"))

from report import stamp, write_section  # noqa: E402

SERVER = """
import sys, uvicorn
from pathlib import Path
from base.settings import Settings
from assembly.app import create_app
from assembly.migrate import upgrade
sys.path.insert(0, {tests!r})
from arena_builders import seed_accounts
s = Settings(data_dir=Path({data!r}), secret_key="bench-" + "x" * 40, argon2_profile="CHEAPEST")
upgrade(s)
app = create_app(s, run_migrations=False)
tokens = seed_accounts(app)
Path({data!r}, "tokens").write_text(repr(tokens))
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning")
"""


def make_video(path: Path, size: int) -> None:
    """A raw-video Matroska file of about ``size`` bytes (no encoding: it is quick to make)."""
    import av

    width, height = 1280, 720
    frame_bytes = width * height * 3 // 2
    with av.open(str(path), "w", format="matroska") as out:
        stream = out.add_stream("rawvideo", rate=25)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        frames = [av.VideoFrame(width, height, "yuv420p") for _ in range(4)]
        for frame in frames:
            for plane in frame.planes:
                plane.update(os.urandom(plane.buffer_size))
        for i in range(size // frame_bytes):
            frame = frames[i % 4]
            frame.pts, frame.time_base = i, Fraction(1, 25)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


def disk_speed(folder: Path, size: int) -> float:
    block = os.urandom(4 << 20)
    path = folder / "disk-probe"
    start = time.perf_counter()
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(block)
        fh.flush()
        os.fsync(fh.fileno())
    elapsed = time.perf_counter() - start
    path.unlink()
    return size / elapsed


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, rss(self.pid))
            time.sleep(0.02)


class Http:
    """Enough of the test Arena for build_contest (httpx against the real server)."""

    def __init__(self, client: httpx.Client, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def as_role(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def post(self, url: str, json: object, role: str = "admin") -> httpx.Response:
        return self.client.post(url, json=json, headers=self.as_role(role))

    def ok(self, r: httpx.Response) -> object:
        assert r.status_code < 300, r.text
        return r.json()


def file_chunks(path: Path):
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            yield chunk


def upload(http: Http, base: str, contest_id: int, video: Path) -> tuple[float, httpx.Response]:
    from appeals_flow import TUS, meta

    size = video.stat().st_size
    created = http.client.post(
        f"{base}/api/appeals/uploads",
        headers={
            **http.as_role("device"),
            **TUS,
            "Upload-Length": str(size),
            "Upload-Metadata": meta(contest_id=str(contest_id), filetype="video/x-matroska", filename=video.name),
        },
    )
    assert created.status_code == 201, created.text
    start = time.perf_counter()
    r = http.client.patch(
        f"{base}{created.headers['location']}",
        content=file_chunks(video),
        headers={
            **http.as_role("device"),
            **TUS,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(size),
        },
        timeout=600,
    )
    return time.perf_counter() - start, r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mib", type=int, default=1024, help="size of the uploaded video in MiB")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    size = args.mib << 20
    work = Path(tempfile.mkdtemp(prefix="arena-bench-uploads-", dir=os.environ.get("ARENA_BENCH_DIR")))
    data, port = work / "var", 8765
    data.mkdir()
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") and (os.cpu_count() or 1) > 1 else []
    if pin:
        os.sched_setaffinity(0, {1})
    code = SERVER.format(tests=str(ROOT / "tests"), data=str(data), port=port)
    server = subprocess.Popen([*pin, sys.executable, "-c", code], cwd=ROOT)
    try:
        video = work / "contest.mkv"
        make_video(video, size)
        disk = disk_speed(data, size)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            if (data / "tokens").exists():
                try:
                    httpx.get(f"{base}/health", timeout=1)
                    break
                except httpx.HTTPError:
                    pass
            time.sleep(0.1)
        from arena_builders import build_contest

        with httpx.Client(base_url=base, timeout=60) as client:
            http = Http(client, eval((data / "tokens").read_text()))  # noqa: S307 - our own repr
            setup = build_contest(http, current=False)  # type: ignore[arg-type]
            time.sleep(1.0)
            idle = rss(server.pid)
            sampler = Sampler(server.pid)
            sampler.start()
            elapsed, r = upload(http, base, setup.contest_id, video)
            sampler.stop.set()
            sampler.join()
        assert r.status_code == 204 and "evidence-id" in r.headers, r.text
        report(video.stat().st_size, elapsed, disk, idle, sampler.peak, args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


def report(size: int, elapsed: float, disk: float, idle: int, peak: int, args: argparse.Namespace) -> None:
    speed = size / elapsed
    mb = 1e6
    body = f"""{stamp(f"bench/bench_uploads.py --mib {args.mib}")}

One {size / 2**30:.2f} GiB raw-video Matroska file in a single tus PATCH over loopback (server: uvicorn,
one core; client: httpx, the other core). The upload includes SHA-256 while streaming, fsync every
64 MiB, the final probe (PyAV), poster frame and atomic move into the store.

| measurement | value | target |
| --- | ---: | ---: |
| raw disk write, same folder (4 MiB blocks, fsync) | {disk / mb:,.0f} MB/s | |
| evidence upload | {speed / mb:,.0f} MB/s ({elapsed:.1f} s) | |
| upload / raw disk | {100 * speed / disk:.0f} % | >= 80 % |
| server RSS idle | {idle / mb:.1f} MB | |
| server RSS peak during upload | {peak / mb:.1f} MB | |
| peak above idle | {(peak - idle) / mb:.1f} MB | <= 64 MB |
"""
    print(body)
    if not args.no_write:
        write_section("Evidence uploads", body)


if __name__ == "__main__":
    main()
