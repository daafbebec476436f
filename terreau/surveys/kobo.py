"""Read a KoboToolbox / ODK export (CSV or XLSX) against a questionnaire's definition.

No Django here. The file is read by catalog/reading.py (encodings, separators, calamine for
spreadsheets), every cell as text. Kobo's conventions:

- columns named by their group path, `groupe/question`; repeats flattened with an index,
  `enfants/details[2]/age`; a loop over a choice list adds the choice, `boucle/bus/question`;
- a multiple choice as one column of space-separated names, or one column per choice
  (`navigateurs/firefox`) holding 0/1/True/False;
- a geopoint as "lat lon alt precision", and/or split into `_gps_latitude`, `_gps_longitude`…;
- `n/a` (and an empty cell) for a question not asked; `_uuid` (or `meta/instanceID`, `KEY`
  as `uuid:…`) identifies the submission; `_submission_time` (or `end`) dates it.

`kobo_read` returns every row's answers, {name: value; repeat or loop: list of dicts}, and
the problems per row and column (unknown column, value not in the list, bad number, missing
uuid). Nothing is written here: the caller decides, all or nothing.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from terreau.catalog.reading import TableReadError, preview, read_table

from .definition import ANSWERED, CONTAINERS
from .kobo_values import (
    GEO_PARTS,
    NOT_ASKED,
    choice_names,
    flag_parse,
    geopoint_parse,
    or_other,
    value_parse,
)

UUID_COLUMNS = ("_uuid", "meta/instanceID", "instanceID", "KEY")
TIME_COLUMNS = ("end", "_submission_time")
GEO_PART = re.compile(r"_(?P<name>.+)_(?P<part>latitude|longitude|altitude|precision)")
INDEXED = re.compile(r"(?P<name>[^\[\]]+)\[(?P<index>\d+)\]")
UNNAMED = re.compile(r"colonne \d+")  # a nameless column (a pandas index), named by reading.py


class KoboError(ValueError):
    """The file cannot be read at all; the message says why, in French."""


@dataclass(frozen=True)
class Target:
    """What a column holds: a question's value, one choice of it, or a geopoint part."""

    node: dict
    kind: str  # "value", "choice", "geo"
    levels: tuple = ()  # ((repeat or loop name, index or choice name), …)
    detail: str = ""  # the choice name or the geopoint part


@dataclass
class Problem:
    line: int | None  # line of the file (None: the column itself)
    column: str
    message: str

    def __str__(self) -> str:
        where = f"ligne {self.line}, " if self.line else ""
        return f"{where}colonne « {self.column} » : {self.message}"


@dataclass
class KoboRow:
    line: int
    uuid: str
    collected_at: datetime | None
    answers: dict


@dataclass
class KoboReport:
    rows: list[KoboRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)  # columns read into answers
    ignored: list[str] = field(default_factory=list)  # Kobo's own columns (_id, _tags…)

    @property
    def refused_lines(self) -> set[int]:
        return {p.line for p in self.problems if p.line}


# ---- Columns ----------------------------------------------------------------------------


def _segments(column: str) -> list[tuple[str, int | None]]:
    parts = []
    for part in column.strip().split("/"):
        found = INDEXED.fullmatch(part)
        parts.append((found["name"], int(found["index"])) if found else (part, None))
    return parts


def _children(node_or_definition: dict) -> dict[str, dict]:
    return {child.get("name"): child for child in node_or_definition.get("children", [])}


def _leaf(node: dict, rest: list, levels: tuple) -> Target | None:
    if node.get("type") not in ANSWERED:
        return None
    if not rest:
        return Target(node, "value", levels)
    if len(rest) == 1 and node.get("type") == "select_multiple":
        return Target(node, "choice", levels, str(rest[0][0]))
    return None


def resolve(column: str, definition: dict) -> Target | None:
    """Follow the column's path down the definition's groups, repeats and loops."""
    segments = _segments(column)
    current, levels, i = definition, (), 0
    while i < len(segments):
        name, index = segments[i]
        children = _children(current)
        node = children.get(name)
        if node is None:
            return _unnamed(children, segments, i, levels) \
                if i + 1 == len(segments) else _loop_step(current, definition, segments, i,
                                                           levels, resolve_rest=True)
        if node.get("type") in CONTAINERS:
            if node["type"] == "repeat":
                levels = (*levels, (name, index or 1))
            current, i = node, i + 1
            continue
        return _leaf(node, segments[i + 1:], levels)
    return None


def _unnamed(children: dict, segments: list, i: int,
             levels: tuple) -> Target | None:
    """A last segment that is no question: a geopoint part, or the "other" text."""
    name = segments[i][0]
    geo = GEO_PART.fullmatch(name)
    if geo:
        owner = children.get(geo["name"])
        if owner is not None and owner.get("type") == "geopoint":
            return Target(owner, "geo", levels, geo["part"])
    owner = children.get(name.removesuffix("_other"))
    if name.endswith("_other") and owner is not None and or_other(owner):
        return Target({"type": "text", "name": name}, "value", levels)
    return None


def _loop_step(current: dict, definition: dict, segments: list, i: int, levels: tuple,
               resolve_rest: bool) -> Target | None:
    """A loop over a choice list names the choice between the loop and its questions:
    `boucle/bus/question`; its items are keyed by the choice instead of a number."""
    if current is definition or segments[i + 1][0] not in _children(current):
        return None
    if levels and levels[-1][0] == current["name"]:
        levels = levels[:-1]
    rest = "/".join(f"{n}[{x}]" if x else n for n, x in segments[i + 1:])
    inner = resolve(rest, {"children": current.get("children", [])})
    if inner is None:
        return None
    return Target(inner.node, inner.kind, (*levels, (current["name"], segments[i][0]),
                                          *inner.levels), inner.detail)


def _by_name(column: str, definition: dict) -> Target | None:
    """Exports made without group names in the headers: `question` or `question/choix`."""
    segments = _segments(column)
    if len(segments) > 2 or any(index for _, index in segments):
        return None
    found = [node for node in _flat_nodes(definition) if node.get("name") == segments[0][0]]
    if len(found) != 1:
        return None
    return _leaf(found[0], segments[1:], ())


def _flat_nodes(definition: dict) -> list[dict]:
    """Questions outside repeats (a repeat's questions need their path)."""
    out = []

    def visit(nodes):
        for node in nodes:
            if node.get("type") == "group":
                visit(node.get("children", []))
            elif node.get("type") != "repeat":
                out.append(node)

    visit(definition.get("children", []))
    return out


def _unanswered_names(definition: dict) -> set[str]:
    """Names of notes, calculations, metadata (start, end…) and groups: not answers."""
    names = set()

    def visit(nodes):
        for node in nodes:
            if node.get("type") not in ANSWERED:
                names.add(node.get("name"))
            visit(node.get("children", []))

    visit(definition.get("children", []))
    return names


def _ignored(column: str, names: set[str]) -> bool:
    """Kobo's own columns, metadata and calculations: not answers, not errors either."""
    last = column.split("/")[-1]
    return (last.startswith("_") or column.startswith(("meta/", "formhub/"))
            or column in UUID_COLUMNS or column in TIME_COLUMNS or bool(UNNAMED.fullmatch(column))
            or last in names)


def _collected_at(cells: dict[str, str]) -> datetime | None:
    for column in TIME_COLUMNS:
        text = cells.get(column, "")
        if text and text != "n/a":
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def _uuid(cells: dict[str, str]) -> str:
    for column in UUID_COLUMNS:
        text = cells.get(column, "").strip()
        if text and text != "n/a":
            return text.removeprefix("uuid:")
    return ""


# ---- Rows -------------------------------------------------------------------------------


def _place(answers: dict, levels: tuple, name: str, value) -> None:
    """Put a value at its place: {repeat: {index: {name: value}}} until `_finish`."""
    target = answers
    for container, key in levels:
        target = target.setdefault(container, {}).setdefault(key, {})
    target[name] = value


def _finish(answers: dict) -> dict:
    """Repeats as lists in index order (empty items dropped); loops keep their choice."""
    out = {}
    for name, value in answers.items():
        if isinstance(value, dict):
            items = []
            for key in sorted(value, key=lambda k: (isinstance(k, str), k)):
                item = _finish(value[key])
                if item:
                    items.append({"_choix": key, **item} if isinstance(key, str) else item)
            if items:
                out[name] = items
        else:
            out[name] = value
    return out


def _row(definition: dict, targets: dict[str, Target], cells: dict[str, str], line: int,
         problems: list[Problem]) -> dict:
    answers: dict = {}
    chosen: dict[tuple, list[str]] = {}  # one-column-per-choice questions
    geo: dict[tuple, dict[str, str]] = {}
    for column, target in targets.items():
        text = cells.get(column, "").strip()
        name, key = target.node["name"], (target.levels, target.node["name"])
        if target.kind == "choice":
            flag = flag_parse(text) if text != target.detail else True
            if flag is None:
                problems.append(Problem(line, column, f"« {text} » : attendu 0 ou 1, "
                                                      "True ou False"))
            chosen.setdefault(key, [])
            if flag:
                chosen[key].append(target.detail)
        elif target.kind == "geo":
            if text not in NOT_ASKED:
                geo.setdefault(key, {})[target.detail] = text
        elif text not in NOT_ASKED:
            try:
                value = value_parse(definition, target.node, text)
            except ValueError as error:
                problems.append(Problem(line, column, f"« {text} » {error}."))
                continue
            if value is not None:
                _place(answers, target.levels, name, value)
    for (levels, name), names in chosen.items():
        if names and not _has(answers, levels, name):
            _place(answers, levels, name, names)
    for (levels, name), parts in geo.items():
        if not _has(answers, levels, name) and "latitude" in parts and "longitude" in parts:
            text = " ".join(parts[p] for p in GEO_PARTS if p in parts)
            try:
                _place(answers, levels, name, geopoint_parse(text))
            except ValueError as error:
                problems.append(Problem(line, f"_{name}_latitude", f"« {text} » {error}."))
    return _finish(answers)


def _has(answers: dict, levels: tuple, name: str) -> bool:
    target = answers
    for container, key in levels:
        target = target.get(container, {}).get(key, {})
    return name in target


def _table(path: Path, max_bytes: int | None) -> tuple[list[str], list[int], list[list[str]]]:
    """Columns, line numbers and cells of the file, all as text, header on the first row."""
    try:
        head = preview(path, n=1, max_bytes=max_bytes)
        if not head.rows:
            raise KoboError(f"Le fichier {path.name} est vide.")
        names = [cell.strip().lstrip("\ufeff") for cell in head.rows[0]]
        table = read_table(path, header_row=1, text_columns=tuple(n for n in names if n),
                           max_bytes=max_bytes)
    except TableReadError as error:
        raise KoboError(str(error)) from None
    frame = table.frame.astype(object).where(table.frame.notna(), "")
    rows = [[str(cell) for cell in row] for row in frame.itertuples(index=False)]
    return table.columns, [int(n) for n in table.lines], rows


def kobo_read(path: str | Path, definition: dict, *, max_bytes: int | None = None) -> KoboReport:
    """Every row's answers and every mismatch between the file and the questionnaire."""
    columns, lines, rows = _table(Path(path), max_bytes)
    report = KoboReport()
    names = _unanswered_names(definition)
    targets: dict[str, Target] = {}
    for column in columns:
        target = resolve(column, definition) or _by_name(column, definition)
        if target is not None:
            targets[column] = target
            report.matched.append(column)
        elif _ignored(column, names):
            report.ignored.append(column)
        else:
            report.problems.append(Problem(None, column, "colonne inconnue du questionnaire "
                                                         "(aucune question de ce nom)."))
    _check_choice_columns(definition, targets, report)
    seen: dict[str, int] = {}
    for line, cells_list in zip(lines, rows, strict=True):
        cells = dict(zip(columns, cells_list, strict=True))
        answers = _row(definition, targets, cells, line, report.problems)
        uuid = _uuid(cells)
        if not uuid:
            report.problems.append(Problem(line, "_uuid", "identifiant de la réponse manquant."))
        elif uuid in seen:
            report.problems.append(Problem(line, "_uuid", f"même identifiant qu'à la ligne "
                                                          f"{seen[uuid]}."))
        seen.setdefault(uuid, line)
        try:
            collected_at = _collected_at(cells)
        except ValueError:
            report.problems.append(Problem(line, "_submission_time", "date illisible."))
            collected_at = None
        report.rows.append(KoboRow(line=line, uuid=uuid, collected_at=collected_at,
                                   answers=answers))
    return report


def _check_choice_columns(definition: dict, targets: dict[str, Target],
                          report: KoboReport) -> None:
    for column, target in list(targets.items()):
        if target.kind != "choice":
            continue
        names = choice_names(definition, target.node)
        if names is not None and target.detail not in names:
            report.problems.append(Problem(None, column, f"« {target.detail} » n'est pas un "
                                                         f"choix de la liste "
                                                         f"« {target.node.get('choice_list')} »."))
            del targets[column]
