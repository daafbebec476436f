"""Plain-French sentences describing a profile from its most over-represented answers.

"Profil 2 — 18 % des personnes : 60 à 74 ans, vivent seul·es, citent « Rompre
l'isolement »". The categories with the largest v-tests (catdes' over-represented ones) are
phrased by the kind of their variable (table.SurveyVariable.kind).
"""

from .mca import MISSING
from .table import NO, YES, SurveyTable

TOP = 5
GROUPED = "autres réponses"  # the category made of a question's rare answers (readiness)
# Answers that mean nothing without their question ("Oui" to "Vivez-vous seul·e ?").
GENERIC = frozenset({"oui", "non", "ne sait pas", "je ne sais pas", "nsp", "sans avis",
                     "autre", "aucun", "aucune", "jamais", "rarement", "parfois", "souvent",
                     "toujours", "plutôt oui", "plutôt non"})


def category_phrase(table: SurveyTable, category: str) -> str:
    """How a sentence names the answer "COL=name"."""
    key, _, name = category.partition("=")
    variable = table.variables.get(key)
    if variable is None:
        return f"{key} : {name}"
    if name.startswith(MISSING) and name.rstrip("_") == MISSING and not _declared(variable, name):
        return f"n'ont pas répondu à « {variable.label} »"
    if name == GROUPED:
        return f"{variable.label} : {GROUPED}"
    if variable.kind == "choice" and name in (YES, NO):
        verb = "citent" if name == YES else "ne citent pas"
        return f"{verb} « {variable.choice_label or variable.label} »"
    text = variable.category_label(name)
    if variable.kind == "zone":
        return f"habitent {text}"
    if variable.kind == "classes" or variable.label == variable.key:
        # Number classes, and plain CSV tables (labels = values): "COLUMN : value".
        return f"{variable.label} : {text}"
    if text.strip().lower() in GENERIC:
        return f"« {variable.label} » : {text.strip().lower()}"
    return text


def _declared(variable, name: str) -> bool:
    return any(c.name == name for c in variable.categories)


def category_label(table: SurveyTable, category: str) -> str:
    """"Question : Libellé" of a category, for tables (missing: "sans réponse")."""
    key, _, name = category.partition("=")
    variable = table.variables.get(key)
    if variable is not None and name.rstrip("_") == MISSING and not _declared(variable, name):
        return f"{variable.label} : sans réponse"
    if variable is not None and name == GROUPED:
        return f"{variable.label} : {GROUPED}"
    return table.category_text(category)


def percent(share: float) -> str:
    """0.18 → "18 %" (one decimal under 1 %)."""
    value = 100 * share
    text = f"{value:.1f}".replace(".", ",") if 0 < value < 1 else f"{value:.0f}"
    return f"{text} %"


def profile_sentence(table: SurveyTable, number: int, share: float, over: list[dict]) -> str:
    head = f"Profil {number} — {percent(share)} des personnes"
    phrases = [category_phrase(table, row["category"]) for row in over[:TOP]]
    if not phrases:
        return f"{head} : aucune réponse ne ressort nettement."
    return f"{head} : {', '.join(phrases)}."
