"""Read tables of statistics as people really get them: INSEE CSV, partners' spreadsheets.

No Django here. `read_table` finds the encoding (UTF-8 with or without BOM, else cp1252 /
latin-1), the separator (`;` `,` tab `|`), the decimal mark and the header row (INSEE puts
title lines, then a row of French labels, then the row of codes), and returns the cells.
`preview` returns the first raw rows so that a person can pick the header row. Every problem
raises `TableReadError` with a French message.

Speed matters (an INSEE table is 35,000 communes × 50 columns): CSV data goes through
pandas' C parser in one pass. Columns it reads as plain numbers come back as float64; every
other column comes back as text, untouched, for `normalize` to sort out (markers, thousands
separators, codes with leading zeros).
"""

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .header import detect_header, has_content, label_row

SEPARATORS = [";", "\t", ",", "|"]  # order breaks ties: `;` is the French default
SAMPLE_BYTES = 64 * 1024
SAMPLE_ROWS = 50
SPREADSHEET_KINDS = ("xlsx", "xls", "ods")
ZIP_DATA_SUFFIXES = (".csv", ".tsv", ".txt")



class TableReadError(ValueError):
    """A file that cannot be read as a table; the message says why, in French."""


@dataclass
class RawTable:
    """The cells of a table below its header row.

    `frame` has one column per position (0, 1, ...): float64 where the CSV parser read plain
    numbers, otherwise text exactly as in the file ("" for an empty cell). `lines[i]` is the
    line (CSV) or row (spreadsheet) number of `frame` row i in the file, counted from 1, for
    messages.
    """

    columns: list[str]
    labels: list[str] | None
    frame: pd.DataFrame
    lines: np.ndarray
    header_row: int
    kind: str
    encoding: str = ""
    separator: str = ""
    decimal: str = "."
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)


@dataclass
class Preview:
    """The first rows of a file as text, with what was detected about its layout."""

    rows: list[list[str]]
    header_row: int | None
    label_row: int | None
    kind: str
    encoding: str = ""
    separator: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)


@dataclass
class _Source:
    """A file opened for reading: its kind, its text bytes (CSV) or its workbook sheets."""

    kind: str
    data: bytes = b""
    encoding: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)


def read_table(path: str | Path, *, sheet: str | None = None, header_row: int | None = None,
               text_columns: tuple[str, ...] = (), max_bytes: int | None = None) -> RawTable:
    """Read a CSV/TSV/TXT file, a zipped CSV or a spreadsheet sheet into a `RawTable`.

    `header_row` (counted from 1) forces the row of column names; `sheet` names the sheet (or
    the file inside a zip); columns named in `text_columns` (e.g. the zone codes) are always
    kept as text (names compared lower-case); `max_bytes` refuses larger files.
    """
    source = _open(Path(path), sheet, max_bytes)
    if source.kind in SPREADSHEET_KINDS:
        return _read_sheet(Path(path), source, header_row)
    return _read_text(source, header_row, {c.strip().lower() for c in text_columns})


def preview(path: str | Path, n: int = 20, *, sheet: str | None = None,
            max_bytes: int | None = None) -> Preview:
    """Return the first `n` rows of a file as text, and the header row detected (from 1)."""
    source = _open(Path(path), sheet, max_bytes)
    if source.kind in SPREADSHEET_KINDS:
        rows = _sheet_rows(Path(path), source.sheet, max(n, SAMPLE_ROWS))
        separator = ""
    else:
        text = _sample_text(source)
        separator = detect_separator(text)
        rows = _split_rows(text, separator, max(n, SAMPLE_ROWS))
    header, labels = detect_header(rows) if has_content(rows) else (None, None)
    return Preview(rows=rows[:n], header_row=None if header is None else header + 1,
                   label_row=None if labels is None else labels + 1, kind=source.kind,
                   encoding=source.encoding, separator=separator, sheet=source.sheet,
                   sheets=source.sheets)


# ---- Opening: size, kind, encoding ------------------------------------------------------


def _open(path: Path, sheet: str | None, max_bytes: int | None) -> _Source:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableReadError(f"Fichier introuvable ou illisible : {path.name}.") from exc
    if max_bytes and size > max_bytes:
        raise TableReadError(
            f"Le fichier {path.name} pèse {size / 1e6:.0f} Mo : la limite est de "
            f"{max_bytes / 1e6:.0f} Mo. Découpez-le (par département par exemple) ou "
            f"demandez à l'administrateur de relever TERREAU_MAX_UPLOAD_MB.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return _open_zip(path, sheet, max_bytes)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _open_workbook(path, "xls", sheet)
    data = path.read_bytes()
    if not data.strip():
        raise TableReadError(f"Le fichier {path.name} est vide.")
    return _Source(kind="csv", data=data, encoding=detect_encoding(data, path.name))


def _open_zip(path: Path, sheet: str | None, max_bytes: int | None) -> _Source:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise TableReadError(f"Le fichier {path.name} est une archive zip abîmée.") from exc
    with archive:
        names = archive.namelist()
        if "xl/workbook.xml" in names:
            return _open_workbook(path, "xlsx", sheet)
        if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
            return _open_workbook(path, "ods", sheet)
        members = [i for i in archive.infolist()
                   if i.filename.lower().endswith(ZIP_DATA_SUFFIXES) and "__MACOSX" not in
                   i.filename]
        if not members:
            raise TableReadError(f"L'archive {path.name} ne contient aucun fichier CSV, TSV "
                                 f"ou TXT ({', '.join(names[:5])}).")
        chosen = _zip_member(members, sheet, path.name)
        if max_bytes and chosen.file_size > max_bytes:
            raise TableReadError(f"{chosen.filename} pèse {chosen.file_size / 1e6:.0f} Mo une "
                                 f"fois décompressé : la limite est de {max_bytes / 1e6:.0f} Mo.")
        data = archive.read(chosen)
    if not data.strip():
        raise TableReadError(f"Le fichier {chosen.filename} de l'archive est vide.")
    return _Source(kind="csv", data=data, encoding=detect_encoding(data, chosen.filename),
                   sheet=chosen.filename, sheets=[m.filename for m in members])


def _zip_member(members: list, wanted: str | None, archive_name: str):
    if wanted:
        for member in members:
            if wanted in (member.filename, Path(member.filename).name):
                return member
        raise TableReadError(f"L'archive {archive_name} ne contient pas « {wanted} ». "
                             f"Fichiers : {', '.join(m.filename for m in members)}.")
    # INSEE zips hold the data and a smaller meta_… file describing the variables.
    return max(members, key=lambda m: m.file_size)


def detect_encoding(data: bytes, name: str = "") -> str:
    """Return the encoding of a text file: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252.

    French files are UTF-8 or Windows' cp1252; text with accents in cp1252 is almost never
    valid UTF-8, so trying UTF-8 strictly first is a reliable test. Bytes that cp1252 leaves
    undefined fall back to latin-1, which decodes anything.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in data[:SAMPLE_BYTES]:
        raise TableReadError(
            f"Le fichier {name} n'est pas un fichier texte (CSV) ni un classeur reconnu : son "
            f"contenu est binaire. Enregistrez-le en CSV, XLSX ou ODS.")
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


# ---- CSV ---------------------------------------------------------------------------------


def _sample_text(source: _Source) -> str:
    sample = source.data[:SAMPLE_BYTES]
    if len(source.data) > SAMPLE_BYTES:  # cut at a line end, not inside a character
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    return sample.decode(source.encoding, errors="replace").lstrip("\ufeff")


def _split_rows(text: str, separator: str, limit: int) -> list[list[str]]:
    lines = text.splitlines()[:limit]
    return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=separator)]


def detect_separator(text: str) -> str:
    """Return the separator that splits the first lines into the most regular columns."""
    lines = [line for line in text.splitlines()[:SAMPLE_ROWS] if line.strip()]
    best, best_score = ";", (-1.0, 0)
    for sep in SEPARATORS:
        widths = [len(row) for row in csv.reader(lines, delimiter=sep)]
        width, count = Counter(widths).most_common(1)[0] if widths else (1, 0)
        if width < 2:
            continue
        score = (count / len(widths), width)
        if score[0] > best_score[0]:  # strictly better: ties keep the earlier separator
            best, best_score = sep, score
    return best


def detect_decimal(rows: list[list[str]]) -> str:
    """Return "," when numbers with a decimal comma outnumber those with a decimal point."""
    commas = dots = 0
    for row in rows:
        for cell in row:
            if re.fullmatch(r"-?\d+,\d+", cell):
                commas += 1
            elif re.fullmatch(r"-?\d+\.\d+", cell):
                dots += 1
    return "," if commas > dots else "."


def _read_text(source: _Source, header_row: int | None, text_columns: set[str]) -> RawTable:
    text = _sample_text(source)
    separator = detect_separator(text)
    rows = _split_rows(text, separator, SAMPLE_ROWS)
    header, labels = _header_and_labels(rows, header_row)
    columns = _column_names(rows[header])
    decimal = detect_decimal(rows[header + 1:])
    keep_text = {i for i, name in enumerate(columns) if name.lower() in text_columns}
    try:
        frame = pd.read_csv(
            io.BytesIO(source.data), sep=separator, decimal=decimal, header=None,
            skiprows=header + 1, names=range(len(columns)), index_col=False,
            dtype={i: str for i in keep_text}, na_values=[""], keep_default_na=False,
            skip_blank_lines=False, encoding=source.encoding, engine="c", quotechar='"',
            low_memory=False,
        )
    except pd.errors.ParserError as exc:
        raise _parser_error(exc, header) from exc
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame(columns=range(len(columns)))
    labels_cells = _labels(rows, labels, len(columns))
    frame, columns, labels_cells = _finish(frame, columns, labels_cells)
    lines = frame.index.to_numpy() + header + 2
    return RawTable(columns=columns, labels=labels_cells, frame=frame,
                    lines=lines, header_row=header + 1, kind="csv", encoding=source.encoding,
                    separator=separator, decimal=decimal, sheet=source.sheet,
                    sheets=source.sheets)


def _parser_error(exc: Exception, header: int) -> TableReadError:
    found = re.search(r"line (\d+), saw (\d+)", str(exc))
    if found:
        line = int(found.group(1)) + header + 1
        return TableReadError(f"Ligne {line} : {found.group(2)} cellules alors que l'en-tête "
                              f"(ligne {header + 1}) en annonce moins. Vérifiez le séparateur "
                              f"ou les guillemets de cette ligne.")
    return TableReadError(f"Le fichier n'a pas pu être lu comme un tableau : {exc}")


def _finish(frame: pd.DataFrame, columns: list[str], labels: list[str] | None):
    """Turn missing text into "", drop blank rows and nameless empty columns.

    Return (frame, names, labels). The index of `frame` stays the row offset below the
    header: line numbers are computed from it.
    """
    filled = np.zeros(len(frame), dtype=bool)
    keep = []
    for position in frame.columns:
        column = frame[position]
        if column.dtype.kind in "fiu":
            present = column.notna().to_numpy()
        else:
            column = frame[position] = column.fillna("").astype(str)
            present = column.to_numpy() != ""
        filled |= present
        # Trailing separators make columns with neither name nor content: not columns.
        if columns[position] or present.any():
            keep.append(position)
    frame = frame.loc[filled, keep]
    frame.columns = range(len(keep))
    names = [columns[p] or f"colonne {p + 1}" for p in keep]
    return frame, names, None if labels is None else [labels[p] for p in keep]


# ---- Spreadsheets -----------------------------------------------------------------------


def _open_workbook(path: Path, kind: str, sheet: str | None) -> _Source:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own errors for damaged files
        raise TableReadError(f"Le classeur {path.name} n'a pas pu être ouvert : {exc}") from exc
    sheets = list(workbook.sheet_names)
    if not sheets:
        raise TableReadError(f"Le classeur {path.name} n'a aucune feuille.")
    if sheet and sheet not in sheets:
        raise TableReadError(f"Le classeur {path.name} n'a pas de feuille « {sheet} ». "
                             f"Feuilles : {', '.join(sheets)}.")
    return _Source(kind=kind, sheet=sheet or sheets[0], sheets=sheets)


def _sheet_rows(path: Path, sheet: str, limit: int | None = None) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    # skip_empty_area=False keeps the sheet's own row numbers for messages.
    cells = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=limit)
    return [[cell_text(value) for value in row] for row in cells]


def cell_text(value) -> str:
    """Return a spreadsheet cell as the text a person sees (integers without ".0")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _read_sheet(path: Path, source: _Source, header_row: int | None) -> RawTable:
    rows = _sheet_rows(path, source.sheet)
    if not has_content(rows):
        raise TableReadError(f"La feuille « {source.sheet} » de {path.name} est vide.")
    header, labels = _header_and_labels(rows, header_row)
    columns = _column_names(rows[header])
    width = len(columns)
    body = [(row + [""] * width)[:width] for row in rows[header + 1:]]
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    frame, columns, labels_cells = _finish(frame, columns, _labels(rows, labels, width))
    lines = frame.index.to_numpy() + header + 2
    return RawTable(columns=columns, labels=labels_cells, frame=frame,
                    lines=lines, header_row=header + 1, kind=source.kind, sheet=source.sheet,
                    sheets=source.sheets)


# ---- Header row -------------------------------------------------------------------------


def _header_and_labels(rows: list[list[str]], forced: int | None) -> tuple[int, int | None]:
    if forced is not None:
        if forced < 1 or forced > len(rows):
            raise TableReadError(f"La ligne d'en-tête {forced} n'existe pas dans les "
                                 f"{len(rows)} premières lignes du fichier.")
        return forced - 1, label_row(rows, forced - 1)
    header, labels = detect_header(rows)
    if header is None:
        raise TableReadError("Aucune ligne d'en-tête trouvée (une ligne avec le nom de chaque "
                             "colonne). Indiquez le numéro de la ligne d'en-tête.")
    return header, labels


def _column_names(cells: list[str]) -> list[str]:
    """Return the header cells as names ("" for a nameless column, named later if used)."""
    return [cell.strip().lstrip("\ufeff") for cell in cells]


def _labels(rows: list[list[str]], index: int | None, width: int) -> list[str] | None:
    if index is None:
        return None
    return [(rows[index] + [""] * width)[i] for i in range(width)]
