"""The export page and its API per role: anonymous, member (403), data steward (OK), and the
audit log of every download."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from terreau.core.models import AuditEvent
from terreau.indicators.tests.factories import user_make

from .exports import directory_fixture  # noqa: F401  (the fixture `directory`)

API = "/api/v1/annuaire/export"


@pytest.fixture
def page_url():
    return reverse("directory:export")


def test_anonymous_is_sent_to_sign_in(client, page_url, db):
    response = client.get(page_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(API).status_code == 401


def test_member_is_refused(client, tours_member, page_url):
    client.force_login(tours_member)
    response = client.get(page_url)
    assert response.status_code == 403
    response = client.get(API, {"format": "datainclusion-json", "groupe": "tours-insertion"})
    assert response.status_code == 403
    assert "référent·es des données" in response.json()["detail"]
    assert not AuditEvent.objects.exists()


def test_steward_sees_the_form_and_the_report(client, steward, directory, page_url):
    client.force_login(steward)
    response = client.get(page_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tout l&#x27;annuaire" in html and "Tenues par le groupe Tours Insertion" in html
    response = client.get(page_url, {"groupe": "tours-insertion",
                                     "format": "datainclusion-json", "action": "apercu"})
    html = response.content.decode()
    assert "groupe Tours Insertion : 1 structure et 2 services" in html
    assert "Garde d&#x27;enfants en horaires décalés" in html
    assert not AuditEvent.objects.exists()  # a look is not an export


def test_steward_downloads_csv(client, steward, directory, page_url):
    client.force_login(steward)
    response = client.get(page_url, {"groupe": "tours-insertion",
                                     "format": "datainclusion-csv", "action": "telecharger"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="annuaire-tours-insertion-datainclusion-v1-' in (
        response["Content-Disposition"])
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read("structures.csv").decode().count("\r\n") == 2
    event = AuditEvent.objects.get()
    assert event.user == steward and event.target_id == "annuaire:tours-insertion"
    assert event.details["format"] == "datainclusion-csv"


def test_steward_of_one_group_cannot_export_another(client, steward, directory, page_url):
    client.force_login(steward)
    response = client.get(page_url, {"groupe": "blois-sante", "format": "datainclusion-json",
                                     "action": "telecharger"})
    assert response.status_code == 200  # the form refuses a group that is not offered
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.get(API, {"format": "datainclusion-json", "groupe": "blois-sante"})
    assert response.status_code == 403


def test_api_for_a_steward(client, steward, directory):
    client.force_login(steward)
    response = client.get(API, {"format": "datainclusion-json"})
    assert response.status_code == 200
    content = json.loads(response.content)
    assert len(content["structures"]) == 3 and len(content["services"]) == 3
    assert response["X-Terreau-Export"].startswith("structures=3; services=3; exemples=1")
    assert AuditEvent.objects.get().details["structures"] == 3
    response = client.get(API, {"format": "geojson"})
    assert response.status_code == 400 and "Format inconnu" in response.json()["detail"]
    response = client.get(API, {"groupe": "nulle-part"})
    assert response.status_code == 400 and "Groupe inconnu" in response.json()["detail"]


def test_instance_admin_exports_any_group(client, directory, db):
    admin = user_make("ada")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.get(API, {"format": "datainclusion-json", "groupe": "blois-sante"})
    assert response.status_code == 200
    assert [s["id"] for s in json.loads(response.content)["structures"]] == ["cs-blois"]
