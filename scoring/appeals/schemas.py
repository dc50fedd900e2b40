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


class RemedyIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: str  # void | adjust | decide
    corrects: int | None = None
    side: str | None = None
    delta: str | None = None
    winner: str | None = None
    method: str | None = None
    round: int | None = None  # adjust: the ended round the remedy belongs to


class VoteIn(msgspec.Struct, forbid_unknown_fields=True):
    """The logged-in jury member's own vote. ``remedies`` (and ``decision_reason``) are applied when
    this vote is the one that settles an upheld decision; a rejecting decision changes nothing."""

    uphold: bool
    reason: str
    remedies: list[RemedyIn] = []
    decision_reason: str = ""  # the decision's reason; the vote's reason when left out
    clip_ids: list[int] = []


class JuryOut(msgspec.Struct):
    """Where the jury's vote stands: the members, who voted, and whether the caller may vote."""

    members: list[str]  # names of the jury members
    assigned: bool  # False: no jury assigned to the competition, every referee account is the jury
    voted: list[str]  # names of the members who voted
    may_vote: bool
    decided: bool


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
