"""The printable attendance sheet: the invited people with a signature column, empty
lines, the inhabitants' box (a number), facilitators only, and an audit event."""

import shutil
import subprocess
from datetime import date, time

import pytest
from django.urls import reverse

from terreau.core.models import AuditEvent
from terreau.monitoring.sessions import session_create

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext absent (poppler-utils)")
    path = tmp_path / "feuille.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


@pytest.fixture
def session(group, fanny, people):
    return session_create(group=group, by=fanny, title="Atelier diagnostic",
                          date=date(2025, 10, 7), start_time=time(14, 30), duration_hours=3,
                          place="Centre social Pluriel", agenda="1. Les chiffres du quartier",
                          invited=[people["lea"], people["mehdi"]])


def test_the_sheet_lists_the_invited_with_a_signature_column(client, group, fanny, session,
                                                             tmp_path):
    client.force_login(fanny)
    response = client.get(reverse("monitoring:attendance_sheet", args=[group.slug, session.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="emargement-tours-insertion-2025-10-07.pdf"' in response[
        "Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    for expected in ("Feuille d'émargement", "Atelier diagnostic", "Tours — insertion",
                     "7 octobre 2025", "14h30", "Centre social Pluriel",
                     "Les chiffres du quartier", "Léa Durand", "CCAS de Tours",
                     "Travailleuse sociale", "Mehdi Benali", "Signature",
                     "Habitant·es présent·es : ____"):
        assert expected in text, expected
    assert "Fanny Martin" not in text  # not invited
    event = AuditEvent.objects.get()
    assert (event.action, event.target_type, event.user) == ("export", "attendance", fanny)
    assert event.details["personnes_nommees"] == 2


def test_only_facilitators_print_it(client, group, mehdi, olga, session):
    url = reverse("monitoring:attendance_sheet", args=[group.slug, session.pk])
    client.force_login(mehdi)
    assert client.get(url).status_code == 403
    client.force_login(olga)
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.exists()
