"""data·inclusion v1 records ↔ the directory's models, and what importers hand over.

Every importer turns a file into `SourceRecord`s: a structure and its services as plain
data·inclusion v1 dicts (`{"source", "id", "siret", "nom", …, "date_maj"}`, services with
`structure_id`), whatever the file's format; validation, duplicates, writing and export all
read that one shape. No Django here except the model field lists.
"""

import datetime
from dataclasses import dataclass, field

# The v1 fields stored as model fields of the same name ("id" is `source_id`).
STRUCTURE_FIELDS = (
    "siret", "nom", "description", "adresse", "complement_adresse", "code_postal",
    "code_insee", "commune", "longitude", "latitude", "telephone", "courriel", "site_web",
    "lien_source", "horaires_accueil", "accessibilite_lieu", "reseaux_porteurs", "date_maj",
)
SERVICE_FIELDS = (
    "nom", "description", "type", "thematiques", "publics", "publics_precisions",
    "conditions_acces", "frais", "frais_precisions", "modes_accueil", "modes_mobilisation",
    "mobilisable_par", "mobilisation_precisions", "lien_mobilisation", "zone_eligibilite",
    "adresse", "complement_adresse", "code_postal", "code_insee", "commune", "longitude",
    "latitude", "telephone", "courriel", "contact_nom_prenom", "horaires_accueil",
    "lien_source", "date_maj",
)
LISTS = frozenset({"reseaux_porteurs", "thematiques", "publics", "modes_accueil",
                   "modes_mobilisation", "mobilisable_par", "zone_eligibilite"})
NUMBERS = frozenset({"longitude", "latitude"})


@dataclass
class Problem:
    """Something wrong in a record: where (a line, an object), which field, what, in French.

    Blocking problems refuse the whole import; the others are listed in the report (a record
    without position, an unknown code dropped...)."""

    where: str  # "ligne 12", "objet 5 (« CCAS de Tours »)"
    field: str  # "latitude", "services[0].thematiques[1]"
    message: str
    blocking: bool = True


@dataclass
class SourceRecord:
    """A structure and its services read from a file, before validation."""

    where: str
    structure: dict
    services: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    position_approximate: bool = False

    @property
    def label(self) -> str:
        return f"{self.where} (« {self.structure.get('nom') or 'sans nom'} »)"


def _out(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _empty_to_none(name: str, value):
    if value in ("", None) or (name in LISTS and not value):
        return None
    return _out(value)


def structure_to_v1(structure) -> dict:
    """A Structure as a data·inclusion v1 structure (empty values as null)."""
    data = {"source": structure.source, "id": structure.source_id}
    data.update({name: _empty_to_none(name, getattr(structure, name))
                 for name in STRUCTURE_FIELDS})
    return data


def service_to_v1(service) -> dict:
    """A Service as a data·inclusion v1 service (empty values as null)."""
    data = {"source": service.source, "structure_id": service.structure.source_id,
            "id": service.source_id}
    data.update({name: _empty_to_none(name, getattr(service, name))
                 for name in SERVICE_FIELDS})
    return data


def _in(name: str, value):
    if name in LISTS:
        return list(value or [])
    if name in NUMBERS:
        return value
    if name == "date_maj":
        return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(
            str(value)[:10])
    return "" if value is None else str(value)


def structure_fields(data: dict) -> dict:
    """Model field values of a v1 structure dict (unknown keys go to `extra`)."""
    known = {"source", "id", *STRUCTURE_FIELDS}
    fields = {name: _in(name, data.get(name)) for name in STRUCTURE_FIELDS if name in data}
    fields.update(source=str(data["source"]), source_id=str(data["id"]),
                  extra={k: v for k, v in data.items() if k not in known})
    return fields


def service_fields(data: dict) -> dict:
    """Model field values of a v1 service dict (unknown keys go to `extra`)."""
    known = {"source", "id", "structure_id", *SERVICE_FIELDS}
    fields = {name: _in(name, data.get(name)) for name in SERVICE_FIELDS if name in data}
    fields.update(source=str(data["source"]), source_id=str(data["id"]),
                  extra={k: v for k, v in data.items() if k not in known})
    return fields
