"""Are there enough answers for a profiles analysis? Said in French before running it.

Rules (the usual advice for a multiple correspondence analysis):
- fewer than MIN_RESPONDENTS people: blocking (no clustering makes sense); fewer than
  FEW_RESPONDENTS: warning;
- fewer than 2 active questions, or an unknown question: blocking;
- fewer than PER_CATEGORY people per active category on average: warning (the axes would
  follow a few individuals);
- rare categories (under RARE_SHARE of a question's answers) weigh a lot in an MCA (their
  weight is inversely proportional to their frequency). With `rare="group"` the rare
  categories of a question are grouped into "autres réponses" when together they reach
  RARE_SHARE, otherwise set aside (treated as missing answers); with `rare="keep"` they
  stay as they are (FactoMineR's behaviour, the command line's default).
"""

import pandas as pd

from .sentences import GROUPED, category_label
from .table import SurveyTable

MIN_RESPONDENTS = 10
FEW_RESPONDENTS = 30
PER_CATEGORY = 5
RARE_SHARE = 0.05


def readiness(table: SurveyTable, active, supplementary=(), *, rare: str = "group") -> dict:
    """{"respondents", "enough", "level", "messages", "rare", "per_question"} (see module)."""
    active, supplementary = list(active), list(supplementary)
    n = len(table)
    messages: list[str] = []
    blocking = False
    unknown = [key for key in active + supplementary if key not in table.frame.columns]
    if unknown:
        blocking = True
        messages.append("Question inconnue : " + ", ".join(unknown) + ".")
    active = [key for key in active if key in table.frame.columns]
    if len(active) < 2:
        blocking = True
        messages.append("Choisissez au moins deux questions actives.")
    if n < MIN_RESPONDENTS:
        blocking = True
        messages.append(f"Seulement {n} réponses : il en faut au moins {MIN_RESPONDENTS} "
                        "pour chercher des profils.")
    warning = False
    if MIN_RESPONDENTS <= n < FEW_RESPONDENTS:
        warning = True
        messages.append(f"Seulement {n} réponses : les profils trouvés seront très "
                        f"incertains (visez au moins {FEW_RESPONDENTS} personnes).")
    per_question = [_question(table, key) for key in active]
    categories = sum(q["categories"] for q in per_question)
    if active and n and categories and n / categories * len(active) < PER_CATEGORY:
        warning = True
        messages.append(f"En moyenne moins de {PER_CATEGORY} personnes par réponse possible : "
                        "retirez des questions ou attendez d'autres réponses.")
    for question in per_question:
        if question["categories"] < 2:
            warning = True
            messages.append(f"« {question['label']} » : tout le monde a la même réponse, "
                            "cette question ne distingue personne.")
    rares = rare_plan(table, active)
    if rares:
        warning = warning or rare == "keep"
        messages.append(_rare_message(rares, rare))
    level = "blocking" if blocking else "warning" if warning else "ok"
    if level == "ok":
        messages.insert(0, f"{n} réponses : assez pour chercher des profils.")
    return {"respondents": n, "enough": not blocking, "level": level, "messages": messages,
            "rare": rares, "per_question": per_question}


def _question(table: SurveyTable, key: str) -> dict:
    values = table.frame[key]
    answered = int(values.notna().sum())
    categories = values.dropna().nunique() + (1 if answered < len(values) else 0)
    variable = table.variables.get(key)
    return {"key": key, "label": variable.label if variable else key,
            "answered": answered, "categories": int(categories)}


def rare_plan(table: SurveyTable, active) -> list[dict]:
    """The rare categories of the active questions and what `rare="group"` does with them."""
    plan = []
    for key in active:
        counts = table.frame[key].dropna().value_counts()
        answered = counts.sum()
        if not answered:
            continue
        rare = counts[counts / answered < RARE_SHARE]
        grouped = len(rare) > 1 and rare.sum() / answered >= RARE_SHARE
        into = f"{key}={GROUPED}" if grouped else None
        for name, count in rare.sort_index().items():
            category = f"{key}={name}"
            plan.append({"category": category, "label": category_label(table, category),
                         "count": int(count), "action": "grouped" if grouped else "set_aside",
                         "into": into})
    return plan


def _rare_message(rares: list[dict], mode: str) -> str:
    names = ", ".join(f"« {r['label']} » ({r['count']})" for r in rares[:8])
    more = f" et {len(rares) - 8} autres" if len(rares) > 8 else ""
    if mode == "keep":
        return (f"Réponses rares (moins de {RARE_SHARE * 100:.0f} % des réponses à leur question), "
                f"gardées telles quelles : {names}{more}. Elles peuvent tirer les axes à elles "
                "seules ; l'option « regrouper les réponses rares » les regroupe.")
    grouped = sum(r["action"] == "grouped" for r in rares)
    return (f"Réponses rares (moins de {RARE_SHARE * 100:.0f} % des réponses à leur question) : "
            f"{names}{more}. {grouped} seront regroupées en « {GROUPED} », "
            f"{len(rares) - grouped} mises de côté (comptées comme sans réponse).")


def apply_rare(frame: pd.DataFrame, plan: list[dict]) -> pd.DataFrame:
    """A copy of `frame` with the rare categories grouped or set aside (None)."""
    frame = frame.copy()
    for entry in plan:
        key, _, name = entry["category"].partition("=")
        replacement = GROUPED if entry["action"] == "grouped" else None
        column = frame[key].to_numpy(dtype=object).copy()
        column[column == name] = replacement
        frame[key] = pd.Series(column, index=frame.index, dtype=object)
    return frame
