"""The answers an analysis reads, from the database: filters, then the table (table.py).

Every page and command that analyses answers goes through `answers_table`, so that the
filters (campaign, period, zone, collector, profile) mean the same everywhere.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from terreau.surveys.models import Questionnaire, Submission

from .models import AnalysisRun, CodeAssignment, OpenCode
from .table import SurveyTable, survey_table


@dataclass(frozen=True)
class AnswerFilters:
    """Which answers: all complete answers of the questionnaire, narrowed by these."""

    campaign_id: int | None = None
    start: datetime.date | None = None  # collected on or after
    end: datetime.date | None = None  # collected on or before
    zones: tuple[str, ...] = ()  # zone codes
    collector_id: int | None = None
    profile_run_id: int | None = None  # with profile_number: people of one profile of a run
    profile_number: int | None = None
    ids: tuple[int, ...] | None = None  # exactly these answers (rerunning a saved run)

    def as_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if v not in (None, ())}
        for key in ("start", "end"):
            if key in data:
                data[key] = data[key].isoformat()
        data.pop("ids", None)
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> "AnswerFilters":
        data = dict(data or {})
        for key in ("start", "end"):
            if data.get(key):
                data[key] = datetime.date.fromisoformat(data[key])
        if "zones" in data:
            data["zones"] = tuple(data["zones"])
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def filtered_submissions(questionnaire: Questionnaire, filters: AnswerFilters):
    submissions = Submission.objects.filter(questionnaire=questionnaire, complete=True)
    if filters.ids is not None:
        submissions = submissions.filter(pk__in=filters.ids)
    if filters.campaign_id:
        submissions = submissions.filter(campaign_id=filters.campaign_id)
    if filters.start:
        submissions = submissions.filter(collected_at__date__gte=filters.start)
    if filters.end:
        submissions = submissions.filter(collected_at__date__lte=filters.end)
    if filters.zones:
        submissions = submissions.filter(zone__code__in=filters.zones)
    if filters.collector_id:
        submissions = submissions.filter(collector_id=filters.collector_id)
    if filters.profile_run_id and filters.profile_number:
        submissions = submissions.filter(pk__in=profile_members(filters.profile_run_id,
                                                                filters.profile_number))
    return submissions.order_by("pk")


def profile_members(run_id: int, number: int) -> list[int]:
    """The submission ids of one profile of a finished run."""
    run = AnalysisRun.objects.filter(pk=run_id).first()
    if run is None:
        return []
    partition = run.results.get("partition", [])
    return [sid for sid, p in zip(run.submission_ids, partition, strict=False) if p == number]


@dataclass
class LoadedAnswers:
    table: SurveyTable
    version_id: int | None
    digest: str  # sha256 of the ids and their answers: tells whether a rerun reads the same
    ids: list[int] = field(default_factory=list)


def open_codes(questionnaire: Questionnaire) -> dict[str, list[tuple[int, str]]]:
    codes: dict[str, list[tuple[int, str]]] = {}
    for code in OpenCode.objects.filter(questionnaire=questionnaire).order_by("label", "pk"):
        codes.setdefault(code.question, []).append((code.pk, code.label))
    return codes


def answers_table(questionnaire: Questionnaire, filters: AnswerFilters | None = None,
                  *, language: str = "fr") -> LoadedAnswers:
    """The filtered answers as a table, read against the questionnaire's latest version."""
    filters = filters or AnswerFilters()
    version = questionnaire.latest_version()
    submissions = filtered_submissions(questionnaire, filters).select_related("zone")
    rows = list(submissions.values("pk", "answers", "zone__code", "zone__name"))
    assigned: dict[int, set[int]] = {}
    for sid, code_id in CodeAssignment.objects.filter(
            submission__in=[r["pk"] for r in rows]).values_list("submission_id", "code_id"):
        assigned.setdefault(sid, set()).add(code_id)
    table_rows = [{"id": r["pk"], "answers": r["answers"], "zone": r["zone__code"],
                   "zone_label": r["zone__name"], "codes": assigned.get(r["pk"], set())}
                  for r in rows]
    definition = version.definition if version else {}
    table = survey_table(definition, table_rows, language=language,
                         codes=open_codes(questionnaire))
    digest = hashlib.sha256()
    for row in table_rows:
        digest.update(f"{row['id']}:{sorted(row['answers'].items())!r};".encode())
        digest.update(repr(sorted(row["codes"])).encode())
    return LoadedAnswers(table, version.pk if version else None, digest.hexdigest(),
                         [row["id"] for row in table_rows])
