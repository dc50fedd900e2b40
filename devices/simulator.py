"""Judge keypad simulator on real pseudo-terminals, so pyserial opens it like a USB receiver.

Each keypad owns a pty pair and a stable symlink (``<link_dir>/KP-01``) that points at the slave;
``unplug`` closes the master and removes the link, ``replug`` makes a new pair behind the same
link. Like a wireless handset, a keypad keeps presses made while unplugged and sends them on replug.
"""

from __future__ import annotations

import os
import random
import termios
import threading
import time
import tty
from dataclasses import dataclass, field
from pathlib import Path

from devices.keymap import DEFAULT_KEYMAP, Keymap
from devices.protocol import Heartbeat, Press, encode, encode_payload, frame_payload


@dataclass
class Faults:
    """Probabilities (0-1) per frame of a wrong checksum, a burst of noise before it, or a drop."""

    bad_crc: float = 0.0
    noise: float = 0.0
    drop: float = 0.0
    rng: random.Random = field(default_factory=random.Random)


class PtyPort:
    """A pty pair whose slave is reachable at ``link``; the master side is the keypad."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master: int | None = None
        self._slave: int | None = None
        self.plug()

    @property
    def plugged(self) -> bool:
        return self.master is not None

    def plug(self) -> None:
        if self.master is not None:
            return
        master, slave = os.openpty()
        # Raw mode from the start: a cooked pty would rewrite bytes before pyserial configures it.
        # The odd 50 baud is a marker: pyserial sets its own speed on open, see wait_opened().
        tty.setraw(slave)
        attrs = termios.tcgetattr(slave)
        attrs[4] = attrs[5] = termios.B50
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        tmp = self.link.with_name(self.link.name + ".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        os.replace(tmp, self.link)
        self.master, self._slave = master, slave

    def unplug(self) -> None:
        if self.master is None:
            return
        self.link.unlink(missing_ok=True)
        for fd in (self.master, self._slave):
            if fd is not None:
                os.close(fd)
        self.master = self._slave = None

    def opened_by_host(self) -> bool:
        """True once a host opened the slave (its speed is no longer the 50-baud marker)."""
        if self.master is None:
            return False
        ispeed: int = termios.tcgetattr(self.master)[4]  # [iflag, oflag, cflag, lflag, ispeed, ospeed, cc]
        return ispeed != termios.B50

    def wait_opened(self, timeout: float) -> bool:
        """Wait until the host opened the port; bytes sent earlier are flushed by pyserial's open."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.opened_by_host():
                time.sleep(0.05)  # pyserial flushes input right after setting the speed
                return True
            time.sleep(0.01)
        return False

    def write(self, data: bytes) -> bool:
        """Write to the keypad side; ``False`` if unplugged (or the pty went away)."""
        if self.master is None:
            return False
        try:
            os.write(self.master, data)
            return True
        except OSError:
            return False


class SimulatedKeypad:
    """One judge keypad: numbered frames, a device clock, heartbeats with battery and signal."""

    def __init__(
        self,
        device: str,
        port: PtyPort,
        *,
        boot: int,
        faults: Faults | None = None,
        keymap: Keymap = DEFAULT_KEYMAP,
        resend_on_replug: int = 2,
    ) -> None:
        self.device = device
        self.port = port
        self.boot = boot
        self.faults = faults or Faults()
        self.keymap = keymap
        self.resend_on_replug = resend_on_replug
        self.seq = 0
        self.battery = 100
        self.silent = False
        self._t0 = time.monotonic()
        self._lock = threading.Lock()
        self._outbox: list[bytes] = []
        self._recent: list[bytes] = []

    def _now_ms(self) -> int:
        return int((time.monotonic() - self._t0) * 1000) & 0xFFFFFFFF

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def _send(self, frame: bytes, keep: bool) -> None:
        rng = self.faults.rng
        if rng.random() < self.faults.drop:
            return
        if rng.random() < self.faults.noise:
            self.port.write(bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 12))))
        if rng.random() < self.faults.bad_crc:
            frame = frame[:-3] + bytes([frame[-3] ^ 0x5A]) + frame[-2:]
        if not self.port.write(frame) and keep:
            self._outbox.append(frame)

    def press(self, button: str | int) -> int:
        """Press a button (keymap name or wire byte); returns the frame's seq."""
        code = button if isinstance(button, int) else self._byte(button)
        with self._lock:
            seq = self._next_seq()
            frame = encode(Press(self.device, self.boot, seq, self._now_ms(), code))
            self._recent = (self._recent + [frame])[-max(self.resend_on_replug, 1) :]
            self._send(frame, keep=True)
            return seq

    def _byte(self, name: str) -> int:
        action = self.keymap.by_name(name)
        if action is None:
            raise ValueError(f"no button named {name!r} in the keymap")
        return action.byte

    def heartbeat(self) -> None:
        with self._lock:
            if self.silent or not self.port.plugged:
                return
            beat = Heartbeat(self.device, self.boot, self._next_seq(), self._now_ms(), self.battery, -55)
            self._send(encode(beat), keep=False)

    def send_raw(self, data: bytes) -> None:
        """Put arbitrary bytes on the line (noise, foreign frames) for tests."""
        with self._lock:
            self.port.write(data)

    def send_bad_checksum(self) -> None:
        with self._lock:
            payload = encode_payload(Press(self.device, self.boot, self._next_seq(), self._now_ms(), 1))
            self.port.write(frame_payload(payload)[:-3] + b"\xde\xad\x00")

    def unplug(self) -> None:
        with self._lock:
            self.port.unplug()

    def replug(self) -> None:
        """Plug back; resend the last frames (a handset that missed its acks) and the outbox."""
        with self._lock:
            self.port.plug()
            pending, self._outbox = self._outbox, []
            resend = [f for f in self._recent[-self.resend_on_replug :] if f not in pending] if self.resend_on_replug else []
        # A backlog sent before the host reopened the port would be flushed by pyserial's open.
        self.port.wait_opened(timeout=5.0)
        with self._lock:
            for frame in resend + pending:
                self.port.write(frame)
