"""Line adapter for cheap keypads that send plain text lines (``1R2\\r\\n``), sans-I/O.

Each rule maps a regular expression to a device id and a keymap button name, both templates over
the pattern's named groups. Unmatched, undecodable or overlong lines are counted in ``rejected``.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from devices.errors import DeviceConfigError

MAX_LINE = 256


@dataclass(frozen=True, slots=True)
class LineRule:
    pattern: re.Pattern[str]
    device: str
    button: str


@dataclass(frozen=True, slots=True)
class LinePress:
    """A press read from a text line; line keypads carry no sequence number or clock."""

    device: str
    button: str
    line: str


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _parse_rule(index: int, raw: Mapping[str, Any], source: str) -> LineRule:
    where = f"line rule #{index + 1}"
    try:
        pattern_text, device, button = raw["pattern"], raw["device"], raw["button"]
    except KeyError as exc:
        raise DeviceConfigError(source, f"{where} lacks {exc.args[0]!r}") from None
    if not all(isinstance(v, str) for v in (pattern_text, device, button)):
        raise DeviceConfigError(source, f"{where}: pattern, device and button must be strings")
    try:
        pattern = re.compile(pattern_text)
        missing = (_fields(device) | _fields(button)) - set(pattern.groupindex)
    except (re.error, ValueError) as exc:
        raise DeviceConfigError(source, f"{where}: {exc}") from None
    if missing:
        raise DeviceConfigError(source, f"{where}: template names unknown groups {sorted(missing)}")
    return LineRule(pattern, device, button)


def parse_line_rules(text: str, source: str = "line rules") -> tuple[LineRule, ...]:
    """Parse ``[[line]] pattern = '...', device = '...', button = '...'`` tables from TOML."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DeviceConfigError(source, str(exc)) from None
    raw_rules = doc.get("line")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise DeviceConfigError(source, "needs at least one [[line]] table")
    return tuple(_parse_rule(i, raw, source) for i, raw in enumerate(raw_rules))


class LineAdapter:
    """Feed bytes; get ``LinePress`` for each complete line matching a rule (first match wins)."""

    def __init__(self, rules: tuple[LineRule, ...]) -> None:
        self._rules = rules
        self._buffer = b""
        self._skipping = False
        self.accepted = 0
        self.rejected = 0

    def _match(self, raw: bytes) -> LinePress | None:
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            self.rejected += 1
            return None
        if not line:
            return None
        for rule in self._rules:
            found = rule.pattern.fullmatch(line)
            if found:
                groups = {k: v or "" for k, v in found.groupdict().items()}
                return LinePress(rule.device.format(**groups), rule.button.format(**groups), line)
        self.rejected += 1
        return None

    def feed(self, data: bytes) -> list[LinePress]:
        if not data:
            return []
        lines = (self._buffer + data).replace(b"\r", b"\n").split(b"\n")
        self._buffer = lines.pop()
        presses: list[LinePress] = []
        for raw in lines:
            if self._skipping:
                self._skipping = False
                continue
            press = self._match(raw) if len(raw) <= MAX_LINE else None
            if len(raw) > MAX_LINE:
                self.rejected += 1
            if press:
                presses.append(press)
        if len(self._buffer) > MAX_LINE:
            if not self._skipping:
                self.rejected += 1
            self._buffer, self._skipping = b"", True
        self.accepted += len(presses)
        return presses
