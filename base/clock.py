"""The one clock of an installation, and the venue's time zone.

Rule 1: every "now" the server takes comes from the ``Clock`` handed to ``create_app`` (aware, UTC).
Rule 2: every date a person sees or a rule counts in (today, a due date, an age, a camp day, the time
printed on a page or a document) is in the venue's zone, default Asia/Ho_Chi_Minh: local midnight
there, not in UTC and not on the machine, turns the day.
Rule 3: tests and rehearsals start the same clock at a chosen instant; it then ticks in real time
(so contest clocks run) and can be moved forward by hours or days.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"


def venue_zone(name: str) -> ZoneInfo:
    """The zone called ``name`` (IANA, e.g. ``Asia/Ho_Chi_Minh``); ``ValueError`` names a bad one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (an IANA name such as {DEFAULT_ZONE!r})") from exc


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with its offset (``2026-12-01T23:30:00+07:00``); a naive one is refused."""
    try:
        instant = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"not an ISO 8601 date and time: {text!r}") from exc
    if instant.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset (write e.g. {text}+07:00)")
    return instant.astimezone(UTC)


class Clock:
    """``clock()`` is now in UTC; ``clock.today()`` and ``clock.local(t)`` are the venue's.

    ``start`` makes the clock begin at that instant instead of the system's now; ``ticking=False``
    holds it there until ``advance`` moves it.
    """

    def __init__(self, zone: ZoneInfo | str = DEFAULT_ZONE, *, start: datetime | None = None, ticking: bool = True) -> None:
        self.zone = zone if isinstance(zone, ZoneInfo) else venue_zone(zone)
        if start is not None and start.tzinfo is None:
            raise ValueError("a clock's start needs a time zone")
        self._start = start.astimezone(UTC) if start is not None else None
        self._ticking = ticking
        self._anchor = time.monotonic()
        self._offset = timedelta(0)

    def __call__(self) -> datetime:
        if self._start is None:
            return datetime.now(UTC) + self._offset
        elapsed = timedelta(seconds=time.monotonic() - self._anchor) if self._ticking else timedelta(0)
        return self._start + elapsed + self._offset

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (a test crossing midnight, a certificate's validity, a deadline)."""
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward")
        self._offset += delta

    def local(self, at: datetime | None = None) -> datetime:
        """``at`` (default: now) in the venue's zone; a naive ``at`` is refused."""
        at = self() if at is None else at
        if at.tzinfo is None:
            raise ValueError("naive datetime refused: give a timezone")
        return at.astimezone(self.zone)

    def today(self) -> date:
        """The venue's date now."""
        return self.local().date()

    def __repr__(self) -> str:
        return f"Clock({self.zone.key!r}, now={self().isoformat()})"
