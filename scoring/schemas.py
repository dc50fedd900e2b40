"""Request and response shapes of the scoring API (msgspec Structs)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec


class CompetitionCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    venue: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    level: str = "city"  # city, national, international


class SportEventCreate(msgspec.Struct, forbid_unknown_fields=True):
    competition_id: int
    name: str
    sport: str
    ruleset_id: str
    discipline: str = ""
    category: str = ""


class FieldOfPlayCreate(msgspec.Struct, forbid_unknown_fields=True):
    competition_id: int
    name: str
    kind: str = "mat"


class PanelCreate(msgspec.Struct, forbid_unknown_fields=True):
    fop_id: int
    name: str
    seats: list[str]


class EntryCreate(msgspec.Struct, forbid_unknown_fields=True):
    event_id: int
    athlete_id: int
    bib: str = ""


MAX_ROUND_SECONDS = 3600  # a round of at most an hour: the clock's bound (scoring.commands)
MAX_ORDER = 1_000_000


class ContestCreate(msgspec.Struct, forbid_unknown_fields=True):
    event_id: int
    fop_id: int
    panel_id: int
    label: str = ""
    order: Annotated[int, msgspec.Meta(ge=0, le=MAX_ORDER)] = 0
    red_entry_id: int | None = None
    blue_entry_id: int | None = None
    params: dict[str, Any] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        seconds = self.params.get("round_seconds")
        if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= MAX_ROUND_SECONDS):
            raise ValueError(
                f"params.round_seconds: một số nguyên từ 1 đến {MAX_ROUND_SECONDS} / a whole number from 1 to {MAX_ROUND_SECONDS}"
            )


# ---- back office edits: a PATCH names only what it changes (UNSET: keep) ----------------------

UNSET = msgspec.UNSET


class CompetitionUpdate(msgspec.Struct, forbid_unknown_fields=True):
    name: str | msgspec.UnsetType = UNSET
    venue: str | msgspec.UnsetType = UNSET
    starts_on: date | None | msgspec.UnsetType = UNSET
    ends_on: date | None | msgspec.UnsetType = UNSET
    level: str | msgspec.UnsetType = UNSET


class SportEventUpdate(msgspec.Struct, forbid_unknown_fields=True):
    name: str | msgspec.UnsetType = UNSET
    ruleset_id: str | msgspec.UnsetType = UNSET  # refused once a contest of the event has log events
    discipline: str | msgspec.UnsetType = UNSET
    category: str | msgspec.UnsetType = UNSET


class FieldOfPlayUpdate(msgspec.Struct, forbid_unknown_fields=True):
    name: str | msgspec.UnsetType = UNSET
    kind: str | msgspec.UnsetType = UNSET


class PanelUpdate(msgspec.Struct, forbid_unknown_fields=True):
    name: str | msgspec.UnsetType = UNSET
    seats: list[str] | msgspec.UnsetType = UNSET  # refused while a contest of the panel runs


class EntryUpdate(msgspec.Struct, forbid_unknown_fields=True):
    bib: str | msgspec.UnsetType = UNSET


class ContestUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Label and order always; field, panel, athletes and parameters only before the contest starts
    (parameters only before its log is opened: they are written into its first event)."""

    label: str | msgspec.UnsetType = UNSET
    order: Annotated[int, msgspec.Meta(ge=0, le=MAX_ORDER)] | msgspec.UnsetType = UNSET
    fop_id: int | msgspec.UnsetType = UNSET
    panel_id: int | msgspec.UnsetType = UNSET
    red_entry_id: int | None | msgspec.UnsetType = UNSET
    blue_entry_id: int | None | msgspec.UnsetType = UNSET
    params: dict[str, Any] | msgspec.UnsetType = UNSET


class CancelRequest(msgspec.Struct, forbid_unknown_fields=True):
    reason: str


class ContestCommand(msgspec.Struct, forbid_unknown_fields=True):
    """A head-referee command; ``command`` is one of COMMANDS in scoring.commands."""

    command: str
    side: str | None = None
    code: str | None = None
    value: str | None = None
    delta: str | None = None
    corrects: int | None = None
    reason: str = ""
    winner: str | None = None
    method: str | None = None
    remaining_ms: int | None = None
    round: int | None = None  # adjust: an ended round the adjustment belongs to


class PairingCodeOut(msgspec.Struct):
    panel_id: int
    seat: str
    code: str
    expires_at: str
    url: str
    qr_svg: str


class PairRequest(msgspec.Struct, forbid_unknown_fields=True):
    code: str
    label: str = ""


class DeviceAssign(msgspec.Struct, forbid_unknown_fields=True):
    panel_id: int
    seat: str


class Ack(msgspec.Struct):
    contest_id: int
    seq: int
    duplicate: bool
