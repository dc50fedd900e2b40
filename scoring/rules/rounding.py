"""Exact decimal arithmetic helpers: parsing marks and the rounding modes federations use.

A rounding is written "truncate:0.001" (FIG), "half-up:0.01" (ISU), "half-even:0.01" or "none";
it is a parameter of the rule set because federations differ.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from scoring.rules.errors import InputInvalid

_MODES = {"truncate": ROUND_DOWN, "half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}


class Rounding:
    """How a computed value is cut to the published precision; ``quantum`` None means exact.

    A plain immutable class (not a dataclass) so rule-set files give it as one string.
    """

    __slots__ = ("mode", "quantum")
    mode: str
    quantum: Decimal | None

    def __init__(self, mode: str, quantum: Decimal | None) -> None:
        object.__setattr__(self, "mode", mode)
        object.__setattr__(self, "quantum", quantum)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Rounding is immutable")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rounding) and (self.mode, self.quantum) == (other.mode, other.quantum)

    def __hash__(self) -> int:
        return hash((self.mode, self.quantum))

    def __repr__(self) -> str:
        return f"Rounding({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> Rounding:
        """Parse "truncate:0.001", "half-up:0.01" or "none"; raises ValueError naming the problem."""
        if text == "none":
            return cls("none", None)
        mode, sep, quantum = text.partition(":")
        if not sep or mode not in _MODES:
            raise ValueError(f"rounding {text!r} is not 'none' or '<truncate|half-up|half-even>:<quantum>'")
        try:
            q = Decimal(quantum)
        except InvalidOperation as exc:
            raise ValueError(f"rounding quantum {quantum!r} is not a decimal") from exc
        if not q.is_finite() or q <= 0 or q.normalize().as_tuple().digits != (1,):
            raise ValueError(f"rounding quantum {quantum!r} must be a power of ten such as 0.01")
        return cls(mode, q.normalize())

    def apply(self, value: Decimal) -> Decimal:
        """Cut ``value`` to this precision (truncation goes toward zero, as FIG truncates)."""
        if self.quantum is None:
            return value
        return value.quantize(self.quantum, rounding=_MODES[self.mode])

    def __str__(self) -> str:
        return "none" if self.quantum is None else f"{self.mode}:{self.quantum}"


NO_ROUNDING = Rounding("none", None)


def to_decimal(value: Any, what: str) -> Decimal:
    """A Decimal from a str/int/Decimal as stored in a payload; floats are refused (inexact)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise InputInvalid(what, f"{value!r} must be a decimal string, not a {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, str)):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise InputInvalid(what, f"{value!r} is not a decimal number") from None
    else:
        raise InputInvalid(what, f"{value!r} is not a decimal number")
    if not result.is_finite():
        raise InputInvalid(what, f"{value!r} is not a finite number")
    return result


def on_step(value: Decimal, low: Decimal, high: Decimal, step: Decimal | None) -> bool:
    """True when ``value`` lies in [low, high] and on the grid low + k*step."""
    if value < low or value > high:
        return False
    return step is None or (value - low) % step == 0


def plain(value: Decimal) -> str:
    """The fixed-point text of a Decimal (no exponent), for JSON and tables."""
    return format(value, "f")
