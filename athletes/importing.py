"""Reading and checking import files (pure): CSV/XLSX rows -> typed rows plus per-row errors.

Rule 1: row numbers are the ones a person sees in the spreadsheet (header = row 1).
Rule 2: checking never stops at the first error: every bad cell of every row is reported, and a
file with any error imports nothing (the service commits all rows or none).
Headers are matched folded, so "Họ và tên", "HO VA TEN" and "full_name" are the same column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from athletes.districts import districts, find_district
from athletes.folding import fold, nfc
from athletes.privacy import is_minor

MAX_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    vi: str
    en: str


class CellError(ValueError):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    aliases: tuple[str, ...]
    parse: Callable[[str], Any]
    required: bool = False


@dataclass
class Checked:
    """Rows that passed (with their row numbers) and every error found."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: str) -> str:
    return nfc(value)


def parse_date(value: str) -> date:
    """dd/mm/yyyy (as typed in Vietnam), yyyy-mm-dd, or a spreadsheet date."""
    value = value.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CellError(f"ngày không hợp lệ '{value}' (dạng dd/mm/yyyy)", f"invalid date '{value}' (use dd/mm/yyyy)")


def parse_gender(value: str) -> str:
    folded = fold(value)
    if folded in {"nam", "m", "male"}:
        return "M"
    if folded in {"nu", "f", "female"}:
        return "F"
    raise CellError(f"giới tính không hợp lệ '{value}' (Nam/Nữ)", f"invalid gender '{value}' (M/F)")


def parse_kind(value: str) -> str:
    folded = fold(value)
    if folded in {"vdv", "van dong vien", "athlete"}:
        return "athlete"
    if folded in {"hlv", "huan luyen vien", "coach"}:
        return "coach"
    raise CellError(f"loại không hợp lệ '{value}' (VĐV/HLV)", f"invalid kind '{value}' (athlete/coach)")


def parse_national_id(value: str) -> str:
    digits = value.strip()
    # CCCD (Law on Identification 2023) has 12 digits; old CMND cards 9.
    if not re.fullmatch(r"\d{9}|\d{12}", digits):
        raise CellError(f"số CCCD/CMND phải có 12 hoặc 9 chữ số: '{value}'", f"national ID must have 12 or 9 digits: '{value}'")
    return digits


def parse_phone(value: str) -> str:
    compact = re.sub(r"[\s.\-()]", "", value)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    if not re.fullmatch(r"0\d{9,10}", compact):
        raise CellError(f"số điện thoại không hợp lệ '{value}'", f"invalid phone number '{value}'")
    return compact


def parse_club(value: str) -> str:
    club = nfc(value)
    if len(club) > 200:
        raise CellError("tên câu lạc bộ quá dài (tối đa 200 ký tự)", "club name too long (200 characters at most)")
    return club


def parse_district(value: str) -> str:
    """A district as the list names it ("binh thanh" is "Quận Bình Thạnh"); one not in the list is refused."""
    found = find_district(value)
    if found is None:
        raise CellError(
            f"không có quận/huyện «{nfc(value)}» trong danh sách (ví dụ: {', '.join(districts()[:3])})",
            f"no district '{value}' in the list",
        )
    return found


def parse_name(value: str) -> str:
    name = nfc(value)
    if len(name) > 200:
        raise CellError("họ tên quá dài (tối đa 200 ký tự)", "name too long (200 characters at most)")
    return name


PEOPLE_COLUMNS = (
    Column("full_name", ("ho va ten", "ho ten", "full name", "name"), parse_name, required=True),
    Column("kind", ("loai", "kind"), parse_kind),
    Column("birth_date", ("ngay sinh", "birth date"), parse_date),
    Column("gender", ("gioi tinh", "gender"), parse_gender),
    Column("national_id", ("cccd", "so cccd", "cccd cmnd", "so dinh danh", "national id"), parse_national_id),
    Column("phone", ("dien thoai", "so dien thoai", "phone"), parse_phone),
    Column("team", ("doi", "don vi", "team"), _text),
    Column("club", ("cau lac bo", "clb", "club"), parse_club),
    Column("district", ("quan huyen", "quan", "huyen", "district"), parse_district),
    Column("guardian_name", ("nguoi giam ho", "giam ho", "guardian name"), parse_name),
    Column("guardian_phone", ("sdt giam ho", "dien thoai giam ho", "guardian phone"), parse_phone),
    Column("medical_until", ("kham suc khoe den", "suc khoe den", "medical until"), parse_date),
)

ATTENDANCE_COLUMNS = (
    Column("national_id", ("cccd", "so cccd", "national id"), parse_national_id, required=True),
    Column("regime", ("che do", "regime"), lambda v: fold(v).replace(" ", "_"), required=True),
    Column("level", ("cap doi", "level"), lambda v: fold(v).replace(" ", "_")),
    Column("first_day", ("tu ngay", "first day"), parse_date, required=True),
    Column("last_day", ("den ngay", "last day"), parse_date, required=True),
    Column("note", ("ghi chu", "note"), _text),
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a spreadsheet cell (IDs, phones)
    return str(value).strip()


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Rows of cells as text (header first) from a .csv (UTF-8, ; or ,) or .xlsx file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise CellError(f"không đọc được tệp XLSX: {exc}", f"cannot read the XLSX file: {exc}") from exc
        sheet = book.active
        assert sheet is not None, "openpyxl opens a workbook on its first sheet"
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CellError("tệp CSV phải mã hoá UTF-8", "the CSV file must be UTF-8") from exc
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise CellError("chỉ nhận tệp .csv hoặc .xlsx", "only .csv or .xlsx files are accepted")


def _header_map(header: list[str], columns: tuple[Column, ...]) -> tuple[dict[int, Column], list[RowError]]:
    by_alias = {fold(a): c for c in columns for a in (c.name.replace("_", " "), *c.aliases)}
    mapping: dict[int, Column] = {}
    for i, title in enumerate(header):
        column = by_alias.get(fold(title))
        if column is not None:
            mapping[i] = column
    found = {c.name for c in mapping.values()}
    errors = [
        RowError(1, c.name, f"thiếu cột bắt buộc '{c.aliases[0]}'", f"required column '{c.name}' is missing")
        for c in columns
        if c.required and c.name not in found
    ]
    return mapping, errors


def _data_rows(table: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(table[1:], start=2):
        if any(cell.strip() for cell in row):
            yield number, row


def check(table: list[list[str]], columns: tuple[Column, ...]) -> Checked:
    """Parse every data row; cells that fail become RowErrors, rows without errors are kept."""
    result = Checked()
    if not table:
        result.errors.append(RowError(1, "", "tệp trống", "the file is empty"))
        return result
    mapping, result.errors = _header_map(table[0], columns)
    if result.errors:
        return result
    if len(table) - 1 > MAX_ROWS:
        result.errors.append(RowError(1, "", f"tối đa {MAX_ROWS} dòng", f"{MAX_ROWS} rows at most"))
        return result
    for number, row in _data_rows(table):
        values: dict[str, Any] = {}
        bad = False
        for i, column in mapping.items():
            raw = row[i].strip() if i < len(row) else ""
            if not raw:
                if column.required:
                    result.errors.append(RowError(number, column.name, "bắt buộc nhập", "required"))
                    bad = True
                continue
            try:
                values[column.name] = column.parse(raw)
            except CellError as exc:
                result.errors.append(RowError(number, column.name, exc.vi, exc.en))
                bad = True
        if not bad:
            result.rows.append((number, values))
    return result


def check_people(table: list[list[str]], today: date) -> Checked:
    """People rows, plus the rules across cells: minors need a guardian, IDs unique in the file."""
    result = check(table, PEOPLE_COLUMNS)
    kept: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, values in result.rows:
        problems = people_rules(values, today)
        nid = values.get("national_id")
        if nid and nid in seen:
            problems.append(("national_id", f"số CCCD trùng với dòng {seen[nid]}", f"national ID repeats row {seen[nid]}"))
        elif nid:
            seen[nid] = number
        result.errors.extend(RowError(number, c, vi, en) for c, vi, en in problems)
        if not problems:
            kept.append((number, values))
    result.rows = kept
    return result


def people_rules(values: dict[str, Any], today: date) -> list[tuple[str, str, str]]:
    """Cross-field rules of a person record as (column, vi, en); shared by forms and imports."""
    problems: list[tuple[str, str, str]] = []
    birth: date | None = values.get("birth_date")
    kind = values.get("kind", "athlete")
    if kind == "athlete" and birth is None:
        problems.append(("birth_date", "vận động viên phải có ngày sinh", "an athlete needs a birth date"))
    if birth is not None and birth > today:
        problems.append(("birth_date", "ngày sinh ở tương lai", "birth date is in the future"))
    if is_minor(birth, today) and not (values.get("guardian_name") and values.get("guardian_phone")):
        problems.append(
            (
                "guardian_name",
                "người dưới 18 tuổi phải có người giám hộ (tên và số điện thoại)",
                "a minor needs a guardian (name and phone)",
            )
        )
    return problems


def check_attendance(table: list[list[str]]) -> Checked:
    result = check(table, ATTENDANCE_COLUMNS)
    kept = []
    for number, values in result.rows:
        if values["last_day"] < values["first_day"]:
            result.errors.append(RowError(number, "last_day", "'đến ngày' trước 'từ ngày'", "last day is before first day"))
        else:
            kept.append((number, values))
    result.rows = kept
    return result
