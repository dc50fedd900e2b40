"""Judge-device frame codec, sans-I/O: bytes in, events out; events in, bytes out.

Wire format (docs/device-protocol.md): ``00 | COBS(payload | CRC-16/CCITT-FALSE big-endian) | 00``.
Rules kept here: nothing raises on remote input (bad frames are counted in ``rejected``), split and
merged reads decode the same, and a delimiter always resynchronises the stream.
"""

from __future__ import annotations

import binascii
import re
import struct
from collections import Counter
from dataclasses import dataclass
from enum import IntEnum

from cobs import cobs

from devices.errors import LocalProtocolError, RemoteFrameError

VERSION = 1
DELIMITER = b"\x00"
MAX_DEVICE_ID = 16
# Largest payload: header 3 + id 16 + 10 + body 2 + crc 2 = 33 bytes; COBS adds 1. Anything longer
# without a delimiter is garbage (a line noise burst or a foreign protocol) and is dropped early.
MAX_ENCODED_FRAME = 64
BATTERY_UNKNOWN = 0xFF
SIGNAL_UNKNOWN = 127

_DEVICE_ID = re.compile(r"[A-Za-z0-9._-]{1,16}\Z")
_HEADER = struct.Struct(">BBB")
_COMMON = struct.Struct(">HII")
_PRESS = struct.Struct(">B")
_HEARTBEAT = struct.Struct(">Bb")


class FrameKind(IntEnum):
    PRESS = 1
    HEARTBEAT = 2


def _check_common(device: str, boot: int, seq: int, t_device: int) -> None:
    if not isinstance(device, str) or not _DEVICE_ID.match(device):
        raise LocalProtocolError(f"device id must be 1-16 of [A-Za-z0-9._-], got {device!r}")
    if not 0 <= boot <= 0xFFFF:
        raise LocalProtocolError(f"boot must fit 16 bits, got {boot}")
    if not 1 <= seq <= 0xFFFFFFFF:
        # seq counts from 1 after boot; the server refuses 0 (it is "no seq" in its rule).
        raise LocalProtocolError(f"seq must be 1 to 2**32-1, got {seq}")
    if not 0 <= t_device <= 0xFFFFFFFF:
        raise LocalProtocolError(f"t_device must fit 32 bits, got {t_device}")


@dataclass(frozen=True, slots=True)
class Press:
    """A button went down on a keypad. ``boot`` counts device power-ups; ``seq`` is per boot."""

    device: str
    boot: int
    seq: int
    t_device: int
    button: int

    def __post_init__(self) -> None:
        _check_common(self.device, self.boot, self.seq, self.t_device)
        if not 0 <= self.button <= 0xFF:
            raise LocalProtocolError(f"button code must fit 8 bits, got {self.button}")


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """Periodic liveness report; ``battery`` in percent and ``signal`` in dBm, ``None`` if unknown."""

    device: str
    boot: int
    seq: int
    t_device: int
    battery: int | None
    signal: int | None

    def __post_init__(self) -> None:
        _check_common(self.device, self.boot, self.seq, self.t_device)
        if self.battery is not None and not 0 <= self.battery <= 100:
            raise LocalProtocolError(f"battery must be 0-100 or None, got {self.battery}")
        if self.signal is not None and not -128 <= self.signal <= 126:
            raise LocalProtocolError(f"signal must be -128..126 dBm or None, got {self.signal}")


Event = Press | Heartbeat


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): ``crc16(b"123456789") == 0x29B1``."""
    return binascii.crc_hqx(data, 0xFFFF)


def encode_payload(event: Event) -> bytes:
    """The unframed payload of ``event`` (no CRC, no COBS); used by tests and the simulator."""
    device = event.device.encode("ascii")
    if isinstance(event, Press):
        kind, body = FrameKind.PRESS, _PRESS.pack(event.button)
    elif isinstance(event, Heartbeat):
        battery = BATTERY_UNKNOWN if event.battery is None else event.battery
        signal = SIGNAL_UNKNOWN if event.signal is None else event.signal
        kind, body = FrameKind.HEARTBEAT, _HEARTBEAT.pack(battery, signal)
    else:
        raise LocalProtocolError(f"cannot encode {type(event).__name__}")
    return _HEADER.pack(VERSION, kind, len(device)) + device + _COMMON.pack(event.boot, event.seq, event.t_device) + body


def frame_payload(payload: bytes) -> bytes:
    """Add CRC, COBS-encode and delimit; a leading delimiter lets the receiver resync after noise."""
    encoded: bytes = cobs.encode(payload + crc16(payload).to_bytes(2, "big"))  # cobs ships no types
    return DELIMITER + encoded + DELIMITER


def encode(event: Event) -> bytes:
    """Bytes to put on the wire for ``event``."""
    return frame_payload(encode_payload(event))


def decode_payload(payload: bytes) -> Event:
    """Parse one CRC-checked payload; raises ``RemoteFrameError`` naming why it is unusable."""
    if len(payload) < _HEADER.size:
        raise RemoteFrameError("length", f"{len(payload)} bytes")
    version, kind, id_len = _HEADER.unpack_from(payload)
    if version != VERSION:
        raise RemoteFrameError("version", str(version))
    body_at = _HEADER.size + id_len + _COMMON.size
    if kind == FrameKind.PRESS:
        body = _PRESS
    elif kind == FrameKind.HEARTBEAT:
        body = _HEARTBEAT
    else:
        raise RemoteFrameError("kind", str(kind))
    if not 1 <= id_len <= MAX_DEVICE_ID or len(payload) != body_at + body.size:
        raise RemoteFrameError("length", f"{len(payload)} bytes for id length {id_len}")
    try:
        device = payload[_HEADER.size : _HEADER.size + id_len].decode("ascii")
        boot, seq, t_device = _COMMON.unpack_from(payload, _HEADER.size + id_len)
        if kind == FrameKind.PRESS:
            (button,) = _PRESS.unpack_from(payload, body_at)
            return Press(device, boot, seq, t_device, button)
        battery, signal = _HEARTBEAT.unpack_from(payload, body_at)
        return Heartbeat(
            device,
            boot,
            seq,
            t_device,
            None if battery == BATTERY_UNKNOWN else battery,
            None if signal == SIGNAL_UNKNOWN else signal,
        )
    except (UnicodeDecodeError, LocalProtocolError) as exc:
        # Out-of-range fields from the wire are the sender's fault, not ours.
        raise RemoteFrameError("field", str(exc)) from exc


def decode_frame(encoded: bytes) -> Event:
    """Decode one frame body found between delimiters (COBS, CRC, then payload)."""
    try:
        raw = cobs.decode(encoded)
    except cobs.DecodeError as exc:
        raise RemoteFrameError("cobs", str(exc)) from exc
    if len(raw) < 3:
        raise RemoteFrameError("length", f"{len(raw)} bytes")
    payload, crc = raw[:-2], int.from_bytes(raw[-2:], "big")
    if crc16(payload) != crc:
        raise RemoteFrameError("checksum", f"got {crc:#06x}")
    return decode_payload(payload)


class Decoder:
    """Feed bytes as they arrive; get complete events back. Never raises on any input.

    ``feed(b"")`` is allowed and returns nothing (a read timeout). Frames that fail are counted in
    ``rejected`` and by reason in ``reasons`` (checksum, cobs, length, version, kind, field,
    overlong) for the device-health view.
    """

    def __init__(self) -> None:
        self._buffer = b""
        self._skipping = False
        self.accepted = 0
        self.rejected = 0
        self.reasons: Counter[str] = Counter()

    def _reject(self, reason: str) -> None:
        self.rejected += 1
        self.reasons[reason] += 1

    def feed(self, data: bytes) -> list[Event]:
        if not data:
            return []
        parts = (self._buffer + data).split(DELIMITER)
        self._buffer = parts.pop()
        events: list[Event] = []
        for part in parts:
            if self._skipping:
                # The tail of an overlong run, already counted once when it overflowed.
                self._skipping = False
                continue
            if not part:
                continue  # back-to-back delimiters: the leading delimiter of the next frame
            if len(part) > MAX_ENCODED_FRAME:
                self._reject("overlong")
                continue
            try:
                events.append(decode_frame(part))
            except RemoteFrameError as exc:
                self._reject(exc.reason)
        if len(self._buffer) > MAX_ENCODED_FRAME:
            if not self._skipping:
                self._reject("overlong")
            self._buffer = b""
            self._skipping = True
        self.accepted += len(events)
        return events
