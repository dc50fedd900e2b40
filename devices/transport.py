"""Serial transport: find a port by name or USB VID/PID/serial, read it on a thread, reopen on replug.

One reader thread per port (LIBRARIES.md "Serial devices"): ``read_until`` with a short timeout,
and every chunk, open and close is handed to ``sink`` (usually ``loop.call_soon_threadsafe``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import serial
from serial.tools import list_ports

from devices.errors import DeviceConfigError
from devices.intake import PortClosed, PortData, PortEvent, PortMode, PortOpened

log = logging.getLogger(__name__)
BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True, slots=True)
class PortSpec:
    """Where a receiver is: ``path`` (``/dev/ttyUSB0``, ``COM3``) or USB ids, which survive replug."""

    path: str | None = None
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    baud: int = 115200
    mode: PortMode = PortMode.FRAMES
    low_latency: bool = True

    @property
    def label(self) -> str:
        if self.path:
            return self.path
        ids = f"usb:{self.vid:04x}:{self.pid:04x}"
        return f"{ids}:{self.serial_number}" if self.serial_number else ids

    @classmethod
    def parse(cls, text: str, *, baud: int = 115200, mode: PortMode = PortMode.FRAMES) -> PortSpec:
        """``/dev/ttyUSB0`` or ``usb:VID:PID[:SERIAL]`` (hex ids, as ``lsusb`` prints them)."""
        if baud not in BAUD_RATES:
            raise DeviceConfigError("port", f"baud must be one of {BAUD_RATES}, got {baud}")
        if not text.startswith("usb:"):
            if not text:
                raise DeviceConfigError("port", "empty port name")
            return cls(path=text, baud=baud, mode=mode)
        parts = text.split(":", 3)
        if len(parts) < 3:
            raise DeviceConfigError("port", f"{text!r}: expected usb:VID:PID[:SERIAL]")
        try:
            vid, pid = int(parts[1], 16), int(parts[2], 16)
        except ValueError:
            raise DeviceConfigError("port", f"{text!r}: VID and PID are hex numbers") from None
        serial_number = parts[3] if len(parts) == 4 and parts[3] else None
        return cls(vid=vid, pid=pid, serial_number=serial_number, baud=baud, mode=mode)


def resolve(spec: PortSpec) -> str | None:
    """The device path to open now, or ``None`` while the receiver is not plugged in."""
    if spec.path:
        # A plain path (or the simulator's symlink) exists only while plugged; COMx always "exists".
        return spec.path if os.name == "nt" or os.path.exists(spec.path) else None
    for info in list_ports.comports():
        if (info.vid, info.pid) != (spec.vid, spec.pid):
            continue
        if spec.serial_number is None or info.serial_number == spec.serial_number:
            return info.device
    return None


def set_low_latency(port: serial.Serial, path: str) -> str:
    """Ask the driver for low latency; returns what was done (for the log). Never fails a port."""
    done = []
    # FTDI chips buffer up to 16 ms by default; 1 ms keeps press-to-screen latency low.
    timer = Path("/sys/class/tty") / Path(os.path.realpath(path)).name / "device" / "latency_timer"
    try:
        if timer.exists():
            timer.write_text("1")
            done.append("FTDI latency timer 1 ms")
    except OSError as exc:
        done.append(f"FTDI latency timer not writable ({exc.strerror})")
    setter = getattr(port, "set_low_latency_mode", None)
    if setter is not None:
        try:
            setter(True)
            done.append("ASYNC_LOW_LATENCY")
        except ValueError:
            done.append("ASYNC_LOW_LATENCY unsupported")  # ptys and many USB drivers say no
    return ", ".join(done) or "no low-latency control"


class PortReader:
    """Reads one port until ``stop`` is set, reopening it whenever it reappears."""

    def __init__(
        self,
        spec: PortSpec,
        sink: Callable[[PortEvent], None],
        stop: threading.Event,
        *,
        retry_interval: float = 0.2,
        read_timeout: float = 0.05,
    ) -> None:
        self.spec = spec
        self.sink = sink
        self.stop = stop
        self.retry_interval = retry_interval
        self.read_timeout = read_timeout
        self.thread = threading.Thread(target=self._run, name=f"port {spec.label}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _open(self) -> tuple[serial.Serial, str] | None:
        path = resolve(self.spec)
        if path is None:
            return None
        try:
            port = serial.Serial(path, self.spec.baud, timeout=self.read_timeout)
        except (serial.SerialException, OSError) as exc:
            log.debug("cannot open %s yet: %s", path, exc)
            return None
        if self.spec.low_latency:
            log.info("%s: %s", self.spec.label, set_low_latency(port, path))
        return port, path

    def _run(self) -> None:
        terminator = b"\x00" if self.spec.mode is PortMode.FRAMES else b"\n"
        label = self.spec.label
        while not self.stop.is_set():
            opened = self._open()
            if opened is None:
                self.stop.wait(self.retry_interval)
                continue
            port, path = opened
            self.sink(PortOpened(label, path))
            try:
                while not self.stop.is_set():
                    chunk = port.read_until(terminator)
                    if chunk:
                        self.sink(PortData(label, chunk))
                reason = "stopped"
            except (serial.SerialException, OSError) as exc:
                reason = str(exc)  # the cable was pulled: report it, then wait for the replug
            finally:
                port.close()
            self.sink(PortClosed(label, reason))
