"""The zone import pages: who may use them, upload → preview → import → report, bad files."""

from html import unescape

import pytest
from django.urls import reverse

from terreau.territory.forms import ZoneUploadForm
from terreau.territory.imports import QUEUED_LABEL
from terreau.territory.models import Zone, ZoneImport

from .conftest import user_with_role

pytestmark = pytest.mark.django_db
IMPORT_URL = "/territoires/import/"


def upload(client, *paths, level="commune"):
    handles = [open(path, "rb") for path in paths]  # noqa: SIM115 (closed below)
    try:
        return client.post(IMPORT_URL, {"level": level, "files": handles})
    finally:
        for handle in handles:
            handle.close()


def confirm(client, job, **options):
    data = {"level": job.level, "code_field": "code", "name_field": "nom", "action": "confirm"}
    return client.post(reverse("territory:import_preview", args=[job.pk]), {**data, **options})


def test_the_import_page_has_the_expected_address():
    assert reverse("territory:import") == IMPORT_URL


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (IMPORT_URL, "/territoires/import/1/", "/territoires/import/1/suivi/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("role", "status"), [
    ("member", 403), ("facilitator", 403), ("steward", 200), ("admin", 200)])
def test_only_stewards_and_administrators_may_import(client, import_settings, role, status):
    client.force_login(user_with_role(f"personne-{role}", role))
    assert client.get(IMPORT_URL).status_code == status
    home = client.get(reverse("home")).content.decode()
    assert ("Importer des zones" in home) == (status == 200)  # the menu link


def test_a_member_cannot_post_a_file_either(client, import_settings, communes_37):
    client.force_login(user_with_role("camille", "member"))
    assert upload(client, communes_37).status_code == 403
    assert not ZoneImport.objects.exists()


def test_upload_preview_confirm_and_report(steward_client, communes_37):
    response = upload(steward_client, communes_37)
    job = ZoneImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("territory:import_preview", args=[job.pk])
    assert job.file.name.startswith("imports/zones/") and job.file.name.endswith(".geojson")

    page = steward_client.get(response["Location"]).content.decode()
    assert '<option value="code" selected>code</option>' in page  # detected code field
    assert '<option value="nom" selected>nom</option>' in page  # detected name field
    assert "<dd>272</dd>" in page and "<dd>EPSG:4326</dd>" in page
    assert "<td>37003</td><td>Amboise</td>" in page  # the first feature of the file
    assert page.count("<tr><td>") == 100  # the same features as on the map
    assert "<td>37261</td><td>Tours</td>" in page  # the 91st feature
    assert "Les 100 premières zones (sur 272)" in page
    assert 'id="preview-features"' in page and "preview-map.js" in page
    assert not Zone.objects.exists()  # nothing is imported before confirmation

    response = confirm(steward_client, job, vintage="2018")
    assert response["Location"] == reverse("territory:import_progress", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.progress, job.vintage) == ("done", 100, 2018)
    assert job.report["created"] == 272
    page = steward_client.get(response["Location"]).content.decode()
    assert "272 créées, 0 mises à jour." in page
    assert 'value="100"' in page and "hx-trigger" not in page  # finished: polling stops
    assert Zone.objects.filter(level="commune").count() == 272
    listing = steward_client.get(IMPORT_URL).content.decode()
    assert "communes-37-indre-et-loire.geojson" in listing and "272 créées" in listing


def test_the_progress_part_polls_every_second_while_the_import_waits(steward_client, communes_37):
    upload(steward_client, communes_37)
    job = ZoneImport.objects.get()
    job.progress_label, job.progress = QUEUED_LABEL, 0
    job.save()
    status_url = reverse("territory:import_status", args=[job.pk])
    page = steward_client.get(reverse("territory:import_progress", args=[job.pk])).content.decode()
    assert f'hx-get="{status_url}" hx-trigger="every 1s"' in page
    ZoneImport.objects.filter(pk=job.pk).update(status="running", progress=40,
                                                progress_label="Simplification des contours")
    part = steward_client.get(status_url).content.decode()
    assert '<progress id="import-progress" max="100" value="40">' in part
    assert "Simplification des contours" in part and "<html" not in part


def test_the_user_may_choose_other_fields_in_the_preview(steward_client, communes_37):
    upload(steward_client, communes_37)
    job = ZoneImport.objects.get()
    page = steward_client.post(reverse("territory:import_preview", args=[job.pk]), {
        "level": "commune", "code_field": "code", "name_field": "code", "action": "preview",
    }).content.decode()
    assert "<td>37003</td><td>37003</td>" in page


def test_the_parts_of_a_shapefile_can_be_sent_together(steward_client, lambert93):
    folder = lambert93["shp"].parent
    parts = [folder / f"communes37.{ext}" for ext in ("shp", "shx", "dbf", "prj")]
    response = upload(steward_client, *parts)
    job = ZoneImport.objects.get()
    assert response.status_code == 302 and job.file.name.endswith("communes37.zip")
    assert job.original_name == "communes37.dbf, communes37.prj, communes37.shp, communes37.shx"
    page = steward_client.get(response["Location"]).content.decode()
    assert "<dd>EPSG:2154</dd>" in page and "Amboise" in page
    confirm(steward_client, job)
    job.refresh_from_db()
    assert job.status == "done" and job.report["source_crs"] == "EPSG:2154"


def test_a_zipped_shapefile_is_accepted(steward_client, lambert93):
    upload(steward_client, lambert93["zip"])
    job = ZoneImport.objects.get()
    confirm(steward_client, job)
    job.refresh_from_db()
    assert job.status == "done" and job.report["created"] == 272


def test_a_shapefile_without_prj_asks_for_its_coordinate_system(steward_client, lambert93):
    folder = lambert93["noprj"].parent
    upload(steward_client, *(folder / f"communes37.{ext}" for ext in ("shp", "shx", "dbf")))
    job = ZoneImport.objects.get()
    preview_url = reverse("territory:import_preview", args=[job.pk])
    page = steward_client.get(preview_url).content.decode()
    assert "non déclaré par le fichier" in page
    assert 'name="crs"' in page and "Lambert-93 (EPSG:2154)" in page
    assert 'value="confirm"' not in page  # cannot confirm before the CRS is given
    assert confirm(steward_client, job).status_code == 200  # refused: still on the preview
    response = confirm(steward_client, job, crs="EPSG:2154")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.crs == "EPSG:2154"


def test_a_file_over_the_size_limit_is_refused_before_it_is_kept(
        steward_client, import_settings, communes_37):
    """The upload stops as soon as it passes the limit: the message names size and limit."""
    import_settings.TERREAU_MAX_UPLOAD_MB = 0.1
    response = upload(steward_client, communes_37)
    assert response.status_code == 413
    page = unescape(response.content.decode())
    assert "communes-37-indre-et-loire.geojson" in page
    assert "c'est plus que la limite de 0,1 Mo" in page
    assert not ZoneImport.objects.exists()


def test_the_csrf_check_still_holds_when_a_large_upload_is_cut_short(
        steward, import_settings, communes_37):
    """The token is read before the file, so refusing the file keeps the CSRF protection."""
    from django.test import Client

    import_settings.TERREAU_MAX_UPLOAD_MB = 0.1
    client = Client(enforce_csrf_checks=True)
    client.force_login(steward)
    client.get(IMPORT_URL)
    token = client.cookies["csrftoken"].value
    with open(communes_37, "rb") as handle:
        response = client.post(IMPORT_URL, {"csrfmiddlewaretoken": token, "level": "commune",
                                            "files": handle})
    assert response.status_code == 413
    with open(communes_37, "rb") as handle:
        forged = client.post(IMPORT_URL, {"level": "commune", "files": handle})
    assert forged.status_code == 403
    assert not ZoneImport.objects.exists()


def test_the_form_checks_each_file_size_too(import_settings, communes_37):
    from django.core.files.uploadedfile import SimpleUploadedFile

    import_settings.TERREAU_MAX_UPLOAD_MB = 0.1
    data = communes_37.read_bytes()
    form = ZoneUploadForm({"level": "commune"}, {"files": [
        SimpleUploadedFile("communes-37-indre-et-loire.geojson", data)]})
    assert not form.is_valid()
    assert form.errors["files"] == [
        "Le fichier « communes-37-indre-et-loire.geojson » pèse 0,4 Mo : c'est plus que la "
        "limite de 0,1 Mo fixée pour les imports. Envoyez-le zippé, découpez-le (par exemple un "
        "fichier par département) ou demandez à la personne qui administre Terreau de relever "
        "la limite."]


def test_a_table_of_statistics_is_refused_at_upload(steward_client, bad_files):
    path, _ = bad_files["not_geographic"]
    page = unescape(upload(steward_client, path).content.decode())
    assert "« populations-legales-2021-communes-centre-val-de-loire.csv » n'est pas d'un " \
        "format accepté" in page
    assert not ZoneImport.objects.exists()


def test_a_lone_shp_asks_for_its_companion_files(steward_client, lambert93):
    page = upload(steward_client, lambert93["shp"]).content.decode()
    assert "il manque .dbf, .shx" in page


def test_a_truncated_geojson_is_explained_in_the_preview(steward_client, bad_files):
    path, _ = bad_files["truncated"]
    upload(steward_client, path)
    job = ZoneImport.objects.get()
    page = steward_client.get(reverse("territory:import_preview", args=[job.pk])).content.decode()
    assert "est incomplet ou mal formé : erreur ligne 1, colonne" in page
    assert "Choisir un autre fichier" in page


@pytest.mark.parametrize("bad", ["duplicate", "no_code"])
def test_an_import_that_fails_shows_why_and_changes_nothing(
        steward_client, geo, bad_files, bad, zone_state):
    upload(steward_client, geo / "departements-centre-val-de-loire.geojson", level="departement")
    confirm(steward_client, ZoneImport.objects.get())
    before = zone_state()
    path, fragment = bad_files[bad]
    upload(steward_client, path)
    job = ZoneImport.objects.latest("created_at")
    response = confirm(steward_client, job)
    job.refresh_from_db()
    assert job.status == "failed" and fragment in job.error
    page = unescape(steward_client.get(response["Location"]).content.decode())
    assert "L'import a échoué" in page and "Aucune zone n'a été modifiée" in page
    assert fragment in page
    assert zone_state() == before
