"""Check a respondent's answers against a questionnaire's definition. No Django here.

answers_check reads each answer from text or JSON into its type, drops the answers of
questions that are not relevant, requires answers only where they are relevant, applies the
constraints with their messages, and checks repeats item by item. Errors are French, keyed by
question name, or "repeat[2]/name" inside a repeat (items counted from 1).
"""

import math
import re
from collections.abc import Callable
from datetime import date, datetime

from .definition import ANSWERED, SELECTS, walk
from .expressions import ExpressionError, is_true, parse

MAX_REPEAT_ITEMS = 500
MAX_TEXT = 10_000
INTEGER = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?([+-][0-9:]+|Z)?")
TRUE_WORDS = {"yes", "true", "true()", "oui", "1"}
PIPED = re.compile(r"\$\{([^\W\d][\w.-]*)\}")


class AnswerError(ValueError):
    """An answer that does not fit its question's type (French message)."""


def _message(messages, language: str, fallback: str) -> str:
    if isinstance(messages, str):
        return messages or fallback
    messages = messages or {}
    return messages.get(language) or messages.get("default") or next(
        iter(messages.values()), "") or fallback


def _shown(value) -> str:
    if isinstance(value, list):
        return " ".join(str(item) for item in value if not isinstance(item, dict))
    return "" if value is None else str(value)


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or (
        isinstance(value, str) and not value.strip())


def _required(node: dict) -> bool:
    flag = node.get("required")
    return flag if isinstance(flag, bool) else str(flag or "").strip().lower() in TRUE_WORDS


# ---- Reading one answer into its type ---------------------------------------------------


def _integer(value, node):
    if isinstance(value, bool):
        raise AnswerError("Nombre entier attendu.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and INTEGER.fullmatch(value.strip()) and len(value) < 19:
        value = int(value.strip())
    if not isinstance(value, int) or abs(value) >= 10**18:
        raise AnswerError("Nombre entier attendu.")
    return value


def _decimal(value, node):
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and DECIMAL.fullmatch(value.strip()) and len(value) < 40:
        number = float(value.strip().replace(",", "."))
    else:
        raise AnswerError("Nombre attendu (par exemple 12.5).")
    if not math.isfinite(number):
        raise AnswerError("Nombre attendu (par exemple 12.5).")
    return number


def _text(value, node):
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise AnswerError("Texte attendu.")
    value = str(value)
    if len(value) > MAX_TEXT:
        raise AnswerError(f"Texte trop long ({MAX_TEXT} caractères au plus).")
    return value


def _date(value, node):
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise AnswerError("Date attendue (AAAA-MM-JJ).")


def _time(value, node):
    if not TIME.fullmatch(str(value).strip()):
        raise AnswerError("Heure attendue (HH:MM).")
    return str(value).strip()


def _datetime(value, node):
    try:
        return datetime.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise AnswerError("Date et heure attendues (AAAA-MM-JJTHH:MM).") from None


def _point(text: str) -> str:
    parts = text.split()
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if not 2 <= len(numbers) <= 4 or not all(map(math.isfinite, numbers)) or not (
            -90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180):
        raise AnswerError("Position attendue : « latitude longitude » en degrés "
                          "(par exemple 47.39 0.69).")
    return " ".join(parts)


def _geopoint(value, node):
    if isinstance(value, dict):
        value = " ".join(str(value.get(key, "")) for key in ("lat", "lon", "alt", "acc")
                         if value.get(key) not in (None, ""))
    elif isinstance(value, list | tuple):
        value = " ".join(str(part) for part in value)
    return _point(str(value))


def _geotrace(value, node):
    points = [_point(part) for part in str(value).split(";") if part.strip()]
    if not points:
        raise AnswerError("Suite de positions attendue.")
    return ";".join(points)


def _names(node, definition) -> set[str] | None:
    choices = definition.get("choice_lists", {}).get(node.get("choice_list") or "")
    return None if choices is None else {str(choice["name"]) for choice in choices}


def _select_one(value, node, definition):
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise AnswerError("Un seul choix attendu.")
    value = _text(value, node).strip()
    known = _names(node, definition)
    if known is not None and value not in known:
        raise AnswerError(f"Choix inconnu : « {value} ».")
    return value


def _select_multiple(value, node, definition):
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str | int) for v in value):
        raise AnswerError("Liste de choix attendue.")
    picked = list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
    known = _names(node, definition)
    unknown = [name for name in picked if known is not None and name not in known]
    if unknown:
        raise AnswerError(f"Choix inconnu{'s' if len(unknown) > 1 else ''} : "
                          f"{', '.join(f'« {name} »' for name in unknown)}.")
    return picked


READERS: dict[str, Callable] = {
    "integer": _integer, "decimal": _decimal, "range": _decimal, "text": _text,
    "date": _date, "time": _time, "datetime": _datetime, "geopoint": _geopoint,
    "geotrace": _geotrace, "geoshape": _geotrace, "barcode": _text, "image": _text,
    "audio": _text, "video": _text, "file": _text, "acknowledge": lambda value, node: "OK",
}


def _read(value, node: dict, definition: dict, zone_ok):
    kind = node["type"]
    if kind == "select_one":
        return _select_one(value, node, definition)
    if kind in SELECTS:
        return _select_multiple(value, node, definition)
    if kind == "zone":
        code = _text(value, node).strip()
        if zone_ok is not None and not zone_ok(code):
            raise AnswerError("Cette zone n'est pas dans le territoire de l'enquête.")
        return code
    return READERS.get(kind, _text)(value, node)


# ---- Walking the questionnaire ----------------------------------------------------------


class _Checker:
    def __init__(self, definition: dict, zone_ok, today, language: str):
        self.definition, self.zone_ok, self.today, self.language = (
            definition, zone_ok, today, language)
        self.errors: dict[str, str] = {}

    def condition(self, text: str, context: dict, current=None) -> bool:
        """True when the expression holds; an expression that cannot be read never blocks an
        answer (the designer and the XLSForm import report it)."""
        if not (text or "").strip():
            return True
        try:
            return is_true(parse(text), context, current, self.today)
        except ExpressionError:
            return True

    def nodes(self, nodes: list[dict], raw: dict, clean: dict, outer: dict, prefix: str,
              seen: set):
        for node in nodes:
            kind, name = node.get("type"), node.get("name", "")
            # answers checked so far, and the raw answers of later questions (forward reads)
            ahead = {key: value for key, value in raw.items() if key not in seen}
            context = {**outer, **ahead, **clean}
            seen.add(name)
            if not self.condition(node.get("relevant", ""), context):
                for _, inner in walk(node.get("children", [])):
                    seen.add(inner.get("name", ""))
                continue  # not relevant: its answers (and its children's) are dropped
            if kind == "group":
                self.nodes(node.get("children", []), raw, clean, outer, prefix, seen)
            elif kind == "repeat":
                self.repeat(node, raw.get(name), clean, {**outer, **ahead, **clean}, prefix)
            elif kind in ANSWERED and not node.get("read_only"):
                self.question(node, raw.get(name), clean, context, prefix)

    def message(self, messages, fallback: str, context: dict) -> str:
        """The message in the language, with its ${name} replaced by the answers."""
        text = _message(messages, self.language, fallback)
        return PIPED.sub(lambda match: _shown(context.get(match.group(1))), text)

    def question(self, node: dict, value, clean: dict, context: dict, prefix: str):
        name = node["name"]
        key = f"{prefix}{name}"
        if _empty(value):
            if _required(node):
                self.errors[key] = self.message(node.get("required_message"),
                                                "Réponse obligatoire.", context)
            return
        try:
            value = _read(value, node, self.definition, self.zone_ok)
        except AnswerError as error:
            self.errors[key] = str(error)
            return
        if not self.condition(node.get("constraint", ""), {**context, name: value}, value):
            self.errors[key] = self.message(node.get("constraint_message"),
                                            "Réponse non valide.", context)
            return
        clean[name] = value

    def repeat(self, node: dict, items, clean: dict, outer: dict, prefix: str):
        name = node["name"]
        if _empty(items):
            return
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            self.errors[f"{prefix}{name}"] = "Liste de réponses attendue pour ce groupe répété."
            return
        if len(items) > MAX_REPEAT_ITEMS:
            self.errors[f"{prefix}{name}"] = f"{MAX_REPEAT_ITEMS} répétitions au plus."
            return
        kept = []
        for number, item in enumerate(items, start=1):
            item_clean: dict = {}
            self.nodes(node.get("children", []), item, item_clean, outer,
                       f"{prefix}{name}[{number}]/", set())
            kept.append(item_clean)
        clean[name] = kept


def answers_check(definition: dict, raw: dict, *, zone_ok: Callable[[str], bool] | None = None,
                  today: date | None = None, language: str = "fr") -> tuple[dict, dict]:
    """Return (clean answers, errors). Clean answers hold only the questions answered and
    relevant, in their type (int, float, ISO text for dates, list of names for multiple
    choices, a list of dicts for a repeat); errors map a question to a French message."""
    if not isinstance(raw, dict):
        return {}, {"": "Les réponses doivent être un objet JSON {question: réponse}."}
    checker = _Checker(definition, zone_ok, today, language)
    clean: dict = {}
    checker.nodes(definition.get("children", []), raw, clean, {}, "", set())
    return clean, checker.errors
