"""Classification of an indicator's values into map classes (no Django).

`classify(values, method, k, breaks)` returns the upper bound of each class and how many zones
fall in each; errors are `ClassificationError` whose text is a French sentence for the user.
Same rule as mapclassify: a value v is in class i when breaks[i-1] < v <= breaks[i].

Methods: quantiles, equal intervals, standard deviations and manual breaks through mapclassify;
Fisher-Jenks natural breaks through our exact vectorised algorithm (fisher_jenks.py), since
mapclassify's is pure Python without numba (minutes on the communes of France).
"""

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np

from terreau.atlas.fisher_jenks import fisher_jenks_breaks
from terreau.atlas.numbers import format_number

METHODS = {
    "quantiles": "Quantiles (effectifs égaux)",
    "fisher_jenks": "Seuils naturels (Fisher-Jenks)",
    "equal_interval": "Intervalles égaux",
    "std_mean": "Écarts à la moyenne",
    "manual": "Seuils choisis",
}
MIN_CLASSES, MAX_CLASSES = 3, 9


class ClassificationError(ValueError):
    """The values cannot be classified as asked; str(error) is a French sentence."""


@dataclass(frozen=True)
class Classification:
    method: str
    breaks: tuple[float, ...]  # upper bound of each class; the last is the maximum
    counts: tuple[int, ...]  # zones per class
    missing: int  # zones without value
    minimum: float | None
    maximum: float | None
    notice: str = ""  # French, when the classes are not quite what was asked

    @property
    def k(self) -> int:
        return len(self.breaks)

    @property
    def lower_bounds(self) -> tuple[float, ...]:
        """Lower bound of each class: the minimum, then the previous class's upper bound."""
        return (self.minimum, *self.breaks[:-1])

    def classes_of(self, values: np.ndarray) -> np.ndarray:
        """Return the class of each value (int8), -1 where the value is missing.

        Values beyond the bounds go to the first or last class.
        """
        values = np.asarray(values, dtype=np.float64)
        classes = np.searchsorted(np.asarray(self.breaks), values, side="left")
        classes = np.minimum(classes, self.k - 1).astype(np.int8)
        classes[~np.isfinite(values)] = -1
        return classes


def classify(values: np.ndarray, method: str = "quantiles", k: int = 5,
             breaks: Sequence[float] | None = None) -> Classification:
    """Classify `values` (nan or inf = no value) into `k` classes by `method`.

    `breaks` (method "manual" only, where it replaces `k`): upper bounds of the classes in
    increasing order, within the range of the values; the maximum is added as the last bound
    when it is not given. With fewer distinct values than classes, each distinct value gets
    its own class and `notice` says so.

    "std_mean": k classes one standard deviation wide, centred on the mean (for odd k the
    middle class goes from mean - ½ sd to mean + ½ sd; for even k the mean is a bound); the
    first and last classes are open down to the minimum and up to the maximum, and classes
    that no value could reach are left out (with a notice).
    """
    if method not in METHODS:
        choices = ", ".join(f"{key} ({label.lower()})" for key, label in METHODS.items())
        raise ClassificationError(
            f"Méthode de classification inconnue : « {method} ». Méthodes possibles : {choices}.")
    if method != "manual":
        _check_class_count(k)
    array = np.asarray(values, dtype=np.float64).ravel()
    present = array[np.isfinite(array)]
    missing = int(array.size - present.size)
    if present.size == 0:
        raise ClassificationError(
            "Aucune zone n'a de valeur : la carte ne peut pas être classée.")
    low, high = float(present.min()), float(present.max())
    notice = ""
    if method == "manual":
        bounds = _manual_breaks(breaks, low, high)
        bounds = mapclassify.UserDefined(present, bounds).bins
    else:
        distinct = np.unique(present)
        if distinct.size < k:
            bounds = distinct
            notice = (f"Seulement {distinct.size} valeurs distinctes : {distinct.size} classes "
                      f"au lieu de {k}." if distinct.size > 1 else
                      "Toutes les zones ont la même valeur : une seule classe.")
        else:
            bounds, notice = _automatic_breaks(present, method, k)
    bounds = tuple(float(b) for b in bounds)
    classification = Classification(method, bounds, (), missing, low, high, notice)
    counts = np.bincount(classification.classes_of(present), minlength=len(bounds))
    return Classification(method, bounds, tuple(int(c) for c in counts), missing, low, high,
                          notice)


def parse_breaks(text: str) -> list[float]:
    """Read manual breaks written "2.5,5,10" (dot decimals, comma separated)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    return [_number(part) for part in parts]


def _check_class_count(k) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not (
            MIN_CLASSES <= k <= MAX_CLASSES):
        raise ClassificationError(
            f"Le nombre de classes doit être compris entre {MIN_CLASSES} et {MAX_CLASSES} "
            f"(demandé : {k}).")


def _automatic_breaks(values: np.ndarray, method: str, k: int) -> tuple[np.ndarray, str]:
    """Return the upper bounds by `method` (at least k distinct values) and a notice."""
    if method == "fisher_jenks":
        return fisher_jenks_breaks(values, k), ""
    if method == "std_mean":
        return _std_mean_breaks(values, k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns when ties merge quantiles
        if method == "equal_interval":
            return mapclassify.EqualInterval(values, k=k).bins, ""
        bounds = mapclassify.Quantiles(values, k=k).bins
    notice = ""
    if len(bounds) < k:
        notice = (f"Trop de zones ont la même valeur pour former {k} classes d'effectifs "
                  f"égaux : {len(bounds)} classes.")
    return bounds, notice


def _std_mean_breaks(values: np.ndarray, k: int) -> tuple[np.ndarray, str]:
    """Classes one standard deviation wide around the mean; unreachable classes left out."""
    multiples = [j - k / 2 for j in range(1, k)]  # k=5: -1.5, -0.5, 0.5, 1.5; k=4: -1, 0, 1
    cuts = mapclassify.StdMean(values, multiples=multiples).bins[:k - 1]
    low, high = values.min(), values.max()
    kept = [cut for cut in cuts if low <= cut < high]
    notice = ""
    if len(kept) < len(cuts):
        notice = (f"Classes d'un écart-type autour de la moyenne : {len(kept) + 1} classes au "
                  f"lieu de {k}, aucune zone ne s'écartant autant de la moyenne.")
    return np.array([*kept, high]), notice


def _manual_breaks(breaks: Sequence[float] | None, low: float, high: float) -> list[float]:
    """Check the manual breaks and return them as floats (the maximum not added yet)."""
    if not breaks:
        raise ClassificationError(
            "Indiquez les seuils de classe, du plus petit au plus grand (par exemple 2.5,5,10).")
    numbers = [_number(b) for b in breaks]
    for before, after in zip(numbers, numbers[1:], strict=False):
        if after <= before:
            raise ClassificationError(
                "Les seuils doivent aller en croissant : "
                f"{format_number(before)} puis {format_number(after)}.")
    for number in numbers:
        if not low <= number <= high:
            raise ClassificationError(
                f"Le seuil {format_number(number)} est en dehors des valeurs de la carte, "
                f"qui vont de {format_number(low)} à {format_number(high)}.")
    classes = len(numbers) + (numbers[-1] < high)
    if not MIN_CLASSES <= classes <= MAX_CLASSES:
        raise ClassificationError(
            f"{'Ce seuil donne' if len(numbers) == 1 else f'Ces {len(numbers)} seuils donnent'} "
            f"{classes} classes : il en faut entre "
            f"{MIN_CLASSES} et {MAX_CLASSES}, soit {MIN_CLASSES - 1} à {MAX_CLASSES - 1} seuils "
            "en dessous de la valeur maximale.")
    return numbers


def _number(value) -> float:
    """Return `value` as a finite float, or raise a French ClassificationError."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise ClassificationError(
            f"Les seuils doivent être des nombres : « {value} » n'en est pas un.")
    return number
