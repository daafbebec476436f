"""The import pages: upload → first lines → columns → report → progress → version.

Files are INSEE's real ones (../shared/data/stats), or derived from them while the test runs
(a cell changed, a column repeated, lines cut). Zones are the communes of Indre-et-Loire
(`cvl_zones`): the comparateur covers the whole région, so its other communes are unknown
codes here, as they are on an instance that only loaded its own département.
"""

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.catalog.forms.mapping import (
    GROUP_NEEDED,
    LEVEL_MISMATCH,
    NO_COLUMN,
    SLUG_RESERVED,
    SLUG_TAKEN,
    VARIABLE_SLUG_INVALID,
)
from terreau.catalog.models import Dataset, DatasetVersion
from terreau.catalog.staging import staging_root
from terreau.catalog.tasks import data_import_run
from terreau.catalog.views.imports import ACCEPT_NEEDED

from .ui_factories import (
    check,
    column_data,
    dataset_make,
    derived,
    group_make,
    page_text,
    to_mapping,
    token_of,
    upload,
    user_make,
    visible_text,
)

COMPARATEUR = "base-cc-comparateur-2022-centre-val-de-loire.csv"
FILOSOFI = "filosofi-dec-iris-2019-centre-val-de-loire.csv"
TASKS_IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def import_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = TASKS_IMMEDIATE
    return settings


@pytest.fixture
def steward(db):
    return user_make("referente", group=group_make("tours", "Tours — insertion"),
                     role="steward")


@pytest.fixture
def steward_client(client, steward, import_settings, cvl_zones):
    client.force_login(steward)
    return client


@pytest.fixture
def comparateur(data_dir):
    return data_dir / "stats" / COMPARATEUR


# ---- Upload ------------------------------------------------------------------------------


@pytest.mark.parametrize("role,status", [("member", 403), ("facilitator", 403),
                                         ("steward", 200), ("admin", 200)])
def test_only_stewards_and_admins_may_import(client, db, role, status):
    client.force_login(user_make("quelqu-un", group=group_make("g"), role=role))
    assert client.get("/donnees/importer/").status_code == status


def test_a_file_over_the_size_limit_is_refused_in_french(steward_client, import_settings,
                                                         comparateur):
    import_settings.TERREAU_MAX_UPLOAD_MB = 0.1
    response = upload(steward_client, comparateur)
    assert response.status_code == 413
    assert "c'est plus que la limite de 0,1 Mo" in page_text(response)
    assert not staging_root().exists() or not any(staging_root().iterdir())


@pytest.mark.parametrize("name,content,message", [
    ("rapport.pdf", b"%PDF-1.4", "n'est pas d'un format accepté"),
    ("vide.csv", b"", "est vide"),
])
def test_a_wrong_or_empty_file_is_refused_in_french(steward_client, name, content, message):
    response = steward_client.post("/donnees/importer/",
                                   {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and message in page_text(response)


def test_a_binary_file_named_csv_gets_a_french_message_at_the_preview(steward_client,
                                                                      tmp_path):
    fake = tmp_path / "donnees.csv"
    fake.write_bytes(bytes(range(256)) * 10)
    response = steward_client.get(f"/donnees/importer/{token_of(upload(steward_client, fake))}"
                                  "/apercu/")
    assert "n'est pas un fichier texte (CSV)" in page_text(response)


# ---- First lines ------------------------------------------------------------------------


def test_the_preview_shows_the_raw_lines_with_the_detected_header(steward_client, comparateur):
    token = token_of(upload(steward_client, comparateur))
    page = page_text(steward_client.get(f"/donnees/importer/{token}/apercu/"))
    assert '<tr class="header-row">' in page and "en-tête détectée" in page
    assert "séparateur « ; »" in page and "P18_POP" in page and "18001" in page


def test_insee_title_lines_and_label_row_are_recognised(steward_client, data_dir):
    token = token_of(upload(steward_client, data_dir / "stats" / FILOSOFI))
    response = steward_client.get(f"/donnees/importer/{token}/apercu/")
    assert response.context["raw"].header_row == 6 and response.context["raw"].label_row == 5
    assert 'value="6" id="header-row-6" checked' in page_text(response)
    steward_client.post(f"/donnees/importer/{token}/apercu/", {"action": "continue",
                                                                "header_row": 6})
    columns = steward_client.get(f"/donnees/importer/{token}/colonnes/").context["formset"]
    med = next(c for c in columns.initial if c["column"] == "DEC_MED19")
    assert med["label"] == "Médiane (€)" and med["unit"] == "€" and med["kind"] == "median"
    assert columns.initial[0]["column"] == "IRIS" and not columns.initial[0]["include"]


def test_choosing_another_header_row_is_kept(steward_client, comparateur):
    token = token_of(upload(steward_client, comparateur))
    steward_client.post(f"/donnees/importer/{token}/apercu/", {"action": "continue",
                                                                "header_row": 2})
    response = steward_client.get(f"/donnees/importer/{token}/colonnes/")
    assert response.context["raw"].header_row == 2
    assert response.context["raw"].columns[0] == "18001"


def test_someone_else_cannot_open_a_pending_import(steward_client, client, comparateur):
    token = token_of(upload(steward_client, comparateur))
    client.force_login(user_make("autre-ref", group=group_make("blois"), role="steward"))
    for step in ("apercu", "colonnes", "verification", "suivi"):
        assert client.get(f"/donnees/importer/{token}/{step}/").status_code == 404


# ---- Columns -----------------------------------------------------------------------------


def test_the_mapping_proposes_the_code_column_level_and_kinds(steward_client, comparateur):
    _, response = to_mapping(steward_client, comparateur)
    form, columns = response.context["form"], response.context["formset"].initial
    assert form.initial["code_column"] == "CODGEO" and form.initial["level"] == "commune"
    kinds = {c["column"]: (c["include"], c["kind"]) for c in columns}
    assert kinds["CODGEO"] == (False, "")
    assert kinds["P18_POP"] == (True, "count") and kinds["MED19"] == (True, "median")
    assert "« MED » dans le nom : une médiane" in page_text(response)


@pytest.mark.parametrize("changes,message", [
    ({"slug": "importer"}, SLUG_RESERVED.format(slug="importer")),
    ({"sensitivity": "group", "owner_group": ""}, GROUP_NEEDED),
    ({"col-1-slug": "P18 pop"}, VARIABLE_SLUG_INVALID),
])
def test_mapping_mistakes_are_explained_in_french(steward_client, comparateur, changes,
                                                  message):
    token, response = to_mapping(steward_client, comparateur)
    response = steward_client.post(f"/donnees/importer/{token}/colonnes/",
                                   column_data(response, **changes))
    assert response.status_code == 200 and message in page_text(response)


def test_at_least_one_column_must_be_imported(steward_client, comparateur):
    token, response = to_mapping(steward_client, comparateur)
    data = {k: v for k, v in column_data(response).items() if not k.endswith("-include")}
    assert NO_COLUMN in page_text(steward_client.post(f"/donnees/importer/{token}/colonnes/",
                                                      data))


def test_a_new_dataset_cannot_take_an_existing_identifier(steward_client, comparateur):
    dataset_make("comparateur", sensitivity="open")
    token, response = to_mapping(steward_client, comparateur)
    response = steward_client.post(f"/donnees/importer/{token}/colonnes/",
                                   column_data(response, slug="comparateur"))
    assert SLUG_TAKEN.format(slug="comparateur") in page_text(response)


def test_a_new_version_must_keep_the_level_of_its_dataset(steward_client, comparateur):
    existing = dataset_make("revenus-iris", sensitivity="open", level="iris", title="Revenus")
    token, response = to_mapping(steward_client, comparateur)
    response = steward_client.post(f"/donnees/importer/{token}/colonnes/", column_data(
        response, dataset_mode="existing", dataset=existing.pk))
    assert LEVEL_MISMATCH.format(title="Revenus", level="IRIS") in page_text(response)


# ---- Report, confirmation, progress ----------------------------------------------------


def test_nothing_is_written_before_the_report_is_confirmed(steward_client, comparateur):
    token = check(steward_client, comparateur)
    assert not Dataset.objects.exists() and not DatasetVersion.objects.exists()
    page = page_text(steward_client.get(f"/donnees/importer/{token}/verification/"))
    assert "Codes inconnus : à corriger ou à laisser de côté" in page
    assert "le code 18001 n'est pas une zone « commune » connue" in page
    assert "Laisser de côté les codes inconnus" in page
    text = visible_text(steward_client.get(f"/donnees/importer/{token}/verification/"))
    assert "Médiane (« MED » dans le nom : une médiane)" in text


def test_a_kind_changed_by_the_steward_is_reported_as_chosen(steward_client, comparateur):
    token, response = to_mapping(steward_client, comparateur)
    med = next(i for i, c in enumerate(response.context["formset"].initial)
               if c["column"] == "MED19")
    steward_client.post(f"/donnees/importer/{token}/colonnes/", column_data(
        response, slug="comparateur", title="Comparateur", **{f"col-{med}-kind": "index"}))
    text = visible_text(steward_client.get(f"/donnees/importer/{token}/verification/"))
    assert "Indice (choisie)" in text


def test_unknown_codes_must_be_left_out_explicitly(steward_client, comparateur):
    token = check(steward_client, comparateur)
    response = steward_client.post(f"/donnees/importer/{token}/verification/")
    assert response.status_code == 400 and ACCEPT_NEEDED in page_text(response)
    assert not Dataset.objects.exists()


def test_accepting_leaves_unknown_codes_out_and_imports_the_rest(steward_client, steward,
                                                                 comparateur):
    token = check(steward_client, comparateur)
    response = steward_client.post(f"/donnees/importer/{token}/verification/",
                                   {"accept_unknown_codes": "on"})
    assert response["Location"] == f"/donnees/importer/{token}/suivi/"
    page = page_text(steward_client.get(response["Location"]))
    assert "Import terminé" in page and "La version 1 de « Comparateur 2022 »" in page
    version = DatasetVersion.objects.get()
    assert "des valeurs pour 272 zones" in page
    assert version.created_by == steward and len(version.zone_id_array()) == 272
    assert version.source_filename == COMPARATEUR
    dataset = page_text(steward_client.get("/donnees/comparateur/v1/", {"zone": "tours"}))
    assert "136\xa0463" in dataset and "Joué-lès-Tours" in dataset
    tours = steward_client.get("/api/v1/donnees/jeux/comparateur/versions/1/valeurs",
                               {"zone": "37261", "variable": "p18_pop"}).json()
    assert tours["valeurs"][0]["valeur"] == 136463


def test_importing_again_makes_version_2_and_says_what_changed(steward_client, comparateur):
    for _ in range(2):
        token = check(steward_client, comparateur) if not Dataset.objects.exists() else None
        if token is None:
            token, response = to_mapping(steward_client, comparateur)
            existing = Dataset.objects.get()
            steward_client.post(f"/donnees/importer/{token}/colonnes/", column_data(
                response, dataset_mode="existing", dataset=existing.pk, period="2018"))
        steward_client.post(f"/donnees/importer/{token}/verification/",
                            {"accept_unknown_codes": "on"})
    page = page_text(steward_client.get(f"/donnees/importer/{token}/suivi/"))
    assert "La version 2" in page and "aucun changement" in page
    assert "version antérieure" in page_text(steward_client.get("/donnees/comparateur/v1/"))


def test_cells_that_are_not_numbers_block_the_import_with_line_and_column(steward_client,
                                                                          comparateur,
                                                                          tmp_path):
    lines = comparateur.read_bytes().decode("ascii").split("\r\n")
    tours = next(i for i, line in enumerate(lines) if line.startswith("37261;"))
    cells = lines[tours].split(";")
    cells[1] = "beaucoup"
    lines[tours] = ";".join(cells)
    broken = tmp_path / COMPARATEUR
    broken.write_bytes("\r\n".join(lines).encode("ascii"))
    token = check(steward_client, broken)
    page = page_text(steward_client.get(f"/donnees/importer/{token}/verification/"))
    assert f"Ligne {tours + 1}, colonne « P18_POP » (code 37261) : « beaucoup »" in page
    assert "Le fichier ne peut pas être importé tel quel" in page
    assert 'name="accept_unknown_codes"' not in page
    steward_client.post(f"/donnees/importer/{token}/verification/",
                        {"accept_unknown_codes": "on"})
    assert not Dataset.objects.exists()


def test_a_restricted_dataset_names_its_importer_steward(steward_client, steward, comparateur):
    token = check(steward_client, comparateur, sensitivity="restricted")
    steward_client.post(f"/donnees/importer/{token}/verification/",
                        {"accept_unknown_codes": "on"})
    assert list(Dataset.objects.get().stewards.all()) == [steward]


def test_the_progress_page_is_polled_every_second_until_the_end(steward_client, comparateur,
                                                                import_settings):
    import_settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    token = check(steward_client, comparateur)
    steward_client.post(f"/donnees/importer/{token}/verification/",
                        {"accept_unknown_codes": "on"})
    page = page_text(steward_client.get(f"/donnees/importer/{token}/suivi/",
                                        headers={"HX-Request": "true"}))
    assert page.startswith('<div id="import-status"') and 'hx-trigger="every 1s"' in page
    assert "En attente du traitement en arrière-plan" in page
    data_import_run(token)
    page = page_text(steward_client.get(f"/donnees/importer/{token}/suivi/",
                                        headers={"HX-Request": "true"}))
    assert "hx-trigger" not in page and "Import terminé" in page
    assert not any((staging_root() / token / "fichier").iterdir())


def test_an_import_refused_by_the_worker_writes_nothing_and_says_why(steward_client,
                                                                     comparateur):
    token = check(steward_client, comparateur)
    dataset_make("comparateur", level="iris", sensitivity="open")  # taken meanwhile
    steward_client.post(f"/donnees/importer/{token}/verification/",
                        {"accept_unknown_codes": "on"})
    page = page_text(steward_client.get(f"/donnees/importer/{token}/suivi/"))
    assert "L'import a échoué" in page and "est au niveau « iris »" in page
    assert not DatasetVersion.objects.exists()


def test_an_expired_pending_import_is_404(steward_client, comparateur):
    token = token_of(upload(steward_client, comparateur))
    shutil.rmtree(staging_root() / token)
    assert steward_client.get(f"/donnees/importer/{token}/apercu/").status_code == 404


def test_a_workbook_sheet_is_chosen_in_the_preview(steward_client, comparateur, tmp_path):
    """A workbook derived from the comparateur: a notes sheet first, then the data sheet
    with a title line above the header, as partners' spreadsheets often have."""
    from openpyxl import Workbook

    lines = comparateur.read_bytes().decode("ascii").split("\r\n")
    rows = [line.split(";") for line in lines[:40] if line]
    workbook = Workbook()
    workbook.active.title = "Lisez-moi"
    workbook.active.append(["Source : INSEE, comparateur de territoires 2022"])
    sheet = workbook.create_sheet("Communes")
    sheet.append(["Comparateur de territoires, communes du Centre-Val de Loire"])
    sheet.append([])
    for row in rows:
        sheet.append([row[0]] + [float(c) if c else None for c in row[1:]]
                     if row[0] != "CODGEO" else row)
    path = tmp_path / "comparateur.xlsx"
    workbook.save(path)
    token = token_of(upload(steward_client, path))
    first = steward_client.get(f"/donnees/importer/{token}/apercu/")
    assert first.context["raw"].sheets == ["Lisez-moi", "Communes"]
    assert '<option value="Communes">Communes</option>' in page_text(first)
    chosen = steward_client.get(f"/donnees/importer/{token}/apercu/", {"feuille": "Communes"})
    assert chosen.context["raw"].sheet == "Communes" and chosen.context["raw"].header_row == 3
    steward_client.post(f"/donnees/importer/{token}/apercu/", {
        "action": "continue", "sheet": "Communes", "header_row": 3})
    mapping = steward_client.get(f"/donnees/importer/{token}/colonnes/")
    assert mapping.context["raw"].columns[:2] == ["CODGEO", "P18_POP"]
    assert mapping.context["form"].initial["code_column"] == "CODGEO"


def test_a_duplicate_row_is_reported_with_its_lines(steward_client, comparateur, tmp_path):
    def twice(lines):
        tours = next(i for i, line in enumerate(lines) if line.startswith("37261;"))
        lines.insert(tours + 1, lines[tours])

    token = check(steward_client, derived(comparateur, tmp_path, twice))
    page = visible_text(steward_client.get(f"/donnees/importer/{token}/verification/"))
    assert "Lignes en double (1)" in page
    assert "Le code 37261 apparaît 2 fois (lignes 1145 et 1146)" in page
    assert "Le fichier ne peut pas être importé tel quel" in page


def test_a_column_named_twice_is_reported(steward_client, comparateur, tmp_path):
    def rename(lines):
        lines[0] = lines[0].replace("P13_POP", "P18_POP")

    token = check(steward_client, derived(comparateur, tmp_path, rename))
    page = visible_text(steward_client.get(f"/donnees/importer/{token}/verification/"))
    assert "La colonne « P18_POP » apparaît 2 fois dans l'en-tête (colonnes 2 et 3)" in page
    assert not Dataset.objects.exists()


def test_a_column_of_periods_makes_one_series_per_period(steward_client, comparateur,
                                                         tmp_path):
    """A long table derived from the comparateur: one line per commune and census year."""
    lines = comparateur.read_bytes().decode("ascii").split("\r\n")
    header = lines[0].split(";")
    pop18, pop13 = header.index("P18_POP"), header.index("P13_POP")
    rows = ["CODGEO;ANNEE;POP"]
    for line in lines[1:]:
        cells = line.split(";")
        if cells[0].startswith("37"):
            rows += [f"{cells[0]};2013;{cells[pop13]}", f"{cells[0]};2018;{cells[pop18]}"]
    path = tmp_path / "population-37-2013-2018.csv"
    path.write_text("\r\n".join(rows), encoding="ascii")
    token, response = to_mapping(steward_client, path)
    year = next(i for i, c in enumerate(response.context["formset"].initial)
                if c["column"] == "ANNEE")
    data = column_data(response, slug="population", title="Population 2013 et 2018",
                       period_mode="column", period_column="ANNEE")
    data.pop(f"col-{year}-include", None)
    steward_client.post(f"/donnees/importer/{token}/colonnes/", data)
    steward_client.post(f"/donnees/importer/{token}/verification/")
    tours = steward_client.get("/api/v1/donnees/jeux/population/versions/1/valeurs",
                               {"zone": "37261"}).json()
    assert {(v["periode"], v["valeur"]) for v in tours["valeurs"]} == {("2013", 134803.0),
                                                                       ("2018", 136463.0)}
    page = visible_text(steward_client.get("/donnees/population/", {"zone": "37261"}))
    assert "pop 2013 pop 2018" in page and "134 803 136 463" in page.replace("\xa0", " ")


def test_the_upload_is_protected_against_cross_site_requests(steward, import_settings,
                                                             comparateur):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(steward)
    assert upload(browser, comparateur).status_code == 403
    assert not staging_root().exists() or not any(staging_root().iterdir())


def test_the_upload_page_lists_my_last_imports(steward_client, comparateur):
    token = check(steward_client, comparateur)
    steward_client.post(f"/donnees/importer/{token}/verification/",
                        {"accept_unknown_codes": "on"})
    page = page_text(steward_client.get("/donnees/importer/"))
    assert "Comparateur 2022, version 1" in page and COMPARATEUR in page
