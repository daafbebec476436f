"""Files people download (CSV, XLSX): the one place where cells are made safe.

A spreadsheet runs a text cell starting with `=`, `+`, `-` or `@` as a formula (CSV
injection, OWASP): such texts get a leading apostrophe, which spreadsheets show as text.
Numbers stay numbers (a negative number is not text); None is an empty cell, never 0.
CSV is RFC 4180 in UTF-8 with a comma and a decimal point, what scripts, R and pandas read;
people who work in a spreadsheet take the XLSX file.
"""

import csv
from collections.abc import Iterable, Sequence
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    """Return a cell value that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(handle: IO[str], header: Sequence[str], rows: Iterable[Sequence],
              *, delimiter: str = ",") -> int:
    """Write a header and rows as CSV to a text handle; return the number of rows."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    count = 0
    for row in rows:
        writer.writerow(["" if value is None else safe_cell(value) for value in row])
        count += 1
    return count


def write_xlsx(handle: IO[bytes], header: Sequence[str], rows: Iterable[Sequence],
               *, sheet: str = "Données") -> int:
    """Write a header and rows as a one-sheet XLSX workbook; return the number of rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([safe_cell(name) for name in header])
    count = 0
    for row in rows:
        worksheet.append([safe_cell(value) for value in row])
        count += 1
    workbook.save(handle)
    return count
