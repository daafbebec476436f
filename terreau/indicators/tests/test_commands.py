"""`terreau add-indicator` and `terreau export-indicator` on real INSEE values."""

import csv
import io

from python_calamine import CalamineWorkbook

from terreau.catalog.choices import Sensitivity
from terreau.indicators.models import Indicator

from .factories import comparateur_read, dataset_make

ADD = ("add-indicator", "chomage", "--formula", "taux(chomeurs, actifs)",
       "--label", "Taux de chômage", "--unit", "%")


def test_add_indicator_creates_it_with_its_variables(run_cli, comparateur, tours_group):
    code, out, err = run_cli(*ADD, "--group", "tours-insertion", "--decimals", "2",
                             "--direction", "worse")
    assert code == 0, err
    assert out.strip() == ("Indicateur « Taux de chômage » créé (chomage) : taux(chomeurs, "
                           "actifs) — variables : comparateur.chomeurs, comparateur.actifs.")
    indicator = Indicator.objects.get(slug="chomage")
    assert (indicator.owner_group, indicator.decimals, indicator.direction) == (
        tours_group, 2, "worse")
    assert indicator.created_by is None


def test_add_indicator_refuses_a_faulty_formula_with_a_caret(run_cli, comparateur):
    code, out, err = run_cli("add-indicator", "x", "--formula", "taux(chomeurs, actif)",
                             "--label", "X")
    assert code == 1 and not Indicator.objects.exists()
    assert err.splitlines() == [
        "Erreur: Indicateur non créé. Ligne 1, colonne 16 : Variable inconnue : « actif ». "
        "Vouliez-vous dire actifs ?",
        "taux(chomeurs, actif)", "               ^"]


def test_add_indicator_refuses_a_taken_slug_and_an_unknown_group(run_cli, comparateur):
    assert run_cli(*ADD)[0] == 0
    code, _, err = run_cli(*ADD)
    assert code == 1 and "identifiant : L'identifiant « chomage » est déjà pris." in err
    code, _, err = run_cli("add-indicator", "y", "--formula", "ratio(chomeurs, actifs)",
                           "--label", "Y", "--group", "personne")
    assert code == 1 and "Groupe inconnu : « personne »" in err


def test_export_indicator_writes_zones_then_references(run_cli, comparateur, data_dir):
    run_cli(*ADD)
    code, out, err = run_cli("export-indicator", "chomage", "--level", "commune",
                             "--within", "37")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["zone", "name", "level", "period", "value"]
    assert len(rows) == 1 + 272 + 3
    table = comparateur_read(data_dir).set_index("CODGEO")
    tours = next(row for row in rows if row[0] == "37261")
    assert float(tours[4]) == float(table.loc["37261", "P18_CHOM1564"]
                                    / table.loc["37261", "P18_ACT1564"] * 100)
    assert [row[2] for row in rows[-3:]] == ["departement", "region", "selection"]
    assert rows[-2][4] == ""  # the région lacks five départements here: empty, never 0
    assert float(rows[-3][4]) == float(rows[-1][4])


def test_export_indicator_to_an_xlsx_file(run_cli, comparateur, tmp_path):
    run_cli(*ADD)
    path = tmp_path / "chomage.xlsx"
    code, _, err = run_cli("export-indicator", "chomage", "--within", "37", "--format", "xlsx",
                           "--output", str(path))
    assert code == 0 and "275 lignes écrites" in err
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("chomage").to_python()
    assert len(sheet) == 276 and sheet[-2][4] == ""


def test_export_indicator_refuses_group_data_and_unknown_things(run_cli, cvl_zones, data_dir,
                                                                tours_group):
    dataset_make(data_dir, slug="tours", sensitivity=Sensitivity.GROUP, owner_group=tours_group)
    assert run_cli("add-indicator", "g", "--formula", "taux(chomeurs, actifs)",
                   "--label", "G")[0] == 0
    code, _, err = run_cli("export-indicator", "g")
    assert code == 1 and "données de groupe ou restreintes" in err
    code, _, err = run_cli("export-indicator", "inconnu")
    assert code == 1 and "Indicateur inconnu : « inconnu »" in err


def test_export_indicator_tells_an_unknown_period(run_cli, comparateur):
    run_cli(*ADD)
    code, _, err = run_cli("export-indicator", "chomage", "--period", "2030")
    assert code == 1 and "Période inconnue : 2030. Périodes disponibles : 2018." in err
