"""A definition (definition.py) written as an XLSForm .xlsx: survey, choices and settings
sheets, labels in `label::Français (fr)` style columns (a bare `label` for the "default"
language), the columns kept in `extra` written back as they came, and a type the
definition could not say (extra["type"]: a loop, "or_other", an external file) as it was.
Cells are written as text, never as formulas. Read back by xlsform.xlsform_read.
"""

import io
import re

from openpyxl import Workbook

from .definition import CONTAINERS, SELECTS, walk

ZONE_FILE = "zones.csv"  # Terreau's zone question, as ODK sees it
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "es": "Español", "de": "Deutsch",
                  "it": "Italiano", "pt": "Português", "nl": "Nederlands", "ar": "Arabic",
                  "sw": "Swahili", "wo": "Wolof", "br": "Brezhoneg", "oc": "Occitan"}


def language_header(language: str) -> str:
    """"fr" → "Français (fr)"; "default" → "" (a bare column); other names as they are."""
    if language == "default":
        return ""
    if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", language):
        return f"{LANGUAGE_NAMES.get(language, language)} ({language})"
    return language


def _column(field: str, language: str) -> str:
    header = language_header(language)
    return f"{field}::{header}" if header else field


def _type_cell(node: dict) -> str:
    kept = (node.get("extra") or {}).get("type")
    if kept:
        return kept
    kind = node.get("type", "")
    if kind == "zone":
        return f"select_one_from_file {ZONE_FILE}"
    if kind in SELECTS:
        return f"{kind} {node.get('choice_list', '')}"
    if kind in CONTAINERS:
        return f"begin_{kind}"
    return kind


def _end_cell(node: dict) -> str:
    kept = (node.get("extra") or {}).get("type", "")
    return "end_loop" if kept.lower().startswith("begin loop") else f"end_{node['type']}"


def _node_cells(node: dict, languages: list[str]) -> dict:
    cells = {"type": _type_cell(node), "name": node.get("name", "")}
    for field in ("label", "hint"):
        for language in languages:
            cells[_column(field, language)] = (node.get(field) or {}).get(language, "")
    if node.get("required"):
        cells["required"] = "yes"
    for language in languages:
        cells[_column("required_message", language)] = (
            node.get("required_message") or {}).get(language, "")
    for field in ("relevant", "constraint"):
        cells[field] = node.get(field, "")
    for language in languages:
        cells[_column("constraint_message", language)] = (
            node.get("constraint_message") or {}).get(language, "")
    for field in ("choice_filter", "appearance", "default", "calculation"):
        cells[field] = node.get(field, "")
    if node.get("read_only"):
        cells["read_only"] = "yes"
    for column, value in (node.get("extra") or {}).items():
        if column != "type":
            cells[column] = "" if value is None else str(value)
    return cells


def _survey_rows(nodes: list[dict], languages: list[str]) -> list[dict]:
    rows = []
    for node in nodes:
        rows.append(_node_cells(node, languages))
        if node.get("type") in CONTAINERS:
            rows.extend(_survey_rows(node.get("children", []), languages))
            rows.append({"type": _end_cell(node), "name": node.get("name", "")})
    return rows


def _choice_rows(definition: dict, languages: list[str]) -> list[dict]:
    rows = []
    for list_name, choices in (definition.get("choice_lists") or {}).items():
        for choice in choices:
            cells = {"list_name": list_name, "name": choice.get("name", "")}
            for language in languages:
                cells[_column("label", language)] = (choice.get("label") or {}).get(language,
                                                                                    "")
            for column, value in (choice.get("extra") or {}).items():
                cells[column] = "" if value is None else str(value)
            rows.append(cells)
    return rows


def _settings_row(definition: dict) -> dict:
    default = definition.get("default_language", "")
    cells = {"form_title": definition.get("title", ""), "form_id": definition.get("form_id", ""),
             "version": definition.get("version", ""),
             "default_language": language_header(default) if default != "default" else ""}
    cells.update({key: str(value) for key, value in (definition.get("settings") or {}).items()})
    return cells


def _languages(definition: dict) -> list[str]:
    """The definition's languages, default first, and any other a text is written in."""
    languages = list(definition.get("languages") or [])
    default = definition.get("default_language")
    if default and default not in languages:
        languages.insert(0, default)
    texts = [node.get(field) or {} for _, node in walk(definition.get("children", []))
             for field in ("label", "hint", "required_message", "constraint_message")]
    texts += [choice.get("label") or {}
              for choices in (definition.get("choice_lists") or {}).values()
              for choice in choices]
    for text in texts:
        languages += [language for language in text if language not in languages]
    return languages or ["default"]


def _sheet_write(workbook: Workbook, title: str, rows: list[dict],
                 first: tuple[str, ...]) -> None:
    """One sheet; a column only when some row fills it (the first ones always)."""
    columns = list(first)
    for row in rows:
        for column, value in row.items():
            if column not in columns and value != "":
                columns.append(column)
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") or None for column in columns])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with


def xlsform_write(definition: dict) -> bytes:
    """The .xlsx XLSForm of a definition (survey, choices and settings sheets)."""
    languages = _languages(definition)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet_write(workbook, "survey", _survey_rows(definition.get("children", []), languages),
                 ("type", "name", _column("label", languages[0])))
    _sheet_write(workbook, "choices", _choice_rows(definition, languages),
                 ("list_name", "name", _column("label", languages[0])))
    _sheet_write(workbook, "settings", [_settings_row(definition)], ("form_title", "form_id"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
