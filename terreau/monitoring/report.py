"""The yearly report ("bilan") of a group or of the whole project: what funders ask for.

One dictionary, the same for the page, the workbook, the PDF, the API and `terreau bilan`
(JSON-ready: dates as ISO text, numbers as numbers). Figures come from `tally` (the counting
rules); targets from `metrics.realisation`. Names of participants are in it only when
`with_names` is true (the attendance sheets of facilitators and of the command line).
"""

from datetime import date

from django.db.models import Case, DecimalField, Q, When

from terreau.accounts.models import TerritorialGroup
from terreau.actions.choices import FactorKind
from terreau.actions.models import Action, EvaluationRound, Factor
from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget

from .choices import AttendeeKind, SessionType
from .metrics import realisation, tally_key
from .models import Attendance, Interview, Target
from .queries import project_calendar, project_years, sessions_in_year
from .selfeval import summary
from .tally import per_session, tally

HOURS = DecimalField(max_digits=14, decimal_places=2)
TYPE_LABELS = dict(SessionType.choices)
ERASED = "Personne effacée"


class ReportYearError(ValueError):
    """The year asked is not a year of the project (French message)."""


def _number(value) -> float:
    return round(float(value or 0), 2)


def _share(target: float, done: float | None) -> float | None:
    return None if done is None or not target else round(done / target, 4)


def _targets(group: TerritorialGroup | None, year: int, tallies: dict) -> list[dict]:
    """The year's targets, then the whole project's (group None: the instance's own).
    `tallies`: the sessions already counted (metrics.tally_key → Tally)."""
    rows = Target.objects.filter(Q(year=year) | Q(year__isnull=True))
    rows = rows.filter(group=group) if group is not None else rows.filter(group__isnull=True)
    out, years = [], project_years(group)
    for target in rows.select_related("group", "holder"):  # Meta: the years, then the project
        value, done = float(target.value), realisation(target, years, tallies)
        out.append({"label": target.label, "unit": target.unit, "target": value,
                    "done": done, "share": _share(value, done),
                    "period": "année" if target.year else "projet entier",
                    "metric": target.metric, "metric_label": target.get_metric_display(),
                    "note": target.done_note})
    return out


def _attendance(sessions) -> list[dict]:
    """Named presences, for attendance sheets: erased people keep their row, not their name.
    Read as values: an attendance list may hold tens of thousands of rows."""
    rows = (Attendance.objects.filter(session__in=sessions.values("pk"))
            .exclude(kind=AttendeeKind.INHABITANT)
            .order_by("session__date", "session__title", "session_id",
                      Case(When(kind=AttendeeKind.MEMBER, then=0), default=1), "pk")
            .values_list("session_id", "session__title", "session__date", "session__group__name",
                         "person__name", "person__erased_at", "kind", "structure", "mission",
                         "hours"))
    kinds = dict(AttendeeKind.choices)
    return [{"session_id": session_id, "session": title, "date": day.isoformat(),
             "group": group_name, "name": (name if not erased_at else "") or ERASED,
             "kind": kind, "kind_label": kinds[kind], "structure": structure,
             "mission": mission, "hours": _number(hours)}
            for (session_id, title, day, group_name, name, erased_at, kind, structure, mission,
                 hours) in rows]


def _sessions(sessions, attendance: list[dict] | None) -> list[dict]:
    counts = per_session(sessions)
    names: dict[int, list[str]] = {}
    for row in attendance or ():
        names.setdefault(row["session_id"], []).append(row["name"])
    out = []
    for session in sessions.select_related("group").order_by("date", "start_time", "title",
                                                              "pk"):
        count = counts.get(session.pk, {})
        entry = {"id": session.pk, "date": session.date.isoformat(), "title": session.title,
                 "group": session.group.name, "type": session.type,
                 "type_label": TYPE_LABELS.get(session.type, session.type),
                 "duration_hours": _number(session.duration_hours),
                 "members": count.get(AttendeeKind.MEMBER, 0),
                 "guests": count.get(AttendeeKind.GUEST, 0),
                 "inhabitants": count.get(AttendeeKind.INHABITANT, 0),
                 "person_hours": count.get("person_hours", 0.0),
                 "attendance_recorded": session.attendance_recorded}
        if attendance is not None:
            entry["names"] = names.get(session.pk, [])
        out.append(entry)
    return out


def _rounds_in(actions_filter: Q, first: date, last: date):
    return EvaluationRound.objects.filter(actions_filter, held_on__gte=first,
                                          held_on__lte=last)


def _actions(group: TerritorialGroup | None, first: date, last: date) -> list[dict]:
    """Actions running during the year (or evaluated in it), with their concluded rounds."""
    of_group = Q() if group is None else Q(action__group=group)
    evaluated = _rounds_in(of_group, first, last).values("action_id")
    running = Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    actions = Action.objects.filter(running | Q(pk__in=evaluated))
    if group is not None:
        actions = actions.filter(group=group)
    rounds = (_rounds_in(of_group, first, last).filter(concluded_at__isnull=False)
              .prefetch_related("verdicts__hypothesis", "indicators__indicator")
              .order_by("number"))
    by_action: dict[int, list[dict]] = {}
    for round_ in rounds:
        by_action.setdefault(round_.action_id, []).append({
            "number": round_.number, "held_on": round_.held_on.isoformat(),
            "what_happened": round_.what_happened, "decision": round_.decision,
            "decision_label": round_.get_decision_display(),
            "decision_note": round_.decision_note,
            "verdicts": [{"hypothesis": verdict.hypothesis.statement,
                          "status": verdict.new_status,
                          "status_label": verdict.get_new_status_display(),
                          "reason": verdict.reason} for verdict in round_.verdicts.all()],
            "indicators": [{"indicator": watched.indicator.label,
                            "before": watched.before_value, "before_period": watched.before_period,
                            "after": watched.after_value, "after_period": watched.after_period,
                            "note": watched.note} for watched in round_.indicators.all()]})
    return [{"slug": action.slug, "title": action.title, "group": action.group.name,
             "status": action.status, "status_label": action.get_status_display(),
             "led_by": action.led_by, "led_by_label": action.get_led_by_display(),
             "starts_on": action.starts_on.isoformat() if action.starts_on else None,
             "ends_on": action.ends_on.isoformat() if action.ends_on else None,
             "inhabitants_count": action.inhabitants_count,
             "rounds": by_action.get(action.pk, [])}
            for action in actions.select_related("group").distinct().order_by("starts_on",
                                                                               "title")]


def _factors(group: TerritorialGroup | None, first: date, last: date) -> dict[str, list]:
    rows = Factor.objects.filter(round__held_on__gte=first, round__held_on__lte=last)
    if group is not None:
        rows = rows.filter(round__action__group=group)
    out: dict[str, list] = {FactorKind.LEVER: [], FactorKind.OBSTACLE: []}
    for factor in rows.select_related("round__action").order_by("theme", "round__held_on",
                                                               "pk"):
        out[factor.kind].append({"theme": factor.theme, "theme_label": factor.get_theme_display(),
                                 "text": factor.text, "action": factor.round.action.title,
                                 "round": factor.round.number,
                                 "held_on": factor.round.held_on.isoformat()})
    return {"levers": out[FactorKind.LEVER], "obstacles": out[FactorKind.OBSTACLE]}


def _group_year(group: TerritorialGroup, day: date) -> int | None:
    """The group's own year containing `day` (groups that started later count from 1)."""
    return project_years(group).index_of(day)


def _improvements(group: TerritorialGroup | None, first: date, last: date,
                  groups: list[TerritorialGroup]) -> list[dict]:
    of_group = Q() if group is None else Q(action__group=group)
    out = [{"source": f"Action « {round_.action.title} », évaluation {round_.number}",
            "text": round_.improvements}
           for round_ in _rounds_in(of_group, first, last).exclude(improvements="")
           .select_related("action").order_by("held_on", "pk")]
    for each in groups:
        year = _group_year(each, first)
        found = summary(each, year) if year is not None else None
        if found is not None:
            source = "Auto-évaluation" + ("" if group is not None else f" — {each.name}")
            out += [{"source": source, "text": text} for text in found["improvements"]]
    return out


def _per_group(year_sessions, first: date, last: date) -> list[dict]:
    """The year's figures of each group (the project's bounds, so that they add up)."""
    out = []
    for group in TerritorialGroup.objects.order_by("name"):
        figures = tally(year_sessions.filter(group=group))
        out.append({"slug": group.slug, "name": group.name, "sessions": figures.sessions,
                    "person_hours": figures.person_hours,
                    "participants": figures.participants, "inhabitants": figures.inhabitants,
                    "interviews": Interview.objects.filter(group=group, date__gte=first,
                                                           date__lte=last).count(),
                    "actions": len(_actions(group, first, last))})
    return out


def report_build(group: TerritorialGroup | None, year: int, *,
                 with_names: bool = False) -> dict:
    """The report of `group` (None: the whole project) for project year `year` (1…count)."""
    years = project_years(group)
    if not 1 <= year <= years.count:
        raise ReportYearError(f"L'année {year} n'est pas une année du projet (de 1 à "
                              f"{years.count}).")
    first, last = years.bounds(year)
    calendar = project_calendar()
    sessions = sessions_in_year(group, year, years)
    figures = tally(sessions)
    interviews = Interview.objects.filter(date__gte=first, date__lte=last)
    if group is not None:
        interviews = interviews.filter(group=group)
    attendance = _attendance(sessions) if with_names else None
    groups = [group] if group is not None else list(TerritorialGroup.objects.order_by("name"))
    report = {
        "project": calendar.name,
        "group": None if group is None else {"slug": group.slug, "name": group.name},
        "year": year, "year_label": years.label(year), "years": years.count,
        "first_day": first.isoformat(), "last_day": last.isoformat(),
        "sessions": figures.sessions, "person_hours": figures.person_hours,
        "person_days": round(figures.person_hours / float(calendar.hours_per_day), 2),
        "hours_per_day": float(calendar.hours_per_day),
        "participants": figures.participants, "inhabitants": figures.inhabitants,
        "presences": figures.presences,
        "by_type": figures.by_type,
        "by_kind": figures.by_kind,
        "targets": _targets(group, year, {tally_key(group, first, last): figures}),
        "interviews": interviews.count(),
        "session_list": _sessions(sessions, attendance),
        "actions": _actions(group, first, last),
        **_factors(group, first, last),
        "improvements": _improvements(group, first, last, groups),
        "self_evaluation": None if group is None else summary(group, year),
        "with_names": with_names,
    }
    if group is None:
        report["groups"] = _per_group(sessions, first, last)
    if attendance is not None:
        report["attendance"] = [{key: value for key, value in row.items()
                                 if key != "session_id"} for row in attendance]
    return report


DATE_KEYS = {"date", "first_day", "last_day", "starts_on", "ends_on", "held_on"}


def _with_dates(value):
    if isinstance(value, dict):
        return {key: date.fromisoformat(item) if key in DATE_KEYS and isinstance(item, str)
                else _with_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_dates(item) for item in value]
    return value


def report_display(report: dict) -> dict:
    """The report for templates: dates as dates, the types as labelled rows."""
    shown = _with_dates(report)
    shown["type_rows"] = [{"label": TYPE_LABELS.get(kind, kind), **figures}
                          for kind, figures in report["by_type"].items()]
    return shown


def report_names_record(report: dict, *, fmt: str, request=None, actor: str = "",
                        file: str = "") -> None:
    """Write to the audit log that a report with participants' names was shown ("page") or
    left the app as a file."""
    group = report["group"]
    audit_record(action=AuditAction.RESTRICTED_ACCESS if fmt == "page" else AuditAction.EXPORT,
                 target_type=AuditTarget.ATTENDANCE,
                 target_id=group["slug"] if group else "projet",
                 target_label=f"Bilan {report['year_label']} — "
                              f"{group['name'] if group else report['project']}",
                 details={"format": fmt, "year": report["year"],
                          "rows": len(report.get("attendance", ())), "file": file},
                 request=request, actor=actor)
