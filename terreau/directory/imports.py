"""Importing a directory file: the report shown before writing, then the writing, all or nothing.

`import_report(records, group=…)` says what an import would do, without writing: how many
structures it creates, updates, merges as duplicates, refuses, with the blocking problems
(record and field, in French) and the warnings (no position, unknown zone codes dropped…).
`import_apply(…)` writes it in one transaction — or refuses everything (`ImportRefused`) when
a record has a blocking problem, unless the person chose to leave the refused records out.
Every change is kept in the history (`ChangeRecord`, via "import").

The records come from `importers.read_file` (one shape whatever the file's format); the
decisions are `imports_plan`'s. Counts always add up: records read = created + updated +
unchanged + merged duplicates + refused.
"""

import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction

from .choices import ChangeVia
from .geocode import Geocoder
from .importers.table import PRESETS, mapping_load
from .imports_plan import (
    CREATE,
    FILL,
    KEEP,
    MERGE,
    REFUSED,
    UPDATE,
    Places,
    Plan,
    fill_from_merged,
    match,
    plan_services,
    record_problems,
    structure_changes,
)
from .models import ChangeRecord, Service, Structure
from .v1 import Problem, SourceRecord
from .vocabularies import vocabularies_cached

LISTED = 200  # problems and merges kept per list in the report (the counts say the rest)
NO_RECORD = "Le fichier ne contient aucune structure : rien à importer."


class ImportRefused(ValueError):
    """The import was refused; nothing was written. `report` says why."""

    def __init__(self, report: "ImportReport"):
        self.report = report
        super().__init__(report.refusal())


@dataclass
class ImportReport:
    """What an import does (before writing) or did (`written`). Plain data: kept as JSON
    between the report page and the background task, returned by the API."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    refused: int = 0
    services_created: int = 0
    services_updated: int = 0
    services_merged: int = 0
    positions: dict = field(default_factory=lambda: {"file": 0, "geocoded": 0, "commune": 0,
                                                     "none": 0})
    insee_found: int = 0
    errors: list[dict] = field(default_factory=list)  # blocking: {where, field, message}
    warnings: list[dict] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    merges: list[dict] = field(default_factory=list)  # {where, nom, into, reason}
    updates: list[dict] = field(default_factory=list)  # {where, nom, fields}
    refused_records: list[dict] = field(default_factory=list)  # {where, nom}
    left_out: bool = False  # the refused records were left out at the person's request
    written: bool = False

    @property
    def blocking(self) -> bool:
        """Nothing can be written: no record, every record refused, or some refused and the
        person did not choose to leave them out."""
        if not self.read or self.refused == self.read:
            return True
        return bool(self.error_count) and not self.left_out

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    def add_problem(self, problem: Problem) -> None:
        item = {"where": problem.where, "field": problem.field, "message": problem.message}
        if problem.blocking:
            self.error_count += 1
            if len(self.errors) < LISTED:
                self.errors.append(item)
        else:
            self.warning_count += 1
            if len(self.warnings) < LISTED:
                self.warnings.append(item)

    def refusal(self) -> str:
        if not self.read:
            return NO_RECORD
        return (f"Import refusé : {self.refused} fiche{'s' if self.refused > 1 else ''} sur "
                f"{self.read} {'ont' if self.refused > 1 else 'a'} des erreurs bloquantes "
                "(listées ci-dessous). Rien n'a été enregistré.")

    def lines(self) -> list[str]:
        """The report as French lines, for the terminal and the page's summary."""
        done = self.written
        lines = [
            f"{self.read} fiche{_s(self.read)} lue{_s(self.read)} : "
            f"{self.created} {'créée' if done else 'à créer'}{_s(self.created) if done else ''}, "
            f"{self.updated} {'mise' if done else 'à mettre'}{_s(self.updated) if done else ''}"
            " à jour, "
            f"{self.unchanged} inchangée{_s(self.unchanged)}, {self.merged} doublon"
            f"{_s(self.merged)} fusionné{_s(self.merged)}, {self.refused} refusée"
            f"{_s(self.refused)}{' (laissées de côté)' if self.left_out and self.refused else ''}.",
            f"Services : {self.services_created} {'créé' if done else 'à créer'}"
            f"{_s(self.services_created) if done else ''}, {self.services_updated} "
            f"{'mis' if done else 'à mettre'} à jour, {self.services_merged} doublon"
            f"{_s(self.services_merged)}.",
            f"Positions : {self.positions['file']} du fichier, {self.positions['geocoded']} "
            f"géocodée{_s(self.positions['geocoded'])}, {self.positions['commune']} au centre "
            f"de la commune (approximative{_s(self.positions['commune'])}), "
            f"{self.positions['none']} sans position.",
        ]
        if self.insee_found:
            lines.append(f"Codes INSEE retrouvés d'après la commune et le code postal : "
                         f"{self.insee_found}.")
        if self.blocking:
            lines.append(self.refusal())
        lines += _section("Erreurs bloquantes", self.errors, self.error_count, _problem_line)
        lines += _section("Doublons fusionnés", self.merges, self.merged, _merge_line)
        lines += _section("Points d'attention", self.warnings, self.warning_count,
                          _problem_line)
        return lines


def _s(count: int) -> str:
    return "s" if count > 1 else ""


def _problem_line(item: dict) -> str:
    return f"{item['where']} — {item['field']} : {item['message']}"


def _merge_line(item: dict) -> str:
    return f"{item['where']} (« {item['nom']} ») → « {item['into']} » ({item['reason']})"


def _section(title: str, items: list[dict], total: int, line) -> list[str]:
    if not items:
        return []
    lines = [f"{title} ({total}) :", *(f"  {line(item)}" for item in items)]
    if total > len(items):
        lines.append(f"  … et {total - len(items)} autres.")
    return lines


# ---- the report -----------------------------------------------------------------------------

def _plan(records: list[SourceRecord], group, geocoder=None,
          progress=None) -> tuple[ImportReport, list[Plan]]:
    report = ImportReport(read=len(records))
    if not records:
        report.errors.append({"where": "fichier", "field": "", "message": NO_RECORD})
        report.error_count = 1
        return report, []
    plans = []
    with vocabularies_cached():
        for number, record in enumerate(records, 1):
            plan = Plan(record)
            problems = record_problems(record)
            for problem in problems:
                report.add_problem(problem)
            if any(p.blocking for p in problems):
                plan.action = REFUSED
                if len(report.refused_records) < LISTED:
                    report.refused_records.append({"where": record.where,
                                                   "nom": record.structure.get("nom") or ""})
            plans.append(plan)
            if progress and number % 50 == 0:
                progress(int(20 * number / len(records)), "Vérification des fiches")
    valid = [p for p in plans if p.action != REFUSED]

    def warn(record, name, message):
        report.add_problem(Problem(record.label, name, message, blocking=False))

    places = Places(geocoder)
    places.complete(valid, warn)
    report.positions, report.insee_found = places.counts, places.insee_found
    match(valid, group)
    fill_from_merged(valid)
    for plan in valid:
        if plan.action != MERGE:
            plan.changes = structure_changes(plan)
    plan_services([p for p in valid if p.action != MERGE],
                  [p for p in valid if p.action == MERGE])
    _count(report, plans)
    return report, plans


def _count(report: ImportReport, plans: list[Plan]) -> None:
    report.refused = sum(p.action == REFUSED for p in plans)
    report.created = sum(p.action == CREATE for p in plans)
    report.updated = sum(p.action == UPDATE and bool(p.changes) for p in plans)
    report.unchanged = sum(p.action == UPDATE and not p.changes for p in plans)
    for plan in plans:
        if plan.action in (MERGE, FILL, KEEP):
            report.merged += 1
            if len(report.merges) < LISTED:
                into = plan.primary.record.label if plan.primary else str(plan.target)
                reason = plan.reason + {
                    FILL: " : ses champs vides sont complétés",
                    KEEP: " : tenue par un autre groupe, laissée telle quelle"}.get(
                        plan.action, "")
                report.merges.append({"where": plan.record.where, "into": into,
                                      "nom": plan.record.structure.get("nom") or "",
                                      "reason": reason})
        elif plan.action == UPDATE and plan.changes and len(report.updates) < LISTED:
            report.updates.append({"where": plan.record.where, "fields": sorted(plan.changes),
                                   "nom": plan.record.structure.get("nom") or "",
                                   "reason": plan.reason})
        for service in plan.services:
            report.services_created += service.action == CREATE
            report.services_updated += service.action == UPDATE
            report.services_merged += service.action == MERGE


def import_report(records: list[SourceRecord], *, group, geocode: bool = False) -> ImportReport:
    """What importing `records` for `group` (None: the whole instance) would do; no writing.

    `geocode`: ask the national address geocoder for the positions the file lacks (only
    when online; otherwise the commune's centre is used)."""
    geocoder = Geocoder() if geocode else None
    try:
        return _plan(records, group, geocoder)[0]
    finally:
        if geocoder is not None:
            geocoder.close()


# ---- writing ------------------------------------------------------------------------------

def import_apply(records: list[SourceRecord], *, group, user, progress=None,
                 geocode: bool = False, leave_out_refused: bool = False,
                 note: str = "") -> ImportReport:
    """Write the import in one transaction and return its report (`written` True).

    Raise ImportRefused, writing nothing, when a record has a blocking problem — unless
    `leave_out_refused`: then those records (listed in the report) are left out and the rest
    is written. `progress(percent, label)` follows the work; `note` goes to the history.
    """
    progress = progress or (lambda percent, label: None)
    geocoder = Geocoder() if geocode else None
    try:
        report, plans = _plan(records, group, geocoder, progress)
    finally:
        if geocoder is not None:
            geocoder.close()
    report.left_out = leave_out_refused and bool(report.read)
    if report.blocking:
        raise ImportRefused(report)
    with transaction.atomic():
        _write(plans, group=group, user=user, note=note[:300], progress=progress)
    report.written = True
    progress(100, "Import terminé")
    return report


def _history(structure, service, changes, user, note) -> ChangeRecord:
    return ChangeRecord(structure=structure, service=service, changes=changes,
                        via=ChangeVia.IMPORT, by=user, note=note)


def _apply_changes(obj, fields: dict, changes: dict) -> None:
    for name in changes:
        if name == "structure":
            continue
        setattr(obj, name, fields[name] if name != "extra" else changes[name][1])


def _write(plans: list[Plan], *, group, user, note: str, progress) -> None:
    history = []
    owners = [p for p in plans if p.action in (CREATE, UPDATE, FILL, KEEP)]
    new = [Structure(**plan.fields, group=group) for plan in owners if plan.action == CREATE]
    Structure.objects.bulk_create(new, batch_size=500)
    created = iter(new)
    for number, plan in enumerate(owners, 1):
        if plan.action == CREATE:
            plan.target = next(created)
            history.append(_history(plan.target, None, plan.changes, user, note))
        elif plan.changes:
            _apply_changes(plan.target, plan.fields, plan.changes)
            plan.target.save()
            history.append(_history(plan.target, None, plan.changes, user, note))
        if number % 50 == 0:
            progress(20 + int(40 * number / len(owners)), "Écriture des structures")
    services = []
    for plan in owners:
        for service in plan.services:
            if service.action == CREATE:
                fields = {**service.fields, "structure": plan.target}
                services.append(Service(**fields))
            elif service.action == UPDATE:
                _apply_changes(service.target, service.fields, service.changes)
                service.target.structure = plan.target
                service.target.save()
                history.append(_history(plan.target, service.target, service.changes, user,
                                        note))
    progress(70, "Écriture des services")
    Service.objects.bulk_create(services, batch_size=500)
    changes = iter(s for p in owners for s in p.services if s.action == CREATE)
    for service, plan in zip(services, changes, strict=True):
        history.append(_history(service.structure, service, plan.changes, user, note))
    progress(90, "Historique des modifications")
    ChangeRecord.objects.bulk_create(history, batch_size=500)


def mapping_read(content: bytes | str) -> dict:
    """A column mapping sent as content (upload, API field): JSON, or CSV with the columns
    `champ` and `colonne`, or the name of a ready-made mapping ("pole-emploi-2019") — read
    as the importers read a mapping file. Raise ReadError (French) when it cannot be used."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    if text.strip() in PRESETS:
        return mapping_load(text.strip())
    with tempfile.TemporaryDirectory(prefix="terreau-correspondance-") as folder:
        path = Path(folder) / "correspondance"
        path.write_text(text, encoding="utf-8")
        return mapping_load(path)
