"""Multiple correspondence analysis, as FactoMineR's `MCA` (method "Indicator").

The MCA is the correspondence analysis of the complete disjunctive table Z (one row per
person, one 0/1 column per category of each active question). Row weights are uniform unless
given. Missing answers follow FactoMineR's default (`na.method = "NA"`): in each question,
a missing answer becomes a category of its own, named `MISSING` ("NA", FactoMineR writes
"COL.NA"), for active and supplementary questions alike, so every row still has exactly one
category per question.

Speed and memory: the n × K table is never decomposed. The K × K (weighted) Burt table
B = Zᵀ diag(w) Z is accumulated in blocks of rows, and the eigen-decomposition of the
small K × K matrix Sᵀ S (S the standardised residuals of the CA) gives the eigenvalues and
the column coordinates; the rows' coordinates are means of the categories' standard
coordinates (transition formula), gathered by integer codes. Memory stays O(n·Q + K²).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

MISSING = "NA"
BLOCK = 8192  # rows per block when accumulating the Burt table


@dataclass
class Coded:
    """Questions as integer codes: codes[:, q] indexes `names[q]` (the categories of q)."""

    variables: list[str]
    names: list[list[str]]
    codes: np.ndarray  # n × Q, int

    @property
    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum([len(n) for n in self.names])])

    @property
    def keys(self) -> list[str]:
        return [f"{v}={c}" for v, names in zip(self.variables, self.names, strict=True)
                for c in names]

    @property
    def key_variables(self) -> list[str]:
        return [v for v, names in zip(self.variables, self.names, strict=True) for _ in names]

    def columns(self) -> np.ndarray:
        """The index of each row's category in the K columns of the disjunctive table."""
        return self.codes + self.offsets[:-1][None, :]


def code(frame: pd.DataFrame, variables, order: dict | None = None) -> Coded:
    """Code the categorical columns `variables` of `frame` (values str, None = missing).

    Categories keep the order given in `order[variable]` (declared choices) when known, then
    the other values observed, sorted; unobserved categories are dropped (as R's droplevels);
    missing answers become the category `MISSING`, last.
    """
    order = order or {}
    names, codes = [], []
    for variable in variables:
        values = frame[variable].to_numpy(dtype=object)
        missing = pd.isna(values)
        seen = set(pd.unique(values[~missing]).tolist())
        declared = [c for c in order.get(variable, ()) if c in seen]
        ordered = declared + sorted(seen - set(declared))
        if missing.any():
            ordered.append(_missing_name(ordered))
            values = np.where(missing, ordered[-1], values)
        codes.append(pd.Categorical(values, categories=ordered).codes.astype(np.int64))
        names.append(ordered)
    matrix = np.column_stack(codes) if codes else np.zeros((len(frame), 0), dtype=np.int64)
    return Coded(list(variables), names, matrix)


def _missing_name(names: list[str]) -> str:
    name = MISSING
    while name in names:  # a real answer "NA": keep both apart
        name += "_"
    return name


@dataclass
class MCAResult:
    eigenvalues: np.ndarray  # all non-null axes
    percent: np.ndarray
    corrected: np.ndarray  # Benzécri, for the eigenvalues above 1/Q
    corrected_percent: np.ndarray
    active: Coded
    counts: np.ndarray  # weighted count of each active category
    coord: np.ndarray  # K × ncp (principal coordinates)
    contrib: np.ndarray
    cos2: np.ndarray
    v_test: np.ndarray
    rows: np.ndarray  # n × ncp
    supplementary: Coded | None = None
    sup_counts: np.ndarray | None = None
    sup_coord: np.ndarray | None = None
    sup_cos2: np.ndarray | None = None
    sup_v_test: np.ndarray | None = None

    @property
    def ncp(self) -> int:
        return self.coord.shape[1]


def burt(coded: Coded, weights: np.ndarray) -> np.ndarray:
    """The weighted Burt table Zᵀ diag(w) Z, accumulated block by block (bounded memory)."""
    columns = coded.columns()
    k = int(coded.offsets[-1])
    table = np.zeros((k, k))
    rows = np.arange(min(BLOCK, len(columns)))[:, None]
    for start in range(0, len(columns), BLOCK):
        block = columns[start:start + BLOCK]
        z = np.zeros((len(block), k))
        z[rows[:len(block)], block] = 1.0
        table += z.T @ (z * weights[start:start + BLOCK, None])
    return table


def mca(frame: pd.DataFrame, active, supplementary=(), *, ncp: int = 5,
        row_weights=None, order: dict | None = None) -> MCAResult:
    """The MCA of `frame` on the `active` questions, as FactoMineR's `MCA(X, ncp, quali.sup)`.

    Supplementary questions get coordinates (barycentres of the rows divided by √λ), cos²
    and v-tests, without changing the axes.
    """
    coded = code(frame, active, order)
    n, q = coded.codes.shape
    weights = np.ones(n) if row_weights is None else np.asarray(row_weights, dtype=float)
    total = weights.sum()
    table = burt(coded, weights)
    counts = np.diag(table).copy()
    k = len(counts)
    mass = counts / (q * total)  # column masses c_j
    # Sᵀ S of the CA of Z: D_c^-1/2 (B / (Q² W) − c cᵀ) D_c^-1/2; the trivial axis vanishes.
    scale = 1 / np.sqrt(mass)
    cross = (table / (q * q * total) - np.outer(mass, mass)) * scale[:, None] * scale[None, :]
    values, vectors = np.linalg.eigh((cross + cross.T) / 2)
    values, vectors = values[::-1], vectors[:, ::-1]
    axes = max(min(n - 1, k - q), 0)
    eigenvalues = np.clip(values[:axes], 0, None)
    kept = max(min(ncp, axes), 0)
    vectors = vectors[:, :kept] * _signs(vectors[:, :kept])
    standard = vectors * scale[:, None]  # standard coordinates of the categories
    root = np.sqrt(eigenvalues[:kept])
    coord = standard * root
    rows = _row_coordinates(coded, standard) / q
    distance = np.where(counts > 0, total / np.where(counts > 0, counts, 1) - 1, 0)
    inertia = eigenvalues.sum()
    percent = 100 * eigenvalues / inertia if inertia > 0 else np.zeros_like(eigenvalues)
    corrected, corrected_percent = benzecri(eigenvalues, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        contrib = np.nan_to_num(100 * mass[:, None] * coord**2 / eigenvalues[:kept])
        cos2 = np.nan_to_num(coord**2 / distance[:, None])
    result = MCAResult(eigenvalues, percent, corrected, corrected_percent, coded, counts,
                       coord, contrib, cos2, coord * _v_coefficient(counts, total)[:, None],
                       rows)
    if supplementary:
        _add_supplementary(result, frame, supplementary, weights, root, order)
    return result


def _signs(vectors: np.ndarray) -> np.ndarray:
    """One sign per axis (the largest loading positive): deterministic, runs compare."""
    if vectors.size == 0:
        return np.ones(vectors.shape[1])
    largest = np.abs(vectors).argmax(axis=0)
    signs = np.sign(vectors[largest, np.arange(vectors.shape[1])])
    return np.where(signs == 0, 1, signs)


def _row_coordinates(coded: Coded, standard: np.ndarray) -> np.ndarray:
    """Σ over questions of the standard coordinates of each row's categories."""
    rows = np.zeros((coded.codes.shape[0], standard.shape[1]))
    for column in coded.columns().T:
        rows += standard[column]
    return rows


def _v_coefficient(counts: np.ndarray, total: float) -> np.ndarray:
    """v-test = coordinate × √(n_j (N − 1) / (N − n_j)) (FactoMineR's MCA)."""
    if total <= 1:
        return np.sqrt(counts)
    rest = total - counts
    return np.where(rest > 0, np.sqrt(counts * (total - 1) / np.where(rest > 0, rest, 1)), 0)


def benzecri(eigenvalues: np.ndarray, q: int) -> tuple[np.ndarray, np.ndarray]:
    """Benzécri's corrected inertia (Q/(Q−1))² (λ − 1/Q)² of the eigenvalues above 1/Q."""
    if q < 2:
        return np.zeros(0), np.zeros(0)
    above = eigenvalues[eigenvalues > 1 / q]
    corrected = (q / (q - 1)) ** 2 * (above - 1 / q) ** 2
    total = corrected.sum()
    return corrected, (100 * corrected / total if total > 0 else corrected)


def _add_supplementary(result: MCAResult, frame, supplementary, weights, root, order) -> None:
    coded = code(frame, supplementary, order)
    total = weights.sum()
    k = int(coded.offsets[-1])
    counts = np.zeros(k)
    sums = np.zeros((k, result.ncp))
    for column in coded.columns().T:
        counts += np.bincount(column, weights=weights, minlength=k)
        for axis in range(result.ncp):
            sums[:, axis] += np.bincount(column, weights=weights * result.rows[:, axis],
                                         minlength=k)
    with np.errstate(divide="ignore", invalid="ignore"):
        coord = np.nan_to_num(sums / counts[:, None] / root[None, :])
        distance = np.where(counts > 0, total / np.where(counts > 0, counts, 1) - 1, 0)
        cos2 = np.nan_to_num(coord**2 / distance[:, None])
    result.supplementary = coded
    result.sup_counts = counts
    result.sup_coord = coord
    result.sup_cos2 = cos2
    result.sup_v_test = coord * _v_coefficient(counts, total)[:, None]
