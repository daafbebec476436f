"""The audit log: one writer, events that never change, a page for instance administrators."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.core import audit
from terreau.core.audit import audit_record, command_line_actor
from terreau.core.choices import AuditAction, AuditTarget
from terreau.core.models import AuditEvent, AuditEventImmutable
from terreau.core.views import EVENTS_PER_PAGE

pytestmark = pytest.mark.django_db

JOURNAL = "/journal/"


def _record(**fields) -> AuditEvent:
    values = {"action": AuditAction.EXPORT, "target_type": AuditTarget.DATASET,
              "target_id": "comparateur", "target_label": "Comparateur", "actor": "camille"}
    return audit_record(**{**values, **fields})


def _person(username: str, role: str | None = None, **fields):
    user = get_user_model().objects.create_user(username=username, password=None, **fields)
    if role:
        group, _ = TerritorialGroup.objects.get_or_create(slug="tours", name="Tours")
        Membership.objects.create(user=user, group=group, role=role)
    return user


def test_an_event_from_a_request_names_the_signed_in_user_and_their_address():
    camille = _person("camille")
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    request.user = camille
    event = audit_record(action=AuditAction.RESTRICTED_ACCESS,
                         target_type=AuditTarget.DATASET, target_id="rsa",
                         target_label="Allocataires du RSA", details={"via": "page"},
                         request=request)
    event.refresh_from_db()
    assert (event.user, event.actor, event.ip, event.details) == (
        camille, "camille", "192.0.2.7", {"via": "page"})
    assert event.created_at is not None


def test_an_address_that_is_not_an_ip_is_left_empty():
    request = RequestFactory().get("/", REMOTE_ADDR="inconnue")
    request.user = _person("camille")
    assert audit_record(action="export", target_type="dataset", target_id="x",
                        target_label="X", request=request).ip is None


def test_the_command_line_is_named_by_its_system_user(monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "marie")
    assert command_line_actor() == "marie (ligne de commande)"

    def no_login_name():
        raise OSError("no username")

    monkeypatch.setattr(audit.getpass, "getuser", no_login_name)
    assert command_line_actor() == "ligne de commande"


def test_an_event_without_anyone_or_with_an_unknown_action_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _record(actor="")
    with pytest.raises(ValidationError):
        _record(action="lecture")
    assert not AuditEvent.objects.exists()


def test_an_event_can_be_neither_changed_nor_deleted():
    event = _record()
    event.target_label = "Autre chose"
    with pytest.raises(AuditEventImmutable):
        event.save()
    with pytest.raises(AuditEventImmutable):
        event.delete()
    assert AuditEvent.objects.get().target_label == "Comparateur"


def test_deleting_a_user_keeps_their_events_under_their_name():
    camille = _person("camille")
    _record(user=camille)
    camille.delete()
    event = AuditEvent.objects.get()
    assert (event.user, event.actor) == (None, "camille")


def test_the_details_read_as_one_french_line():
    event = _record(details={"format": "csv", "version": 2, "rows": 6, "within": ""})
    assert event.details == {"format": "csv", "version": 2, "rows": 6}  # no empty detail
    assert event.details_text() == "format : csv · version : 2 · lignes : 6"


# ---- Administration (/admin/) ------------------------------------------------------------


def test_events_cannot_be_added_changed_or_deleted_through_the_admin(client):
    client.force_login(_person("racine", is_superuser=True, is_staff=True))
    event = _record(details={"format": "csv"})
    base = "/admin/core/auditevent/"
    assert client.get(base).status_code == 200
    page = client.get(f"{base}{event.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(f"{base}{event.pk}/change/", {"actor": "personne", "action": "export",
                       "target_type": "dataset", "target_id": "x",
                       "target_label": "X"}).status_code == 403
    assert client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(base, {"action": "delete_selected", "_selected_action": [event.pk],
                              "post": "yes"}).status_code in (200, 302)
    assert client.get(f"{base}add/").status_code == 403
    event.refresh_from_db()
    assert (AuditEvent.objects.count(), event.actor) == (1, "camille")


# ---- The journal page ------------------------------------------------------------------


@pytest.mark.parametrize("role, status", [(None, 403), ("member", 403), ("facilitator", 403),
                                          ("steward", 403), ("admin", 200),
                                          ("superuser", 200)])
def test_only_instance_administrators_open_the_journal(client, role, status):
    user = (_person("racine", is_superuser=True) if role == "superuser"
            else _person("quelquun", role))
    client.force_login(user)
    assert client.get(JOURNAL).status_code == status
    menu = client.get("/").content.decode()
    assert ('href="/journal/"' in menu) is (status == 200)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(JOURNAL)
    assert response.status_code == 302 and "/connexion/" in response["Location"]


@pytest.fixture
def admin_client(client):
    client.force_login(_person("admin", "admin"))
    return client


def _dated(days_ago: int, **fields) -> AuditEvent:
    event = _record(**fields)
    when = timezone.make_aware(datetime(2025, 3, 20, 10, 0)) - timedelta(days=days_ago)
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)  # tests only: set the date
    return event


def test_the_journal_lists_events_newest_first_in_a_captioned_table(admin_client):
    _dated(2, target_label="Plus ancien")
    _dated(0, target_label="Plus récent", details={"format": "xlsx", "rows": 12},
           action=AuditAction.RESTRICTED_ACCESS)
    page = admin_client.get(JOURNAL).content.decode()
    assert "<caption" in page and "Événements 1 à 2 sur 2, les plus récents d'abord" in page
    assert page.index("Plus récent") < page.index("Plus ancien")
    assert "Consultation de données restreintes" in page and "format : xlsx · lignes : 12" in page


def test_the_journal_filters_by_action_person_and_days(admin_client):
    _dated(10, target_label="Export ancien")
    _dated(1, target_label="Export de Fanny", actor="fanny")
    _dated(1, target_label="Lecture restreinte", action=AuditAction.RESTRICTED_ACCESS)
    _dated(0, target_label="Export en ligne de commande", actor="marie (ligne de commande)")

    def shown(query: str) -> list[str]:
        events = admin_client.get(JOURNAL + query).context["page"].object_list
        return [event.target_label for event in events]

    assert shown("?action=restricted_access") == ["Lecture restreinte"]
    assert shown("?qui=FANNY") == ["Export de Fanny"]
    assert shown("?qui=ligne+de+commande") == ["Export en ligne de commande"]
    assert shown("?du=2025-03-19&au=2025-03-19") == ["Lecture restreinte", "Export de Fanny"]
    assert shown("?action=export&du=2025-03-15") == ["Export en ligne de commande",
                                                     "Export de Fanny"]


def test_a_reversed_period_is_reported_and_the_other_filters_still_apply(admin_client):
    _dated(0, target_label="Un export")
    response = admin_client.get(JOURNAL + "?action=export&du=2025-03-20&au=2025-03-01")
    assert "La fin de la période est avant son début." in response.content.decode()
    assert [e.target_label for e in response.context["page"]] == ["Un export"]


def test_the_journal_is_paginated_and_pages_keep_the_filters(admin_client):
    AuditEvent.objects.bulk_create([
        AuditEvent(action=AuditAction.EXPORT, target_type=AuditTarget.DATASET,
                   target_id=f"jeu-{i}", target_label=f"Jeu {i}", actor="camille")
        for i in range(EVENTS_PER_PAGE + 3)])
    first = admin_client.get(JOURNAL + "?action=export").content.decode()
    assert f"Événements 1 à {EVENTS_PER_PAGE} sur {EVENTS_PER_PAGE + 3}" in first
    assert 'href="?action=export&amp;page=2"' in first
    second = admin_client.get(JOURNAL + "?action=export&page=2")
    assert len(second.context["page"].object_list) == 3
