"""The designer's changes to a definition (definition.py), as plain functions on the dict.

No Django here: the views copy the latest version's definition, apply one of these changes
and save the result with services.version_save. A refused change raises DesignError (French).
Expressions are checked with expressions.parse (never evaluated here).
"""

import copy
import re
import unicodedata

from .definition import CONTAINERS, SELECTS, walk
from .expressions import ExpressionError, parse, references

# The types the designer offers, in the order of its menu.
TYPES = {
    "select_one": "Choix unique", "select_multiple": "Choix multiple",
    "integer": "Nombre entier", "decimal": "Nombre décimal", "text": "Texte",
    "date": "Date", "zone": "Zone (commune, IRIS, quartier)", "geopoint": "Position GPS",
    "note": "Note (texte à lire, sans réponse)",
}
OPERATORS = {"=": "=", "!=": "≠", ">": ">", "<": "<"}
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,59}$")
NUMERIC = ("integer", "decimal", "range")


class DesignError(ValueError):
    """A change refused; `str(error)` is a French sentence saying why, `field` the form
    field it is about (the designer's forms show it beside that field)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def languages(definition: dict) -> tuple[str, str]:
    """The keys of the French labels and of the English ones in this definition."""
    langs = definition.get("languages") or []
    if "fr" in langs or not langs:
        return "fr", "en"
    # An imported form without French: its own default language takes the French fields.
    main = definition.get("default_language")
    return (main if main in langs else langs[0]), "en"


def blank(title: str) -> dict:
    """A new definition with one empty section, ready for the designer."""
    form_id = re.sub(r"[^a-z0-9_]", "_", ascii_name(title).lower())[:40] or "questionnaire"
    return {"format": 1, "title": title, "form_id": form_id, "version": "",
            "languages": ["fr"], "default_language": "fr", "settings": {},
            "choice_lists": {},
            "children": [_node("group", "section_1", {"fr": "Section 1"})]}


def ascii_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()


def _node(kind: str, name: str, label: dict) -> dict:
    node = {"type": kind, "name": name, "label": label, "hint": {}, "required": False,
            "required_message": {}, "relevant": "", "constraint": "",
            "constraint_message": {}, "appearance": "", "default": "", "calculation": "",
            "choice_filter": "", "read_only": False, "extra": {}}
    if kind in CONTAINERS:
        node["children"] = []
    return node


def names(definition: dict) -> set[str]:
    return {node["name"] for _, node in walk(definition.get("children", []))}


def name_free(definition: dict, text: str, taken: set[str] | None = None) -> str:
    base = ascii_name(text)[:30].strip("_") or "question"
    if not base[0].isalpha():
        base = f"q_{base}"
    taken = names(definition) if taken is None else taken
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def find(definition: dict, name: str) -> tuple[list, int, dict]:
    """The list holding the node called `name`, its index there, and the node."""
    def search(nodes: list):
        for index, node in enumerate(nodes):
            if node.get("name") == name:
                return nodes, index, node
            if node.get("type") in CONTAINERS:
                found = search(node.get("children", []))
                if found:
                    return found
        return None
    found = search(definition.get("children", []))
    if found is None:
        raise DesignError(f"La question « {name} » n'existe pas dans ce questionnaire.")
    return found


def sections(definition: dict) -> list[tuple[str, dict]]:
    """Every group of the form with its path, for the "Section" menu."""
    return [(" › ".join((*path, node["name"])), node)
            for path, node in walk(definition.get("children", []))
            if node.get("type") in CONTAINERS]


def expression_check(text: str, what: str, field: str | None = None) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    try:
        parse(text)
    except ExpressionError as error:
        raise DesignError(f"{what} : {error}", field) from error
    return text


def _unknown_references(definition: dict, text: str, own: str) -> set[str]:
    if not text:
        return set()
    return references(parse(text)) - names(definition) - {own}


def relevance_build(definition: dict, question: str, operator: str, value: str) -> str:
    """ "show if [question] [= ≠ > <] [value]" written as an XLSForm expression."""
    _, _, node = find(definition, question)
    if operator not in OPERATORS:
        raise DesignError("Choisissez une comparaison (=, ≠, > ou <).", "show_if_operator")
    value = value.strip()
    if not value:
        raise DesignError("Donnez la valeur à comparer.", "show_if_value")
    kind = node.get("type")
    if kind in SELECTS:
        value = _choice_name(definition, node, value)
    if kind in NUMERIC:
        try:
            float(value.replace(",", "."))
        except ValueError:
            raise DesignError(f"« {value} » n'est pas un nombre.", "show_if_value") from None
        literal = value.replace(",", ".")
    else:
        literal = "'" + value.replace("'", "’") + "'"
    if kind == "select_multiple" and operator in ("=", "!="):
        test = f"selected(${{{question}}}, {literal})"
        return test if operator == "=" else f"not({test})"
    return f"${{{question}}} {operator} {literal}"


def _choice_name(definition: dict, node: dict, value: str) -> str:
    """A choice typed by its name or its label, given back by its name."""
    choices = definition.get("choice_lists", {}).get(node.get("choice_list"), [])
    for choice in choices:
        if value == choice["name"] or value.casefold() in {
                text.casefold() for text in choice.get("label", {}).values()}:
            return choice["name"]
    known = ", ".join(c["name"] for c in choices[:12])
    raise DesignError(f"« {value} » n'est pas un choix de la question « {node['name']} »"
                      + (f" (choix : {known})." if known else "."), "show_if_value")


def _labels(fr_key: str, french: str, english: str, base: dict | None = None) -> dict:
    """The French and English texts, keeping those of the other languages of `base`."""
    labels = {key: text for key, text in (base or {}).items() if key not in (fr_key, "en")}
    if french.strip():
        labels[fr_key] = french.strip()
    if english.strip():
        labels["en"] = english.strip()
    return labels


def _use_english(definition: dict, *label_dicts: dict) -> None:
    if any("en" in labels for labels in label_dicts):
        langs = definition.setdefault("languages", [])
        if not langs:
            langs.append("fr")
        if "en" not in langs:
            langs.append("en")


def _container(definition: dict, section: str) -> list:
    if not section:
        return definition["children"]
    _, _, node = find(definition, section)
    if node.get("type") not in CONTAINERS:
        raise DesignError(f"« {section} » n'est pas une section.")
    return node.setdefault("children", [])


def _place(definition: dict, node: dict, section: str, original: str) -> None:
    """Put the node in `section`: at its old place when it stays there, else at the end."""
    target = _container(definition, section)
    if original:
        siblings, index, _ = find(definition, original)
        if siblings is target:
            siblings[index] = node
            return
        del siblings[index]
    target.append(node)


def _check_name(definition: dict, name: str, original: str) -> None:
    if not NAME.match(name):
        raise DesignError(f"Le nom « {name} » doit commencer par une lettre et ne contenir "
                          "que des lettres sans accent, chiffres et _ (60 au plus).", "name")
    if name != original and name in names(definition):
        raise DesignError(f"Le nom « {name} » est déjà pris par une autre question.", "name")


def section_save(definition: dict, data: dict, original: str = "") -> dict:
    """Add (original "") or change a section; data: label_fr, label_en, name, relevant,
    parent. Returns the changed copy of the definition."""
    definition = copy.deepcopy(definition)
    fr_key, _ = languages(definition)
    node = find(definition, original)[2] if original else _node("group", "", {})
    if original and node.get("type") not in CONTAINERS:
        raise DesignError(f"« {original} » n'est pas une section.")
    label = _labels(fr_key, data.get("label_fr", ""), data.get("label_en", ""),
                    node.get("label"))
    if fr_key not in label:
        raise DesignError("Donnez un titre à la section.", "label_fr")
    name = data.get("name") or (original or name_free(definition, label[fr_key]))
    _check_name(definition, name, original)
    node = {**node, "name": name, "label": label,
            "relevant": expression_check(data.get("relevant", ""), "Condition d'affichage",
                                           "relevant")}
    _rename(definition, original, name)
    _place(definition, node, data.get("parent", ""), original)
    _use_english(definition, label)
    return definition


def question_save(definition: dict, data: dict, original: str = "") -> dict:
    """Add (original "") or change a question. data: section, type, name, label_fr/en,
    hint_fr/en, required, constraint, constraint_message_fr/en, choice_list, relevant."""
    definition = copy.deepcopy(definition)
    fr_key, _ = languages(definition)
    kind = data.get("type", "")
    if kind not in TYPES and not (original and kind):
        raise DesignError("Choisissez un type de question.", "type")
    base = find(definition, original)[2] if original else _node(kind, "", {})
    label = _labels(fr_key, data.get("label_fr", ""), data.get("label_en", ""),
                    base.get("label"))
    if fr_key not in label:
        raise DesignError("Donnez le libellé de la question en français.", "label_fr")
    name = data.get("name") or original or name_free(definition, label[fr_key])
    _check_name(definition, name, original)
    node = {**base, "type": kind, "name": name, "label": label,
            "hint": _labels(fr_key, data.get("hint_fr", ""), data.get("hint_en", ""),
                            base.get("hint")),
            "required": bool(data.get("required")) and kind != "note",
            "relevant": expression_check(data.get("relevant", ""), "Condition d'affichage",
                                         "relevant"),
            "constraint": expression_check(data.get("constraint", ""), "Contrainte",
                                           "constraint")}
    node["constraint_message"] = _labels(fr_key, data.get("constraint_message_fr", ""),
                                         data.get("constraint_message_en", ""),
                                         base.get("constraint_message"))
    if node["constraint"] and not node["constraint_message"]:
        raise DesignError("Écrivez le message affiché quand la contrainte n'est pas "
                          "respectée.", "constraint_message_fr")
    if kind in SELECTS:
        choice_list = data.get("choice_list", "")
        if choice_list not in definition.get("choice_lists", {}):
            raise DesignError("Choisissez la liste de choix de la question (ou créez-en une).",
                              "choice_list")
        node["choice_list"] = choice_list
    else:
        node.pop("choice_list", None)
    unknown = (_unknown_references(definition, node["relevant"], name)
               | _unknown_references(definition, node["constraint"], name))
    if unknown:
        raise DesignError("Question inconnue dans une expression : "
                          + ", ".join(sorted(unknown)) + ".", "relevant")
    _rename(definition, original, name)
    _place(definition, node, data.get("section", ""), original)
    _use_english(definition, label, node["hint"], node["constraint_message"])
    return definition


def _rename(definition: dict, old: str, new: str) -> None:
    """Follow a renamed question in every expression that cites it."""
    if not old or old == new:
        return
    pattern = re.compile(r"\$\{" + re.escape(old) + r"\}")
    for _, node in walk(definition.get("children", [])):
        for key in ("relevant", "constraint", "calculation", "choice_filter"):
            if node.get(key):
                node[key] = pattern.sub("${" + new + "}", node[key])


def users_of(definition: dict, name: str) -> list[str]:
    """The questions whose conditions or constraints cite `name`."""
    cited = []
    for _, node in walk(definition.get("children", [])):
        for key in ("relevant", "constraint", "calculation"):
            text = node.get(key)
            if text and node["name"] != name and "${" + name + "}" in text:
                cited.append(node["name"])
                break
    return cited


def node_remove(definition: dict, name: str) -> dict:
    definition = copy.deepcopy(definition)
    siblings, index, node = find(definition, name)
    inside = {n["name"] for _, n in walk([node])}
    users = [user for n in inside for user in users_of(definition, n) if user not in inside]
    if users:
        raise DesignError(f"« {name} » est citée par : {', '.join(sorted(set(users)))}. "
                          "Changez d'abord leurs conditions.")
    del siblings[index]
    return definition


def node_move(definition: dict, name: str, step: int) -> dict:
    """Up (-1) or down (+1) among its siblings."""
    definition = copy.deepcopy(definition)
    siblings, index, node = find(definition, name)
    target = index + step
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], node
    return definition


def choices_parse(text: str, fr_key: str = "fr", old: list[dict] | None = None) -> list[dict]:
    """One choice a line: `Libellé`, `code = Libellé` or `code = Libellé | English`."""
    old_by_name = {choice["name"]: choice for choice in old or []}
    choices, taken = [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        code, _, rest = line.partition("=") if "=" in line else ("", "", line)
        french, _, english = rest.partition("|")
        french, code = french.strip(), code.strip()
        if not french:
            raise DesignError(f"Ligne {number} : le libellé du choix manque.", "choices")
        code = code or name_free({}, french, taken)
        if not re.match(r"^[A-Za-z0-9_.-]{1,60}$", code):
            raise DesignError(f"Ligne {number} : le code « {code} » ne doit contenir que des "
                              "lettres sans accent, chiffres, _ . ou -.", "choices")
        if code in taken:
            raise DesignError(f"Ligne {number} : le code « {code} » est déjà pris.", "choices")
        taken.add(code)
        previous = old_by_name.get(code, {})
        choices.append({**previous, "name": code,
                        "label": _labels(fr_key, french, english.strip(),
                                         previous.get("label"))})
    if not choices:
        raise DesignError("Écrivez au moins un choix, un par ligne.", "choices")
    return choices


def choices_text(choices: list[dict], fr_key: str = "fr") -> str:
    lines = []
    for choice in choices:
        labels = choice.get("label", {})
        line = f"{choice['name']} = {labels.get(fr_key) or next(iter(labels.values()), '')}"
        if labels.get("en"):
            line += f" | {labels['en']}"
        lines.append(line)
    return "\n".join(lines)


def choice_list_save(definition: dict, name: str, text: str, original: str = "") -> dict:
    definition = copy.deepcopy(definition)
    fr_key, _ = languages(definition)
    lists = definition.setdefault("choice_lists", {})
    name = name.strip() or original
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]{0,59}$", name):
        raise DesignError(f"Le nom de liste « {name} » doit commencer par une lettre et ne "
                          "contenir que des lettres sans accent, chiffres et _.", "name")
    if name != original and name in lists:
        raise DesignError(f"La liste « {name} » existe déjà : modifiez-la.", "name")
    choices = choices_parse(text, fr_key, lists.get(original))
    if original and original != name:
        lists.pop(original, None)
        for _, node in walk(definition.get("children", [])):
            if node.get("choice_list") == original:
                node["choice_list"] = name
    lists[name] = choices
    _use_english(definition, *(choice["label"] for choice in choices))
    return definition


def choice_list_users(definition: dict, name: str) -> list[str]:
    return [node["name"] for _, node in walk(definition.get("children", []))
            if node.get("choice_list") == name]
