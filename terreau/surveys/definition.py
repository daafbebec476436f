"""A questionnaire's definition: the plain dict every part of the surveys app reads.

It is JSON (stored as it is in QuestionnaireVersion.definition), made from an XLSForm
(xlsform.py) or by the designer, and written back to XLSForm. No Django here.

    {
      "format": 1,
      "title": "Guide de diagnostic",          # settings.form_title
      "form_id": "guide_diagnostic",           # settings.form_id
      "version": "2026-12-04",                 # settings.version ("" when absent)
      "languages": ["fr", "en"],               # label languages, the default first
      "default_language": "fr",
      "settings": {"style": "pages", …},       # other settings columns, kept for the round trip
      "choice_lists": {
        "oui_non": [{"name": "oui", "label": {"fr": "Oui", "en": "Yes"}, "extra": {…}}, …],
      },
      "children": [ NODE, … ],
    }

    NODE = {
      "type": one of TYPES below,
      "name": "age",                           # unique among all questions of the form
      "label": {"fr": "Votre âge", "en": "Your age"},   # {} when none
      "hint": {"fr": "en années"},
      "required": False,
      "required_message": {"fr": "…"},
      "relevant": "${q3} = 'oui'",             # XLSForm expression text, "" when none
      "constraint": ". >= 0 and . <= 120",
      "constraint_message": {"fr": "L'âge va de 0 à 120 ans."},
      "choice_list": "oui_non",                # select_one / select_multiple / rank only
      "appearance": "", "default": "", "calculation": "", "choice_filter": "",
      "read_only": False,
      "extra": {"parameters": "…", "media::image": "…"},  # every other column, for the round trip
      "children": [ NODE, … ],                 # group and repeat only
    }

TYPES: "group", "repeat" (nodes with children); "select_one", "select_multiple", "rank";
"integer", "decimal", "range"; "text"; "date", "time", "datetime"; "geopoint", "geotrace",
"geoshape"; "zone" (Terreau's own: a commune/IRIS/quartier, written to XLSForm as
`select_one_from_file zones.csv`); "note", "acknowledge", "calculate", "hidden"; "image",
"audio", "video", "file", "barcode"; metadata "start", "end", "today", "deviceid", "username",
"audit". Legacy XLSForm spellings ("select one", "select all that apply", "string", "int")
are read into these names.

Labels are dicts keyed by language code ("fr", "en"; "default" when the XLSForm gives a bare
`label` column — written back as a bare `label`). A `label::Français (fr)` column gives "fr".
"""

from collections.abc import Iterator

FORMAT = 1
CONTAINERS = ("group", "repeat")
SELECTS = ("select_one", "select_multiple", "rank")
ANSWERED = frozenset({
    "select_one", "select_multiple", "rank", "integer", "decimal", "range", "text", "date",
    "time", "datetime", "geopoint", "geotrace", "geoshape", "zone", "acknowledge", "image",
    "audio", "video", "file", "barcode",
})  # the types a respondent answers (not notes, calculations, metadata)


def walk(nodes: list[dict], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict]]:
    """Every node with the names of the groups above it, in reading order."""
    for node in nodes:
        yield path, node
        if node.get("type") in CONTAINERS:
            yield from walk(node.get("children", []), (*path, node["name"]))


def questions(definition: dict) -> list[dict]:
    """The nodes a respondent answers, in reading order."""
    return [node for _, node in walk(definition.get("children", []))
            if node.get("type") in ANSWERED]


def label(node_or_choice: dict, language: str, fallback: str = "") -> str:
    """The label in `language`, else in the first language it has, else `fallback`."""
    labels = node_or_choice.get("label") or {}
    return labels.get(language) or next(iter(labels.values()), "") or fallback
