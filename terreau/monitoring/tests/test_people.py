"""The register of people: who sees names, and erasure (a member erases themself, a
facilitator anyone of the group) that clears names and keeps every count."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from terreau.core.models import AuditEvent
from terreau.monitoring.models import Attendance, Person, WorkSession
from terreau.monitoring.sessions import person_erase
from terreau.monitoring.tally import tally

from .factories import session_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(group, people):
    first = session_make(group, date(2025, 5, 1), hours=3, people=[people["mehdi"]],
                         guests=[people["lea"]], inhabitants=4)
    second = session_make(group, date(2025, 6, 1), hours=2,
                          people=[people["fanny"], people["mehdi"]], guests=[people["lea"]])
    return [first, second]


def url(group, name="people", *args):
    return reverse(f"monitoring:{name}", args=[group.slug, *args])


def test_erasure_keeps_every_count(group, fanny, people, sessions):
    before = tally(WorkSession.objects.filter(group=group)).as_dict()
    lea = people["lea"]
    person_erase(person=lea, by=fanny)
    after = tally(WorkSession.objects.filter(group=group)).as_dict()
    assert before == after and after["participants"] == 3
    lea.refresh_from_db()
    assert (lea.name, lea.structure, lea.mission, lea.email, lea.user) == ("", "", "", "",
                                                                           None)
    assert lea.erased_at is not None and len(lea.key) == 16
    rows = Attendance.objects.filter(person=lea)
    assert rows.count() == 2 and set(rows.values_list("structure", "mission")) == {("", "")}
    assert set(rows.values_list("person_key", flat=True)) == {lea.key}
    event = AuditEvent.objects.get()
    assert (event.action, event.target_type, event.user) == ("erasure", "attendance", fanny)
    assert "Léa" not in event.target_label


def test_a_member_erases_themself_but_nobody_else(group, mehdi, olga, people, sessions):
    with pytest.raises(PermissionDenied):
        person_erase(person=people["lea"], by=mehdi)
    with pytest.raises(PermissionDenied):
        person_erase(person=people["mehdi"], by=olga)
    person_erase(person=people["mehdi"], by=mehdi)
    assert Person.objects.get(pk=people["mehdi"].pk).erased_at is not None


def test_facilitators_see_the_register_with_names(client, group, fanny, people, sessions):
    client.force_login(fanny)
    page = client.get(url(group)).content.decode()
    for name in ("Léa Durand", "CCAS de Tours", "Mehdi Benali", "Fanny Martin"):
        assert name in page
    response = client.post(url(group), {"name": "Paul Roux", "structure": "CAF"})
    assert response.status_code == 302
    assert Person.objects.filter(group=group, name="Paul Roux", structure="CAF").exists()
    response = client.post(url(group), {"name": ""})
    assert "Ce champ est obligatoire" in response.content.decode()


def test_a_member_sees_only_their_own_presences(client, group, mehdi, people, sessions):
    client.force_login(mehdi)
    response = client.get(url(group))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Léa Durand" not in page and "Fanny Martin" not in page and "CCAS" not in page
    assert "2 séances, 5 h en tout" in page
    assert client.post(url(group), {"name": "Intrus"}).status_code == 403
    assert not Person.objects.filter(name="Intrus").exists()


def test_other_groups_and_strangers_get_404(client, group, olga, camille, people):
    for user in (olga, camille):
        client.force_login(user)
        assert client.get(url(group)).status_code == 404
        assert client.get(url(group, "person_erase", people["lea"].pk)).status_code == 404
    client.logout()
    assert client.get(url(group)).status_code == 302


def test_the_erase_page_for_oneself_and_for_facilitators(client, group, fanny, mehdi, people,
                                                         sessions):
    client.force_login(mehdi)
    lea_url = url(group, "person_erase", people["lea"].pk)
    assert client.get(lea_url).status_code == 404
    assert client.post(lea_url).status_code == 404
    own = url(group, "person_erase", people["mehdi"].pk)
    assert "Effacer mon nom" in client.get(own).content.decode()
    assert client.post(own).status_code == 302
    assert Person.objects.get(pk=people["mehdi"].pk).name == ""
    client.force_login(fanny)
    assert client.post(lea_url).status_code == 302
    page = client.get(url(group)).content.decode()
    assert "Léa Durand" not in page and page.count("Personne effacée") == 2
    assert tally(WorkSession.objects.filter(group=group)).participants == 3
