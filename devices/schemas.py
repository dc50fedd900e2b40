"""Shapes that leave the devices room: presses and device states, and the bridge's JSON messages.

The JSON messages are the ``/ws/devices`` contract (docs/device-protocol.md, "Bridge to server").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from devices.errors import RemoteFrameError
from devices.keymap import Side


class LinkState(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True, slots=True)
class DevicePress:
    """A keypad press translated through the keymap; ``(device, epoch, seq)`` identifies it."""

    device: str
    epoch: str
    seq: int
    side: Side
    value: Decimal
    button: str
    code: str | None = None
    t_device: int | None = None
    port: str = ""
    # How long before it was taken the press was made (ms), read from the keypad's clock mapped to
    # the host's (``DeviceIntake``); None for a keypad without a clock (line keypads): made now.
    age_ms: int | None = None
    # The bridge's wall time of the press (seconds), kept in its outbox so that ``age_ms`` can be
    # stamped again when the press is (re)sent; never sent itself (``stamp_age``).
    pressed_wall: float | None = None

    def to_message(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "press",
            "device": self.device,
            "epoch": self.epoch,
            "seq": self.seq,
            "side": self.side.value,
            "value": str(self.value),
            "button": self.button,
            "t_device": self.t_device,
        }
        if self.code is not None:
            message["code"] = self.code
        if self.age_ms is not None:
            message["age_ms"] = self.age_ms
        if self.pressed_wall is not None:
            message["pressed_wall"] = self.pressed_wall
        return message


def stamp_age(text: str, now_wall: float) -> str:
    """An outbox message as it is sent at ``now_wall``: its press time turned into ``age_ms``, how
    long ago the press was made (a press replayed after a lost link says how late it is)."""
    message = json.loads(text)
    pressed = message.pop("pressed_wall", None)
    if not isinstance(pressed, int | float):
        return text
    message["age_ms"] = max(0, round((now_wall - pressed) * 1000))
    return json.dumps(message)


@dataclass(frozen=True, slots=True)
class DeviceState:
    """Health of one keypad as the head referee sees it."""

    device: str
    state: LinkState
    battery: int | None = None
    signal: int | None = None
    rejected: int = 0
    port: str = ""
    lost: int = 0  # frames missing from its seq (gaps not filled by a resend), over its boots

    def to_message(self) -> dict[str, Any]:
        return {
            "type": "device_state",
            "device": self.device,
            "state": self.state.value,
            "battery": self.battery,
            "signal": self.signal,
            "rejected": self.rejected,
            "lost": self.lost,
        }


def hello_message(bridge: str, devices: list[str]) -> dict[str, Any]:
    return {"type": "hello", "bridge": bridge, "devices": sorted(devices)}


@dataclass(frozen=True, slots=True)
class Ack:
    device: str
    epoch: str
    seq: int
    duplicate: bool
    late: str | None = None  # a late press the server recorded but cannot count: the reason code


@dataclass(frozen=True, slots=True)
class ServerError:
    code: str
    message: str
    device: str | None
    epoch: str | None
    seq: int | None


@dataclass(frozen=True, slots=True)
class Assignments:
    devices: Mapping[str, Mapping[str, Any]]


ServerMessage = Ack | ServerError | Assignments


def parse_server_message(text: str | bytes) -> ServerMessage | None:
    """Parse one server message; ``None`` for a type this bridge does not know (forward compat).

    Raises ``RemoteFrameError("message", ...)`` when the text is not a valid message.
    """
    try:
        doc = json.loads(text)
        kind = doc["type"]
        if kind == "ack":
            seq = doc["seq"]
            if not isinstance(seq, int):
                raise TypeError("seq")
            late = doc.get("late") if doc.get("counted") is False else None
            return Ack(str(doc["device"]), str(doc["epoch"]), seq, bool(doc.get("duplicate")), None if late is None else str(late))
        if kind == "error":
            seq = doc.get("seq")
            epoch = doc.get("epoch")
            return ServerError(
                str(doc["code"]),
                str(doc.get("message", "")),
                doc.get("device"),
                None if epoch is None else str(epoch),
                seq if isinstance(seq, int) else None,
            )
        if kind == "assignments":
            devices = doc["devices"]
            if not isinstance(devices, dict):
                raise TypeError("devices")
            return Assignments(devices)
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise RemoteFrameError("message", f"{type(exc).__name__}: {exc}") from exc
