"""Typing a paper sheet back: tick the invited and the members, hours only for who left
early, guests on empty lines (found again in the register), a count of inhabitants."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from terreau.accounts.tests.factories import user_make
from terreau.monitoring.models import Attendance, Person, WorkSession
from terreau.monitoring.sessions import attendance_set, session_create
from terreau.monitoring.tally import tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(group, fanny, people):
    return session_create(group=group, by=fanny, title="Atelier", date=date(2025, 10, 7),
                          duration_hours=3, invited=[people["lea"]])


def url(session):
    return reverse("monitoring:attendance", args=[session.group.slug, session.pk])


def test_the_form_lists_the_invited_and_every_member(client, group, fanny, people, session):
    late = user_make("nora", group=group)  # a member without a register entry yet
    client.force_login(fanny)
    page = client.get(url(session)).content.decode()
    for name in ("Léa Durand", "Fanny Martin", "Mehdi Benali", "nora"):
        assert name in page
    assert f'name="present-u{late.pk}"' in page
    assert 'name="habitants"' in page and 'list="registre"' in page
    assert not Person.objects.filter(user=late).exists()  # made only when ticked


def test_saving_ticks_guests_and_inhabitants(client, group, fanny, people, session):
    late = user_make("nora", group=group)
    client.force_login(fanny)
    response = client.post(url(session), {
        f"present-p{people['lea'].pk}": "on", f"present-p{people['mehdi'].pk}": "on",
        f"heures-p{people['mehdi'].pk}": "1,5", f"present-u{late.pk}": "on",
        "invite-0-nom": "Paul Roux", "invite-0-structure": "CAF", "invite-0-mission": "",
        "invite-1-nom": "léa durand", "invite-1-structure": "",
        "habitants": "6"})
    assert response.status_code == 200
    assert "deux fois" in response.content.decode()
    assert not Attendance.objects.exists() and not Person.objects.filter(name="Paul Roux")
    response = client.post(url(session), {
        f"present-p{people['lea'].pk}": "on", f"present-p{people['mehdi'].pk}": "on",
        f"heures-p{people['mehdi'].pk}": "1,5", f"present-u{late.pk}": "on",
        "invite-0-nom": "Paul Roux", "invite-0-structure": "CAF", "habitants": "6"})
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    rows = {r.person.name if r.person else "habitants": r for r in session.attendances.all()}
    assert set(rows) == {"Léa Durand", "Mehdi Benali", "nora", "Paul Roux", "habitants"}
    assert rows["Mehdi Benali"].hours == Decimal("1.50")
    assert rows["Léa Durand"].kind == "invite" and rows["nora"].kind == "membre"
    assert rows["Paul Roux"].structure == "CAF" and rows["Paul Roux"].kind == "invite"
    assert rows["habitants"].count == 6
    figures = tally(WorkSession.objects.filter(pk=session.pk))
    assert (figures.participants, figures.inhabitants) == (4, 6)
    assert figures.person_hours == 3 + 1.5 + 3 + 3 + 6 * 3


def test_the_form_shows_what_is_recorded(client, group, fanny, people, session):
    attendance_set(session=session, by=fanny, inhabitants=3,
                   named=[(people["mehdi"], "membre", Decimal(2))])
    client.force_login(fanny)
    page = client.get(url(session)).content.decode()
    pk = people["mehdi"].pk
    assert f'name="present-p{pk}" id="id_present-p{pk}" checked' in page
    assert 'value="2,00"' in page
    assert 'value="3"' in page


@pytest.mark.parametrize("data, message", [
    ({"habitants": "-2"}, "supérieure ou égale à 0"),
    ({"invite-0-structure": "CAF"}, "le nom manque"),
    ({"heures-p{mehdi}": "5"}, "inférieure ou égale à 3"),
    ({"heures-p{mehdi}": "1"}, "cochez sa présence"),
])
def test_bad_input_names_the_line_and_writes_nothing(client, fanny, people, session, data,
                                                      message):
    client.force_login(fanny)
    data = {key.format(mehdi=people["mehdi"].pk): value for key, value in data.items()}
    if "heures-p" in "".join(data) and data.get(f"heures-p{people['mehdi'].pk}") == "5":
        data[f"present-p{people['mehdi'].pk}"] = "on"
    response = client.post(url(session), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attendance.objects.exists()
    session.refresh_from_db()
    assert not session.attendance_recorded


def test_only_facilitators_type_it_back(client, group, mehdi, olga, camille, session):
    for user, status in ((mehdi, 403), (olga, 404), (camille, 404)):
        client.force_login(user)
        assert client.get(url(session)).status_code == status
        assert client.post(url(session), {"habitants": "3"}).status_code == status
    assert not Attendance.objects.exists()
