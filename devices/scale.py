"""Platform scales: their text lines -> a weight in grams, and when the scale has settled (pure).

A weigh-in scale prints one line per reading, continuously or when asked (``docs/device-protocol.md``
"Scales"). ``parse_line`` reads the common formats:

- A&D (``ST,GS,+0058.30  kg``; ``US`` unstable, ``OL`` overload, ``QT`` a piece count),
- CAS and most Chinese indicators (``ST,GS,  58.30kg``; ``US,NT,...``),
- Mettler-Toledo SICS (``S S      58.30 kg``; ``S D`` dynamic, ``S +``/``S -`` over/under range,
  ``S I`` busy),
- a plain number (``58.30``, ``58,30``, ``+58.30 kg``, ``58300 g``, ``128.6 lb``): such a scale says
  nothing of stability, so the ``Settler``'s run of equal readings decides.

It answers a ``Reading`` (grams, whether the scale calls it stable, the raw line), a ``Refused``
(a weight line that cannot be an athlete's weight: negative, zero, overload, over 300 kg, an
unknown unit) or ``None`` (not a weight line: empty, an echo, noise). Pounds are converted exactly
(1 lb = 453.59237 g) and every weight is rounded to the gram, halves up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_GRAMS = 300_000  # nobody on a weigh-in scale weighs more; a bigger number is a fault
MAX_LINE = 64  # bytes; a longer run without a line end is noise
GRAMS_PER_UNIT = {"kg": Decimal(1000), "g": Decimal(1), "lb": Decimal("453.59237"), "lbs": Decimal("453.59237")}

# A&D / CAS: header (stable, unstable, overload, count), optional data type, then the value.
_HEADED = re.compile(r"(?P<head>ST|US|OL|QT)\s*(?:,\s*(?P<kind>GS|NT|TR|G|N|T)\s*)?(?:,\s*(?P<rest>.*))?", re.IGNORECASE)
# Mettler-Toledo SICS: "S S", "S D", "S I", "S +", "S -" (also "SI" answers), then the value.
_SICS = re.compile(r"S\s+(?P<status>[SDI+\-])(?:\s+(?P<rest>.*))?")
_VALUE = re.compile(r"(?P<sign>[+-])?\s*(?P<number>\d{1,9}(?:[.,]\d{1,6})?|[.,]\d{1,6})\s*(?P<unit>[A-Za-z]+)?")


@dataclass(frozen=True, slots=True)
class Reading:
    """A weight the scale sent: ``grams`` (> 0, <= 300 kg) and whether the scale calls it stable."""

    grams: int
    stable: bool
    raw: str


@dataclass(frozen=True, slots=True)
class Refused:
    """A weight line that is not an athlete's weight; ``reason`` is one of ``REASONS``."""

    reason: str
    raw: str


REASONS = ("overload", "underload", "busy", "negative", "zero", "too_heavy", "unit", "count")


def to_grams(number: str, unit: str = "kg") -> int:
    """``"58,30", "kg"`` -> 58300; raises ``ValueError`` for an unknown unit or a bad number."""
    factor = GRAMS_PER_UNIT.get(unit.lower())
    if factor is None:
        raise ValueError(f"unknown unit {unit!r}")
    try:
        value = Decimal(number.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"not a number: {number!r}") from None
    return int((value * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _value(rest: str, raw: str, stable: bool) -> Reading | Refused | None:
    match = _VALUE.fullmatch(rest.strip())
    if match is None:
        return None
    unit = match["unit"] or "kg"
    try:
        grams = to_grams(match["number"], unit)
    except ValueError:
        return Refused("unit", raw)
    if match["sign"] == "-" and grams != 0:
        return Refused("negative", raw)
    if grams == 0:
        return Refused("zero", raw)
    if grams > MAX_GRAMS:
        return Refused("too_heavy", raw)
    return Reading(grams, stable, raw)


def parse_line(line: str) -> Reading | Refused | None:
    """One line from a scale (line end and spaces around it are ignored)."""
    raw = line.strip()
    if not raw:
        return None
    headed = _HEADED.fullmatch(raw)
    if headed:
        head = headed["head"].upper()
        if head == "OL":
            return Refused("overload", raw)
        if head == "QT":
            return Refused("count", raw)
        if headed["rest"] is None:
            return None
        return _value(headed["rest"], raw, stable=head == "ST")
    sics = _SICS.fullmatch(raw)
    if sics:
        status = sics["status"]
        if status == "+":
            return Refused("overload", raw)
        if status == "-":
            return Refused("underload", raw)
        if status == "I":
            return Refused("busy", raw)
        if sics["rest"] is None:
            return None
        return _value(sics["rest"], raw, stable=status == "S")
    return _value(raw, raw, stable=True)


class LineSplitter:
    """Bytes from the port -> text lines. A line ends at ``\\n`` or ``\\r`` (some scales send only
    one of them); a run longer than ``MAX_LINE`` bytes is dropped as noise and counted."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._overlong = False
        self.rejected = 0

    def feed(self, data: bytes) -> list[str]:
        lines = []
        for byte in data:
            if byte in (0x0A, 0x0D):
                if self._overlong:
                    self.rejected += 1
                elif self._buffer:
                    lines.append(self._buffer.decode("ascii", errors="replace"))
                self._buffer.clear()
                self._overlong = False
            elif not self._overlong:
                self._buffer.append(byte)
                if len(self._buffer) > MAX_LINE:
                    self._buffer.clear()
                    self._overlong = True
        return lines


class Settler:
    """A reading counts once the scale has settled: ``needed`` consecutive stable readings of the
    same weight. ``feed`` returns that reading once (on the ``needed``-th), then nothing while the
    weight stays; an unstable reading, another weight or a refused line starts the count again, so
    the next athlete (or the same one stepping on again) settles anew. Lines that are not weights
    (``None``) change nothing."""

    def __init__(self, needed: int = 3) -> None:
        if needed < 1:
            raise ValueError("needed must be at least 1")
        self.needed = needed
        self._grams: int | None = None
        self._count = 0

    def feed(self, item: Reading | Refused | None) -> Reading | None:
        if item is None:
            return None
        if not isinstance(item, Reading) or not item.stable:
            self._grams, self._count = None, 0
            return None
        if item.grams != self._grams:
            self._grams, self._count = item.grams, 0
        self._count += 1
        return item if self._count == self.needed else None
