"""Rule-engine benchmark: score 100,000 dives, fold a 10,000-press bout (whole log, and one event
at a time as the live hub does). Run: ``.venv/bin/python bench/bench_rules.py``. Prints a Markdown
section and replaces the "Rule engine" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import stamp, write_section  # noqa: E402

from scoring.rules import ContestFold, LogEvent, load_ruleset, score_contest  # noqa: E402
from scoring.rules.panel import score_panel  # noqa: E402

TITLE = "Rule engine"
T0 = datetime(2025, 5, 17, 9, tzinfo=UTC)


def bench_dives(n: int = 100_000) -> float:
    panel = load_ruleset("diving-individual-7@2025").panel
    assert panel is not None
    rnd = random.Random(7)
    awards = [Decimal(k) / 2 for k in range(21)]
    dives = [({"E": {f"J{j}": rnd.choice(awards) for j in range(1, 8)}}, {"dd": Decimal(rnd.randint(12, 41)) / 10}) for _ in range(n)]
    start = time.perf_counter()
    for marks, params in dives:
        score_panel(panel, marks, params)
    return time.perf_counter() - start


def bout_log(presses: int = 10_000) -> list[LogEvent]:
    rnd = random.Random(11)
    events = [LogEvent(1, "contest_created", {"ruleset": "taekwondo-wt", "params": {}}, T0), LogEvent(2, "round_started", {"round": 1}, T0)]
    t = 0.0
    for _ in range(presses):
        t += rnd.random() * 0.3
        data = {"seat": f"J{rnd.randint(1, 3)}", "side": rnd.choice(["red", "blue"]), "value": str(rnd.randint(1, 5))}
        events.append(LogEvent(len(events) + 1, "press", data, T0 + timedelta(seconds=round(t, 3))))
    return events


def bench_bout(events: list[LogEvent]) -> dict[str, float]:
    rs = load_ruleset("taekwondo-wt")
    start = time.perf_counter()
    score_contest(rs, events)
    full = time.perf_counter() - start
    fold = ContestFold(rs)
    apply_times, result_times = [], []
    for ev in events:
        a = time.perf_counter()
        fold.apply(ev)
        b = time.perf_counter()
        fold.result()
        c = time.perf_counter()
        apply_times.append(b - a)
        result_times.append(c - b)
    tail = slice(-1000, None)  # the last 1,000 events: the log is at its longest
    return {
        "full": full,
        "apply_p50": statistics.median(apply_times),
        "apply_p99": sorted(apply_times)[int(len(apply_times) * 0.99)],
        "result_last_p50": statistics.median(result_times[tail]),
        "result_last_max": max(result_times[tail]),
    }


def report(dives_s: float, n_dives: int, bout: dict[str, float], presses: int) -> str:
    us = lambda s: f"{s * 1e6:,.1f}"  # noqa: E731
    return "\n".join(
        [
            stamp("bench/bench_rules.py"),
            "",
            "| measurement | value |",
            "| --- | ---: |",
            f"| score {n_dives:,} dives (7 judges, drop 2+2, x DD) | {dives_s:.2f} s ({dives_s / n_dives * 1e6:.1f} µs/dive) |",
            f"| fold a {presses:,}-press bout, whole log (`score_contest`) | {bout['full'] * 1000:.0f} ms |",
            f"| incremental fold, one event (`ContestFold.apply`) p50 / p99 | {us(bout['apply_p50'])} / {us(bout['apply_p99'])} µs |",
            f"| build the ContestScore after an event, last 1,000 events, p50 / max | {bout['result_last_p50'] * 1000:.2f} / {bout['result_last_max'] * 1000:.2f} ms |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    n_dives, presses = 100_000, 10_000
    body = report(bench_dives(n_dives), n_dives, bench_bout(bout_log(presses)), presses)
    print(f"## {TITLE}\n\n{body}")
    if not args.no_write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
