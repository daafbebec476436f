"""Plain spreadsheets with a column mapping: the Pôle emploi and FINESS files, mapping
files (JSON, CSV) and their mistakes."""

import json

import pytest

from terreau.core.exports import write_xlsx
from terreau.directory.importers import ReadError, read_file
from terreau.directory.importers.table import PRESETS, mapping_load

FIELDS = ["Nom du lieu", "Adresse", "CP", "Ville", "Lat", "Long", "Thèmes", "Tél"]
ROWS = [["Centre social Pluriel(le)", "15 rue Jacques-Marie Rougé", "37000", "Tours",
         "47,4023", "0,6987", "numerique--acceder-a-des-services-en-ligne|sante--acces-aux-soins",
         "247545454"],
        ["Espace Quinière Rosa Parks", "NULL", "37300", "Joué-lès-Tours", "", "", "", ""]]
MAPPING = {"nom": "Nom du lieu", "adresse": "Adresse", "code_postal": "CP", "commune": "Ville",
           "latitude": "Lat", "longitude": "Long", "thematiques": "Thèmes", "telephone": "Tél",
           "service.nom": "=Accueil de jour", "service.description": "=Accueil sans rendez-vous."}


def test_pole_emploi_agencies(services_dir):
    path = services_dir / "real" / "emploi" / "pole-emploi-agences-2019-centre-val-de-loire.csv"
    records = read_file(path, "table")  # columns recognised: the preset applies
    assert len(records) == 39
    first = records[0].structure
    assert first["id"] == "CEN0094005725" and first["source"] == "pole-emploi-2019"
    assert first["latitude"] == 47.073447 and first["longitude"] == 2.402348
    assert "complement_adresse" not in first  # NULL strings are missing values
    assert "code_insee" not in first and first["commune"] == "BOURGES"
    kinds = [r.structure["type_site"] for r in records]
    assert (kinds.count("ALE"), kinds.count("DDA"), kinds.count("DRA")) == (34, 4, 1)
    service = records[0].services[0]
    assert service["publics"] == ["demandeurs-emploi"] and service["frais"] == "gratuit"
    amboise = next(r.structure for r in records if "AMBOISE" in r.structure["nom"])
    assert "Parc d¿activités" in amboise["complement_adresse"]  # kept as published
    assert not [p for r in records for p in r.problems]


def test_finess_hospitals(services_dir):
    path = services_dir / "real" / "sante" / "eurostat-healthcare-fr-2020-centre-val-de-loire.csv"
    records = read_file(path, "table", mapping=mapping_load("finess-eurostat"))
    assert len(records) == 160
    first = records[0].structure
    assert first["telephone"] == "02 48 48 48 48"  # leading zero restored
    assert first["code_postal"] == "18020" and first["date_maj"] == "2020-04-16"
    assert first["adresse"] == "145 AVENUE F MITTERAND"  # number + street
    assert all(len(r.structure["id"]) == 9 for r in records)
    assert records[0].services[0]["thematiques"] == ["sante--acces-aux-soins"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_own_spreadsheet_with_a_json_mapping(tmp_path, kind):
    path = tmp_path / f"lieux.{kind}"
    if kind == "csv":
        path.write_text(";".join(FIELDS) + "\n" + "\n".join(";".join(r) for r in ROWS) + "\n")
    else:
        with path.open("wb") as handle:
            write_xlsx(handle, FIELDS, ROWS)
    mapping_file = tmp_path / "correspondance.json"
    mapping_file.write_text(json.dumps(MAPPING, ensure_ascii=False))
    records = read_file(path, "table", mapping=mapping_load(mapping_file), source="tours-asso")
    assert len(records) == 2
    first, second = records
    assert first.structure["source"] == "tours-asso"
    assert first.structure["id"] == "centre-social-pluriel-le-37000"
    assert first.structure["latitude"] == 47.4023
    assert first.structure["telephone"] == "02 47 54 54 54"
    assert first.services[0]["nom"] == "Accueil de jour"
    assert first.services[0]["thematiques"] == ["numerique--acceder-a-des-services-en-ligne",
                                                "sante--acces-aux-soins"]
    assert "adresse" not in second.structure and "latitude" not in second.structure


def test_csv_mapping_file(tmp_path):
    path = tmp_path / "correspondance.csv"
    path.write_text("champ;colonne\nnom;Nom du lieu\ncode_postal;CP\n")
    assert mapping_load(path) == {"nom": "Nom du lieu", "code_postal": "CP"}


def test_mapping_with_an_unknown_field_names_it(tmp_path):
    path = tmp_path / "correspondance.json"
    path.write_text(json.dumps({"nom": "Nom du lieu", "ville": "Ville"}))
    with pytest.raises(ReadError, match="Champ inconnu « ville »"):
        mapping_load(path)


def test_mapping_with_a_missing_column_names_it(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(";".join(FIELDS) + "\n" + ";".join(ROWS[0]) + "\n")
    with pytest.raises(ReadError) as error:
        read_file(path, "table", mapping={"nom": "Nom du lieu", "code_insee": "Code commune"})
    assert "Colonne « Code commune » absente" in str(error.value)
    assert "champ « code_insee »" in str(error.value) and "Nom du lieu" in str(error.value)


def test_no_mapping_and_no_nom_column(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text("Lieu;Ville\nCCAS;Tours\n")
    with pytest.raises(ReadError, match="--mapping"):
        read_file(path, "table")


def test_v1_column_names_need_no_mapping(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text("id;nom;code_insee;thematiques\n"
                    "7;CCAS de Tours;37261;{sante--acces-aux-soins}\n")
    [record] = read_file(path, "table")
    assert record.structure["id"] == "7" and record.structure["code_insee"] == "37261"
    assert record.services[0]["thematiques"] == ["sante--acces-aux-soins"]


def test_presets_are_valid_mappings():
    for name in PRESETS:
        assert mapping_load(name)["nom"]


def test_json_given_as_table_says_which_format(services_dir):
    path = (services_dir / "real" / "mediation-numerique" /
            "lieux-mediation-numerique-2023-02-centre-val-de-loire.json")
    with pytest.raises(ReadError, match="« mednum »"):
        read_file(path, "table")


def test_france_services_list_as_table_says_which_format(services_dir):
    path = services_dir / "real" / "france-services" / "liste-fs-20221201-centre-val-de-loire.csv"
    with pytest.raises(ReadError, match="« france-services »"):
        read_file(path, "table")
