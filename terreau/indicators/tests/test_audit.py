"""Indicators write each export and each reading of restricted data to the audit log."""

import pytest

from terreau.catalog.choices import Sensitivity
from terreau.core.models import AuditEvent
from terreau.indicators.services import indicator_create

from .factories import dataset_make


@pytest.fixture
def chomage(comparateur, steward):
    return indicator_create(slug="chomage", label="Taux de chômage", unit="%",
                            formula="taux(chomeurs, actifs)", user=steward)


@pytest.fixture
def restricted_indicator(cvl_zones, data_dir, steward):
    """An indicator on a restricted dataset whose named steward is `steward`."""
    dataset = dataset_make(data_dir, slug="restreint", sensitivity=Sensitivity.RESTRICTED)
    dataset.stewards.add(steward)
    return indicator_create(slug="chomage-restreint", label="Chômage (données restreintes)",
                            formula="taux(restreint.chomeurs, restreint.actifs)", user=steward)


def _only_event() -> AuditEvent:
    events = list(AuditEvent.objects.all())
    assert len(events) == 1, events
    return events[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloading_values_writes_one_export_event(client, chomage, tours_member, fmt):
    client.force_login(tours_member)
    response = client.get(f"/indicateurs/chomage/export.{fmt}?niveau=commune&dans=37")
    assert response.status_code == 200
    event = _only_event()
    assert (event.action, event.target_type, event.target_id, event.target_label) == (
        "export", "indicator", "chomage", "Taux de chômage")
    assert (event.user, event.actor, event.ip) == (tours_member, "mehdi", "127.0.0.1")
    # 272 communes of Indre-et-Loire, then the département, the région and the selection.
    assert event.details == {"format": fmt, "level": "commune", "within": "37",
                             "period": "2018", "rows": 275}


def test_export_indicator_on_the_command_line_writes_one_event(run_cli, chomage, tmp_path,
                                                               monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "marie")
    output = tmp_path / "chomage.xlsx"
    code, _, err = run_cli("export-indicator", "chomage", "--within", "37", "--format", "xlsx",
                           "--output", str(output))
    assert code == 0, err
    event = _only_event()
    assert (event.action, event.target_id, event.user, event.ip) == (
        "export", "chomage", None, None)
    assert event.actor == "marie (ligne de commande)"
    assert event.details == {"format": "xlsx", "level": "commune", "within": "37",
                             "period": "2018", "rows": 275, "file": str(output)}


def test_a_refused_export_writes_nothing(run_cli, client, restricted_indicator, steward):
    client.force_login(steward)
    assert client.get("/indicateurs/chomage-restreint/export.csv").status_code == 403
    assert run_cli("export-indicator", "chomage-restreint")[0] == 1
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("url, details", [
    ("/indicateurs/chomage-restreint/?niveau=commune&dans=37",
     {"via": "page", "level": "commune", "within": "37", "period": "2018"}),
    ("/api/v1/indicateurs/chomage-restreint",
     {"via": "api"}),
    ("/api/v1/indicateurs/chomage-restreint/valeurs?niveau=commune&dans=37",
     {"via": "api", "level": "commune", "within": "37"}),
])
def test_reading_an_indicator_on_restricted_data_writes_one_access_event(
        client, restricted_indicator, steward, url, details):
    client.force_login(steward)
    assert client.get(url).status_code == 200
    event = _only_event()
    assert (event.action, event.target_type, event.target_id, event.target_label) == (
        "restricted_access", "indicator", "chomage-restreint", "Chômage (données restreintes)")
    assert (event.user, event.details) == (steward, details)


def test_reading_an_indicator_on_open_data_writes_nothing(client, chomage, tours_member):
    client.force_login(tours_member)
    for url in ("/indicateurs/", "/indicateurs/chomage/?dans=37", "/api/v1/indicateurs/chomage",
                "/api/v1/indicateurs/chomage/valeurs?dans=37"):
        assert client.get(url).status_code == 200, url
    assert not AuditEvent.objects.exists()
