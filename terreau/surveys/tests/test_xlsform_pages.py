"""The XLSForm pages: designers import (new questionnaire or new version), members
download; another group's questionnaire is a 404, a member's import a 403; a faulty or too
large file writes nothing and says why beside the file field."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from terreau.indicators.tests.factories import user_make
from terreau.surveys.models import Questionnaire, QuestionnaireVersion
from terreau.surveys.xlsform import MAX_BYTES, xlsform_read
from terreau.surveys.xlsform_errors import XLSFormError

IMPORT = "/enquetes/importer/"
FORMS = "surveys/xlsforms"
NESTED = "kobo-nested-repeats.xls"
EPFL = "epfl-wash-household-survey-abidjan-2022-fr.xls"


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


@pytest.fixture
def questionnaire(data_dir, tours_group, facilitator):
    from terreau.surveys.services import questionnaire_create
    definition = xlsform_read(data_dir / FORMS / "pyxform-choice-filter-test.xlsx")
    return questionnaire_create(group=tours_group, definition=definition, user=facilitator,
                                slug="villes", source_name="choice.xlsx")


def upload(data_dir, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (data_dir / FORMS / name).read_bytes())


@pytest.mark.parametrize(("who", "url", "status"), [
    ("facilitator", IMPORT, 200),
    ("facilitator", "/enquetes/villes/importer/", 200),
    ("tours_member", IMPORT, 403),
    ("tours_member", "/enquetes/villes/importer/", 403),
    ("steward", "/enquetes/villes/importer/", 403),
    ("outsider", "/enquetes/villes/importer/", 404),
    ("member", IMPORT, 403),
    ("tours_member", "/enquetes/villes/xlsform/", 200),
    ("tours_member", "/enquetes/villes/versions/1/xlsform/", 200),
    ("tours_member", "/enquetes/villes/versions/2/xlsform/", 404),
    ("outsider", "/enquetes/villes/xlsform/", 404),
])
@pytest.mark.django_db
def test_who_imports_and_who_downloads(client, request, questionnaire, who, url, status):
    user = (user_make("marie") if who == "member" else request.getfixturevalue(who))
    client.force_login(user)
    assert client.get(url).status_code == status


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in(client, questionnaire):
    response = client.get("/enquetes/villes/xlsform/")
    assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.django_db
def test_a_designer_imports_a_new_questionnaire(client, data_dir, facilitator, tours_group):
    client.force_login(facilitator)
    page = client.get(IMPORT).content.decode()
    assert "Importer un XLSForm" in page and 'name="csrfmiddlewaretoken"' in page
    response = client.post(IMPORT, {"file": upload(data_dir, NESTED),
                                    "destination": "nouveau:tours-insertion",
                                    "slug": "enfants"})
    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get(slug="enfants")
    assert response["Location"] == questionnaire.get_absolute_url()
    assert (questionnaire.title, questionnaire.group) == ("Nested repeats Test", tours_group)
    version = questionnaire.latest_version()
    assert version.source_name == NESTED
    assert version.definition == xlsform_read(data_dir / FORMS / NESTED)


@pytest.mark.django_db
def test_a_designer_imports_a_new_version(client, data_dir, facilitator, questionnaire):
    client.force_login(facilitator)
    page = client.get("/enquetes/villes/importer/").content.decode()
    assert 'value="version:villes" selected' in page
    response = client.post("/enquetes/villes/importer/", {
        "file": upload(data_dir, NESTED), "destination": "version:villes",
        "note": "Les enfants du foyer"})
    assert response.status_code == 302
    version = questionnaire.latest_version()
    assert version.definition["form_id"] == "nested_repeats"
    assert version.note == "Les enfants du foyer"


@pytest.mark.django_db
def test_the_epfl_form_is_refused_and_nothing_is_written(client, data_dir, facilitator):
    client.force_login(facilitator)
    response = client.post(IMPORT, {"file": upload(data_dir, EPFL),
                                    "destination": "nouveau:tours-insertion"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Feuille « survey », ligne 62, colonne « name »" in page
    assert "HandWashHabits1" in page
    assert not Questionnaire.objects.exists()
    assert not QuestionnaireVersion.objects.exists()


@pytest.mark.django_db
def test_too_large_or_wrong_files_are_refused_before_reading(client, facilitator):
    client.force_login(facilitator)
    big = SimpleUploadedFile("gros.xlsx", b"0" * (MAX_BYTES + 1))
    response = client.post(IMPORT, {"file": big, "destination": "nouveau:tours-insertion"})
    assert response.status_code == 400
    assert "la limite est de 5,0 Mo" in response.content.decode()
    csv = SimpleUploadedFile("questions.csv", b"type,name\ntext,nom\n")
    response = client.post(IMPORT, {"file": csv, "destination": "nouveau:tours-insertion"})
    assert "n&#x27;est pas un classeur XLSForm" in response.content.decode()
    assert not Questionnaire.objects.exists()


@pytest.mark.django_db
def test_a_designer_cannot_import_into_another_group(client, data_dir, facilitator,
                                                     other_group):
    client.force_login(facilitator)
    response = client.post(IMPORT, {"file": upload(data_dir, NESTED),
                                    "destination": "nouveau:blois-sante"})
    assert response.status_code == 400
    assert not Questionnaire.objects.exists()


@pytest.mark.django_db
def test_a_member_downloads_the_xlsform_that_reads_back_the_same(client, tours_member,
                                                                  questionnaire):
    client.force_login(tours_member)
    response = client.get("/enquetes/villes/xlsform/")
    assert response["Content-Disposition"] == 'attachment; filename="villes-v1.xlsx"'
    content = response.content
    assert load_workbook(io.BytesIO(content)).sheetnames == ["survey", "choices", "settings"]
    try:
        again = xlsform_read(content, "villes-v1.xlsx")
    except XLSFormError as error:  # pragma: no cover - the message says what went wrong
        pytest.fail(str(error))
    assert again == questionnaire.latest_version().definition
