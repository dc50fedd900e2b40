"""Draw benchmark: a 512-entrant single-elimination bracket (16 seeds, 60 teams) drawn and resolved to the end with
random results, round by round. Run: ``.venv/bin/python bench/bench_draws.py``. Prints a Markdown section and replaces
the "Draws" section of bench/RESULTS.md. The floor is the bare cost of the same size of work in the same run:
``random.shuffle`` of 512 items plus building 511 tuples.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import stamp, write_section  # noqa: E402

from tournaments.draws import Draw, Entrant, Result, make_draw, resolve  # noqa: E402

TITLE = "Draws"
N, SEEDS, TEAMS, RUNS = 512, 16, 60, 15


def field(rnd: random.Random) -> list[Entrant]:
    return [Entrant(f"e{i}", team=f"t{rnd.randrange(TEAMS)}", seed=i + 1 if i < SEEDS else None) for i in range(N)]


def play(draw: Draw, rnd: random.Random) -> tuple[int, int]:
    """Resolve, give every ready match a random winner, again, until nothing is ready; (resolve calls, results)."""
    results: dict[str, Result] = {}
    calls = 0
    while True:
        state = resolve(draw, results)
        calls += 1
        ready = [k for k, m in state.matches.items() if m.ready]
        if not ready:
            assert state.finished and len(state.placements) == N
            return calls, len(results)
        for k in ready:
            results[k] = Result(winner=rnd.choice(("red", "blue")))


def floor_once(rnd: random.Random) -> float:
    items = list(range(N))
    start = time.perf_counter()
    random.shuffle(items)
    _ = [(items[i], items[i + 1] if i + 1 < N else None, i) for i in range(N - 1)]
    return time.perf_counter() - start


def bench() -> dict[str, float]:
    rnd = random.Random(2026)
    people = field(rnd)
    make_t, play_t, total_t, floor_t, one_t = [], [], [], [], []
    calls = results = 0
    for run in range(RUNS):
        seed = rnd.randbytes(32)
        a = time.perf_counter()
        draw = make_draw("single", people, seed)
        b = time.perf_counter()
        calls, results = play(draw, random.Random(run))
        c = time.perf_counter()
        make_t.append(b - a)
        play_t.append(c - b)
        total_t.append(c - a)
        floor_t.append(floor_once(rnd))
    full = {m.key: Result(winner="red") for m in draw.matches}
    # one resolve of a finished bracket (what the service does after each result)
    done: dict[str, Result] = {}
    while True:
        st = resolve(draw, done)
        ready = [k for k, m in st.matches.items() if m.ready]
        if not ready:
            break
        done.update({k: full[k] for k in ready})
    for _ in range(RUNS):
        a = time.perf_counter()
        resolve(draw, done)
        one_t.append(time.perf_counter() - a)
    return {
        "make": statistics.median(make_t),
        "play": statistics.median(play_t),
        "total": statistics.median(total_t),
        "floor": statistics.median(floor_t),
        "one": statistics.median(one_t),
        "calls": calls,
        "results": results,
    }


def report(r: dict[str, float]) -> str:
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    return "\n".join(
        [
            stamp("bench/bench_draws.py"),
            "",
            f"512 entrants, 16 seeds, 60 teams; median of {RUNS} runs. Target: draw + resolve to the end well under 1 s.",
            "",
            "| measurement | value |",
            "| --- | ---: |",
            f"| `make_draw` (seeds, byes, team separation, 511 matches) | {ms(r['make'])} |",
            f"| resolve to the end, round by round ({int(r['calls'])} `resolve` calls, {int(r['results'])} results) | {ms(r['play'])} |",
            f"| draw + resolve to the end | {ms(r['total'])} |",
            f"| one `resolve` of the finished bracket | {ms(r['one'])} |",
            f"| floor: `random.shuffle` of 512 + 511 tuples | {r['floor'] * 1e6:.0f} µs |",
            f"| draw + resolve to the end / floor | {r['total'] / r['floor']:,.0f}x |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    body = report(bench())
    print(f"## {TITLE}\n\n{body}")
    if not args.no_write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
