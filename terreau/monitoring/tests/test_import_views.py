"""The web import of an attendance sheet: upload → report (nothing written) → "Importer"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from terreau.monitoring.models import WorkSession

from .test_imports import ROWS, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, group, path, name=None):
    file = SimpleUploadedFile(name or path.name, path.read_bytes())
    return client.post(reverse("monitoring:sessions_import", args=[group.slug]),
                       {"file": file})


def test_upload_shows_the_report_then_importer_writes(client, media, tmp_path, group, fanny,
                                                     people):
    client.force_login(fanny)
    page = client.get(reverse("monitoring:sessions_import", args=[group.slug]))
    assert page.status_code == 200
    assert "Les colonnes attendues" in page.content.decode()
    response = upload(client, group, write_xlsx(tmp_path / "presences.xlsx", ROWS))
    assert response.status_code == 302
    report_url = response["Location"]
    page = client.get(report_url)
    html = page.content.decode()
    assert page.status_code == 200 and "Vérification avant import" in html
    assert "Rien n'est encore enregistré" in html and "Nadia Ferhat" in html
    assert ">Importer</button>" in html
    assert not WorkSession.objects.exists()
    response = client.post(report_url)
    assert response.status_code == 302 and response["Location"] == report_url
    assert WorkSession.objects.filter(group=group).count() == 2
    html = client.get(report_url).content.decode()
    assert "Import terminé" in html and ">Importer</button>" not in html
    assert client.post(report_url).status_code == 200  # confirming again writes nothing new
    assert WorkSession.objects.count() == 2
    # The same file again: the report says the sessions are already there.
    response = upload(client, group, write_xlsx(tmp_path / "presences.xlsx", ROWS))
    html = client.get(response["Location"]).content.decode()
    assert "Séances déjà enregistrées" in html and "03/06/2025 — Formation aux données" in html


def test_errors_are_listed_and_nothing_can_be_imported(client, media, tmp_path, group, fanny,
                                                       people):
    client.force_login(fanny)
    rows = [list(r) for r in ROWS]
    rows[2][2] = "Apéro"
    response = upload(client, group, write_csv(tmp_path / "f.csv", rows))
    html = client.get(response["Location"]).content.decode()
    assert "Ligne 4, colonne « Type » : type inconnu « Apéro »" in html
    assert "Rien n'a été enregistré" in html and ">Importer</button>" not in html
    assert client.post(response["Location"]).status_code == 404  # the refused file is gone
    assert not WorkSession.objects.exists()


def test_no_file_or_too_large(client, media, tmp_path, group, fanny, settings):
    client.force_login(fanny)
    url = reverse("monitoring:sessions_import", args=[group.slug])
    response = client.post(url, {})
    assert response.status_code == 400 and "Choisissez le fichier" in response.content.decode()
    settings.TERREAU_MAX_UPLOAD_MB = 0.001
    big = tmp_path / "gros.csv"
    write_csv(big, ROWS * 40)
    response = upload(client, group, big)
    assert response.status_code == 413 and "gros.csv" in response.content.decode()


def test_only_the_groups_facilitators_import(client, media, tmp_path, group, other_group,
                                            fanny, mehdi, olga, camille, ada, people):
    url = reverse("monitoring:sessions_import", args=[group.slug])
    assert client.get(url).status_code in (302, 404)  # anonymous
    for user, expected in ((mehdi, 403), (olga, 404), (camille, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected, user
        path = write_csv(tmp_path / "f.csv", ROWS)
        assert upload(client, group, path).status_code == expected, user
    assert not WorkSession.objects.exists()
    client.force_login(ada)  # an instance admin may import for any group
    assert client.get(url).status_code == 200
    other_url = reverse("monitoring:sessions_import", args=[other_group.slug])
    client.force_login(fanny)  # a facilitator of one group, not of the other
    assert client.get(other_url).status_code == 404


def test_a_pending_import_belongs_to_its_uploader_and_group(client, media, tmp_path, group,
                                                           other_group, fanny, people):
    from terreau.accounts.tests.factories import user_make

    client.force_login(fanny)
    report_url = upload(client, group, write_csv(tmp_path / "f.csv", ROWS))["Location"]
    token = report_url.rstrip("/").rsplit("/", 1)[1]
    colleague = user_make("gaelle", group=group, role="facilitator")
    client.force_login(colleague)
    assert client.get(report_url).status_code == 404
    assert client.post(report_url).status_code == 404
    other = user_make("victor", group=other_group, role="facilitator")
    client.force_login(other)
    other_url = reverse("monitoring:sessions_import_report", args=[other_group.slug, token])
    assert client.post(other_url).status_code == 404
    assert not WorkSession.objects.exists()
