"""Competition tables: competition -> event -> contest on a field of play, judged by a panel.

The contest's truth is its event log (``ContestEvent``); the ``status`` column on ``Contest`` is a
cached projection the hub keeps in step with the log for listing pages. A competition, event, field,
panel or entry the back office cancels keeps its row with ``cancelled_at`` and ``cancelled_reason``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from base.db import UTCDateTime, utcnow


class Competition(SQLModel, table=True):
    __tablename__ = "competition"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    venue: str = Field(default="", max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None
    level: str = Field(default="city", max_length=20)  # city, national, international: what its results are worth in rankings
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # cancelled in the back office: kept, never deleted
    cancelled_reason: str = Field(default="", max_length=300)


class SportEvent(SQLModel, table=True):
    """An event of a competition: sport, discipline, category and the rule set that scores it."""

    __tablename__ = "sport_event"

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competition.id", index=True)
    name: str = Field(max_length=200)
    sport: str = Field(max_length=50)
    discipline: str = Field(default="", max_length=100)
    category: str = Field(default="", max_length=100)
    ruleset_id: str = Field(max_length=100)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # cancelled in the back office: kept, never deleted
    cancelled_reason: str = Field(default="", max_length=300)


class FieldOfPlay(SQLModel, table=True):
    """A mat, ring or board where one contest runs at a time."""

    __tablename__ = "field_of_play"

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competition.id", index=True)
    name: str = Field(max_length=100)
    kind: str = Field(default="mat", max_length=20)
    current_contest_id: int | None = Field(default=None)  # the contest the panel scores now
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # cancelled in the back office: kept, never deleted
    cancelled_reason: str = Field(default="", max_length=300)


class Panel(SQLModel, table=True):
    """A judge panel (its seats) working on one field of play."""

    __tablename__ = "panel"

    id: int | None = Field(default=None, primary_key=True)
    fop_id: int = Field(foreign_key="field_of_play.id", index=True)
    name: str = Field(max_length=100)
    seats: str = Field(default="J1,J2,J3", max_length=300)  # comma-separated seat names
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # cancelled in the back office: kept, never deleted
    cancelled_reason: str = Field(default="", max_length=300)

    def seat_list(self) -> list[str]:
        return [s for s in self.seats.split(",") if s]


class Entry(SQLModel, table=True):
    """An athlete entered in an event."""

    __tablename__ = "entry"
    __table_args__ = (UniqueConstraint("event_id", "athlete_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="sport_event.id", index=True)
    athlete_id: int = Field(foreign_key="athlete.id", index=True)
    bib: str = Field(default="", max_length=20)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # cancelled in the back office: kept, never deleted
    cancelled_reason: str = Field(default="", max_length=300)


class Contest(SQLModel, table=True):
    """A bout between red and blue, or one athlete's performance (a dive, a routine)."""

    __tablename__ = "contest"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="sport_event.id", index=True)
    fop_id: int = Field(foreign_key="field_of_play.id", index=True)
    panel_id: int = Field(foreign_key="panel.id", index=True)
    order: int = Field(default=0)
    label: str = Field(default="", max_length=100)
    red_entry_id: int | None = Field(default=None, foreign_key="entry.id")
    blue_entry_id: int | None = Field(default=None, foreign_key="entry.id")
    params: str = Field(default="{}", sa_type=Text)  # JSON: per-contest facts (dd, round_seconds)
    status: str = Field(default="scheduled", max_length=20, index=True)
    final_hash: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ContestEvent(SQLModel, table=True):
    """One entry of a contest's append-only, hash-chained event log."""

    __tablename__ = "contest_event"
    __table_args__ = (
        UniqueConstraint("contest_id", "seq"),
        # A resend of the same (seat, epoch, seq) is recognised by this key and counted once.
        UniqueConstraint("contest_id", "source", "epoch", "source_seq"),
        Index("ix_contest_event_source_key", "epoch", "source_seq"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    seq: int
    kind: str = Field(max_length=40)
    payload: str = Field(sa_type=Text)  # canonical JSON
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(default="", max_length=100)
    source: str | None = Field(default=None, max_length=100)  # "seat:J1" / "device:KP-01"
    epoch: str | None = Field(default=None, max_length=100)
    source_seq: int | None = None
    prev_hash: str = Field(max_length=64)
    hash: str = Field(sa_column=Column(String(64), nullable=False))


class PairingCode(SQLModel, table=True):
    """A short-lived 6-digit code the head referee shows for one seat; a tablet redeems it."""

    __tablename__ = "pairing_code"

    id: int | None = Field(default=None, primary_key=True)
    panel_id: int = Field(foreign_key="panel.id", index=True)
    seat: str = Field(max_length=20)
    code: str = Field(max_length=6, index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SeatBinding(SQLModel, table=True):
    """One tablet bound to one seat of one panel, until revoked."""

    __tablename__ = "seat_binding"

    id: int | None = Field(default=None, primary_key=True)
    panel_id: int = Field(foreign_key="panel.id", index=True)
    seat: str = Field(max_length=20)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    label: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # A tablet that paired to a seat another tablet holds: not in force until the head referee
    # confirms it on the console (then the other is revoked) or refuses it (then it is revoked).
    pending: bool = Field(default=False)


class KeypadBridge(SQLModel, table=True):
    """The bridge a keypad belongs to: the ``device`` account that announced it first. Another
    bridge's presses, battery and health for it are refused until the head referee releases it."""

    __tablename__ = "keypad_bridge"

    device_id: str = Field(primary_key=True, max_length=64)
    bridge: str = Field(max_length=64)  # the bridge account's username ("@server": read by the server)
    bound_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DeviceAssignment(SQLModel, table=True):
    """A hardware keypad assigned to a seat of a panel by the head referee."""

    __tablename__ = "device_assignment"

    device_id: str = Field(primary_key=True, max_length=64)
    panel_id: int = Field(foreign_key="panel.id", index=True)
    seat: str = Field(max_length=20)
    assigned_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
