"""Weigh-in scales: the last settled reading of each station, kept in memory on the app state.

``arena devices scale`` (a ``device`` account, or a manager's script) POSTs each weight its scale
settled on to ``/api/tournaments/scale/{station}``; the weigh-in page (manager or referee) polls
``GET`` and offers a fresh reading (under 10 s) to fill its pad. Nothing is stored in the database
here: the official weight is recorded, as before, by the weigh-in API, with ``source`` naming the
station (``scale:can-1``). A restart forgets the readings, which is what a scale display does too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, Router, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from base.accounts.models import Role, User
from base.auth import requires_role
from base.clock import Clock
from tournaments.errors import TournamentError

SENDERS = requires_role(Role.DEVICE, Role.MANAGER)
READERS = requires_role(Role.MANAGER, Role.REFEREE)
STATION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,23}")
MAX_GRAMS = 300_000
MAX_STATIONS = 64  # a venue has a few; a runaway script cannot grow the dict past this
FRESH_S = 10.0


class ScaleStationInvalid(TournamentError):
    code, status, fields = "tournaments.scale_station_invalid", 400, ("station",)
    vi = "Tên trạm cân {station} không hợp lệ: chỉ chữ không dấu, số, '-', '_' hoặc '.', tối đa 24 ký tự"
    en = "Scale station name {station} is invalid: ASCII letters, digits, '-', '_' or '.', at most 24 characters"


class ScaleReadingInvalid(TournamentError):
    code, status, fields = "tournaments.scale_reading_invalid", 400, ("grams",)
    vi = "Số cân {grams} g không hợp lệ: phải là số cân đã ổn định, lớn hơn 0 và không quá 300 kg"
    en = "Scale reading {grams} g is invalid: it must be settled, above 0 and at most 300 kg"


class ScaleReadingIn(msgspec.Struct, forbid_unknown_fields=True):
    grams: int
    stable: bool = True
    raw: str = ""


@dataclass(frozen=True, slots=True)
class StationReading:
    grams: int
    raw: str
    at: datetime
    by: str


def kg_vi(grams: int) -> str:
    """58300 -> ``58,3``; 58000 -> ``58``; 58305 -> ``58,305`` (exact, Vietnamese decimal comma)."""
    return f"{grams // 1000},{grams % 1000:03d}".rstrip("0").rstrip(",")


def _station(name: str) -> str:
    if not STATION.fullmatch(name):
        raise ScaleStationInvalid(name[:40])
    return name.lower()


def _readings(state: State) -> dict[str, StationReading]:
    readings: dict[str, StationReading] | None = state.get("scale_readings")
    if readings is None:
        readings = {}
        state["scale_readings"] = readings
    return readings


def _clock(request: Request[Any, Any, Any]) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


@post("/{station:str}", guards=[SENDERS], status_code=200)
async def put_reading(station: FromPath[str], data: JSONBody[ScaleReadingIn], request: Request[Any, Any, Any]) -> dict[str, Any]:
    """A scale settled on a weight: it becomes the station's reading."""
    name = _station(station)
    if not data.stable or not 0 < data.grams <= MAX_GRAMS:
        raise ScaleReadingInvalid(data.grams)
    readings = _readings(request.app.state)
    readings.pop(name, None)
    while len(readings) >= MAX_STATIONS:
        readings.pop(next(iter(readings)))  # the station heard from longest ago
    user = request.scope.get("user")
    by = user.username if isinstance(user, User) else ""
    readings[name] = StationReading(data.grams, data.raw[:64], _clock(request)(), by)
    return {"station": name, "grams": data.grams, "weight": kg_vi(data.grams)}


@get("/{station:str}", guards=[READERS])
async def get_reading(station: FromPath[str], request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The station's last settled reading and its age, or ``reading: null`` before the first."""
    name = _station(station)
    reading = _readings(request.app.state).get(name)
    if reading is None:
        return {"station": name, "reading": None}
    age = max(0.0, (_clock(request)() - reading.at).total_seconds())
    return {
        "station": name,
        "reading": {
            "grams": reading.grams,
            "weight": kg_vi(reading.grams),
            # The weigh-in takes at most two decimals: the pad gets the reading to the nearest 10 g
            # (a pound scale's 58,332 -> 58,33; a kg scale already prints 10 g steps).
            "pad": kg_vi((reading.grams + 5) // 10 * 10),
            "raw": reading.raw,
            "at": reading.at.isoformat(),
            "age_s": round(age, 1),
            "fresh": age < FRESH_S,
        },
    }


scale_router = Router(path="/api/tournaments/scale", route_handlers=[put_reading, get_reading], tags=["tournaments"])
