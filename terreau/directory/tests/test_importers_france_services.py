"""The ANCT France services lists of Centre-Val de Loire, 2022 and 2024 column sets."""

import opening_hours
import pytest

from terreau.directory.importers import read_file
from terreau.directory.importers.france_services import THEMES, hours_osm

FILES = {2024: "liste-fs-20240801-centre-val-de-loire.csv",
         2022: "liste-fs-20221201-centre-val-de-loire.csv"}


@pytest.fixture
def lists(services_dir):
    folder = services_dir / "real" / "france-services"
    return {year: read_file(folder / name, "france-services") for year, name in FILES.items()}


def by_id(records):
    return {r.structure["id"]: r for r in records}


def test_counts_as_in_the_manifest(lists):
    assert len(lists[2024]) == 152 and len(lists[2022]) == 145
    assert all(len(r.services) == 1 for r in lists[2024] + lists[2022])
    assert len(set(by_id(lists[2024])) & set(by_id(lists[2022]))) == 137


def test_structure_and_service_in_v1(lists):
    record = by_id(lists[2024])["118"]
    structure, service = record.structure, record.services[0]
    assert structure["source"] == "france-services"
    assert structure["code_insee"] == "18223" and structure["code_postal"] == "18110"
    assert structure["date_maj"] == "2024-08-01"  # from the file name
    assert structure["horaires_accueil"] == (
        "Mo 08:30-13:00; Tu 08:30-13:00; We 14:00-17:00; Th 08:30-13:00,14:00-17:00; "
        "Fr 08:30-13:00")
    assert structure["reseaux_porteurs"] == ["france-service"]
    assert service["nom"] == "Accompagnement aux démarches administratives"
    assert service["structure_id"] == "118" and service["id"] == "118-demarches"
    assert service["thematiques"] == THEMES and service["frais"] == "gratuit"
    assert len(service["description"]) >= 5
    assert not [p for p in record.problems if p.blocking]


def test_every_opening_hours_is_valid_osm(lists):
    for record in lists[2024] + lists[2022]:
        hours = record.structure.get("horaires_accueil")
        if hours:
            opening_hours.OpeningHours(hours)  # raises on a syntax error


def test_hours_placeholder_and_garbage_reported():
    hours, problems = hours_osm({"Mo": "09:00 - 12:00 / 13:30 - 17:00", "Tu": "00:00 - 00:00",
                                 "We": "le matin", "Th": ""})
    assert hours == "Mo 09:00-12:00,13:30-17:00"
    assert len(problems) == 2 and "Tu" in problems[0] and "We" in problems[1]


def test_columns_renamed_between_2022_and_2024(lists):
    new, old = by_id(lists[2024]), by_id(lists[2022])
    assert new["118"].structure["type_fs"] == old["118"].structure["type_fs"] == "Principal"
    assert new["118"].structure["format_fs"] == "Fixe" and "format_fs" not in old["118"].structure
    assert new["118"].structure["prise_rdv"] is False and "prise_rdv" not in old["118"].structure
    assert old["118"].structure["date_maj"] == "2022-12-01"
    # A name changed, the id stayed: the pipeline updates instead of duplicating.
    assert old["1368"].structure["nom"] == "France services Bonny-sur-Loire"
    assert new["1368"].structure["nom"] == "France services La Poste de Bonny-sur-Loire"


def test_the_bus_is_flagged_in_both_versions(lists):
    for records, field in ((lists[2024], "format_fs"), (lists[2022], "itinerance")):
        bus = next(r for r in records
                   if r.structure["nom"] == "Bus France services Vierzon Sologne Berry")
        assert bus.structure["itinerant"] is True and bus.services[0]["itinerant"] is True
        assert any(p.field == field and "itinérante" in p.message and not p.blocking
                   for p in bus.problems)
    tours = [r for r in lists[2024] if r.structure.get("commune") == "Tours"]
    assert len(tours) == 7 and not any(r.structure["itinerant"] for r in tours)


def test_2022_placeholder_hours_and_bad_email_are_not_blocking(lists):
    problems = [p for r in lists[2022] for p in r.problems]
    assert any(p.field == "horaires_accueil" and "00:00 - 00:00" in p.message for p in problems)
    mail = [p for p in problems if p.field == "courriel"]
    assert mail and "Nogent-le-Roi" in mail[0].where and not mail[0].blocking
    assert not [p for p in problems if p.blocking]
