"""The import pipeline: report before writing, duplicates, positions, all or nothing."""

import datetime
import json

import pytest

from terreau.directory.dedup import Keys, normalise, same_structure
from terreau.directory.importers import ReadError, read_file
from terreau.directory.imports import ImportRefused, import_apply, import_report
from terreau.directory.models import ChangeRecord, Service, Structure
from terreau.directory.v1 import SourceRecord

pytestmark = pytest.mark.django_db
DATE = datetime.date(2024, 8, 1)


def record(where="ligne 2", services=None, **fields) -> SourceRecord:
    structure = {"source": "test", "id": "1", "nom": "Centre social du Sanitas",
                 "adresse": "10 place Neuve", "code_postal": "37000", "code_insee": "37261",
                 "commune": "Tours", "longitude": 0.693, "latitude": 47.383,
                 "date_maj": DATE, **fields}
    services = services if services is not None else [service(structure["id"])]
    return SourceRecord(where, structure, services)


def service(structure_id="1", **fields) -> dict:
    return {"source": "test", "structure_id": structure_id, "id": f"{structure_id}-aide",
            "nom": "Aide aux démarches en ligne", "description": "Accompagnement individuel.",
            "thematiques": ["numerique--acceder-a-des-services-en-ligne"], "frais": "gratuit",
            "date_maj": DATE, **fields}


def counts() -> tuple[int, int, int]:
    return Structure.objects.count(), Service.objects.count(), ChangeRecord.objects.count()


def test_names_and_addresses_are_compared_normalised():
    assert normalise("20 PL DE L'HOTEL DE VILLE") == normalise("20 place de l’Hôtel de Ville")
    assert normalise("5 bd Heurteloup") == normalise("5 Boulevard  HEURTELOUP")
    centre = {"code_insee": "37122", "source": "a", "id": "1", "siret": "77534860000047"}
    rabiere = Keys.of({**centre, "nom": "Centre social de la Rabière",
                       "adresse": "Rue de la Rotière"})
    morier = Keys.of({**centre, "id": "2", "nom": "Centre social du Morier",
                      "adresse": "Avenue Mozart"})
    # One association's SIRET on two places: two structures, not a duplicate.
    assert same_structure(rabiere, morier) == ""
    again = Keys.of({**centre, "source": "b", "nom": "CENTRE SOCIAL LA RABIERE",
                     "adresse": "r de la rotiere"})
    assert same_structure(rabiere, again) == "même nom à la même adresse"


def test_the_report_writes_nothing_then_the_import_creates_with_history(vocabularies, steward):
    report = import_report([record()], group=None)
    assert counts() == (0, 0, 0)
    assert (report.read, report.created, report.services_created) == (1, 1, 1)
    report = import_apply([record()], group=None, user=steward, note="Import de test")
    assert report.written and counts() == (1, 1, 2)
    structure = Structure.objects.get()
    assert structure.group is None and not structure.position_approximate
    history = ChangeRecord.objects.filter(service=None).get()
    assert history.via == "import" and history.by == steward and history.note == "Import de test"
    assert history.changes["nom"] == [None, "Centre social du Sanitas"]

    # Again: nothing changes. Then a new phone: one update, its history.
    report = import_apply([record()], group=None, user=steward)
    assert (report.unchanged, report.created, report.updated) == (1, 0, 0)
    assert counts() == (1, 1, 2)
    report = import_apply([record(telephone="02 47 00 00 00")], group=None, user=steward)
    assert report.updated == 1 and report.updates[0]["fields"] == ["telephone"]
    assert ChangeRecord.objects.first().changes == {"telephone": ["", "02 47 00 00 00"]}


def test_duplicates_in_the_file_and_in_the_directory_are_merged(vocabularies, tours_group):
    first = record()
    twin = record("ligne 3", id="2", nom="CENTRE SOCIAL DU SANITAS", adresse="10 PL NEUVE",
                  telephone="02 47 11 11 11", services=[service("2", nom="Ateliers")])
    report = import_apply([first, twin], group=tours_group, user=None)
    assert (report.read, report.created, report.merged) == (2, 1, 1)
    assert report.merges[0]["reason"] == "même nom à la même adresse"
    structure = Structure.objects.get()
    assert structure.telephone == "02 47 11 11 11"  # completed by its duplicate
    assert structure.group == tours_group
    assert sorted(structure.services.values_list("nom", flat=True)) == [
        "Aide aux démarches en ligne", "Ateliers"]

    # Another source, same place: its empty fields are filled, nothing else changes.
    other = record(source="autre", id="x", nom="Centre Social du Sanitas",
                   siret="77534860000047", telephone="09 99 99 99 99",
                   services=[service("x", source="autre")])
    report = import_apply([other], group=tours_group, user=None)
    assert (report.created, report.merged, report.services_merged) == (0, 1, 1)
    structure.refresh_from_db()
    assert structure.siret == "77534860000047" and structure.telephone == "02 47 11 11 11"


def test_a_group_never_changes_another_groups_structure(vocabularies, tours_group,
                                                        other_group):
    import_apply([record()], group=tours_group, user=None)
    report = import_apply([record(telephone="01 00 00 00 00")], group=other_group, user=None)
    assert report.merged == 1 and "tenue par un autre groupe" in report.merges[0]["reason"]
    assert Structure.objects.get().telephone == ""


def test_missing_positions_and_codes_are_found_in_the_zones(vocabularies, cvl_zones):
    pole = record(id="pe", nom="APE JOUE LES TOURS", adresse="1 rue de Verdun",
                  code_insee=None, commune="JOUE LES TOURS", code_postal="37300",
                  longitude=None, latitude=None,
                  services=[service("pe", zone_eligibilite=["37122", "37999", "37"])])
    report = import_apply([pole], group=None, user=None)
    assert report.insee_found == 1 and report.positions["commune"] == 1
    structure = Structure.objects.get()
    assert structure.code_insee == "37122" and structure.position_approximate
    assert structure.latitude is not None
    assert Service.objects.get().zone_eligibilite == ["37122", "37"]
    fields = {w["field"] for w in report.warnings}
    assert fields == {"latitude", "services[0].zone_eligibilite"}


BAD = [
    ({"services": [service(thematiques=["numerique--inconnue"])]},
     "services[0].thematiques[0]", "thématique inconnue"),
    ({"horaires_accueil": "Mo-Fr 09:00-12:00-17:00"}, "horaires_accueil", "horaires"),
    ({"latitude": 147.3}, "latitude", "hors des limites"),
    ({"latitude": 21.1, "longitude": 55.5}, "latitude", "hors de France"),
    ({"siret": "12345678901234"}, "siret", "clé de contrôle"),
]


@pytest.mark.parametrize("fields, field, words", BAD)
def test_a_record_breaking_the_schema_refuses_everything(vocabularies, fields, field, words):
    good = record("ligne 2", id="ok", nom="Une bonne fiche")
    bad = record("ligne 3", id="bad", nom="Une fiche fautive", **fields)
    with pytest.raises(ImportRefused) as refused:
        import_apply([good, bad], group=None, user=None)
    assert counts() == (0, 0, 0)
    report = refused.value.report
    assert "Rien n'a été enregistré" in str(refused.value)
    assert report.refused == 1 and report.refused_records[0]["where"] == "ligne 3"
    error = report.errors[0]
    assert error["where"] == "ligne 3 (« Une fiche fautive »)" and error["field"] == field
    assert words in error["message"]
    # The person may choose to leave the refused record out: the rest is written.
    report = import_apply([good, bad], group=None, user=None, leave_out_refused=True)
    assert report.written and report.created == 1 and report.refused == 1
    assert list(Structure.objects.values_list("source_id", flat=True)) == ["ok"]


def test_an_empty_list_of_records_is_refused(vocabularies):
    with pytest.raises(ImportRefused, match="aucune structure"):
        import_apply([], group=None, user=None)


def test_an_empty_file_or_a_file_of_another_format_is_refused_in_french(tmp_path, services_dir):
    empty = tmp_path / "vide.csv"
    empty.write_text("")
    with pytest.raises(ReadError, match="vide"):
        read_file(empty, "france-services")
    mednum = services_dir / "real/mediation-numerique/lieux-mediation-numerique-2023-02-" \
        "centre-val-de-loire.json"
    with pytest.raises(ReadError) as error:
        read_file(mednum, "france-services")
    assert "format" in str(error.value).lower() or "France services" in str(error.value)
    table = tmp_path / "liste.json"
    table.write_text(json.dumps({"bonjour": 1}))
    with pytest.raises(ReadError):
        read_file(table, "mednum")
