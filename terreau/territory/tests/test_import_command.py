"""`terreau import-zones`: the command line around zones_import."""

import json
from dataclasses import fields

import pytest

from terreau.territory.models import Zone
from terreau.territory.services import ImportReport

from .test_import_service import BAD_INPUTS

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_file_and_prints_a_french_report(run_cli, communes_37):
    code, out, err = run_cli("import-zones", str(communes_37), "--level", "commune",
                             "--vintage", "2018")
    assert code == 0, err
    assert "272 zones « Commune » lues dans communes-37-indre-et-loire.geojson" in out
    assert "272 créées, 0 mises à jour." in out
    assert "] 100 % Import terminé" in err  # the progress bar, on stderr
    assert Zone.objects.filter(level="commune", vintage=2018).count() == 272


def test_the_command_can_print_the_report_as_json(run_cli, lambert93):
    code, out, err = run_cli("import-zones", str(lambert93["zip"]), "--level", "commune",
                             "--format", "json", "-v", "0")
    assert code == 0, err
    report = json.loads(out)
    assert set(report) == {f.name for f in fields(ImportReport)}
    assert (report["created"], report["source_crs"]) == (272, "EPSG:2154")
    assert err == ""  # no progress bar at verbosity 0


def test_the_crs_option_places_a_file_that_does_not_declare_it(run_cli, lambert93):
    code, out, err = run_cli("import-zones", str(lambert93["noprj"]), "--level", "commune",
                             "--crs", "EPSG:2154")
    assert code == 0, err
    tours = Zone.objects.get(code="37261")
    assert 0.6 < tours.min_lon < tours.max_lon < 0.8


def test_named_fields_are_used_and_a_missing_one_is_explained(run_cli, communes_37):
    code, _, err = run_cli("import-zones", str(communes_37), "--level", "commune",
                           "--code-field", "INSEE_COM")
    assert code == 1
    assert "Le champ « INSEE_COM » n'existe pas dans le fichier. Champs disponibles : code, nom" \
        in err
    assert not Zone.objects.exists()


@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_a_bad_file_exits_non_zero_with_a_french_message_and_changes_nothing(
        run_cli, geo, bad_files, bad, zone_state):
    assert run_cli("import-zones", str(geo / "departements-centre-val-de-loire.geojson"),
                   "--level", "departement")[0] == 0
    before = zone_state()
    path, fragment = bad_files[bad]
    code, out, err = run_cli("import-zones", str(path), "--level", "commune")
    assert code == 1
    assert "Erreur: Import annulé, aucune zone modifiée." in err
    assert fragment in err
    assert "Traceback" not in err and out == ""
    assert zone_state() == before


def test_an_unknown_level_is_refused_by_the_command(run_cli, communes_37):
    code, _, err = run_cli("import-zones", str(communes_37), "--level", "canton")
    assert code != 0 and "canton" in err
