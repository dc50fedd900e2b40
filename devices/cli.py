"""``arena devices ...``: list serial ports, run the keypad bridge, simulate keypads on ptys, read
a weigh-in scale.

The lead mounts ``devices`` (a click group) into the ``arena`` CLI.
"""

from __future__ import annotations

import asyncio
import glob
import logging
import random
import socket
import threading
from pathlib import Path

import click
from rich.console import Console
from rich.live import Live
from rich.logging import RichHandler
from rich.table import Table
from serial.tools import list_ports

from devices.bridge import Bridge, BridgeConfig, devices_url, run_bridge
from devices.errors import DeviceConfigError
from devices.intake import PortMode
from devices.keymap import DEFAULT_KEYMAP, Keymap, parse_keymap
from devices.lines import LineRule, parse_line_rules
from devices.outbox import AsyncPressQueue
from devices.scale import Reading
from devices.simscript import ScriptStep, Simulator, parse_script, run_random, run_script
from devices.simulator import Faults
from devices.transport import BAUD_RATES, PortSpec

console = Console(stderr=True)


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False)],
        force=True,
    )


def _keymap(path: Path | None) -> Keymap:
    if path is None:
        return DEFAULT_KEYMAP
    try:
        return parse_keymap(path.read_text(encoding="utf-8"), str(path))
    except DeviceConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--keymap") from None


@click.group("devices")
def devices() -> None:
    """Judge keypads and weigh-in scales over serial/USB: list ports, run the bridge, simulate keypads, read a scale."""


@devices.command("ports")
def ports() -> None:
    """List serial ports with their USB ids (use usb:VID:PID[:SERIAL] to survive replugging)."""
    table = Table("port", "usb id", "serial number", "description")
    for info in sorted(list_ports.comports(), key=lambda i: i.device):
        usb = f"usb:{info.vid:04x}:{info.pid:04x}" if info.vid is not None else "-"
        table.add_row(info.device, usb, info.serial_number or "-", info.description or "-")
    if table.row_count:
        Console().print(table)
    else:
        click.echo("No serial ports found.")


def _specs(port: tuple[str, ...], line_port: tuple[str, ...], baud: int, low_latency: bool) -> list[PortSpec]:
    specs = []
    for mode, names in ((PortMode.FRAMES, port), (PortMode.LINES, line_port)):
        for name in names:
            # A glob such as /tmp/arena-keypads/KP-* is expanded once, at start.
            for each in sorted(glob.glob(name)) if "*" in name else [name]:
                try:
                    spec = PortSpec.parse(each, baud=baud, mode=mode)
                except DeviceConfigError as exc:
                    raise click.BadParameter(str(exc), param_hint="--port") from None
                specs.append(PortSpec(spec.path, spec.vid, spec.pid, spec.serial_number, baud, mode, low_latency))
    if not specs:
        raise click.UsageError("give at least one --port or --line-port")
    return specs


def _status_table(bridge: Bridge, url: str) -> Table:
    status = bridge.status
    link = "[green]connected[/]" if status.connected else f"[red]down[/] {status.last_error}"
    table = Table("device", "state", "battery", "signal", "rejected", "seat", title=f"{url}: {link}")
    for device, state in sorted(bridge.states.items()):
        colour = "green" if state.state.value == "connected" else "red"
        seat = bridge.status.assignments.get(device, {}).get("seat", "-")
        table.add_row(
            device,
            f"[{colour}]{state.state.value}[/]",
            str(state.battery if state.battery is not None else "-"),
            str(state.signal if state.signal is not None else "-"),
            str(state.rejected),
            str(seat),
        )
    table.caption = f"acked {status.acked}  duplicates {status.duplicates}  dropped {status.dropped}"
    return table


@devices.command("bridge")
@click.option("--server", required=True, envvar="ARENA_BRIDGE_SERVER", help="Server address, e.g. http://192.168.1.10:8000")
@click.option("--token", required=True, envvar="ARENA_DEVICE_TOKEN", help="API token of a 'device' account (or ARENA_DEVICE_TOKEN).")
@click.option("--port", "port", multiple=True, help="Framed keypad receiver: /dev/ttyUSB0, COM3 or usb:VID:PID[:SERIAL]; repeatable.")
@click.option("--line-port", multiple=True, help="Plain-text keypad port (needs --line-rules); repeatable.")
@click.option("--line-rules", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--keymap", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="TOML keymap (default: docs/device-protocol.md)."
)
@click.option("--baud", type=click.Choice([str(b) for b in BAUD_RATES]), default="115200", show_default=True)
@click.option("--debounce-ms", type=click.IntRange(0, 500), default=40, show_default=True)
@click.option(
    "--outbox",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("var/bridge-outbox.db"),
    show_default=True,
    help="Durable queue of presses not yet acknowledged by the server.",
)
@click.option("--name", default=socket.gethostname, help="Bridge name shown on the head referee console.")
@click.option("--no-low-latency", is_flag=True, help="Leave the FTDI latency timer alone.")
@click.option("--run-for", type=float, default=None, help="Stop after this many seconds (scripts, tests).")
@click.option("-v", "--verbose", is_flag=True)
def bridge(
    server: str,
    token: str,
    port: tuple[str, ...],
    line_port: tuple[str, ...],
    line_rules: Path | None,
    keymap: Path | None,
    baud: str,
    debounce_ms: int,
    outbox: Path,
    name: str,
    no_low_latency: bool,
    run_for: float | None,
    verbose: bool,
) -> None:
    """Forward keypad presses from serial ports to the arena server over a websocket."""
    _logging(verbose)
    try:
        url = devices_url(server)
    except DeviceConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--server") from None
    rules: tuple[LineRule, ...] = ()
    if line_port:
        if line_rules is None:
            raise click.UsageError("--line-port needs --line-rules")
        try:
            rules = parse_line_rules(line_rules.read_text(encoding="utf-8"), str(line_rules))
        except DeviceConfigError as exc:
            raise click.BadParameter(str(exc), param_hint="--line-rules") from None
    specs = _specs(port, line_port, int(baud), not no_low_latency)
    config = BridgeConfig(server, token, name=name)
    asyncio.run(_bridge_main(config, url, specs, _keymap(keymap), rules, debounce_ms, outbox, run_for))


async def _bridge_main(
    config: BridgeConfig,
    url: str,
    specs: list[PortSpec],
    keymap: Keymap,
    rules: tuple[LineRule, ...],
    debounce_ms: int,
    outbox_path: Path,
    run_for: float | None,
) -> None:
    outbox = AsyncPressQueue(outbox_path)
    stop = asyncio.Event()
    bridge = Bridge(config, outbox)
    if run_for is not None:
        asyncio.get_running_loop().call_later(run_for, stop.set)
    console.print(f"bridge [bold]{config.name}[/] -> {url}; ports: {', '.join(s.label for s in specs)}")
    task = asyncio.create_task(run_bridge(config, specs, keymap, outbox, stop, line_rules=rules, debounce_ms=debounce_ms, bridge=bridge))
    try:
        with Live(_status_table(bridge, url), console=console, refresh_per_second=2, transient=False) as live:
            while not task.done():
                await asyncio.wait({task}, timeout=0.5)
                live.update(_status_table(bridge, url))
        await task
    finally:
        stop.set()
        await asyncio.gather(task, return_exceptions=True)
        counts = await outbox.counts()
        outbox.close()
        console.print(f"outbox: {counts.pending} pending, {counts.acked} acked, {counts.dropped} dropped")


@devices.command("simulate")
@click.option("--judges", type=click.IntRange(1, 99), default=3, show_default=True)
@click.option(
    "--link-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("/tmp/arena-keypads"),
    show_default=True,
    help="Where the stable port links KP-01, KP-02... are made.",
)
@click.option("--script", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Play '<seconds> <device> <action>' lines.")
@click.option("--rate", type=click.FloatRange(0, 50), default=0.0, help="Random presses per second per keypad.")
@click.option("--duration", type=click.FloatRange(0), default=None, help="Stop after this many seconds (default: until Ctrl-C).")
@click.option("--bad-crc", type=click.FloatRange(0, 1), default=0.0, help="Share of frames sent with a wrong checksum.")
@click.option("--noise", type=click.FloatRange(0, 1), default=0.0, help="Share of frames preceded by line noise.")
@click.option("--drop", type=click.FloatRange(0, 1), default=0.0, help="Share of frames lost on the radio.")
@click.option("--unplug-every", type=click.FloatRange(0.5), default=None, help="Unplug a random receiver every N seconds.")
@click.option("--unplug-for", type=click.FloatRange(0.1), default=1.0, show_default=True)
@click.option("--seed", type=int, default=None, help="Seed for reproducible random presses and faults.")
def simulate(
    judges: int,
    link_dir: Path,
    script: Path | None,
    rate: float,
    duration: float | None,
    bad_crc: float,
    noise: float,
    drop: float,
    unplug_every: float | None,
    unplug_for: float,
    seed: int | None,
) -> None:
    """Play judge keypads on pseudo-terminals that pyserial opens like USB receivers."""
    rng = random.Random(seed)
    steps = []
    if script is not None:
        try:
            steps = parse_script(script.read_text(encoding="utf-8"), source=str(script))
        except DeviceConfigError as exc:
            raise click.BadParameter(str(exc), param_hint="--script") from None
    unknown = sorted({s.device for s in steps} - {f"KP-{n:02d}" for n in range(1, judges + 1)})
    if unknown:
        raise click.BadParameter(f"script names keypads beyond --judges {judges}: {unknown}", param_hint="--script")
    faults = Faults(bad_crc=bad_crc, noise=noise, drop=drop, rng=rng)
    stop = threading.Event()
    with Simulator(judges, link_dir, faults=faults) as sim:
        table = Table("keypad", "port (give this to the bridge)")
        for device, link in sim.links().items():
            table.add_row(device, str(link))
        Console().print(table)
        click.echo(f"Bridge: arena devices bridge --server URL --token T --port '{link_dir}/KP-*'")
        if duration is not None:
            threading.Timer(duration, stop.set).start()
        try:
            _play(sim, steps, rate, duration, stop, rng, unplug_every, unplug_for)
        except KeyboardInterrupt:
            click.echo("stopping")
        finally:
            stop.set()


def _play(
    sim: Simulator,
    steps: list[ScriptStep],
    rate: float,
    duration: float | None,
    stop: threading.Event,
    rng: random.Random,
    unplug_every: float | None,
    unplug_for: float,
) -> None:
    if steps:
        done = run_script(sim, steps, stop)
        click.echo(f"script: {done} of {len(steps)} steps played")
        stop.wait(1.0)  # let the last frames drain before the ptys close
    elif rate > 0:
        presses = run_random(sim, rate, duration, stop, rng, unplug_every=unplug_every, unplug_for=unplug_for)
        click.echo(f"random: {presses} presses sent")
    else:
        click.echo("idle keypads (heartbeats only); Ctrl-C to stop")
        while not stop.wait(0.5):
            continue  # short waits keep Ctrl-C responsive


@devices.command("scale")
@click.option("--port", required=True, help="The scale's serial port: /dev/ttyUSB0, COM3.")
@click.option("--baud", type=click.Choice([str(b) for b in BAUD_RATES]), default="9600", show_default=True)
@click.option("--station", required=True, help="Weigh-in station name the page picks, e.g. can-1.")
@click.option("--server", required=True, envvar="ARENA_BRIDGE_SERVER", help="Server address, e.g. http://192.168.1.10:8000")
@click.option("--token", required=True, envvar="ARENA_DEVICE_TOKEN", help="API token of a 'device' account (or ARENA_DEVICE_TOKEN).")
@click.option("--settle", type=click.IntRange(1, 50), default=3, show_default=True, help="Equal stable readings needed before one counts.")
@click.option("--ask", default="", help="Command sent every 0.5 s to a scale that prints on demand (A&D: Q, Mettler-Toledo SICS: SI).")
@click.option("--run-for", type=float, default=None, help="Stop after this many seconds (scripts, tests).")
@click.option("-v", "--verbose", is_flag=True)
def scale(port: str, baud: str, station: str, server: str, token: str, settle: int, ask: str, run_for: float | None, verbose: bool) -> None:
    """Read a platform scale and send each settled weight to the weigh-in page of STATION."""
    from devices.scale_reader import ScaleClient, ScalePortError, ScaleReader

    _logging(verbose)
    try:
        client = ScaleClient(server, token, station)
    except DeviceConfigError as exc:
        raise click.BadParameter(exc.message, param_hint="--server") from None

    def settled(reading: Reading) -> None:
        console.print(f"{station}: [bold]{reading.grams / 1000:g}[/] kg ({reading.raw})")
        client.send(reading)

    reader = ScaleReader(port, int(baud), settled, needed=settle, ask=(ask + "\r\n").encode("ascii") if ask else b"", on_idle=client.retry)
    stop = threading.Event()
    timer = threading.Timer(run_for or 0, stop.set)
    timer.daemon = True
    if run_for is not None:
        timer.start()
    console.print(f"scale {port} @ {baud} -> {client.url}")
    try:
        reader.run(stop)
    except ScalePortError as exc:
        stop.set()
        raise click.ClickException(exc.message) from None
    except KeyboardInterrupt:
        click.echo("stopping")
    finally:
        stop.set()
        timer.cancel()
        client.close()
    console.print(f"{client.sent} readings sent, {reader.refused} refused lines")
