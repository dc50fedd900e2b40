"""Search benchmark: 100,000 people (realistic Vietnamese names) on SQLite and PostgreSQL.

Loads the people with their search keys (the same rows ``athletes.search.index_entry`` writes),
then times ``athletes.search.search`` end to end (SQL + ranking) over a mix of queries: full names
with and without accents, surnames shared by ~38 % of people, given names, word runs, words in
another order, ID prefixes. Target: p95 <= 20 ms. Replaces the "Search (athletes)" section of
bench/RESULTS.md.

    .venv/bin/python bench/bench_search.py [--people 100000] [--rounds 5] [--backend sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import stamp, write_section  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from assembly.migrate import upgrade  # noqa: E402
from athletes.demo_data import people  # noqa: E402
from athletes.folding import fold  # noqa: E402
from athletes.models import Athlete, SearchEntry, SearchKey  # noqa: E402
from athletes.search import entry_keys, search  # noqa: E402
from base.db import create_engine, session_factory  # noqa: E402
from base.settings import Settings  # noqa: E402

TITLE = "Search (athletes)"
PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"
QUERIES = {
    "full name, no accents": ["nguyen van an", "tran thi thu", "le minh khoa", "pham ngoc lan", "dang duc huy"],
    "full name, accents": ["Nguyễn Văn An", "Trần Thị Thủy", "Đặng Đức Huy", "Lê Thanh Hương", "Võ Gia Bảo"],
    "upper case / Đ": ["NGUYEN VAN AN", "ĐẶNG", "đinh", "DUONG"],
    "surname only (many hits)": ["nguyen", "tran", "le", "dang", "ngu"],
    "given name / run": ["an", "thi thu", "van hung", "minh khoa", "yen"],
    "words in another order": ["an nguyen", "huy dang", "lan pham ngoc", "nguyen an", "khoa le"],
    "ID prefix": ["079200", "0791970012", "079"],
    "no match": ["zzz", "nguyen xyz"],
}


async def load(settings: Settings, count: int) -> float:
    started = time.perf_counter()
    engine = create_engine(settings)
    now = datetime.now(UTC)
    athletes, entries, keys = [], [], []
    for i, p in enumerate(people(count), start=1):
        athletes.append(
            dict(
                id=i,
                full_name=p.full_name,
                full_name_folded=fold(p.full_name),
                gender=p.gender,
                birth_date=p.birth_date,
                team="",
                nation="VIE",
                created_at=now,
                kind="athlete",
                national_id=p.national_id,
                phone="",
                email="",
                address="",
                photo_sha="",
                guardian_name="",
                guardian_phone="",
                active=True,
            )
        )
        entries.append(dict(id=i, kind="person", ref_id=i, label=p.full_name, detail="", folded=fold(p.full_name)))
        keys.extend(dict(entry_id=i, rot=rot, key=key) for rot, key in entry_keys(p.full_name, ids=[p.national_id]))
    async with engine.begin() as conn:
        for table, rows in ((Athlete.__table__, athletes), (SearchEntry.__table__, entries), (SearchKey.__table__, keys)):
            for start in range(0, len(rows), 20_000):
                await conn.execute(insert(table), rows[start : start + 20_000])
    async with engine.begin() as conn:
        await conn.execute(text("ANALYZE"))
    await engine.dispose()
    print(f"  loaded {count:,} people, {len(keys):,} keys in {time.perf_counter() - started:.1f} s", flush=True)
    return time.perf_counter() - started


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def measure(settings: Settings, rounds: int) -> dict[str, list[float]]:
    engine = create_engine(settings)
    times: dict[str, list[float]] = {k: [] for k in QUERIES}
    async with session_factory(engine)() as session:
        for q in [q for qs in QUERIES.values() for q in qs]:  # warm-up: caches and prepared statements
            await search(session, q)
        for _ in range(rounds):
            for label, qs in QUERIES.items():
                for q in qs:
                    t0 = time.perf_counter()
                    await search(session, q)
                    times[label].append((time.perf_counter() - t0) * 1000)
    await engine.dispose()
    return times


async def pg_exec(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres", timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def pg_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def run_backend(name: str, count: int, rounds: int) -> tuple[float, dict[str, list[float]]]:
    tmp = Path(tempfile.mkdtemp(prefix="arena-bench-search-"))
    db = ""
    if name == "postgres":
        db = f"arena_bench_search_{secrets.token_hex(4)}"
        asyncio.run(pg_exec(f'CREATE DATABASE "{db}"'))
    settings = Settings(data_dir=tmp, database_url=f"{PG}/{db}" if db else "")
    try:
        upgrade(settings)
        load_s = asyncio.run(load(settings, count))
        return load_s, asyncio.run(measure(settings, rounds))
    finally:
        if db:
            asyncio.run(pg_exec(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))


def report(results: dict[str, tuple[float, dict[str, list[float]]]], count: int, rounds: int) -> str:
    lines = [
        stamp(f"bench/bench_search.py --people {count} --rounds {rounds}"),
        "",
        f"`athletes.search.search()` end to end (SQL + ranking, top 20) on {count:,} people; target p95 <= 20 ms.",
        "",
        "| backend | queries | p50 ms | p95 ms | p99 ms | max ms | load s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (load_s, times) in results.items():
        every = [t for ts in times.values() for t in ts]
        lines.append(
            f"| {name} | {len(every)} | {pct(every, 50):.2f} | {pct(every, 95):.2f} | {pct(every, 99):.2f} | {max(every):.2f} | {load_s:.0f} |"
        )
    lines += ["", "p95 ms by kind of query:", "", "| query kind | " + " | ".join(results) + " |", "| --- |" + " ---: |" * len(results)]
    for label in QUERIES:
        lines.append(f"| {label} | " + " | ".join(f"{pct(times[label], 95):.2f}" for _l, times in results.values()) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if args.backend == "both" and not pg_reachable():
        print("PostgreSQL is not reachable on 127.0.0.1:5432: measuring SQLite only", flush=True)
        backends = ["sqlite"]
    results: dict[str, Any] = {}
    for name in backends:
        print(f"{name}:", flush=True)
        results[name] = run_backend(name, args.people, args.rounds)
    body = report(results, args.people, args.rounds)
    print(f"## {TITLE}\n\n{body}")
    if not args.no_write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
