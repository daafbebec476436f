"""The answers of a questionnaire as a table of categorical variables, for every analysis.

One row per respondent (indexed by submission id), one column per *variable*:

- a single-choice question: its choice names (key: the question's name, "logement");
- each choice of a multiple-choice question: "oui" / "non" (key "besoins/emploi", as
  KoboToolbox names its export columns), so that "cite le besoin" can enter a profile;
- a number question: cut into classes of about equal size ("age": "15 à 29", "30 à 44"...);
- the zone of the answer (key "zone"), and each code given to the open answers of a text
  question (key "autre_besoin/code-12": "oui" / "non", see models.OpenCode).

Missing answers (not answered, or skipped by a relevance condition) are None. No Django
here: `rows` are plain dicts (answers.py builds them from the database), so that the command
line and the tests use the same code on a CSV or XLSX file (`table_from_frame`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from terreau.surveys.definition import CONTAINERS, label, walk

YES, NO = "oui", "non"
ZONE = "zone"
NUMBER_CLASSES = 4


@dataclass(frozen=True)
class Category:
    name: str  # the value in the table
    label: str  # what a person reads


@dataclass(frozen=True)
class SurveyVariable:
    """A column of the table, with what it means.

    kind: "single" (one choice), "choice" (one choice of a multiple-choice question, or one
    code of an open question: yes/no), "classes" (a number cut in classes), "zone".
    `question` is the question it comes from; for "choice", `choice_label` names the choice
    (sentences say "citent « Se soigner »").
    """

    key: str
    label: str
    kind: str
    categories: tuple[Category, ...]
    question: str
    choice_label: str = ""

    def category_label(self, name: str) -> str:
        return next((c.label for c in self.categories if c.name == name), name)


@dataclass
class SurveyTable:
    frame: pd.DataFrame  # index: submission id; columns: variable keys; values: str or None
    variables: dict[str, SurveyVariable]  # in the questionnaire's order
    # Multiple-choice questions (and coded open questions): question → their "choice" columns.
    multiples: dict[str, list[str]] = field(default_factory=dict)
    numbers: pd.DataFrame | None = None  # raw values of number questions (weights)

    def __len__(self) -> int:
        return len(self.frame)

    def category_key(self, key: str, name: str) -> str:
        """The "COLUMN=category" notation of the command line's JSON."""
        return f"{key}={name}"

    def category_text(self, category_key: str) -> str:
        """"logement=heberge" → "Votre logement : Hébergé·e par un proche"."""
        key, _, name = category_key.partition("=")
        variable = self.variables.get(key)
        if variable is None:
            return category_key
        return f"{variable.label} : {variable.category_label(name)}"

    def subset(self, ids: Iterable[int]) -> "SurveyTable":
        ids = list(ids)
        numbers = None if self.numbers is None else self.numbers.loc[ids]
        return SurveyTable(self.frame.loc[ids], self.variables, self.multiples, numbers)


def _choices(definition: dict, node: dict, language: str) -> tuple[Category, ...]:
    choices = definition.get("choice_lists", {}).get(node.get("choice_list", ""), [])
    return tuple(Category(str(c["name"]), label(c, language, str(c["name"]))) for c in choices)


YES_NO = (Category(YES, "Oui"), Category(NO, "Non"))


def _in_repeat(definition: dict) -> set[str]:
    """Names of questions inside a repeat: several answers a person, not a column."""
    inside: set[str] = set()
    for _, node in walk(definition.get("children", [])):
        if node.get("type") == "repeat":
            inside |= {n["name"] for _, n in walk(node.get("children", []))}
    return inside


def number_classes(values: pd.Series, k: int = NUMBER_CLASSES) -> tuple[pd.Series, tuple]:
    """Cut numbers into about k classes of equal size with round bounds ("30 à 44")."""
    numbers = pd.to_numeric(values, errors="coerce")
    known = numbers.dropna()
    if known.empty:
        return pd.Series([None] * len(values), index=values.index, dtype=object), ()
    cuts = np.unique(np.floor(np.quantile(known, np.linspace(0, 1, k + 1)[1:-1])))
    bounds = [known.min(), *[c for c in cuts if c > known.min()], np.inf]
    categories, names = [], []
    for low, high in zip(bounds[:-1], bounds[1:], strict=True):
        top = known[known < high].max() if np.isfinite(high) else known.max()
        name = f"{_number(low)} à {_number(top)}" if top != low else _number(low)
        names.append(name)
        categories.append(Category(name, name))
    index = np.searchsorted(np.asarray(bounds[1:]), numbers.to_numpy(), side="right")
    out = [None if np.isnan(v) else names[min(i, len(names) - 1)]
           for v, i in zip(numbers.to_numpy(dtype=float), index, strict=True)]
    return pd.Series(out, index=values.index, dtype=object), tuple(categories)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def survey_table(definition: dict, rows: list[dict], *, language: str = "fr",
                 codes: dict[str, list[tuple[int, str]]] | None = None) -> SurveyTable:
    """The table of `rows`: [{"id", "answers", "zone", "zone_label", "codes": {code ids}}].

    `codes`: text question name → [(code id, code label)] (models.OpenCode), in order.
    """
    ids = [row["id"] for row in rows]
    columns: dict[str, list] = {}
    variables: dict[str, SurveyVariable] = {}
    multiples: dict[str, list[str]] = {}
    numbers: dict[str, list] = {}
    skip = _in_repeat(definition)
    codes = codes or {}
    for _, node in walk(definition.get("children", [])):
        kind, name = node.get("type"), node.get("name", "")
        if kind in CONTAINERS or name in skip:
            continue
        text = label(node, language, name)
        answers = [row["answers"].get(name) for row in rows]
        if kind == "select_one":
            columns[name] = [None if a in (None, "") else str(a) for a in answers]
            variables[name] = SurveyVariable(name, text, "single",
                                             _choices(definition, node, language), name)
        elif kind in ("select_multiple", "rank"):
            keys = []
            for choice in _choices(definition, node, language):
                key = f"{name}/{choice.name}"
                columns[key] = [None if not isinstance(a, list) else
                                (YES if choice.name in a else NO) for a in answers]
                variables[key] = SurveyVariable(key, f"{text} — {choice.label}", "choice",
                                                YES_NO, name, choice.label)
                keys.append(key)
            multiples[name] = keys
        elif kind in ("integer", "decimal", "range"):
            raw = pd.Series(answers, index=ids, dtype=object)
            numbers[name] = pd.to_numeric(raw, errors="coerce").tolist()
            classes, categories = number_classes(raw)
            columns[name] = classes.tolist()
            variables[name] = SurveyVariable(name, text, "classes", categories, name)
        elif kind == "text" and codes.get(name):
            keys = []
            for code_id, code_label in codes[name]:
                key = f"{name}/code-{code_id}"
                columns[key] = [(YES if code_id in row.get("codes", ()) else NO)
                                if str(answers[i] or "").strip() else None
                                for i, row in enumerate(rows)]
                variables[key] = SurveyVariable(key, f"{text} — {code_label}", "choice",
                                                YES_NO, name, code_label)
                keys.append(key)
            multiples[name] = keys
    if any(row.get("zone") for row in rows):
        columns[ZONE] = [row.get("zone") or None for row in rows]
        names = {row["zone"]: row.get("zone_label") or row["zone"] for row in rows
                 if row.get("zone")}
        variables[ZONE] = SurveyVariable(
            ZONE, "Zone", "zone",
            tuple(Category(code, names[code]) for code in sorted(names)), ZONE)
    frame = pd.DataFrame(columns, index=pd.Index(ids, name="id"), dtype=object)
    number_frame = pd.DataFrame(numbers, index=frame.index) if numbers else None
    return SurveyTable(frame, variables, multiples, number_frame)


def table_from_frame(frame: pd.DataFrame) -> SurveyTable:
    """A plain table (command line: one row per person, one categorical column per question).

    Empty cells are missing answers; every column is categorical, its values are the
    categories (the FactoMineR convention the command line follows).
    """
    def cell(value) -> str | None:
        text = "" if value is None or pd.isna(value) else str(value).strip()
        return text or None

    # Built column by column as object arrays: pandas 3 would turn None into NaN in str dtype.
    clean = pd.DataFrame({str(column): [cell(v) for v in frame[column]] for column in frame},
                         index=pd.RangeIndex(len(frame), name="row"), dtype=object)
    variables = {
        column: SurveyVariable(
            column, column, "single",
            tuple(Category(v, v) for v in sorted(clean[column].dropna().unique())), column)
        for column in clean.columns
    }
    return SurveyTable(clean, variables)
