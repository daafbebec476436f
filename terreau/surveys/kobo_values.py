"""A cell of a KoboToolbox / ODK export read as the question's answer (kobo.py).

No Django here. Values stay close to what the form itself sends (answers.py): numbers as
numbers, a multiple choice as a list of names, a geopoint as "lat lon alt precision".
"""

import math
from datetime import date

NOT_ASKED = frozenset({"", "n/a"})
TRUE = frozenset({"1", "true", "vrai", "yes"})
FALSE = frozenset({"0", "false", "faux", "no"})
GEO_PARTS = ("latitude", "longitude", "altitude", "precision")


def or_other(node: dict) -> bool:
    """`select_multiple list or_other`: an "other" choice and a `name_other` text."""
    kind = str((node.get("extra") or {}).get("type", ""))
    return "or_other" in kind or "or specify other" in kind


def choice_names(definition: dict, node: dict) -> set[str] | None:
    """The names of the question's choices (None: an external or filtered list)."""
    choices = (definition.get("choice_lists") or {}).get(node.get("choice_list") or "")
    if not choices:
        return None
    names = {name_text(choice.get("name")) for choice in choices}
    return names | {"other"} if or_other(node) else names


def name_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def number_parse(text: str, kind: str):
    text = text.replace(",", ".").replace("\u202f", "").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):  # "nan", "inf" are floats to Python, not to people
        raise ValueError("n'est pas un nombre")
    if kind == "integer":
        if not number.is_integer():
            raise ValueError("n'est pas un nombre entier")
        return int(number)
    return number


def geopoint_parse(text: str) -> str:
    parts = text.split()
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if not 2 <= len(numbers) <= 4 or not -90 <= numbers[0] <= 90 \
            or not -180 <= numbers[1] <= 180:
        raise ValueError("n'est pas un point GPS « latitude longitude altitude précision »")
    return " ".join(parts)


def value_parse(definition: dict, node: dict, text: str):
    """The answer a cell holds, typed as the question says; ValueError (French) if wrong."""
    kind = node.get("type")
    if kind in ("integer", "decimal", "range"):
        return number_parse(text, "integer" if kind == "integer" else "decimal")
    if kind in ("select_one", "select_multiple", "rank"):
        names = choice_names(definition, node)
        if kind != "select_one" and text == "none" and names is not None and "none" not in names:
            return None  # old ODK exports write "none" for a multiple choice left empty
        values = text.split() if kind != "select_one" else [text]
        if names is not None and any(v not in names for v in values):
            raise ValueError(f"n'est pas dans la liste "
                             f"« {node.get('choice_list')} »")
        return values if kind != "select_one" else text
    if kind == "date":
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            raise ValueError("n'est pas une date (AAAA-MM-JJ)") from None
    if kind == "geopoint":
        return geopoint_parse(text)
    return text


def flag_parse(text: str) -> bool | None:
    lowered = text.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE or lowered in NOT_ASKED:
        return False
    return None
