"""Classification of real values (INSEE comparateur, communes of Indre-et-Loire) and bad input."""

import time
import warnings

import mapclassify
import numpy as np
import pandas as pd
import pytest

from terreau.atlas.classify import (
    METHODS,
    Classification,
    ClassificationError,
    classify,
    parse_breaks,
)
from terreau.atlas.fisher_jenks import fisher_jenks_breaks, within_sum_of_squares

COMPARATEUR_CVL = "stats/base-cc-comparateur-2022-centre-val-de-loire.csv"
COLUMNS = ["P18_POP", "MED19", "SUPERF", "P18_LOGVAC", "TP6019", "P18_CHOM1564"]


@pytest.fixture(scope="module")
def communes_37(data_dir) -> pd.DataFrame:
    """The comparateur's values for the 272 communes of Indre-et-Loire (some missing)."""
    table = pd.read_csv(data_dir / COMPARATEUR_CVL, sep=";", dtype={"CODGEO": str})
    return table[table.CODGEO.str.startswith("37")].reset_index(drop=True)


@pytest.fixture(scope="module")
def communes_cvl(data_dir) -> pd.DataFrame:
    return pd.read_csv(data_dir / COMPARATEUR_CVL, sep=";", dtype={"CODGEO": str})


def check_coherent(result: Classification, values: np.ndarray) -> None:
    present = values[np.isfinite(values)]
    assert sum(result.counts) == present.size
    assert result.missing == values.size - present.size
    assert len(result.counts) == result.k
    assert all(b > a for a, b in zip(result.breaks, result.breaks[1:], strict=False))
    assert result.breaks[-1] == present.max() == result.maximum
    assert result.minimum == present.min()
    classes = result.classes_of(values)
    assert (classes[~np.isfinite(values)] == -1).all()
    assert np.bincount(classes[classes >= 0], minlength=result.k).tolist() == list(result.counts)


@pytest.mark.parametrize("method", ["quantiles", "equal_interval", "fisher_jenks", "std_mean"])
@pytest.mark.parametrize("k", [3, 5, 9])
def test_every_method_on_real_columns(communes_37, method, k):
    for column in COLUMNS:
        values = communes_37[column].to_numpy(dtype=float)
        result = classify(values, method, k)
        check_coherent(result, values)
        assert result.method == method
        if method != "std_mean":
            assert result.k == k


def test_missing_values_are_counted_apart(communes_37):
    values = communes_37["TP6019"].to_numpy(dtype=float)  # poverty rate: secret in small communes
    result = classify(values, "quantiles", 5)
    assert result.missing == int(np.isnan(values).sum()) > 100
    assert sum(result.counts) + result.missing == 272


@pytest.mark.parametrize("k", [3, 4, 5, 7, 9])
def test_quantiles_and_equal_intervals_are_mapclassify_s(communes_37, k):
    values = communes_37["MED19"].dropna().to_numpy(dtype=float)
    for method, reference in (("quantiles", mapclassify.Quantiles),
                              ("equal_interval", mapclassify.EqualInterval)):
        ours = classify(values, method, k)
        theirs = reference(values, k=k)
        np.testing.assert_allclose(ours.breaks, theirs.bins, rtol=0, atol=0)
        assert list(ours.counts) == theirs.counts.tolist()
        np.testing.assert_array_equal(ours.classes_of(values), theirs.yb)


@pytest.mark.parametrize("k", range(3, 10))
def test_fisher_jenks_equals_mapclassify_on_real_values(communes_37, k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed. Using slow pure python version."
        for column in ("P18_POP", "MED19", "SUPERF", "P18_LOGVAC"):
            values = communes_37[column].dropna().to_numpy(dtype=float)
            ours = classify(values, "fisher_jenks", k)
            theirs = mapclassify.FisherJenks(values, k=k)
            np.testing.assert_array_equal(ours.breaks, theirs.bins)
            assert list(ours.counts) == theirs.counts.tolist()


@pytest.mark.parametrize("seed", range(6))
def test_fisher_jenks_is_optimal_on_random_samples(seed):
    """Same breaks as mapclassify, or, when ties make several optima, the same fit."""
    rng = np.random.default_rng(seed)
    samples = [rng.lognormal(size=300), rng.uniform(0, 100, size=250),
               rng.integers(0, 40, size=300).astype(float),  # many ties
               np.round(rng.normal(10, 3, size=200), 1)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for values in samples:
            k = int(rng.integers(3, 10))
            ours = fisher_jenks_breaks(values, k)
            theirs = mapclassify.FisherJenks(values, k=k).bins
            if not np.array_equal(ours, theirs):
                assert within_sum_of_squares(values, ours) == pytest.approx(
                    within_sum_of_squares(values, theirs), rel=1e-9)


def test_fisher_jenks_beats_every_other_partition_of_a_small_sample():
    """Brute force over all partitions of 12 values into 4 classes."""
    from itertools import combinations

    values = np.array([1, 2, 2.5, 4, 7, 7.2, 8, 13, 14, 20, 21, 35.0])
    ours = within_sum_of_squares(values, fisher_jenks_breaks(values, 4))
    best = min(within_sum_of_squares(values, values[[a, b, c, 11]])
               for a, b, c in combinations(range(11), 3))
    assert ours == pytest.approx(best, rel=1e-12)


def test_fisher_jenks_edge_cases():
    assert fisher_jenks_breaks(np.array([3.0, 1.0, 3.0, 2.0]), 5).tolist() == [1, 2, 3]
    assert fisher_jenks_breaks(np.array([1.0, 2.0, 3.0]), 3).tolist() == [1, 2, 3]
    assert fisher_jenks_breaks(np.array([4.0, 4.0, 4.0]), 3).tolist() == [4]
    assert fisher_jenks_breaks(np.array([1.0, 9.0]), 2).tolist() == [1, 9]
    assert fisher_jenks_breaks(np.array([1.0, 2.0, 10.0, 11.0]), 2).tolist() == [2, 11]
    # Weights matter: the tie of 1s pulls the first class.
    values = np.array([1.0] * 50 + [5.0, 6.0, 20.0])
    assert fisher_jenks_breaks(values, 3).tolist() == [1, 6, 20]


def test_fisher_jenks_is_fast_on_35000_values(communes_cvl):
    """All the communes of France are ~35,000: mapclassify without numba takes minutes."""
    rng = np.random.default_rng(0)
    real = communes_cvl["P18_POP"].dropna().to_numpy(dtype=float)
    values = rng.choice(real, 35_000) * rng.uniform(0.9, 1.1, 35_000)  # ~35,000 distinct
    fisher_jenks_breaks(values, 5)
    started = time.perf_counter()
    breaks = fisher_jenks_breaks(values, 9)
    elapsed = time.perf_counter() - started
    assert len(breaks) == 9 and breaks[-1] == values.max()
    assert elapsed < 2.0  # about 0.1 s on a quiet machine; 2 s leaves room for a busy one


def test_fewer_distinct_values_than_classes_reduces_k():
    values = np.array([1.0, 1.0, 2.0, 2.0, 3.0, np.nan])
    for method in ("quantiles", "fisher_jenks", "equal_interval", "std_mean"):
        result = classify(values, method, 5)
        assert result.breaks == (1.0, 2.0, 3.0)
        assert result.counts == (2, 2, 1)
        assert result.missing == 1
        assert result.notice == "Seulement 3 valeurs distinctes : 3 classes au lieu de 5."


def test_constant_values_make_one_class():
    result = classify(np.array([7.5] * 10 + [np.nan]), "equal_interval", 5)
    assert result.breaks == (7.5,) and result.counts == (10,)
    assert "même valeur" in result.notice


def test_quantiles_with_many_ties_say_so(communes_37):
    values = communes_37["ETAZ18"].to_numpy(dtype=float)  # farms: many communes with 0 or 1
    result = classify(values, "quantiles", 9)
    check_coherent(result, values)
    assert result.k < 9
    assert result.notice == (f"Trop de zones ont la même valeur pour former 9 classes "
                             f"d'effectifs égaux : {result.k} classes.")


def test_std_mean_classes_are_one_standard_deviation_wide(communes_37):
    values = communes_37["MED19"].dropna().to_numpy(dtype=float)
    mean, sd = values.mean(), values.std(ddof=1)
    five = classify(values, "std_mean", 5)
    inner = np.array(five.breaks[:-1])
    expected = mean + sd * np.array([-1.5, -0.5, 0.5, 1.5])
    np.testing.assert_allclose(inner, expected[expected >= values.min()])
    four = classify(values, "std_mean", 4)
    assert mean in np.array(four.breaks)  # even k: the mean is a bound
    np.testing.assert_allclose(np.diff(four.breaks[:-1]), sd)


def test_std_mean_leaves_out_classes_no_value_reaches(communes_37):
    values = communes_37["P18_POP"].to_numpy(dtype=float)  # Tours: far above everything
    result = classify(values, "std_mean", 7)
    check_coherent(result, values)
    assert result.k < 7
    assert result.notice.startswith(f"Classes d'un écart-type autour de la moyenne : "
                                    f"{result.k} classes au lieu de 7")


def test_manual_breaks(communes_37):
    values = communes_37["P18_CHOM1564"].to_numpy(dtype=float)
    result = classify(values, "manual", breaks=[10, 50, 200])
    check_coherent(result, values)
    assert result.breaks == (10, 50, 200, values.max())
    reference = mapclassify.UserDefined(values[np.isfinite(values)], [10, 50, 200])
    assert list(result.counts) == reference.counts.tolist()
    # The maximum given as the last break is not repeated; strings from a URL are read.
    top = float(np.nanmax(values))
    assert classify(values, "manual", breaks=["10", "50", str(top)]).breaks == (10, 50, top)
    assert parse_breaks("2.5, 5,10,") == [2.5, 5.0, 10.0]


@pytest.mark.parametrize("breaks, message", [
    ([5, 3, 8], "Les seuils doivent aller en croissant : 5 puis 3."),
    ([1.5, 1.5, 8], "Les seuils doivent aller en croissant : 1,5 puis 1,5."),
    ([10, 20000], "Le seuil 20\u202f000 est en dehors des valeurs de la carte, qui vont de "
                  "1,04202 à 11\u202f357,2."),
    ([-1, 10], "Le seuil -1 est en dehors des valeurs de la carte, qui vont de 1,04202 à "
               "11\u202f357,2."),
    ([10, "abc"], "Les seuils doivent être des nombres : « abc » n'en est pas un."),
    ([10, float("nan")], "Les seuils doivent être des nombres : « nan » n'en est pas un."),
    ([10], "Ce seuil donne 2 classes : il en faut entre 3 et 9, soit 2 à 8 seuils en "
           "dessous de la valeur maximale."),
    (list(range(10, 100, 10)), "Ces 9 seuils donnent 10 classes"),
    ([], "Indiquez les seuils de classe"),
    (None, "Indiquez les seuils de classe"),
])
def test_bad_manual_breaks_are_explained(communes_37, breaks, message):
    values = communes_37["P18_CHOM1564"].to_numpy(dtype=float)
    assert np.nanmax(values) == pytest.approx(11357.19, abs=0.01)
    with pytest.raises(ClassificationError) as error:
        classify(values, "manual", breaks=breaks)
    assert str(error.value).startswith(message)


def test_bad_requests_are_explained():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(ClassificationError, match="^Aucune zone n'a de valeur"):
        classify(np.array([np.nan, np.nan]), "quantiles", 5)
    with pytest.raises(ClassificationError, match="^Aucune zone n'a de valeur"):
        classify(np.array([]), "fisher_jenks", 5)
    for k in (2, 10, 0, 5.0, True, "5"):
        with pytest.raises(ClassificationError,
                           match=r"^Le nombre de classes doit être compris entre 3 et 9"):
            classify(values, "quantiles", k)
    with pytest.raises(ClassificationError) as error:
        classify(values, "jenks", 5)
    assert str(error.value).startswith("Méthode de classification inconnue : « jenks ». "
                                       "Méthodes possibles : quantiles (quantiles")
    assert set(METHODS) == {"quantiles", "fisher_jenks", "equal_interval", "std_mean", "manual"}


def test_classes_of_other_values_follow_the_bounds():
    result = classify(np.arange(1.0, 11.0), "equal_interval", 3)
    assert result.breaks == (4.0, 7.0, 10.0)
    classes = result.classes_of(np.array([-5, 1, 4, 4.0001, 7, 10, 99, np.nan, np.inf]))
    assert classes.tolist() == [0, 0, 0, 1, 1, 2, 2, -1, -1]
    assert result.lower_bounds == (1.0, 4.0, 7.0)
