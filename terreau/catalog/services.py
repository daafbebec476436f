"""Use cases that write statistics: check a file, import it as a new dataset version.

The functional core does the work (`reading` → `plans` → `normalize` → `validation` →
`assembly`); this module reads the zones and aliases it needs (one query each), and writes
the result in one transaction. Both entry points are used by the upload page, the background
task and `terreau import-data`:

    report = dataset_import_check(path=path, plan=plan)   # writes nothing
    version = dataset_import(path=path, plan=plan, user=user, progress=callback)
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count

from terreau.territory.choices import Level
from terreau.territory.models import Zone, ZoneAlias

from . import assembly
from .choices import MissingReason, Sensitivity, VariableKind
from .models import DataHolder, Dataset, DatasetVersion, Series, Variable
from .normalize import NormalizedTable, normalize_table
from .plans import ImportPlan, ResolvedPlan, VariableSpec, resolve_plan
from .reading import TableReadError, read_table
from .validation import Alias, Issue, Placement, ValidationReport, ZoneIndex, validate

Progress = Callable[[int, str], None]

__all__ = ["DataImportError", "ImportPlan", "VariableSpec", "dataset_import",
           "dataset_import_check"]


class DataImportError(ValueError):
    """An import refused: nothing was written. `report` says why, in French."""

    def __init__(self, report: ValidationReport):
        self.report = report
        messages = [issue.message for issue in report.errors if issue.blocking]
        super().__init__(" ".join(messages[:3]) or "Import refusé.")


@dataclass
class _Prepared:
    report: ValidationReport
    resolved: ResolvedPlan | None = None
    table: NormalizedTable | None = None
    placement: Placement | None = None
    zones: ZoneIndex | None = None


def dataset_import_check(*, path: str | Path, plan: ImportPlan) -> ValidationReport:
    """Read, normalise and validate `path` as `plan` says; return the report. Writes nothing.

    The report lists the variables (slug, label, unit, kind and why), then errors (blocking)
    and warnings, each naming its line, column and code.
    """
    return _prepare(Path(path), plan, None).report


def dataset_import(*, path: str | Path, plan: ImportPlan, user=None,
                   progress: Progress | None = None) -> DatasetVersion:
    """Import `path` as a new version of dataset `plan.dataset_slug`, all or nothing.

    Creates the dataset (metadata from `plan`) if new, creates or updates its variables, and
    stores version n+1 with one Series per variable × period, the validation report and the
    changes since version n. Earlier versions stay as they were. Raises `DataImportError`
    (nothing written) when the report blocks.
    """
    step = progress or (lambda percent, label: None)
    path = Path(path)
    prepared = _prepare(path, plan, step)
    if prepared.report.blocking:
        raise DataImportError(prepared.report)
    step(70, "Assemblage des séries")
    kinds = {s.column: s.kind for s in prepared.resolved.variables}
    arrays = assembly.assemble(prepared.table, prepared.placement, kinds,
                               plan.period or plan.vintage or "")
    step(80, "Enregistrement")
    with transaction.atomic():
        dataset = _dataset_upsert(plan, user)
        variables = _variables_upsert(dataset, prepared.resolved.variables)
        previous = dataset.versions.order_by("-number").first()
        version = DatasetVersion.objects.create(
            dataset=dataset, number=previous.number + 1 if previous else 1,
            source_filename=path.name[:300], source_sha256=file_sha256(path),
            geography_vintage=plan.geography_vintage or prepared.zones.vintage,
            zone_ids=prepared.placement.zone_ids.astype(np.int64).tobytes(),
            row_count=prepared.report.rows, report=prepared.report.as_dict(), created_by=user)
        _series_write([
            Series(version=version, variable=variables[a.column], period=a.period,
                   values=a.values.astype(np.float64).tobytes(),
                   reasons=a.reasons.astype(np.uint8).tobytes())
            for a in arrays
        ])
        if previous is not None:
            version.changes = _changes(previous, version, arrays, variables)
            version.save(update_fields=["changes"])
    step(100, "Import terminé")
    return version


# ---- Checking ---------------------------------------------------------------------------


def _prepare(path: Path, plan: ImportPlan, step: Progress | None) -> _Prepared:
    step = step or (lambda percent, label: None)
    report = ValidationReport(source=path.name, level=plan.level)
    for issue in _check_plan(plan):
        report.add(issue)
    if report.blocking:
        return _Prepared(report)
    step(5, "Lecture du fichier")
    try:
        raw = read_table(path, sheet=plan.sheet, header_row=plan.header_row,
                         text_columns=_text_columns(plan),
                         max_bytes=settings.TERREAU_MAX_UPLOAD_MB * 1024 * 1024)
    except TableReadError as error:
        report.add(Issue("unreadable", str(error)))
        return _Prepared(report)
    report.file = {"kind": raw.kind, "encoding": raw.encoding, "separator": raw.separator,
                   "decimal": raw.decimal, "header_row": raw.header_row, "sheet": raw.sheet,
                   "sheets": raw.sheets, "columns": raw.columns}
    if raw.frame.empty:
        report.add(Issue("no_rows", f"Le fichier n'a aucune ligne de données sous l'en-tête "
                                    f"(ligne {raw.header_row})."))
        return _Prepared(report)
    step(30, "Lecture des nombres et des codes")
    resolved = resolve_plan(raw, plan)
    for issue in resolved.issues:
        report.add(issue)
    if report.blocking:
        return _Prepared(report, resolved)
    if resolved.ignored:
        report.notes.append("Colonnes non importées (codes, noms ou texte) : "
                            + ", ".join(resolved.ignored) + ".")
    table = normalize_table(raw.frame, raw.columns, raw.lines, level=plan.level,
                            code_column=resolved.code_column,
                            columns=[s.column for s in resolved.variables],
                            period_column=resolved.period_column, parsed=resolved.parsed)
    step(50, "Vérification des codes")
    zones = _zone_index(plan.level)
    report, placement = validate(table, zones, _aliases(plan.level), level=plan.level,
                                 accept_unknown=plan.accept_unknown_codes, report=report)
    report.variables = [_variable_summary(s, table) for s in resolved.variables]
    return _Prepared(report, resolved, table, placement, zones)


def _check_plan(plan: ImportPlan) -> list[Issue]:
    issues = []
    if plan.level not in Level.values:
        issues.append(Issue("plan", f"Niveau inconnu : « {plan.level} ». Niveaux : "
                                    f"{', '.join(Level.values)}."))
    existing = Dataset.objects.filter(slug=plan.dataset_slug).first()
    if existing and existing.level != plan.level:
        issues.append(Issue("plan", f"Le jeu « {plan.dataset_slug} » est au niveau "
                                    f"« {existing.level} », pas « {plan.level} »."))
    if not existing and not plan.dataset_slug.replace("-", "").replace("_", "").isalnum():
        issues.append(Issue("plan", f"Identifiant de jeu invalide : « {plan.dataset_slug} » "
                                    f"(lettres, chiffres, - et _ seulement)."))
    if plan.sensitivity and plan.sensitivity not in Sensitivity.values:
        issues.append(Issue("plan", f"Sensibilité inconnue : « {plan.sensitivity} » "
                                    f"({', '.join(Sensitivity.values)})."))
    if plan.owner_group and not _group(plan.owner_group):
        issues.append(Issue("plan", f"Groupe inconnu : « {plan.owner_group} »."))
    if plan.sensitivity == Sensitivity.GROUP and not (plan.owner_group or
                                                      (existing and existing.owner_group_id)):
        issues.append(Issue("plan", "Une donnée « groupe » doit avoir un groupe propriétaire."))
    return issues


def _text_columns(plan: ImportPlan) -> tuple[str, ...]:
    from terreau.territory.geometry import CODE_FIELDS

    from .normalize import PLACE_COLUMNS

    names = set(PLACE_COLUMNS) | {n for fields in CODE_FIELDS.values() for n in fields}
    return tuple(names | {n for n in (plan.code_column, plan.period_column) if n})


def _zone_index(level: str) -> ZoneIndex:
    """Return the codes and ids of the zones of `level` (one query); names come on demand."""
    rows = Zone.objects.filter(level=level).values_list("code", "id")
    codes, ids = zip(*rows, strict=True) if rows else ((), ())
    vintage = (Zone.objects.filter(level=level, vintage__isnull=False).values("vintage")
               .annotate(n=Count("id")).order_by("-n").values_list("vintage", flat=True)
               .first())
    return ZoneIndex(codes=np.array(codes, dtype=object), ids=np.array(ids, dtype=np.int64),
                     names=_ZoneNames(level), vintage=vintage)


class _ZoneNames:
    """The names of zones, read when a message needs one: 35,000 names are not worth a read
    for the few codes a report mentions."""

    def __init__(self, level: str):
        self.level, self.cache = level, {}

    def get(self, code: str, default: str = "") -> str:
        if code not in self.cache:
            self.cache[code] = Zone.objects.filter(level=self.level, code=code).values_list(
                "name", flat=True).first()
        return self.cache[code] or default


def _aliases(level: str) -> list[Alias]:
    return [Alias(code, target, kind, vintage, name) for code, target, kind, vintage, name in
            ZoneAlias.objects.filter(level=level).values_list("code", "target_code", "kind",
                                                              "vintage", "name")]


def _variable_summary(spec: VariableSpec, table: NormalizedTable) -> dict:
    counts = np.bincount(table.columns[spec.column].reasons, minlength=len(MissingReason))
    missing = {str(reason): int(n) for reason, n in enumerate(counts) if reason and n}
    return {"column": spec.column, "slug": spec.slug, "label": spec.label, "unit": spec.unit,
            "kind": spec.kind, "kind_label": VariableKind(spec.kind).label, "why": spec.why,
            "values": int(counts[MissingReason.VALUE]), "missing": sum(missing.values()),
            "missing_by_reason": missing}


# ---- Writing ----------------------------------------------------------------------------


def _group(slug: str):
    from terreau.accounts.models import TerritorialGroup

    return TerritorialGroup.objects.filter(slug=slug).first()


def _dataset_upsert(plan: ImportPlan, user) -> Dataset:
    dataset = Dataset.objects.select_for_update().filter(slug=plan.dataset_slug).first()
    if dataset is None:
        dataset = Dataset(slug=plan.dataset_slug, level=plan.level, created_by=user,
                          title=plan.title or plan.dataset_slug)
    for name in ("title", "description", "source_url", "licence", "vintage", "method_notes",
                 "sensitivity"):
        if getattr(plan, name):
            setattr(dataset, name, getattr(plan, name))
    if plan.holder:
        dataset.holder = (DataHolder.objects.filter(name=plan.holder).first()
                          or DataHolder.objects.create(name=plan.holder))
    if plan.owner_group:
        dataset.owner_group = _group(plan.owner_group)
    try:
        dataset.full_clean()
    except ValidationError as error:  # e.g. a malformed source link: refuse, write nothing
        report = ValidationReport(source=plan.dataset_slug, level=plan.level)
        for field_name, messages in error.message_dict.items():
            label = Dataset._meta.get_field(field_name).verbose_name
            report.add(Issue("metadata", f"{label} : {' '.join(messages)}"))
        raise DataImportError(report) from error
    dataset.save()
    return dataset


def _variables_upsert(dataset: Dataset, specs: list[VariableSpec]) -> dict[str, Variable]:
    """Create the new variables, update label, unit and kind of the others; return by column."""
    existing = {v.slug: v for v in dataset.variables.all()}
    by_column, new, changed = {}, [], []
    for position, spec in enumerate(specs):
        variable = existing.get(spec.slug) or Variable(dataset=dataset, slug=spec.slug)
        variable.column, variable.label = spec.column, spec.label[:300]
        variable.unit, variable.kind, variable.position = spec.unit[:50], spec.kind, position
        (changed if variable.pk else new).append(variable)
        by_column[spec.column] = variable
    Variable.objects.bulk_create(new)
    Variable.objects.bulk_update(changed, ["column", "label", "unit", "kind", "position"])
    return by_column


def _series_write(series: list[Series]) -> None:
    """Insert the series of a new version.

    On PostgreSQL a binary COPY: Django binds parameters on the client, so bulk_create would
    send each 280 KB array as hex text inside the SQL (1.5 s for 50 series instead of 0.1 s).
    """
    if connection.vendor != "postgresql":
        Series.objects.bulk_create(series)
        return
    quote = connection.ops.quote_name
    table = quote(Series._meta.db_table)
    columns = ", ".join(quote(c) for c in ("version_id", "variable_id", "period", "values",
                                           "reasons"))
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "int8", "text", "bytea", "bytea"])
            for item in series:
                copy.write_row((item.version_id, item.variable_id, item.period, item.values,
                                item.reasons))


def _changes(previous: DatasetVersion, version: DatasetVersion, arrays, variables) -> dict:
    before = {(s.variable.slug, s.period): s.value_array()
              for s in previous.series.select_related("variable")}
    after = {(variables[a.column].slug, a.period): a.values for a in arrays}
    return assembly.diff(
        before, previous.zone_id_array(), after, version.zone_id_array(),
        lambda ids: dict(Zone.objects.filter(pk__in=ids).values_list("pk", "code")))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
