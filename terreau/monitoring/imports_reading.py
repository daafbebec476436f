"""Reading an attendance spreadsheet into checked rows (nothing is written here).

The file is read by `catalog.reading` (encoding, separator, decimal comma, spreadsheets
through python-calamine); this module finds the row of column names among the first lines,
recognises the French headers as people write them ("Durée (h)", "Nom prénom",
"Mission / Fonction"…) and reads each cell: dates (dd/mm/yyyy, yyyy-mm-dd, spreadsheet
dates), durations ("2", "1,5", "1.5", "1h30"), session types (value or label). Every problem
becomes a French message naming the line and the column.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from terreau.catalog.reading import TableReadError, preview, read_table

from .choices import SessionType

# The columns of the sheet: key → (name shown in messages, required).
COLUMNS = {
    "date": ("Date", True),
    "title": ("Séance", True),
    "type": ("Type", True),
    "hours": ("Durée (h)", True),
    "name": ("Nom", True),
    "structure": ("Structure", False),
    "mission": ("Mission", False),
}
# Headers as people write them, folded (lower case, no accents, words only).
HEADER_ALIASES = {
    "date": "date", "date de la seance": "date", "jour": "date",
    "seance": "title", "intitule": "title", "titre": "title", "seance intitule": "title",
    "intitule de la seance": "title", "titre de la seance": "title", "objet": "title",
    "type": "type", "type de seance": "type", "type de la seance": "type",
    "duree": "hours", "duree h": "hours", "duree en heures": "hours", "duree heures": "hours",
    "heures": "hours", "nombre d heures": "hours", "duree en h": "hours",
    "nom": "name", "nom prenom": "name", "prenom nom": "name", "nom et prenom": "name",
    "prenom et nom": "name", "participant": "name", "participant e": "name",
    "participante": "name", "personne": "name",
    "structure": "structure", "organisme": "structure",
    "mission": "mission", "fonction": "mission", "mission fonction": "mission",
    "fonction mission": "mission",
}
INHABITANT_WORDS = {"habitant", "habitante", "habitant e", "habitants", "habitantes",
                    "habitant es"}
REQUIRED = sum(required for _, required in COLUMNS.values())
HEADER_SEARCH_ROWS = 20
MAX_HOURS = Decimal(24)
LENGTHS = {"title": 300, "name": 200, "structure": 300, "mission": 300}
DURATION = re.compile(r"^(\d{1,2})\s*h\s*(\d{1,2})?\s*(?:min)?$")
TYPES = {}  # folded value or label → SessionType value, filled below


@lru_cache(maxsize=65536)  # a sheet repeats the same names, titles and types
def fold(text: str) -> str:
    """Lower case, accents removed, every run of non-letters a single space: the form in
    which headers, names, titles and types are compared."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


for _value, _label in SessionType.choices:
    TYPES[fold(_value)] = _value
    TYPES[fold(_label)] = _value


@dataclass(slots=True)
class SheetRow:
    """One checked row: one person (or one inhabitant) at one session."""

    line: int
    date: date
    title: str
    type: str
    hours: Decimal
    name: str  # "" for an inhabitant
    structure: str
    mission: str

    @property
    def inhabitant(self) -> bool:
        return not self.name


@dataclass
class SheetRead:
    """What the reading found: checked rows, or errors (then rows are incomplete)."""

    rows: list[SheetRow]
    errors: list[str]
    headers: dict[str, str]  # key → the header as written in the file
    read: int = 0  # data lines read


def cell_text(value) -> str:
    """The text of a cell as the readers return it (NaN: an empty cell of a number column)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


@lru_cache(maxsize=8192)
def date_parse(text: str) -> date | None:
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?", text):
        return date_parse(text[:10])  # a spreadsheet date read with its time
    return None


@lru_cache(maxsize=1024)
def hours_parse(text: str) -> Decimal | None:
    """A duration in hours: "2", "1,5", "1.5", "1h30", "2 h", "0h45"."""
    text = text.strip().lower().replace("\u00a0", " ")
    found = DURATION.match(text)
    if found:
        minutes = int(found.group(2) or 0)
        if minutes >= 60:
            return None
        return (Decimal(found.group(1)) + Decimal(minutes) / 60).quantize(Decimal("0.01"))
    try:
        value = Decimal(text.replace(",", ".").removesuffix("h").strip())
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if value.is_finite() else None


def type_parse(text: str) -> str | None:
    return TYPES.get(fold(text))


def header_columns(cells: list[str]) -> dict[str, int]:
    """Key → position of the recognised columns of a row of names (first one wins)."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        folded = fold(cell)
        key = HEADER_ALIASES.get(folded) or HEADER_ALIASES.get(folded.split(" ")[0])
        if key and key not in found:
            found[key] = position
    return found


def _required(found: dict[str, int]) -> int:
    return sum(COLUMNS[k][1] for k in found)


def _header_row(path: Path, max_bytes: int | None) -> int:
    """The line (from 1) of the column names: the first of the first lines naming the most
    required columns."""
    rows = preview(path, HEADER_SEARCH_ROWS, max_bytes=max_bytes).rows
    best, best_found = 1, {}
    for index, row in enumerate(rows):
        found = header_columns(row)
        if _required(found) > _required(best_found):
            best, best_found = index + 1, found
        if _required(found) == REQUIRED:
            break
    return best


def sheet_read(path: str | Path, *, max_bytes: int | None = None) -> SheetRead:
    """Read and check every row of the file (TableReadError for a file that is no table)."""
    path = Path(path)
    # The headers are on the first line almost always: read once; else look for them.
    table = read_table(path, header_row=1, max_bytes=max_bytes)
    positions = header_columns(table.columns)
    if _required(positions) < REQUIRED:
        header_line = _header_row(path, max_bytes)
        if header_line != 1:
            table = read_table(path, header_row=header_line, max_bytes=max_bytes)
            positions = header_columns(table.columns)
    headers = {key: table.columns[p] for key, p in positions.items()}
    missing = [COLUMNS[k][0] for k, (_, required) in COLUMNS.items()
               if required and k not in positions]
    if missing:
        found = ", ".join(f"« {c} »" for c in table.columns) or "aucune"
        return SheetRead([], [f"Ligne {table.header_row} (en-têtes) : il manque la ou les "
                              f"colonnes {', '.join(missing)}. Colonnes trouvées : {found}."],
                         headers)
    columns = {key: [cell_text(v) for v in table.frame[p].tolist()]
               for key, p in positions.items()}
    empty = [""] * len(table.frame)
    result = SheetRead([], [], headers, read=len(table.frame))
    for i, line in enumerate(table.lines.tolist()):
        cells = {key: columns.get(key, empty)[i] for key in COLUMNS}
        row, errors = _row_check(int(line), cells, headers)
        result.errors.extend(errors)
        if row is not None:
            result.rows.append(row)
    return result


def _row_check(line: int, cells: dict[str, str], headers: dict[str, str]):
    errors = []

    def error(key: str, message: str) -> None:
        errors.append(f"Ligne {line}, colonne « {headers.get(key, COLUMNS[key][0])} » : "
                      f"{message}.")

    day = date_parse(cells["date"])
    if day is None:
        error("date", f"date illisible « {cells['date']} » (attendu jj/mm/aaaa)"
              if cells["date"] else "date manquante")
    title = " ".join(cells["title"].split())
    if not title:
        error("title", "intitulé de la séance manquant")
    kind = type_parse(cells["type"])
    if kind is None:
        known = ", ".join(label for _, label in SessionType.choices)
        error("type", f"type inconnu « {cells['type']} » (types possibles : {known})"
              if cells["type"] else "type de séance manquant")
    hours = hours_parse(cells["hours"])
    if hours is None or hours <= 0 or hours > MAX_HOURS:
        error("hours", f"durée illisible « {cells['hours']} » (attendu un nombre d'heures "
              f"entre 0 et 24, par exemple 2, 1,5 ou 1h30)" if cells["hours"]
              else "durée manquante")
    name = " ".join(cells["name"].split())
    if not name:
        error("name", "nom manquant (écrivez « habitant » pour un·e habitant·e compté·e sans "
              "nom)")
    if fold(name) in INHABITANT_WORDS:
        name = ""
    values = {"title": title, "name": name, "structure": cells["structure"].strip(),
              "mission": cells["mission"].strip()}
    for key, limit in LENGTHS.items():
        if len(values[key]) > limit:
            error(key, f"texte trop long ({len(values[key])} caractères, {limit} au plus)")
    if errors:
        return None, errors
    return SheetRow(line, day, title, kind, hours, name, values["structure"],
                    values["mission"]), []


__all__ = ["SheetRead", "SheetRow", "TableReadError", "fold", "sheet_read"]
