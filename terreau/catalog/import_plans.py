"""Between the import pages and the import core: what the mapping form proposes, the
`ImportPlan` it makes, and the plan kept as JSON in the staging folder.

The proposals are the core's own guesses (`plans.resolve_plan`): the code column, the
numeric columns, their slugs, INSEE labels, units and kinds with the reason for each.
"""

from dataclasses import asdict
from pathlib import PurePath

import numpy as np
from django.utils.text import slugify

from terreau.territory.geometry import CODE_FIELDS, CODE_WIDTH

from .normalize import PLACE_COLUMNS, default_slug, detect_code_column, unit_from_label
from .plans import ImportPlan, ResolvedPlan, VariableSpec, resolve_plan
from .reading import RawTable, read_table

SAMPLE_VALUES = 3
LEVEL_GUESS_ORDER = ("iris", "commune", "epci", "departement", "region")
# Column names read as text (codes keep their zeros), as the import core does.
TEXT_COLUMNS = tuple({n for fields in CODE_FIELDS.values() for n in fields}
                     | set(PLACE_COLUMNS))


def read_for_mapping(path, *, sheet: str | None, header_row: int | None) -> RawTable:
    """Read the whole table as the import will (raises reading.TableReadError)."""
    names = TEXT_COLUMNS + tuple(n.upper() for n in TEXT_COLUMNS)
    return read_table(path, sheet=sheet or None, header_row=header_row, text_columns=names)


def cell_text(value) -> str:
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def column_samples(raw: RawTable, position: int) -> list[str]:
    """Return the first few non-empty cells of a column, as text."""
    cells = (cell_text(v) for v in raw.frame[position].head(50))
    return [c for c in cells if c][:SAMPLE_VALUES]


def guess_level(raw: RawTable) -> str:
    """Guess the level of the zones from the code column and the width of its codes."""
    for level in LEVEL_GUESS_ORDER:
        column = detect_code_column(raw.columns, level)
        if column is None:
            continue
        width = CODE_WIDTH[level]
        codes = column_samples(raw, raw.columns.index(column))
        if codes and all(len(code) in (width - 1, width) for code in codes):
            return level
    return "commune"


def propose(raw: RawTable, *, level: str, filename: str) -> tuple[dict, list[dict]]:
    """Return the initial values of the mapping form and of one form per column."""
    resolved: ResolvedPlan = resolve_plan(raw, ImportPlan(dataset_slug="apercu", level=level))
    specs = {spec.column: spec for spec in resolved.variables}
    stem = PurePath(filename).stem
    title = stem.replace("_", " ").replace("-", " ").capitalize()
    mapping = {"level": level, "period_mode": "value", "dataset_mode": "new",
               "code_column": resolved.code_column or raw.columns[0],
               "slug": slugify(stem)[:80], "title": title[:300]}
    columns = []
    for position, name in enumerate(raw.columns):
        if name in (c["column"] for c in columns):
            continue  # a name twice: the check reports it, the form shows it once
        spec = specs.get(name)
        label = (raw.labels[position] if raw.labels else "") or name
        columns.append({
            "column": name, "include": spec is not None,
            "slug": spec.slug if spec else default_slug(name),
            "label": spec.label if spec else label,
            "unit": spec.unit if spec else unit_from_label(label),
            "kind": spec.kind if spec else "", "why": spec.why if spec else "",
            "samples": column_samples(raw, position),
        })
    return mapping, columns


def plan_from_forms(mapping: dict, columns: list[dict], *, sheet: str,
                    header_row: int | None, guessed: dict[str, str] | None = None) -> ImportPlan:
    """Return the import plan chosen in the mapping form (cleaned data).

    A kind left as `guessed` proposed it is left for the core to guess again, so that the
    report says why ("« MED » dans le nom : une médiane") instead of "choisie".
    """
    guessed = guessed or {}
    variables = [VariableSpec(column=c["column"], slug=c["slug"].strip(),
                              label=c["label"].strip(), unit=c["unit"].strip(),
                              kind="" if c["kind"] == guessed.get(c["column"]) else c["kind"])
                 for c in columns if c.get("include")]
    plan = ImportPlan(
        dataset_slug="", level=mapping["level"], code_column=mapping["code_column"],
        sheet=sheet or None, header_row=header_row, variables=variables,
        period=mapping.get("period") or None if mapping["period_mode"] == "value" else None,
        period_column=mapping.get("period_column") or None
        if mapping["period_mode"] == "column" else None)
    if mapping["dataset_mode"] == "existing":
        plan.dataset_slug = mapping["dataset"].slug
        return plan
    plan.dataset_slug = mapping["slug"]
    for name in ("title", "description", "source_url", "licence", "vintage", "method_notes",
                 "sensitivity"):
        setattr(plan, name, mapping.get(name) or "")
    plan.holder = mapping["holder"].name if mapping.get("holder") else ""
    plan.owner_group = mapping["owner_group"].slug if mapping.get("owner_group") else None
    return plan


def plan_to_dict(plan: ImportPlan) -> dict:
    return asdict(plan)


def plan_from_dict(data: dict) -> ImportPlan:
    variables = data.get("variables")
    return ImportPlan(**{**data, "variables": None if variables is None
                         else [VariableSpec(**v) for v in variables]})
