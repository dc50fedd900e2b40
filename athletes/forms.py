"""HTML form fields -> request shapes, with a Vietnamese/English message per bad field (no database)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from athletes.errors import RecordInvalid
from athletes.schemas import AttendanceCreate, ItemCreate, LoanCreate, LoanReturn, PersonCreate, RateCreate, TeamCreate, VoucherCreate

FIELD_NAMES_VI = {
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "medical_until": "Khám sức khỏe đến",
    "team_id": "Đội",
    "amount": "Mức chi",
    "effective_from": "Hiệu lực từ",
    "person_id": "Người",
    "first_day": "Từ ngày",
    "last_day": "Đến ngày",
    "period_from": "Từ ngày",
    "period_to": "Đến ngày",
    "item_id": "Dụng cụ",
    "due_on": "Hạn trả",
    "count": "Số lượng",
    "value": "Giá trị",
}


class _Reader:
    def __init__(self, form: Mapping[str, Any]) -> None:
        self.form = form
        self.problems: list[tuple[str, str, str]] = []

    def text(self, name: str) -> str:
        return str(self.form.get(name, "") or "").strip()

    def date(self, name: str, required: bool = False) -> date | None:
        raw = self.text(name)
        if not raw:
            if required:
                self.problems.append((name, f"{FIELD_NAMES_VI.get(name, name)}: bắt buộc nhập", f"{name}: required"))
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.problems.append((name, f"{FIELD_NAMES_VI.get(name, name)}: ngày không hợp lệ", f"{name}: invalid date"))
            return None

    def int(self, name: str, required: bool = False) -> int | None:
        raw = self.text(name).replace(".", "").replace(" ", "")
        if not raw:
            if required:
                self.problems.append((name, f"{FIELD_NAMES_VI.get(name, name)}: bắt buộc nhập", f"{name}: required"))
            return None
        if not raw.lstrip("-").isdigit():
            self.problems.append((name, f"{FIELD_NAMES_VI.get(name, name)}: phải là số nguyên", f"{name}: must be a whole number"))
            return None
        return int(raw)

    def done(self) -> None:
        if self.problems:
            raise RecordInvalid(self.problems)


def person_form(form: Mapping[str, Any]) -> PersonCreate:
    r = _Reader(form)
    data = dict(
        full_name=r.text("full_name"),
        kind=r.text("kind") or "athlete",
        birth_date=r.date("birth_date"),
        gender=r.text("gender"),
        national_id=r.text("national_id") or None,
        phone=r.text("phone"),
        email=r.text("email"),
        address=r.text("address"),
        team_id=r.int("team_id"),
        guardian_name=r.text("guardian_name"),
        guardian_phone=r.text("guardian_phone"),
        medical_until=r.date("medical_until"),
    )
    r.done()
    return PersonCreate(**data)  # type: ignore[arg-type]


def team_form(form: Mapping[str, Any]) -> TeamCreate:
    r = _Reader(form)
    return TeamCreate(name=r.text("name"), level=r.text("level"), sport=r.text("sport"))


def rate_form(form: Mapping[str, Any]) -> RateCreate:
    r = _Reader(form)
    data = dict(
        regime_code=r.text("regime_code"),
        level=r.text("level"),
        amount=r.int("amount", True),
        effective_from=r.date("effective_from", True),
        legal_basis=r.text("legal_basis"),
        economic_code=r.text("economic_code"),
        version=r.text("version"),
        note=r.text("note"),
    )
    r.done()
    return RateCreate(**data)  # type: ignore[arg-type]


def attendance_form(form: Mapping[str, Any]) -> AttendanceCreate:
    r = _Reader(form)
    data = dict(
        person_id=r.int("person_id", True),
        regime_code=r.text("regime_code"),
        first_day=r.date("first_day", True),
        last_day=r.date("last_day", True),
        level=r.text("level"),
        note=r.text("note"),
    )
    r.done()
    return AttendanceCreate(**data)  # type: ignore[arg-type]


def voucher_form(form: Mapping[str, Any]) -> VoucherCreate:
    r = _Reader(form)
    data = dict(
        title=r.text("title"), period_from=r.date("period_from", True), period_to=r.date("period_to", True), team_id=r.int("team_id")
    )
    r.done()
    return VoucherCreate(**data)  # type: ignore[arg-type]


def item_form(form: Mapping[str, Any]) -> ItemCreate:
    r = _Reader(form)
    data = dict(
        name=r.text("name"),
        category=r.text("category"),
        condition=r.text("condition") or "good",
        value=r.int("value") or 0,
        count=r.int("count") or 1,
    )
    r.done()
    return ItemCreate(**data)  # type: ignore[arg-type]


def loan_form(form: Mapping[str, Any]) -> LoanCreate:
    r = _Reader(form)
    data = dict(
        item_id=r.int("item_id", True),
        due_on=r.date("due_on", True),
        person_id=r.int("person_id"),
        team_id=r.int("team_id"),
        venue=r.text("venue"),
        note=r.text("note"),
    )
    r.done()
    return LoanCreate(**data)  # type: ignore[arg-type]


def return_form(form: Mapping[str, Any]) -> LoanReturn:
    r = _Reader(form)
    return LoanReturn(condition=r.text("condition"), note=r.text("note"))
