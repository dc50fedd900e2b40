"""Shapes of answers and exports (no database): records -> dicts for JSON, rows for CSV/XLSX."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from athletes.documents import vn_date
from athletes.entitlements import Entitlements
from athletes.schemas import CONDITION_NAMES_VI, LEVEL_NAMES_VI, STATUS_NAMES_VI

GROUP_TITLES = {"person": "Họ và tên", "team": "Đội", "month": "Tháng", "code": "Mục/Tiểu mục"}


def searchable_kinds(user: Any) -> tuple[str, ...]:
    roles = {str(r) for r in user.role_set()}
    if "admin" in roles:
        return ("person", "team", "voucher", "item")
    kinds = ["person", "team"]
    if "accountant" in roles:
        kinds.append("voucher")
    if "equipment_keeper" in roles:
        kinds.append("item")
    return tuple(kinds)


def hit_links(user: Any) -> dict[str, str]:
    """Where a search hit of each kind leads this user (``{}`` is the hit's number): only to pages
    their role opens, a person to the record (manager), else to the attendance form and list
    (accountant) or the lend form (keeper); a kind with no page of theirs is shown without a link."""
    roles = {str(r) for r in user.role_set()}
    links: dict[str, str] = {}
    if roles & {"admin", "equipment_keeper"}:
        links |= {"person": "/athletes/equipment?person_id={}#lend-form", "item": "/athletes/equipment/{}"}
    if roles & {"admin", "accountant"}:
        links |= {"person": "/athletes/payments?person_id={}#attendance-form", "voucher": "/athletes/payments/vouchers/{}"}
    if roles & {"admin", "manager"}:
        links |= {"person": "/athletes/people/{}", "team": "/athletes/people?team_id={}"}
    return links


def item_link(settings: Any, item: Any) -> str:
    return f"{settings.resolved_public_url()}/athletes/equipment/{item.id}"


def team_out(t: Any) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "level": t.level, "sport": t.sport}


def rate_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "regime_code": r.regime_code,
        "level": r.level,
        "amount": r.amount,
        "effective_from": r.effective_from,
        "effective_to": r.effective_to,
        "legal_basis": r.legal_basis,
        "economic_code": r.economic_code,
        "version": r.version,
        "note": r.note,
    }


def attendance_out(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "person_id": a.person_id,
        "team_id": a.team_id,
        "regime_code": a.regime_code,
        "level": a.level,
        "first_day": a.first_day,
        "last_day": a.last_day,
        "days": (a.last_day - a.first_day).days + 1,
        "note": a.note,
        "voucher_id": a.voucher_id,
    }


def line_out(ln: Any) -> dict[str, Any]:
    return {
        "person_id": ln.person_id,
        "person_name": ln.person_name,
        "regime_code": ln.regime_code,
        "level": ln.level,
        "first_day": ln.first_day,
        "last_day": ln.last_day,
        "quantity": ln.quantity,
        "rate": ln.rate,
        "amount": ln.amount,
        "economic_code": ln.economic_code,
        "legal_basis": ln.legal_basis,
        "rate_version": ln.rate_version,
    }


def voucher_out(v: Any, lines: Sequence[Any] | None = None) -> dict[str, Any]:
    out = {
        "id": v.id,
        "number": v.number,
        "title": v.title,
        "period_from": v.period_from,
        "period_to": v.period_to,
        "team_id": v.team_id,
        "total": v.total,
        "created_by": v.created_by,
    }
    if lines is not None:
        out["lines"] = [line_out(ln) for ln in lines]
    return out


def entitlements_out(e: Entitlements) -> dict[str, Any]:
    return {
        "total": e.total,
        "by_code": e.by_code(),
        "lines": [
            {
                "attendance_id": ln.attendance_id,
                "person_id": ln.person_id,
                "regime": ln.regime,
                "level": ln.level,
                "first_day": ln.first_day,
                "last_day": ln.last_day,
                "quantity": ln.quantity,
                "rate": ln.rate,
                "amount": ln.amount,
                "economic_code": ln.economic_code,
                "version": ln.version,
            }
            for ln in e.lines
        ],
        "missing": [{"attendance_id": m.attendance_id, "regime": m.regime, "level": m.level, "day": m.day} for m in e.missing],
    }


def item_out(i: Any) -> dict[str, Any]:
    return {
        "id": i.id,
        "code": i.code,
        "name": i.name,
        "category": i.category,
        "condition": i.condition,
        "status": i.status,
        "value": i.value,
    }


def loan_out(x: Any) -> dict[str, Any]:
    return {
        "id": x.id,
        "item_id": x.item_id,
        "borrower_kind": x.borrower_kind,
        "borrower": x.borrower_label,
        "lent_on": x.lent_on,
        "due_on": x.due_on,
        "returned_on": x.returned_on,
        "condition_out": x.condition_out,
        "condition_in": x.condition_in,
        "note": x.note,
    }


def people_table(items: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    headers = ["Mã", "Loại", "Họ và tên", "Ngày sinh", "Giới tính", "CCCD", "Đội", "Câu lạc bộ", "Quận/huyện", "Khám sức khỏe đến"]
    kinds = {"athlete": "VĐV", "coach": "HLV"}
    genders = {"M": "Nam", "F": "Nữ"}
    return headers, [
        [
            p.id,
            kinds.get(p.kind, p.kind),
            p.full_name,
            vn_date(p.birth_date),
            genders.get(p.gender, ""),
            p.national_id or "",
            p.team,
            p.club,
            p.district,
            vn_date(p.medical_until),
        ]
        for p in items
    ]


def attendance_table(lines: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    """Attendance for a spreadsheet, by names (``PaymentService.attendance_lines``)."""
    headers = ["Họ và tên", "Đội", "Chế độ", "Cấp đội", "Từ ngày", "Đến ngày", "Số ngày", "Chứng từ", "Ghi chú"]
    return headers, [
        [
            ln.person_name,
            ln.team_name,
            ln.regime_name,
            LEVEL_NAMES_VI.get(ln.row.level, ln.row.level),
            vn_date(ln.row.first_day),
            vn_date(ln.row.last_day),
            ln.days,
            ln.voucher_number,
            ln.row.note,
        ]
        for ln in lines
    ]


def voucher_table(rows: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    return ["Số", "Nội dung", "Từ ngày", "Đến ngày", "Tổng tiền (đồng)"], [
        [v.number, v.title, vn_date(v.period_from), vn_date(v.period_to), v.total] for v in rows
    ]


def items_table(rows: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    return ["Mã", "Tên", "Loại", "Tình trạng", "Trạng thái", "Giá trị (đồng)"], [
        [i.code, i.name, i.category, CONDITION_NAMES_VI.get(i.condition, i.condition), STATUS_NAMES_VI.get(i.status, i.status), i.value]
        for i in rows
    ]


def loans_table(rows: Sequence[tuple[Any, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Loans with their items (``EquipmentService.loans_with_items``)."""
    return ["Phiếu", "Mã dụng cụ", "Tên dụng cụ", "Bên mượn", "Ngày mượn", "Hạn trả", "Ngày trả", "Tình trạng khi trả"], [
        [
            f"BG-{x.id:06d}",
            i.code,
            i.name,
            x.borrower_label,
            vn_date(x.lent_on),
            vn_date(x.due_on),
            vn_date(x.returned_on),
            CONDITION_NAMES_VI.get(x.condition_in or "", x.condition_in or ""),
        ]
        for x, i in rows
    ]


def overdue_table(rows: Sequence[tuple[Any, Any]], today: date) -> tuple[list[str], list[list[Any]]]:
    return ["Phiếu", "Mã dụng cụ", "Tên", "Bên mượn", "Ngày mượn", "Hạn trả", "Số ngày quá hạn"], [
        [f"BG-{x.id:06d}", i.code, i.name, x.borrower_label, vn_date(x.lent_on), vn_date(x.due_on), (today - x.due_on).days]
        for x, i in rows
    ]


def report_table(group_by: str, rows: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    headers = [GROUP_TITLES.get(group_by, group_by), "Số ngày/lần", "Thành tiền (đồng)"]
    table: list[list[Any]] = [[r.label, r.quantity, r.amount] for r in rows]
    table.append(["Tổng cộng", sum(r.quantity for r in rows), sum(r.amount for r in rows)])
    return headers, table


def report_titles(group_by: str, period_from: date, period_to: date) -> tuple[str, str]:
    title = f"BÁO CÁO CHI CHẾ ĐỘ THEO {GROUP_TITLES.get(group_by, group_by).upper()}"
    return title, f"Từ ngày {vn_date(period_from)} đến ngày {vn_date(period_to)}"


# An import's columns as the file's header and the preview name them.
IMPORT_COLUMNS = {
    "people": (
        "full_name",
        "kind",
        "birth_date",
        "gender",
        "national_id",
        "phone",
        "team",
        "club",
        "district",
        "guardian_name",
        "guardian_phone",
        "medical_until",
    ),
    "attendance": ("national_id", "regime", "level", "first_day", "last_day", "note"),
}
COLUMN_TITLES = {
    "vi": {
        "full_name": "Họ và tên",
        "kind": "Loại",
        "birth_date": "Ngày sinh",
        "gender": "Giới tính",
        "national_id": "CCCD",
        "phone": "Điện thoại",
        "team": "Đội",
        "club": "Câu lạc bộ",
        "district": "Quận/huyện",
        "guardian_name": "Người giám hộ",
        "guardian_phone": "SĐT giám hộ",
        "medical_until": "Khám sức khỏe đến",
        "regime": "Chế độ",
        "level": "Cấp đội",
        "first_day": "Từ ngày",
        "last_day": "Đến ngày",
        "note": "Ghi chú",
    },
    "en": {
        "full_name": "Full name",
        "kind": "Kind",
        "birth_date": "Birth date",
        "gender": "Gender",
        "national_id": "National ID",
        "phone": "Phone",
        "team": "Team",
        "club": "Club",
        "district": "District",
        "guardian_name": "Guardian",
        "guardian_phone": "Guardian's phone",
        "medical_until": "Medical clearance until",
        "regime": "Regime",
        "level": "Level",
        "first_day": "First day",
        "last_day": "Last day",
        "note": "Note",
    },
}


def column_title(column: str, lang: str) -> str:
    """An import column's header ("CCCD", "Từ ngày"); an error of the whole row has none."""
    return COLUMN_TITLES.get(lang, COLUMN_TITLES["vi"]).get(column, column)


def preview_table(
    kind: str, rows: Sequence[tuple[int, dict[str, Any]]], regime_names: dict[str, str], lang: str
) -> tuple[list[str], list[list[str]]]:
    """An import's checked rows as the page previews them: the row number, then each column in words
    (dates dd/mm/yyyy, the regime's and the level's names, VĐV/HLV, Nam/Nữ)."""
    columns = IMPORT_COLUMNS.get(kind, ())
    word = labeller(lang)
    genders = {"M": "Nam", "F": "Nữ"} if lang == "vi" else {"M": "Male", "F": "Female"}

    def cell(column: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, date):
            return vn_date(value)
        if column == "regime":
            return regime_names.get(value, str(value))
        if column == "gender":
            return genders.get(value, str(value))
        if column in ("level", "kind"):
            return word(str(value))
        return str(value)

    headers = ["Dòng" if lang == "vi" else "Row", *(column_title(c, lang) for c in columns)]
    return headers, [[str(n), *(cell(c, values.get(c)) for c in columns)] for n, values in rows]


# Words shown for stored codes (kinds, levels, conditions...): kept here rather than in the shared
# gettext catalog, where short words like "code" or "team" would collide with other domains' texts.
LABELS = {
    "vi": {
        "person": "Người",
        "team": "Đội",
        "voucher": "Chứng từ",
        "item": "Dụng cụ",
        "athlete": "VĐV",
        "coach": "HLV",
        "month": "Tháng",
        "code": "Mục/Tiểu mục",
        **LEVEL_NAMES_VI,
        **CONDITION_NAMES_VI,
        **STATUS_NAMES_VI,
    },
    "en": {
        "national": "National team",
        "national_youth": "National youth team",
        "city": "City team",
        "city_youth": "City youth team",
        "talent": "Talent team",
        "in_stock": "In stock",
        "on_loan": "On loan",
        "retired": "Retired",
        "good": "Good",
        "worn": "Worn",
        "damaged": "Damaged",
        "lost": "Lost",
        "person": "Person",
        "team": "Team",
        "voucher": "Voucher",
        "item": "Item",
        "month": "Month",
        "athlete": "Athlete",
        "coach": "Coach",
        "code": "Economic code",
    },
}


def labeller(lang: str) -> Callable[[str], str]:
    table = LABELS.get(lang, {})
    return lambda key: table.get(key, key)
