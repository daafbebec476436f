"""Counting the sessions: the figures of the dashboard, the yearly report and the targets.

The counting rules, in the database (aggregate queries, whatever the number of rows):
- person-hours: Σ count × hours over every presence (members, guests, inhabitants): a person
  at two sessions of 3 h counts 6 person-hours;
- participants: distinct named people (their opaque key, so an erased person still counts
  once); inhabitants are counted without names, so they are not participants;
- inhabitants: presences of inhabitants (one who comes twice counts twice);
- by type: sessions, person-hours and distinct participants per session type.

Each figure is counted when it is first read, by the query it needs (sessions per type;
presences and hours per kind; distinct people; the same per type), then kept. A target's
realisation reads one figure: it no longer pays for all of them (the yearly report counts
one tally per target, see bench/monitoring_sessions.py). Read the figures you need before
changing the sessions: a `Tally` counts the database as it is when a figure is first read.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum

from .choices import AttendeeKind, SessionType
from .models import Attendance, WorkSession

HOURS = DecimalField(max_digits=14, decimal_places=2)
FIELDS = ("sessions", "person_hours", "participants", "inhabitants", "presences", "by_type",
          "by_kind")


def _hours(value) -> float:
    return round(float(value or Decimal(0)), 2)


class Tally:
    """The figures of some sessions: sessions, person_hours, participants, inhabitants,
    presences (named presences + inhabitants), by_type{type: {sessions, person_hours,
    participants}} and by_kind{kind: {presences, person_hours}}.

    `Tally(sessions=…, …)` holds given figures (zeros by default); `tally(queryset)` returns
    one that counts each figure on first read.
    """

    def __init__(self, sessions: int = 0, person_hours: float = 0.0, participants: int = 0,
                 inhabitants: int = 0, presences: int = 0, by_type: dict | None = None,
                 by_kind: dict | None = None):
        self._queryset = None
        self._values = {"sessions": sessions, "person_hours": person_hours,
                        "participants": participants, "inhabitants": inhabitants,
                        "presences": presences, "by_type": by_type or {},
                        "by_kind": by_kind or {}}

    @classmethod
    def counting(cls, sessions: QuerySet[WorkSession]) -> "Tally":
        result = cls()
        result._queryset, result._values = sessions.order_by(), {}
        return result

    # ---- the figures, each computed by the queries it needs ------------------------------

    def _get(self, name: str):
        if name not in self._values:
            {"sessions": self._count_sessions, "person_hours": self._count_kinds,
             "inhabitants": self._count_kinds, "presences": self._count_kinds,
             "by_kind": self._count_kinds, "participants": self._count_participants,
             "by_type": self._count_types}[name]()
        return self._values[name]

    sessions = property(lambda self: self._get("sessions"))
    person_hours = property(lambda self: self._get("person_hours"))
    participants = property(lambda self: self._get("participants"))
    inhabitants = property(lambda self: self._get("inhabitants"))
    presences = property(lambda self: self._get("presences"))
    by_type = property(lambda self: self._get("by_type"))
    by_kind = property(lambda self: self._get("by_kind"))

    def _rows(self) -> QuerySet[Attendance]:
        return Attendance.objects.filter(session__in=self._queryset.values("pk")).order_by()

    def _per_type(self) -> dict[str, int]:
        if "_per_type" not in self._values:
            self._values["_per_type"] = dict(self._queryset.values_list("type")
                                             .annotate(n=Count("pk")))
        return self._values["_per_type"]

    def _count_sessions(self) -> None:
        self._values["sessions"] = sum(self._per_type().values())

    def _count_kinds(self) -> None:
        by_kind = {}
        for kind, presences, kind_hours in self._rows().values_list("kind").annotate(
                n=Sum("count"), h=Sum(F("count") * F("hours"), output_field=HOURS)):
            by_kind[kind] = {"presences": presences or 0, "person_hours": _hours(kind_hours)}
        self._values.update(
            by_kind=by_kind,
            person_hours=round(sum(k["person_hours"] for k in by_kind.values()), 2),
            inhabitants=by_kind.get(AttendeeKind.INHABITANT, {}).get("presences", 0),
            presences=sum(k["presences"] for k in by_kind.values()))

    def _count_participants(self) -> None:
        self._values["participants"] = self._rows().exclude(person_key="").aggregate(
            n=Count("person_key", distinct=True))["n"]

    def _count_types(self) -> None:
        per_type = self._per_type()
        counted = {t: (h, p) for t, h, p in self._rows().values_list("session__type").annotate(
            h=Sum(F("count") * F("hours"), output_field=HOURS),
            p=Count("person_key", distinct=True, filter=~Q(person_key="")))}
        self._values["by_type"] = {
            value: {"sessions": per_type.get(value, 0),
                    "person_hours": _hours(counted.get(value, (0, 0))[0]),
                    "participants": counted.get(value, (0, 0))[1]}
            for value in SessionType.values  # every type, in the funders' order
            if value in per_type or value in counted}

    # ---- as a whole ------------------------------------------------------------------------

    def as_dict(self) -> dict:
        return {name: self._get(name) for name in FIELDS}

    def __eq__(self, other) -> bool:
        return isinstance(other, Tally) and self.as_dict() == other.as_dict()

    __hash__ = None

    def __repr__(self) -> str:
        return f"Tally({', '.join(f'{k}={v!r}' for k, v in self.as_dict().items())})"


def tally(sessions: QuerySet[WorkSession]) -> Tally:
    """The figures of these sessions (a queryset: the counting happens in the database,
    each figure when it is first read)."""
    return Tally.counting(sessions)


def per_session(sessions) -> dict[int, dict]:
    """Per session (a queryset or a list of sessions), by the same rules, in one grouped
    query: presences per kind of attendee (`membre`, `invite`, `habitant`), `named` (members
    and guests), `inhabitants` and `person_hours`. A session without attendance is absent."""
    ids = sessions.values("pk") if isinstance(sessions, QuerySet) else [s.pk for s in sessions]
    counts: dict[int, dict] = {}
    rows = (Attendance.objects.filter(session__in=ids).order_by()
            .values_list("session_id", "kind")
            .annotate(n=Sum("count"), h=Sum(F("count") * F("hours"), output_field=HOURS)))
    for session_id, kind, presences, hours in rows:
        entry = counts.setdefault(session_id, {"named": 0, "inhabitants": 0,
                                               "person_hours": 0.0})
        entry[kind] = presences or 0
        key = "inhabitants" if kind == AttendeeKind.INHABITANT else "named"
        entry[key] += presences or 0
        entry["person_hours"] = round(entry["person_hours"] + _hours(hours), 2)
    return counts
