"""Intake: turns port events (bytes, open, close) into presses and device states. No I/O.

Rules kept here: a ``(device, epoch, seq)`` is passed on once however often a keypad resends it;
a second press of the same button within ``debounce_ms`` of device time is contact bounce; every
device on a lost port is reported disconnected at once; ``now`` is a monotonic time in seconds.
A framed press says how long ago it was made (``age_ms``): the keypad's clock (``t_device``) is
mapped to the host's by the smallest delay seen over all its frames (heartbeats every 0.5 s), so a
backlog a keypad sends when back in range carries the time each press was made.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum

from devices.keymap import ButtonAction, Keymap, button_label
from devices.lines import LineAdapter, LineRule
from devices.link import LinkMonitor
from devices.protocol import Decoder, Heartbeat, Press
from devices.schemas import DevicePress, DeviceState

log = logging.getLogger(__name__)
SEEN_WINDOW = 4096
DRIFT = 0.001  # the keypad-to-host clock offset may grow by 1 ms a second (crystals drift)


class PortMode(StrEnum):
    FRAMES = "frames"
    LINES = "lines"


@dataclass(frozen=True, slots=True)
class PortOpened:
    port: str
    path: str


@dataclass(frozen=True, slots=True)
class PortData:
    port: str
    data: bytes


@dataclass(frozen=True, slots=True)
class PortClosed:
    port: str
    reason: str


PortEvent = PortOpened | PortData | PortClosed
Output = DevicePress | DeviceState


@dataclass(slots=True)
class _SeqWindow:
    """Recently seen seqs of one (device, epoch), bounded so a long bout uses constant memory."""

    order: deque[int] = field(default_factory=deque)
    seen: set[int] = field(default_factory=set)
    highest: int = -1
    lowest: int = -1
    received: int = 0  # distinct seqs taken

    def first_time(self, seq: int) -> bool:
        if seq in self.seen or (len(self.order) == SEEN_WINDOW and seq < self.order[0]):
            return False
        self.order.append(seq)
        self.seen.add(seq)
        if len(self.order) > SEEN_WINDOW:
            self.seen.discard(self.order.popleft())
        self.received += 1
        self.lowest = seq if self.lowest < 0 else min(self.lowest, seq)
        return True

    @property
    def missing(self) -> int:
        """Seqs between the lowest and the highest taken that never came (lost frames)."""
        return 0 if self.highest < 0 else self.highest - self.lowest + 1 - self.received


@dataclass(slots=True)
class _ClockMap:
    """A keypad clock (ms since its boot) mapped to the host's: host ms = t_device + offset."""

    offset_ms: float
    at: float  # host time (s) of the last sample

    def sample(self, t_device: int, now: float) -> None:
        # A frame cannot arrive before it was sent: the smallest (host - device) delay is the best
        # offset; letting it grow slowly follows a keypad clock that runs slow.
        allowed = self.offset_ms + (now - self.at) * 1000 * DRIFT
        self.offset_ms, self.at = min(now * 1000 - t_device, allowed), now

    def age_ms(self, t_device: int, now: float) -> int:
        return max(0, round(now * 1000 - (t_device + self.offset_ms)))


@dataclass(slots=True)
class IntakeStats:
    presses: int = 0
    duplicates: int = 0
    debounced: int = 0
    unmapped: int = 0
    lost_frames: int = 0


class DeviceIntake:
    """One per bridge or server; ``session`` makes epochs unique for keypads without boot counters."""

    def __init__(
        self,
        keymap: Keymap,
        *,
        session: str,
        line_rules: tuple[LineRule, ...] = (),
        debounce_ms: int = 40,
        heartbeat_timeout: float = 1.5,
    ) -> None:
        self.keymap = keymap
        self.session = session
        self.line_rules = line_rules
        self.debounce_ms = debounce_ms
        self.links = LinkMonitor(heartbeat_timeout)
        self.stats = IntakeStats()
        self._decoders: dict[str, Decoder | LineAdapter] = {}
        self._windows: dict[tuple[str, str], _SeqWindow] = {}
        self._clocks: dict[tuple[str, str], _ClockMap] = {}
        self._last_press_ms: dict[tuple[str, str, str], int] = {}
        self._line_seq: dict[str, int] = {}

    def add_port(self, port: str, mode: PortMode) -> None:
        self._decoders[port] = Decoder() if mode is PortMode.FRAMES else LineAdapter(self.line_rules)

    def rejected(self, port: str) -> int:
        return self._decoders[port].rejected

    def handle(self, event: PortEvent, now: float) -> list[Output]:
        if isinstance(event, PortClosed):
            log.warning("port %s lost: %s", event.port, event.reason)
            return list(self.links.port_lost(event.port))
        if isinstance(event, PortOpened):
            log.info("port %s open at %s", event.port, event.path)
            return []
        decoder = self._decoders[event.port]
        outputs: list[Output] = []
        if isinstance(decoder, Decoder):
            for frame in decoder.feed(event.data):
                outputs.extend(self._framed(frame, event.port, now))
        else:
            for line in decoder.feed(event.data):
                outputs.extend(self._line(line.device, line.button, event.port, now))
        outputs.extend(self.links.set_rejected(event.port, decoder.rejected))
        return outputs

    def tick(self, now: float) -> list[DeviceState]:
        return self.links.expire(now)

    def _framed(self, frame: Press | Heartbeat, port: str, now: float) -> list[Output]:
        outputs: list[Output] = []
        epoch = f"b{frame.boot}" if frame.boot else f"s{self.session}"
        beat = frame if isinstance(frame, Heartbeat) else None
        state = self.links.seen(
            frame.device,
            port,
            now,
            battery=beat.battery if beat is not None else None,
            signal=beat.signal if beat is not None else None,
            health=beat is not None,
        )
        if state:
            outputs.append(state)
        clock = self._clocks.get((frame.device, epoch))
        if clock is None:
            clock = self._clocks[(frame.device, epoch)] = _ClockMap(now * 1000 - frame.t_device, now)
        clock.sample(frame.t_device, now)
        if not self._first_time(frame.device, epoch, frame.seq):
            return outputs
        lost = self.links.set_lost(frame.device, self.lost(frame.device))
        if lost:
            outputs.append(lost)
        if isinstance(frame, Heartbeat):
            return outputs
        press = self._translate(
            frame.device,
            epoch,
            frame.seq,
            self.keymap.by_byte(frame.button),
            button_label(self.keymap, frame.button),
            frame.t_device,
            frame.t_device,
            port,
            clock.age_ms(frame.t_device, now),
        )
        return outputs + ([press] if press else [])

    def lost(self, device: str) -> int:
        """Frames of ``device`` still missing from its seqs, over all its epochs."""
        return sum(w.missing for (d, _), w in self._windows.items() if d == device)

    def _line(self, device: str, button: str, port: str, now: float) -> list[Output]:
        outputs: list[Output] = []
        state = self.links.seen(device, port, now, heartbeats=False)
        if state:
            outputs.append(state)
        seq = self._line_seq.get(device, 0) + 1
        self._line_seq[device] = seq
        press = self._translate(
            device,
            f"L{self.session}",
            seq,
            self.keymap.by_name(button),
            button,
            None,
            int(now * 1000),
            port,
        )
        return outputs + ([press] if press else [])

    def _first_time(self, device: str, epoch: str, seq: int) -> bool:
        window = self._windows.setdefault((device, epoch), _SeqWindow())
        if not window.first_time(seq):
            self.stats.duplicates += 1
            return False
        if window.highest >= 0 and seq > window.highest + 1:
            # Heartbeats share the counter, so a gap is lost frames of either kind.
            self.stats.lost_frames += seq - window.highest - 1
            log.warning("%s: %d frame(s) lost before seq %d", device, seq - window.highest - 1, seq)
        window.highest = max(window.highest, seq)
        return True

    def _translate(
        self,
        device: str,
        epoch: str,
        seq: int,
        action: ButtonAction | None,
        label: str,
        t_device: int | None,
        t_ms: int,
        port: str,
        age_ms: int | None = None,
    ) -> DevicePress | None:
        if action is None:
            self.stats.unmapped += 1
            log.warning("%s: button %s is not in the keymap; press ignored", device, label)
            return None
        key = (device, epoch, action.name)  # device clocks restart with each boot
        last = self._last_press_ms.get(key)
        if last is not None and 0 <= t_ms - last < self.debounce_ms:
            self.stats.debounced += 1
            return None
        self._last_press_ms[key] = t_ms
        self.stats.presses += 1
        return DevicePress(device, epoch, seq, action.side, action.value, action.name, action.code, t_device, port, age_ms)
