"""The directory as data·inclusion v1 files, so that a group's work flows back to the
national platform.

Two formats:
- `datainclusion-json`: one JSON object `{"structures": [...], "services": [...]}`, the two
  collections the platform publishes (its API's /structures and /services, its open-data
  files structures.json and services.json); services point to their structure by
  `source` + `structure_id`. Exact values: the format for machines.
- `datainclusion-csv`: a ZIP of `structures.csv` and `services.csv` (UTF-8, comma, one
  column per schema field in the schema's order), lists joined with `|` as in the médiation
  numérique standard; a text starting with =, +, - or @ gets an apostrophe so that a
  spreadsheet does not run it (core.exports), hence a phone "+33…" reads "'+33…": send the
  JSON to the platform, open the CSV in a spreadsheet.

What is left out, and said in the report:
- example (fictitious) structures, always;
- closed structures and services: v1 has no "closed" field, and a closed place exported
  would be shown as open (the platform drops what a source no longer publishes);
- a group's own themes (not in the national list), and any other value outside the
  schema's lists: the value is removed, the record kept;
- the contact person's name (`contact_nom_prenom`): personal data, it stays here;
- records that still break the JSON Schema (Draft 2020-12) — none when the imports and
  forms checked them (validation.py), but the export checks every record again.
"""

import csv
import datetime
import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget
from terreau.core.demo import DemoError, data_dir_find
from terreau.core.exports import safe_cell

from .models import Structure, Vocabulary
from .queries import can_import, groups_stewarded_by, is_any_steward
from .v1 import LISTS, SERVICE_FIELDS, STRUCTURE_FIELDS, service_to_v1, structure_to_v1

FORMATS = ("datainclusion-json", "datainclusion-csv")
FORMAT_LABELS = {"datainclusion-json": "JSON data·inclusion v1",
                 "datainclusion-csv": "CSV data·inclusion v1 (ZIP de deux fichiers)"}
CONTENT_TYPES = {"datainclusion-json": "application/json", "datainclusion-csv": "application/zip"}
# Fields that never leave: a named person (the structures' and services' own contacts stay).
PRIVATE_FIELDS = ("contact_nom_prenom",)
# v1 service fields kept in `extra` by the importers (no model field of their own).
SERVICE_EXTRA_FIELDS = ("nombre_semaines", "volume_horaire_hebdomadaire")
STRUCTURE_COLUMNS = ("source", "id", *STRUCTURE_FIELDS)
SERVICE_COLUMNS = ("source", "structure_id", "id",
                   *(name for name in SERVICE_FIELDS if name not in PRIVATE_FIELDS),
                   *SERVICE_EXTRA_FIELDS)
LIST_SEPARATOR = "|"
# Directory exports have their own category in the audit log.
AUDIT_TARGET = AuditTarget.DIRECTORY


class ExportError(ValueError):
    """An export that cannot be made (French message)."""


@dataclass
class ExportReport:
    """What went out and what stayed, in figures and in French."""

    scope: str  # "groupe Tours — insertion", "tout l'annuaire"
    structures: int = 0
    services: int = 0
    examples: int = 0
    closed_structures: int = 0
    closed_services: int = 0
    group_themes: Counter = field(default_factory=Counter)  # label -> services
    other_values: Counter = field(default_factory=Counter)  # "field « value »" -> records
    invalid: list[str] = field(default_factory=list)
    schema_checked: bool = False

    def lines(self) -> list[str]:
        lines = [f"Export data·inclusion v1 — {self.scope} : {self.structures} structure"
                 f"{'s' if self.structures > 1 else ''} et {self.services} service"
                 f"{'s' if self.services > 1 else ''}."]
        if self.examples:
            lines.append(f"{self.examples} structure(s) d'exemple (fictives) non exportée(s).")
        if self.closed_structures or self.closed_services:
            lines.append(f"Fermés, non exportés : {self.closed_structures} structure(s), "
                         f"{self.closed_services} service(s).")
        if self.group_themes:
            themes = ", ".join(f"« {label} » ({count})"
                               for label, count in sorted(self.group_themes.items()))
            lines.append("Thèmes propres au groupe, absents de la liste nationale, retirés des "
                         f"services exportés (nombre de services) : {themes}.")
        if self.other_values:
            values = ", ".join(f"{value} ({count})"
                               for value, count in sorted(self.other_values.items()))
            lines.append(f"Valeurs hors des listes nationales, retirées : {values}.")
        if self.invalid:
            lines.append(f"{len(self.invalid)} fiche(s) non conforme(s) au schéma, non "
                         "exportée(s) :")
            lines += [f"  - {text}" for text in self.invalid]
        lines.append("Chaque fiche exportée est conforme au schéma JSON data·inclusion v1."
                     if self.schema_checked else
                     "Schéma JSON data·inclusion introuvable : fiches vérifiées par les listes "
                     "de valeurs seulement.")
        return lines

    def as_dict(self) -> dict:
        return {"perimetre": self.scope, "structures": self.structures,
                "services": self.services, "exemples_exclus": self.examples,
                "structures_fermees_exclues": self.closed_structures,
                "services_fermes_exclus": self.closed_services,
                "themes_propres_retires": dict(self.group_themes),
                "valeurs_hors_liste_retirees": dict(self.other_values),
                "fiches_non_conformes": self.invalid, "schema_verifie": self.schema_checked}


@dataclass
class Export:
    structures: list[dict]
    services: list[dict]
    report: ExportReport


def schema_dir_find() -> Path | None:
    """The v1 schema's folder (services/data-inclusion of the open-data folder), if any."""
    try:
        base = data_dir_find()
    except DemoError:  # TERREAU_DATA_DIR names no folder: the demo says it; here, no schema
        return None
    path = base / "services" / "data-inclusion" if base else None
    return path if path and (path / "structure.json").exists() else None


@lru_cache(maxsize=4)
def _validators(schema_dir: str) -> tuple[Draft202012Validator, Draft202012Validator]:
    def load(name):
        schema = json.loads((Path(schema_dir) / name).read_text(encoding="utf-8"))
        return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return load("structure.json"), load("service.json")


@lru_cache(maxsize=4)
def _schema_enums(schema_dir: str) -> dict[str, set[str]]:
    """{v1 field: allowed values} from the schemas' `$defs` enums."""
    allowed = {}
    for name in ("structure.json", "service.json"):
        schema = json.loads((Path(schema_dir) / name).read_text(encoding="utf-8"))
        defs = schema.get("$defs", {})
        for field_name, spec in schema["properties"].items():
            refs = json.dumps(spec)
            for def_name, definition in defs.items():
                if f'"#/$defs/{def_name}"' in refs and "enum" in definition:
                    allowed[field_name] = set(definition["enum"])
    return allowed


def _db_enums() -> dict[str, set[str]]:
    """Without the schema files: the national lists of the database."""
    kinds = {"thematiques": "thematiques", "publics": "publics", "frais": "frais",
             "modes_accueil": "modes-accueil", "modes_mobilisation": "modes-mobilisation",
             "mobilisable_par": "personnes-mobilisatrices", "type": "types-de-services",
             "reseaux_porteurs": "reseaux-porteurs"}
    values: dict[str, set[str]] = {name: set() for name in kinds}
    national = Vocabulary.objects.filter(national=True).values_list("kind", "value")
    by_kind: dict[str, set[str]] = {}
    for kind, value in national:
        by_kind.setdefault(kind, set()).add(value)
    for name, kind in kinds.items():
        values[name] = by_kind.get(kind, set())
    return values


def _keep_national(data: dict, allowed: dict, themes: dict, report: ExportReport) -> None:
    """Remove values outside the national lists, counting group themes by their label."""
    for name, values in allowed.items():
        value = data.get(name)
        if value is None:
            continue
        items = value if name in LISTS else [value]
        kept = [item for item in items if item in values]
        for item in items:
            if item in values:
                continue
            if name == "thematiques" and item in themes:
                report.group_themes[themes[item]] += 1
            else:
                report.other_values[f"{name} « {item} »"] += 1
        if name in LISTS:
            data[name] = sorted(set(kept), key=kept.index) or None
        else:
            data[name] = kept[0] if kept else None


def _service_v1(service) -> dict:
    data = service_to_v1(service)
    for name in PRIVATE_FIELDS:
        data.pop(name, None)
    for name in SERVICE_EXTRA_FIELDS:
        if service.extra.get(name) not in (None, ""):
            data[name] = service.extra[name]
    return data


def _errors(validator, data: dict) -> list[str]:
    return [f"« {'.'.join(str(part) for part in error.absolute_path) or 'fiche'} » : "
            f"{error.message}" for error in validator.iter_errors(data)]


def export_queryset(group=None):
    structures = Structure.objects.all() if group is None else Structure.objects.filter(
        group=group)
    return structures.prefetch_related("services").order_by("source", "source_id")


def export_build(group=None, *, schema_dir: Path | None = None) -> Export:
    """The records of `group` (None: the whole directory) as data·inclusion v1 dicts."""
    schema_dir = schema_dir or schema_dir_find()
    report = ExportReport(scope=f"groupe {group.name}" if group else "tout l'annuaire",
                          schema_checked=schema_dir is not None)
    validators = _validators(str(schema_dir)) if schema_dir else None
    allowed = _schema_enums(str(schema_dir)) if schema_dir else _db_enums()
    themes = dict(Vocabulary.objects.filter(national=False).values_list("value", "label"))
    structures, services = [], []
    for structure in export_queryset(group):
        if structure.example:
            report.examples += 1
            continue
        if structure.closed_on:
            report.closed_structures += 1
            continue
        data = structure_to_v1(structure)
        _keep_national(data, allowed, themes, report)
        errors = _errors(validators[0], data) if validators else []
        if errors:
            count = len(structure.services.all())
            report.invalid.append(f"structure {data['source']}/{data['id']} "
                                  f"(« {structure.nom} », avec ses {count} service(s)) : "
                                  f"{'; '.join(errors)}")
            continue
        structures.append(data)
        for service in structure.services.all():
            if service.closed_on:
                report.closed_services += 1
                continue
            item = _service_v1(service)
            _keep_national(item, allowed, themes, report)
            errors = _errors(validators[1], item) if validators else []
            if errors:
                report.invalid.append(f"service {item['source']}/{item['id']} "
                                      f"(« {service.nom} ») : {'; '.join(errors)}")
                continue
            services.append(item)
    report.structures, report.services = len(structures), len(services)
    return Export(structures, services, report)


def _cell(value):
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return "" if value is None else safe_cell(value)


def _csv(columns, records) -> bytes:
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(name)) for name in columns])
    return handle.getvalue().encode("utf-8")


def export_bytes(export: Export, fmt: str) -> bytes:
    """The file's content in `fmt` (see FORMATS)."""
    if fmt == "datainclusion-json":
        text = json.dumps({"structures": export.structures, "services": export.services},
                          ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
    if fmt == "datainclusion-csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("structures.csv", _csv(STRUCTURE_COLUMNS, export.structures))
            archive.writestr("services.csv", _csv(SERVICE_COLUMNS, export.services))
        return buffer.getvalue()
    raise ExportError(f"Format inconnu : « {fmt} » (formats : {', '.join(FORMATS)}).")


def export_filename(group, fmt: str, today: datetime.date | None = None) -> str:
    day = (today or datetime.date.today()).isoformat()
    extension = "json" if fmt == "datainclusion-json" else "zip"
    return f"annuaire-{group.slug if group else 'tout'}-datainclusion-v1-{day}.{extension}"


def export_record(*, group, fmt: str, report: ExportReport, request=None, actor: str = "",
                  file: str = "") -> None:
    """Write the export to the audit log (page, API or command line)."""
    audit_record(action=AuditAction.EXPORT, target_type=AUDIT_TARGET,
                 target_id=f"annuaire:{group.slug if group else 'tout'}",
                 target_label=f"Annuaire des services — {report.scope}", request=request,
                 actor=actor, details={"format": fmt, "structures": report.structures,
                                       "services": report.services, "file": file,
                                       "themes_propres_retires": sum(
                                           report.group_themes.values()),
                                       "fiches_non_conformes": len(report.invalid)})


def can_export(user, group) -> bool:
    """A group's records: its data stewards and administrators; the whole directory: any
    data steward (it is public information every signed-in person reads) and the admins."""
    if group is None:
        return is_any_steward(user)
    return can_import(user, group)


def export_groups(user):
    return groups_stewarded_by(user)
