"""What an import should do (`ImportPlan`), and the variables it makes of a table's columns.

No database here: `resolve_plan` turns a plan and a read table into the code column, the
period column and one `VariableSpec` per imported column (slug, label, unit, kind, and why
that kind), with the French issues that make the plan impossible.
"""

from dataclasses import dataclass, field

from .choices import VariableKind
from .normalize import (
    NumericColumn,
    default_slug,
    detect_code_column,
    guess_kind,
    is_place_column,
    looks_numeric,
    parse_numbers,
    unit_from_label,
)
from .reading import RawTable
from .validation import Issue, check_columns

PERCENT_KINDS = {VariableKind.RATE.value, VariableKind.SHARE.value}


@dataclass
class VariableSpec:
    """One column to import as a variable; empty fields are filled from the file."""

    column: str
    slug: str = ""
    label: str = ""
    unit: str = ""
    kind: str = ""
    why: str = ""  # how the kind was chosen, for the report


@dataclass
class ImportPlan:
    """Everything an import needs besides the file. Only `dataset_slug` and `level` are required.

    `variables=None` imports every numeric column except codes and names, with kinds guessed
    (`kinds` overrides some: {"MED19": "median"}). `period` labels the values ("2020");
    `period_column` names a column of periods instead (one row per zone and period).
    Metadata fields fill the dataset's sheet when it is created, and update it when given.
    """

    dataset_slug: str
    level: str
    period: str | None = None
    period_column: str | None = None
    code_column: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    variables: list[VariableSpec] | None = None
    kinds: dict[str, str] = field(default_factory=dict)
    accept_unknown_codes: bool = False
    title: str = ""
    description: str = ""
    holder: str = ""
    source_url: str = ""
    licence: str = ""
    vintage: str = ""
    method_notes: str = ""
    sensitivity: str | None = None
    owner_group: str | None = None
    geography_vintage: int | None = None


@dataclass
class ResolvedPlan:
    """The columns an import reads and the variables it writes."""

    code_column: str
    period_column: str | None
    variables: list[VariableSpec]
    ignored: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    parsed: dict[str, NumericColumn] = field(default_factory=dict)  # reused by normalize_table


def resolve_plan(raw: RawTable, plan: ImportPlan) -> ResolvedPlan:
    """Choose the code column and the variables of `plan` in `raw`; report what is wrong."""
    issues: list[Issue] = []
    columns = raw.columns
    code_column = plan.code_column or detect_code_column(columns, plan.level)
    if code_column is None or code_column not in columns:
        said = f"La colonne « {code_column} » n'existe pas" if code_column else \
            "Aucune colonne de codes reconnue (CODGEO, IRIS, COM, code…)"
        issues.append(Issue("code_column", f"{said}. Colonnes du fichier : "
                            f"{', '.join(columns)}. Indiquez la colonne des codes.",
                            column=code_column))
        return ResolvedPlan("", None, [], issues=issues)
    if plan.period_column and plan.period_column not in columns:
        issues.append(Issue("period_column", f"La colonne des périodes « {plan.period_column} » "
                            f"n'existe pas.", column=plan.period_column))
    parsed: dict[str, NumericColumn] = {}
    wanted = plan.variables or _numeric_columns(raw, {code_column, plan.period_column}, parsed)
    specs, ignored = [], []
    if plan.variables is None:
        ignored = [c for c in columns if c not in {s.column for s in wanted}
                   and c not in (code_column, plan.period_column)]
    for spec in wanted:
        if spec.column not in columns:
            issues.append(Issue("unknown_column", f"La colonne « {spec.column} » n'existe pas "
                                f"dans le fichier (colonnes : {', '.join(columns)}).",
                                column=spec.column))
            continue
        specs.append(_complete(raw, spec, plan.kinds.get(spec.column), parsed))
    issues += _check_kinds(plan, columns) + _check_slugs(specs)
    issues += check_columns(columns, [code_column, *(s.column for s in specs)])
    if not specs and not issues:
        issues.append(Issue("no_variable", "Aucune colonne de nombres à importer : choisissez "
                            "les colonnes des variables."))
    return ResolvedPlan(code_column, plan.period_column, specs, ignored, issues, parsed)


def _parse(raw: RawTable, name: str, parsed: dict[str, NumericColumn]) -> NumericColumn:
    if name not in parsed:
        parsed[name] = parse_numbers(raw.frame[raw.columns.index(name)], name)
    return parsed[name]


def _numeric_columns(raw: RawTable, exclude: set, parsed: dict) -> list[VariableSpec]:
    specs = []
    for name in dict.fromkeys(raw.columns):  # a name twice is reported by check_columns
        if name in exclude or is_place_column(name):
            continue
        if looks_numeric(_parse(raw, name, parsed)):
            specs.append(VariableSpec(column=name))
    return specs


def _complete(raw: RawTable, spec: VariableSpec, forced_kind: str | None,
              parsed: dict) -> VariableSpec:
    position = raw.columns.index(spec.column)
    label = spec.label or (raw.labels[position] if raw.labels else "") or spec.column
    kind, why = forced_kind or spec.kind, "choisie"
    if not kind:
        kind, why = guess_kind(spec.column, _parse(raw, spec.column, parsed))
    unit = spec.unit or unit_from_label(label) or ("%" if kind in PERCENT_KINDS else "")
    return VariableSpec(column=spec.column, slug=spec.slug or default_slug(spec.column),
                        label=label, unit=unit, kind=kind, why=why)


def _check_kinds(plan: ImportPlan, columns: list[str]) -> list[Issue]:
    issues = []
    for column, kind in plan.kinds.items():
        if column not in columns:
            issues.append(Issue("unknown_column", f"Nature donnée pour « {column} », qui n'est "
                                f"pas une colonne du fichier.", column=column))
        elif kind not in VariableKind.values:
            issues.append(Issue("kind", f"Nature inconnue « {kind} » pour « {column} » : "
                                f"{', '.join(VariableKind.values)}.", column=column))
    for spec in plan.variables or []:
        if spec.kind and spec.kind not in VariableKind.values:
            issues.append(Issue("kind", f"Nature inconnue « {spec.kind} » pour "
                                f"« {spec.column} » : {', '.join(VariableKind.values)}.",
                                column=spec.column))
    return issues


def _check_slugs(specs: list[VariableSpec]) -> list[Issue]:
    seen: dict[str, str] = {}
    issues = []
    for spec in specs:
        if spec.slug in seen:
            issues.append(Issue("slug", f"Les colonnes « {seen[spec.slug]} » et « {spec.column} » "
                                f"donneraient le même nom de variable « {spec.slug} » : "
                                f"nommez l'une autrement.", column=spec.column))
        seen.setdefault(spec.slug, spec.column)
    return issues
