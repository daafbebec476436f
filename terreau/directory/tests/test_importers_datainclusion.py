"""data·inclusion exports: the real Réunion extract (v0 vocabulary, reshaped by hand) and
the national v0 services; the v0 → v1 vocabulary table checked against both schemas."""

import json

import pytest

from terreau.directory.importers import ReadError, read_file
from terreau.directory.importers.vocabulary import (
    UNMAPPED,
    V0_PROFILS,
    V1_SET,
    theme_v1,
    translate_themes,
)


@pytest.fixture
def reunion(services_dir):
    return services_dir / "real" / "data-inclusion" / "offre-inclusion-reunion-2025"


def values(path):
    return [item["value"] for item in json.loads(path.read_text())]


def test_vocabulary_table_covers_v0_and_lands_in_v1(services_dir):
    schema = services_dir / "data-inclusion"
    assert V1_SET == set(values(schema / "extra" / "thematiques.json"))
    v0 = values(schema / "v0" / "thematiques.json")
    assert len(v0) == 149
    unmapped = {value for value in v0 if theme_v1(value) is None}
    assert unmapped == UNMAPPED and len(unmapped) == 5
    for value in v0:
        assert set(theme_v1(value) or ()) <= V1_SET
    assert theme_v1("numerique") == tuple(sorted(
        v for v in V1_SET if v.startswith("numerique--")))
    publics = set(values(schema / "extra" / "publics.json"))
    assert set(V0_PROFILS) == set(values(schema / "v0" / "profils.json"))
    assert {p for p in V0_PROFILS.values() if p} <= publics


def test_translate_keeps_v1_and_reports_unknown():
    themes, unknown = translate_themes(["sante--acces-aux-soins", "handicap",
                                        "mobilite--acheter-un-velo", "theme-du-groupe"])
    assert themes == ["sante--acces-aux-soins", "mobilite--acceder-a-un-vehicule"]
    assert unknown == ["handicap", "theme-du-groupe"]


@pytest.mark.parametrize("target", ["folder", "structures.json", "services.json"])
def test_reunion_folder_or_either_file(reunion, target):
    path = reunion if target == "folder" else reunion / target
    records = read_file(path, "datainclusion")
    assert sum(len(r.services) for r in records) == 2705
    described = [r for r in records if not any(p.field == "nom" for p in r.problems)]
    assert len(described) == 276
    # 777 services have their structure in structures.json; the others are grouped by
    # structure_id and refused with a message saying the structures file lacks them.
    assert sum(len(r.services) for r in described) == 777
    orphans = [r for r in records if r not in described]
    assert orphans and all(p.blocking for r in orphans for p in r.problems if p.field == "nom")
    assert "structures.json" in next(p.message for p in orphans[0].problems if p.field == "nom")


def test_reunion_defects_handled(reunion):
    records = read_file(reunion, "datainclusion")
    services = [s for r in records for s in r.services]
    placed = [s for s in services if "latitude" in s]
    assert len(placed) >= 2705 - 11  # 11 without coordinates (some at their structure)
    assert all(-21.5 < s["latitude"] < -20.8 for s in placed)  # minus sign restored
    assert all(55 < s["longitude"] < 56 for s in placed)  # decimal comma read
    signs = [p for r in records for p in r.problems if "signe moins ajouté" in p.message]
    assert signs and not any(p.blocking for p in signs)
    visale = next(s for s in services if s["nom"] == "Garantie Visale")
    assert visale["modes_accueil"] == ["en-presentiel", "a-distance"]  # {a,b} literal
    assert visale["frais"] == "gratuit"
    assert set(visale["thematiques"]) <= V1_SET and visale["thematiques_v0"]
    assert visale["publics"] == ["actifs", "jeunes"] and "locataires" in visale["profils_v0"]
    assert sum("code_insee" not in s for s in services) == 271
    structure = records[0].structure
    assert structure["nom"] == "AGENCE ACTION LOGEMENT" and structure["typologie_v0"] == "Autre"
    assert structure["latitude"] < 0  # taken from its services


def test_v0_services_without_structures(services_dir):
    path = services_dir / "real" / "data-inclusion" / "data-inclusion-services-v0-2022-12.json"
    records = read_file(path, "datainclusion")
    services = [s for r in records for s in r.services]
    assert len(services) == 4261
    assert all(set(s.get("thematiques", [])) <= V1_SET for s in services)
    first = services[0]
    assert first["type"] == "aide-materielle" and first["types_v0"] == ["aide-materielle"]
    assert first["thematiques_v0"] == ["mobilite"] and len(first["thematiques"]) == 6
    unmapped = [p for r in records for p in r.problems if p.field.endswith("thematiques")]
    assert unmapped and not any(p.blocking for p in unmapped)
    assert all(any(p.field == "nom" and p.blocking for p in r.problems) for r in records)


def test_v1_document_with_both_lists(tmp_path):
    document = {"structures": [{"source": "dora", "id": "s1", "nom": "Centre social Rabière",
                                "code_insee": 37122, "code_postal": "37300",
                                "latitude": "47,36", "longitude": "0,70",
                                "date_maj": "12/03/2025", "siret": "NULL"}],
                "services": [{"source": "dora", "id": "v1", "structure_id": "s1",
                              "nom": "Aide aux démarches", "description": "Sur rendez-vous.",
                              "thematiques": '["numerique--acceder-a-des-services-en-ligne"]',
                              "frais": "gratuit", "date_maj": "2025-03-12"}]}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    [record] = read_file(path, "datainclusion")
    assert record.structure["date_maj"] == "2025-03-12"
    assert record.structure["latitude"] == 47.36 and "siret" not in record.structure
    service = record.services[0]
    assert service["thematiques"] == ["numerique--acceder-a-des-services-en-ligne"]
    # offered at the structure's place, its code read from a JSON integer
    assert service["latitude"] == 47.36 and service["code_insee"] == "37122"
    assert not record.problems


def test_wrong_format_and_empty(services_dir, tmp_path):
    path = services_dir / "real" / "france-services" / "liste-fs-20240801-centre-val-de-loire.csv"
    with pytest.raises(ReadError, match="« france-services »"):
        read_file(path, "datainclusion")
    empty = tmp_path / "services.json"
    empty.write_text("")
    with pytest.raises(ReadError, match="est vide"):
        read_file(empty, "datainclusion")
    with pytest.raises(ReadError, match="aucune structure"):
        (tmp_path / "vide.json").write_text("[]")
        read_file(tmp_path / "vide.json", "datainclusion")
