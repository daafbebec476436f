"""Opening the files of published directories: JSON documents and tables (CSV, XLSX, ODS).

No Django here. Tables go through the catalog's reader (encoding, separator and header
detection, zipped CSV, spreadsheets) with every column kept as text, so that codes keep
their leading zeros and the cleaning functions see the cells as written. `describe` says
what a file looks like, for the message that proposes the right format.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from terreau.catalog.reading import TableReadError, preview, read_table

from .clean import key


class ReadError(ValueError):
    """A file that cannot be read in the format chosen; the message says why, in French."""


@dataclass
class Table:
    """The rows of a table as {column name: text}, with their line numbers in the file."""

    columns: list[str]
    rows: list[tuple[int, dict]]

    @property
    def keys(self) -> set[str]:
        return {key(c) for c in self.columns}


def _header_row(rows: list[list[str]]) -> int:
    """The first row with two filled cells (counted from 1).

    Directories are text tables: the catalog's header detection, made for INSEE tables of
    numbers under titles, would take a line of names for data. Titles above the header are
    single cells, so the first row with two filled cells is the header.
    """
    for number, row in enumerate(rows, 1):
        if sum(bool(cell) for cell in row) >= 2:
            return number
    return 1


def json_load(path: Path):
    """Return the parsed JSON of a file, or raise ReadError (empty, not JSON)."""
    data = path.read_bytes()
    if not data.strip():
        raise ReadError(f"Le fichier {path.name} est vide.")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ReadError(f"Le fichier {path.name} n'est pas du texte UTF-8 : ce n'est pas un "
                        f"fichier JSON.") from exc
    except json.JSONDecodeError as exc:
        raise ReadError(f"Le fichier {path.name} n'est pas un JSON valide (ligne {exc.lineno}, "
                        f"colonne {exc.colno} : {exc.msg}).{_looks_like(path)}") from exc


def table_load(path: Path) -> Table:
    """Return the rows of a CSV/XLSX/ODS file (header row detected, 1 when unsure)."""
    try:
        first = preview(path)
        header_row = _header_row(first.rows)
        names = first.rows[header_row - 1] if len(first.rows) >= header_row else []
        raw = read_table(path, header_row=header_row, text_columns=tuple(names))
    except TableReadError as exc:
        raise ReadError(str(exc)) from exc
    columns = raw.columns
    frame = raw.frame.astype(object)
    rows = []
    for line, values in zip(raw.lines.tolist(), frame.itertuples(index=False), strict=True):
        rows.append((int(line), dict(zip(columns, values, strict=True))))
    if not rows:
        raise ReadError(f"Le fichier {path.name} n'a aucune ligne de données sous son en-tête.")
    return Table(columns=columns, rows=rows)


def is_json(path: Path) -> bool:
    if path.suffix.lower() == ".json":
        return True
    with path.open("rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] in (b"[", b"{")


# ---- What a file looks like (for "wrong format" messages) --------------------------------

SIGNATURES = (
    ("france-services", "une liste France services de l'ANCT (colonnes id_fs, lib_fs, "
                        "h_lundi…)", {"id_fs", "lib_fs"}),
    ("mednum", "un fichier de lieux de médiation numérique (colonnes pivot, services, "
               "horaires…)", {"pivot", "services"}),
    ("mednum", "une liste de structures Conseiller numérique (raison_sociale, nb_cnfs…)",
     {"raison_sociale", "nb_cnfs"}),
    ("datainclusion", "un export data·inclusion (structure_id, thematiques…)",
     {"structure_id", "thematiques"}),
    ("datainclusion", "un export data·inclusion de structures (id, nom, typologie…)",
     {"id", "nom", "typologie"}),
    ("table", "la liste des agences Pôle emploi (REFERENCE_PE, TYPE_SITE…)",
     {"reference_pe", "type_site"}),
    ("table", "une liste d'hôpitaux FINESS / Eurostat (hospital_name, postcode…)",
     {"hospital_name", "postcode"}),
)


def guess(keys: set[str]) -> tuple[str, str] | None:
    """Return (format, description) of the first signature whose keys are all present."""
    for fmt, text, wanted in SIGNATURES:
        if wanted <= keys:
            return fmt, text
    return None


def file_keys(path: Path) -> set[str]:
    """The column names (tables) or object keys (JSON) of a file, compared loosely."""
    try:
        if is_json(path):
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
            if isinstance(data, dict):
                data = data.get("services") or data.get("structures") or [data]
            return {key(k) for item in data[:50] if isinstance(item, dict) for k in item}
        first = preview(path)
        return {key(c) for c in first.rows[(first.header_row or 1) - 1]} if first.rows else set()
    except (ValueError, OSError, TableReadError, IndexError, TypeError):
        return set()


def _looks_like(path: Path) -> str:
    found = guess(file_keys(path))
    return f" Il ressemble à {found[1]} : choisissez le format « {found[0]} »." if found else ""


def wrong_format(path: Path, fmt_label: str, expected: str, keys: set[str] | None = None):
    """A ReadError saying what the file looks like and which format to choose."""
    keys = file_keys(path) if keys is None or is_json(path) else keys
    found = guess(keys)
    message = f"Le fichier {path.name} n'est pas {fmt_label} : {expected}."
    if found:
        message += f" Il ressemble à {found[1]} : choisissez le format « {found[0]} »."
    elif keys:
        shown = ", ".join(sorted(keys)[:8])
        message += (f" Ses colonnes ({shown}…) ne correspondent à aucun format connu : "
                    f"choisissez le format « table » avec une correspondance de colonnes.")
    return ReadError(message)
