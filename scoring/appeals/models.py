"""Appeal tables: the appeal, the jury's votes, evidence files, tus uploads and the custody log.

Evidence bytes live in the blob store under their SHA-256; these rows hold what the bytes are,
who brought them and how they line up with the contest clock. The custody log is append-only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Text
from sqlmodel import Field, SQLModel

from base.db import UTCDateTime, utcnow


class Appeal(SQLModel, table=True):
    __tablename__ = "appeal"

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    sport: str = Field(max_length=50)
    side: str = Field(max_length=20)  # the filing team's side in the contest
    coach_user_id: int = Field(foreign_key="user_account.id", index=True)  # who filed for the team
    category: str = Field(max_length=60)
    action_seq: int | None = None  # the log event under review, if it is logged
    reason: str = Field(default="", sa_type=Text)
    state: str = Field(default="filed", max_length=20, index=True)
    fee_vnd: int = Field(default=0)
    deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    filed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    review_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_reason: str = Field(default="", sa_type=Text)
    remedies: str = Field(default="[]", sa_type=Text)  # JSON: what an upheld decision appended
    appended_seqs: str = Field(default="[]", sa_type=Text)  # JSON: contest log seqs it appended


class AppealVote(SQLModel, table=True):
    __tablename__ = "appeal_vote"

    id: int | None = Field(default=None, primary_key=True)
    appeal_id: int = Field(foreign_key="appeal.id", index=True)
    member_id: int = Field(foreign_key="user_account.id")
    member_name: str = Field(default="", max_length=200)
    uphold: bool
    reason: str = Field(sa_type=Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Evidence(SQLModel, table=True):
    """One stored file: a team's upload, an official recording of the contest, or a jury's clip."""

    __tablename__ = "appeal_evidence"

    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    appeal_id: int | None = Field(default=None, foreign_key="appeal.id", index=True)  # None: official recording
    kind: str = Field(max_length=10)  # video | image | clip
    sha256: str = Field(max_length=64, index=True)
    size: int = Field(sa_type=BigInteger)  # up to 5 GiB: past a 32-bit int
    mime: str = Field(max_length=60)
    filename: str = Field(default="", max_length=200)
    info: str = Field(default="{}", sa_type=Text)  # JSON MediaInfo: container, codecs, size, duration
    thumb_sha256: str | None = Field(default=None, max_length=64)
    # Where the recording sits on the contest timeline: the wall-clock time of its first frame.
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    parent_id: int | None = Field(default=None)  # the recording a clip was cut from
    clip_start_ms: int | None = None
    clip_end_ms: int | None = None
    uploaded_by: int = Field(foreign_key="user_account.id")
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Upload(SQLModel, table=True):
    """A tus upload in progress; its bytes are staged in the blob store's tmp folder."""

    __tablename__ = "appeal_upload"

    id: str = Field(primary_key=True, max_length=40)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    appeal_id: int | None = Field(default=None, foreign_key="appeal.id", index=True)
    length: int = Field(sa_type=BigInteger)
    offset: int = Field(default=0, sa_type=BigInteger)
    filename: str = Field(default="", max_length=200)
    claimed_type: str = Field(default="", max_length=100)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="open", max_length=12)  # open | done | refused | terminated
    evidence_id: int | None = None
    error: str = Field(default="", sa_type=Text)
    created_by: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CustodyEntry(SQLModel, table=True):
    """Chain of custody: who uploaded, viewed, downloaded or clipped which bytes, and when."""

    __tablename__ = "appeal_custody"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor: str = Field(default="", max_length=100)
    action: str = Field(max_length=30)  # upload | view | download | clip | align | refuse | corrupt | delete
    evidence_id: int | None = Field(default=None, index=True)
    appeal_id: int | None = Field(default=None, index=True)
    sha256: str = Field(default="", max_length=64)
    detail: str = Field(default="{}", sa_type=Text)
