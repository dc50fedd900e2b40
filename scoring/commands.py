"""Head-referee commands and the log event each one appends (pure)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.errors import InputRefused
from scoring.schemas import ContestCommand

MAX_REASON = 500  # characters of a correction's, adjustment's or decision's reason
MAX_CODE = 64  # characters of a penalty code or a decision method (the rule set's are shorter)

# ---- numbers and texts at the boundary -------------------------------------------------------------
# What a person at the field can sensibly type: a score adjustment or a penalty's value is a few
# points with at most three decimals (a panel's deduction of 0.005 is the finest any rule set
# uses), a clock is set within one hour, a contest has at most 20 rounds. Anything else (1e-999999999,
# 1e999999999, 2**63 ms) is refused before it reaches a log, a fold or a scoreboard frame.
MAX_POINTS = Decimal(100)
MAX_PLACES = 3
MAX_NUMBER_CHARS = 16
MAX_CLOCK_MS = 3_600_000
MAX_ROUNDS = 20
MAX_SEQ = 2**31 - 1


class NumberOutOfBounds(InputRefused):
    code, status, fields = "scoring.number_out_of_bounds", 400, ("what", "low", "high", "places")
    vi = "{what} phải là một số thập phân từ {low} đến {high}, tối đa {places} chữ số sau dấu phẩy"
    en = "{what} must be a decimal number from {low} to {high} with at most {places} decimal places"


class IntegerOutOfBounds(InputRefused):
    code, status, fields = "scoring.integer_out_of_bounds", 400, ("what", "low", "high")
    vi = "{what} phải là một số nguyên từ {low} đến {high}"
    en = "{what} must be a whole number from {low} to {high}"


def bounded_decimal(value: Any, what: str, limit: Decimal = MAX_POINTS, places: int = MAX_PLACES) -> Decimal:
    """``value`` (a decimal string or an int) as a Decimal, or NumberOutOfBounds naming ``what``:
    finite, |value| <= limit, at most ``places`` decimals, and short (no 1e-999999999)."""
    refused = NumberOutOfBounds(what, f"-{limit}", str(limit), places)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise refused
    text = str(value).strip()
    if not text or len(text) > MAX_NUMBER_CHARS or any(c not in "0123456789+-." for c in text):
        raise refused  # no exponents, no NaN/Infinity, no megabyte of digits
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise refused from None
    if not number.is_finite() or abs(number) > limit:
        raise refused
    exponent = number.normalize().as_tuple().exponent  # 2.50 has two decimals, 2.500 too
    if not isinstance(exponent, int) or exponent < -places:
        raise refused
    return number


def bounded_int(value: Any, what: str, low: int, high: int) -> int:
    """``value`` if it is an int within low..high, else IntegerOutOfBounds naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise IntegerOutOfBounds(what, low, high)
    return value


class TextTooLong(InputRefused):
    code, status, fields = "scoring.text_too_long", 400, ("what", "limit")
    vi = "{what} dài quá {limit} ký tự"
    en = "{what} is longer than {limit} characters"


SIDES = ("red", "blue")

COMMANDS: dict[str, str] = {
    "start_contest": "contest_started",
    "start_round": "round_started",
    "start_clock": "clock_started",
    "pause_clock": "clock_paused",
    "set_clock": "clock_set",
    "end_round": "round_ended",
    "end_contest": "contest_ended",
    "penalty": "penalty",
    "adjust": "score_adjusted",
    "correct": "correction",
    "decide": "decision",
}


def _side(value: str | None) -> str:
    if value not in SIDES:
        raise InputRefused(f"side must be red or blue, not {value!r}")
    return value


def _number(value: str | None, what: str) -> str:
    """A finite decimal of a few points with at most three decimals (NumberOutOfBounds otherwise)."""
    return str(bounded_decimal(value, what))


def _reason(cmd: ContestCommand) -> str:
    reason = cmd.reason.strip()
    if len(reason) > MAX_REASON:
        raise TextTooLong("reason", MAX_REASON)
    return reason


def command_event(cmd: ContestCommand, current_round: int) -> tuple[str, dict[str, Any]]:
    """The (kind, payload) a command appends; raises InputRefused for a malformed command."""
    kind = COMMANDS.get(cmd.command)
    if kind is None:
        raise InputRefused(f"unknown command {cmd.command!r}")
    reason = _reason(cmd)
    if kind == "round_started":
        return kind, {"round": current_round + 1}
    if kind == "round_ended":
        return kind, {"round": current_round}
    if kind == "clock_set":
        return kind, {"remaining_ms": bounded_int(cmd.remaining_ms, "remaining_ms", 0, MAX_CLOCK_MS)}
    if kind == "penalty":
        if not cmd.code:
            raise InputRefused("a penalty needs a code")
        if len(cmd.code) > MAX_CODE:
            raise TextTooLong("code", MAX_CODE)  # the rule set's codes are short
        data: dict[str, Any] = {"side": _side(cmd.side), "code": cmd.code}
        if cmd.value is not None:
            data["value"] = _number(cmd.value, "value")
        return kind, data
    if kind == "score_adjusted":
        if not reason:
            raise InputRefused("an adjustment needs a reason")
        data = {"side": _side(cmd.side), "delta": _number(cmd.delta, "delta"), "reason": reason}
        if cmd.round is not None:
            data["round"] = bounded_int(cmd.round, "round", 1, MAX_ROUNDS)
        return kind, data
    if kind == "correction":
        if cmd.corrects is None or not reason:
            raise InputRefused("a correction names the event it corrects and a reason")
        return kind, {"corrects": bounded_int(cmd.corrects, "corrects", 1, MAX_SEQ), "reason": reason}
    if kind == "decision":
        if not cmd.method:
            raise InputRefused("a decision needs a method")
        if len(cmd.method) > MAX_CODE:
            raise TextTooLong("method", MAX_CODE)
        return kind, {"winner": _side(cmd.winner), "method": cmd.method, "reason": reason}
    return kind, {}
