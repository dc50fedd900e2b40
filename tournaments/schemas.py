"""Request shapes of the tournaments API (msgspec); every id in them is picked from a list by the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class CategoryIn(msgspec.Struct, forbid_unknown_fields=True):
    """A category as the manager's form gives it (kg as typed: "58" or "58,5"); the service checks it."""

    event_id: int
    name: str
    code: str = ""
    sex: str = ""
    age_group: str = ""
    min_age: int | None = None
    max_age: int | None = None
    weight_min: str = ""
    weight_max: str = ""
    tolerance: str = ""
    level: str = ""
    discipline: str = ""
    draw_format: str = "single"
    draw_options: dict[str, Any] = msgspec.field(default_factory=dict)
    sport_rules: str = ""
    contest_minutes: int = 8
    registration_deadline: datetime | None = None
    moves_locked_at: datetime | None = None
    team_limit: int | None = None
    fields: list[int] = msgspec.field(default_factory=list)  # the fields of play it is held on (none: any)


class FromTemplate(msgspec.Struct, forbid_unknown_fields=True):
    template: str
    codes: list[str] = msgspec.field(default_factory=list)
    draw_format: str = "single"
    draw_options: dict[str, Any] = msgspec.field(default_factory=dict)
    sport_rules: str = ""
    contest_minutes: int = 8
    registration_deadline: datetime | None = None
    team_limit: int | None = None


class Reason(msgspec.Struct, forbid_unknown_fields=True):
    reason: str = ""


class StatusIn(msgspec.Struct, forbid_unknown_fields=True):
    status: str


class RegisterIn(msgspec.Struct, forbid_unknown_fields=True):
    athlete_id: int


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    approve: bool
    reason: str = ""


class SeedIn(msgspec.Struct, forbid_unknown_fields=True):
    seed: int | None = None


class ProgramIn(msgspec.Struct, forbid_unknown_fields=True):
    """A judged athlete's program: one item per part, e.g. {"code": "105B", "dd": "2,4"} (checked by the service)."""

    items: list[dict[str, Any]]


class CheckInIn(msgspec.Struct, forbid_unknown_fields=True):
    present: bool = True


class WeighInIn(msgspec.Struct, forbid_unknown_fields=True):
    weight: str
    source: str = "tablet"


class MoveEntryIn(msgspec.Struct, forbid_unknown_fields=True):
    category_id: int
    reason: str


class DrawIn(msgspec.Struct, forbid_unknown_fields=True):
    witness: str = ""


class BoutDecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    winner: str = ""
    decision: str = "walkover"
    reason: str = ""
    paper: bool = False
    red_points: str = "0"
    blue_points: str = "0"
    preview: str = ""  # the digest of the preview the manager confirmed


class SessionIn(msgspec.Struct, forbid_unknown_fields=True):
    fop_id: int
    name: str
    starts_at: datetime
    ends_at: datetime


class MoveBoutIn(msgspec.Struct, forbid_unknown_fields=True):
    fop_id: int
    position: int
    reason: str = ""
    apply: bool = False
    preview: str = ""  # the digest of the preview being confirmed (required with apply)
