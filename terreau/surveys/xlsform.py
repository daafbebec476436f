"""XLSForm (KoboToolbox, ODK) in and out: the survey, choices and settings sheets read into a
definition (definition.py) and written back as .xlsx.

Reading: the sheets are read by pyxform's own readers (so .xls and .xlsx behave as in
KoboToolbox), then the whole form is checked by pyxform's conversion to XForm; its diagnosis
of an invalid form becomes an XLSFormError in French (xlsform_errors.py). Only then is the
definition built from the rows: legacy spellings ("select one from", "select all that
apply", "string", "begin loop over") are read into the definition's names; labels per
language from `label`, `label::English (en)`, `label::Français (fr)`; every column that the
definition has no field for is kept in the node's `extra` (as is a type the definition cannot
say, under extra["type"]) so that export then import gives the same definition.
Writing is in xlsform_out.py (`xlsform_write`, importable from here too).
"""

import copy
import io
import re
from pathlib import Path

from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from .definition import CONTAINERS, FORMAT, SELECTS
from .xlsform_errors import XLSFormError, translate
from .xlsform_out import ZONE_FILE, xlsform_write  # noqa: F401  (the writer, named here too)

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".xls", ".xlsx")
YES = {"yes", "true", "true()", "1"}
NO = {"no", "false", "false()", "0"}

# Column (lower-case, before any "::language") → field of the node.
TEXT_FIELDS = {"label": "label", "caption": "label", "hint": "hint",
               "required_message": "required_message", "requiredmsg": "required_message",
               "jr:requiredmsg": "required_message",
               "constraint_message": "constraint_message",
               "constraining_message": "constraint_message",
               "jr:constraintmsg": "constraint_message"}
PLAIN_FIELDS = {"relevant": "relevant", "relevance": "relevant", "bind:relevant": "relevant",
                "constraint": "constraint", "bind:constraint": "constraint",
                "appearance": "appearance", "control:appearance": "appearance",
                "default": "default", "calculation": "calculation",
                "calculate": "calculation", "bind:calculate": "calculation",
                "choice_filter": "choice_filter"}
FLAG_FIELDS = {"required": "required", "bind:required": "required",
               "read_only": "read_only", "readonly": "read_only",
               "bind:readonly": "read_only"}
SETTINGS_ALIASES = {"form_title": "title", "set_form_title": "title", "title": "title",
                    "form_id": "form_id", "set_form_id": "form_id", "id_string": "form_id",
                    "version": "version", "default_language": "default_language"}

SIMPLE_TYPES = {
    "integer", "decimal", "range", "text", "date", "time", "datetime", "geopoint",
    "geotrace", "geoshape", "note", "acknowledge", "calculate", "hidden", "image", "audio",
    "video", "file", "barcode", "start", "end", "today", "deviceid", "username", "audit",
}
TYPE_ALIASES = {"string": "text", "int": "integer", "photo": "image", "imei": "deviceid",
                "add image prompt": "image", "add photo prompt": "image",
                "add audio prompt": "audio", "add video prompt": "video",
                "add file prompt": "file", "trigger": "acknowledge"}
SELECT_ALIASES = {"select_one": "select_one", "select one": "select_one",
                  "select one from": "select_one", "select1": "select_one",
                  "select_multiple": "select_multiple", "select all that apply": "select_multiple",
                  "select all that apply from": "select_multiple",
                  "select multiple": "select_multiple", "rank": "rank"}
FROM_FILE = {"select_one_from_file", "select one from file", "select_multiple_from_file",
             "select multiple from file"}
SELECT = re.compile(r"^(?P<kind>.+?) (?P<list>[^ ]+?)(?P<other> or_other| or specify other)?$")
LANGUAGE_CODE = re.compile(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")


# ---------------------------------------------------------------- reading

def xlsform_read(source: str | Path | bytes, filename: str = "") -> dict:
    """The definition of an XLSForm file (a path, or its bytes with the file's name).

    Raises XLSFormError (French, naming the sheet, row and column) when pyxform refuses it.
    """
    if isinstance(source, str | Path):
        filename = filename or Path(source).name
        source = Path(source).read_bytes()
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise XLSFormError("un XLSForm est un classeur .xlsx ou .xls "
                           f"(fichier reçu : « {filename or 'sans nom'} »).")
    if len(source) > MAX_BYTES:
        raise XLSFormError(f"le fichier pèse {len(source) / 1e6:.1f} Mo : la limite est de "
                           f"{MAX_BYTES / 1024 / 1024:.0f} Mo.")
    try:
        sheets = get_xlsform(io.BytesIO(source), file_type=suffix)
    except (PyXFormError, ValueError, OSError, KeyError) as error:
        raise XLSFormError(f"le fichier « {filename} » n'est pas un classeur {suffix} lisible."
                           ) from error
    _pyxform_check(sheets, Path(filename).stem)
    return definition_build(sheets, Path(filename).stem)


def _pyxform_check(sheets, form_name: str) -> None:
    """Convert to XForm (without ODK Validate) to have pyxform's diagnosis, if any."""
    try:
        data = workbook_to_json(workbook_dict=copy.deepcopy(sheets), form_name=None,
                                fallback_form_name=form_name or "data", warnings=[])
        create_survey_element_from_dict(data).to_xml(validate=False, warnings=[])
    except PyXFormError as error:
        raise translate(str(error)) from error
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise XLSFormError(f"pyxform ne comprend pas ce formulaire ({error}).") from error


def language_of(suffix: str) -> str:
    """"Français (fr)" → "fr"; "english" → "english"; "" → "default"."""
    suffix = suffix.strip()
    if not suffix:
        return "default"
    match = LANGUAGE_CODE.search(suffix)
    return match.group(1) if match else suffix


def _cells(row: dict) -> dict:
    return {key: str(value) for key, value in row.items()
            if key is not None and value is not None and str(value).strip() != ""}


def definition_build(sheets, fallback_id: str = "") -> dict:
    """The definition of sheets already checked by pyxform."""
    settings = _cells((sheets.settings or [{}])[0]) if sheets.settings else {}
    known = {}
    other = {}
    for key, value in settings.items():
        field = SETTINGS_ALIASES.get(key.strip().lower())
        if field:
            known[field] = value.strip()
        else:
            other[key] = value
    seen: list[str] = []
    children = _survey_nodes(sheets.survey or [], seen)
    choice_lists = _choice_lists(sheets.choices or [], seen)
    default = language_of(known["default_language"]) if known.get("default_language") else (
        seen[0] if seen else "default")
    languages = [default, *[lang for lang in seen if lang != default]]
    return {
        "format": FORMAT,
        "title": known.get("title") or fallback_id,
        "form_id": known.get("form_id", ""),
        "version": known.get("version", ""),
        "languages": languages,
        "default_language": default,
        "settings": other,
        "choice_lists": choice_lists,
        "children": children,
    }


def _type_parse(raw: str) -> tuple[str, str, str]:
    """(type, choice_list, kept) of a `type` cell; `kept` is the cell to keep in extra when
    the definition's names cannot say it (a loop, "or other", an external file…)."""
    text = " ".join(raw.split())
    lower = text.lower()
    if lower in SIMPLE_TYPES:
        return lower, "", ""
    if lower in TYPE_ALIASES:
        return TYPE_ALIASES[lower], "", ""
    if lower.replace("_", " ") in ("begin group", "begin repeat"):
        return lower.replace("_", " ").split()[1], "", ""
    if lower.startswith("begin loop over ") or lower.replace("_", " ").startswith(
            ("begin loop", "begin looped group", "begin lgroup")):
        return "repeat", "", text
    match = SELECT.match(text)
    if match:
        kind = " ".join(match["kind"].lower().split())
        if kind in FROM_FILE:
            if match["list"] == ZONE_FILE and kind.startswith("select_one") and not match[
                    "other"]:
                return "zone", "", ""
            return SELECTS[0] if "one" in kind else SELECTS[1], "", text
        if kind in SELECT_ALIASES:
            name = SELECT_ALIASES[kind]
            return name, match["list"], (f"{name} {match['list']} or_other"
                                         if match["other"] else "")
    return "hidden", "", text  # other metadata (simserial, phonenumber…): not answered


def _is_end(raw: str) -> bool:
    return " ".join(raw.lower().replace("_", " ").split()).startswith("end ")


def _node_from_row(cells: dict, seen: list[str]) -> dict:
    raw_type = cells.pop("type", "")
    kind, choice_list, kept_type = _type_parse(raw_type)
    node = {"type": kind, "name": cells.pop("name", "").strip(), "label": {}, "hint": {},
            "required": False, "required_message": {}, "relevant": "", "constraint": "",
            "constraint_message": {}, "choice_list": choice_list, "appearance": "",
            "default": "", "calculation": "", "choice_filter": "", "read_only": False,
            "extra": {}}
    if kept_type:
        node["extra"]["type"] = kept_type
    for column, value in cells.items():
        base, _, suffix = column.partition("::")
        base = base.strip().lower()
        if base in TEXT_FIELDS:
            language = language_of(suffix)
            node[TEXT_FIELDS[base]][language] = value
            if TEXT_FIELDS[base] == "label" and language not in seen:
                seen.append(language)
        elif base in PLAIN_FIELDS and not suffix:
            node[PLAIN_FIELDS[base]] = value
        elif base in FLAG_FIELDS and not suffix and value.strip().lower() in YES | NO:
            node[FLAG_FIELDS[base]] = value.strip().lower() in YES
        else:
            node["extra"][column] = value
    if kind in CONTAINERS:
        node["children"] = []
    return node


def _survey_nodes(rows: list[dict], seen: list[str]) -> list[dict]:
    top: list[dict] = []
    stack = [top]
    rows_of: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 holds the headers
        cells = _cells(row)
        if not cells:
            continue
        if _is_end(cells.get("type", "")):
            if len(stack) > 1:
                stack.pop()
            continue
        node = _node_from_row(cells, seen)
        _name_check(node["name"], number, rows_of)
        stack[-1].append(node)
        if node["type"] in CONTAINERS:
            stack.append(node["children"])
    return top


def _name_check(name: str, number: int, rows_of: dict[str, int]) -> None:
    """Answers are kept by question name: a name is unique in the whole form (pyxform only
    asks it within a group)."""
    if name and name in rows_of:
        raise XLSFormError(
            f"le nom « {name} » est déjà celui de la ligne {rows_of[name]}. Terreau range les "
            "réponses par nom de question : chaque nom doit être unique dans tout le "
            "formulaire, même dans des groupes différents.",
            sheet="survey", row=number, column="name", value=name)
    rows_of[name] = number


def _choice_lists(rows: list[dict], seen: list[str]) -> dict:
    lists: dict[str, list[dict]] = {}
    for row in rows:
        cells = _cells(row)
        list_name = (cells.pop("list_name", "") or cells.pop("list name", "")).strip()
        if not list_name:
            continue
        choice = {"name": cells.pop("name", "").strip(), "label": {}, "extra": {}}
        for column, value in cells.items():
            base, _, suffix = column.partition("::")
            if base.strip().lower() in ("label", "caption"):
                language = language_of(suffix)
                choice["label"][language] = value
                if language not in seen:
                    seen.append(language)
            else:
                choice["extra"][column] = value
        lists.setdefault(list_name, []).append(choice)
    return lists
