"""A weigh-in scale on a serial port (or a pty in tests) -> settled readings -> the server.

``ScaleReader`` reads the port with pyserial (like the keypad transport: short read timeouts, so
``stop`` is seen within a fraction of a second, and the port is reopened when it goes away), feeds
``devices.scale`` (lines, parser, settler) and hands each newly settled ``Reading`` to a sink.
``ScaleClient`` is that sink in ``arena devices scale``: it POSTs the reading to
``/api/tournaments/scale/{station}`` with the bearer token of a ``device`` account, and keeps the
last one that failed to send and tries it again until it goes through or a newer one replaces it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import serial

from devices.errors import DeviceConfigError
from devices.scale import LineSplitter, Reading, Refused, Settler, parse_line

log = logging.getLogger(__name__)


class ScalePortError(DeviceConfigError):
    """The scale's port cannot be opened (absent, busy, not a serial device, no permission)."""

    code = "device.scale_port"


def scale_url(server: str, station: str) -> str:
    """``http://10.0.0.5:8000`` + ``can-1`` -> ``http://10.0.0.5:8000/api/tournaments/scale/can-1``."""
    base = server.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise DeviceConfigError("server", f"{server!r}: expected http://HOST:PORT or https://HOST")
    return f"{base}/api/tournaments/scale/{quote(station, safe='')}"


class ScaleClient:
    """Sends settled readings to the server; ``send`` never raises for a network or server error
    (it logs, keeps the reading, and ``retry`` tries it again)."""

    def __init__(self, server: str, token: str, station: str, *, http: httpx.Client | None = None) -> None:
        self.url = scale_url(server, station)
        self.station = station
        self._http = http or httpx.Client(timeout=5)
        self._own = http is None
        self._headers = {"Authorization": f"Bearer {token}"}
        self.pending: Reading | None = None
        self._next_try = 0.0
        self.sent = 0
        self.last_error = ""

    def send(self, reading: Reading) -> bool:
        self.pending, self._next_try = reading, 0.0
        return self.retry()

    def retry(self) -> bool:
        """Send the pending reading, at most once a second after a failure."""
        reading = self.pending
        if reading is None:
            return True
        if time.monotonic() < self._next_try:
            return False
        self._next_try = time.monotonic() + 1.0
        body = {"grams": reading.grams, "stable": reading.stable, "raw": reading.raw}
        try:
            response = self._http.post(self.url, json=body, headers=self._headers)
        except httpx.HTTPError as exc:
            self.last_error = f"server unreachable: {exc}"
            log.warning("scale %s: %s; will retry", self.station, self.last_error)
            return False
        if response.status_code >= 300:
            self.last_error = f"server answered HTTP {response.status_code}: {response.text[:200]}"
            if response.status_code in (401, 403):
                self.last_error += " (check the device token)"
            if 400 <= response.status_code < 500:
                self.pending = None  # it will never be taken; the next reading gets its chance
            log.warning("scale %s: %s", self.station, self.last_error)
            return False
        self.pending = None
        self.sent += 1
        log.info("scale %s: %d g sent", self.station, reading.grams)
        return True

    def close(self) -> None:
        if self._own:
            self._http.close()


class ScaleReader:
    """Reads one scale port until ``stop`` is set; ``on_settled`` gets each newly settled reading,
    ``on_line`` (optional) every parsed line. ``ask`` is sent every ``ask_every`` seconds to a scale
    that prints only on demand (A&D ``Q``, SICS ``SI``)."""

    def __init__(
        self,
        path: str,
        baud: int,
        on_settled: Callable[[Reading], Any],
        *,
        needed: int = 3,
        ask: bytes = b"",
        ask_every: float = 0.5,
        on_line: Callable[[Reading | Refused | None], Any] | None = None,
        on_idle: Callable[[], Any] | None = None,
    ) -> None:
        self.path, self.baud = path, baud
        self.on_settled, self.on_line, self.on_idle = on_settled, on_line, on_idle
        self.settler = Settler(needed)
        self.lines = LineSplitter()
        self.ask, self.ask_every = ask, ask_every
        self.refused = 0
        self.opened = threading.Event()

    def open(self) -> serial.Serial:
        try:
            port = serial.Serial(self.path, self.baud, timeout=0.1)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise ScalePortError("port", f"cannot open the scale at {self.path}: {exc}") from None
        self.opened.set()
        return port

    def run(self, stop: threading.Event) -> None:
        """Open the port (``ScalePortError`` if it cannot be opened at all), then read until
        ``stop``; a port that goes away is reopened every second."""
        port: serial.Serial | None = self.open()
        asked = 0.0
        try:
            while not stop.is_set():
                if port is None:
                    if stop.wait(1.0):
                        break
                    try:
                        port = self.open()
                        log.info("scale port %s reopened", self.path)
                    except ScalePortError:
                        continue
                try:
                    if self.ask and time.monotonic() - asked >= self.ask_every:
                        port.write(self.ask)
                        asked = time.monotonic()
                    data = port.read(256)
                except (serial.SerialException, OSError) as exc:
                    log.warning("scale port %s lost: %s", self.path, exc)
                    port.close()
                    port = None
                    self.settler = Settler(self.settler.needed)
                    continue
                self.feed(data)
                if self.on_idle is not None:
                    self.on_idle()
        finally:
            if port is not None:
                port.close()

    def feed(self, data: bytes) -> None:
        for line in self.lines.feed(data):
            item = parse_line(line)
            if isinstance(item, Refused):
                self.refused += 1
            if self.on_line is not None:
                self.on_line(item)
            settled = self.settler.feed(item)
            if settled is not None:
                self.on_settled(settled)
