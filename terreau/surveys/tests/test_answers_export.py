"""Answers leave Terreau only to their group's answer readers, and the audit log knows;
the import page is the designers'; the report comes before anything is written."""

import csv
import io

import pytest
from django.urls import reverse

from terreau.core.choices import AuditAction, AuditTarget
from terreau.core.models import AuditEvent
from terreau.indicators.tests.factories import user_make
from terreau.surveys.imports import answers_import
from terreau.surveys.models import Submission
from terreau.surveys.services import questionnaire_create
from terreau.surveys.xlsform import xlsform_read

pytestmark = pytest.mark.django_db

BROWSERS = ["web_browsers/firefox", "web_browsers/chrome", "web_browsers/ie",
            "web_browsers/safari"]


@pytest.fixture
def kobo_csv(data_dir):
    return data_dir / "surveys" / "exports" / "kobo-nested-repeats-export.csv"


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


@pytest.fixture
def questionnaire(tours_group, facilitator, data_dir):
    path = data_dir / "surveys" / "xlsforms" / "kobo-nested-repeats.xls"
    return questionnaire_create(group=tours_group, definition=xlsform_read(path, path.name),
                                user=facilitator, slug="enfants")


@pytest.fixture
def imported(questionnaire, kobo_csv):
    answers_import(kobo_csv, questionnaire)
    return questionnaire


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_cli_export_one_row_per_answer_and_a_0_1_column_per_choice(imported, run_cli, tmp_path):
    out = tmp_path / "reponses.csv"

    code, _, err = run_cli("export-answers", "enfants", "-o", str(out))

    assert code == 0 and "2 réponse(s) écrite(s)" in err
    rows = rows_of(out.read_text(encoding="utf-8"))
    assert len(rows) == 2
    header = list(rows[0])
    assert header[header.index("web_browsers/firefox"):][:4] == BROWSERS
    by_name = {r["address"]: r for r in rows}
    assert [by_name["1234"][c] for c in BROWSERS] == ["0", "0", "1", "1"]
    assert [by_name["5678"][c] for c in BROWSERS] == ["1", "1", "1", "0"]
    # A geopoint as numbers (as Kobo splits it): a text "-1.26 …" would be made inert.
    assert [by_name["1234"][f"_gps_{p}"] for p in ("latitude", "longitude", "precision")] == [
        "-1.2627557", "36.7926442", "30.0"]
    assert by_name["1234"]["has_kids"] == "1" and by_name["1234"]["source"] == "import"
    assert '"kids_name": "Hansel"' in by_name["1234"]["kids_details"]  # a repeat, as JSON
    event = AuditEvent.objects.get()
    assert (event.action, event.target_type, event.target_id) == (
        AuditAction.EXPORT, AuditTarget.QUESTIONNAIRE, "enfants")
    assert event.details["reponses"] == 2 and "ligne de commande" in event.actor


def test_cli_export_of_an_unknown_questionnaire_fails(db, run_cli):
    code, _, err = run_cli("export-answers", "inconnu")
    assert code == 1 and "Questionnaire inconnu" in err
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("person", "status"), [
    ("anonymous", 302), ("outsider", 404), ("tours_member", 403), ("steward", 200),
    ("facilitator", 200),
])
def test_export_button_only_for_answer_readers(request, client, imported, person, status):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))

    response = client.get(reverse("surveys:answers_export", args=["enfants"]))

    assert response.status_code == status
    assert AuditEvent.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        assert response["Content-Disposition"] == 'attachment; filename="reponses-enfants.csv"'
        assert len(rows_of(response.content.decode())) == 2
        assert AuditEvent.objects.get().user.username == request.getfixturevalue(person).username


@pytest.mark.parametrize(("person", "status"), [
    ("anonymous", 302), ("outsider", 404), ("tours_member", 403), ("steward", 403),
    ("facilitator", 200),
])
def test_import_page_only_for_designers(request, client, questionnaire, person, status):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))

    response = client.get(reverse("surveys:answers_import", args=["enfants"]))

    assert response.status_code == status



def test_page_reports_first_then_writes_on_confirmation(client, questionnaire, facilitator,
                                                        kobo_csv):
    client.force_login(facilitator)
    url = reverse("surveys:answers_import", args=["enfants"])

    with open(kobo_csv, "rb") as handle:
        checked = client.post(url, {"file": handle})
    assert checked.status_code == 200
    assert "Importer 2 réponses" in checked.text
    assert not Submission.objects.exists()

    done = client.post(url, {"confirmer": "1"})
    assert "Réponses ajoutées : 2" in done.text
    assert Submission.objects.count() == 2

    with open(kobo_csv, "rb") as handle:
        again = client.post(url, {"file": handle})
    assert "déjà importées : rien à ajouter" in again.text


def test_page_shows_the_refused_row_and_column_and_writes_nothing(client, questionnaire,
                                                                  facilitator, kobo_csv,
                                                                  tmp_path):
    bad = tmp_path / "kobo.csv"
    bad.write_text(kobo_csv.read_text().replace(",Tom,8,", ",Tom,huit,"))
    client.force_login(facilitator)
    url = reverse("surveys:answers_import", args=["enfants"])

    with open(bad, "rb") as handle:
        refused = client.post(url, {"file": handle})

    assert refused.status_code == 400
    assert "rien n'a été enregistré" in refused.text
    assert "<td>3</td><td><code>kids/kids_details[1]/kids_age</code></td>" in refused.text
    assert "Importer" not in refused.text.split("Problèmes par ligne")[1].split("</table>")[0]
    assert client.post(url, {"confirmer": "1"}).status_code == 200
    assert not Submission.objects.exists()


def test_page_refuses_a_file_that_is_not_an_export(client, questionnaire, facilitator,
                                                   tmp_path):
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF-1.4")
    client.force_login(facilitator)

    with open(other, "rb") as handle:
        response = client.post(reverse("surveys:answers_import", args=["enfants"]),
                               {"file": handle})

    assert response.status_code == 400
    assert "n&#x27;est pas un export CSV ou XLSX" in response.text
