"""Notifications: a mention tells a member in the app and by e-mail, with the link."""

import html

import pytest
from django.core import mail

from terreau.scenarios import discussion
from terreau.scenarios.models import Notification

from .test_discussion_setup import *  # noqa: F403 (its fixtures)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_mention_sends_one_notification_and_one_email_with_the_link(scenario, step1, mehdi,
                                                                     sarah, settings):
    settings.TERREAU_SITE_URL = "https://terreau.example.org"
    comment = discussion.comment_add(scenario=scenario, step=step1, author=mehdi,
                                     body="@sarah.benali, que vois-tu au **nord** ?")
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.emailed) == (
        sarah, "mention", True)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    link = (f"https://terreau.example.org/scenarios/{scenario.slug}/"
            f"#commentaire-{comment.pk}")
    assert email.to == ["sarah.benali@example.org"]
    assert email.subject == ("[Terreau] Mehdi vous a mentionné·e dans l'étape 1 de "
                             "« Chômage à Tours »")
    assert link in email.body and "que vois-tu au nord ?" in email.body


def test_a_mention_of_someone_who_cannot_read_the_scenario_does_nothing(scenario, step1,
                                                                        mehdi, olga):
    discussion.comment_add(scenario=scenario, step=step1, author=mehdi,
                           body="@olga et @inconnu regardez")
    assert not Notification.objects.exists() and mail.outbox == []


def test_without_an_address_the_notification_stays_in_the_app(scenario, step1, mehdi, sarah):
    sarah.email = ""
    sarah.save()
    discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="@sarah.benali")
    assert Notification.objects.get().emailed is False and mail.outbox == []


def test_the_count_shows_in_the_nav_and_opening_marks_it_read(client, scenario, step1, mehdi,
                                                              sarah):
    comment = discussion.comment_add(scenario=scenario, step=step1, author=mehdi,
                                     body="@sarah.benali regarde")
    discussion.comment_add(scenario=scenario, step=step1, author=mehdi,
                           body="@sarah.benali et ça")
    client.force_login(sarah)
    page = _text(client.get("/scenarios/notifications/"))
    assert 'aria-label="Notifications : 2 non lues"' in page
    assert "Mehdi vous a mentionné·e dans l'étape 1" in page
    first = Notification.objects.filter(comment=comment).get()
    response = client.get(f"/scenarios/notifications/{first.pk}/")
    assert response.url == f"/scenarios/{scenario.slug}/#commentaire-{comment.pk}"
    assert 'aria-label="Notifications : 1 non lue"' in _text(client.get("/"))
    client.post("/scenarios/notifications/")
    assert "non lue" not in _text(client.get("/"))
    api = client.get("/api/v1/scenarios/notifications").json()
    assert api["non_lues"] == 0 and len(api["notifications"]) == 2


def test_nobody_opens_anothers_notification(client, scenario, step1, mehdi, sarah):
    discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="@sarah.benali")
    client.force_login(mehdi)
    assert client.get(f"/scenarios/notifications/{Notification.objects.get().pk}/"
                      ).status_code == 404
    assert Notification.objects.get().read_at is None
