"""A definition as a readable outline: sections, questions with their type, whether they
are required, their choices, and their conditions and constraints in plain French.

Expressions are only rewritten word by word for reading (names → labels, operators →
signs, `.` → "la réponse"); they are never evaluated. No Django here.
"""

import re
from dataclasses import dataclass, field

from .definition import CONTAINERS, walk
from .definition import label as label_of

TYPE_LABELS = {
    "group": "Section", "repeat": "Section répétée", "select_one": "Choix unique",
    "select_multiple": "Choix multiple", "rank": "Classement", "integer": "Nombre entier",
    "decimal": "Nombre décimal", "range": "Échelle", "text": "Texte", "date": "Date",
    "time": "Heure", "datetime": "Date et heure", "geopoint": "Position GPS",
    "geotrace": "Tracé GPS", "geoshape": "Surface GPS", "zone": "Zone",
    "note": "Note", "acknowledge": "Case à cocher", "calculate": "Calcul",
    "hidden": "Valeur cachée", "image": "Photo", "audio": "Son", "video": "Vidéo",
    "file": "Fichier", "barcode": "Code-barres",
}
METADATA = {"start", "end", "today", "deviceid", "username", "audit"}
TOKEN = re.compile(r"\$\{([^}]+)\}|'([^']*)'|\"([^\"]*)\"|(>=|<=|!=|=|>|<)"
                   r"|\b(and|or|div|mod)\b|(?<![\w.$])\.(?![\w.])")
WORDS = {"and": "et", "or": "ou", "div": "÷", "mod": "modulo"}
SIGNS = {">=": "≥", "<=": "≤", "!=": "≠", "=": "=", ">": ">", "<": "<"}
SIMPLE_SELECTED = re.compile(r"^selected\(\s*\$\{([^}]+)\}\s*,\s*'([^']*)'\s*\)$")


@dataclass
class Line:
    node: dict
    depth: int
    path: tuple[str, ...]
    type_label: str
    label: str
    hint: str = ""
    choices: list[str] = field(default_factory=list)
    choice_list: str = ""
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""

    @property
    def is_section(self) -> bool:
        return self.node.get("type") in CONTAINERS


def _labels(definition: dict, language: str) -> dict[str, str]:
    return {node["name"]: label_of(node, language, node["name"])
            for _, node in walk(definition.get("children", []))}


def _choice_label(definition: dict, value: str, language: str) -> str:
    for choices in definition.get("choice_lists", {}).values():
        for choice in choices:
            if choice.get("name") == value:
                return label_of(choice, language, value)
    return value


def readable(definition: dict, text: str, language: str = "fr") -> str:
    """`${age} >= 18 and ${q3} = 'oui'` → `« Votre âge » ≥ 18 et « Q3 » = « Oui »`."""
    if not text:
        return ""
    names = _labels(definition, language)
    simple = SIMPLE_SELECTED.match(text.strip())
    if simple:
        question, value = simple.groups()
        return (f"« {names.get(question, question)} » comprend "
                f"« {_choice_label(definition, value, language)} »")

    def word(match: re.Match) -> str:
        name, single, double, sign, keyword = match.groups()
        if name is not None:
            return f"« {names.get(name, name)} »"
        if single is not None or double is not None:
            return f"« {_choice_label(definition, single or double or '', language)} »"
        if sign:
            return SIGNS[sign]
        if keyword:
            return WORDS[keyword]
        return "la réponse"
    return " ".join(TOKEN.sub(word, text).split())


def lines(definition: dict, language: str = "fr") -> list[Line]:
    """Every node in reading order (metadata left out), ready for the outline template."""
    result = []
    lists = definition.get("choice_lists", {})
    for path, node in walk(definition.get("children", [])):
        kind = node.get("type", "")
        if kind in METADATA:
            continue
        choice_list = node.get("choice_list") or ""
        result.append(Line(
            node=node, depth=len(path), path=path,
            type_label=TYPE_LABELS.get(kind, kind),
            label=label_of(node, language, node.get("name", "")),
            hint=label_of({"label": node.get("hint") or {}}, language),
            choices=[label_of(c, language, c["name"]) for c in lists.get(choice_list, [])],
            choice_list=choice_list,
            relevant=readable(definition, node.get("relevant", ""), language),
            constraint=readable(definition, node.get("constraint", ""), language),
            constraint_message=label_of({"label": node.get("constraint_message") or {}},
                                        language)))
    return result
