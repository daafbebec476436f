"""Reads the catalogue pages and the API need: datasets, versions and their values, uses.

Every read of datasets starts from `Dataset.objects.visible_to(user)`: the one visibility
rule. A dataset the user may not see is reported as absent (None), never as forbidden.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.formats import number_format

from terreau.indicators.models import Indicator
from terreau.territory.geometry import normalize_search
from terreau.territory.models import Zone

from .choices import DataStatus, MissingReason, Sensitivity
from .models import (
    DataHolder,
    Dataset,
    DatasetVersion,
    HolderRequest,
    InventoryItem,
    Series,
    Variable,
)
from .rules import is_instance_admin

VALUES_PAGE_SIZE = 50
CENT = Decimal("0.01")

# Short, visible markers for cells without a value; the full reason is read out too.
REASON_MARKERS = {
    MissingReason.EMPTY: "vide",
    MissingReason.SECRET: "secret",
    MissingReason.NOT_AVAILABLE: "n.d.",
    MissingReason.NOT_CONCERNED: "n.c.",
    MissingReason.DASH: "–",
}

SENSITIVITY_SENTENCES = {
    Sensitivity.OPEN: "Données ouvertes : tout le monde peut les voir, elles peuvent être "
                      "publiées et exportées.",
    Sensitivity.SHARED: "Données partagées : visibles par les membres de tous les groupes "
                        "de Terreau, jamais publiées hors de l'instance.",
    Sensitivity.GROUP: "Données du groupe : visibles seulement par les membres du groupe "
                       "propriétaire, jamais exportées hors du groupe ni publiées.",
    Sensitivity.RESTRICTED: "Données restreintes : visibles seulement par les référent·es "
                            "nommé·es ci-dessous, jamais publiées.",
}

SENSITIVITY_BADGES = {
    Sensitivity.OPEN: "Ouverte",
    Sensitivity.SHARED: "Partagée",
    Sensitivity.GROUP: "Groupe",
    Sensitivity.RESTRICTED: "Restreinte",
}


def dataset_list_visible(*, user) -> QuerySet[Dataset]:
    """Return the datasets the user may see, with their latest version and variable count."""
    latest = DatasetVersion.objects.filter(dataset=OuterRef("pk")).order_by("-number")
    variables = (Variable.objects.filter(dataset=OuterRef("pk")).values("dataset")
                 .annotate(n=Count("pk")).values("n"))
    return (Dataset.objects.visible_to(user).select_related("holder", "owner_group")
            .annotate(latest_number=Subquery(latest.values("number")[:1]),
                      latest_at=Subquery(latest.values("created_at")[:1]),
                      variable_count=Subquery(variables))
            .order_by("title"))


def dataset_get_visible(*, user, slug: str) -> Dataset | None:
    """Return the dataset if the user may see it, else None (the page then answers 404)."""
    return (Dataset.objects.visible_to(user).select_related("holder", "owner_group")
            .filter(slug=slug).first())


def dataset_versions(dataset: Dataset) -> QuerySet[DatasetVersion]:
    """Return the versions of a dataset, the newest first, with their authors."""
    return (dataset.versions.select_related("created_by").defer("zone_ids")
            .order_by("-number"))


def version_get(*, dataset: Dataset, number: int) -> DatasetVersion | None:
    return dataset.versions.select_related("created_by").filter(number=number).first()


def format_value(value: float) -> str:
    """Write a number the French way: 136 463 ; 12,75 ; rounded half up to 2 decimals.

    Rounded here because Django's number_format cuts the extra decimals (12.999 → 12,99).
    """
    rounded = Decimal(repr(float(value))).quantize(CENT, rounding=ROUND_HALF_UP)
    decimals = 0 if rounded == rounded.to_integral_value() else 2
    text = number_format(rounded, decimals, use_l10n=True, force_grouping=True)
    return text.rstrip("0").rstrip(",") if decimals else text


@dataclass
class Cell:
    text: str
    missing: bool = False
    reason: str = ""


@dataclass
class ValueRow:
    zone_id: int
    code: str
    name: str
    url: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class ValueTable:
    """One page of a version's values: one row per zone, one column per series."""

    columns: list[Series]
    rows: list[ValueRow]
    total: int
    page: int
    page_count: int
    first: int = 0
    last: int = 0


def version_series(version: DatasetVersion) -> list[Series]:
    return list(version.series.select_related("variable")
                .order_by("variable__position", "variable__slug", "period"))


def _cell(value: float, reason: int) -> Cell:
    if math.isnan(value):
        reason = reason or MissingReason.EMPTY
        return Cell(REASON_MARKERS.get(reason, "?"), missing=True,
                    reason=MissingReason(reason).label if reason in MissingReason.values else "")
    return Cell(format_value(value))


def _level_zones(version: DatasetVersion) -> QuerySet[Zone]:
    """Return the zones of the dataset's level: a superset of the version's zones.

    Filtering on the version's ids instead would put one SQL parameter per zone in the
    query: 35,000 communes pass SQLite's limit of 32,766.
    """
    return Zone.objects.filter(level=version.dataset.level)


def version_value_table(version: DatasetVersion, *, page: int = 1, query: str = "",
                        per_page: int = VALUES_PAGE_SIZE) -> ValueTable:
    """Return one page of the version's values, zones in code order.

    `query` keeps the zones whose code starts with it or whose name holds it (accents and
    case ignored), as the zone search does.
    """
    series = version_series(version)
    zone_ids = version.zone_id_array()
    position = {int(zone_id): i for i, zone_id in enumerate(zone_ids)}
    zones = _level_zones(version)
    if query:
        zones = zones.filter(Q(code__startswith=query.strip().upper())
                             | Q(search_name__contains=normalize_search(query)))
    ordered = [row for row in zones.order_by("code").values_list("pk", "code", "name", "level")
               if row[0] in position]
    total = len(ordered)
    page_count = max(1, math.ceil(total / per_page))
    page = min(max(1, page), page_count)
    start, stop = (page - 1) * per_page, min(page * per_page, total)
    arrays = [(s.value_array(), s.reason_array()) for s in series]
    rows = []
    for pk, code, name, level in ordered[start:stop]:
        offset = position[pk]
        row = ValueRow(pk, code, name, reverse("territory:zone", args=[level, code]))
        row.cells = [_cell(float(values[offset]), int(reasons[offset]))
                     for values, reasons in arrays]
        rows.append(row)
    return ValueTable(series, rows, total, page, page_count, first=start + 1 if rows else 0,
                      last=stop)


def version_values_page(version: DatasetVersion, *, variable: str | None = None,
                        zone_code: str | None = None, offset: int = 0,
                        limit: int | None = None) -> tuple[int, list[tuple]]:
    """Return (total, rows) of a version's values in long form, one page of them.

    Each row is (zone code, zone name, variable slug, period, value or None, reason label):
    series after series, zones in code order. Only the series of the page are read.
    """
    zone_ids = version.zone_id_array()
    zones = {pk: (code, name) for pk, code, name in
             _level_zones(version).values_list("pk", "code", "name")}
    codes = np.array([zones.get(int(i), ("",))[0] for i in zone_ids], dtype=object)
    positions = np.argsort(codes, kind="stable")
    positions = positions[codes[positions] != ""]  # zones deleted since the import
    if zone_code:
        positions = positions[codes[positions] == zone_code]
    series = (version.series.select_related("variable").defer("values", "reasons")
              .order_by("variable__position", "variable__slug", "period"))
    if variable:
        series = series.filter(variable__slug=variable)
    series = list(series)
    per_series = len(positions)
    total = per_series * len(series)
    stop = total if limit is None else min(total, offset + limit)
    if offset >= stop:
        return total, []
    needed = range(offset // per_series, (stop - 1) // per_series + 1)
    labels = dict(MissingReason.choices)
    rows = []
    for index in needed:
        s = series[index]
        values, reasons = s.value_array(), s.reason_array()  # deferred: read now, once
        first = max(offset - index * per_series, 0)
        last = min(stop - index * per_series, per_series)
        for i in positions[first:last]:
            code, name = zones.get(int(zone_ids[i]), ("", ""))
            value = float(values[i])
            missing = math.isnan(value)
            reason = int(reasons[i]) or (MissingReason.EMPTY if missing else 0)
            rows.append((code, name, s.variable.slug, s.period, None if missing else value,
                         labels.get(reason, "") if missing else ""))
    return total, rows


def version_changes_lines(changes: dict) -> list[str]:
    """Say in a few words what a version changed since the previous one ([] for the first).

    `changes` is what the import stores (assembly.diff): counts of values changed and zones
    added or removed, and the series (variable and period) added or removed.
    """
    if not changes:
        return []
    lines = []
    for key, one, many in [("values_changed", "valeur modifiée", "valeurs modifiées"),
                           ("zones_added", "zone ajoutée", "zones ajoutées"),
                           ("zones_removed", "zone retirée", "zones retirées"),
                           ("series_added", "série ajoutée", "séries ajoutées"),
                           ("series_removed", "série retirée", "séries retirées")]:
        value = changes.get(key) or 0
        n = len(value) if isinstance(value, list) else int(value)
        if n:
            lines.append(f"{format_value(n)} {one if n == 1 else many}")
    return lines or ["aucun changement"]


def version_change_samples(changes: dict) -> list[dict]:
    """Return a few of the values changed, with French numbers, for the version page."""
    return [{**item,
             "before_text": "sans valeur" if item.get("before") is None
             else format_value(item["before"]),
             "after_text": "sans valeur" if item.get("after") is None
             else format_value(item["after"])}
            for item in (changes or {}).get("sample", [])]


def indicators_using(*, dataset: Dataset, user) -> QuerySet[Indicator]:
    """Return the indicators built on this dataset's variables that the user may see.

    The indicators app's own rule decides (`indicator_list_visible`: the user sees every
    dataset the indicator uses), so an indicator that mixes in hidden data stays hidden.
    """
    from terreau.indicators.queries import indicator_list_visible

    return indicator_list_visible(user).filter(variables__dataset=dataset).distinct()


def variables_with_use(dataset: Dataset) -> QuerySet[Variable]:
    return dataset.variables.annotate(indicator_count=Count("indicators")).order_by("position")


def variable_list_visible(*, user, dataset_slug: str | None = None,
                          slug: str | None = None) -> QuerySet[Variable]:
    """Return the variables of the datasets the user may see, filtered by dataset and slug."""
    variables = Variable.objects.filter(dataset__in=Dataset.objects.visible_to(user))
    if dataset_slug:
        variables = variables.filter(dataset__slug=dataset_slug)
    if slug:
        variables = variables.filter(slug=slug)
    return variables.select_related("dataset").order_by("dataset__slug", "position")


# ---- Data holders ----------------------------------------------------------------------


def user_group_ids(user) -> list[int]:
    return list(user.memberships.values_list("group_id", flat=True))


def holder_list(*, user) -> QuerySet[DataHolder]:
    """Return every holder with the count of its datasets the user may see."""
    visible = Dataset.objects.visible_to(user).filter(holder=OuterRef("pk"))
    counts = visible.order_by().values("holder").annotate(n=Count("pk", distinct=True))
    return (DataHolder.objects.annotate(dataset_count=Subquery(counts.values("n")[:1]))
            .order_by("name"))


def holder_requests_visible(*, holder: DataHolder, user) -> QuerySet[HolderRequest]:
    """Return the requests made to the holder by the user's groups (all, for admins)."""
    requests = holder.requests.select_related("group").order_by("-sent_on", "-pk")
    if is_instance_admin(user):
        return requests
    return requests.filter(group_id__in=user_group_ids(user))


def holder_datasets_with_uses(*, holder: DataHolder, user) -> list[Dataset]:
    """Return the holder's datasets the user may see, each with `uses`: its indicators."""
    from terreau.indicators.queries import indicator_list_visible

    datasets = list(Dataset.objects.visible_to(user).filter(holder=holder).order_by("title"))
    uses: dict[int, list[Indicator]] = {dataset.pk: [] for dataset in datasets}
    # One query for all the datasets (not one per dataset): one row per indicator and dataset.
    pairs = (indicator_list_visible(user).filter(variables__dataset__in=datasets)
             .annotate(used_dataset=F("variables__dataset")).distinct())
    for indicator in pairs:
        uses[indicator.used_dataset].append(indicator)
    for dataset in datasets:
        dataset.uses = uses[dataset.pk]
    return datasets


# ---- Data inventory --------------------------------------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    count: int
    percent: int


def inventory_items(group) -> QuerySet[InventoryItem]:
    return (group.inventory.select_related("holder", "dataset")
            .order_by("question", "data_needed", "pk"))


def inventory_summary(items) -> list[StatusCount]:
    """Count the items per status, every status listed even when none has it."""
    counts = {status: 0 for status in DataStatus.values}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    total = sum(counts.values())
    return [StatusCount(status, DataStatus(status).label, n,
                        round(100 * n / total) if total else 0)
            for status, n in counts.items()]


def inventory_by_question(items, *, user) -> list[tuple[str, list[InventoryItem]]]:
    """Group the items by question; mark the datasets the user may open (`dataset_visible`)."""
    visible = set(Dataset.objects.visible_to(user)
                  .filter(pk__in=[i.dataset_id for i in items if i.dataset_id])
                  .values_list("pk", flat=True))
    grouped: dict[str, list[InventoryItem]] = {}
    for item in items:
        item.dataset_visible = item.dataset_id in visible
        grouped.setdefault(item.question, []).append(item)
    return list(grouped.items())
