"""The catalogue writes each export and each reading of restricted data to the audit log."""

from io import StringIO

import pytest
from django.core.management import call_command

from terreau.catalog.models import InventoryItem
from terreau.core.models import AuditEvent

from .ui_factories import world_fixture  # noqa: F401

RESTRICTED = "donnees-restricted"


def _only_event() -> AuditEvent:
    events = list(AuditEvent.objects.all())
    assert len(events) == 1, events
    return events[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloading_a_version_writes_one_export_event(client, world, fmt):
    member = world["people"]["member"]
    client.force_login(member)
    assert client.get(f"/donnees/donnees-shared/v1/export.{fmt}").status_code == 200
    event = _only_event()
    assert (event.action, event.target_type, event.target_id, event.target_label) == (
        "export", "dataset", "donnees-shared", "Données shared")
    assert (event.user, event.actor, event.ip) == (member, "membre", "127.0.0.1")
    assert event.details == {"format": fmt, "version": 1, "rows": 6}


def test_a_refused_download_writes_nothing(client, world):
    client.force_login(world["people"]["member"])
    assert client.get("/donnees/donnees-group/v1/export.csv").status_code == 403
    assert not AuditEvent.objects.exists()


def test_downloading_an_inventory_writes_one_export_event(client, world):
    tours = world["groups"]["tours"]
    for need in ("Personnes seules par IRIS", "Allocataires du RSA"):
        InventoryItem.objects.create(group=tours, question="Qui vit seul·e ?",
                                     data_needed=need, status="missing")
    facilitator = world["people"]["facilitator"]
    client.force_login(facilitator)
    assert client.get("/donnees/inventaire/tours/export.xlsx").status_code == 200
    event = _only_event()
    assert (event.action, event.target_type, event.target_id, event.target_label) == (
        "export", "inventory", "tours", "Inventaire des données de Tours — insertion")
    assert (event.user, event.details) == (facilitator, {"format": "xlsx", "rows": 2})


def test_export_data_on_the_command_line_writes_one_event_without_a_user(world, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "marie")
    output = tmp_path / "valeurs.csv"
    call_command("export_data", "--dataset", RESTRICTED, "--output", str(output),
                 stderr=StringIO())
    event = _only_event()
    assert (event.action, event.target_id, event.user, event.ip) == (
        "export", RESTRICTED, None, None)
    assert event.actor == "marie (ligne de commande)"
    assert event.details == {"format": "csv", "version": 1, "rows": 6, "file": str(output)}


def test_export_data_to_the_standard_output_says_so(world):
    call_command("export_data", "--dataset", "donnees-open", stdout=StringIO())
    assert _only_event().details["file"] == "sortie standard"


@pytest.mark.parametrize("url, via, version", [
    (f"/donnees/{RESTRICTED}/", "page", 1),
    (f"/donnees/{RESTRICTED}/v1/", "page", 1),
    (f"/api/v1/donnees/jeux/{RESTRICTED}", "api", 1),
    (f"/api/v1/donnees/jeux/{RESTRICTED}/versions/1/valeurs", "api", 1),
])
def test_reading_restricted_data_writes_one_access_event(client, world, url, via, version):
    steward = world["people"]["steward"]
    client.force_login(steward)
    assert client.get(url).status_code == 200
    event = _only_event()
    assert (event.action, event.target_type, event.target_id, event.target_label) == (
        "restricted_access", "dataset", RESTRICTED, "Données restricted")
    assert (event.user, event.actor, event.ip) == (steward, "referente", "127.0.0.1")
    assert event.details == {"via": via, "version": version}


@pytest.mark.parametrize("level", ["open", "shared", "group"])
def test_reading_other_data_writes_nothing(client, world, level):
    client.force_login(world["people"]["steward"])
    for url in (f"/donnees/donnees-{level}/", f"/donnees/donnees-{level}/v1/",
                f"/api/v1/donnees/jeux/donnees-{level}",
                f"/api/v1/donnees/jeux/donnees-{level}/versions/1/valeurs"):
        assert client.get(url).status_code == 200, url
    assert not AuditEvent.objects.exists()


def test_restricted_data_hidden_from_someone_writes_nothing(client, world):
    client.force_login(world["people"]["member"])
    assert client.get(f"/donnees/{RESTRICTED}/").status_code == 404
    assert client.get(f"/api/v1/donnees/jeux/{RESTRICTED}").status_code == 404
    assert not AuditEvent.objects.exists()
