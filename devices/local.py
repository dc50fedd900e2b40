"""Read keypad ports in this process: the one-laptop venue (``arena serve --device``) and the bridge.

``run_local_ports`` starts one reader thread per port, feeds the intake on the event loop and
awaits ``submit`` for each press and ``on_state`` for each device state change until ``stop``.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Sequence

from devices.intake import DeviceIntake, PortEvent
from devices.keymap import Keymap
from devices.lines import LineRule
from devices.schemas import DevicePress, DeviceState
from devices.transport import PortReader, PortSpec

log = logging.getLogger(__name__)

SubmitPress = Callable[[DevicePress], Awaitable[None]]
ReportState = Callable[[DeviceState], Awaitable[None]]


def _as_spec(port: PortSpec | str) -> PortSpec:
    return port if isinstance(port, PortSpec) else PortSpec.parse(port)


async def _deliver(outputs: list[DevicePress | DeviceState], submit: SubmitPress, on_state: ReportState) -> None:
    for item in outputs:
        try:
            if isinstance(item, DevicePress):
                await submit(item)
            else:
                await on_state(item)
        except Exception:
            # One press the server refuses must not stop every keypad of a live bout: log it loudly
            # with its traceback and keep reading.
            log.exception("handling %r failed", item)


async def run_local_ports(
    ports: Sequence[PortSpec | str],
    keymap: Keymap,
    submit: SubmitPress,
    on_state: ReportState,
    stop: asyncio.Event,
    *,
    line_rules: tuple[LineRule, ...] = (),
    debounce_ms: int = 40,
    heartbeat_timeout: float = 1.5,
    tick_interval: float = 0.25,
    intake: DeviceIntake | None = None,
) -> None:
    """Run until ``stop`` is set; returns after every reader thread has ended.

    ``ports`` are ``PortSpec`` values or strings (``/dev/ttyUSB0``, ``usb:0403:6001[:SERIAL]``).
    Line-mode ports need ``line_rules``. Raises ``DeviceConfigError`` for a bad port string.
    """
    specs = [_as_spec(p) for p in ports]
    if intake is None:
        intake = DeviceIntake(
            keymap,
            session=f"{int(time.time()):x}{secrets.token_hex(2)}",
            line_rules=line_rules,
            debounce_ms=debounce_ms,
            heartbeat_timeout=heartbeat_timeout,
        )
    loop = asyncio.get_running_loop()
    events: asyncio.Queue[PortEvent] = asyncio.Queue()

    def sink(event: PortEvent) -> None:
        try:
            loop.call_soon_threadsafe(events.put_nowait, event)
        except RuntimeError:
            log.debug("event loop closed; dropping %r during shutdown", event)

    thread_stop = threading.Event()
    readers = [PortReader(spec, sink, thread_stop) for spec in specs]
    for spec, reader in zip(specs, readers, strict=False):
        intake.add_port(spec.label, spec.mode)
        reader.start()
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            getting = asyncio.ensure_future(events.get())
            await asyncio.wait({getting, stopping}, timeout=tick_interval, return_when=asyncio.FIRST_COMPLETED)
            now = time.monotonic()
            if getting.done():
                await _deliver(intake.handle(getting.result(), now), submit, on_state)
            else:
                getting.cancel()
            await _deliver(list(intake.tick(now)), submit, on_state)
    finally:
        stopping.cancel()
        thread_stop.set()
        for reader in readers:
            await asyncio.to_thread(reader.thread.join, 2.0)
