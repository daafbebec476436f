"""The file of an indicator's values: one line per zone, then one per reference territory.

Columns `zone`, `name`, `level`, `period`, `value`; the references (département, région,
sélection) are computed by aggregation like on the page. No value is an empty cell, never 0.
"""

from collections.abc import Iterator
from typing import IO

from terreau.core.exports import write_csv, write_xlsx

from .values import IndicatorValues

HEADER = ("zone", "name", "level", "period", "value")
FORMATS = ("csv", "xlsx")


def export_rows(result: IndicatorValues) -> Iterator[tuple]:
    """Yield the lines of the file: the zones, then the reference territories."""
    for row in (*result.rows, *result.references):
        yield (row.code, row.name, row.level, result.period, row.value)


def export_write(result: IndicatorValues, fmt: str, handle: IO) -> int:
    """Write the values as CSV (text handle) or XLSX (binary handle); return the line count."""
    if fmt == "xlsx":
        return write_xlsx(handle, HEADER, export_rows(result), sheet=result.indicator)
    return write_csv(handle, HEADER, export_rows(result))


def export_filename(result: IndicatorValues, fmt: str) -> str:
    within = f"-{result.within.replace(':', '-')}" if result.within else ""
    return f"{result.indicator}-{result.level}{within}-{result.period}.{fmt}"
