"""Lieux de médiation numérique: the standard's CSV, its older JSON, the CNFS host list."""

import pytest

from terreau.directory.importers import ReadError, read_file
from terreau.directory.importers.mednum import SERVICES
from terreau.directory.importers.vocabulary import V1_SET


@pytest.fixture
def real(services_dir):
    return services_dir / "real" / "mediation-numerique"


def test_old_json_every_object_read(real):
    records = read_file(real / "lieux-mediation-numerique-2023-02-centre-val-de-loire.json",
                        "mednum")
    assert len(records) == 123
    assert all(len(r.services) == 1 for r in records)
    sources = [r.structure["source"] for r in records]
    assert sources.count("conseiller-numerique") == 102 and sources.count("siao") == 20
    # Absent keys, not nulls: 20 places have no coordinates, left for the pipeline.
    assert sum("latitude" not in r.structure for r in records) == 20
    assert not [p for r in records for p in r.problems if p.blocking]
    for record in records:
        assert set(record.services[0]["thematiques"]) <= V1_SET
        assert record.services[0]["thematiques"]


def test_old_json_lists_and_vocabularies(real):
    records = read_file(real / "lieux-mediation-numerique-2023-02-centre-val-de-loire.json",
                        "mednum")
    adoma = next(r for r in records if r.structure["id"] == "1052")
    service = adoma.services[0]
    assert adoma.structure["siret"] == "78805803000313"
    assert service["frais"] == "gratuit"
    assert {"jeunes", "seniors", "familles", "personnes-en-situation-de-handicap"} == set(
        service["publics"])
    assert "numerique--acceder-a-des-services-en-ligne" in service["thematiques"]
    labelled = [r for r in records if "conseillers-numeriques" in r.structure.get(
        "reseaux_porteurs", [])]
    assert len(labelled) == 102  # labels_nationaux "CNFS;France Services" split on ;


def test_same_place_from_two_sources_left_for_the_pipeline(real):
    records = read_file(real / "lieux-mediation-numerique-2023-02-centre-val-de-loire.json",
                        "mednum")
    chamber = [r for r in records if r.structure["nom"] == "CHAMBRE D'AGRICULTURE DU LOIR ET CHER"]
    assert sorted(r.structure["source"] for r in chamber) == ["conseiller-numerique", "dora"]
    assert {r.structure["siret"] for r in chamber} == {"18410003000057"}


def test_cnfs_host_structures(real):
    records = read_file(real / "cnfs-structures-2021-centre-val-de-loire.json", "mednum")
    assert len(records) == 55
    first = records[0].structure
    assert first["commune"] == "Bourges" and first["code_insee"] == "18033"
    assert first["code_postal"] == "18000" and first["adresse"] == "11 RUE JACQUES RIMBAULT"
    assert first["nb_conseillers"] == 4 and first["lieu_accueil"] is False
    assert all("\n" not in r.structure.get("adresse", "") for r in records)
    assert sum(r.structure["nb_conseillers"] for r in records) == 81
    assert not [p for r in records for p in r.problems if p.blocking]


def test_schema_valid_example(services_dir):
    records = read_file(services_dir / "mediation-numerique" / "exemple-valide.csv", "mednum")
    assert len(records) == 1
    structure, service = records[0].structure, records[0].services[0]
    assert structure["source"] == "Hubik" and structure["siret"] == "43493312300029"
    assert structure["courriel"] == "contact@laquincaillerie.tl"  # first of a | list
    assert structure["telephone"] == "01 80 05 98 80"
    assert structure["itinerant"] is True
    assert set(structure["reseaux_porteurs"]) == {"aidants-connect", "conseillers-numeriques",
                                                  "croix-rouge"}
    assert service["thematiques"] == ["numerique--maitriser-les-fondamentaux-du-numerique"]
    assert service["frais"] == "payant" and "sous condition" in service["frais_precisions"]
    assert service["modes_accueil"] == ["en-presentiel", "a-distance"]
    assert service["modes_mobilisation"] == ["se-presenter", "telephoner"]
    assert service["lien_mobilisation"] == "https://www.rdv-solidarites.fr/"
    assert set(service["publics"]) == {"jeunes", "femmes", "personnes-en-situation-de-handicap"}


def test_standard_services_all_map_to_v1_themes():
    assert len(SERVICES) == 9
    assert all(set(themes) <= V1_SET for themes in SERVICES.values())


def test_france_services_list_given_as_mednum_says_which_format(services_dir):
    path = services_dir / "real" / "france-services" / "liste-fs-20240801-centre-val-de-loire.csv"
    with pytest.raises(ReadError) as error:
        read_file(path, "mednum")
    message = str(error.value)
    assert "n'est pas un fichier de lieux de médiation numérique" in message
    assert "France services" in message and "« france-services »" in message


def test_empty_file(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text("  \n")
    with pytest.raises(ReadError, match="est vide"):
        read_file(path, "mednum")
