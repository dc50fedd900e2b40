"""Order-of-competition benchmark: plan 8 fields x 300 contests (2,400 items in single-elimination
brackets of 8-32 athletes, winners-of dependencies, 20 min rest, rounds in order, lighter first) and
compare with its floor in the same run: sorting the items by (round, key) and dealing them round-robin
to the fields with start times, the bare cost of producing a timetable.
Run: ``.venv/bin/python bench/bench_schedule.py``. Prints a Markdown section and replaces the
"Order of competition" section of bench/RESULTS.md (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import stamp, write_section  # noqa: E402

from tournaments.schedule import Item, Rules, Session, check, plan  # noqa: E402

TITLE = "Order of competition"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIELDS = 8
PER_FIELD = 300


def bracket(cat: str, size: int, weight_rank: int, duration_s: int) -> list[Item]:
    """Single elimination with byes: ``size - 1`` contests; round 1 only where both sides are known."""
    slots = 1
    while slots < size:
        slots *= 2
    entrants: list[str | None] = [f"{cat}:A{n}" for n in range(size)] + [None] * (slots - size)
    order = list(range(slots))
    # seed pairs: 0 vs last, 1 vs last-1, ... so byes fall to the top seeds
    side: list[tuple[str | None, str | None]] = []  # (athlete, item) per slot of the next round
    items: list[Item] = []
    for m in range(slots // 2):
        a, b = entrants[order[m]], entrants[order[slots - 1 - m]]
        if a is not None and b is not None:
            key = f"{cat}/R1-{m + 1}"
            items.append(Item(key, duration_s, frozenset({a, b}), (), cat, 1, weight_rank))
            side.append((None, key))
        else:
            side.append((a or b, None))
    rnd = 2
    while len(side) > 1:
        nxt: list[tuple[str | None, str | None]] = []
        for m in range(len(side) // 2):
            (a1, k1), (a2, k2) = side[2 * m], side[2 * m + 1]
            key = f"{cat}/R{rnd}-{m + 1}"
            athletes = frozenset(x for x in (a1, a2) if x is not None)
            items.append(Item(key, duration_s, athletes, tuple(k for k in (k1, k2) if k is not None), cat, rnd, weight_rank))
            nxt.append((None, key))
        side = nxt
        rnd += 1
    return items


def competition(seed: int = 5, fields: int = FIELDS, per_field: int = PER_FIELD) -> tuple[list[Item], list[Session]]:
    rnd = random.Random(seed)
    items: list[Item] = []
    cat = 0
    target = fields * per_field
    while len(items) < target:
        size = min(rnd.randint(8, 32), target - len(items) + 1)
        if size < 2:
            break
        cat += 1
        items += bracket(f"C{cat:03d}", size, cat % 10, 6 * 60)
    sessions: list[Session] = []
    for f in range(1, fields + 1):
        for day in range(5):
            base = datetime(2026, 12, 10 + day, tzinfo=VN)
            for name, a, b in (("Sáng", (8, 0), (12, 0)), ("Chiều", (13, 30), (17, 30)), ("Tối", (19, 0), (22, 0))):
                sessions.append(
                    Session(
                        f"F{f}-D{day}-{name}",
                        f"Thảm {f}",
                        f"{name} {10 + day}/12",
                        base.replace(hour=a[0], minute=a[1]),
                        base.replace(hour=b[0], minute=b[1]),
                    )
                )
    return items, sessions


def floor(items: list[Item], sessions: list[Session]) -> list[tuple[str, str, datetime, datetime]]:
    """Sort by (round, key), deal round-robin to the fields, times from each field's first session."""
    fields = sorted({s.field for s in sessions})
    start = {f: min(s.start for s in sessions if s.field == f) for f in fields}
    out: list[tuple[str, str, datetime, datetime]] = []
    for n, it in enumerate(sorted(items, key=lambda x: (x.round, x.key))):
        f = fields[n % len(fields)]
        a = start[f]
        b = a + timedelta(seconds=it.duration_s)
        start[f] = b
        out.append((it.key, f, a, b))
    return out


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    items, sessions = competition()
    rules = Rules(min_rest_s=20 * 60, lighter_first=True)
    result = plan(items, sessions, rules)
    conflicts = check(result, items, rules)
    plan_t = statistics.median(timed(lambda: plan(items, sessions, rules), args.repeat))
    floor_t = statistics.median(timed(lambda: floor(items, sessions), args.repeat))
    check_t = statistics.median(timed(lambda: check(result, items, rules), 3))
    last = max(s.end for s in result.slots)
    body = "\n".join(
        [
            stamp("bench/bench_schedule.py"),
            "",
            "| measurement | value |",
            "| --- | ---: |",
            f"| items (brackets of 8-32, winners-of dependencies) / fields | {len(items):,} / {FIELDS} |",
            f"| `plan` median of {args.repeat} | {plan_t * 1000:.0f} ms |",
            f"| floor: sort by (round, key) + round-robin times, median | {floor_t * 1000:.1f} ms |",
            f"| ratio plan / floor | {plan_t / floor_t:.0f}x |",
            f"| `check` of the plan, median of 3 | {check_t * 1000:.0f} ms |",
            f"| placed / unplaced / conflicts found by `check` | {len(result.slots):,} / {len(result.unplaced)} / {len(conflicts)} |",
            f"| last contest ends | {last.astimezone(VN):%d/%m %H:%M} |",
            "",
        ]
    )
    print(f"## {TITLE}\n\n{body}")
    if not args.no_write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
