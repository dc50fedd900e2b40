"""Head-referee commands and the log event each one appends (pure)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.errors import InputRefused
from scoring.schemas import ContestCommand

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
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InputRefused(f"{what} must be a number") from None
    if not number.is_finite():
        raise InputRefused(f"{what} must be a finite number")
    return str(number)


def command_event(cmd: ContestCommand, current_round: int) -> tuple[str, dict[str, Any]]:
    """The (kind, payload) a command appends; raises InputRefused for a malformed command."""
    kind = COMMANDS.get(cmd.command)
    if kind is None:
        raise InputRefused(f"unknown command {cmd.command!r}")
    reason = cmd.reason.strip()
    if kind == "round_started":
        return kind, {"round": current_round + 1}
    if kind == "round_ended":
        return kind, {"round": current_round}
    if kind == "clock_set":
        if cmd.remaining_ms is None or cmd.remaining_ms < 0:
            raise InputRefused("remaining_ms must be zero or more")
        return kind, {"remaining_ms": cmd.remaining_ms}
    if kind == "penalty":
        if not cmd.code:
            raise InputRefused("a penalty needs a code")
        data: dict[str, Any] = {"side": _side(cmd.side), "code": cmd.code}
        if cmd.value is not None:
            data["value"] = _number(cmd.value, "value")
        return kind, data
    if kind == "score_adjusted":
        if not reason:
            raise InputRefused("an adjustment needs a reason")
        data = {"side": _side(cmd.side), "delta": _number(cmd.delta, "delta"), "reason": reason}
        if cmd.round is not None:
            data["round"] = cmd.round
        return kind, data
    if kind == "correction":
        if cmd.corrects is None or not reason:
            raise InputRefused("a correction names the event it corrects and a reason")
        return kind, {"corrects": cmd.corrects, "reason": reason}
    if kind == "decision":
        if not cmd.method:
            raise InputRefused("a decision needs a method")
        return kind, {"winner": _side(cmd.winner), "method": cmd.method, "reason": reason}
    return kind, {}
