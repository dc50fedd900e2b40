"""Request and response shapes of the athletes domain (msgspec Structs)."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

LEVELS = ("national", "national_youth", "city", "city_youth", "talent")
CONDITIONS = ("good", "worn", "damaged", "lost")
CONDITION_NAMES_VI = {"good": "Tốt", "worn": "Đã cũ", "damaged": "Hư hỏng", "lost": "Mất"}
STATUS_NAMES_VI = {"in_stock": "Trong kho", "on_loan": "Đang cho mượn", "retired": "Thanh lý"}
STATUS_NAMES_EN = {"in_stock": "in stock", "on_loan": "on loan", "retired": "retired"}
LEVEL_NAMES_VI = {
    "national": "Đội tuyển quốc gia",
    "national_youth": "Đội tuyển trẻ quốc gia",
    "city": "Đội tuyển thành phố",
    "city_youth": "Đội tuyển trẻ thành phố",
    "talent": "Đội năng khiếu",
}


class PersonCreate(msgspec.Struct, forbid_unknown_fields=True):
    full_name: str
    kind: str = "athlete"
    birth_date: date | None = None
    gender: str = ""
    national_id: str | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    team_id: int | None = None
    guardian_name: str = ""
    guardian_phone: str = ""
    medical_until: date | None = None
    nation: str = "VIE"
    club: str = ""  # free text, "CLB Taekwondo Phú Thọ"
    district: str = ""  # a name of the districts list ("Quận 1"); accents and case optional


class Person(msgspec.Struct):
    """A full record; ``national_id`` is masked unless the viewer's role needs it."""

    id: int
    kind: str
    full_name: str
    birth_date: date | None
    gender: str
    national_id: str | None
    phone: str
    email: str
    address: str
    team_id: int | None
    team: str
    guardian_name: str
    guardian_phone: str
    medical_until: date | None
    medical_valid: bool
    club: str
    district: str
    minor: bool
    has_photo: bool
    licences: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []
    registrations: list[dict[str, Any]] = []


class PersonRow(msgspec.Struct):
    id: int
    kind: str
    full_name: str
    birth_date: date | None
    gender: str
    national_id: str | None
    team: str
    medical_until: date | None
    club: str = ""
    district: str = ""


class Page(msgspec.Struct):
    items: list[Any]
    total: int
    page: int
    per_page: int


class TeamCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    level: str
    sport: str = ""


class LicenceCreate(msgspec.Struct, forbid_unknown_fields=True):
    kind: str
    number: str
    issued_by: str = ""
    valid_until: date | None = None


class RegistrationCreate(msgspec.Struct, forbid_unknown_fields=True):
    competition_id: int
    event_label: str = ""


class TeamMove(msgspec.Struct, forbid_unknown_fields=True):
    team_id: int
    on: date


class RateCreate(msgspec.Struct, forbid_unknown_fields=True):
    regime_code: str
    level: str
    amount: int
    effective_from: date
    legal_basis: str
    economic_code: str = ""
    version: str = ""
    effective_to: date | None = None
    note: str = ""


class AttendanceCreate(msgspec.Struct, forbid_unknown_fields=True):
    person_id: int
    regime_code: str
    first_day: date
    last_day: date
    level: str = ""
    note: str = ""


class VoucherCreate(msgspec.Struct, forbid_unknown_fields=True):
    title: str
    period_from: date
    period_to: date
    team_id: int | None = None


class ItemCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    category: str = ""
    condition: str = "good"
    value: int = 0
    count: int = 1


class LoanCreate(msgspec.Struct, forbid_unknown_fields=True):
    item_id: int | str  # the item's id, or the code on its label ("EQ-000001", as a QR scan gives it)
    due_on: date
    person_id: int | None = None
    team_id: int | None = None
    venue: str = ""
    note: str = ""


class LoanReturn(msgspec.Struct, forbid_unknown_fields=True):
    condition: str
    note: str = ""
