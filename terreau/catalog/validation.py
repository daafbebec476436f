"""Check a normalised table against the zones before anything is written. Pure functions.

`validate` finds rows without a code, duplicate rows, cells that are not numbers and codes
that are not zones of the level — with a hint when a code is an old commune merged since
(`ZoneAlias`), an arrondissement municipal, or a commune nouvelle that the contours predate.
It returns a `ValidationReport` (French messages naming line, column and code) and a
`Placement` that says which zone each row's values go to.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from terreau.territory.geometry import CODE_WIDTH

from .normalize import NormalizedTable

KEPT_PER_KIND = 50  # issues kept per kind; `counts` keeps the totals
DISTRICT = "ARM"
OLD_COMMUNE_KINDS = ("COMD", "COMA", "merged")

UNKNOWN_HELP = ("Corrigez ces codes dans le fichier, ou acceptez explicitement de laisser ces "
                "lignes de côté (option --accept-unknown-codes, ou la case à cocher du "
                "formulaire).")


@dataclass(frozen=True)
class Alias:
    """A code of another vintage and the zone code it belongs to now (see ZoneAlias)."""

    code: str
    target: str
    kind: str
    vintage: int
    name: str = ""


@dataclass
class ZoneIndex:
    """The zones of one level: codes, ids, names, and the vintage of their geography."""

    codes: np.ndarray
    ids: np.ndarray
    names: dict[str, str] = field(default_factory=dict)
    vintage: int | None = None


@dataclass
class Issue:
    """One problem found in the file, told in French with where it is."""

    kind: str
    message: str
    line: int | None = None
    column: str | None = None
    code: str | None = None
    blocking: bool = True


@dataclass
class ValidationReport:
    """What the file holds and what is wrong with it; `blocking` says whether to refuse it."""

    source: str = ""
    level: str = ""
    rows: int = 0
    placed_rows: int = 0
    zones: int = 0
    file: dict = field(default_factory=dict)
    variables: list[dict] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return any(issue.blocking for issue in self.errors)

    def add(self, issue: Issue) -> None:
        """Record an issue; beyond KEPT_PER_KIND of a kind only the count grows."""
        self.counts[issue.kind] = self.counts.get(issue.kind, 0) + 1
        if self.counts[issue.kind] <= KEPT_PER_KIND:
            (self.errors if issue.blocking else self.warnings).append(issue)

    def as_dict(self) -> dict:
        return {**asdict(self), "blocking": self.blocking}

    @classmethod
    def from_dict(cls, data: dict) -> "ValidationReport":
        """Rebuild a report stored with a dataset version (`as_dict`)."""
        fields = {k: v for k, v in data.items() if k not in ("blocking", "errors", "warnings")}
        return cls(**fields, errors=[Issue(**i) for i in data.get("errors", [])],
                   warnings=[Issue(**i) for i in data.get("warnings", [])])

    def lines(self) -> list[str]:
        """Return the report as short French sentences, errors first."""
        out = []
        if self.rows:
            out.append(f"{self.rows} lignes lues dans {self.source}, {self.placed_rows} "
                       f"rattachées à {self.zones} zones ; {len(self.variables)} variables.")
        for variable in self.variables:
            out.append(f"  {variable['column']} → {variable['slug']} : {variable['kind_label']}"
                       f" ({variable['why']}) ; {variable['values']} valeurs, "
                       f"{variable['missing']} sans valeur.")
        for title, issues in (("Erreurs", self.errors), ("Avertissements", self.warnings)):
            if issues:
                out.append(f"{title} :")
                out.extend(f"  - {issue.message}" for issue in issues)
        for kind, total in self.counts.items():
            if total > KEPT_PER_KIND:
                out.append(f"  … et {total - KEPT_PER_KIND} autres du même type ({kind}).")
        out.extend(self.notes)
        return out


@dataclass
class Placement:
    """Where each row's values go: `slots[i]` indexes `zone_ids`, -1 leaves the row out.

    `merged[i]` marks a row of an old code or an arrondissement whose values are added into
    its zone (counts and amounts) or cannot be (other kinds: the zone is left without value).
    """

    zone_ids: np.ndarray
    slots: np.ndarray
    merged: np.ndarray


def check_columns(columns: Sequence[str], used: Sequence[str]) -> list[Issue]:
    """Refuse a used column name that appears twice in the header."""
    positions = defaultdict(list)
    for i, name in enumerate(columns):
        positions[name].append(i + 1)
    return [
        Issue("duplicate_column", f"La colonne « {name} » apparaît {len(positions[name])} fois "
              f"dans l'en-tête (colonnes {join_words(positions[name])}) : "
              f"renommez-les pour savoir laquelle importer.", column=name)
        for name in dict.fromkeys(used) if len(positions[name]) > 1
    ]


def join_words(items) -> str:
    """Return "1, 2 et 3" for [1, 2, 3]."""
    words = [str(item) for item in items]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} et {words[-1]}"


def validate(table: NormalizedTable, zones: ZoneIndex, aliases: Sequence[Alias], *,
             level: str, accept_unknown: bool = False,
             report: ValidationReport | None = None) -> tuple[ValidationReport, Placement]:
    """Check `table` against the zones of `level`; return the report and the placement."""
    report = report or ValidationReport(level=level)
    report.rows = len(table.codes)
    check_codes_present(table, report)
    check_duplicates(table, report)
    check_numbers(table, report)
    order = np.argsort(zones.codes, kind="stable")
    found = pd.Index(zones.codes[order]).get_indexer(table.codes)
    row_ids = np.where(found >= 0, zones.ids[order][np.maximum(found, 0)], -1)
    merged = np.zeros(len(table.codes), dtype=bool)
    known = set(zones.codes.tolist())
    unknown_rows = np.flatnonzero((row_ids < 0) & (table.codes != ""))
    if len(unknown_rows):
        by_code = {z: i for z, i in zip(zones.codes.tolist(), zones.ids.tolist(), strict=True)}
        resolve_aliases(table, unknown_rows, row_ids, merged, aliases, known, by_code, zones,
                        report)
        still = unknown_rows[(row_ids[unknown_rows] < 0) & ~merged[unknown_rows]]
        report_unknown(table, still, aliases, known, level, accept_unknown, report)
    report_newer_vintage(table.codes, aliases, known, zones, report)
    report_absent_zones(table.codes, known, zones, report)
    zone_ids = np.unique(row_ids[row_ids >= 0])
    slots = np.where(row_ids >= 0, np.searchsorted(zone_ids, row_ids), -1)
    report.placed_rows, report.zones = int(np.count_nonzero(slots >= 0)), len(zone_ids)
    if table.restored:
        before, after = table.restored_example
        report.notes.append(f"{table.restored} codes avaient perdu leur zéro initial et ont été "
                            f"complétés (par exemple {before} → {after}).")
    if table.footnotes:
        report.notes.append(f"Lignes de notes ignorées : {', '.join(map(str, table.footnotes))}.")
    return report, Placement(zone_ids=zone_ids, slots=slots, merged=merged)


def check_codes_present(table: NormalizedTable, report: ValidationReport) -> None:
    for line in table.lines[table.codes == ""][:KEPT_PER_KIND + 1]:
        report.add(Issue("no_code", f"Ligne {line} : la cellule du code est vide. Chaque ligne "
                         f"doit avoir le code de sa zone.", line=int(line)))


def check_duplicates(table: NormalizedTable, report: ValidationReport) -> None:
    keys = pd.Series(table.codes)
    if table.periods is not None:
        keys = keys + "\x00" + pd.Series(table.periods)
    repeated = keys.duplicated(keep=False).to_numpy() & (table.codes != "")
    if not repeated.any():
        return
    groups = defaultdict(list)
    for i in np.flatnonzero(repeated):
        groups[keys.iloc[i]].append(i)
    for rows in groups.values():
        code = table.codes[rows[0]]
        lines = join_words(table.lines[i] for i in rows)
        period = f" pour la période {table.periods[rows[0]]}" if table.periods is not None else ""
        report.add(Issue("duplicate_row", f"Le code {code} apparaît {len(rows)} fois{period} "
                         f"(lignes {lines}) : gardez une seule ligne par zone.",
                         line=int(table.lines[rows[1]]), code=code))


def check_numbers(table: NormalizedTable, report: ValidationReport) -> None:
    for name, column in table.columns.items():
        for i, text in zip(column.bad, column.bad_text, strict=False):
            report.add(Issue("not_a_number", f"Ligne {table.lines[i]}, colonne « {name} » "
                             f"(code {table.codes[i] or '?'}) : « {text} » n'est pas un nombre "
                             f"ni une marque de valeur absente (s, nd, nc, -, vide).",
                             line=int(table.lines[i]), column=name, code=table.codes[i]))
        if len(column.bad) > len(column.bad_text):  # counted, not all kept
            report.counts["not_a_number"] += len(column.bad) - len(column.bad_text)


def resolve_aliases(table, rows, row_ids, merged, aliases, known, by_code, zones,
                    report) -> None:
    """Send old codes and arrondissements to their zone; say where each went."""
    targets = defaultdict(list)
    for alias in sorted(aliases, key=lambda a: -a.vintage):  # newest vintage first
        if alias.target in known and alias.code != alias.target:
            targets.setdefault(alias.code, []).append(alias)
    present = set(table.codes.tolist())
    received = defaultdict(list)
    for i in rows:
        code = table.codes[i]
        if code not in targets:
            continue
        alias = targets[code][0]
        if alias.kind == DISTRICT and alias.target in present:
            merged[i] = True  # the commune's own row already counts its arrondissements
            report.notes.append(f"Ligne {table.lines[i]} : {code} ({alias.name}) est un "
                                f"arrondissement de {alias.target}, dont le fichier donne déjà "
                                f"la ligne : ignoré pour ne pas compter deux fois.")
            continue
        row_ids[i], merged[i] = by_code[alias.target], True
        received[alias.target].append(alias)
    for target, members in received.items():
        names = ", ".join(f"{a.code} {a.name}".strip() for a in members)
        what = ("d'arrondissements municipaux de" if members[0].kind == DISTRICT
                else f"de communes fusionnées (COG {members[0].vintage}) dans")
        report.add(Issue(
            "merged_code", f"Les codes {names} sont ceux {what} {target} "
            f"{zones.names.get(target, '')} : leurs valeurs iront à {target}. Les effectifs et "
            f"montants sont additionnés ; les taux, parts, médianes et indices ne peuvent pas "
            f"l'être : {target} reste sans valeur pour ces variables.",
            code=target, blocking=False))


def report_unknown(table, rows, aliases, known, level, accept, report) -> None:
    members = defaultdict(list)
    for alias in aliases:
        if alias.code in known and alias.kind in OLD_COMMUNE_KINDS:
            members[alias.target].append(alias.code)
    first_line = {}
    for i in rows:
        first_line.setdefault(table.codes[i], int(table.lines[i]))
    for code, line in first_line.items():
        hint = code_hint(code, level, members.get(code))
        left_out = " Ligne laissée de côté." if accept else ""
        report.add(Issue("unknown_code", f"Ligne {line} : le code {code} n'est pas une zone "
                         f"« {level} » connue.{hint}{left_out}", line=line, code=code,
                         blocking=not accept))
    if first_line and not accept:
        report.notes.append(UNKNOWN_HELP)


def code_hint(code: str, level: str, members: list[str] | None) -> str:
    """Return a French hint on why a code is unknown, or ""."""
    if members:
        return (f" C'est une commune nouvelle, plus récente que vos contours : elle regroupe "
                f"{', '.join(sorted(members))}. Dérivez ses contours de ceux de ces communes "
                f"(terreau derive-zones) puis relancez l'import.")
    width = CODE_WIDTH.get(level)
    if width and len(code) != width:
        other = [lvl for lvl, w in CODE_WIDTH.items() if w == len(code) and lvl != level]
        like = f" (la longueur d'un code « {other[0]} » : le niveau est-il le bon ?)" if other \
            else ""
        return f" Un code « {level} » a {width} caractères, celui-ci {len(code)}{like}."
    return ""


def report_newer_vintage(codes, aliases, known, zones, report) -> None:
    """Warn when the file's codes follow a newer geography than the contours.

    A commune nouvelle usually keeps the code of one of its old communes: its values then
    land on that old commune's smaller contour, while the other old communes get none.
    """
    present = set(codes.tolist())
    groups = defaultdict(list)
    for alias in aliases:
        if (alias.kind in OLD_COMMUNE_KINDS and alias.target in present and alias.code in known
                and alias.code != alias.target and alias.code not in present
                and (zones.vintage is None or alias.vintage > zones.vintage)):
            groups[(alias.target, alias.vintage)].append(alias)
    for (target, vintage), members in sorted(groups.items()):
        names = ", ".join(f"{a.code} {a.name}".strip() for a in members)
        report.add(Issue(
            "newer_vintage", f"Le code {target} désigne dans le COG {vintage} une commune qui "
            f"a absorbé {names}. Vos contours (COG {zones.vintage or '?'}) les séparent "
            f"encore : la valeur de {target} serait dessinée sur une partie seulement de la "
            f"commune. Dérivez les zones du COG {vintage} (terreau derive-zones).",
            code=target, blocking=False))


def report_absent_zones(codes, known, zones, report) -> None:
    """Name the zones a file that covers nearly all of them leaves out (merged since?)."""
    present = known & set(codes.tolist())
    absent = sorted(known - present)
    if not absent or len(present) * 10 < len(known) * 9:
        return
    shown = ", ".join(f"{c} {zones.names.get(c, '')}".strip() for c in absent[:20])
    more = f" et {len(absent) - 20} autres" if len(absent) > 20 else ""
    report.add(Issue("absent_zones", f"{len(absent)} zones connues n'ont pas de ligne dans le "
                     f"fichier : {shown}{more}. Si ce sont des communes fusionnées depuis vos "
                     f"contours, elles resteront sans valeur.", blocking=False))
