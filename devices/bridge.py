"""The bridge: forwards keypad presses and device states to the server's ``/ws/devices`` socket.

Rules kept here: a press is committed to the outbox before anything else happens to it; it leaves
the outbox only on the server's ack or a final error; after every reconnect the pending presses
are replayed in the order they were taken. Reconnects start after 0.25 s and back off to 5 s.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from base.clock import Clock
from devices.errors import DeviceConfigError, RemoteFrameError
from devices.keymap import Keymap
from devices.lines import LineRule
from devices.local import run_local_ports
from devices.outbox import AsyncPressQueue
from devices.schemas import (
    Ack,
    Assignments,
    DevicePress,
    DeviceState,
    ServerError,
    hello_message,
    parse_server_message,
    stamp_age,
)
from devices.transport import PortSpec

log = logging.getLogger(__name__)


def devices_url(server: str) -> str:
    """``http://host:8000`` -> ``ws://host:8000/ws/devices``; a ``ws(s)://`` URL with a path is kept."""
    parts = urlsplit(server)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme)
    if scheme is None or not parts.netloc:
        raise DeviceConfigError("server", f"expected http(s):// or ws(s):// URL, got {server!r}")
    path = parts.path if parts.scheme in ("ws", "wss") and parts.path not in ("", "/") else "/ws/devices"
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))


def backoff_delays(first: float = 0.25, cap: float = 5.0, rng: random.Random | None = None) -> Iterator[float]:
    """Doubling delays from ``first`` to ``cap``, each with up to 10% jitter so bridges spread out."""
    rng = rng or random.Random()
    delay = first
    while True:
        yield min(cap, delay) * (1 + rng.random() * 0.1)
        delay = min(cap, delay * 2)


@dataclass(frozen=True, slots=True)
class BridgeConfig:
    server: str
    token: str
    name: str = field(default_factory=socket.gethostname)
    first_retry: float = 0.25
    max_retry: float = 5.0
    state_interval: float = 5.0
    open_timeout: float = 3.0


@dataclass(slots=True)
class BridgeStatus:
    """What the operator's screen shows."""

    connected: bool = False
    connects: int = 0
    last_error: str = ""
    acked: int = 0
    duplicates: int = 0
    dropped: int = 0
    late: int = 0  # presses the server recorded as late and not counted (shown on the console)
    assignments: dict[str, Any] = field(default_factory=dict)


class Bridge:
    def __init__(self, config: BridgeConfig, outbox: AsyncPressQueue, clock: Clock | None = None) -> None:
        self.config = config
        self.clock = clock or Clock()  # a press's wall time and its age at each send (tests give their own)
        self.url = devices_url(config.server)
        self.outbox = outbox
        self.status = BridgeStatus()
        self.states: dict[str, DeviceState] = {}
        self._wake = asyncio.Event()
        self._ws: ClientConnection | None = None

    async def submit(self, press: DevicePress) -> None:
        """Take a press: durable in the outbox first (with its wall time, so every send can say
        how long ago it was made), then wake the sender."""
        if press.age_ms is not None:
            press = replace(press, pressed_wall=self.clock().timestamp() - press.age_ms / 1000, age_ms=None)
        if await self.outbox.put(press):
            self._wake.set()
        else:
            log.info("%s %s/%d already queued; resend ignored", press.device, press.epoch, press.seq)

    async def on_state(self, state: DeviceState) -> None:
        self.states[state.device] = state
        await self._send_quietly(state.to_message())

    async def _send_quietly(self, message: dict[str, Any]) -> None:
        ws = self._ws
        if ws is None:
            return  # every state is sent again right after the next connect
        try:
            await ws.send(json.dumps(message))
        except ConnectionClosed:
            log.debug("connection closed while sending %s", message["type"])

    async def run(self, stop: asyncio.Event) -> None:
        """Stay connected until ``stop``; never raises for network trouble."""
        delays = backoff_delays(self.config.first_retry, self.config.max_retry)
        while not stop.is_set():
            try:
                async with connect(
                    self.url,
                    additional_headers={"Authorization": f"Bearer {self.config.token}"},
                    open_timeout=self.config.open_timeout,
                    ping_interval=2.0,
                    ping_timeout=4.0,
                    close_timeout=1.0,
                    compression=None,
                    proxy=None,
                ) as ws:
                    delays = backoff_delays(self.config.first_retry, self.config.max_retry)
                    await self._session(ws, stop)
            except InvalidStatus as exc:
                code = exc.response.status_code
                self._lost(f"server refused the bridge (HTTP {code})" + (": check the device token" if code in (401, 403) else ""))
            except (OSError, InvalidHandshake, InvalidURI, ConnectionClosed, TimeoutError) as exc:
                self._lost(f"{type(exc).__name__}: {exc}")
            if not stop.is_set():
                try:
                    await asyncio.wait_for(stop.wait(), next(delays))
                except TimeoutError:
                    pass  # the delay ran out; try again

    def _lost(self, why: str) -> None:
        if self.status.connected or why != self.status.last_error:
            log.warning("server link down: %s", why)
        self.status.connected = False
        self.status.last_error = why

    async def _session(self, ws: ClientConnection, stop: asyncio.Event) -> None:
        self._ws = ws
        self.status.connected = True
        self.status.connects += 1
        log.info("connected to %s", self.url)
        try:
            await ws.send(json.dumps(hello_message(self.config.name, list(self.states))))
            for state in list(self.states.values()):
                await ws.send(json.dumps(state.to_message()))
            tasks = {
                asyncio.create_task(self._sender(ws)),
                asyncio.create_task(self._receiver(ws)),
                asyncio.create_task(self._state_ticker(ws)),
                asyncio.create_task(stop.wait()),
            }
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for task in done:
                task.result()  # re-raise ConnectionClosed so run() logs it and reconnects
            self._lost("connection closed")
        finally:
            self._ws = None
            self.status.connected = False

    async def _sender(self, ws: ClientConnection) -> None:
        last_id = 0
        while True:
            self._wake.clear()
            rows = await self.outbox.pending(after_id=last_id)
            if not rows:
                await self._wake.wait()
                continue
            for row_id, message in rows:
                await ws.send(stamp_age(message, self.clock().timestamp()))
                last_id = row_id

    async def _state_ticker(self, ws: ClientConnection) -> None:
        while True:
            await asyncio.sleep(self.config.state_interval)
            for state in list(self.states.values()):
                await ws.send(json.dumps(state.to_message()))
            await self.outbox.prune()

    async def _receiver(self, ws: ClientConnection) -> None:
        async for text in ws:
            try:
                message = parse_server_message(text)
            except RemoteFrameError as exc:
                log.error("server sent an unreadable message (%s): %.200r", exc, text)
                continue
            if isinstance(message, Ack):
                if await self.outbox.ack(message.device, message.epoch, message.seq):
                    self.status.acked += 1
                    self.status.duplicates += message.duplicate
                    if message.late is not None:
                        self.status.late += 1
                        log.warning("press %s seq %d arrived late and does not count (%s)", message.device, message.seq, message.late)
            elif isinstance(message, ServerError):
                await self._refused(message)
            elif isinstance(message, Assignments):
                self.status.assignments = dict(message.devices)
                log.info("assignments now %s", self.status.assignments)

    async def _refused(self, error: ServerError) -> None:
        if error.device is None or error.seq is None:
            log.error("server error %s: %s", error.code, error.message)
            return
        dropped = await self.outbox.drop(error.device, error.epoch, error.seq, f"{error.code}: {error.message}")
        self.status.dropped += dropped
        log.error(
            "press %s seq %d refused for good (%s: %s)%s",
            error.device,
            error.seq,
            error.code,
            error.message,
            "" if dropped else "; it was not pending",
        )


async def run_bridge(
    config: BridgeConfig,
    ports: Sequence[PortSpec],
    keymap: Keymap,
    outbox: AsyncPressQueue,
    stop: asyncio.Event,
    *,
    line_rules: tuple[LineRule, ...] = (),
    debounce_ms: int = 40,
    bridge: Bridge | None = None,
) -> Bridge:
    """Read ``ports`` and forward to the server until ``stop``; returns the bridge (for its status)."""
    bridge = bridge or Bridge(config, outbox)
    await asyncio.gather(
        run_local_ports(ports, keymap, bridge.submit, bridge.on_state, stop, line_rules=line_rules, debounce_ms=debounce_ms),
        bridge.run(stop),
    )
    return bridge
