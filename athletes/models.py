"""Tables of the athletes domain: people (athletes and coaches), teams, memberships, registrations,
licences; regime rate versions, attendance, payment vouchers; equipment and loans; search keys.

Money columns are BIGINT VND. A rate row is never edited: a new regulation adds a new version.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from base.db import UTCDateTime, utcnow

# Prefix ranges need byte-wise order; PostgreSQL databases often default to a linguistic one.
KEY_TYPE = String(200).with_variant(String(200, collation="C"), "postgresql")


class Athlete(SQLModel, table=True):
    """A person on the department's books: an athlete (kind "athlete") or a coach ("coach")."""

    __tablename__ = "athlete"
    __pii_columns__ = {"birth_date", "national_id", "phone", "email", "address", "guardian_name", "guardian_phone", "photo_sha"}

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200, index=True)
    gender: str = Field(default="", max_length=1)  # "M" / "F" / ""
    birth_date: date | None = None
    team: str = Field(default="", max_length=200)  # current team's name, as scoreboards show it
    club: str = Field(default="", max_length=200)  # the club (CLB) the athlete trains at, free text
    district: str = Field(default="", max_length=100)  # the district represented, a name of athletes.districts
    nation: str = Field(default="VIE", max_length=3)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    kind: str = Field(default="athlete", max_length=10, index=True)
    full_name_folded: str = Field(default="", max_length=200)
    national_id: str | None = Field(default=None, max_length=12, unique=True)
    phone: str = Field(default="", max_length=15)
    email: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    photo_sha: str = Field(default="", max_length=64)
    medical_until: date | None = None
    guardian_name: str = Field(default="", max_length=200)
    guardian_phone: str = Field(default="", max_length=15)
    team_id: int | None = Field(default=None, foreign_key="athlete_team.id", index=True)
    active: bool = Field(default=True)
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Team(SQLModel, table=True):
    """A team or unit: city team, city youth team, talent team (level picks the rate row)."""

    __tablename__ = "athlete_team"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    name_folded: str = Field(default="", max_length=200)
    level: str = Field(max_length=20)  # national, national_youth, city, city_youth, talent
    sport: str = Field(default="", max_length=100)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    __tablename__ = "athlete_membership"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="athlete.id", index=True)
    team_id: int = Field(foreign_key="athlete_team.id", index=True)
    role: str = Field(default="athlete", max_length=10)
    joined_on: date
    left_on: date | None = None


class Registration(SQLModel, table=True):
    """A person entered for a competition (scoring reads these through the service)."""

    __tablename__ = "athlete_registration"
    __table_args__ = (UniqueConstraint("person_id", "competition_id", "event_label"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="athlete.id", index=True)
    competition_id: int = Field(index=True)  # scoring's competition; no cross-domain foreign key
    event_label: str = Field(default="", max_length=200)
    registered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Licence(SQLModel, table=True):
    __tablename__ = "athlete_licence"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="athlete.id", index=True)
    kind: str = Field(max_length=100)  # e.g. "Thẻ VĐV Liên đoàn Taekwondo", "Chứng chỉ HLV"
    number: str = Field(max_length=50)
    issued_by: str = Field(default="", max_length=200)
    valid_until: date | None = None


class RegimeType(SQLModel, table=True):
    __tablename__ = "athlete_regime_type"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    unit: str = Field(default="day", max_length=10)  # "day" or "each" (per award)
    economic_code: str = Field(max_length=10)


class RateVersion(SQLModel, table=True):
    """One rate of one regime and team level from a date; rows are added, never edited."""

    __tablename__ = "athlete_rate"

    id: int | None = Field(default=None, primary_key=True)
    regime_code: str = Field(max_length=40, index=True)
    level: str = Field(max_length=20)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    effective_from: date
    effective_to: date | None = None
    legal_basis: str = Field(max_length=300)
    economic_code: str = Field(max_length=10)
    version: str = Field(default="", max_length=60)
    note: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(default="", max_length=64)


class Attendance(SQLModel, table=True):
    """Days in a camp / at a competition (or one award), paid once through one voucher."""

    __tablename__ = "athlete_attendance"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="athlete.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="athlete_team.id")
    regime_code: str = Field(max_length=40)
    level: str = Field(max_length=20)
    first_day: date = Field(index=True)
    last_day: date
    note: str = Field(default="", max_length=300)
    voucher_id: int | None = Field(default=None, foreign_key="athlete_voucher.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(default="", max_length=64)


class Voucher(SQLModel, table=True):
    __tablename__ = "athlete_voucher"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=30, unique=True)
    title: str = Field(max_length=300)
    period_from: date
    period_to: date
    team_id: int | None = Field(default=None, foreign_key="athlete_team.id")
    total: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(default="", max_length=64)


class VoucherCounter(SQLModel, table=True):
    """The last number issued in a voucher book (``PC``) for a year. The issuing transaction takes
    the next one with an upsert, which locks this row until that transaction ends: concurrent issues
    wait their turn, a rolled-back issue gives its number back, so numbers are unique and gapless."""

    __tablename__ = "athlete_voucher_counter"

    book: str = Field(primary_key=True, max_length=10)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = Field(default=0)


class VoucherLine(SQLModel, table=True):
    """A paid run of days; rate, basis and code are copied so later rate versions change nothing."""

    __tablename__ = "athlete_voucher_line"

    id: int | None = Field(default=None, primary_key=True)
    voucher_id: int = Field(foreign_key="athlete_voucher.id", index=True)
    person_id: int = Field(foreign_key="athlete.id", index=True)
    person_name: str = Field(max_length=200)
    team_id: int | None = Field(default=None)
    attendance_id: int = Field(foreign_key="athlete_attendance.id")
    regime_code: str = Field(max_length=40)
    level: str = Field(max_length=20)
    economic_code: str = Field(max_length=10, index=True)
    legal_basis: str = Field(max_length=300)
    rate_version: str = Field(default="", max_length=60)
    first_day: date
    last_day: date
    quantity: int
    rate: int = Field(sa_column=Column(BigInteger, nullable=False))
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))


class EquipmentItem(SQLModel, table=True):
    """One physical item with its own QR label (code)."""

    __tablename__ = "athlete_equipment"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    name: str = Field(max_length=200)
    name_folded: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=100, index=True)
    condition: str = Field(default="good", max_length=20)  # good, worn, damaged, lost
    status: str = Field(default="in_stock", max_length=20, index=True)  # in_stock, on_loan, retired
    value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Loan(SQLModel, table=True):
    __tablename__ = "athlete_loan"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="athlete_equipment.id", index=True)
    borrower_kind: str = Field(max_length=10)  # person, team, venue
    person_id: int | None = Field(default=None, foreign_key="athlete.id")
    team_id: int | None = Field(default=None, foreign_key="athlete_team.id")
    venue: str = Field(default="", max_length=200)
    borrower_label: str = Field(max_length=200)
    lent_on: date
    due_on: date = Field(index=True)
    condition_out: str = Field(max_length=20)
    returned_on: date | None = None
    condition_in: str = Field(default="", max_length=20)
    note: str = Field(default="", max_length=300)
    lent_by: str = Field(default="", max_length=64)
    received_by: str = Field(default="", max_length=64)


class SearchEntry(SQLModel, table=True):
    """One searchable thing (person, team, voucher, item) with its label and folded text."""

    __tablename__ = "athlete_search_entry"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)
    __pii_columns__ = {"folded"}

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    ref_id: int
    label: str = Field(max_length=200)
    detail: str = Field(default="", max_length=200)
    folded: str = Field(max_length=400)


class SearchKey(SQLModel, table=True):
    """A prefix key of an entry: one per rotation of its words, plus IDs and codes."""

    __tablename__ = "athlete_search_key"
    __table_args__ = (Index("ix_athlete_search_key_rot_key", "rot", "key"),)
    __pii_columns__ = {"key"}

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete_search_entry.id", ondelete="CASCADE"), nullable=False, index=True))
    rot: int = Field(default=0)
    key: str = Field(sa_column=Column(KEY_TYPE, nullable=False, index=True))


class RankingPoints(SQLModel, table=True):
    """One row of the points table: what a place is worth at a competition level of a sport.

    ``sport`` "" is the department's own table for every sport without rows of its own. Empty
    table: the shipped defaults in ``athletes/rankings.py`` apply (docs/rankings.md).
    """

    __tablename__ = "athlete_ranking_points"
    __table_args__ = (UniqueConstraint("sport", "level", "place"),)

    id: int | None = Field(default=None, primary_key=True)
    sport: str = Field(default="", max_length=40)
    level: str = Field(max_length=20)  # city, national, international
    place: int
    points: int
    note: str = Field(default="", max_length=200)  # the source of the figure


class RankingEntry(SQLModel, table=True):
    """Points an athlete earned with a place in a category of a competition (one row per athlete)."""

    __tablename__ = "athlete_ranking_entry"
    __table_args__ = (
        UniqueConstraint("sport", "competition_name", "competition_date", "category_code", "athlete_id"),
        Index("ix_athlete_ranking_entry_class", "sport", "category_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(foreign_key="athlete.id", index=True)
    sport: str = Field(max_length=40)
    category_code: str = Field(max_length=40)
    category_name: str = Field(max_length=200)
    competition_name: str = Field(max_length=200)
    competition_date: date
    level: str = Field(max_length=20)
    place: int
    points: int
    awarded_by: str = Field(default="", max_length=64)
    awarded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
