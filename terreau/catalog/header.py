"""Find the header row of a table: INSEE puts titles, then French labels, then the codes.

No Django here. Rows are lists of text cells, as `reading` sees the first lines of a file.
"""

import re

IDENTIFIER = re.compile(r"^[^\W\d]\w*(?:[.\-]\w+)*$")  # CODGEO, P18_POP, DEC_MED19, Région
NUMBER_LIKE = re.compile(r"^[-+\u2212]?\d[\d \u00a0\u202f.,']*\s*%?$")
YEAR = re.compile(r"^(19|20)\d\d$")
# Cells that stand for "no value" in INSEE and partners' files (compared lower-case).
MARKER_WORDS = {"s", "nd", "n.d.", "n.d", "nc", "n.c.", "n.c", "-", "na", "n/a", "#n/a",
                "secret", "so", "\u2013", "\u2014"}


def has_content(rows: list[list[str]]) -> bool:
    return any(any(cell for cell in row) for row in rows)


def _looks_numeric(cell: str) -> bool:
    return bool(NUMBER_LIKE.match(cell)) or cell.lower() in MARKER_WORDS


def _is_data_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    numeric = [c for c in filled if _looks_numeric(c)]
    if len(filled) < 2 or not numeric or len(numeric) * 3 < len(filled):
        return False
    # "CODGEO;2019;2020;2021": years as column names make a header, not data.
    names = [c for c in filled if IDENTIFIER.match(c)]
    return not (names and all(YEAR.match(c) for c in numeric))


def _is_identifier_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 2 and sum(bool(IDENTIFIER.match(c)) for c in filled) * 5 >= \
        len(filled) * 4


def detect_header(rows: list[list[str]]) -> tuple[int | None, int | None]:
    """Return (header row, label row) indices (from 0); label row is None when absent.

    The header is the last row of two cells or more before the first row of data. INSEE
    files put a row of French labels ("Médiane (€)") just above the row of codes
    (DEC_MED19): it is returned as the label row.
    """
    first_data = next((i for i, row in enumerate(rows) if _is_data_row(row)), None)
    above = rows if first_data is None else rows[:first_data]
    candidates = [i for i, row in enumerate(above) if sum(bool(c) for c in row) >= 2]
    if not candidates:
        return None, None
    header = candidates[-1]
    if first_data is None:  # a header with no data: prefer the row of codes
        named = [i for i in candidates if _is_identifier_row(rows[i])]
        header = named[-1] if named else header
    return header, label_row(rows, header)


def label_row(rows: list[list[str]], header: int) -> int | None:
    if header == 0 or not _is_identifier_row(rows[header]):
        return None
    above = rows[header - 1]
    filled = sum(bool(c) for c in above)
    wide_enough = filled * 2 >= sum(bool(c) for c in rows[header])
    return header - 1 if wide_enough and not _is_identifier_row(above) else None
