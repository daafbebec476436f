"""Building SourceRecords field by field, turning cleaning errors into located Problems.

No Django here. A `Builder` belongs to one line or object of a file: each value goes
through a cleaning function; when that fails the field is left empty and a `Problem`
names the line, the field and the reason (blocking for what makes the record wrong, not
for what only leaves it incomplete).
"""

import re
from collections.abc import Callable
from pathlib import Path

from ..v1 import Problem, SourceRecord
from . import clean

# Fields whose bad value leaves a usable record: the field is dropped and reported.
SOFT_FIELDS = frozenset({"telephone", "courriel", "site_web", "lien_source", "code_postal",
                         "accessibilite_lieu", "lien_mobilisation", "siret", "date_maj"})


class Builder:
    """Collects the cleaned fields and the problems of one record of a file."""

    def __init__(self, where: str, name=None):
        self.where = where  # "ligne 12": the record's label adds its name
        name = clean.text(name)
        self.label = f"{where} (« {name} »)" if name else where
        self.problems: list[Problem] = []

    def value(self, field: str, function: Callable, raw, *args, blocking: bool | None = None):
        """Return function(raw); on ValueError report it on `field` and return None."""
        try:
            return function(raw, *args)
        except ValueError as exc:
            hard = field.split(".")[-1] not in SOFT_FIELDS if blocking is None else blocking
            self.problem(field, f"{exc}" + ("" if hard else " : valeur ignorée"), hard)
            return None

    def problem(self, field: str, message: str, blocking: bool = False):
        self.problems.append(Problem(self.label, field, message, blocking))

    def address(self, data: dict, raw: dict):
        """Clean the place fields of `raw` (v1 names) into `data`, checking the position."""
        data["adresse"] = clean.text(raw.get("adresse"))
        data["complement_adresse"] = clean.text(raw.get("complement_adresse"))
        data["commune"] = clean.text(raw.get("commune"))
        data["code_postal"] = self.value("code_postal", clean.code, raw.get("code_postal"))
        data["code_insee"] = self.value("code_insee", clean.code, raw.get("code_insee"))
        latitude = self.value("latitude", clean.number, raw.get("latitude"))
        longitude = self.value("longitude", clean.number, raw.get("longitude"))
        if (latitude is None) != (longitude is None):
            self.problem("latitude" if latitude is None else "longitude",
                         "une seule des deux coordonnées est donnée : position ignorée")
            latitude = longitude = None
        latitude, longitude, notes = clean.position_check(
            latitude, longitude, data["code_insee"], data["code_postal"])
        for field, message in notes:
            self.problem(field, message)
        data["latitude"], data["longitude"] = latitude, longitude

    def contacts(self, data: dict, raw: dict):
        data["telephone"] = self.value("telephone", clean.phone, raw.get("telephone"))
        data["courriel"] = self.value("courriel", clean.email, raw.get("courriel"))
        if "site_web" in raw:
            data["site_web"] = self.value("site_web", clean.url, raw.get("site_web"))

    def record(self, structure: dict, services: list[dict]) -> SourceRecord:
        return SourceRecord(where=self.where, structure=_compact(structure, STRUCTURE_KEEP),
                            services=[_compact(s, SERVICE_KEEP) for s in services],
                            problems=self.problems)


STRUCTURE_KEEP = frozenset({"source", "id", "nom", "date_maj"})
SERVICE_KEEP = STRUCTURE_KEEP | {"structure_id", "description"}


def _compact(data: dict, required: frozenset) -> dict:
    """Drop None and empty lists, except the fields the schema requires (kept to be named)."""
    return {k: v for k, v in data.items() if k in required or v not in (None, [], "")}


def place_copy(structure: dict) -> dict:
    """The place fields of a structure, for a service offered at the structure's address."""
    fields = ("adresse", "complement_adresse", "code_postal", "code_insee", "commune",
              "longitude", "latitude", "telephone", "courriel", "horaires_accueil")
    return {name: structure.get(name) for name in fields}


def date_from_name(path: Path) -> str | None:
    """"liste-fs-20240801.csv" → "2024-08-01": lists dated in their name and nowhere else."""
    found = re.search(r"(20\d\d)-?([01]\d)-?([0-3]\d)", path.stem)
    if not found:
        return None
    try:
        return clean.date_iso("-".join(found.groups()))
    except ValueError:
        return None
