"""Tabulations of a survey's answers, as Pragma made them: flat tables, cross tables, chi².

No Django: everything reads a `SurveyTable` (table.py), so the pages, the API and the tests
share one computation. Results are plain JSON-ready dicts of numbers; `sentence` texts are
French. Choices made here, and why:

- Flat table: counts, % without the non-responses (of the people who answered), % with them
  (of everybody), and a "Non-réponse" line. A multiple-choice question gives one line per
  choice, in % of the people who answered the question: the total may exceed 100 %.
- Weights (a number question): counts are sums of weights; people without a usable weight
  (missing or negative) are set aside and counted. The chi² then runs on weighted counts
  rescaled to the number of people, so that the weights' scale does not inflate it; it stays
  indicative (the test assumes independent, unweighted observations), and the pages say so.
- Chi²: Pearson's statistic **without** Yates' continuity correction (scipy's
  `chi2_contingency(correction=False)`). Yates only applies to 2×2 tables and is known to be
  over-conservative; Pragma, the "Pearson chi-square" line of SPSS and most survey tools
  report the uncorrected statistic. Small samples are handled by Cochran's rule instead: a
  warning when more than 20 % of the cells expect fewer than 5 people.
- Adjusted standardised residuals (Haberman): (O − E) / √(E (1 − row/n) (1 − column/n)),
  about normal under independence; cells beyond ±1.96 are flagged.
- Multiple-choice question × single variable: one line per choice (people citing it per
  column, % of the column's people who answered). One person may cite several choices, so
  the lines are not independent and a single chi² on the whole table would be wrong: each
  choice gets its own test ("cite" / "ne cite pas" × the columns, a 2×c table), with the
  reminder that among many tests one in twenty looks significant by chance.
"""

import math

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from terreau.atlas.numbers import format_number

from .table import SurveyTable

NON_RESPONSE = "Non-réponse"
RESIDUAL_LIMIT = 1.96  # two-sided 5 % of the normal law
SMALL_EXPECTED = 5
SMALL_SHARE = 0.2  # Cochran: at most 20 % of the cells may expect fewer than 5
OVER = "plus souvent que si les deux questions n'étaient pas liées"
UNDER = "moins souvent que si les deux questions n'étaient pas liées"
WEIGHTED_NOTE = ("Réponses pondérées : les effectifs sont des sommes de poids ; le test du "
                 "khi² sur des données pondérées est seulement indicatif.")
MULTIPLE_NOTE = ("Plusieurs réponses possibles : les pourcentages sont calculés sur les "
                 "personnes qui ont répondu à la question, leur somme peut dépasser 100 %.")


class TabulateError(ValueError):
    """A tabulation that cannot be made; the message is French and names the question."""


# ---- French numbers -------------------------------------------------------------------------

def fr_count(value: float) -> str:
    """"1 234" (a count), "12,5" (a weighted count)."""
    return format_number(value, 0 if float(value).is_integer() else 1)


def fr_pct(value: float | None) -> str:
    return "–" if value is None else f"{format_number(value, 1)}\u202f%"


def fr_p(p: float) -> str:
    """"p < 0,001", "p = 0,003", "p = 0,21": three decimals near the usual thresholds."""
    if p < 0.001:
        return "p < 0,001"
    return f"p = {format_number(p, 3 if p < 0.1 else 2)}"


# ---- The questions one may tabulate ---------------------------------------------------------

def question_label(table: SurveyTable, key: str) -> str:
    """The text of a variable, or of a multiple-choice question (its first choice's label
    without the choice: "Pour quoi auriez-vous besoin d'aide aujourd'hui ?")."""
    if key in table.variables:
        return table.variables[key].label
    first = table.variables[table.multiples[key][0]]
    return first.label.removesuffix(f" — {first.choice_label}")


def tab_questions(table: SurveyTable) -> list[tuple[str, str]]:
    """(key, label) of every question to tabulate, in the questionnaire's order: single
    variables (choices, number classes, zone) and multiple-choice questions as one entry."""
    listed, seen = [], set()
    for key, variable in table.variables.items():
        if variable.kind != "choice":
            listed.append((key, variable.label))
        elif variable.question in table.multiples and variable.question not in seen:
            seen.add(variable.question)
            listed.append((variable.question, question_label(table, variable.question)))
    return listed


def weight_questions(table: SurveyTable) -> list[tuple[str, str]]:
    if table.numbers is None:
        return []
    return [(key, table.variables[key].label if key in table.variables else key)
            for key in table.numbers.columns]


def _known(table: SurveyTable, key: str) -> None:
    if key not in table.variables and key not in table.multiples:
        raise TabulateError(f"Question inconnue : « {key} ».")


def _weights(table: SurveyTable, weight: str | None) -> tuple[SurveyTable, pd.Series, int]:
    """The table of the people with a usable weight, their weights, and how many were set
    aside; without `weight`, every person weighs 1."""
    if not weight:
        return table, pd.Series(1.0, index=table.frame.index), 0
    if table.numbers is None or weight not in table.numbers.columns:
        raise TabulateError(f"Pondération impossible : « {weight} » n'est pas une question "
                            "à réponse numérique.")
    values = pd.to_numeric(table.numbers[weight], errors="coerce").astype(float)
    usable = values.notna() & (values >= 0)
    kept = table.subset(values.index[usable])
    return kept, values[usable], int((~usable).sum())


# ---- Flat tables ----------------------------------------------------------------------------

def _categories(table: SurveyTable, key: str, values: pd.Series) -> list[tuple[str, str]]:
    """(name, label) of a variable's categories, then values outside them (older versions)."""
    variable = table.variables[key]
    names = [(c.name, c.label) for c in variable.categories]
    known = {name for name, _ in names}
    extra = sorted({v for v in values.dropna().unique() if v not in known})
    return names + [(v, v) for v in extra]


def _line(name, label, weights: pd.Series, mask: pd.Series, valid: float, total: float) -> dict:
    count = float(weights[mask].sum())
    return {"name": name, "label": label, "count": count, "raw": int(mask.sum()),
            "pct_valid": 100 * count / valid if valid else None,
            "pct_all": 100 * count / total if total else None}


def flat(table: SurveyTable, key: str, *, weight: str | None = None) -> dict:
    """The flat table of one variable or of one multiple-choice question."""
    _known(table, key)
    source_n = len(table)
    table, weights, unweighted = _weights(table, weight)
    total = float(weights.sum())
    multiple = key in table.multiples
    if multiple:
        choices = table.frame[table.multiples[key]]
        answered = choices.notna().any(axis=1)
        valid = float(weights[answered].sum())
        lines = [_line(column, table.variables[column].choice_label, weights,
                       choices[column] == "oui", valid, total) for column in choices.columns]
    else:
        values = table.frame[key]
        answered = values.notna()
        valid = float(weights[answered].sum())
        lines = [_line(name, label, weights, values == name, valid, total)
                 for name, label in _categories(table, key, values)]
    missing = _line("", NON_RESPONSE, weights, ~answered, valid, total)
    missing["pct_valid"] = None
    return {
        "type": "flat", "question": key, "label": question_label(table, key),
        "multiple": multiple, "weight": weight or None, "people": source_n,
        "unweighted": unweighted, "answered": valid, "answered_raw": int(answered.sum()),
        "total": total, "lines": lines, "non_response": missing,
        "notes": [n for n, on in ((MULTIPLE_NOTE, multiple), (WEIGHTED_NOTE, bool(weight)),
                                  (_set_aside(unweighted), unweighted > 0)) if on],
    }


def _set_aside(count: int) -> str:
    return (f"{count} personne{'s' if count > 1 else ''} sans poids utilisable (réponse "
            f"manquante ou négative) {'sont écartées' if count > 1 else 'est écartée'}.")


# ---- The chi² test --------------------------------------------------------------------------

def chi2_test(observed) -> dict | None:
    """Pearson's chi² (no Yates correction), Cramér's V and adjusted residuals of a table of
    counts with no empty row or column; None when it has fewer than 2 rows or 2 columns."""
    observed = np.asarray(observed, dtype=float)
    if observed.ndim != 2 or min(observed.shape) < 2 or observed.sum() <= 0:
        return None
    result = chi2_contingency(observed, correction=False)
    n = observed.sum()
    expected = result.expected_freq
    rows, columns = observed.sum(axis=1) / n, observed.sum(axis=0) / n
    residuals = (observed - expected) / np.sqrt(
        expected * np.outer(1 - rows, 1 - columns))
    small = float((expected < SMALL_EXPECTED).mean())
    return {"chi2": float(result.statistic), "dof": int(result.dof),
            "p_value": float(result.pvalue),
            "cramer_v": math.sqrt(result.statistic / (n * (min(observed.shape) - 1))),
            "n": float(n), "expected": expected.tolist(), "residuals": residuals.tolist(),
            "small_expected_share": small, "min_expected": float(expected.min()),
            "small_expected_warning": small > SMALL_SHARE}


def strength(v: float) -> str:
    """Usual reading of Cramér's V in survey work: under 0.1 very weak, 0.2 weak, 0.3 moderate."""
    return ("très faible" if v < 0.1 else "faible" if v < 0.2 else
            "moyen" if v < 0.3 else "fort")


def chance(p: float) -> str:
    if p < 0.01:
        return f"il est très peu probable qu'il soit dû au hasard ({fr_p(p)})"
    if p < 0.05:
        return f"il est peu probable qu'il soit dû au hasard ({fr_p(p)})"
    return (f"il pourrait être dû au hasard ({fr_p(p)}) : ces réponses ne permettent pas "
            "de conclure à un lien")


def sentence(first: str, second: str, test: dict) -> str:
    """"Le lien entre « A » et « B » est faible (V de Cramér = 0,12) ; il est peu probable
    qu'il soit dû au hasard (p = 0,003)." (`first` and `second` come quoted)."""
    v = test["cramer_v"]
    return (f"Le lien entre {first} et {second} est {strength(v)} (V de Cramér = "
            f"{format_number(v, 2)}) ; {chance(test['p_value'])}.")


def small_warning(test: dict) -> str:
    return (f"Prudence : {fr_pct(100 * test['small_expected_share'])} des cases attendent "
            "moins de 5 personnes si les questions n'étaient pas liées (plus de 20 %) ; le "
            "test est peu fiable. Regroupez des réponses ou attendez d'en avoir davantage.")


def flag(residual: float | None) -> str:
    """"+" (over-represented), "-" (under-represented) or ""."""
    if residual is None or not math.isfinite(residual):
        return ""
    return "+" if residual > RESIDUAL_LIMIT else "-" if residual < -RESIDUAL_LIMIT else ""


# ---- Cross tables ---------------------------------------------------------------------------

def _sums(weights: pd.Series, masks_rows: list, masks_columns: list) -> tuple[np.ndarray, ...]:
    shape = (len(masks_rows), len(masks_columns))  # kept when nobody answered both
    counts = np.array([[float(weights[r & c].sum()) for c in masks_columns]
                       for r in masks_rows], dtype=float).reshape(shape)
    raw = np.array([[int((r & c).sum()) for c in masks_columns] for r in masks_rows],
                   dtype=int).reshape(shape)
    return counts, raw


def _present(table, key, values, weights) -> list[tuple[str, str]]:
    """Categories someone gave (an empty row or column has no percentage and no test)."""
    return [(n, lab) for n, lab in _categories(table, key, values)
            if ((values == n) & (weights > 0)).any()]


def _percentages(counts: np.ndarray, row_totals, column_totals, total) -> dict:
    with np.errstate(invalid="ignore", divide="ignore"):
        row_pct = 100 * counts / np.asarray(row_totals, dtype=float)[:, None]
        column_pct = 100 * counts / np.asarray(column_totals, dtype=float)[None, :]
    clean = lambda a: [[None if not np.isfinite(x) else float(x) for x in r] for r in a]  # noqa: E731
    return {"row_pct": clean(row_pct), "column_pct": clean(column_pct),
            "row_share": [100 * float(x) / total if total else None for x in row_totals],
            "column_share": [100 * float(x) / total if total else None
                             for x in column_totals]}


def cross(table: SurveyTable, row_key: str, column_key: str, *,
          weight: str | None = None) -> dict:
    """The cross table of two questions; a multiple-choice question goes in rows."""
    _known(table, row_key)
    _known(table, column_key)
    if row_key == column_key:
        raise TabulateError("Choisissez deux questions différentes à croiser.")
    swapped = column_key in table.multiples and row_key not in table.multiples
    if swapped:
        row_key, column_key = column_key, row_key
    if column_key in table.multiples:
        raise TabulateError("Deux questions à choix multiples ne se croisent pas ici : "
                            "choisissez une question à choix unique pour l'une des deux.")
    source_n = len(table)
    table, weights, unweighted = _weights(table, weight)
    columns = table.frame[column_key]
    multiple = row_key in table.multiples
    if multiple:
        choices = table.frame[table.multiples[row_key]]
        both = choices.notna().any(axis=1) & columns.notna()
        rows = [(c, table.variables[c].choice_label) for c in choices.columns]
        row_masks = [(choices[c] == "oui") & both for c in choices.columns]
    else:
        values = table.frame[row_key]
        both = values.notna() & columns.notna()
        rows = _present(table, row_key, values.where(both), weights)
        row_masks = [(values == n) & both for n, _ in rows]
    column_cats = _present(table, column_key, columns.where(both), weights)
    column_masks = [(columns == n) & both for n, _ in column_cats]
    counts, raw = _sums(weights, row_masks, column_masks)
    total = float(weights[both].sum())
    column_totals = [float(weights[m].sum()) for m in column_masks]
    row_totals = counts.sum(axis=1).tolist()
    scale = both.sum() / total if total else 1.0  # tests on counts rescaled to people
    result = {
        "type": "cross", "weight": weight or None, "people": source_n,
        "unweighted": unweighted, "swapped": swapped, "multiple": multiple,
        "rows": {"key": row_key, "label": question_label(table, row_key),
                 "categories": [{"name": n, "label": lab} for n, lab in rows]},
        "columns": {"key": column_key, "label": question_label(table, column_key),
                    "categories": [{"name": n, "label": lab} for n, lab in column_cats]},
        "counts": counts.tolist(), "raw": raw.tolist(), "row_totals": row_totals,
        "column_totals": column_totals, "total": total, "total_raw": int(both.sum()),
        "excluded": int((~both).sum()),
        **_percentages(counts, row_totals, column_totals, total),
    }
    if multiple:
        _choice_tests(result, counts, np.asarray(column_totals), scale)
    else:
        _table_test(result, counts * scale)
    result["notes"] = [n for n, on in (
        (MULTIPLE_NOTE, multiple), (WEIGHTED_NOTE, bool(weight)),
        (_set_aside(unweighted), unweighted > 0),
        (f"Les choix de « {result['rows']['label']} » sont en lignes.", swapped)) if on]
    return result


def _table_test(result: dict, counts: np.ndarray) -> None:
    test = chi2_test(counts)
    result["test"] = test
    result["flags"] = ([[flag(r) for r in line] for line in test["residuals"]] if test
                       else [["" for _ in line] for line in counts.tolist()])
    if test is None:
        result["explanation"] = ("Pas de test du khi² : il faut au moins deux réponses "
                                 "différentes à chacune des deux questions.")
        result["warnings"] = []
        return
    result["explanation"] = sentence(f"« {result['rows']['label']} »",
                                     f"« {result['columns']['label']} »", test)
    result["warnings"] = [small_warning(test)] if test["small_expected_warning"] else []


def _choice_tests(result: dict, counts: np.ndarray, column_totals: np.ndarray,
                  scale: float) -> None:
    """One 2×c test per choice: people citing it or not, in each column."""
    tests, flags, sentences, warnings = [], [], [], []
    second = f"« {result['columns']['label']} »"
    for category, citing in zip(result["rows"]["categories"], counts, strict=True):
        pair = np.vstack([citing, column_totals - citing]) * scale
        pair = pair[:, pair.sum(axis=0) > 0]
        test = chi2_test(pair) if pair.shape[1] >= 2 and (pair.sum(axis=1) > 0).all() else None
        tests.append(test)
        residuals = iter(test["residuals"][0]) if test else iter(())
        flags.append([flag(next(residuals, None)) if total > 0 and test else ""
                      for total in column_totals])
        if test:
            sentences.append(sentence(f"citer « {category['label']} »", second, test))
            if test["small_expected_warning"]:
                warnings.append(f"« {category['label']} » : " + small_warning(test))
    result.update(tests=tests, flags=flags, test=None, warnings=warnings)
    result["explanation"] = " ".join(sentences) if sentences else (
        "Pas de test du khi² : il faut des personnes qui citent chaque choix et d'autres qui "
        "ne le citent pas, dans au moins deux réponses différentes de l'autre question.")
    if len(sentences) > 1:
        result["explanation"] += (" Un test par choix : parmi de nombreux tests, environ un "
                                  "sur vingt paraît significatif par hasard.")


def tabulate(table: SurveyTable, question: str, crossed: str | None = None, *,
             weight: str | None = None) -> dict:
    """A flat table, or a cross table when `crossed` is given."""
    if crossed:
        return cross(table, question, crossed, weight=weight)
    return flat(table, question, weight=weight)
