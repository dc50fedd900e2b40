"""The cost of serving evidence checked against its hash (``FilesystemBlobStore.open_verified``).

One blob of ``--mb`` MiB (random bytes) in a temporary folder. Measures, in the same run: the
first read after a start (the whole file re-hashed once, and now its block digests kept), a player's
Range request (1 MiB at a random place) read plainly and checked, and a whole read plainly and
checked. Before, a read was served unchecked for 10 minutes after one re-hash (by inode, size and
mtime), so the plain read is what it cost then. Replaces the "Evidence reads" section of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import stamp, write_section  # noqa: E402

from scoring.appeals.store import BLOCK, FilesystemBlobStore, sha256_file  # noqa: E402


async def _drain(chunks) -> int:  # type: ignore[no-untyped-def]
    return sum([len(c) async for c in chunks])


async def measure(folder: Path, mb: int, ranges: int) -> dict[str, float]:
    staged = folder / "blob"
    whole = hashlib.sha256()
    with staged.open("wb") as fh:
        for _ in range(mb):
            block = os.urandom(1 << 20)
            whole.update(block)
            fh.write(block)
    store = FilesystemBlobStore(folder / "blobs")
    sha, size = whole.hexdigest(), mb << 20
    tmp = store.staging_path("bench")
    staged.replace(tmp)
    await store.adopt(tmp, sha)
    out: dict[str, float] = {}
    t = time.perf_counter()
    await anyio.to_thread.run_sync(sha256_file, store.local_path(sha))  # before: one whole re-hash
    out["first_plain_s"] = time.perf_counter() - t
    t = time.perf_counter()
    await _drain(await store.open_verified(sha, 0, 1))  # cold: the whole file is re-hashed once
    out["first_s"] = time.perf_counter() - t
    rng = random.Random(7)
    starts = [rng.randrange(0, size - BLOCK) for _ in range(ranges)]
    for name, opener in (("plain", lambda s: _plain(store, sha, s)), ("checked", lambda s: store.open_verified(sha, s, BLOCK))):
        times = []
        for start in starts:
            t = time.perf_counter()
            await _drain(await opener(start))
            times.append(time.perf_counter() - t)
        out[f"range_{name}_ms"] = statistics.median(times) * 1000
    t = time.perf_counter()
    await _drain(store.read(sha, 0, size))
    out["whole_plain_s"] = time.perf_counter() - t
    t = time.perf_counter()
    await _drain(await store.open_verified(sha, 0, size))
    out["whole_checked_s"] = time.perf_counter() - t
    return out


async def _plain(store: FilesystemBlobStore, sha: str, start: int):  # type: ignore[no-untyped-def]
    return store.read(sha, start, BLOCK)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--ranges", type=int, default=200)
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="arena-bench-reads-") as folder:
        r = anyio.run(measure, Path(folder), args.mb, args.ranges)
    gib = args.mb / 1024
    body = f"""{stamp(f"python bench/bench_evidence_reads.py --mb {args.mb}")}

| what | plain read (before) | checked read (now) |
| --- | --- | --- |
| first read after a start ({args.mb} MiB re-hashed; now also a digest per 1 MiB block) | {r["first_plain_s"]:.2f} s | {r["first_s"]:.2f} s |
| a player's Range request, 1 MiB at a random place (median of {args.ranges}) | {r["range_plain_ms"]:.2f} ms | {r["range_checked_ms"]:.2f} ms |
| whole file ({args.mb} MiB) | {r["whole_plain_s"]:.2f} s ({gib / r["whole_plain_s"]:.2f} GiB/s) | {r["whole_checked_s"]:.2f} s ({gib / r["whole_checked_s"]:.2f} GiB/s) |

Before, a read after the first re-hash was served unchecked for 10 minutes (the plain column); a
byte changed in place with its size and mtime kept was served with the old hash. Now every block
served is hashed again and compared with the digest kept from the last whole re-hash that matched.
The page cache is warm in every row (the blob was just written)."""
    print(body)
    if not args.no_write:
        write_section("Evidence reads", body)


if __name__ == "__main__":
    main()
