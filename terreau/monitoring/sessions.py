"""Work sessions, who came and the group's register of people (the services; pages and API
call these).

- Recording sessions and attendance is for the group's facilitators (queries.can_manage).
  `by=None` means a trusted caller (the command line): nothing is checked then.
- Attendance rows keep the person's opaque key and their structure and mission *that day*;
  inhabitants are one row with a count, never names.
- Erasing a person clears what identifies them (on the person and on their attendance rows)
  and keeps their key, so that every count stays (tally.py counts participants on the key).
"""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import Membership
from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget

from .choices import AttendeeKind, SessionType
from .models import Attendance, Person, WorkSession
from .queries import can_manage

MAX_HOURS = Decimal(24)
SESSION_FIELDS = ("title", "type", "date", "start_time", "duration_hours", "place", "agenda",
                  "minutes", "decisions", "action")
PERSON_FIELDS = ("name", "structure", "mission", "email")
NOT_MANAGER = ("Seule l'animation du groupe enregistre les séances, les présences et le "
               "registre des personnes.")


class SessionError(ValueError):
    """Bad input, said in French (naming the field); nothing was written."""


@dataclass(frozen=True)
class Presence:
    """One named row for attendance_set: a person, their kind and hours (None: the whole
    session)."""

    person: Person
    kind: str
    hours: Decimal | None = None


def require_manager(by, group) -> None:
    if by is not None and not can_manage(by, group):
        raise PermissionDenied(NOT_MANAGER)


def hours_parse(value, label: str = "La durée") -> Decimal:
    """A positive number of hours (≤ 24), from a number or a text with a decimal comma."""
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise SessionError(f"{label} doit être un nombre d'heures (par exemple 2,5).") from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise SessionError(f"{label} doit être comprise entre 0 et 24 heures.")
    return hours.quantize(Decimal("0.01"))


# ---- The register of people ---------------------------------------------------------------

def person_for_user(group, user) -> Person:
    """The member's register entry (made from their account's full name on first use)."""
    person = Person.objects.filter(group=group, user=user).first()
    if person is None:
        person = Person.objects.create(group=group, user=user,
                                       name=user.get_full_name() or user.get_username(),
                                       email=user.email or "")
    return person


def _person_fields(fields: dict) -> dict:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    cleaned = {key: (value or "").strip() for key, value in fields.items()}
    if "name" in cleaned and not cleaned["name"]:
        raise SessionError("Le nom est obligatoire.")
    for key, limit in (("name", 200), ("structure", 300), ("mission", 300), ("email", 254)):
        if len(cleaned.get(key, "")) > limit:
            raise SessionError(f"Le champ « {Person._meta.get_field(key).verbose_name} » "
                               f"dépasse {limit} caractères.")
    return cleaned


def person_create(*, group, by, name: str, structure: str = "", mission: str = "",
                  email: str = "") -> Person:
    """A guest in the register (members get theirs through person_for_user)."""
    require_manager(by, group)
    fields = _person_fields({"name": name, "structure": structure, "mission": mission,
                             "email": email})
    return Person.objects.create(group=group, **fields)


def person_update(person: Person, *, by, **fields) -> Person:
    require_manager(by, person.group)
    if person.erased_at is not None:
        raise SessionError("Cette personne a été effacée : on ne peut plus la modifier.")
    for key, value in _person_fields(fields).items():
        setattr(person, key, value)
    person.save()
    return person


def guest_find_or_create(*, group, by, name: str, structure: str = "",
                         mission: str = "") -> Person:
    """The register's guest of this name (a structure or mission typed updates it), or a new
    one: typing back sheets does not fill the register with twins."""
    fields = _person_fields({"name": name, "structure": structure, "mission": mission})
    person = (Person.objects.filter(group=group, erased_at__isnull=True,
                                    name__iexact=fields["name"]).order_by("pk").first())
    if person is None:
        return person_create(group=group, by=by, **fields)
    changes = {k: v for k, v in fields.items() if k != "name" and v and getattr(person, k) != v}
    return person_update(person, by=by, **changes) if changes else person


def person_erase(*, person: Person, by) -> None:
    """Clear who the person is (they may erase themself; facilitators erase anyone of the
    group). Their attendance rows lose structure and mission but keep the key."""
    allowed = by is None or can_manage(by, person.group) or (
        person.user_id is not None and person.user_id == getattr(by, "pk", None))
    if not allowed:
        raise PermissionDenied("Vous pouvez effacer vos propres informations ; l'animation "
                               "du groupe peut effacer celles de toute personne du groupe.")
    if person.erased_at is not None:
        return
    with transaction.atomic():
        rows = Attendance.objects.filter(person=person).update(structure="", mission="")
        Person.objects.filter(pk=person.pk).update(name="", structure="", mission="", email="",
                                                   user=None, erased_at=timezone.now())
        audit_record(action=AuditAction.ERASURE, target_type=AuditTarget.ATTENDANCE,
                     target_id=person.key, target_label=f"Effacement d'une personne du "
                     f"registre de {person.group.name}", user=by,
                     details={"groupe": person.group.slug,
                              "presences_anonymisees": rows})
    person.refresh_from_db()


# ---- Sessions ------------------------------------------------------------------------------

def _session_fields(group, fields: dict, *, creating: bool) -> dict:
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    cleaned = dict(fields)
    for key in ("title", "place", "agenda", "minutes", "decisions"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if (creating or "title" in cleaned) and not cleaned.get("title"):
        raise SessionError("L'intitulé de la séance est obligatoire.")
    if len(cleaned.get("title", "")) > 300 or len(cleaned.get("place", "")) > 300:
        raise SessionError("L'intitulé et le lieu font au plus 300 caractères.")
    if creating and not cleaned.get("date"):
        raise SessionError("La date de la séance est obligatoire.")
    if "date" in cleaned and not isinstance(cleaned["date"], date):
        raise SessionError("La date de la séance n'est pas une date.")
    if cleaned.get("start_time") is not None and not isinstance(cleaned["start_time"], time):
        raise SessionError("L'heure de début n'est pas une heure.")
    if "type" in cleaned and cleaned["type"] not in SessionType.values:
        raise SessionError("Type de séance inconnu : " + str(cleaned["type"]))
    if "duration_hours" in cleaned:
        cleaned["duration_hours"] = hours_parse(cleaned["duration_hours"])
    action = cleaned.get("action")
    if action is not None and action.group_id != group.pk:
        raise SessionError("L'action liée doit être une action du groupe.")
    return cleaned


def session_create(*, group, by, invited=(), **fields) -> WorkSession:
    require_manager(by, group)
    cleaned = _session_fields(group, fields, creating=True)
    with transaction.atomic():
        session = WorkSession.objects.create(group=group, created_by=by, **cleaned)
        if invited:
            session_invite(session, invited, by=by)
    return session


def session_update(session: WorkSession, *, by, invited=None, **fields) -> WorkSession:
    require_manager(by, session.group)
    cleaned = _session_fields(session.group, fields, creating=False)
    with transaction.atomic():
        for key, value in cleaned.items():
            setattr(session, key, value)
        session.save()
        if invited is not None:
            session.invited.clear()
            session_invite(session, invited, by=by)
    return session


def session_notes_set(session: WorkSession, *, by, minutes: str, decisions: str) -> WorkSession:
    """The minutes and the decisions (Markdown, rendered through core.markdown)."""
    return session_update(session, by=by, minutes=minutes, decisions=decisions)


def session_delete(session: WorkSession, *, by) -> None:
    require_manager(by, session.group)
    session.delete()


def group_members_people(group) -> list[Person]:
    """Every member of the group in the register (entries made for those who have none)."""
    users = [m.user for m in Membership.objects.filter(group=group).select_related("user")
             .order_by("user__last_name", "user__first_name", "user__username")]
    return [person_for_user(group, user) for user in users]


def session_invite(session: WorkSession, people, *, by) -> None:
    """Add people of the group's register to the invited (members or guests)."""
    require_manager(by, session.group)
    people = list(people)
    for person in people:
        if person.group_id != session.group_id or person.erased_at is not None:
            raise SessionError("On n'invite que des personnes du registre du groupe.")
    session.invited.add(*people)


def session_invite_members(session: WorkSession, *, by) -> None:
    session_invite(session, group_members_people(session.group), by=by)


# ---- Attendance ----------------------------------------------------------------------------

def _named_rows(session: WorkSession, named) -> list[Attendance]:
    rows, seen = [], set()
    for item in named:
        person, kind, hours = (item.person, item.kind, item.hours) if isinstance(
            item, Presence) else item
        label = person.name or "une personne effacée"
        if person.group_id != session.group_id:
            raise SessionError(f"{label} n'est pas dans le registre de ce groupe.")
        if person.erased_at is not None:
            raise SessionError("Une personne effacée ne peut plus être notée présente.")
        if kind not in (AttendeeKind.MEMBER, AttendeeKind.GUEST):
            raise SessionError(f"{label} : une présence nommée est celle d'un membre ou "
                               "d'une personne invitée.")
        if person.key in seen:
            raise SessionError(f"{label} est notée deux fois.")
        seen.add(person.key)
        hours = session.duration_hours if hours is None else hours_parse(
            hours, f"Les heures de {label}")
        rows.append(Attendance(session=session, kind=kind, person=person, person_key=person.key,
                               structure=person.structure, mission=person.mission,
                               hours=hours))
    return rows


def attendance_set(*, session: WorkSession, named, inhabitants: int, by) -> None:
    """Replace who came to the session (one transaction; nothing written on a refusal).

    `named`: (Person, AttendeeKind.MEMBER | GUEST, hours or None for the whole session);
    `inhabitants`: how many inhabitants came, counted without names.
    """
    require_manager(by, session.group)
    try:
        inhabitants = int(inhabitants or 0)
    except (TypeError, ValueError):
        raise SessionError("Le nombre d'habitant·es doit être un nombre entier.") from None
    if inhabitants < 0:
        raise SessionError("Le nombre d'habitant·es ne peut pas être négatif.")
    rows = _named_rows(session, named)
    if inhabitants:
        rows.append(Attendance(session=session, kind=AttendeeKind.INHABITANT,
                               count=inhabitants, hours=session.duration_hours))
    with transaction.atomic():
        session.attendances.all().delete()
        Attendance.objects.bulk_create(rows)
        session.attendance_recorded = True
        session.save(update_fields=["attendance_recorded", "updated_at"])


def attendance_rows(session: WorkSession) -> list[Attendance]:
    return list(session.attendances.select_related("person").order_by("kind", "person__name"))


def inhabitants_of(session: WorkSession) -> int:
    row = session.attendances.filter(kind=AttendeeKind.INHABITANT).first()
    return row.count if row else 0
