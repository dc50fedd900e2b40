"""Request and response shapes of the appeals API (msgspec Structs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

import msgspec


class AppealCreate(msgspec.Struct, forbid_unknown_fields=True):
    contest_id: int
    side: str
    category: str
    reason: str = ""
    action_seq: Optional[int] = None


class VoteIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: int
    uphold: bool
    reason: str


class RemedyIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: str  # void | adjust | decide
    corrects: Optional[int] = None
    side: Optional[str] = None
    delta: Optional[str] = None
    winner: Optional[str] = None
    method: Optional[str] = None
    round: Optional[int] = None  # adjust: the ended round the remedy belongs to


class DecisionCreate(msgspec.Struct, forbid_unknown_fields=True):
    votes: list[VoteIn]
    reason: str
    remedies: list[RemedyIn] = []
    clip_ids: list[int] = []


class AlignIn(msgspec.Struct, forbid_unknown_fields=True):
    """Either the recording's start time, or one known moment: log event ``seq`` at ``video_s``."""

    started_at: Optional[datetime] = None
    seq: Optional[int] = None
    video_s: Optional[float] = None


class ClipIn(msgspec.Struct, forbid_unknown_fields=True):
    appeal_id: int
    seq: Optional[int] = None  # a marker; or a position:
    video_s: Optional[float] = None
    before_s: float = 5.0
    after_s: float = 2.0


class AppealOut(msgspec.Struct):
    id: int
    contest_id: int
    sport: str
    side: str
    coach_user_id: int
    category: str
    action_seq: Optional[int]
    reason: str
    state: str
    fee_vnd: int
    deadline: Optional[datetime]
    filed_at: datetime
    decided_at: Optional[datetime]
    decision_reason: str
    appended_seqs: list[int]


class EvidenceOut(msgspec.Struct):
    id: int
    contest_id: int
    appeal_id: Optional[int]
    kind: str
    sha256: str
    size: int
    mime: str
    filename: str
    info: dict[str, Any]
    has_thumbnail: bool
    started_at: Optional[datetime]
    parent_id: Optional[int]
    clip_start_ms: Optional[int]
    clip_end_ms: Optional[int]
    uploaded_at: datetime
