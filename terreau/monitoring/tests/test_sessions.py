"""The sessions' services: sessions, invitations, attendance (one transaction, hours by
default the session's duration, inhabitants as a count) and the register."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from terreau.accounts.tests.factories import user_make
from terreau.monitoring.choices import AttendeeKind, SessionType
from terreau.monitoring.models import Attendance, Person, WorkSession
from terreau.monitoring.sessions import (
    Presence,
    SessionError,
    attendance_set,
    guest_find_or_create,
    person_create,
    person_for_user,
    person_update,
    session_create,
    session_delete,
    session_invite,
    session_invite_members,
    session_notes_set,
    session_update,
)
from terreau.monitoring.tally import tally

from .factories import person_make

pytestmark = pytest.mark.django_db

MEMBER, GUEST = AttendeeKind.MEMBER, AttendeeKind.GUEST


def new_session(group, by, **fields):
    values = {"title": "Séance de travail", "date": date(2025, 10, 7), "duration_hours": 3}
    values.update(fields)
    return session_create(group=group, by=by, **values)


def test_person_for_user_makes_the_entry_once(group, fanny):
    fanny.first_name, fanny.last_name = "Fanny", "Martin"
    fanny.save()
    person = person_for_user(group, fanny)
    assert person.name == "Fanny Martin" and person.user == fanny
    assert (person.structure, person.mission) == ("", "")
    assert person_for_user(group, fanny) == person
    assert Person.objects.count() == 1


def test_session_create_update_delete(group, fanny, people):
    session = new_session(group, fanny, type=SessionType.TRAINING, start_time=time(14),
                          place="Centre social", agenda="- point 1", invited=[people["lea"]])
    assert session.created_by == fanny and session.duration_hours == Decimal("3.00")
    assert list(session.invited.all()) == [people["lea"]]
    session_update(session, by=fanny, title="Formation aux données", duration_hours="2,5")
    session.refresh_from_db()
    assert (session.title, session.duration_hours) == ("Formation aux données", Decimal("2.5"))
    session_notes_set(session, by=fanny, minutes="Compte **rendu**", decisions="- on continue")
    session.refresh_from_db()
    assert session.minutes == "Compte **rendu**" and session.decisions == "- on continue"
    session_delete(session, by=fanny)
    assert not WorkSession.objects.exists()


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": " "}, "intitulé"),
    ({"date": None}, "date"),
    ({"duration_hours": "0"}, "entre 0 et 24"),
    ({"duration_hours": "trois"}, "nombre d'heures"),
    ({"type": "apero"}, "Type de séance inconnu"),
])
def test_bad_session_fields_are_refused_in_french(group, fanny, fields, message):
    with pytest.raises(SessionError, match=message):
        new_session(group, fanny, **fields)
    assert not WorkSession.objects.exists()


def test_members_and_strangers_may_not_record(group, mehdi, olga):
    for user in (mehdi, olga):
        with pytest.raises(PermissionDenied):
            new_session(group, user)


def test_invite_members_and_guests(group, other_group, fanny, mehdi, people):
    session = new_session(group, fanny)
    session_invite(session, [people["lea"]], by=fanny)
    session_invite_members(session, by=fanny)
    assert set(session.invited.all()) == {people["lea"], people["fanny"], people["mehdi"]}
    stranger = person_make(other_group, "Hors groupe")
    with pytest.raises(SessionError, match="registre du groupe"):
        session_invite(session, [stranger], by=fanny)


def test_attendance_set_records_rows_hours_and_inhabitants(group, fanny, people):
    session = new_session(group, fanny, duration_hours=3)
    attendance_set(session=session, by=fanny, inhabitants=5, named=[
        (people["fanny"], MEMBER, None), (people["mehdi"], MEMBER, Decimal("1.5")),
        Presence(people["lea"], GUEST)])
    session.refresh_from_db()
    assert session.attendance_recorded
    rows = {r.person_key or "habitants": r for r in session.attendances.all()}
    assert rows[people["fanny"].key].hours == Decimal("3.00")
    assert rows[people["mehdi"].key].hours == Decimal("1.50")
    assert rows[people["lea"].key].kind == GUEST
    assert rows[people["lea"].key].structure == "CCAS de Tours"
    assert rows["habitants"].count == 5 and rows["habitants"].person is None
    figures = tally(WorkSession.objects.filter(pk=session.pk))
    assert (figures.participants, figures.inhabitants) == (3, 5)
    assert figures.person_hours == 3 + 1.5 + 3 + 5 * 3


def test_attendance_set_replaces_and_keeps_the_structure_of_that_day(group, fanny, people):
    session = new_session(group, fanny)
    attendance_set(session=session, by=fanny, inhabitants=2,
                   named=[(people["lea"], GUEST, None)])
    person_update(people["lea"], by=fanny, structure="Département")
    attendance_set(session=session, by=fanny, inhabitants=0,
                   named=[(people["fanny"], MEMBER, None)])
    assert list(session.attendances.values_list("person_key", flat=True)) == [
        people["fanny"].key]
    other = new_session(group, fanny, date=date(2025, 11, 1))
    attendance_set(session=other, by=fanny, inhabitants=0, named=[(people["lea"], GUEST, None)])
    assert other.attendances.get().structure == "Département"


@pytest.mark.parametrize("named, inhabitants, message", [
    ("twice", 0, "deux fois"),
    ("inhabitant", 0, "membre ou"),
    ("hours", 0, "entre 0 et 24"),
    ("none", -1, "négatif"),
])
def test_bad_attendance_writes_nothing(group, fanny, people, named, inhabitants, message):
    session = new_session(group, fanny)
    attendance_set(session=session, by=fanny, inhabitants=1,
                   named=[(people["fanny"], MEMBER, None)])
    lists = {"twice": [(people["lea"], GUEST, None), (people["lea"], GUEST, None)],
             "inhabitant": [(people["lea"], AttendeeKind.INHABITANT, None)],
             "hours": [(people["lea"], GUEST, Decimal(30))], "none": []}
    with pytest.raises(SessionError, match=message):
        attendance_set(session=session, by=fanny, inhabitants=inhabitants, named=lists[named])
    assert Attendance.objects.filter(session=session).count() == 2


def test_only_facilitators_record_attendance(group, fanny, mehdi, people):
    session = new_session(group, fanny)
    with pytest.raises(PermissionDenied):
        attendance_set(session=session, by=mehdi, inhabitants=0, named=[])


def test_guest_find_or_create_reuses_the_register(group, fanny, people):
    same = guest_find_or_create(group=group, by=fanny, name="léa durand", mission="Référente")
    assert same == people["lea"]
    same.refresh_from_db()
    assert (same.structure, same.mission) == ("CCAS de Tours", "Référente")
    new = guest_find_or_create(group=group, by=fanny, name="Paul Roux", structure="CAF")
    assert new.pk != same.pk and new.user is None
    with pytest.raises(SessionError, match="nom est obligatoire"):
        person_create(group=group, by=fanny, name="  ")


def test_a_person_of_another_group_cannot_be_noted(group, other_group, fanny):
    session = new_session(group, fanny)
    olga = person_make(other_group, "Olga")
    with pytest.raises(SessionError, match="registre de ce groupe"):
        attendance_set(session=session, by=fanny, inhabitants=0, named=[(olga, GUEST, None)])


def test_instance_admins_record_and_people_without_a_group_may_not(group, ada):
    session = new_session(group, ada)
    assert session.created_by == ada
    nobody = user_make("nobody")
    with pytest.raises(PermissionDenied):
        session_update(session, by=nobody, title="x")
