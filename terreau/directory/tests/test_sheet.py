"""The neighbourhood sheet: a PDF of the services located in a zone or open to its
inhabitants, grouped by theme, with addresses, phones, hours, the date and the sources."""

import shutil
import subprocess

import pytest

from terreau.directory.sheet import sheet_sections
from terreau.territory.models import Zone

from .test_search_fixtures import directory_make

PAGE, PDF = "/annuaire/fiche-quartier/", "/annuaire/fiche-quartier.pdf"


@pytest.fixture
def services(vocabularies):
    return directory_make()


def pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext absent (poppler-utils)")
    path = tmp_path / "fiche.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.django_db
def test_sections_by_theme_family(services, cvl_zones):
    tours = Zone.objects.get(level="commune", code="37261")
    sections = sheet_sections(tours, [])
    assert [s.title for s in sections] == ["Numérique", "Santé"]
    numerique = sections[0]
    assert [e.hit.service.nom for e in numerique.entries] == ["Aide aux démarches en ligne",
                                                             "Prêt d'ordinateurs"]
    entry = numerique.entries[0]
    assert entry.phone == "02 47 00 00 01" and entry.address == "12 rue Nationale, 37000 Tours"
    assert entry.referral == ["Se présenter", "Téléphoner"]
    assert any("9 h" in line for line in entry.hours)
    assert [s.title for s in sheet_sections(tours, ["sante"])] == ["Santé"]


@pytest.mark.django_db
def test_the_pdf_lists_the_services_with_date_and_source(member_client, services, cvl_zones,
                                                         tmp_path):
    response = member_client.get(PDF, {"zone": "37261"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="fiche-annuaire-tours.pdf"'
    text = pdf_text(response.content, tmp_path)
    for expected in ("Services pour Tours", "Aide aux démarches en ligne",
                     "Espace numérique Tours Centre", "Accès aux soins pour tous",
                     "02 47 00 00 01", "12 rue Nationale", "terreau-tests", "Numérique",
                     "Santé", "Fiche établie le"):
        assert expected in text, expected
    assert "Trouver un logement" not in text and "Permanence numérique fermée" not in text


@pytest.mark.django_db
def test_the_page_and_its_errors(client, member_client, services, cvl_zones):
    text = member_client.get(PAGE).content.decode()
    assert "Fiche annuaire d'un quartier" in text and 'value="numerique"' in text
    response = member_client.get(PDF, {"zone": "Atlantide"})
    assert response.status_code == 400
    assert "Zone inconnue : « Atlantide »" in response.content.decode()
    client.logout()
    assert client.get(PDF, {"zone": "37261"}).status_code == 302  # anonymous: sign in
    assert client.get(PAGE).status_code == 302
