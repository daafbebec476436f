"""The sessions' pages per role: the agenda (coming, past per project year, counts, type
filter), a session's page (names for facilitators and for oneself only), create and edit."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from terreau.monitoring.choices import SessionType
from terreau.monitoring.models import WorkSession

from .factories import session_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(group, people):
    past = session_make(group, date(2025, 5, 6), title="Lancement du diagnostic", hours=3,
                        people=[people["fanny"], people["mehdi"]], guests=[people["lea"]],
                        inhabitants=4)
    past.minutes, past.decisions = "Compte **rendu** <script>alert(1)</script>", "- Continuer"
    past.save()
    year_two = session_make(group, date(2026, 4, 20), title="Formation aux données",
                            type=SessionType.TRAINING, people=[people["fanny"]])
    coming = WorkSession.objects.create(group=group, title="Restitution au quartier",
                                        type=SessionType.LOCAL_PRESENTATION,
                                        date=date.today() + timedelta(days=10))
    coming.invited.add(people["lea"])
    return past, year_two, coming


def url(name, group, *args):
    return reverse(f"monitoring:{name}", args=[group.slug, *args])


def test_the_agenda_shows_coming_and_past_sessions_per_year(client, group, mehdi, sessions):
    client.force_login(mehdi)
    page = client.get(url("sessions", group)).content.decode()
    assert page.index("À venir") < page.index("Restitution au quartier") < page.index(
        "Année 2 (2026-2027)") < page.index("Formation aux données") < page.index(
        "Année 1 (2025-2026)") < page.index("Lancement du diagnostic")
    assert "3 personnes nommées, 4 habitant·es" in page  # counts, never names
    assert "Léa Durand" not in page and "Nouvelle séance" not in page
    filtered = client.get(url("sessions", group), {"type": "formation"}).content.decode()
    assert "Formation aux données" in filtered and "Lancement du diagnostic" not in filtered


def test_a_member_sees_counts_and_their_own_presence_only(client, group, mehdi, sessions):
    client.force_login(mehdi)
    page = client.get(url("session_detail", group, sessions[0].pk)).content.decode()
    assert "Vous étiez présent·e (3 h)" in page
    assert "<strong>3</strong> participants différents" in page
    for name in ("Léa Durand", "Fanny Martin", "CCAS de Tours"):
        assert name not in page
    assert "Compte <strong>rendu</strong>" in page and "<script>alert" not in page
    page = client.get(url("session_detail", group, sessions[2].pk)).content.decode()
    assert "1 personne" in page and "Léa Durand" not in page


def test_facilitators_see_names_and_manage(client, group, fanny, sessions):
    client.force_login(fanny)
    page = client.get(url("session_detail", group, sessions[0].pk)).content.decode()
    for text in ("Léa Durand", "CCAS de Tours", "Mehdi Benali", "Modifier les présences",
                 "Feuille d'émargement (PDF)"):
        assert text in page
    page = client.get(url("session_detail", group, sessions[2].pk)).content.decode()
    assert "Léa Durand" in page  # invited


def test_create_edit_and_delete_a_session(client, group, fanny, mehdi, people):
    client.force_login(fanny)
    assert client.get(url("session_create", group)).status_code == 200
    response = client.post(url("session_create", group), {
        "title": "Atelier cartes", "type": "seance_travail", "date": "2025-10-07",
        "start_time": "14:30", "duration_hours": "2.5", "place": "Mairie",
        "agenda": "- cartes", "invited": [people["lea"].pk], "invite_members": "on"})
    session = WorkSession.objects.get(title="Atelier cartes")
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert session.invited.count() == 3 and session.created_by == fanny
    response = client.post(url("session_edit", group, session.pk), {
        "title": "Atelier cartes", "type": "formation", "date": "2025-10-07",
        "duration_hours": "3", "minutes": "Bien passé", "decisions": "- refaire",
        "invited": [people["lea"].pk]})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.type, session.minutes, session.invited.count()) == ("formation",
                                                                        "Bien passé", 1)
    response = client.post(url("session_edit", group, session.pk), {"title": "",
                                                                     "duration_hours": "30"})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    assert "entre 0 et 24 heures" in response.content.decode()
    response = client.post(url("session_edit", group, session.pk), {"action": "supprimer"})
    assert response.status_code == 302 and not WorkSession.objects.exists()


def test_members_read_but_do_not_change(client, group, mehdi, sessions):
    client.force_login(mehdi)
    for name, args in (("session_create", ()), ("session_edit", (sessions[0].pk,))):
        assert client.get(url(name, group, *args)).status_code == 403
        assert client.post(url(name, group, *args), {"action": "supprimer"}).status_code == 403
    assert WorkSession.objects.count() == 3


def test_other_groups_strangers_and_anonymous(client, group, olga, camille, ada, sessions):
    pages = [url("sessions", group), url("session_detail", group, sessions[0].pk),
             url("session_create", group), url("session_edit", group, sessions[0].pk)]
    for user in (olga, camille):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 404, page
    client.force_login(ada)  # instance admin
    assert "Léa Durand" in client.get(pages[1]).content.decode()
    client.logout()
    for page in pages:
        assert client.get(page).status_code == 302
    other = url("session_detail", group, sessions[0].pk).replace("tours-insertion",
                                                                 "vierzon-sante")
    client.force_login(olga)
    assert client.get(other).status_code == 404
