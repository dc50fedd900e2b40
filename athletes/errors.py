"""Errors of the athletes domain; each has a stable code and a message in vi and en.

AthletesError
 +-- PersonNotFound          athletes.person_not_found       (404)
 +-- TeamNotFound            athletes.team_not_found         (404)
 +-- RecordInvalid           athletes.record_invalid         (400) form fields, one message each
 +-- DuplicateNationalId     athletes.duplicate_national_id  (409)
 +-- UnknownRegime           athletes.unknown_regime         (400)
 +-- RateInvalid             athletes.rate_invalid           (400)
 +-- MissingRates            athletes.missing_rates          (409) a day with no rate in force
 +-- AttendanceOverlap       athletes.attendance_overlap     (409) a day would be paid twice
 +-- NothingToPay            athletes.nothing_to_pay         (409)
 +-- VoucherNotFound         athletes.voucher_not_found      (404)
 +-- ItemNotFound            athletes.item_not_found         (404)
 +-- ItemNotAvailable        athletes.item_not_available     (409) lent, or retired
 +-- LoanNotFound            athletes.loan_not_found         (404)
 +-- LoanClosed              athletes.loan_closed            (409) already returned
 +-- ImportRejected          athletes.import_rejected        (400) rows with errors; nothing saved
 +-- FileRejected            athletes.file_rejected          (400) not a CSV/XLSX/photo we read
"""

from __future__ import annotations

from typing import Any

from base.errors import ArenaError


class AthletesError(ArenaError):
    code = "athletes.error"
    status = 400
    vi = "Lỗi hồ sơ vận động viên: {detail}"
    en = "Athlete records error: {detail}"


class PersonNotFound(AthletesError):
    code = "athletes.person_not_found"
    status = 404
    vi = "Không tìm thấy hồ sơ số {person_id}"
    en = "Person {person_id} not found"

    def __init__(self, person_id: object = "?") -> None:
        super().__init__("", person_id=person_id)


class TeamNotFound(AthletesError):
    code = "athletes.team_not_found"
    status = 404
    vi = "Không tìm thấy đội {team}"
    en = "Team {team} not found"

    def __init__(self, team: object = "?") -> None:
        super().__init__("", team=team)


class RecordInvalid(AthletesError):
    """``problems`` are (field, vi, en) so a form shows each message beside its field."""

    code = "athletes.record_invalid"
    status = 400
    vi = "Dữ liệu chưa hợp lệ: {detail}"
    en = "Please correct: {detail}"

    def __init__(self, problems: list[tuple[str, str, str]] | None = None) -> None:
        self.problems = problems or []
        super().__init__("; ".join(en for _f, _vi, en in self.problems))

    def message(self, lang: str = "vi") -> str:
        parts = [vi if lang == "vi" else en for _f, vi, en in self.problems]
        return (self.vi if lang == "vi" else self.en).format(detail="; ".join(parts))

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        out = super().as_dict(lang)
        out["fields"] = {f: (vi if lang == "vi" else en) for f, vi, en in self.problems}
        return out


class DuplicateNationalId(AthletesError):
    code = "athletes.duplicate_national_id"
    status = 409
    vi = "Số CCCD đã có trong hồ sơ khác"
    en = "This national ID is already on another record"


class UnknownRegime(AthletesError):
    code = "athletes.unknown_regime"
    status = 400
    vi = "Không có chế độ '{regime}'"
    en = "No regime '{regime}'"

    def __init__(self, regime: str = "?") -> None:
        super().__init__("", regime=regime)


class RateInvalid(AthletesError):
    code = "athletes.rate_invalid"
    status = 400
    vi = "Mức chi không hợp lệ: {detail}"
    en = "Invalid rate: {detail}"


class MissingRates(AthletesError):
    code = "athletes.missing_rates"
    status = 409
    vi = "Chưa có định mức cho chế độ {regime} cấp {level} ngày {day}"
    en = "No rate in force for regime {regime}, level {level} on {day}"

    def __init__(self, regime: str = "?", level: str = "?", day: object = "?") -> None:
        super().__init__("", regime=regime, level=level, day=day)


class AttendanceOverlap(AthletesError):
    code = "athletes.attendance_overlap"
    status = 409
    vi = "Trùng ngày với chấm công số {other} của cùng người, cùng chế độ"
    en = "Overlaps attendance {other} of the same person and regime"

    def __init__(self, other: object = "?") -> None:
        super().__init__("", other=other)


class NothingToPay(AthletesError):
    code = "athletes.nothing_to_pay"
    status = 409
    vi = "Không có ngày công nào chưa thanh toán trong kỳ"
    en = "No unpaid attendance in this period"


class VoucherNotFound(AthletesError):
    code = "athletes.voucher_not_found"
    status = 404
    vi = "Không tìm thấy chứng từ {voucher}"
    en = "Voucher {voucher} not found"

    def __init__(self, voucher: object = "?") -> None:
        super().__init__("", voucher=voucher)


class ItemNotFound(AthletesError):
    code = "athletes.item_not_found"
    status = 404
    vi = "Không tìm thấy dụng cụ {item}"
    en = "Equipment item {item} not found"

    def __init__(self, item: object = "?") -> None:
        super().__init__("", item=item)


class ItemNotAvailable(AthletesError):
    code = "athletes.item_not_available"
    status = 409
    vi = "Dụng cụ {item} đang ở trạng thái '{state}', không cho mượn được"
    en = "Item {item} is '{state}' and cannot be lent"

    def __init__(self, item: object = "?", state: str = "?") -> None:
        super().__init__("", item=item, state=state)


class LoanNotFound(AthletesError):
    code = "athletes.loan_not_found"
    status = 404
    vi = "Không tìm thấy phiếu mượn {loan}"
    en = "Loan {loan} not found"

    def __init__(self, loan: object = "?") -> None:
        super().__init__("", loan=loan)


class LoanClosed(AthletesError):
    code = "athletes.loan_closed"
    status = 409
    vi = "Phiếu mượn {loan} đã trả rồi"
    en = "Loan {loan} was already returned"

    def __init__(self, loan: object = "?") -> None:
        super().__init__("", loan=loan)


class ImportRejected(AthletesError):
    """``errors`` are importing.RowError values; nothing was saved."""

    code = "athletes.import_rejected"
    status = 400
    vi = "Tệp có {count} lỗi, chưa nhập dòng nào"
    en = "The file has {count} errors; nothing was imported"

    def __init__(self, errors: list[Any] | None = None) -> None:
        self.errors = errors or []
        super().__init__("", count=len(self.errors))

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        out = super().as_dict(lang)
        out["errors"] = [{"row": e.row, "column": e.column, "message": e.vi if lang == "vi" else e.en} for e in self.errors]
        return out


class FileRejected(AthletesError):
    code = "athletes.file_rejected"
    status = 400
    vi = "Tệp không dùng được: {detail}"
    en = "File not usable: {detail}"
