"""Round trip: every real file of services/real/ imported, the directory exported in the
data·inclusion v1 format, every exported record valid against the JSON Schemas; the count
of records explained (read = created + updated + unchanged + merged + refused, listed)."""

import json

import pytest
from jsonschema import Draft202012Validator

from terreau.core.testing import load_zones_from_geojson
from terreau.directory.export import export_build
from terreau.directory.importers import read_file
from terreau.directory.imports import ImportRefused, import_apply
from terreau.directory.models import Structure

pytestmark = pytest.mark.django_db

POLE_EMPLOI_MAPPING = {
    "id": "REFERENCE_PE", "nom": "NOM", "adresse": "ADRESSE",
    "complement_adresse": ["COMPLEMENT_ADRESSE", "DC_COMPLEMENTADRSITEPHYSIQUE"],
    "code_postal": "CODE_POSTAL", "commune": "COMMUNE", "latitude": "DN_LATITUDE",
    "longitude": "DN_LONGITUDE", "date_maj": "=2019-11-13", "extra.type_site": "TYPE_SITE",
    "service.nom": "=Accueil des demandeurs d'emploi", "service.type": "=accompagnement",
    "service.description": "=Inscription et accompagnement des demandeurs d'emploi.",
    "service.thematiques": "=trouver-un-emploi--repondre-a-des-offres-demploi",
}
# (file under services/real/, format, mapping, source, expected figures or None)
# Figures: read, created, updated, unchanged, merged, refused.
FILES = [
    ("france-services/liste-fs-20221201-centre-val-de-loire.csv", "france-services", None, "",
     (145, 145, 0, 0, 0, 0)),
    # 137 France services by their id_fs, 6 more renumbered by the ANCT (same name at the
    # same address: temp_93 → 3019…), 9 new ones.
    ("france-services/liste-fs-20240801-centre-val-de-loire.csv", "france-services", None, "",
     (152, 9, 143, 0, 0, 0)),
    # 3 places listed twice (dora + conseiller-numerique; the département's SIRET and
    # address); a few refused (opening hours "09:00-12:00-17:00", a two-letter name).
    ("mediation-numerique/lieux-mediation-numerique-2023-02-centre-val-de-loire.json",
     "mednum", None, "", (123, None, 0, 0, 3, None)),
    ("mediation-numerique/cnfs-structures-2021-centre-val-de-loire.json", "mednum", None, "",
     None),
    # DDA/DRA management sites at the address of an agency: merged with it.
    ("emploi/pole-emploi-agences-2019-centre-val-de-loire.csv", "table", POLE_EMPLOI_MAPPING,
     "pole-emploi", (39, 36, 0, 0, 3, 0)),
    ("sante/eurostat-healthcare-fr-2020-centre-val-de-loire.csv", "table", None, "", None),
    ("data-inclusion/offre-inclusion-reunion-2025", "datainclusion", None, "", None),
    ("data-inclusion/data-inclusion-services-v0-2022-12.json", "datainclusion", None, "", None),
]


def test_every_real_file_round_trips_to_valid_data_inclusion_v1(services_dir, data_dir,
                                                                vocabularies):
    load_zones_from_geojson(data_dir / "geo" / "communes-centre-val-de-loire.geojson",
                            "commune")
    lines = []
    for path, fmt, mapping, source, expected in FILES:
        records = read_file(services_dir / "real" / path, fmt, mapping=mapping, source=source)
        before = Structure.objects.count()
        try:
            report = import_apply(records, group=None, user=None, leave_out_refused=True)
        except ImportRefused as refused:  # every record refused: nothing written
            report = refused.report
            assert report.refused == report.read
            assert Structure.objects.count() == before
        figures = (report.read, report.created, report.updated, report.unchanged,
                   report.merged, report.refused)
        assert report.read == len(records)
        assert report.read == sum(figures[1:]), (path, figures)
        assert len(report.refused_records) == min(report.refused, 200)
        assert Structure.objects.count() - before == report.created
        if expected is not None:
            assert all(e is None or e == f for e, f in zip(expected, figures, strict=True)), (
                path, figures)
        lines.append(f"{path}: lues {figures[0]}, créées {figures[1]}, mises à jour "
                     f"{figures[2]}, inchangées {figures[3]}, fusionnées {figures[4]}, "
                     f"refusées {figures[5]}")

    export = export_build(None, schema_dir=services_dir / "data-inclusion")
    print("\n".join(lines + export.report.lines()[:1]))
    schemas = services_dir / "data-inclusion"
    structure_schema = Draft202012Validator(json.loads((schemas / "structure.json").read_text()))
    service_schema = Draft202012Validator(json.loads((schemas / "service.json").read_text()))
    invalid = [(s["id"], e.message) for s in export.structures
               for e in structure_schema.iter_errors(json.loads(json.dumps(s, default=str)))]
    invalid += [(s["id"], e.message) for s in export.services
                for e in service_schema.iter_errors(json.loads(json.dumps(s, default=str)))]
    assert invalid == []
    # Kept in the directory but not exported until corrected, and listed: a real place
    # named "3R" (the schema wants 3 characters at least).
    left_out = [text for text in export.report.invalid if text.startswith("structure")]
    assert len(left_out) == 1 and "« 3R »" in left_out[0]
    assert len(export.structures) + len(left_out) == Structure.objects.count()
    assert len(export.structures) > 450
