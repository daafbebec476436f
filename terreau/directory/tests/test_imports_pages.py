"""The import pages, the API and the command: who may import, the report before writing,
the background task, refusals (nothing written)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from terreau.core.testing import user_create
from terreau.directory.models import ChangeRecord, Service, Structure

pytestmark = pytest.mark.django_db
TASKS_IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
FRANCE_SERVICES = "real/france-services/liste-fs-20240801-centre-val-de-loire.csv"
POLE_EMPLOI = "real/emploi/pole-emploi-agences-2019-centre-val-de-loire.csv"
HEADER = ('"id_fs","insee_dep","lib_fs","adresse","complement_adresse","insee_com",'
          '"code_postal","lib_com","latitude","longitude"\n')


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = TASKS_IMMEDIATE


@pytest.fixture
def admin(db):
    return user_create("ada", password=None, is_superuser=True)


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def counts():
    return Structure.objects.count(), Service.objects.count(), ChangeRecord.objects.count()


def test_a_steward_imports_for_the_group_after_reading_the_report(
        client, steward, tours_group, vocabularies, services_dir):
    client.force_login(steward)
    page = client.get(reverse("directory:import"))
    assert page.status_code == 200
    # A steward of a group does not import for the whole instance.
    assert "Toute l'instance" not in page.content.decode()
    answer = client.post(reverse("directory:import"), {
        "file": upload(services_dir / FRANCE_SERVICES), "format": "france-services",
        "group": str(tours_group.pk)})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    report = client.get(answer["Location"])
    text = report.content.decode()
    assert "152 fiches lues : 152 à créer" in text and counts() == (0, 0, 0)
    done = client.post(answer["Location"], follow=True)
    assert "Import terminé" in done.content.decode()
    assert Structure.objects.filter(group=tours_group).count() == 152
    assert ChangeRecord.objects.filter(by=steward, via="import").count() == 304


def test_refused_records_are_left_out_only_when_asked(client, admin, vocabularies, tmp_path):
    path = tmp_path / "liste-fs-20240801.csv"
    path.write_text(HEADER + '"1","37","France services de Tours","1 rue X",,"37261","37000",'
                    '"Tours",147.39,0.68\n"2","37","France services de Joué","2 rue Y",,'
                    '"37122","37300","Joué-lès-Tours",47.35,0.66\n', encoding="utf-8")
    client.force_login(admin)
    answer = client.post(reverse("directory:import"), {
        "file": upload(path), "format": "france-services", "group": "__instance__"})
    report_url = answer["Location"]
    text = client.get(report_url).content.decode()
    assert "ligne 2 (« France services de Tours »)" in text and "hors des limites" in text
    refused = client.post(report_url)
    assert refused.status_code == 400 and counts() == (0, 0, 0)
    client.post(report_url, {"leave_out_refused": "on"})
    assert list(Structure.objects.values_list("nom", "group")) == [
        ("France services de Joué", None)]


@pytest.mark.parametrize("who", ["tours_member", "outsider"])
def test_members_who_are_not_stewards_cannot_import(client, request, who, tours_group):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("directory:import")).status_code == 403
    answer = client.post(reverse("api:directory_import"), {
        "fichier": SimpleUploadedFile("a.csv", HEADER.encode()), "format": "france-services",
        "groupe": tours_group.slug})
    assert answer.status_code == 403


def test_a_steward_cannot_import_for_the_instance_or_another_group(
        client, steward, other_group, tmp_path):
    client.force_login(steward)
    answer = client.post(reverse("directory:import"), {
        "file": SimpleUploadedFile("a.csv", HEADER.encode()), "format": "france-services",
        "group": "__instance__"})
    assert answer.status_code == 200 and "group" in answer.context["form"].errors
    for slug in ("", other_group.slug):
        answer = client.post(reverse("api:directory_import"), {
            "fichier": SimpleUploadedFile("a.csv", HEADER.encode()),
            "format": "france-services", "groupe": slug})
        assert answer.status_code == 403


def test_another_persons_pending_import_is_not_found(client, steward, admin, tours_group,
                                                     vocabularies, services_dir):
    client.force_login(admin)
    answer = client.post(reverse("directory:import"), {
        "file": upload(services_dir / FRANCE_SERVICES), "format": "france-services",
        "group": str(tours_group.pk)})
    client.force_login(steward)
    assert client.get(answer["Location"]).status_code == 404


def test_wrong_format_empty_or_too_large_files_are_refused_in_french(
        client, admin, settings, services_dir):
    client.force_login(admin)
    url = reverse("directory:import")
    answer = client.post(url, {"file": upload(services_dir / POLE_EMPLOI),
                               "format": "france-services", "group": "__instance__"})
    assert answer.status_code == 400
    assert "Rien n'a été enregistré" in answer.context["form"].errors["file"][0]
    assert not any((settings.MEDIA_ROOT / "imports" / "annuaire").iterdir())
    answer = client.post(url, {"file": SimpleUploadedFile("vide.csv", b""),
                               "format": "france-services", "group": "__instance__"})
    assert answer.status_code == 200 and answer.context["form"].errors["file"]
    settings.TERREAU_DIRECTORY_MAX_UPLOAD_MB = 0.01
    answer = client.post(url, {"file": upload(services_dir / FRANCE_SERVICES),
                               "format": "france-services", "group": "__instance__"})
    assert answer.status_code == 413 and "limite" in answer.content.decode()
    assert counts() == (0, 0, 0)


def test_the_api_checks_then_imports(client, admin, vocabularies, services_dir, tmp_path):
    client.force_login(admin)
    url = reverse("api:directory_import")
    mapping = json.dumps({"id": "REFERENCE_PE", "nom": "NOM", "adresse": "ADRESSE",
                          "code_postal": "CODE_POSTAL", "commune": "COMMUNE",
                          "latitude": "DN_LATITUDE", "longitude": "DN_LONGITUDE",
                          "date_maj": "=2019-11-13"})
    data = {"fichier": upload(services_dir / POLE_EMPLOI), "format": "table",
            "correspondance": mapping, "source": "pole-emploi", "essai": "true"}
    answer = client.post(url, data)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert not body["ecrit"] and body["compte_rendu"]["created"] == 36
    assert body["compte_rendu"]["merged"] == 3 and counts() == (0, 0, 0)
    data.update(fichier=upload(services_dir / POLE_EMPLOI), essai="false")
    answer = client.post(url, data)
    assert answer.status_code == 201 and answer.json()["ecrit"]
    assert Structure.objects.filter(source="pole-emploi").count() == 36
    answer = client.post(url, {"fichier": SimpleUploadedFile("vide.csv", b""),
                               "format": "table"})
    assert answer.status_code == 400 and "vide" in answer.json()["detail"]


def test_the_command_reports_then_writes_or_refuses(run_cli, vocabularies, services_dir,
                                                    tmp_path, tours_group):
    path = str(services_dir / FRANCE_SERVICES)
    code, out, err = run_cli("import-services", path, "--format", "france-services",
                             "--dry-run")
    assert code == 0, err
    assert "152 fiches lues : 152 à créer" in out and counts() == (0, 0, 0)
    code, out, err = run_cli("import-services", path, "--format", "france-services",
                             "--group", tours_group.slug)
    assert code == 0, err
    assert "152 créées" in out
    assert Structure.objects.filter(group=tours_group).count() == 152
    code, out, err = run_cli("import-services", path, "--format", "france-services")
    assert code == 0 and "0 créée, 0 mise à jour, 152 inchangées" in out

    bad = tmp_path / "liste-fs-20240801.csv"
    bad.write_text(HEADER + '"9","37","France services X","1 rue X",,"37261","37000","Tours",'
                   '47.39,55.0\n', encoding="utf-8")
    before = counts()
    code, out, err = run_cli("import-services", str(bad), "--format", "france-services")
    assert code == 1 and "Rien n'a été enregistré" in err
    assert "ligne 2 (« France services X ») — latitude" in out and counts() == before
    code, out, err = run_cli("import-services", str(services_dir / POLE_EMPLOI), "--format",
                             "france-services")
    assert code == 1 and "Rien n'a été écrit" in err
    code, out, err = run_cli("import-services", path, "--format", "france-services",
                             "--group", "inconnu")
    assert code == 1 and "Groupe inconnu" in err
