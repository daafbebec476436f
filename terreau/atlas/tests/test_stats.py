"""Correlation in plain French, terciles and bivariate cells on real values (Indre-et-Loire)."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from terreau.atlas.stats import (
    QUADRANTS,
    bivariate_cells,
    correlate,
    quadrant_members,
    strength_word,
    terciles,
)

COMPARATEUR_CVL = "stats/base-cc-comparateur-2022-centre-val-de-loire.csv"


@pytest.fixture(scope="module")
def communes_37(data_dir) -> pd.DataFrame:
    table = pd.read_csv(data_dir / COMPARATEUR_CVL, sep=";", dtype={"CODGEO": str})
    table = table[table.CODGEO.str.startswith("37")].reset_index(drop=True)
    table["chomage"] = table.P18_CHOM1564 / table.P18_ACT1564 * 100
    table["vacance"] = table.P18_LOGVAC / table.P18_LOG * 100
    return table


def test_correlation_against_scipy_and_pandas(communes_37):
    x, y = communes_37["MED19"].to_numpy(float), communes_37["TP6019"].to_numpy(float)
    result = correlate(x, y, "Revenu médian", "Taux de pauvreté")
    pairs = communes_37[["MED19", "TP6019"]].dropna()
    assert result.n == len(pairs) < 272  # the poverty rate is secret in small communes
    assert result.pearson == pytest.approx(pairs.MED19.corr(pairs.TP6019), rel=1e-12)
    assert result.spearman == pytest.approx(
        pairs.MED19.corr(pairs.TP6019, method="spearman"), rel=1e-12)
    line = scipy_stats.linregress(pairs.MED19, pairs.TP6019)
    assert (result.slope, result.intercept) == pytest.approx((line.slope, line.intercept))
    assert result.pearson < -0.8  # richer communes, less poverty
    r = f"{result.pearson:.2f}".replace(".", ",").replace("-", "−")
    assert result.sentence.startswith(
        f"Sur {result.n} zones, le lien entre « Revenu médian » et « Taux de pauvreté » est "
        f"très fort (coefficient de Pearson r = {r}). Le classement des zones le confirme "
        "(coefficient de Spearman ρ = −0,")
    assert ("Les zones aux valeurs élevées de « Revenu médian » ont plutôt des valeurs basses "
            "de « Taux de pauvreté ».") in result.sentence
    assert result.sentence.endswith("Un lien n'est pas une cause : d'autres facteurs peuvent "
                                    "expliquer les deux à la fois.")


def test_a_few_extreme_zones_driving_the_link_are_pointed_out(communes_37):
    """Population and jobs: Tours and a few towns make Pearson far above Spearman."""
    x, y = communes_37["P18_POP"].to_numpy(float), communes_37["P18_EMPLT"].to_numpy(float)
    result = correlate(x, y, "Population", "Emplois")
    assert result.pearson > 0.9
    assert abs(result.spearman) < abs(result.pearson)
    assert "Le classement des zones le confirme" in result.sentence  # both "très fort"
    pearson_only = correlate(np.r_[np.arange(50.0), 1000], np.r_[np.zeros(50), 1000] +
                             np.random.default_rng(0).normal(0, 1, 51))
    assert pearson_only.pearson > 0.9 and abs(pearson_only.spearman) < 0.4
    assert "quelques zones aux valeurs extrêmes font l'essentiel du lien" in \
        pearson_only.sentence
    assert "le lien n'est que faible (coefficient de Spearman ρ" in pearson_only.sentence


def test_monotone_but_not_linear_link(communes_37):
    """Population and median income: ranks agree more than values (Tours, a few towns)."""
    result = correlate(communes_37["P18_POP"].to_numpy(float),
                       communes_37["MED19"].to_numpy(float), "Population", "Revenu médian")
    assert abs(result.pearson) < 0.2 and result.spearman > 0.4
    assert "le lien est moyen (coefficient de Spearman ρ = 0,44) : il suit une courbe" in \
        result.sentence
    assert ("Les zones aux valeurs élevées de « Population » ont plutôt des valeurs élevées "
            "de « Revenu médian ».") in result.sentence


def test_weak_link_says_values_tell_little(communes_37):
    result = correlate(communes_37["SUPERF"].to_numpy(float),
                       communes_37["vacance"].to_numpy(float), "Superficie", "Logements vacants")
    assert abs(result.pearson) < 0.2
    assert "est très faible" in result.sentence
    assert "ne disent presque rien" in result.sentence


def test_not_enough_pairs_or_constant_variable():
    few = correlate(np.array([1.0, 2.0, np.nan, 4.0]), np.array([1.0, np.nan, 3.0, 5.0]))
    assert (few.n, few.pearson, few.spearman, few.slope, few.intercept) == (2, None, None,
                                                                           None, None)
    assert few.sentence == ("Trop peu de zones ont une valeur pour les deux indicateurs (2) "
                            "pour mesurer un lien : il en faut au moins 3.")
    flat = correlate(np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.5, 2.5, 2.5, np.nan]),
                     "A", "Part des 75 ans ou plus")
    assert flat.n == 3 and flat.pearson is None
    assert flat.sentence == ("« Part des 75 ans ou plus » a la même valeur (2,5) dans toutes "
                             "les zones : on ne peut pas mesurer de lien.")


def test_strength_words():
    assert [strength_word(v) for v in (0.1, -0.19, 0.2, 0.39, -0.5, 0.6, 0.79, 0.8, -1)] == [
        "très faible", "très faible", "faible", "faible", "moyen", "fort", "fort",
        "très fort", "très fort"]


def test_terciles_are_numpy_quantiles(communes_37):
    values = communes_37["chomage"].to_numpy(float)
    assert terciles(values) == pytest.approx(tuple(np.quantile(values, [1 / 3, 2 / 3])))
    with_gaps = communes_37["TP6019"].to_numpy(float)
    assert terciles(with_gaps) == pytest.approx(
        tuple(communes_37["TP6019"].quantile([1 / 3, 2 / 3])))
    assert all(np.isnan(terciles(np.array([np.nan]))))


def test_bivariate_cells(communes_37):
    x, y = communes_37["chomage"].to_numpy(float), communes_37["TP6019"].to_numpy(float)
    cells, x_bounds, y_bounds = bivariate_cells(x, y)
    both = np.isfinite(x) & np.isfinite(y)
    assert (cells[~both] == -1).all() and ((cells[both] >= 0) & (cells[both] <= 8)).all()
    # Terciles over the zones with both values, classes like pandas' cut on those bounds.
    assert x_bounds == pytest.approx(tuple(np.quantile(x[both], [1 / 3, 2 / 3])))
    x_class = pd.cut(x[both], [-np.inf, *x_bounds, np.inf], labels=False)
    y_class = pd.cut(y[both], [-np.inf, *y_bounds, np.inf], labels=False)
    np.testing.assert_array_equal(cells[both], 3 * y_class + x_class)
    # Thirds along each axis.
    assert abs(np.bincount(x_class) - both.sum() / 3).max() <= 1
    # Unemployment and poverty go together: the diagonal corners are the fullest.
    counts = np.bincount(cells[both], minlength=9)
    assert counts[0] + counts[8] > counts[2] + counts[6]
    members = quadrant_members(cells)
    assert QUADRANTS == {"haut_haut": 8, "bas_bas": 0, "haut_bas": 2, "bas_haut": 6}
    assert len(members["haut_haut"]) == counts[8]
    assert all(x[i] > x_bounds[1] and y[i] > y_bounds[1] for i in members["haut_haut"])
    assert all(x[i] > x_bounds[1] and y[i] <= y_bounds[0] for i in members["haut_bas"])
