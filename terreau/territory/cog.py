"""Read INSEE's commune table of the Code officiel géographique (`v_commune_YYYY.csv`).

No Django here. Each row is a commune (TYPECOM `COM`), a commune déléguée (`COMD`) or
associée (`COMA`) of a commune nouvelle, or an arrondissement municipal (`ARM`); the last
three name their commune in COMPARENT. A commune nouvelle usually keeps the code of one of
its old communes, so `merges` lists it among its own members.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED = ("TYPECOM", "COM", "LIBELLE", "COMPARENT")
PART_KINDS = ("COMD", "COMA", "ARM")


class CogFileError(ValueError):
    """A file that is not INSEE's commune table; the message says why, in French."""


@dataclass(frozen=True)
class CogEntry:
    """One row of the commune table."""

    kind: str
    code: str
    name: str
    parent: str
    departement: str = ""


@dataclass
class Merge:
    """A commune of the table and the old communes (déléguées, associées) it groups."""

    code: str
    name: str
    members: list[str] = field(default_factory=list)
    member_names: dict[str, str] = field(default_factory=dict)


def vintage_from_name(path: str | Path) -> int | None:
    """Return the year in a file name such as v_commune_2024.csv or v-commune-2024.csv."""
    found = re.search(r"(19|20)\d\d", Path(path).name)
    return int(found.group(0)) if found else None


def read_commune_table(path: str | Path) -> list[CogEntry]:
    """Return the rows of a `v_commune_YYYY.csv` file (UTF-8, comma, quoted)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise CogFileError(
                    f"{path.name} n'est pas la table des communes du COG de l'INSEE : colonnes "
                    f"absentes {', '.join(missing)} (attendu : TYPECOM, COM, LIBELLE, "
                    f"COMPARENT…).")
            return [CogEntry(kind=row["TYPECOM"].strip(), code=row["COM"].strip(),
                             name=row["LIBELLE"].strip(), parent=row["COMPARENT"].strip(),
                             departement=(row.get("DEP") or "").strip())
                    for row in reader]
    except (OSError, UnicodeDecodeError) as exc:
        raise CogFileError(f"{path.name} n'a pas pu être lu : {exc}") from exc


def merges(entries: list[CogEntry]) -> dict[str, Merge]:
    """Return, per commune with communes déléguées or associées, the codes it groups."""
    names = {e.code: e.name for e in entries if e.kind == "COM"}
    out: dict[str, Merge] = {}
    for entry in entries:
        if entry.kind in ("COMD", "COMA") and entry.parent:
            merge = out.setdefault(entry.parent, Merge(entry.parent,
                                                       names.get(entry.parent, entry.parent)))
            if entry.code not in merge.members:
                merge.members.append(entry.code)
                merge.member_names[entry.code] = entry.name
    for merge in out.values():  # the commune's own old code, when it kept it, comes first
        merge.members.sort(key=lambda code: (code != merge.code, code))
    return out


def parts(entries: list[CogEntry]) -> list[CogEntry]:
    """Return the rows that belong to another commune: COMD, COMA and ARM."""
    return [e for e in entries if e.kind in PART_KINDS and e.parent]


