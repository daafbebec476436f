"""Targets and the project's calendar: who may set them, the checks (in French), and the
progress of a target at a given day.

- A group's targets are set by its facilitators and admins; the instance's (group empty) and
  the project's calendar (first day, years, hours per day, groups' offsets) by instance admins.
- A target counts over one project year (by its group's calendar) or the whole project
  (year empty). Its realisation comes from metrics.realisation: counted, or typed by hand.
- Late: the period is over and the target is not reached, or the period is running and the
  share done is more than 10 points behind the share of the period already elapsed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet

from terreau.accounts.models import TerritorialGroup

from .choices import Metric, SessionType
from .metrics import counted, realisation, target_period
from .models import GroupCalendar, Target
from .queries import administers, can_manage, project_calendar, project_years

# Metrics that count sessions and may keep one type of session only (people trained are
# already the training sessions' participants).
SESSION_TYPE_METRICS = (Metric.SESSIONS, Metric.PERSON_HOURS, Metric.PERSON_DAYS,
                        Metric.PARTICIPANTS, Metric.INHABITANTS)
# Metrics that count datasets and may keep one producer only.
HOLDER_METRICS = (Metric.DATASETS, Metric.OPEN_DATA_STRUCTURES)
LATE_MARGIN = 0.10
MAX_YEARS = 10
VALUE_MAX = Decimal("9999999999.99")


class TargetError(ValueError):
    """A French message, with the field it is about (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def can_edit_targets(user, group: TerritorialGroup | None) -> bool:
    return administers(user) if group is None else can_manage(user, group)


def _require(user, group: TerritorialGroup | None) -> None:
    if not can_edit_targets(user, group):
        raise PermissionDenied(
            "Seule l'administration de l'instance fixe les objectifs du projet." if group is None
            else "Seules l'animation et l'administration du groupe fixent ses objectifs.")


def _number(value, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise TargetError(f"{label} : « {value} » n'est pas un nombre.", field) from None
    if not number.is_finite() or abs(number) > VALUE_MAX:
        raise TargetError(f"{label} : nombre trop grand.", field)
    return number


def target_clean(group: TerritorialGroup | None, *, label, unit, value, metric=Metric.TYPED,
                 year=None, session_type="", holder=None) -> dict:
    """The target's fields, checked: raises TargetError naming the field."""
    label, unit = str(label or "").strip(), str(unit or "").strip()
    if not label:
        raise TargetError("Indiquez l'objectif (par exemple « Former 20 bénévoles »).", "label")
    if len(label) > 300:
        raise TargetError("L'objectif tient en 300 caractères au plus.", "label")
    if not unit:
        raise TargetError("Indiquez l'unité (jours, personnes, séances…).", "unit")
    if len(unit) > 60:
        raise TargetError("L'unité tient en 60 caractères au plus.", "unit")
    if value in (None, ""):
        raise TargetError("Indiquez la cible (un nombre plus grand que 0).", "value")
    value = _number(value, "value", "Cible")
    if value <= 0:
        raise TargetError("La cible doit être plus grande que 0.", "value")
    if metric not in Metric.values:
        raise TargetError(f"Façon de compter inconnue : « {metric} ».", "metric")
    years = project_years(group)
    if year not in (None, ""):
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise TargetError(f"Année : « {year} » n'est pas un numéro d'année.", "year") from None
        if not 1 <= year <= years.count:
            raise TargetError(f"Année {year} : le projet compte {years.count} années (de 1 à "
                              f"{years.count}) ; laissez vide pour tout le projet.", "year")
    else:
        year = None
    session_type = session_type or ""
    if session_type and session_type not in SessionType.values:
        raise TargetError(f"Type de séance inconnu : « {session_type} ».", "session_type")
    if session_type and metric not in SESSION_TYPE_METRICS:
        raise TargetError("Le type de séance ne sert qu'aux objectifs comptés sur les séances "
                          "(séances, heures, journées, participants, habitants).", "session_type")
    if holder is not None and metric not in HOLDER_METRICS:
        raise TargetError("Le producteur des données ne sert qu'aux objectifs comptés sur les "
                          "jeux de données.", "holder")
    return {"label": label, "unit": unit, "value": value, "metric": metric, "year": year,
            "session_type": session_type, "holder": holder}


def _next_position(group, year) -> int:
    last = Target.objects.filter(group=group, year=year).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def target_create(*, group: TerritorialGroup | None, by, **fields) -> Target:
    _require(by, group)
    data = target_clean(group, **fields)
    return Target.objects.create(group=group, created_by=by,
                                 position=_next_position(group, data["year"]), **data)


def target_update(*, target: Target, by, **fields) -> Target:
    _require(by, target.group)
    data = target_clean(target.group, **fields)
    if data["year"] != target.year:
        target.position = _next_position(target.group, data["year"])
    for name, value in data.items():
        setattr(target, name, value)
    if target.metric != Metric.TYPED:  # a counted target keeps nothing typed
        target.done_typed, target.done_note = None, ""
    target.save()
    return target


def target_delete(*, target: Target, by) -> None:
    _require(by, target.group)
    target.delete()


def target_record_done(*, target: Target, by, done, note: str = "") -> Target:
    """Type what is done, for a target the application cannot count (empty: not known)."""
    _require(by, target.group)
    if target.metric != Metric.TYPED:
        raise TargetError("Cet objectif est compté par l'application : rien à saisir.", "done")
    if done in (None, ""):
        target.done_typed = None
    else:
        number = _number(done, "done", "Réalisé")
        if number < 0:
            raise TargetError("Le réalisé ne peut pas être négatif.", "done")
        target.done_typed = number
    target.done_note = str(note or "").strip()
    target.save(update_fields=["done_typed", "done_note"])
    return target


def targets_reorder(*, group: TerritorialGroup | None, year: int | None, order: list[int],
                    by) -> None:
    """Put the targets of one year in this order (the ids of every one of them)."""
    _require(by, group)
    targets = {t.pk: t for t in Target.objects.filter(group=group, year=year)}
    if sorted(order) != sorted(targets):
        raise TargetError("L'ordre doit citer chaque objectif de l'année une fois.", "order")
    with transaction.atomic():
        for position, pk in enumerate(order):
            Target.objects.filter(pk=pk).update(position=position)


def target_move(*, target: Target, up: bool, by) -> None:
    """Move a target one place up or down among those of its year."""
    ids = list(targets_of(target.group, year=target.year).values_list("pk", flat=True))
    index = ids.index(target.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    targets_reorder(group=target.group, year=target.year, order=ids, by=by)


def targets_of(group: TerritorialGroup | None, *, year: int | None | str = "all",
               ) -> QuerySet[Target]:
    """The targets of a group (None: the instance's), of one year ("all": every year)."""
    targets = Target.objects.filter(group=group).select_related("holder", "group")
    return targets if year == "all" else targets.filter(year=year)


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def target_progress(target: Target, today: date) -> dict:
    """Target, done, share done (0..1, capped at 1; None while nothing is typed), the share of
    the period elapsed at `today`, late or not, and the same said in plain words."""
    first, last = target_period(target)
    value = float(target.value)
    done = realisation(target)
    share = None if done is None else min(done / value, 1.0)
    if today < first:
        expected = 0.0
    elif today > last:
        expected = 1.0
    else:
        expected = ((today - first).days + 1) / ((last - first).days + 1)
    reached = done is not None and done >= value
    over = today > last
    if over:
        late = not reached
    else:
        late = share is not None and share < expected - LATE_MARGIN
    period = "du projet" if target.year is None else "de l'année"
    elapsed = "écoulé" if target.year is None else "écoulée"
    if reached:
        status = "atteint"
    elif done is None:
        status = "réalisé non saisi" + (" : en retard, la période est finie" if over else "")
    elif over:
        status = f"en retard : {_percent(share)} fait, la période est finie"
    elif late:
        status = f"en retard : {_percent(share)} fait pour {_percent(expected)} {period} {elapsed}"
    elif today < first:
        status = f"pas commencé : {_percent(share)} fait"
    else:
        status = f"dans les temps : {_percent(share)} fait pour {_percent(expected)} {period} " \
                 f"{elapsed}"
    return {"target": value, "done": done, "share": share, "late": late,
            "expected_share": round(expected, 4), "first": first, "last": last,
            "reached": reached, "status": status}


@dataclass
class Row:
    """A target with its progress, for the pages."""

    target: Target
    progress: dict

    @property
    def percent(self) -> int | None:
        share = self.progress["share"]
        return None if share is None else round(share * 100)


def progress_rows(targets, today: date, *, late_first: bool = True) -> list[Row]:
    rows = [Row(t, target_progress(t, today)) for t in targets]
    if late_first:  # stable: the facilitators' order within late and not late
        rows.sort(key=lambda row: not row.progress["late"])
    return rows


def calendar_update(*, by, first_day: date, years, hours_per_day) -> None:
    """The project's first day, number of years and hours of a working day (instance admins)."""
    if not administers(by):
        raise PermissionDenied("Seule l'administration de l'instance règle le calendrier.")
    try:
        years = int(years)
    except (TypeError, ValueError):
        raise TargetError(f"Nombre d'années : « {years} » n'est pas un nombre entier.",
                          "years") from None
    if not 1 <= years <= MAX_YEARS:
        raise TargetError(f"Le projet dure de 1 à {MAX_YEARS} années.", "years")
    hours = _number(hours_per_day, "hours_per_day", "Heures par journée")
    if not 0 < hours <= 24:
        raise TargetError("Une journée de travail compte plus de 0 et au plus 24 heures.",
                          "hours_per_day")
    beyond = Target.objects.filter(year__gt=years).count()
    if beyond:
        raise TargetError(f"{beyond} objectif(s) portent sur une année au-delà de l'année "
                          f"{years} : changez-les d'abord.", "years")
    calendar = project_calendar()
    calendar.first_day, calendar.years, calendar.hours_per_day = first_day, years, hours
    calendar.save()


def group_offset_set(*, by, group: TerritorialGroup, offset) -> None:
    """A group that started later: its year 1 begins `offset` years after the project's."""
    if not administers(by):
        raise PermissionDenied("Seule l'administration de l'instance règle le calendrier.")
    try:
        offset = int(offset)
    except (TypeError, ValueError):
        raise TargetError(f"Décalage de {group.name} : « {offset} » n'est pas un nombre "
                          f"entier.", "offset") from None
    if not 0 <= offset < MAX_YEARS:
        raise TargetError(f"Décalage de {group.name} : de 0 à {MAX_YEARS - 1} années.",
                          "offset")
    GroupCalendar.objects.update_or_create(group=group, defaults={"offset_years": offset})


def group_offsets() -> dict[int, int]:
    return dict(GroupCalendar.objects.values_list("group_id", "offset_years"))


def already_counted(group: TerritorialGroup | None, year: int | None, *, session_type="",
                    holder=None) -> list[tuple[str, str, float]]:
    """What the application counts today for each metric over this period: (metric, its
    plain-words label, the figure). Shown beside the form so the choice is informed."""
    rows = []
    for metric, label in Metric.choices:
        if metric == Metric.TYPED:
            continue
        probe = Target(group=group, year=year, metric=metric, value=1,
                       session_type=session_type if metric in SESSION_TYPE_METRICS else "",
                       holder=holder if metric in HOLDER_METRICS else None)
        rows.append((metric, label, counted(probe)))
    return rows
