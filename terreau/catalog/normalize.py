"""Turn the text of statistics tables into codes and numbers, vectorised with pandas/numpy.

No Django models or database here. Codes stay text (leading zeros restored, Corsica's 2A/2B
kept); numbers accept decimal commas, thousands separators (spaces, non-breaking spaces,
dots) and percent signs; INSEE's markers (`s`, `nd`, `nc`, `-`, empty...) become NaN with a
`MissingReason`, never 0. `guess_kind` says how a column aggregates, and why it thinks so.
"""

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from unidecode import unidecode

from terreau.catalog.choices import MissingReason, VariableKind
from terreau.territory.geometry import CODE_FIELDS, CODE_WIDTH

# Markers of "no value", compared stripped and lower-case.
MARKERS = {
    "": MissingReason.EMPTY,
    "s": MissingReason.SECRET, "secret": MissingReason.SECRET,
    "nd": MissingReason.NOT_AVAILABLE, "n.d.": MissingReason.NOT_AVAILABLE,
    "n.d": MissingReason.NOT_AVAILABLE, "na": MissingReason.NOT_AVAILABLE,
    "n/a": MissingReason.NOT_AVAILABLE, "#n/a": MissingReason.NOT_AVAILABLE,
    "nc": MissingReason.NOT_CONCERNED, "n.c.": MissingReason.NOT_CONCERNED,
    "n.c": MissingReason.NOT_CONCERNED,
    "-": MissingReason.DASH, "\u2013": MissingReason.DASH, "\u2014": MissingReason.DASH,
    "so": MissingReason.DASH,
}
BAD_CELLS_KEPT = 50
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
# Columns that hold codes or names of places, never statistics (compared lower-case).
PLACE_COLUMNS = {
    "codgeo", "libgeo", "reg", "dep", "arr", "can", "cv", "com", "codcom", "codarr", "codcan",
    "codreg", "coddep", "depcom", "iris", "code_iris", "dcomiris", "libiris", "libcom",
    "commune", "région", "region", "departement", "département", "code", "insee",
    "code_insee", "insee_com", "epci", "siren", "siren_epci", "nature_epci", "typ_iris",
    "grd_quart", "typecom", "comparent", "ctcd", "tncc", "ncc", "nccenr", "libelle", "nom",
}
PLACE_PATTERN = re.compile(r"^(lib|nom_|libelle|code_)|^(ze|uu|aav|bv|tuu|tduu|taav|tdaav|"
                           r"cateaav)\d{4}$", re.IGNORECASE)
# Extra code column names, beyond the zone importer's list.
EXTRA_CODE_FIELDS = {"commune": ["code_commune", "codecommune", "cog"]}


@dataclass
class NumericColumn:
    """A column turned into numbers: NaN where there is no value, with the reason."""

    name: str
    values: np.ndarray
    reasons: np.ndarray
    bad: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    bad_text: list[str] = field(default_factory=list)  # the first bad cells, for messages
    percent: bool = False

    @property
    def value_count(self) -> int:
        return int(np.count_nonzero(self.reasons == MissingReason.VALUE))


@dataclass
class Codes:
    """Zone codes as text, and how many were completed with their lost leading zeros."""

    codes: np.ndarray
    restored: int = 0
    example: tuple[str, str] | None = None


def detect_code_column(columns: list[str], level: str) -> str | None:
    """Return the column that most likely holds zone codes of `level` (CODGEO, IRIS...)."""
    candidates = CODE_FIELDS.get(level, ["codgeo", "code"]) + EXTRA_CODE_FIELDS.get(level, [])
    by_lower = {}
    for name in columns:
        by_lower.setdefault(name.lower(), name)
    return next((by_lower[c] for c in candidates if c in by_lower), None)


def is_place_column(name: str) -> bool:
    """Tell whether a column names or codes places (DEP, LIBGEO...) rather than counts."""
    return name.lower() in PLACE_COLUMNS or bool(PLACE_PATTERN.match(name))


def normalize_codes(values: pd.Series, level: str) -> Codes:
    """Return codes stripped, upper-case (2a → 2A), with leading zeros restored for `level`.

    A spreadsheet or a program that read codes as numbers turns 01001 into 1001 (or 1001.0):
    at the commune level a 4-digit code gets its zero back, as an 8-digit IRIS code or a
    1-digit département does.
    """
    text = values.astype(str).str.strip().str.upper()
    floats = text.str.endswith(".0")
    if floats.any():
        text = text.where(~floats, text.str.slice(0, -2))
    width = CODE_WIDTH.get(level)
    restored, example = 0, None
    if width:
        short = (text.str.len() < width) & text.str.isdigit() & (text != "")
        if short.any():
            first = int(np.flatnonzero(short.to_numpy())[0])
            text = text.where(~short, text.str.zfill(width))
            restored = int(short.sum())
            example = (values.iloc[first].strip(), text.iloc[first])
    return Codes(codes=text.to_numpy(dtype=object), restored=restored, example=example)


def parse_numbers(column: pd.Series, name: str = "") -> NumericColumn:
    """Return the numbers of a column; cells that are neither numbers nor markers are `bad`.

    Columns the CSV parser already read as numbers pass straight through (their NaN were
    empty cells). Text columns take a fast vectorised path (decimal comma → point, then
    `to_numeric`); only the cells it cannot read go through the careful, slower clean-up.
    """
    if column.dtype.kind in "fiu":
        values = column.to_numpy(dtype=np.float64)
        reasons = np.where(np.isnan(values), MissingReason.EMPTY, MissingReason.VALUE)
        return NumericColumn(name, values, reasons.astype(np.uint8))
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64, copy=True)
    reasons = np.zeros(len(values), dtype=np.uint8)
    failed = np.flatnonzero(np.isnan(values))
    if not len(failed):
        return NumericColumn(name, values, reasons)
    # Only the cells plain parsing could not read: markers, commas, spaces, percents.
    text = column.iloc[failed].astype(str).str.strip()
    reasons[failed] = text.str.lower().map(MARKERS).fillna(MissingReason.VALUE).to_numpy(
        np.uint8)
    todo = reasons[failed] == MissingReason.VALUE
    candidates = text[todo]
    if candidates.str.contains(",", regex=False).any():
        candidates = candidates.str.replace(",", ".", regex=False)
    values[failed[todo]] = pd.to_numeric(candidates, errors="coerce").to_numpy(np.float64)
    hard = failed[todo][np.isnan(values[failed[todo]])]
    percent = False
    if len(hard):
        cleaned = [clean_number(cell) for cell in column.iloc[hard].astype(str)]
        values[hard] = [number for number, _ in cleaned]
        percent = any(pct for _, pct in cleaned)
    bad = hard[np.isnan(values[hard])]
    return NumericColumn(name, values, reasons, bad=bad, percent=percent,
                         bad_text=column.iloc[bad[:BAD_CELLS_KEPT]].astype(str).str.strip()
                         .tolist())


def clean_number(cell: str) -> tuple[float, bool]:
    """Read one number written by a person: "1 234,5", "1.234,5", "12,5 %", "−3" → float.

    Return (NaN, False) when the cell is not a number. The second item tells a percent sign.
    """
    text = SPACES.sub("", cell).replace("\u2212", "-")
    percent = text.endswith("%")
    text = text.rstrip("%")
    if "," in text and "." in text:  # the last mark is the decimal one: 1.234,5 or 1,234.5
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif "," in text:  # 1,234,567 is thousands; 12,5 is a French decimal
        text = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3}){2,}", text) \
            else text.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3}){2,}", text):  # 1.234.567
        text = text.replace(".", "")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        return float("nan"), False
    return float(text), percent


def looks_numeric(column: NumericColumn) -> bool:
    """Tell whether a column is mostly numbers (a few bad cells are errors to report)."""
    present = column.value_count + len(column.bad)
    return present > 0 and len(column.bad) * 10 <= present


def default_slug(column: str) -> str:
    """Return the name of a column in formulas: lower case, letters, digits and `_`."""
    slug = re.sub(r"[^a-z0-9_]+", "_", unidecode(column).lower()).strip("_")
    return f"v_{slug}" if not slug or slug[0].isdigit() else slug


def unit_from_label(label: str) -> str:
    """Return the unit written between brackets at the end of an INSEE label: "(€)" → €."""
    found = re.search(r"\(([^()]{1,12})\)\s*$", label or "")
    return found.group(1).strip() if found else ""


# ---- Kinds -------------------------------------------------------------------------------

# (pattern on the upper-case column name, kind, why) — first match wins.
NAME_RULES = [
    (r"(^|_)NB|^(NAIS|DECE|ET[A-Z]|POP|MEN|LOG|EFF)", VariableKind.COUNT,
     "« NB », naissances, décès, établissements, population… : un effectif"),
    (r"(^|_)MED(IANE)?(\d|_|$)", VariableKind.MEDIAN, "« MED » dans le nom : une médiane"),
    (r"(^|_)(Q[13]|D[1-9])\d{2}$", VariableKind.MEDIAN,
     "un quartile ou un décile (Q1, D9…) : comme une médiane, il ne s'additionne pas"),
    (r"(^|_)(TX|TP|TAUX)", VariableKind.RATE, "« TX », « TP » ou « taux » dans le nom : un taux"),
    (r"(^|_)(PART|PCT)(_|\d|$)", VariableKind.SHARE, "« part » ou « PCT » dans le nom : une part"),
    (r"(^|_)(IND|INDICE|GI|S80S20|RD|EQ)(_|\d|$)", VariableKind.INDEX,
     "un indice ou un rapport (Gini, S80/S20, rapport interdécile…)"),
    (r"^[PC]\d{2}_", VariableKind.COUNT, "variable du recensement (P18_…, C18_…) : un effectif"),
    (r"SUPERF|MONTANT|(^|_)MNT|SOMME", VariableKind.AMOUNT,
     "surface ou montant : une quantité qui s'additionne"),
]


def guess_kind(name: str, column: NumericColumn) -> tuple[str, str]:
    """Return (kind, why in French) for a column, from its name first, then its values."""
    upper = unidecode(name).upper()
    for pattern, kind, why in NAME_RULES:
        if re.search(pattern, upper):
            return kind.value, why
    values = column.values[~np.isnan(column.values)]
    if not len(values):
        return VariableKind.INDEX.value, "aucune valeur : nature à préciser"
    integers = bool(np.all(values == np.round(values)))
    within_100 = bool(values.min() >= 0 and values.max() <= 100)
    if column.percent:
        return VariableKind.SHARE.value, "valeurs écrites en % : une part"
    # Filosofi's shares: DEC_PACT19 (decimals), PIMP19 (whole numbers but a year suffix).
    share_name = re.match(r"^(DEC_|DISP_)?P[A-Z]{2,}", upper)
    if share_name and within_100 and (not integers or re.search(r"[A-Z]\d{2}$", upper)):
        return VariableKind.SHARE.value, "nom en « P… » et valeurs entre 0 et 100 : une part"
    if integers and values.min() >= 0:
        return VariableKind.COUNT.value, "nombres entiers positifs : un effectif"
    return VariableKind.INDEX.value, ("nombres décimaux sans indice dans le nom : traités comme "
                                      "un indice, qui ne s'additionne pas — précisez la nature")


# ---- A whole table -----------------------------------------------------------------------


@dataclass
class NormalizedTable:
    """Rows of a table with codes as text and each chosen column as numbers."""

    codes: np.ndarray
    lines: np.ndarray
    periods: np.ndarray | None
    columns: dict[str, NumericColumn]
    restored: int = 0
    restored_example: tuple[str, str] | None = None
    footnotes: list[int] = field(default_factory=list)


def normalize_table(frame: pd.DataFrame, names: list[str], lines: np.ndarray, *, level: str,
                    code_column: str, columns: list[str], period_column: str | None = None,
                    parsed: dict[str, NumericColumn] | None = None) -> NormalizedTable:
    """Return the codes, periods and numbers of the chosen columns of a read table.

    `parsed` holds columns already parsed (by `plans.resolve_plan`). Rows whose "code" is a
    sentence and whose cells are all empty are footnotes ("Source :
    Insee…") and are dropped; their lines are kept for the report.
    """
    position = {name: i for i, name in reversed(list(enumerate(names)))}
    raw_codes = frame[position[code_column]]
    if raw_codes.dtype.kind in "fiu":  # codes read as numbers lose their zeros: back to text
        raw_codes = raw_codes.map(lambda v: "" if pd.isna(v) else f"{v:.0f}")
    codes = normalize_codes(raw_codes, level)
    parsed = parsed or {}
    numeric = {name: parsed.get(name) or parse_numbers(frame[position[name]], name)
               for name in columns}
    periods = None
    if period_column:
        periods = frame[position[period_column]].astype(str).str.strip().to_numpy(dtype=object)
    footnote = pd.Series(codes.codes).str.contains(" ", regex=False).to_numpy(bool, copy=True)
    for column in numeric.values():
        footnote &= column.reasons == MissingReason.EMPTY
    if not footnote.any():
        return NormalizedTable(codes.codes, lines, periods, numeric, codes.restored,
                               codes.example)
    keep = ~footnote
    for column in numeric.values():
        column.values, column.reasons = column.values[keep], column.reasons[keep]
        column.bad = (np.cumsum(keep) - 1)[column.bad]  # footnotes have no bad cell
    return NormalizedTable(codes.codes[keep], lines[keep],
                           None if periods is None else periods[keep], numeric,
                           codes.restored, codes.example, footnotes=lines[footnote].tolist())
