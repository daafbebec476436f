"""Two indicators side by side: correlation in plain French, terciles, bivariate cells.

No Django.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats as scipy_stats

from terreau.atlas.numbers import format_number

# Bivariate cells (3 * y_class + x_class) of the four corners; names say x first.
QUADRANTS = {"haut_haut": 8, "bas_bas": 0, "haut_bas": 2, "bas_haut": 6}
STRENGTHS = ((0.2, "très faible"), (0.4, "faible"), (0.6, "moyen"), (0.8, "fort"))
NOTABLE_GAP = 0.15  # |Spearman| and |Pearson| further apart than this: said in the sentence
CAUSE_REMINDER = ("Un lien n'est pas une cause : d'autres facteurs peuvent expliquer "
                  "les deux à la fois.")


@dataclass(frozen=True)
class Correlation:
    n: int  # zones with both values
    pearson: float | None
    spearman: float | None
    slope: float | None  # least-squares line y = slope * x + intercept
    intercept: float | None
    sentence: str  # French, for non-experts


def strength_word(coefficient: float) -> str:
    """Return "très faible", "faible", "moyen", "fort" or "très fort" for |coefficient|."""
    size = abs(coefficient)
    return next((word for limit, word in STRENGTHS if size < limit), "très fort")


def correlate(x: np.ndarray, y: np.ndarray, x_label: str = "X",
              y_label: str = "Y") -> Correlation:
    """Correlate two indicators over the zones where both have a value (nan pairs dropped)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    both = np.isfinite(x) & np.isfinite(y)
    x, y = x[both], y[both]
    n = int(both.sum())
    if n < 3:
        return Correlation(n, None, None, None, None, (
            f"Trop peu de zones ont une valeur pour les deux indicateurs ({n}) pour mesurer "
            "un lien : il en faut au moins 3."))
    for values, label in ((x, x_label), (y, y_label)):
        if values.min() == values.max():
            return Correlation(n, None, None, None, None, (
                f"« {label} » a la même valeur ({format_number(float(values[0]))}) dans "
                "toutes les zones : on ne peut pas mesurer de lien."))
    pearson = float(scipy_stats.pearsonr(x, y).statistic)
    spearman = float(scipy_stats.spearmanr(x, y).statistic)
    line = scipy_stats.linregress(x, y)
    sentence = correlation_sentence(n, pearson, spearman, x_label, y_label)
    return Correlation(n, pearson, spearman, float(line.slope), float(line.intercept), sentence)


def correlation_sentence(n: int, pearson: float, spearman: float, x_label: str,
                         y_label: str) -> str:
    """Explain both coefficients in plain French (strength, direction, and their gap)."""
    r, rho = _coefficient(pearson), _coefficient(spearman)
    linear, ranked = strength_word(pearson), strength_word(spearman)
    parts = [f"Sur {n} zones, le lien entre « {x_label} » et « {y_label} » est {linear} "
             f"(coefficient de Pearson r = {r})."]
    spearman_text = f"(coefficient de Spearman ρ = {rho})"
    if np.sign(spearman) != np.sign(pearson) and "très faible" not in (linear, ranked):
        parts.append(f"Mais le classement des zones dit l'inverse {spearman_text} : quelques "
                     "zones aux valeurs extrêmes renversent le lien.")
    elif ranked != linear and abs(spearman) - abs(pearson) > NOTABLE_GAP:
        parts.append(f"En ne regardant que l'ordre des zones, le lien est {ranked} "
                     f"{spearman_text} : il suit une courbe plutôt qu'une droite, ou quelques "
                     "zones aux valeurs extrêmes le masquent.")
    elif ranked != linear and abs(pearson) - abs(spearman) > NOTABLE_GAP:
        parts.append(f"En ne regardant que l'ordre des zones, le lien n'est que {ranked} "
                     f"{spearman_text} : quelques zones aux valeurs extrêmes font l'essentiel "
                     "du lien.")
    else:
        parts.append(f"Le classement des zones le confirme {spearman_text}.")
    stronger = pearson if abs(pearson) >= abs(spearman) else spearman
    if strength_word(stronger) == "très faible":
        parts.append(f"Les valeurs de « {x_label} » ne disent presque rien de celles de "
                     f"« {y_label} ».")
    else:
        side = "élevées" if stronger > 0 else "basses"
        parts.append(f"Les zones aux valeurs élevées de « {x_label} » ont plutôt des valeurs "
                     f"{side} de « {y_label} ».")
    parts.append(CAUSE_REMINDER)
    return " ".join(parts)


def terciles(values: np.ndarray) -> tuple[float, float]:
    """Return the two bounds cutting the non-missing values into three equal groups."""
    values = np.asarray(values, dtype=np.float64)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return (float("nan"), float("nan"))
    low, high = np.quantile(values, [1 / 3, 2 / 3])
    return (float(low), float(high))


def bivariate_cells(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, tuple[float, float],
                                                           tuple[float, float]]:
    """Return each zone's cell 3 * y_class + x_class (0..8; -1 when a value is missing).

    Terciles are taken over the zones that have both values; a value equal to a bound is in
    the lower class (same rule as the map classes). Also returns the x and y tercile bounds.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    both = np.isfinite(x) & np.isfinite(y)
    x_bounds, y_bounds = terciles(x[both]), terciles(y[both])
    cells = np.full(x.shape, -1, dtype=np.int8)
    if both.any():
        x_class = np.searchsorted(np.array(x_bounds), x[both], side="left")
        y_class = np.searchsorted(np.array(y_bounds), y[both], side="left")
        cells[both] = 3 * y_class + x_class
    return cells, x_bounds, y_bounds


def quadrant_members(cells: np.ndarray) -> dict[str, np.ndarray]:
    """Return, for each name of QUADRANTS, the indices of the zones in that corner cell."""
    cells = np.asarray(cells)
    return {name: np.flatnonzero(cells == cell) for name, cell in QUADRANTS.items()}


def _coefficient(value: float) -> str:
    return format_number(value, 2).replace("-", "−")
