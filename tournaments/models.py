"""Tournament tables: categories of an event, the athletes entered in them, weigh-ins, draws (with
their commitments), the bouts of a draw and where they are played, the competition's own hash-chained
log, sessions of play and the officials of a competition.

Weights are integer grams (58.3 kg is 58300): no float and no decimal column reaches the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from base.db import UTCDateTime, utcnow


class Category(SQLModel, table=True):
    """A category of an event: sex, age (by year of birth), weight band, level; and how it is drawn."""

    __tablename__ = "tournament_category"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competition.id", index=True)
    event_id: int = Field(foreign_key="sport_event.id", index=True)
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    sex: str = Field(default="", max_length=1)
    age_group: str = Field(default="", max_length=60)
    min_age: int | None = None
    max_age: int | None = None
    weight_min_g: int | None = None  # exclusive
    weight_max_g: int | None = None  # inclusive; None: open at the top
    tolerance_g: int = 0
    level: str = Field(default="", max_length=60)
    discipline: str = Field(default="", max_length=60)
    template: str = Field(default="", max_length=60)
    draw_format: str = Field(default="single", max_length=20)
    draw_options: str = Field(default="{}", sa_type=Text)  # JSON
    sport_rules: str = Field(default="", max_length=40)  # key of the order-of-competition rules
    contest_minutes: int = Field(default=8)
    fields: str = Field(default="", max_length=200)  # comma-separated field-of-play ids it is held on; "" = any
    registration_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    moves_locked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    team_limit: int | None = None
    status: str = Field(default="open", max_length=20, index=True)  # open, closed, drawn, finished, cancelled
    cancel_reason: str = Field(default="", max_length=300)
    position: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CategoryEntry(SQLModel, table=True):
    """An athlete registered for a category, the manager's decision, the weigh-in and the seed."""

    __tablename__ = "tournament_entry"
    __table_args__ = (UniqueConstraint("category_id", "athlete_id"),)

    id: int | None = Field(default=None, primary_key=True)
    category_id: int = Field(foreign_key="tournament_category.id", index=True)
    athlete_id: int = Field(foreign_key="athlete.id", index=True)
    team_name: str = Field(default="", max_length=200)
    # The athlete's club and district when entered, as the team: the medal table by club or district counts
    # these, so a later change of the athlete's record moves no medal of an event already held (docs/results.md).
    club: str = Field(default="", max_length=200)
    district: str = Field(default="", max_length=100)
    status: str = Field(default="pending", max_length=20, index=True)  # pending, approved, refused, withdrawn
    reason: str = Field(default="", max_length=300)
    registered_by: str = Field(default="", max_length=64)
    registered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by: str = Field(default="", max_length=64)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    seed: int | None = None
    entry_id: int | None = Field(default=None, foreign_key="entry.id")  # the scoring entry, once approved
    weight_g: int | None = None
    weigh_status: str = Field(default="", max_length=20)  # "", ok, out, moved, withdrawn
    checked_in: bool = Field(default=False)
    # A judged athlete's program (docs/draws.md, parts): JSON list, one item per part of a performance, e.g. a
    # diver's dives [{"code": "105B", "dd": "2.4"}, ...]; each item becomes its part's contest parameters.
    program: str = Field(default="", sa_type=Text)


class WeighIn(SQLModel, table=True):
    """One reading on the scale, and what was decided about it."""

    __tablename__ = "tournament_weigh_in"

    id: int | None = Field(default=None, primary_key=True)
    category_entry_id: int = Field(foreign_key="tournament_entry.id", index=True)
    weight_g: int
    outcome: str = Field(max_length=20)  # ok, over, under, moved, withdrawn
    note: str = Field(default="", max_length=300)
    source: str = Field(default="tablet", max_length=40)  # tablet, scale:<device>
    at: datetime = Field(sa_type=UTCDateTime)
    by: str = Field(default="", max_length=64)


class DrawRecord(SQLModel, table=True):
    """A draw of a category: committed (the seed's SHA-256 published), then made (the seed revealed)."""

    __tablename__ = "tournament_draw"

    id: int | None = Field(default=None, primary_key=True)
    category_id: int = Field(foreign_key="tournament_category.id", index=True)
    status: str = Field(default="committed", max_length=20)  # committed, drawn, superseded
    commitment: str = Field(max_length=64)
    entries_digest: str = Field(max_length=64)
    secret_hex: str = Field(default="", max_length=64)  # kept until the draw; published with it
    witness: str = Field(default="", max_length=200)
    committed_at: datetime = Field(sa_type=UTCDateTime)
    committed_by: str = Field(default="", max_length=64)
    drawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    drawn_by: str = Field(default="", max_length=64)
    draw_json: str = Field(default="", sa_type=Text)
    draw_digest: str = Field(default="", max_length=64)


class Bout(SQLModel, table=True):
    """One match of a draw (a contest between two, or one athlete's performance) and its place in the order."""

    __tablename__ = "tournament_bout"
    __table_args__ = (UniqueConstraint("draw_id", "match_key"),)

    id: int | None = Field(default=None, primary_key=True)
    category_id: int = Field(foreign_key="tournament_category.id", index=True)
    draw_id: int = Field(foreign_key="tournament_draw.id", index=True)
    match_key: str = Field(max_length=40)
    stage: str = Field(default="main", max_length=40)
    round: int = Field(default=1)
    order: int = Field(default=1)
    label: str = Field(default="", max_length=100)
    contest_id: int | None = Field(default=None, foreign_key="contest.id", unique=True)
    status: str = Field(default="waiting", max_length=20)  # waiting, ready, running, done, bye, cancelled
    result: str = Field(default="", sa_type=Text)  # JSON of the draw Result once decided
    fop_id: int | None = Field(default=None, foreign_key="field_of_play.id")
    position: int | None = None
    planned_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paper: bool = Field(default=False)  # the result was entered from a paper score sheet


class TournamentLog(SQLModel, table=True):
    """The competition's own hash-chained log: draws, commitments, moves, paper results."""

    __tablename__ = "tournament_log"
    __table_args__ = (UniqueConstraint("competition_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competition.id", index=True)
    seq: int
    kind: str = Field(max_length=40)
    payload: str = Field(sa_type=Text)  # canonical JSON
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(default="", max_length=100)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(sa_column=Column(String(64), nullable=False))


class PlaySession(SQLModel, table=True):
    """A block of time on one field of play ("Sáng 12/12, Thảm 1, 08:00-11:30")."""

    __tablename__ = "tournament_session"

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competition.id", index=True)
    fop_id: int = Field(foreign_key="field_of_play.id", index=True)
    name: str = Field(max_length=100)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)


class Official(SQLModel, table=True):
    """A named official assigned to a competition, and optionally to a field and a session."""

    __tablename__ = "tournament_official"

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competition.id", index=True)
    person_id: int = Field(foreign_key="athlete.id", index=True)
    role: str = Field(max_length=20)  # referee, judge, jury, weigh_in, marshal
    username: str = Field(default="", max_length=64)  # the account the official logs in with
    fop_id: int | None = Field(default=None, foreign_key="field_of_play.id")
    session_id: int | None = Field(default=None, foreign_key="tournament_session.id")
    team_name: str = Field(default="", max_length=200)
