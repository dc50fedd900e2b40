"""Benchmark of the judge-device path: codec throughput and keypad press -> server latency.

Run: ``.venv/bin/python bench/bench_devices.py [--presses 200]``. Prints a Markdown section and
replaces the "Devices" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from websockets.asyncio.server import serve  # noqa: E402

from devices.bridge import Bridge, BridgeConfig, run_bridge  # noqa: E402
from devices.keymap import DEFAULT_KEYMAP  # noqa: E402
from devices.local import run_local_ports  # noqa: E402
from devices.outbox import AsyncPressQueue  # noqa: E402
from devices.protocol import Decoder, Heartbeat, Press, encode  # noqa: E402
from devices.simscript import Simulator  # noqa: E402
from devices.transport import PortSpec  # noqa: E402

BAUD = 115200
SECTION = "## Devices"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.machine()}, {model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def codec_throughput(frames: int = 200_000, chunk: int = 64) -> dict[str, float]:
    events = [
        Press("KP-01", 7, n + 1, n * 10, 0x02) if n % 4 else Heartbeat("KP-01", 7, n + 1, n * 10, 90, -60)
        for n in range(frames)
    ]
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
                await ws.send(json.dumps({"type": "ack", "device": msg["device"], "epoch": msg["epoch"],
                                          "seq": msg["seq"], "duplicate": False}))

    with tempfile.TemporaryDirectory() as tmp, Simulator(1, Path(tmp) / "pty") as sim:
        server = await serve(handler, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        outbox = AsyncPressQueue(Path(tmp) / "outbox.db")
        stop = asyncio.Event()
        bridge = Bridge(BridgeConfig(f"http://127.0.0.1:{port}", "t"), outbox)
        task = asyncio.create_task(run_bridge(bridge.config, [PortSpec(path=str(sim.links()["KP-01"]))],
                                              DEFAULT_KEYMAP, outbox, stop, bridge=bridge))
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


def ms(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.2f}"


def report(codec: dict[str, float], lat: dict[str, list[float]], local: list[float], presses: int) -> str:
    target = 100 * codec["line_capacity"]
    lines = [
        SECTION,
        "",
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {machine()}; `bench/bench_devices.py --presses {presses}`",
        "",
        f"Codec (a press frame is {codec['press_frame_bytes']:.0f} bytes; a {BAUD}-baud line carries "
        f"{codec['line_capacity']:.0f} frames/s; target >= 100x = {target:,.0f} frames/s):",
        "",
        "| operation | frames/s | x line capacity |",
        "| --- | ---: | ---: |",
    ]
    for label in ("whole stream", "64-byte reads", "frame-sized reads", "encode"):
        lines.append(f"| decode, {label} | {codec[label]:,.0f} | {codec[label] / codec['line_capacity']:,.0f} |"
                     if label != "encode" else
                     f"| encode | {codec[label]:,.0f} | {codec[label] / codec['line_capacity']:,.0f} |")
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
    ]
    return "\n".join(lines)


def write_results(section: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    start = text.find(SECTION + "\n")
    if start >= 0:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n" + text[end + 1 :] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--gap", type=float, default=0.02, help="seconds between presses")
    args = parser.parse_args()
    codec = codec_throughput()
    local = asyncio.run(local_latency(args.presses, args.gap))
    lat = asyncio.run(bridge_latency(args.presses, args.gap))
    section = report(codec, lat, local, args.presses)
    print(section)
    write_results(section)


if __name__ == "__main__":
    main()
