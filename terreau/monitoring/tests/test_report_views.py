"""The report pages and downloads per role: members read counts, facilitators add the
names on request (audited), other groups get a 404, everyone signed in reads the whole
project's report without names, anonymous visitors are sent to sign in."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from terreau.core.models import AuditEvent

pytest_plugins = ["terreau.monitoring.tests.report_fixtures"]

pytestmark = pytest.mark.django_db
PAGE = reverse("monitoring:report", args=["tours-insertion", 1])
XLSX = reverse("monitoring:report_xlsx", args=["tours-insertion", 1])
PDF = reverse("monitoring:report_pdf", args=["tours-insertion", 1])
PROJECT = reverse("monitoring:project_report", args=[1])


def _as(client, user):
    client.force_login(user)
    return client


def _sheets(response) -> list[str]:
    return load_workbook(io.BytesIO(response.content)).sheetnames


def test_urls_are_the_contracts():
    assert PAGE == "/suivi/groupes/tours-insertion/bilan/1/"
    assert XLSX == "/suivi/groupes/tours-insertion/bilan/1.xlsx"
    assert PDF == "/suivi/groupes/tours-insertion/bilan/1.pdf"
    assert PROJECT == "/suivi/projet/bilan/1/"
    assert reverse("monitoring:project_report_xlsx", args=[1]) == "/suivi/projet/bilan/1.xlsx"
    assert reverse("monitoring:project_report_pdf", args=[1]) == "/suivi/projet/bilan/1.pdf"


def test_a_member_reads_counts_never_names(client, mehdi, year_data):
    client = _as(client, mehdi)
    page = client.get(PAGE).content.decode()
    assert "Bilan de l&#x27;année 1 (2025-2026)" in page or "Bilan de l'année 1" in page
    assert "Lancement du diagnostic" in page and "Séances de travail tenues" in page
    assert "Pas de bus le soir." in page and "Afficher les noms" not in page
    asked = client.get(PAGE + "?noms=1").content.decode()
    assert "Fanny Martin" not in asked and "Léa Durand" not in asked
    assert "Présences" not in _sheets(client.get(XLSX + "?noms=1"))
    assert not AuditEvent.objects.exists()


def test_a_facilitator_adds_names_on_request_and_it_is_audited(client, fanny, year_data):
    client = _as(client, fanny)
    page = client.get(PAGE).content.decode()
    assert "Afficher les noms" in page and "Léa Durand" not in page
    named = client.get(PAGE + "?noms=1").content.decode()
    assert "Léa Durand" in named and "Présences nominatives" in named
    assert "1.xlsx?noms=1" in named
    event = AuditEvent.objects.get()
    assert (event.action, event.target_type, event.user) == ("restricted_access",
                                                              "attendance", fanny)
    response = client.get(XLSX + "?noms=1")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bilan-tours-insertion-annee-1-noms.xlsx" in response["Content-Disposition"]
    assert "Présences" in _sheets(response)
    assert AuditEvent.objects.filter(action="export").count() == 1
    plain = client.get(XLSX)
    assert "Présences" not in _sheets(plain) and AuditEvent.objects.count() == 2


def test_the_pdf_download(client, fanny, year_data):
    response = _as(client, fanny).get(PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and not AuditEvent.objects.exists()


@pytest.mark.parametrize("url", [PAGE, XLSX, PDF])
def test_another_group_and_a_person_without_group_get_404(client, olga, camille, year_data,
                                                          url):
    assert _as(client, olga).get(url).status_code == 404
    assert _as(client, camille).get(url).status_code == 404


def test_an_instance_admin_reads_any_group(client, ada, year_data):
    assert _as(client, ada).get(PAGE).status_code == 200


def test_a_year_outside_the_project_is_404(client, fanny, year_data):
    client = _as(client, fanny)
    assert client.get(reverse("monitoring:report", args=["tours-insertion", 4])).status_code == 404
    assert client.get(reverse("monitoring:project_report_xlsx", args=[0])).status_code == 404


def test_year_navigation(client, fanny, year_data):
    client = _as(client, fanny)
    first = client.get(PAGE).content.decode()
    assert reverse("monitoring:report", args=["tours-insertion", 2]) in first
    assert reverse("monitoring:report", args=["tours-insertion", 0]) not in first
    last = client.get(reverse("monitoring:report", args=["tours-insertion", 3])).content.decode()
    assert reverse("monitoring:report", args=["tours-insertion", 2]) in last
    assert reverse("monitoring:report", args=["tours-insertion", 4]) not in last


def test_everyone_signed_in_reads_the_whole_project_without_names(client, camille, fanny,
                                                                  year_data):
    page = _as(client, camille).get(PROJECT).content.decode()
    assert "Par groupe" in page and "Vierzon — santé" in page
    assert reverse("monitoring:project_report_pdf", args=[1]) in page
    asked = _as(client, fanny).get(PROJECT + "?noms=1").content.decode()
    assert "Fanny Martin" not in asked and "Léa Durand" not in asked
    book = _as(client, camille).get(reverse("monitoring:project_report_xlsx", args=[1]))
    assert "Par groupe" in _sheets(book) and "Présences" not in _sheets(book)
    assert _as(client, camille).get(
        reverse("monitoring:project_report_pdf", args=[1])).content.startswith(b"%PDF")
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("url", [PAGE, XLSX, PDF, PROJECT])
def test_anonymous_visitors_are_sent_to_sign_in(client, year_data, url):
    response = client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_user_text_is_escaped(client, fanny, year_data):
    from terreau.monitoring.models import WorkSession

    WorkSession.objects.filter(title="Formation aux données").update(
        title="<script>alert(1)</script>")
    page = _as(client, fanny).get(PAGE).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
