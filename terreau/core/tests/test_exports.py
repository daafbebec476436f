"""Downloaded files: no formula injection, numbers stay numbers, no value stays empty."""

import io

from python_calamine import CalamineWorkbook

from terreau.core.exports import safe_cell, write_csv, write_xlsx

ROWS = [["=HYPERLINK(\"http://x\")", -3.5, None], ["+33 1 23", 0, "@SUM(A1)"],
        ["-1", 2, "Tours"]]


def test_texts_that_a_spreadsheet_would_run_get_an_apostrophe():
    assert [safe_cell(v) for v in ["=1+1", "+1", "-1", "@A1", "\t=1", "Joué", -1, None]] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "Joué", -1, None]


def test_csv_keeps_numbers_and_leaves_missing_values_empty():
    handle = io.StringIO()
    assert write_csv(handle, ["zone", "value", "note"], ROWS) == 3
    assert handle.getvalue().splitlines() == [
        "zone,value,note", "\"'=HYPERLINK(\"\"http://x\"\")\",-3.5,", "'+33 1 23,0,'@SUM(A1)",
        "'-1,2,Tours"]


def test_xlsx_cells_are_numbers_or_safe_texts():
    handle = io.BytesIO()
    write_xlsx(handle, ["zone", "value", "note"], ROWS, sheet="Indicateur")
    handle.seek(0)
    sheet = CalamineWorkbook.from_filelike(handle).get_sheet_by_name("Indicateur").to_python()
    assert sheet[1] == ["'=HYPERLINK(\"http://x\")", -3.5, ""]
    assert sheet[3] == ["'-1", 2, "Tours"]
