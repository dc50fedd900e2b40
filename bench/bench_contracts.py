"""Contracts benchmark: rendering, certification, party signatures (B-B and B-LT) and verification.

Run: ``.venv/bin/python bench/bench_contracts.py [--seconds 3]``. Prints a Markdown section and
replaces the "Contracts" section of bench/RESULTS.md. Target: >= 50 B-B signatures/s per core.
Keys are generated into a temporary directory at start (nothing secret is read or written here).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures" / "contracts"))
sys.path.insert(0, str(ROOT / "bench"))

from contracts_builders import ORDER, fully_signed, make_pki, prepared_contract  # noqa: E402
from contracts_samples import SAMPLES  # noqa: E402
from report import stamp, write_section  # noqa: E402

from contracts.documents import load_template  # noqa: E402
from contracts.fonts import stamp_font  # noqa: E402
from contracts.layout import build_layout  # noqa: E402
from contracts.render import render_pdf  # noqa: E402
from contracts.signing import SigningSetup, certify, certify_sync, sign_field  # noqa: E402
from contracts.verify import verify_pdf  # noqa: E402

TITLE = "Contracts"


ROUNDS = 3  # best of: the machine is shared, other people's tests steal the core now and then


def rate(step: Callable[[], object], seconds: float) -> float:
    step()  # warm caches (fonts, parsed keys, PdfSigner objects)
    best = 0.0
    for _ in range(ROUNDS):
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / ROUNDS:
            step()
            n += 1
        best = max(best, n / (time.perf_counter() - start))
    return best


def async_rate(make: Callable[[], object], seconds: float) -> float:
    """Like ``rate`` for a coroutine factory, inside one event loop (as a signing worker runs)."""

    async def run() -> float:
        await make()
        best = 0.0
        for _ in range(ROUNDS):
            n, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds / ROUNDS:
                await make()
                n += 1
            best = max(best, n / (time.perf_counter() - start))
        return best

    return asyncio.run(run())


def measure(seconds: float) -> dict[str, float]:
    pki = make_pki(Path(tempfile.mkdtemp(prefix="arena-bench-")))
    bb = SigningSetup(stamp_font())
    lt = SigningSetup(stamp_font(), validation_context=pki.validation_context())
    template, values = load_template("athlete_training"), SAMPLES["athlete_training"]
    prepared = prepared_contract()
    sent_bb, sent_lt = certify_sync(prepared, pki.department, bb), certify_sync(prepared, pki.department, lt)
    athlete = pki.signers["athlete"]
    signed = fully_signed(pki, bb)
    trust = pki.trust()

    async def whole_contract() -> bytes:
        pdf = await certify(render_pdf(build_layout(template, values)), pki.department, bb)
        for field in ORDER:
            pdf = await sign_field(pdf, field, pki.signers[field.split("_", 1)[1]], bb)
        return pdf

    return {
        "whole contract: render, certify, 3 party signatures (B-B)": async_rate(whole_contract, seconds),
        "render (layout + PDF + 3 fields)": rate(lambda: render_pdf(build_layout(template, values)), seconds),
        "certify, B-B": async_rate(lambda: certify(prepared, pki.department, bb), seconds),
        "party signature, B-B (visible Vietnamese stamp)": async_rate(lambda: sign_field(sent_bb, "Sig1_athlete", athlete, bb), seconds),
        "party signature, B-LT (CRLs embedded)": async_rate(lambda: sign_field(sent_lt, "Sig1_athlete", athlete, lt), seconds),
        "verify a 4-signature contract": rate(lambda: verify_pdf(signed, trust), seconds),
    }


def _parallel_worker(seconds: float, out: multiprocessing.Queue) -> None:
    pki = make_pki(Path(tempfile.mkdtemp(prefix="arena-bench-")))
    bb = SigningSetup(stamp_font())
    sent = certify_sync(prepared_contract(), pki.department, bb)
    out.put(async_rate(lambda: sign_field(sent, "Sig1_athlete", pki.signers["athlete"], bb), seconds))


def parallel(seconds: float, workers: int) -> float:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_parallel_worker, args=(seconds, queue)) for _ in range(workers)]
    for p in procs:
        p.start()
    total = sum(queue.get(timeout=120 + seconds) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    return total


def report(single: dict[str, float], total: float, workers: int, seconds: float) -> str:
    lines = [
        stamp(f"bench/bench_contracts.py --seconds {seconds:g}"),
        "",
        "One process (one core), athlete training contract (2 pages), EC P-256 keys parsed once, "
        "`PdfSigner` reused, signature size reserved (no dry run); best of 3 rounds; "
        f"load average at start {os.getloadavg()[0]:.2f} (a shared machine):",
        "",
        "| operation | per second |",
        "| --- | ---: |",
    ]
    lines += [f"| {name} | {value:,.1f} |" for name, value in single.items()]
    lines += [
        "",
        f"{workers} processes signing at once (B-B): {total:,.1f} signatures/s in total, "
        f"{total / workers:,.1f} per core. Target: >= 50 B-B signatures/s per core.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    body = report(measure(args.seconds), parallel(args.seconds, workers), workers, args.seconds)
    print(f"## {TITLE}\n\n{body}")
    if not args.no_write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
