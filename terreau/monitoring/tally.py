"""Counting the sessions: the figures of the dashboard, the yearly report and the targets.

The counting rules, in the database (three aggregate queries, whatever the number of rows):
- person-hours: Σ count × hours over every presence (members, guests, inhabitants): a person
  at two sessions of 3 h counts 6 person-hours;
- participants: distinct named people (their opaque key, so an erased person still counts
  once); inhabitants are counted without names, so they are not participants;
- inhabitants: presences of inhabitants (one who comes twice counts twice);
- by type: sessions, person-hours and distinct participants per session type.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum

from .choices import AttendeeKind, SessionType
from .models import Attendance, WorkSession

HOURS = DecimalField(max_digits=14, decimal_places=2)


def _hours(value) -> float:
    return round(float(value or Decimal(0)), 2)


@dataclass
class Tally:
    sessions: int = 0
    person_hours: float = 0.0
    participants: int = 0
    inhabitants: int = 0
    presences: int = 0  # named presences + inhabitants
    by_type: dict[str, dict] = field(default_factory=dict)
    by_kind: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"sessions": self.sessions, "person_hours": self.person_hours,
                "participants": self.participants, "inhabitants": self.inhabitants,
                "presences": self.presences, "by_type": self.by_type,
                "by_kind": self.by_kind}


def tally(sessions: QuerySet[WorkSession]) -> Tally:
    """The figures of these sessions (a queryset: the counting happens in the database)."""
    result = Tally()
    per_type = dict(sessions.order_by().values_list("type").annotate(n=Count("pk")))
    rows = Attendance.objects.filter(session__in=sessions.values("pk")).order_by()
    hours = Sum(F("count") * F("hours"), output_field=HOURS)
    by_type = {t: (h, p) for t, h, p in rows.values_list("session__type").annotate(
        h=hours, p=Count("person_key", distinct=True, filter=~Q(person_key="")))}
    for kind, presences, kind_hours in rows.values_list("kind").annotate(
            n=Sum("count"), h=hours):
        result.by_kind[kind] = {"presences": presences or 0, "person_hours": _hours(kind_hours)}
    for value in SessionType.values:  # every type, in the funders' order
        if value in per_type or value in by_type:
            type_hours, participants = by_type.get(value, (0, 0))
            result.by_type[value] = {"sessions": per_type.get(value, 0),
                                     "person_hours": _hours(type_hours),
                                     "participants": participants}
    result.sessions = sum(per_type.values())
    result.person_hours = round(sum(k["person_hours"] for k in result.by_kind.values()), 2)
    result.participants = (rows.exclude(person_key="").values("person_key").distinct()
                           .count())
    result.inhabitants = result.by_kind.get(AttendeeKind.INHABITANT, {}).get("presences", 0)
    result.presences = sum(k["presences"] for k in result.by_kind.values())
    return result
