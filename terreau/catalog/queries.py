"""Reads of statistics for the other apps: variables by name, values per zone, periods.

The indicators app reads every value through these functions; keep their names and
signatures stable. Visibility is the caller's rule (`Dataset.objects.visible_to(user)`):
`variable_resolve` applies it, `series_for` trusts the variable it is given.
"""

import difflib
from collections.abc import Iterator

import numpy as np

from .models import Dataset, DatasetVersion, Series, Variable


class VariableLookupError(LookupError):
    """A variable name that names no variable, or several; the message says what to write."""

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class SeriesNotFound(LookupError):
    """No values for this variable in this version and period (French message)."""


def variable_resolve(slug: str, user) -> Variable:
    """Return the variable that `slug` names among the datasets `user` may see.

    `slug` is a variable's name (`p18_pop`) or, when two datasets have a variable of that
    name, its qualified form `dataset.variable` (`comparateur-2022.p18_pop`). Raises
    `VariableLookupError` with a French message: unknown (with close names) or ambiguous
    (with the qualified names to write instead).
    """
    visible = Dataset.objects.visible_to(user)
    name = slug.strip()
    variables = Variable.objects.select_related("dataset").filter(dataset__in=visible)
    if "." in name:
        dataset_slug, _, variable_slug = name.partition(".")
        found = list(variables.filter(dataset__slug=dataset_slug, slug=variable_slug))
    else:
        found = list(variables.filter(slug=name))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = sorted(v.qualified_slug for v in found)
        raise VariableLookupError(
            f"« {name} » est ambigu : plusieurs jeux de données ont une variable de ce nom. "
            f"Écrivez {' ou '.join(names)}.", names)
    known = sorted(set(variables.values_list("slug", flat=True)))
    close = difflib.get_close_matches(name.partition(".")[2] or name, known, n=3)
    hint = f" Vouliez-vous dire {', '.join(close)} ?" if close else ""
    raise VariableLookupError(f"Variable inconnue : « {name} ».{hint}", close)


def version_get(dataset: Dataset, version: int | DatasetVersion | None = None) -> DatasetVersion:
    """Return version number `version` of `dataset` (the latest when None)."""
    if isinstance(version, DatasetVersion):
        return version
    versions = dataset.versions.order_by("-number")
    found = versions.first() if version is None else versions.filter(number=version).first()
    if found is None:
        which = "aucune version" if version is None else f"pas de version {version}"
        raise SeriesNotFound(f"Le jeu « {dataset.slug} » n'a {which}.")
    return found


def dataset_periods(dataset: Dataset, version: int | DatasetVersion | None = None) -> list[str]:
    """Return the periods of a dataset's version (latest by default), oldest first."""
    chosen = version_get(dataset, version)
    return sorted(set(chosen.series.values_list("period", flat=True)))


def series_for(variable: Variable, period: str | None = None,
               version: int | DatasetVersion | None = None,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (zone_ids int64, values float64, reasons uint8) of a variable, aligned.

    `period` None takes the latest period of the version; `version` None the latest
    version. NaN marks a zone without value, and `reasons` says why (`MissingReason`).
    Arrays are read-only views on the stored bytes.
    """
    chosen = version_get(variable.dataset, version)
    series = Series.objects.filter(version=chosen, variable=variable)
    if period is None:
        series = series.order_by("-period")
    else:
        series = series.filter(period=period)
    found = series.first()
    if found is None:
        when = f" pour la période {period}" if period else ""
        raise SeriesNotFound(f"Pas de valeurs de « {variable.slug} »{when} dans la version "
                             f"{chosen.number} de « {variable.dataset.slug} ».")
    return chosen.zone_id_array(), found.value_array(), found.reason_array()


def version_long_rows(version: DatasetVersion) -> Iterator[tuple]:
    """Yield (zone code, variable slug, period, value or None, reason code) per zone and series.

    The long format of `terreau export-data`; rows come zone by zone in code order.
    """
    from terreau.territory.models import Zone

    zone_ids = version.zone_id_array()
    # By level, not `pk__in`: a France-wide version has more ids than SQLite takes parameters.
    code_of = dict(Zone.objects.filter(level=version.dataset.level).values_list("pk", "code"))
    codes = np.array([code_of.get(int(i), "") for i in zone_ids], dtype=object)
    series = list(version.series.select_related("variable")
                  .order_by("variable__position", "period"))
    arrays = [(s.variable.slug, s.period, s.value_array(), s.reason_array()) for s in series]
    for i in np.argsort(codes, kind="stable"):
        if not codes[i]:
            continue  # a zone deleted since the import
        for slug, period, values, reasons in arrays:
            value = values[i]
            yield (codes[i], slug, period, None if np.isnan(value) else float(value),
                   int(reasons[i]))
