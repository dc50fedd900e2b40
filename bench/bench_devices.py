"""Benchmark of the judge-device path: codec throughput, keypad press -> server latency, and keypad
press -> scoreboard latency through the bridge and a real ``arena serve`` process.

Run: ``.venv/bin/python bench/bench_devices.py [--presses 200] [--venue-presses 100]``. Prints a
Markdown section and replaces the "Devices" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from arena_builders import PASSWORD, ServerProcess, venue_setup  # noqa: E402
from report import stamp, write_section  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402
from websockets.asyncio.server import serve  # noqa: E402

from devices.bridge import Bridge, BridgeConfig, run_bridge  # noqa: E402
from devices.keymap import DEFAULT_KEYMAP  # noqa: E402
from devices.local import run_local_ports  # noqa: E402
from devices.outbox import AsyncPressQueue  # noqa: E402
from devices.protocol import Decoder, Heartbeat, Press, encode  # noqa: E402
from devices.simscript import Simulator  # noqa: E402
from devices.transport import PortSpec  # noqa: E402

BAUD = 115200
TITLE = "Devices"


def codec_throughput(frames: int = 200_000, chunk: int = 64) -> dict[str, float]:
    events = [Press("KP-01", 7, n + 1, n * 10, 0x02) if n % 4 else Heartbeat("KP-01", 7, n + 1, n * 10, 90, -60) for n in range(frames)]
    wire = b"".join(encode(e) for e in events)
    press_frame = len(encode(events[1]))
    line_capacity = BAUD / 10 / press_frame  # 8N1: 10 bits on the line per byte
    results = {}
    for label, size in (("whole stream", len(wire)), (f"{chunk}-byte reads", chunk), ("frame-sized reads", press_frame)):
        decoder = Decoder()
        start = time.perf_counter()
        count = 0
        for at in range(0, len(wire), size):
            count += len(decoder.feed(wire[at : at + size]))
        elapsed = time.perf_counter() - start
        assert count == frames and decoder.rejected == 0
        results[label] = frames / elapsed
    sample = events[:50_000]
    start = time.perf_counter()
    for e in sample:
        encode(e)
    results["encode"] = len(sample) / (time.perf_counter() - start)
    results["line_capacity"] = line_capacity
    results["press_frame_bytes"] = press_frame
    return results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def bridge_latency(presses: int, gap: float) -> dict[str, list[float]]:
    """Press on a pty keypad -> bridge -> websocket server receives it; and -> ack back in the outbox."""
    received: dict[int, float] = {}

    async def handler(ws) -> None:
        async for text in ws:
            msg = json.loads(text)
            if msg["type"] == "press":
                received[msg["seq"]] = time.monotonic()
                await ws.send(
                    json.dumps({"type": "ack", "device": msg["device"], "epoch": msg["epoch"], "seq": msg["seq"], "duplicate": False})
                )

    with tempfile.TemporaryDirectory() as tmp, Simulator(1, Path(tmp) / "pty") as sim:
        server = await serve(handler, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        outbox = AsyncPressQueue(Path(tmp) / "outbox.db")
        stop = asyncio.Event()
        bridge = Bridge(BridgeConfig(f"http://127.0.0.1:{port}", "t"), outbox)
        task = asyncio.create_task(
            run_bridge(bridge.config, [PortSpec(path=str(sim.links()["KP-01"]))], DEFAULT_KEYMAP, outbox, stop, bridge=bridge)
        )
        await asyncio.to_thread(sim.wait_opened, 5.0)
        while not bridge.status.connected:
            await asyncio.sleep(0.01)
        sent: dict[int, float] = {}
        acked: list[float] = []
        keypad = sim.keypads["KP-01"]
        for n in range(presses):
            before_acks = bridge.status.acked
            t0 = time.monotonic()
            seq = await asyncio.to_thread(keypad.press, "RED_1" if n % 2 else "BLUE_1")
            sent[seq] = t0
            while bridge.status.acked == before_acks:
                await asyncio.sleep(0.0005)
            acked.append(time.monotonic() - t0)
            await asyncio.sleep(gap)
        stop.set()
        await task
        outbox.close()
        server.close()
        await server.wait_closed()
    return {"server": [received[s] - t for s, t in sent.items()], "ack": acked}


async def local_latency(presses: int, gap: float) -> list[float]:
    """Press on a pty keypad -> ``run_local_ports`` submit callback (the one-laptop venue path)."""
    got: dict[int, float] = {}

    async def submit(press) -> None:
        got[press.seq] = time.monotonic()

    async def on_state(state) -> None:
        return None

    with tempfile.TemporaryDirectory() as tmp, Simulator(1, Path(tmp) / "pty") as sim:
        stop = asyncio.Event()
        task = asyncio.create_task(run_local_ports([str(sim.links()["KP-01"])], DEFAULT_KEYMAP, submit, on_state, stop))
        await asyncio.to_thread(sim.wait_opened, 5.0)
        sent = {}
        for n in range(presses):
            t0 = time.monotonic()
            seq = await asyncio.to_thread(sim.keypads["KP-01"].press, "RED_1" if n % 2 else "BLUE_1")
            sent[seq] = t0
            while seq not in got:
                await asyncio.sleep(0.0005)
            await asyncio.sleep(gap)
        stop.set()
        await task
    return [got[s] - t for s, t in sent.items()]


class Scoreboard:
    """Follows ``/ws/fop/{id}`` and notes when the contest's ``envelope.last_seq`` first advances."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.last_seq = -1
        self.seen_at = 0.0
        self.ready = asyncio.Event()

    async def follow(self) -> None:
        async with connect(self.url, max_size=None, ping_interval=None) as ws:
            async for text in ws:
                now = time.monotonic()
                message = json.loads(text)
                if message["type"] == "snapshot":
                    envelope = (message.get("state") or {}).get("envelope") or {}
                    self.last_seq = envelope.get("last_seq", 0)
                    self.ready.set()
                elif message["type"] == "delta":
                    envelope = (message.get("changes") or {}).get("envelope")
                    if envelope and envelope["last_seq"] > self.last_seq:
                        self.last_seq, self.seen_at = envelope["last_seq"], now


def venue_bout(server: ServerProcess) -> tuple[str, int]:
    """Device token, and the fop of a running bout with keypads KP-01..03 assigned to seats J1..J3."""
    _tokens, setup, arena = venue_setup(server)
    server.cli("user", "create", "bridge", "--role", "device", "--password", PASSWORD)
    device_token = server.cli("token", "create", "bridge")
    for command in ("start_contest", "start_round", "start_clock"):
        arena.command(setup.contest_id, command, role="referee")
    for n in (1, 2, 3):
        arena.ok(
            arena.client.put(
                f"/api/devices/KP-0{n}/assignment", json={"panel_id": setup.panel_id, "seat": f"J{n}"}, headers=arena.as_role("referee")
            )
        )
    arena.client.close()
    return device_token, setup.fop_id


async def venue_latency(
    server: ServerProcess, device_token: str, fop_id: int, presses: int, gap: float, tmp: Path
) -> dict[str, list[float]]:
    """Keypad frame written -> bridge -> real server (event committed) -> scoreboard delta; and -> ack."""
    board = Scoreboard(f"ws://127.0.0.1:{server.port}/ws/fop/{fop_id}")
    follower = asyncio.create_task(board.follow())
    await asyncio.wait_for(board.ready.wait(), 10)
    with Simulator(3, tmp / "pty") as sim:
        outbox = AsyncPressQueue(tmp / "outbox.db")
        stop = asyncio.Event()
        bridge = Bridge(BridgeConfig(server.base, device_token, name="bench-laptop"), outbox)
        ports = [PortSpec(path=str(p)) for p in sim.links().values()]
        task = asyncio.create_task(run_bridge(bridge.config, ports, DEFAULT_KEYMAP, outbox, stop, bridge=bridge))
        await asyncio.to_thread(sim.wait_opened, 5.0)
        while not bridge.status.connected:
            await asyncio.sleep(0.01)
        scoreboard: list[float] = []
        acked: list[float] = []
        keypad = sim.keypads["KP-01"]
        first_seq = board.last_seq
        for n in range(presses):
            before_seq, before_acks = board.last_seq, bridge.status.acked
            t0 = time.monotonic()
            await asyncio.to_thread(keypad.press, "RED_1" if n % 2 else "BLUE_1")
            ack_at = None
            while board.last_seq == before_seq or ack_at is None:
                if ack_at is None and bridge.status.acked != before_acks:
                    ack_at = time.monotonic()  # polled every 0.5 ms
                if time.monotonic() - t0 > 10:
                    raise RuntimeError(f"press {n + 1}: no scoreboard delta or ack within 10 s ({bridge.status})")
                await asyncio.sleep(0.0005)
            scoreboard.append(board.seen_at - t0)
            acked.append(ack_at - t0)
            await asyncio.sleep(gap)
        await asyncio.sleep(0.5)
        if board.last_seq - first_seq != presses:  # one event per press, and nothing else in between
            raise RuntimeError(f"{presses} presses but the log grew by {board.last_seq - first_seq} events")
        stop.set()
        await task
        outbox.close()
    follower.cancel()
    await asyncio.gather(follower, return_exceptions=True)
    return {"scoreboard": scoreboard, "ack": acked}


def real_server_latency(presses: int, gap: float) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "data").start()
        try:
            device_token, fop_id = venue_bout(server)
            return asyncio.run(venue_latency(server, device_token, fop_id, presses, gap, Path(tmp)))
        finally:
            server.stop()


def ms(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.2f}"


def report(
    codec: dict[str, float],
    lat: dict[str, list[float]],
    local: list[float],
    presses: int,
    venue: dict[str, list[float]],
    venue_presses: int,
    venue_gap: float,
) -> str:
    target = 100 * codec["line_capacity"]
    lines = [
        stamp(f"bench/bench_devices.py --presses {presses} --venue-presses {venue_presses}"),
        "",
        f"Codec (a press frame is {codec['press_frame_bytes']:.0f} bytes; a {BAUD}-baud line carries "
        f"{codec['line_capacity']:.0f} frames/s; target >= 100x = {target:,.0f} frames/s):",
        "",
        "| operation | frames/s | x line capacity |",
        "| --- | ---: | ---: |",
    ]
    for label in ("whole stream", "64-byte reads", "frame-sized reads", "encode"):
        lines.append(
            f"| decode, {label} | {codec[label]:,.0f} | {codec[label] / codec['line_capacity']:,.0f} |"
            if label != "encode"
            else f"| encode | {codec[label]:,.0f} | {codec[label] / codec['line_capacity']:,.0f} |"
        )
    lines += [
        "",
        f"Latency over real ptys and pyserial ({presses} presses, one at a time; server in the same process):",
        "",
        "| path | p50 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
        f"| keypad press -> local submit (`arena serve --device`) | {ms(local, 50)} | {ms(local, 99)} | {ms(local, 100)} |",
        f"| keypad press -> server receives (bridge, websocket) | {ms(lat['server'], 50)} | {ms(lat['server'], 99)} | {ms(lat['server'], 100)} |",
        f"| keypad press -> ack back, outbox settled | {ms(lat['ack'], 50)} | {ms(lat['ack'], 99)} | {ms(lat['ack'], 100)} |",
        "",
        f"Through the real server: `arena serve` (uvicorn, SQLite WAL) in its own process; bridge, 3 pty "
        f"keypads and one scoreboard socket (`/ws/fop/{{id}}`) in this process; a running taekwondo bout, "
        f"KP-01..03 assigned to J1..J3; {len(venue['scoreboard'])} presses from KP-01, one every "
        f"{venue_gap * 1000:.0f} ms. Timed from the keypad frame write to the scoreboard delta whose "
        f"`envelope.last_seq` advances (each accepted press appends one committed event):",
        "",
        "| path | p50 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
        f"| keypad press -> scoreboard delta (bridge, real server) | {ms(venue['scoreboard'], 50)} | "
        f"{ms(venue['scoreboard'], 99)} | {ms(venue['scoreboard'], 100)} |",
        f"| keypad press -> ack back to the bridge (real server) | {ms(venue['ack'], 50)} | "
        f"{ms(venue['ack'], 99)} | {ms(venue['ack'], 100)} |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--gap", type=float, default=0.02, help="seconds between presses")
    parser.add_argument("--venue-presses", type=int, default=100, help="presses through the real server")
    parser.add_argument("--venue-gap", type=float, default=0.1, help="seconds between presses through the real server")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    codec = codec_throughput()
    local = asyncio.run(local_latency(args.presses, args.gap))
    lat = asyncio.run(bridge_latency(args.presses, args.gap))
    venue = real_server_latency(args.venue_presses, args.venue_gap)
    body = report(codec, lat, local, args.presses, venue, args.venue_presses, args.venue_gap)
    print(f"## {TITLE}\n\n{body}")
    if not args.no_write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
