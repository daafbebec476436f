"""The realisation of a target, counted from what the application knows, or typed.

Each metric counts over the target's period (its project year by its group's calendar, or
the whole project) and its group (every group for an instance's target). `Metric` (choices)
says in plain words what each one counts.
"""

from datetime import date

from django.db.models import QuerySet

from terreau.accounts.models import TerritorialGroup
from terreau.actions.choices import LedBy
from terreau.actions.models import Action
from terreau.catalog.choices import Sensitivity
from terreau.catalog.models import Dataset
from terreau.scenarios.models import Hypothesis, Scenario
from terreau.surveys.models import Submission

from .choices import Metric, SessionType
from .models import Interview, Target, WorkSession
from .queries import project_calendar, project_years
from .tally import tally
from .years import ProjectYears


def target_period(target: Target, years: ProjectYears | None = None) -> tuple[date, date]:
    """First and last day counted for the target (`years`: its group's, when the caller
    already has them — a report reads many targets of one group)."""
    years = years or project_years(target.group)
    return years.whole() if target.year is None else years.bounds(target.year)


def _of_group(queryset: QuerySet, group: TerritorialGroup | None, field: str) -> QuerySet:
    return queryset if group is None else queryset.filter(**{field: group})


def _session_type(target: Target) -> str:
    """The only session type the target counts ("" for every type)."""
    return SessionType.TRAINING if target.metric == Metric.TRAINED else target.session_type


def _sessions(target: Target, first: date, last: date) -> QuerySet[WorkSession]:
    sessions = _of_group(WorkSession.objects.all(), target.group, "group")
    sessions = sessions.filter(date__gte=first, date__lte=last)
    kind = _session_type(target)
    return sessions.filter(type=kind) if kind else sessions


def tally_key(group: TerritorialGroup | None, first: date, last: date,
              session_type: str = "") -> tuple:
    """What a tally of sessions counts, for `Tallies` shared by the targets of a report."""
    return (None if group is None else group.pk, first, last, session_type)


def _created(queryset: QuerySet, first: date, last: date, field: str = "created_at"):
    return queryset.filter(**{f"{field}__date__gte": first, f"{field}__date__lte": last})


def _datasets(target: Target, first: date, last: date) -> QuerySet[Dataset]:
    datasets = _created(Dataset.objects.all(), first, last)
    if target.holder_id:  # datasets of one producer, whoever imported them
        return datasets.filter(holder_id=target.holder_id)
    return _of_group(datasets, target.group, "owner_group")


def counted(target: Target, years: ProjectYears | None = None,
            tallies: dict | None = None) -> float:
    """The realisation counted from the application's data (not for typed targets).

    `tallies` (tally_key → Tally), shared by the targets of one report, counts the sessions
    of one period once for all the targets that read them."""
    first, last = target_period(target, years)
    group, metric = target.group, target.metric
    if metric in SESSION_METRICS:
        tallies = {} if tallies is None else tallies
        key = tally_key(group, first, last, _session_type(target))
        if key not in tallies:
            tallies[key] = tally(_sessions(target, first, last))
        figures = tallies[key]
        if metric == Metric.PERSON_DAYS:
            return round(figures.person_hours / float(project_calendar().hours_per_day), 2)
        return float(getattr(figures, SESSION_METRICS[metric]))
    if metric == Metric.INTERVIEWS:
        rows = Interview.objects.filter(date__gte=first, date__lte=last)
        return float(_of_group(rows, group, "group").count())
    if metric == Metric.SCENARIOS:
        return float(_of_group(_created(Scenario.objects.all(), first, last), group,
                               "group").count())
    if metric == Metric.HYPOTHESES:
        return float(_of_group(_created(Hypothesis.objects.all(), first, last), group,
                               "scenario__group").count())
    if metric == Metric.DATASETS:
        return float(_datasets(target, first, last).count())
    if metric == Metric.OPEN_DATA_STRUCTURES:
        opened = _datasets(target, first, last).filter(sensitivity=Sensitivity.OPEN,
                                                       holder__isnull=False)
        return float(opened.values("holder").distinct().count())
    if metric == Metric.SURVEY_ANSWERS:
        rows = _created(Submission.objects.all(), first, last, "collected_at")
        return float(_of_group(rows, group, "questionnaire__group").count())
    if metric == Metric.ACTIONS:
        rows = Action.objects.filter(led_by=LedBy.GROUP, starts_on__gte=first,
                                     starts_on__lte=last)
        return float(_of_group(rows, group, "group").count())
    raise ValueError(f"Mesure inconnue : {metric}")


# Metrics read from the sessions' tally, and the Tally field each one is.
SESSION_METRICS = {Metric.SESSIONS: "sessions", Metric.PERSON_HOURS: "person_hours",
                   Metric.PERSON_DAYS: "person_hours", Metric.PARTICIPANTS: "participants",
                   Metric.INHABITANTS: "inhabitants", Metric.TRAINED: "participants"}


def realisation(target: Target, years: ProjectYears | None = None,
                tallies: dict | None = None) -> float | None:
    """What is done: typed (None while nothing is typed) or counted."""
    if target.metric == Metric.TYPED:
        return None if target.done_typed is None else float(target.done_typed)
    return counted(target, years, tallies)
