"""Readers of published directories: each format becomes data·inclusion v1 SourceRecords.

No Django and no database here: `read_file` only reads and cleans. The import pipeline
(`directory.imports`) validates the records, finds duplicates and positions, and writes.

Formats (`FORMATS`):
- "datainclusion": data·inclusion exports, v1 or v0 (vocabulary translated to v1), JSON:
  `{"structures": [...], "services": [...]}`, a folder holding structures.json and
  services.json, or either file (its sibling is read with it when present);
- "mednum": lieux de médiation numérique, the v1.0.2 TableSchema CSV (`|` lists) and the
  older JSON (`;` lists), and the 2021 list of Conseiller numérique host structures;
- "france-services": the ANCT list of France services (2022 and 2024 columns);
- "table": a plain spreadsheet (CSV, XLSX, ODS) with a column mapping (see `table`).

A file that is empty or in another format raises `ReadError` with a French message that
says what the file looks like and which format to choose. Problems of single records (a
bad postcode, unreadable hours...) are `Problem`s attached to their `SourceRecord`.
"""

from pathlib import Path

from ..v1 import SourceRecord
from .sources import ReadError

FORMATS = ("datainclusion", "mednum", "france-services", "table")
FORMAT_LABELS = {
    "datainclusion": "Export data·inclusion (v1 ou v0, JSON)",
    "mednum": "Lieux de médiation numérique (CSV du standard ou JSON)",
    "france-services": "Liste des France services (ANCT, CSV)",
    "table": "Tableau (CSV, XLSX, ODS) avec correspondance de colonnes",
}

__all__ = ["FORMATS", "FORMAT_LABELS", "ReadError", "read_file"]


def read_file(path, fmt: str, *, mapping: dict | None = None,
              source: str = "") -> list[SourceRecord]:
    """Read `path` in format `fmt` into SourceRecords (a structure and its services each).

    `mapping` ({v1 field: column name}) is for the "table" format; `source` names the
    producer when the file does not (its records' own `source` wins when they have one).
    """
    from . import datainclusion, france_services, mednum, table

    path = Path(path)
    if fmt not in FORMATS:
        raise ReadError(f"Format inconnu « {fmt} » : choisissez parmi {', '.join(FORMATS)}.")
    if not path.exists():
        raise ReadError(f"Fichier ou dossier introuvable : {path}.")
    if path.is_file() and not path.read_bytes()[:65536].strip():
        raise ReadError(f"Le fichier {path.name} est vide.")
    if path.is_dir() and fmt != "datainclusion":
        raise ReadError(f"{path.name} est un dossier : seul le format « datainclusion » lit "
                        f"un dossier (structures.json et services.json).")
    if fmt == "datainclusion":
        return datainclusion.read(path, source)
    if fmt == "mednum":
        return mednum.read(path, source)
    if fmt == "france-services":
        return france_services.read(path, source)
    return table.read(path, mapping, source)
