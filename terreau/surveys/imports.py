"""Import answers collected with KoboToolbox / ODK, all or nothing; export a questionnaire's
answers (one row per answer, one 0/1 column per choice of a multiple choice).

The import reads the whole file first (kobo.py): when a row is refused, nothing is written
and the report says which row and column. Rows whose uuid was already imported into the
questionnaire are skipped and counted, so that importing the same export again (or a later
export holding the earlier answers) adds only the new ones.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget

from .definition import questions
from .kobo import KoboError, KoboReport, Problem, kobo_read
from .kobo_values import GEO_PARTS
from .models import Questionnaire, QuestionnaireVersion, Submission
from .services import SurveyError

CONSENT = {"recueilli": "hors Terreau (KoboToolbox/ODK)"}
MAX_EXPORT_BYTES = 20 * 1024 * 1024  # uploads of answer exports (20 Mo)
PROBLEMS_SHOWN = 200


@dataclass
class ImportReport:
    """What an import found and did; `refused` means nothing was written."""

    questionnaire: Questionnaire
    version: QuestionnaireVersion
    file_name: str
    rows: int = 0
    new: int = 0
    skipped: int = 0
    created: int = 0
    problems: list[Problem] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    def lines(self) -> list[str]:
        """The report as French sentences (command line, page)."""
        out = [f"Fichier {self.file_name} : {self.rows} réponse(s), questionnaire "
               f"« {self.questionnaire.title} » version {self.version.number}.",
               f"Colonnes lues : {len(self.matched)} ; colonnes de Kobo ignorées : "
               f"{len(self.ignored)}" + (f" ({', '.join(self.ignored)})." if self.ignored
                                         else ".")]
        if self.refused:
            out.append(f"REFUSÉ : {len(self.problems)} problème(s), rien n'a été enregistré.")
            out += [f"  - {problem}" for problem in self.problems[:PROBLEMS_SHOWN]]
            if len(self.problems) > PROBLEMS_SHOWN:
                out.append(f"  … et {len(self.problems) - PROBLEMS_SHOWN} autres.")
            return out
        out.append(f"Déjà importées (même _uuid), ignorées : {self.skipped}.")
        if self.dry_run:
            out.append(f"Essai : {self.new} réponse(s) seraient ajoutées, rien n'est écrit.")
        else:
            out.append(f"Réponses ajoutées : {self.created}.")
        return out


def idempotency_key(questionnaire: Questionnaire, uuid: str) -> str:
    # Unique across questionnaires: the same Kobo export may feed two questionnaires.
    return hashlib.sha256(f"import:{questionnaire.pk}:{uuid}".encode()).hexdigest()


def import_report(path: str | Path, questionnaire: Questionnaire, *, file_name: str = "",
                  max_bytes: int | None = MAX_EXPORT_BYTES) -> tuple[ImportReport, KoboReport]:
    """Read the file against the latest version; nothing is written."""
    version = questionnaire.latest_version()
    if version is None:
        raise SurveyError("Ce questionnaire n'a aucune version : rien à quoi comparer le "
                          "fichier.")
    try:
        kobo = kobo_read(path, version.definition, max_bytes=max_bytes)
    except KoboError as error:
        raise SurveyError(str(error)) from None
    report = ImportReport(questionnaire=questionnaire, version=version,
                          file_name=file_name or Path(path).name, rows=len(kobo.rows),
                          problems=list(kobo.problems), matched=kobo.matched,
                          ignored=kobo.ignored)
    uuids = [row.uuid for row in kobo.rows if row.uuid]
    known = set(Submission.objects.filter(questionnaire=questionnaire, external_uuid__in=uuids)
                .values_list("external_uuid", flat=True))
    report.skipped = sum(1 for row in kobo.rows if row.uuid in known)
    report.new = report.rows - report.skipped
    _sort(report.problems)
    return report, kobo


def _sort(problems: list[Problem]) -> None:
    problems.sort(key=lambda p: (p.line or 0, p.column))


def answers_import(path: str | Path, questionnaire: Questionnaire, *, user=None,
                   file_name: str = "", dry_run: bool = False,
                   max_bytes: int | None = MAX_EXPORT_BYTES) -> ImportReport:
    """Check the file, then write its new rows as answers of the latest version, or none."""
    report, kobo = import_report(path, questionnaire, file_name=file_name, max_bytes=max_bytes)
    report.dry_run = dry_run
    if report.refused or dry_run:
        return report
    now = timezone.now()
    known = set(Submission.objects.filter(questionnaire=questionnaire,
                                          external_uuid__in=[r.uuid for r in kobo.rows])
                .values_list("external_uuid", flat=True))
    new = [Submission(questionnaire=questionnaire, version=report.version, answers=row.answers,
                      complete=True, consent=CONSENT, consent_at=row.collected_at or now,
                      idempotency_key=idempotency_key(questionnaire, row.uuid),
                      external_uuid=row.uuid, source=Submission.Source.IMPORT,
                      collected_at=row.collected_at or now, collector=None)
           for row in kobo.rows if row.uuid not in known]
    try:
        with transaction.atomic():
            Submission.objects.bulk_create(new, batch_size=500)
    except IntegrityError:
        raise SurveyError("Une partie de ces réponses vient d'être importée par quelqu'un "
                          "d'autre : relancez l'import (elles seront ignorées).") from None
    report.skipped = report.rows - len(new)
    report.created = len(new)
    return report


# ---- Export ----------------------------------------------------------------------------


def export_columns(questionnaire: Questionnaire) -> list[tuple[str, dict, str]]:
    """(column name, question, choice) for every question of every version, latest first."""
    columns, seen = [], set()
    for version in questionnaire.versions.order_by("-number"):
        definition = version.definition
        lists = definition.get("choice_lists") or {}
        for node in _top_questions(definition):
            if node["name"] in seen:
                continue
            seen.add(node["name"])
            if node["type"] == "geopoint":  # numbers, as Kobo splits them
                columns += [(f"_{node['name']}_{part}", node, part) for part in GEO_PARTS]
            elif node["type"] == "select_multiple" and lists.get(node.get("choice_list")):
                columns += [(f"{node['name']}/{choice['name']}", node, str(choice["name"]))
                            for choice in lists[node["choice_list"]]]
            else:
                columns.append((node["name"], node, ""))
    return columns


def _top_questions(definition: dict) -> list[dict]:
    """Questions outside repeats, and each repeat once (its items written as JSON)."""
    inside = set()

    def mark(nodes):
        for node in nodes:
            if node.get("type") == "repeat":
                inside.update(id(q) for q in _descendants(node))
                continue
            mark(node.get("children", []))

    mark(definition.get("children", []))
    top = [node for node in questions(definition) if id(node) not in inside]
    repeats = [node for node in _descendants({"children": definition.get("children", [])})
               if node.get("type") == "repeat" and id(node) not in inside]
    return top + repeats


def _descendants(node: dict) -> list[dict]:
    out = []
    for child in node.get("children", []):
        out.append(child)
        out += _descendants(child)
    return out


def _cell(answers: dict, node: dict, choice: str):
    value = answers.get(node["name"])
    if node["type"] == "geopoint":
        return _geo_part(value, choice)
    if choice:
        if value is None:
            return None
        chosen = value if isinstance(value, list) else str(value).split()
        return 1 if choice in [str(v) for v in chosen] else 0
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _geo_part(value, part: str):
    numbers = str(value or "").split()
    index = GEO_PARTS.index(part)
    try:
        return float(numbers[index]) if index < len(numbers) else None
    except ValueError:
        return None


EXPORT_FIXED = ["id", "version", "source", "recueillie_le", "recue_le", "zone", "complete"]
OTHERS = "autres_reponses"  # answers no column holds (loops over a list), as JSON


def export_rows(questionnaire: Questionnaire):
    """The header and the rows of the answers export."""
    columns = export_columns(questionnaire)
    header = EXPORT_FIXED + [name for name, _, _ in columns] + [OTHERS]
    names = {node["name"] for _, node, _ in columns}
    submissions = (Submission.objects.filter(questionnaire=questionnaire)
                   .select_related("version", "zone").order_by("collected_at", "pk"))

    def rows():
        for sub in submissions.iterator(chunk_size=500):
            fixed = [sub.pk, sub.version.number, sub.source, sub.collected_at.isoformat(),
                     sub.submitted_at.isoformat(), sub.zone.code if sub.zone else "",
                     1 if sub.complete else 0]
            others = {k: v for k, v in sub.answers.items() if k not in names}
            yield (fixed + [_cell(sub.answers, node, c) for _, node, c in columns]
                   + [json.dumps(others, ensure_ascii=False) if others else None])

    return header, rows(), submissions.count()


def export_record(questionnaire: Questionnaire, *, rows: int, user=None, actor: str = "",
                  request=None, file: str = "") -> None:
    audit_record(action=AuditAction.EXPORT, target_type=AuditTarget.QUESTIONNAIRE,
                 target_id=questionnaire.slug, target_label=questionnaire.title, user=user,
                 actor=actor, request=request,
                 details={"reponses": rows, "format": "csv", "fichier": file,
                          "groupe": questionnaire.group.slug})
