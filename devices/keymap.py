"""Keymap: which keypad button means which side, value and code (penalty/deduction).

The default keymap is documented in docs/device-protocol.md; a venue may replace it with a TOML
file (``[[button]] byte = 0x01, name = "RED_1", side = "red", value = "1", code = "..."``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from devices.errors import DeviceConfigError

_NAME = re.compile(r"[A-Z][A-Z0-9_]{0,31}\Z")


class Side(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True, slots=True)
class ButtonAction:
    """What one button does: score ``value`` for ``side``, optionally with a ``code``."""

    byte: int
    name: str
    side: Side
    value: Decimal
    code: str | None = None


@dataclass(frozen=True)
class Keymap:
    """Lookup of button actions by wire byte (framed keypads) and by name (line keypads)."""

    actions: tuple[ButtonAction, ...]
    _by_byte: dict[int, ButtonAction] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, ButtonAction] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_byte", {a.byte: a for a in self.actions})
        object.__setattr__(self, "_by_name", {a.name: a for a in self.actions})

    def by_byte(self, byte: int) -> ButtonAction | None:
        return self._by_byte.get(byte)

    def by_name(self, name: str) -> ButtonAction | None:
        return self._by_name.get(name)


def _default_actions() -> Iterable[ButtonAction]:
    # Values 1-5 cover the WT technique points (punch 1, body 2, head 3, turning body 4, turning
    # head 5) and karate's 1-3; the rule set decides which are legal in an event.
    for side, base in ((Side.RED, 0x00), (Side.BLUE, 0x10)):
        prefix = side.value.upper()
        for points in range(1, 6):
            yield ButtonAction(base + points, f"{prefix}_{points}", side, Decimal(points))
        yield ButtonAction(base + 0x0F, f"{prefix}_PENALTY", side, Decimal(1), "penalty")


DEFAULT_KEYMAP = Keymap(tuple(_default_actions()))


def _parse_action(index: int, raw: Mapping[str, Any], source: str) -> ButtonAction:
    where = f"button #{index + 1}"
    try:
        byte, name, side, value = raw["byte"], raw["name"], raw["side"], raw["value"]
    except KeyError as exc:
        raise DeviceConfigError(source, f"{where} lacks {exc.args[0]!r}") from None
    if not isinstance(byte, int) or isinstance(byte, bool) or not 0 <= byte <= 0xFF:
        raise DeviceConfigError(source, f"{where}: byte must be an integer 0-255")
    if not isinstance(name, str) or not _NAME.match(name):
        raise DeviceConfigError(source, f"{where}: name must be UPPER_CASE, got {name!r}")
    try:
        parsed_side = Side(side)
    except ValueError:
        raise DeviceConfigError(source, f"{where}: side must be red or blue") from None
    try:
        # A string keeps the decimal exact; a TOML float would already be binary.
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InvalidOperation
        parsed_value = Decimal(str(value))
        if not parsed_value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise DeviceConfigError(source, f"{where}: value must be a decimal string") from None
    code = raw.get("code")
    if code is not None and not isinstance(code, str):
        raise DeviceConfigError(source, f"{where}: code must be a string")
    return ButtonAction(byte, name, parsed_side, parsed_value, code)


def parse_keymap(text: str, source: str = "keymap") -> Keymap:
    """Parse a TOML keymap; raises ``DeviceConfigError`` on any invalid or duplicate entry."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DeviceConfigError(source, str(exc)) from None
    raw_buttons = doc.get("button")
    if not isinstance(raw_buttons, list) or not raw_buttons:
        raise DeviceConfigError(source, "needs at least one [[button]] table")
    actions = tuple(_parse_action(i, raw, source) for i, raw in enumerate(raw_buttons))
    for attr in ("byte", "name"):
        values = [getattr(a, attr) for a in actions]
        dupes = sorted({v for v in values if values.count(v) > 1}, key=str)
        if dupes:
            raise DeviceConfigError(source, f"duplicate {attr}: {dupes}")
    return Keymap(actions)


def button_label(keymap: Keymap, byte: int) -> str:
    """Name of a wire byte for logs and the ``button`` field: the keymap name or ``0xNN``."""
    action = keymap.by_byte(byte)
    return action.name if action else f"0x{byte:02X}"
