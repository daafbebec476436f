"""Building sessions and attendance in tests, straight into the database."""

from datetime import date
from decimal import Decimal

from terreau.monitoring.choices import AttendeeKind, SessionType
from terreau.monitoring.models import Attendance, Person, WorkSession


def person_make(group, name: str, *, structure: str = "", mission: str = "", user=None,
                ) -> Person:
    return Person.objects.create(group=group, name=name, structure=structure,
                                 mission=mission, user=user)


def session_make(group, day: date, *, title: str = "Séance de travail",
                 type: str = SessionType.WORK, hours: float = 2, people=(),
                 inhabitants: int = 0, guests=()) -> WorkSession:
    """A session with its attendance: `people` (members) and `guests` are Person rows,
    `inhabitants` a count without names."""
    session = WorkSession.objects.create(group=group, title=title, type=type, date=day,
                                         duration_hours=Decimal(str(hours)),
                                         attendance_recorded=True)
    rows = [Attendance(session=session, kind=kind, person=person, person_key=person.key,
                       structure=person.structure, mission=person.mission,
                       hours=session.duration_hours)
            for kind, group_of in ((AttendeeKind.MEMBER, people), (AttendeeKind.GUEST, guests))
            for person in group_of]
    if inhabitants:
        rows.append(Attendance(session=session, kind=AttendeeKind.INHABITANT,
                               count=inhabitants, hours=session.duration_hours))
    Attendance.objects.bulk_create(rows)
    return session
