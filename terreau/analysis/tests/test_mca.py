"""MCA against FactoMineR's published results on its `tea` data and independent computations.

No Django: the statistics core only. The real files are ../shared/data/analysis/ (MANIFEST).
"""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from terreau.analysis.mca import MISSING, benzecri, code, mca

DATA = Path(os.environ.get("TERREAU_TEST_DATA",
                           Path(__file__).resolve().parents[3].parent / "shared" / "data"))
TEA_TIME = [0.279, 0.261, 0.219, 0.189, 0.177, 0.156, 0.144, 0.141, 0.117, 0.087, 0.062]
TEA_TIME_PERCENT = [15.238, 14.232, 11.964, 10.333, 9.667, 8.519, 7.841, 7.705, 6.392, 4.724,
                    3.385]
TEA = [0.14827, 0.12155, 0.09001, 0.07805, 0.07375, 0.07138, 0.06783, 0.06533]
TEA_PERCENT = [9.885, 8.103, 6.001, 5.204, 4.917, 4.759, 4.522, 4.355]


def tea(name: str = "factominer-tea.csv") -> pd.DataFrame:
    """A FactoMineR data set as read by the command line (strings, None = missing)."""
    path = DATA / "analysis" / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"Données partagées absentes : {path}")
        pytest.skip(f"données partagées absentes ({path})")
    return pd.read_csv(path, dtype=str, keep_default_na=False).astype(object)


def tea_columns(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """FactoMineR's set-up: 18 active, quanti.sup 19 (age, left out), quali.sup 20:36."""
    columns = list(frame.columns)
    return columns[:18], columns[19:]


def indicator_svd(frame: pd.DataFrame, columns) -> tuple[np.ndarray, np.ndarray, list]:
    """The textbook MCA: SVD of the standardised residuals of the indicator matrix."""
    z = pd.get_dummies(frame[columns].astype(str), prefix_sep="=").to_numpy(dtype=float)
    p = z / z.sum()
    r, c = p.sum(1), p.sum(0)
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sv, vt = np.linalg.svd(s, full_matrices=False)
    q = len(columns)
    k = z.shape[1]
    values = sv[:k - q] ** 2
    coord = vt[:k - q].T / np.sqrt(c)[:, None] * sv[:k - q]
    names = list(pd.get_dummies(frame[columns].astype(str), prefix_sep="=").columns)
    return values, coord, names


def test_tea_time_eigenvalues_are_the_published_ones():
    frame = tea("factominer-tea-time.csv")
    result = mca(frame, list(frame.columns))
    assert len(result.eigenvalues) == 11  # (17 − 6) non-null axes
    assert np.round(result.eigenvalues, 3).tolist() == TEA_TIME
    assert np.round(result.percent, 3).tolist() == TEA_TIME_PERCENT
    assert result.eigenvalues.sum() == pytest.approx((17 - 6) / 6)


def test_full_tea_eigenvalues_with_supplementary_questions():
    frame = tea()
    active, supplementary = tea_columns(frame)
    result = mca(frame, active, supplementary)
    assert len(result.eigenvalues) == 27
    assert np.round(result.eigenvalues[:8], 5).tolist() == TEA
    assert np.round(result.percent[:8], 3).tolist() == TEA_PERCENT
    assert result.eigenvalues.sum() == pytest.approx(1.5)
    alone = mca(frame, active)
    np.testing.assert_allclose(result.eigenvalues, alone.eigenvalues, rtol=1e-12)
    np.testing.assert_allclose(result.coord, alone.coord, rtol=1e-10, atol=1e-12)
    assert len(result.supplementary.keys) == result.sup_coord.shape[0]


def test_equal_to_an_indicator_svd_and_up_to_sign_coordinates():
    frame = tea()
    active, _ = tea_columns(frame)
    result = mca(frame, active, ncp=5)
    values, coord, names = indicator_svd(frame, active)
    np.testing.assert_allclose(result.eigenvalues, values, rtol=1e-6)
    ours = pd.DataFrame(result.coord, index=result.active.keys)
    theirs = pd.DataFrame(coord[:, :5], index=names).loc[ours.index]
    for axis in range(5):
        sign = np.sign(ours[axis] @ theirs[axis])
        np.testing.assert_allclose(ours[axis], sign * theirs[axis], rtol=1e-6, atol=1e-9)


def test_equal_to_prince():
    prince = pytest.importorskip("prince")
    frame = tea("factominer-tea-time.csv")
    columns = list(frame.columns)
    model = prince.MCA(n_components=5, one_hot=True).fit(frame.astype(str))
    result = mca(frame, columns, ncp=5)
    np.testing.assert_allclose(result.eigenvalues[:5], model.eigenvalues_, rtol=1e-6)
    rows = model.row_coordinates(frame.astype(str)).to_numpy()
    for axis in range(5):
        sign = np.sign(result.rows[:, axis] @ rows[:, axis])
        np.testing.assert_allclose(result.rows[:, axis], sign * rows[:, axis], rtol=1e-6,
                                   atol=1e-9)


def test_contributions_cos2_v_test_and_benzecri():
    frame = tea("factominer-tea-time.csv")
    result = mca(frame, list(frame.columns), ncp=11)
    np.testing.assert_allclose(result.contrib.sum(0), 100)
    np.testing.assert_allclose(result.cos2.sum(1), 1)  # all 11 axes: cos² sums to 1
    n, counts = 300, result.counts
    np.testing.assert_allclose(result.v_test,
                               result.coord * np.sqrt(counts * (n - 1) / (n - counts))[:, None])
    q = 6
    above = result.eigenvalues[result.eigenvalues > 1 / q]
    np.testing.assert_allclose(result.corrected, (q / (q - 1)) ** 2 * (above - 1 / q) ** 2)
    assert result.corrected_percent.sum() == pytest.approx(100)
    # The rows are the barycentres of their categories' standard coordinates.
    standard = result.coord / np.sqrt(result.eigenvalues[:11])
    np.testing.assert_allclose(result.rows, sum(standard[c] for c in result.active.columns().T)
                               / q, atol=1e-10)


def test_supplementary_coordinates_are_barycentres_over_root_eigenvalue():
    frame = tea()
    active, supplementary = tea_columns(frame)
    result = mca(frame, active, supplementary)
    key = result.supplementary.keys.index("sex=F")
    members = (frame["sex"] == "F").to_numpy()
    expected = result.rows[members].mean(0) / np.sqrt(result.eigenvalues[:5])
    np.testing.assert_allclose(result.sup_coord[key], expected)
    n, nj = len(frame), members.sum()
    np.testing.assert_allclose(result.sup_cos2[key], expected**2 / (n / nj - 1))
    np.testing.assert_allclose(result.sup_v_test[key],
                               expected * np.sqrt(nj * (n - 1) / (n - nj)))


def test_missing_answers_are_a_category_of_their_own():
    """FactoMineR's na.method = "NA": a missing answer is the category "COL.NA"."""
    frame = tea("factominer-tea-time.csv")
    holes = frame.copy()
    holes.loc[:9, "Tea"] = None
    result = mca(holes, list(holes.columns))
    assert f"Tea={MISSING}" in result.active.keys
    filled = holes.fillna(MISSING)
    np.testing.assert_allclose(result.eigenvalues,
                               mca(filled, list(filled.columns)).eigenvalues)
    assert len(result.eigenvalues) == 12  # one more category


def test_categories_keep_the_declared_order_and_drop_unseen_ones():
    frame = pd.DataFrame({"a": ["x", "y", None], "b": ["u", "u", "v"]}, dtype=object)
    coded = code(frame, ["a", "b"], {"a": ["z", "y", "x"]})
    assert coded.keys == ["a=y", "a=x", f"a={MISSING}", "b=u", "b=v"]


def test_benzecri_keeps_only_eigenvalues_above_one_over_q():
    corrected, percent = benzecri(np.array([0.5, 0.3, 0.2, 0.1]), 4)
    assert len(corrected) == 2
    assert percent.sum() == pytest.approx(100)
