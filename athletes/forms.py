"""HTML form fields -> request shapes, with a Vietnamese/English message per bad field (no database)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from athletes.errors import RecordInvalid
from athletes.schemas import AttendanceCreate, ItemCreate, LoanCreate, LoanReturn, PersonCreate, RateCreate, TeamCreate, VoucherCreate

_T = TypeVar("_T")

FIELD_NAMES_VI = {
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "medical_until": "Khám sức khỏe đến",
    "team_id": "Đội",
    "club": "Câu lạc bộ",
    "district": "Quận/huyện",
    "amount": "Mức chi",
    "effective_from": "Hiệu lực từ",
    "person_id": "Người",
    "first_day": "Từ ngày",
    "last_day": "Đến ngày",
    "period_from": "Từ ngày",
    "period_to": "Đến ngày",
    "item": "Mã trên nhãn dụng cụ",
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


def _given(value: _T | None) -> _T:
    """A required field's value: ``done()`` has refused the form when it was missing or bad."""
    assert value is not None, "read as required and checked by done()"
    return value


def person_form(form: Mapping[str, Any]) -> PersonCreate:
    r = _Reader(form)
    data = PersonCreate(
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
        club=r.text("club"),
        district=r.text("district"),
    )
    r.done()
    return data


def team_form(form: Mapping[str, Any]) -> TeamCreate:
    r = _Reader(form)
    return TeamCreate(name=r.text("name"), level=r.text("level"), sport=r.text("sport"))


def rate_form(form: Mapping[str, Any]) -> RateCreate:
    r = _Reader(form)
    amount, effective_from = r.int("amount", True), r.date("effective_from", True)
    r.done()
    return RateCreate(
        regime_code=r.text("regime_code"),
        level=r.text("level"),
        amount=_given(amount),
        effective_from=_given(effective_from),
        legal_basis=r.text("legal_basis"),
        economic_code=r.text("economic_code"),
        version=r.text("version"),
        note=r.text("note"),
    )


def attendance_form(form: Mapping[str, Any]) -> AttendanceCreate:
    r = _Reader(form)
    person_id, first_day, last_day = r.int("person_id", True), r.date("first_day", True), r.date("last_day", True)
    r.done()
    return AttendanceCreate(
        person_id=_given(person_id),
        regime_code=r.text("regime_code"),
        first_day=_given(first_day),
        last_day=_given(last_day),
        level=r.text("level"),
        note=r.text("note"),
    )


def voucher_form(form: Mapping[str, Any]) -> VoucherCreate:
    r = _Reader(form)
    period_from, period_to, team_id = r.date("period_from", True), r.date("period_to", True), r.int("team_id")
    r.done()
    return VoucherCreate(title=r.text("title"), period_from=_given(period_from), period_to=_given(period_to), team_id=team_id)


def item_form(form: Mapping[str, Any]) -> ItemCreate:
    r = _Reader(form)
    data = ItemCreate(
        name=r.text("name"),
        category=r.text("category"),
        condition=r.text("condition") or "good",
        value=r.int("value") or 0,
        count=r.int("count") or 1,
    )
    r.done()
    return data


def loan_form(form: Mapping[str, Any]) -> LoanCreate:
    r = _Reader(form)
    item = r.text("item")
    if not item:
        r.problems.append(("item", f"{FIELD_NAMES_VI['item']}: bắt buộc nhập", "the code on the item's label is required"))
    due_on, person_id, team_id = r.date("due_on", True), r.int("person_id"), r.int("team_id")
    r.done()
    return LoanCreate(
        item_id=item,  # what the label gives: its code or its QR code's link (EquipmentService.find_item)
        due_on=_given(due_on),
        person_id=person_id,
        team_id=team_id,
        venue=r.text("venue"),
        note=r.text("note"),
    )


def return_form(form: Mapping[str, Any]) -> LoanReturn:
    r = _Reader(form)
    return LoanReturn(condition=r.text("condition"), note=r.text("note"))
