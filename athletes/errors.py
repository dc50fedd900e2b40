"""Errors of the athletes domain; each has a stable code and a message in vi and en.

AthletesError
 +-- PersonNotFound          athletes.person_not_found       (404)
 +-- TeamNotFound            athletes.team_not_found         (404)
 +-- CompetitionNotFound     athletes.competition_not_found  (404) a registration's competition id no row can have
 +-- RecordInvalid           athletes.record_invalid         (400) form fields, one message each
 +-- DuplicateNationalId     athletes.duplicate_national_id  (409)
 +-- UnknownRegime           athletes.unknown_regime         (400)
 +-- RateInvalid             athletes.rate_invalid           (400)
 +-- MissingRates            athletes.missing_rates          (409) a day with no rate in force (attendance or voucher)
 +-- AttendanceOverlap       athletes.attendance_overlap     (409) a day would be paid twice
 +-- NothingToPay            athletes.nothing_to_pay         (409)
 +-- VoucherNotFound         athletes.voucher_not_found      (404)
 +-- ItemNotFound            athletes.item_not_found         (404)
 +-- ItemNotAvailable        athletes.item_not_available     (409) lent, or retired
 +-- LoanNotFound            athletes.loan_not_found         (404)
 +-- LoanClosed              athletes.loan_closed            (409) already returned
 +-- ImportRejected          athletes.import_rejected        (400) rows with errors; nothing saved
 +-- FileRejected            athletes.file_rejected          (400) not a CSV/XLSX/photo we read
 +-- PhotoTooLarge           athletes.photo_too_large        (413) a photo whose header claims too many pixels
"""

from __future__ import annotations

from typing import Any

from base.errors import ArenaError


class AthletesError(ArenaError):
    code, status = "athletes.error", 400
    vi = "Lỗi hồ sơ vận động viên: {detail}"
    en = "Athlete records error: {detail}"


class PersonNotFound(AthletesError):
    code, status, fields = "athletes.person_not_found", 404, ("person_id",)
    vi = "Không tìm thấy hồ sơ số {person_id}"
    en = "Person {person_id} not found"


class TeamNotFound(AthletesError):
    code, status, fields = "athletes.team_not_found", 404, ("team",)
    vi = "Không tìm thấy đội {team}"
    en = "Team {team} not found"


class CompetitionNotFound(AthletesError):
    code, status, fields = "athletes.competition_not_found", 404, ("competition",)
    vi = "Không tìm thấy giải đấu {competition}"
    en = "Competition {competition} not found"


class RecordInvalid(AthletesError):
    """``problems`` are (field, vi, en) so a form shows each message beside its field."""

    code, status = "athletes.record_invalid", 400
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
    code, status = "athletes.duplicate_national_id", 409
    vi = "Số CCCD đã có trong hồ sơ khác"
    en = "This national ID is already on another record"


class UnknownRegime(AthletesError):
    code, status, fields = "athletes.unknown_regime", 400, ("regime",)
    vi = "Không có chế độ '{regime}'"
    en = "No regime '{regime}'"


class RateInvalid(AthletesError):
    code, status = "athletes.rate_invalid", 400
    vi = "Mức chi không hợp lệ: {detail}"
    en = "Invalid rate: {detail}"


class MissingRates(AthletesError):
    """``day`` is dd/mm/yyyy; ``regime_name`` and ``level_name`` are the Vietnamese names."""

    code, status, fields = "athletes.missing_rates", 409, ("regime", "level", "day", "regime_name", "level_name")
    vi = "Chưa có định mức cho chế độ '{regime_name}', cấp '{level_name}' vào ngày {day}: cần nhập định mức trước"
    en = "No rate in force for '{regime_name}' at the level '{level_name}' on {day}: enter the rate first"


class AttendanceOverlap(AthletesError):
    """``other`` is the attendance row's number (for the API); the message says its days (dd/mm/yyyy)."""

    code, status, fields = "athletes.attendance_overlap", 409, ("other", "first_day", "last_day")
    vi = "Trùng ngày với chấm công từ {first_day} đến {last_day} của cùng người, cùng chế độ: mỗi ngày chỉ chi một lần"
    en = "Overlaps the attendance from {first_day} to {last_day} of the same person and regime: a day is paid once"


class NothingToPay(AthletesError):
    code, status = "athletes.nothing_to_pay", 409
    vi = "Không có ngày công nào chưa thanh toán trong kỳ"
    en = "No unpaid attendance in this period"


class VoucherNotFound(AthletesError):
    code, status, fields = "athletes.voucher_not_found", 404, ("voucher",)
    vi = "Không tìm thấy chứng từ {voucher}"
    en = "Voucher {voucher} not found"


class ItemNotFound(AthletesError):
    code, status, fields = "athletes.item_not_found", 404, ("item",)
    vi = "Không tìm thấy dụng cụ {item}"
    en = "Equipment item {item} not found"


class ItemNotAvailable(AthletesError):
    """``state`` is the item's status code (for the API); the message says it in words."""

    code, status, fields = "athletes.item_not_available", 409, ("item", "state", "state_vi", "state_en")
    vi = "Dụng cụ {item} đang ở trạng thái '{state_vi}', không cho mượn được"
    en = "Item {item} is {state_en} and cannot be lent"


class LoanNotFound(AthletesError):
    code, status, fields = "athletes.loan_not_found", 404, ("loan",)
    vi = "Không tìm thấy phiếu mượn {loan}"
    en = "Loan {loan} not found"


class LoanClosed(AthletesError):
    code, status, fields = "athletes.loan_closed", 409, ("loan",)
    vi = "Phiếu mượn {loan} đã trả rồi"
    en = "Loan {loan} was already returned"


class ImportRejected(AthletesError):
    """``errors`` are importing.RowError values; nothing was saved."""

    code, status, fields = "athletes.import_rejected", 400, ("count",)
    vi = "Tệp có {count} lỗi, chưa nhập dòng nào"
    en = "The file has {count} errors; nothing was imported"

    def __init__(self, errors: list[Any] | None = None) -> None:
        self.errors = errors or []
        super().__init__(count=len(self.errors))

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        out = super().as_dict(lang)
        out["errors"] = [{"row": e.row, "column": e.column, "message": e.vi if lang == "vi" else e.en} for e in self.errors]
        return out


class FileRejected(AthletesError):
    code, status = "athletes.file_rejected", 400
    vi = "Tệp không dùng được: {detail}"
    en = "File not usable: {detail}"


class PhotoTooLarge(AthletesError):
    code, status, fields = "athletes.photo_too_large", 413, ("kb", "width", "height", "megapixels", "limit")
    vi = (
        "Ảnh chân dung ({kb} KB) có kích thước {width}×{height} điểm ảnh ({megapixels} megapixel), "
        "quá giới hạn {limit} megapixel: không lưu. Hãy thu nhỏ ảnh rồi gửi lại"
    )
    en = "The photo ({kb} KB) is {width}×{height} pixels ({megapixels} megapixels), over the limit of {limit}: not stored"
