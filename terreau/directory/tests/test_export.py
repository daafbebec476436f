"""The directory as data·inclusion v1 files: every exported record valid against the real
JSON Schemas, what is left out said in the report, the CSV readable back, the command."""

import csv
import io
import json
import zipfile

import pytest
from jsonschema import Draft202012Validator

from terreau.core.models import AuditEvent
from terreau.directory.export import (
    SERVICE_COLUMNS,
    STRUCTURE_COLUMNS,
    export_build,
    export_bytes,
    export_filename,
)

from .exports import (
    TODAY,
    directory_fixture,  # noqa: F401  (the fixture `directory`)
    structure_make,
)


@pytest.fixture
def validators(services_dir):
    def load(name):
        schema = json.loads((services_dir / "data-inclusion" / name).read_text())
        return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return load("structure.json"), load("service.json")


def invalid(validators, content: dict) -> list:
    structure, service = validators
    return ([e for r in content["structures"] for e in structure.iter_errors(r)]
            + [e for r in content["services"] for e in service.iter_errors(r)])


def test_json_export_is_valid(directory, validators, services_dir):
    export = export_build(schema_dir=services_dir / "data-inclusion")
    content = json.loads(export_bytes(export, "datainclusion-json"))
    assert set(content) == {"structures", "services"}
    assert invalid(validators, content) == []
    assert [s["id"] for s in content["structures"]] == [
        "ccas-tours", "cs-blois", "la-poste-tours-sanitas"]
    assert sorted(s["id"] for s in content["services"]) == [
        "ccas-tours--garde", "ccas-tours--numerique", "la-poste-tours-sanitas--fs"]
    report = export.report
    assert (report.structures, report.services) == (3, 3)
    assert (report.examples, report.closed_structures, report.closed_services) == (1, 1, 1)
    assert report.invalid == [] and report.schema_checked


def test_group_themes_are_left_out_and_reported(directory, services_dir):
    export = export_build(schema_dir=services_dir / "data-inclusion")
    services = {s["id"]: s for s in export.services}
    assert services["ccas-tours--numerique"]["thematiques"] == [
        "numerique--acceder-a-des-services-en-ligne"]
    assert services["ccas-tours--garde"]["thematiques"] is None
    assert dict(export.report.group_themes) == {"Garde d'enfants en horaires décalés": 2}
    lines = "\n".join(export.report.lines())
    assert "« Garde d'enfants en horaires décalés » (2)" in lines
    assert "1 structure(s) d'exemple (fictives) non exportée(s)" in lines
    assert "Fermés, non exportés : 1 structure(s), 1 service(s)" in lines
    assert "conforme au schéma JSON data·inclusion v1" in lines


def test_records_keep_their_values(directory, services_dir):
    export = export_build(schema_dir=services_dir / "data-inclusion")
    ccas = export.structures[0]
    assert ccas == {
        "source": "mediation-numerique", "id": "ccas-tours", "siret": "26370028800255",
        "nom": "CCAS de Tours", "description": "Le centre communal d'action sociale.",
        "adresse": "4 rue Jules Simon", "complement_adresse": None, "code_postal": "37000",
        "code_insee": "37261", "commune": "Tours", "longitude": 0.6848, "latitude": 47.3941,
        "telephone": "+33247702000", "courriel": "ccas@ville-tours.fr",
        "site_web": "https://www.tours.fr", "lien_source": None,
        "horaires_accueil": "Mo-Fr 08:30-12:30; PH off", "accessibilite_lieu": None,
        "reseaux_porteurs": ["ccas-cias"], "date_maj": "2022-10-03"}
    service = next(s for s in export.services if s["id"] == "ccas-tours--numerique")
    assert service["structure_id"] == "ccas-tours"
    assert service["zone_eligibilite"] == ["37261", "243700754"]
    assert "contact_nom_prenom" not in service  # a person's name stays in Terreau


def test_group_export(directory, tours_group, services_dir):
    export = export_build(tours_group, schema_dir=services_dir / "data-inclusion")
    assert [s["id"] for s in export.structures] == ["ccas-tours"]
    assert export.report.scope == "groupe Tours Insertion"


def test_a_record_breaking_the_schema_is_listed_not_exported(directory, services_dir,
                                                             validators):
    structure_make({"id": "trop-long", "nom": "Maison " * 30, "description": "Non"})
    export = export_build(schema_dir=services_dir / "data-inclusion")
    assert "trop-long" not in [s["id"] for s in export.structures]
    assert len(export.report.invalid) == 1
    assert export.report.invalid[0].startswith("structure mediation-numerique/trop-long")
    assert "« nom »" in export.report.invalid[0] and "« description »" in export.report.invalid[0]
    assert invalid(validators, {"structures": export.structures,
                                "services": export.services}) == []


def test_export_without_schema_files_uses_the_national_lists(directory):
    from terreau.directory import export as module

    built = module.export_build(schema_dir=None) if module.schema_dir_find() is None else None
    if built is None:  # the shared data are there: force the fallback
        original = module.schema_dir_find
        module.schema_dir_find = lambda: None
        try:
            built = module.export_build()
        finally:
            module.schema_dir_find = original
    assert not built.report.schema_checked
    assert built.report.group_themes["Garde d'enfants en horaires décalés"] == 2
    assert "Schéma JSON data·inclusion introuvable" in built.report.lines()[-1]


def test_csv_zip_reads_back(directory, services_dir):
    export = export_build(schema_dir=services_dir / "data-inclusion")
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(export, "datainclusion-csv")))
    assert archive.namelist() == ["structures.csv", "services.csv"]
    structures = list(csv.DictReader(io.StringIO(archive.read("structures.csv").decode())))
    services = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode())))
    assert tuple(structures[0]) == STRUCTURE_COLUMNS
    assert tuple(services[0]) == SERVICE_COLUMNS and "contact_nom_prenom" not in services[0]
    poste = next(row for row in structures if row["id"] == "la-poste-tours-sanitas")
    assert poste["reseaux_porteurs"].split("|") == ["la-poste", "france-service"]
    assert float(poste["latitude"]) == 47.3835 and poste["complement_adresse"] == ""
    ccas = next(row for row in structures if row["id"] == "ccas-tours")
    assert ccas["telephone"] == "'+33247702000"  # a spreadsheet would run "+…" as a formula
    numerique = next(row for row in services if row["id"] == "ccas-tours--numerique")
    assert numerique["modes_mobilisation"].split("|") == ["se-presenter", "telephoner"]
    assert numerique["zone_eligibilite"] == "37261|243700754"
    fs = next(row for row in services if row["id"] == "la-poste-tours-sanitas--fs")
    assert fs["description"] == "'- Aide aux démarches administratives."


def test_filename(tours_group):
    assert export_filename(tours_group, "datainclusion-csv", TODAY) == (
        "annuaire-tours-insertion-datainclusion-v1-2024-08-01.zip")
    assert export_filename(None, "datainclusion-json", TODAY) == (
        "annuaire-tout-datainclusion-v1-2024-08-01.json")


def test_command_writes_json(directory, run_cli, tmp_path, validators):
    out = tmp_path / "annuaire.json"
    code, stdout, stderr = run_cli("export-services", "--format", "datainclusion-json",
                                   "-o", str(out))
    assert code == 0, stderr
    content = json.loads(out.read_text())
    assert len(content["structures"]) == 3 and invalid(validators, content) == []
    assert "3 structures et 3 services" in stderr
    assert "Garde d'enfants en horaires décalés" in stderr
    event = AuditEvent.objects.get()
    assert event.action == "export" and event.details["format"] == "datainclusion-json"
    assert event.details["structures"] == 3 and "ligne de commande" in event.actor


def test_command_group_csv(directory, run_cli, tmp_path):
    out = tmp_path / "tours.zip"
    code, _stdout, stderr = run_cli("export-services", "--group", "tours-insertion",
                                    "--format", "datainclusion-csv", "-o", str(out))
    assert code == 0, stderr
    rows = zipfile.ZipFile(out).read("structures.csv").decode().splitlines()
    assert len(rows) == 2 and "ccas-tours" in rows[1]


def test_command_json_to_standard_output(directory, run_cli):
    code, stdout, stderr = run_cli("export-services", "--format", "datainclusion-json")
    assert code == 0, stderr
    assert len(json.loads(stdout)["services"]) == 3


@pytest.mark.parametrize(("args", "code", "says"), [
    (("--group", "inconnu", "--format", "datainclusion-json", "-o", "x.json"), 1,
     "Groupe inconnu : « inconnu »"),
    (("--format", "datainclusion-csv"), 1, "ajoutez -o FICHIER.zip"),
    (("--format", "geojson", "-o", "x"), 2, "invalid choice"),
    (("--format", "datainclusion-json", "-o", "/nonexistent/dir/x.json"), 1,
     "Impossible d'écrire"),
])
def test_command_refusals(db, run_cli, args, code, says):
    status, _stdout, stderr = run_cli("export-services", *args)
    assert status == code
    assert says in stderr
    assert not AuditEvent.objects.exists()


def test_load_vocabulary_command(db, run_cli, services_dir, tmp_path):
    code, stdout, _stderr = run_cli("load-services-vocabulary",
                                    str(services_dir / "data-inclusion"))
    assert code == 0 and "218 valeurs chargées" in stdout
    code, _stdout, stderr = run_cli("load-services-vocabulary", str(tmp_path))
    assert code == 1 and "introuvable" in stderr


def test_export_reads_back_with_the_datainclusion_reader(directory, services_dir, tmp_path):
    """What Terreau exports, Terreau (and the platform's format readers) read again."""
    from terreau.directory.importers import read_file
    from terreau.directory.validation import service_problems, structure_problems

    export = export_build(schema_dir=services_dir / "data-inclusion")
    path = tmp_path / "annuaire.json"
    path.write_bytes(export_bytes(export, "datainclusion-json"))
    records = read_file(path, "datainclusion")
    assert sorted(r.structure["id"] for r in records) == [
        "ccas-tours", "cs-blois", "la-poste-tours-sanitas"]
    assert sum(len(r.services) for r in records) == 3
    problems = [p for r in records for p in structure_problems(r.structure, r.where)
                + [q for i, s in enumerate(r.services) for q in service_problems(s, r.where, i)]]
    assert [p for p in problems if p.blocking] == []
