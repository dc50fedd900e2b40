from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from athletes.documents import xlsx_bytes
from athletes.importing import CellError, check_attendance, check_people, read_table
from athletes.privacy import age_on, is_minor, mask_national_id, sees_national_id

TODAY = date(2026, 3, 1)
HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "CCCD", "Đội", "Người giám hộ", "SĐT giám hộ"]


def test_vietnamese_headers_and_dates_are_read_into_typed_values():
    checked = check_people([HEADER, ["Nguyễn Văn An", "05/06/2000", "Nam", "079200001234", "Đội tuyển", "", ""]], TODAY)
    assert checked.ok
    ((row, values),) = checked.rows
    assert row == 2
    assert values == {
        "full_name": "Nguyễn Văn An",
        "birth_date": date(2000, 6, 5),
        "gender": "M",
        "national_id": "079200001234",
        "team": "Đội tuyển",
    }


def test_every_bad_cell_is_reported_with_its_spreadsheet_row():
    table = [
        HEADER,
        ["Nguyễn Văn An", "31/02/2000", "Nam", "079200001234", "", "", ""],
        ["", "01/01/2001", "X", "12345", "", "", ""],
        ["Trần Thị Bích", "01/01/2001", "Nữ", "079200009999", "", "", ""],
    ]
    checked = check_people(table, TODAY)
    assert [(e.row, e.column) for e in checked.errors] == [(2, "birth_date"), (3, "full_name"), (3, "gender"), (3, "national_id")]
    assert [r for r, _v in checked.rows] == [4]
    assert "dd/mm/yyyy" in checked.errors[0].vi


def test_a_minor_without_guardian_is_refused_and_with_guardian_accepted():
    table = [HEADER, ["Lê Bé", "01/01/2015", "Nữ", "", "", "", ""], ["Lê Em", "01/01/2015", "Nữ", "", "", "Lê Mẹ", "0901234567"]]
    checked = check_people(table, TODAY)
    assert [(e.row, e.column) for e in checked.errors] == [(2, "guardian_name")]
    assert "giám hộ" in checked.errors[0].vi


def test_the_same_national_id_twice_in_a_file_is_an_error_on_the_second_row():
    table = [HEADER, ["A", "01/01/2000", "Nam", "079200001234", "", "", ""], ["B", "01/01/2000", "Nam", "079200001234", "", "", ""]]
    assert [(e.row, e.column) for e in check_people(table, TODAY).errors] == [(3, "national_id")]


def test_a_missing_required_column_is_reported_on_the_header_row():
    checked = check_people([["Ngày sinh"], ["01/01/2000"]], TODAY)
    assert [(e.row, e.column) for e in checked.errors] == [(1, "full_name")]


def test_attendance_with_last_day_before_first_day_is_refused():
    table = [["CCCD", "Chế độ", "Từ ngày", "Đến ngày"], ["079200001234", "nutrition_camp", "10/03/2026", "01/03/2026"]]
    checked = check_attendance(table)
    assert [(e.row, e.column) for e in checked.errors] == [(2, "last_day")]


def test_csv_with_semicolons_and_bom_reads_like_xlsx():
    csv_text = "\ufeffHọ và tên;Ngày sinh\nĐặng Thu Thảo;01/02/2003\n"
    assert read_table("a.csv", csv_text.encode("utf-8")) == [["Họ và tên", "Ngày sinh"], ["Đặng Thu Thảo", "01/02/2003"]]
    xlsx = xlsx_bytes(["Họ và tên", "Ngày sinh", "CCCD"], [["Đặng Thu Thảo", date(2003, 2, 1), 79200001234]])
    assert read_table("a.xlsx", xlsx) == [["Họ và tên", "Ngày sinh", "CCCD"], ["Đặng Thu Thảo", "2003-02-01", "79200001234"]]


def test_other_file_types_and_non_utf8_csv_are_refused():
    with pytest.raises(CellError):
        read_table("a.pdf", b"%PDF")
    with pytest.raises(CellError):
        read_table("a.csv", b"H\xf4 t\xean\n")  # a legacy 8-bit encoding, not UTF-8


@given(st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=12))
def test_any_table_gives_rows_or_errors_and_never_raises(table):
    checked = check_people(table, TODAY)
    assert all(e.row >= 1 for e in checked.errors)
    assert all(2 <= r <= len(table) for r, _v in checked.rows)


def test_national_id_is_masked_except_for_the_last_four_digits():
    assert mask_national_id("079200001234") == "********1234"
    assert mask_national_id(None) is None


def test_only_managers_accountants_and_admins_see_the_national_id():
    assert sees_national_id({"manager"}) and sees_national_id({"accountant"}) and sees_national_id({"admin"})
    assert not sees_national_id({"equipment_keeper", "coach"})


def test_age_counts_completed_years_and_minority_ends_on_the_18th_birthday():
    assert age_on(date(2008, 3, 1), date(2026, 2, 28)) == 17
    assert is_minor(date(2008, 3, 1), date(2026, 2, 28)) and not is_minor(date(2008, 3, 1), date(2026, 3, 1))
    assert not is_minor(None, TODAY)
