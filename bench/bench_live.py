"""Live hub benchmark: press -> scoreboard latency with 1, 100 and 500 scoreboard sockets on one
contest, and durable (committed-before-ack) events per second. Runs a real ``arena serve`` process
(pinned to core 0 when taskset exists) and a websockets client (pinned to core 1); replaces the
"Live scoring" section of bench/RESULTS.md. Targets: server share p99 <= 20 ms at 500 viewers,
>= 500 durable events/s."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from arena_builders import ServerProcess, build_contest, pair_tablet, venue_setup  # noqa: E402
from report import stamp, write_section  # noqa: E402


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def viewer(url: str, seen: dict[int, float], ready: asyncio.Event, counter: list[int], total: int, stop: asyncio.Event) -> None:
    async with websockets.connect(url, max_size=None, ping_interval=None) as ws:
        await ws.recv()  # snapshot
        counter[0] += 1
        if counter[0] == total:
            ready.set()
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=0.5)
            except TimeoutError:
                continue
            now = time.perf_counter()
            message = json.loads(raw)
            envelope = message.get("changes", {}).get("envelope") if message["type"] == "delta" else None
            if envelope:
                seen.setdefault(envelope["last_seq"], now)  # first arrival at this viewer
                seen[-envelope["last_seq"]] = now


async def latency_run(server: ServerProcess, arena, viewers: int, presses: int, interval: float) -> dict[str, float]:
    setup = fresh_bout(arena)
    token = pair_tablet(arena, setup.panel_id, "J1")
    base = f"ws://127.0.0.1:{server.port}"
    ready, stop = asyncio.Event(), asyncio.Event()
    counter = [0]
    per_viewer = [dict() for _ in range(viewers)]
    tasks = [
        asyncio.create_task(viewer(f"{base}/ws/fop/{setup.fop_id}", per_viewer[i], ready, counter, viewers, stop)) for i in range(viewers)
    ]
    await asyncio.wait_for(ready.wait(), timeout=120)
    sent: dict[int, float] = {}
    acks: list[float] = []
    arena.client.delete("/api/metrics/live", headers=arena.as_role("admin"))
    cpu0 = cpu_seconds(server.proc.pid)
    async with websockets.connect(f"{base}/ws/judge?seat_token={token}", ping_interval=None) as ws:
        await ws.recv(), await ws.recv()  # hello, snapshot
        for seq in range(1, presses + 1):
            t0 = time.perf_counter()
            await ws.send(
                json.dumps(
                    {
                        "type": "press",
                        "epoch": "bench",
                        "seq": seq,
                        "side": "red",
                        "value": str(seq % 5 + 1),
                        "contest_id": setup.contest_id,
                    }
                )
            )
            while True:
                message = json.loads(await ws.recv())
                if message["type"] == "ack":
                    break
            acks.append(time.perf_counter() - t0)
            sent[message["event_seq"]] = t0
            await asyncio.sleep(interval)
    await asyncio.sleep(1.0)
    cpu = cpu_seconds(server.proc.pid) - cpu0
    meter = arena.ok(arena.get("/api/metrics/live", role="referee"))
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    every, last = [], []
    for event_seq, t0 in sent.items():
        arrivals = [seen[event_seq] - t0 for seen in per_viewer if event_seq in seen]
        every += arrivals
        if len(arrivals) == viewers:
            last.append(max(arrivals))
    delivered = len(every) / (len(sent) * viewers)
    ms = 1000.0
    return {
        "viewers": viewers,
        "presses": len(sent),
        "delivered": delivered,
        "ack_p50": pct(acks, 0.5) * ms,
        "ack_p99": pct(acks, 0.99) * ms,
        "all_p50": pct(every, 0.5) * ms,
        "all_p99": pct(every, 0.99) * ms,
        "last_p50": pct(last, 0.5) * ms,
        "last_p99": pct(last, 0.99) * ms,
        "server_cpu": cpu,
        "server_last_p50": meter["last_socket_ms"]["p50"],
        "server_last_p99": meter["last_socket_ms"]["p99"],
    }


def fresh_bout(arena):
    """A new bout for each run, so every run starts from an empty log."""
    setup = build_contest(arena)
    for command in ("start_contest", "start_round", "start_clock"):
        arena.command(setup.contest_id, command, role="referee")
    return setup


async def durable_run(server: ServerProcess, arena, judges: int, seconds: float) -> dict[str, float]:
    setup = fresh_bout(arena)
    seats = ["J1", "J2", "J3"][:judges]
    tokens = [pair_tablet(arena, setup.panel_id, s) for s in seats]
    base = f"ws://127.0.0.1:{server.port}"
    counts = [0] * judges
    deadline = time.perf_counter() + seconds

    async def judge(i: int) -> None:
        async with websockets.connect(f"{base}/ws/judge?seat_token={tokens[i]}", ping_interval=None) as ws:
            await ws.recv(), await ws.recv()
            seq = 0
            while time.perf_counter() < deadline:
                seq += 1
                await ws.send(
                    json.dumps(
                        {"type": "press", "epoch": f"d{i}", "seq": seq, "side": "blue", "value": "1", "contest_id": setup.contest_id}
                    )
                )
                while json.loads(await ws.recv())["type"] != "ack":
                    pass
                counts[i] += 1

    start = time.perf_counter()
    await asyncio.gather(*(judge(i) for i in range(judges)))
    elapsed = time.perf_counter() - start
    return {"judges": judges, "events": sum(counts), "per_s": sum(counts) / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between presses")
    parser.add_argument("--viewers", default="1,100,500")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if shutil.which("taskset") and os.cpu_count() and os.cpu_count() > 1:
        os.sched_setaffinity(0, {1})
    data_dir = Path(tempfile.mkdtemp(prefix="arena-bench-"))
    # Every viewer here comes from 127.0.0.1: the public caps (docs/security.md) would refuse all
    # but 20 of them; this measures the fan-out itself, so they are off.
    os.environ["ARENA_PUBLIC_SOCKETS_PER_ADDRESS"] = "0"
    os.environ["ARENA_PUBLIC_SOCKETS_PER_FIELD"] = "0"
    server = ServerProcess(data_dir / "var")
    server.start()
    if shutil.which("taskset") and os.cpu_count() and os.cpu_count() > 1:
        os.system(f"taskset -a -p -c 0 {server.proc.pid} > /dev/null")
    try:
        _tokens, _setup, arena = venue_setup(server)
        client_cpu0 = time.process_time()
        runs = [asyncio.run(latency_run(server, arena, int(v), args.presses, args.interval)) for v in args.viewers.split(",")]
        durable = [asyncio.run(durable_run(server, arena, j, 5.0)) for j in (1, 3)]
        client_cpu = time.process_time() - client_cpu0
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    rows = "\n".join(
        f"| {r['viewers']} | {r['presses']} | {r['delivered']:.1%} | {r['ack_p50']:.1f} / {r['ack_p99']:.1f} | "
        f"**{r['server_last_p50']:.1f} / {r['server_last_p99']:.1f}** | "
        f"{r['all_p50']:.1f} / {r['all_p99']:.1f} | {r['last_p50']:.1f} / {r['last_p99']:.1f} | {r['server_cpu']:.1f} s |"
        for r in runs
    )
    drows = "\n".join(f"| {d['judges']} | {d['events']} | {d['per_s']:.0f} |" for d in durable)
    body = f"""{stamp("bench/bench_live.py")}

Server: `arena serve` (uvicorn, websockets-sansio, SQLite WAL synchronous=FULL) pinned to core 0; client (this
script, websockets) pinned to core 1. One judge presses every {args.interval * 1000:.0f} ms; each press is
committed before its ack; every scoreboard socket receives the numbered delta. Client CPU for all runs:
{client_cpu:.1f} s.

"Server share" is measured inside the server (`GET /api/metrics/live`): from the moment the hub
starts appending the press to the moment its delta has been written to every scoreboard socket. The
client columns add the client's own receive loop (500 sockets on one core).

| scoreboards | presses | delivered | ack p50 / p99 ms | server share, last socket p50 / p99 ms | client: any scoreboard p50 / p99 ms | client: last scoreboard p50 / p99 ms | server CPU |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{rows}

Durable events per second (each acknowledged only after its commit; judges press back to back for 5 s):

| judges | events | events/s |
| ---: | ---: | ---: |
{drows}
"""
    print(body)
    if not args.no_write:
        write_section("Live scoring", body)


if __name__ == "__main__":
    main()
