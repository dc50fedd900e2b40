"""Request and response shapes of the appeals API (msgspec Structs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class AppealCreate(msgspec.Struct, forbid_unknown_fields=True):
    contest_id: int
    side: str
    category: str
    reason: str = ""
    action_seq: int | None = None


class VoteIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: int
    uphold: bool
    reason: str


class RemedyIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: str  # void | adjust | decide
    corrects: int | None = None
    side: str | None = None
    delta: str | None = None
    winner: str | None = None
    method: str | None = None
    round: int | None = None  # adjust: the ended round the remedy belongs to


class DecisionCreate(msgspec.Struct, forbid_unknown_fields=True):
    votes: list[VoteIn]
    reason: str
    remedies: list[RemedyIn] = []
    clip_ids: list[int] = []


class AlignIn(msgspec.Struct, forbid_unknown_fields=True):
    """Either the recording's start time, or one known moment: log event ``seq`` at ``video_s``."""

    started_at: datetime | None = None
    seq: int | None = None
    video_s: float | None = None


class ClipIn(msgspec.Struct, forbid_unknown_fields=True):
    appeal_id: int
    seq: int | None = None  # a marker; or a position:
    video_s: float | None = None
    before_s: float = 5.0
    after_s: float = 2.0


class AppealOut(msgspec.Struct):
    id: int
    contest_id: int
    sport: str
    side: str
    coach_user_id: int
    category: str
    action_seq: int | None
    reason: str
    state: str
    fee_vnd: int
    deadline: datetime | None
    filed_at: datetime
    decided_at: datetime | None
    decision_reason: str
    appended_seqs: list[int]


class EvidenceOut(msgspec.Struct):
    id: int
    contest_id: int
    appeal_id: int | None
    kind: str
    sha256: str
    size: int
    mime: str
    filename: str
    info: dict[str, Any]
    has_thumbnail: bool
    started_at: datetime | None
    parent_id: int | None
    clip_start_ms: int | None
    clip_end_ms: int | None
    uploaded_at: datetime
