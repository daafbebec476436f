"""The register of semi-directive interviews: who was met (a kind of person, never a name),
from which structure, by whom, on what topic, and the notes.

The register itself is read by the group's members; the notes only by the interviewer and the
group's facilitators and admins (queries.can_read_notes), and each reading of the notes is
written to the audit log. Any member records an interview they led; facilitators may record
one led by another member.
"""

from collections import Counter
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from terreau.accounts.models import TerritorialGroup
from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget
from terreau.core.markdown import MAX_LENGTH, render_markdown

from .choices import PersonKind
from .models import Interview
from .queries import can_manage, can_read, can_read_notes, project_years

OUTSIDE_YEARS = "Hors des années du projet"
FIELDS = ("date", "person_kind", "structure", "interviewer", "topic", "notes")


class InterviewError(ValueError):
    """An interview refused; `field` names the field at fault, `str(error)` says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def interview_list(group: TerritorialGroup) -> QuerySet[Interview]:
    """The group's register, newest first (the notes are fetched only where they are read)."""
    return (Interview.objects.filter(group=group).select_related("interviewer")
            .defer("notes").order_by("-date", "-pk"))


def interviewers_of(group: TerritorialGroup) -> QuerySet:
    """The accounts that may be named as interviewer: the group's members."""
    return (get_user_model().objects.filter(memberships__group=group)
            .order_by("first_name", "last_name", "username").distinct())


def interviewer_name(user) -> str:
    if user is None:
        return "Compte supprimé"
    return user.get_full_name() or user.get_username()


def interview_counts(group: TerritorialGroup) -> dict:
    """Counts of the register per project year and per kind of person.

    {"years": [{"label", "count"}], "kinds": [{"label", "count"}], "total": n}; the years in
    order, then the interviews outside the project's years, if any.
    """
    years = project_years(group)
    per_year: Counter = Counter()
    per_kind: Counter = Counter()
    for day, kind in Interview.objects.filter(group=group).values_list("date", "person_kind"):
        per_year[years.index_of(day)] += 1
        per_kind[kind] += 1
    year_rows = [{"label": years.label(index), "count": per_year[index]}
                 for index in range(1, years.count + 1)]
    if per_year[None]:
        year_rows.append({"label": OUTSIDE_YEARS, "count": per_year[None]})
    kind_rows = [{"label": label, "count": per_kind[value]}
                 for value, label in PersonKind.choices if per_kind[value]]
    return {"years": year_rows, "kinds": kind_rows, "total": sum(per_kind.values())}


def can_record(user, group: TerritorialGroup) -> bool:
    """Every member records the interviews they led (admins of the instance too)."""
    return can_read(user, group)


def can_edit(user, interview: Interview) -> bool:
    """The interviewer and the group's facilitators and admins (those who read the notes)."""
    return can_read_notes(user, interview)


def _clean(*, group: TerritorialGroup, by, values: dict) -> dict:
    clean = {name: values[name] for name in FIELDS if name in values}
    day = clean.get("date")
    if not isinstance(day, date):
        raise InterviewError("Donnez la date de l'entretien.", "date")
    if day > timezone.localdate():
        raise InterviewError("L'entretien est enregistré après avoir eu lieu : la date ne "
                             "peut pas être dans le futur.", "date")
    if clean.get("person_kind") not in PersonKind.values:
        raise InterviewError("Choisissez le type de personne interrogée.", "person_kind")
    interviewer = clean.get("interviewer")
    if interviewer is None or not interviewers_of(group).filter(pk=interviewer.pk).exists():
        raise InterviewError("La personne qui a mené l'entretien doit être membre du groupe.",
                             "interviewer")
    if interviewer.pk != by.pk and not can_manage(by, group):
        raise InterviewError("Vous enregistrez les entretiens que vous avez menés ; "
                             "l'animation du groupe peut en enregistrer pour d'autres.",
                             "interviewer")
    if len(clean.get("notes") or "") > MAX_LENGTH:
        raise InterviewError(f"Les notes font plus de {MAX_LENGTH} caractères.", "notes")
    for name in ("structure", "topic"):
        clean[name] = " ".join(str(clean.get(name) or "").split())[:300]
    return clean


@transaction.atomic
def interview_create(*, group: TerritorialGroup, by, **values) -> Interview:
    """Record an interview; `values` are the model's fields (interviewer defaults to `by`)."""
    values.setdefault("interviewer", by)
    clean = _clean(group=group, by=by, values=values)
    return Interview.objects.create(group=group, **clean)


@transaction.atomic
def interview_update(*, interview: Interview, by, **values) -> Interview:
    if not can_edit(by, interview):
        raise InterviewError("Seules la personne qui a mené l'entretien et l'animation du "
                             "groupe le modifient.")
    current = {name: getattr(interview, name) for name in FIELDS}
    clean = _clean(group=interview.group, by=by, values={**current, **values})
    if clean["interviewer"] != interview.interviewer and not can_manage(by, interview.group):
        raise InterviewError("Seule l'animation du groupe change qui a mené l'entretien.",
                             "interviewer")
    for name, value in clean.items():
        setattr(interview, name, value)
    interview.save()
    return interview


def interview_notes_read(*, interview: Interview, user, request=None) -> str | None:
    """The notes as safe HTML for whoever may read them (the reading is audited), else None."""
    if not can_read_notes(user, interview):
        return None
    if interview.notes.strip():
        audit_record(action=AuditAction.RESTRICTED_ACCESS, target_type=AuditTarget.INTERVIEW,
                     target_id=str(interview.pk), target_label=str(interview), user=user,
                     details={"groupe": interview.group.slug}, request=request)
    return render_markdown(interview.notes)
