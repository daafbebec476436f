"""Reading values back (queries for the indicators), and the import-data / export-data commands."""

import csv
import json
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from terreau.accounts.models import TerritorialGroup
from terreau.catalog.models import Variable
from terreau.catalog.queries import (
    SeriesNotFound,
    VariableLookupError,
    dataset_periods,
    series_for,
    variable_resolve,
)
from terreau.catalog.services import ImportPlan, dataset_import
from terreau.cli import command_name
from terreau.core import testing

from .conftest import db_state
from .test_import_service import POPULATIONS, write_lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def zones(cvl_zones_2018):
    """Every test here runs against the real zones (loaded once per module)."""


@pytest.fixture
def two_populations(stats_dir):
    """The populations file imported twice: open, and for the Tours group only."""
    TerritorialGroup.objects.create(slug="tours", name="Tours — insertion")
    path = stats_dir / POPULATIONS
    dataset_import(path=path, plan=ImportPlan("populations-a", "commune", period="2021",
                                              sensitivity="open"))
    dataset_import(path=path, plan=ImportPlan("populations-b", "commune", period="2021",
                                              sensitivity="group", owner_group="tours"))


def test_a_name_in_two_datasets_must_be_qualified(two_populations):
    admin = testing.user_create("admin", is_superuser=True)
    with pytest.raises(VariableLookupError, match="« pmun » est ambigu.*Écrivez "
                                                  "populations-a.pmun ou populations-b.pmun"):
        variable_resolve("pmun", admin)
    assert variable_resolve("populations-b.pmun", admin).dataset.slug == "populations-b"


def test_a_visitor_only_resolves_what_they_may_see(two_populations):
    assert variable_resolve("pmun", AnonymousUser()).dataset.slug == "populations-a"
    with pytest.raises(VariableLookupError, match="Variable inconnue : « populations-b.pmun »"):
        variable_resolve("populations-b.pmun", AnonymousUser())


def test_an_unknown_variable_suggests_close_names(two_populations):
    with pytest.raises(VariableLookupError, match="Vouliez-vous dire pmun"):
        variable_resolve("pmunn", AnonymousUser())


def test_series_are_read_by_period_and_missing_periods_are_explained(two_populations):
    variable = Variable.objects.get(dataset__slug="populations-a", slug="ptot")
    assert dataset_periods(variable.dataset) == ["2021"]
    ids, values, reasons = series_for(variable)
    assert len(ids) == len(values) == len(reasons) == 1757 and values.dtype == "float64"
    with pytest.raises(SeriesNotFound, match="Pas de valeurs de « ptot » pour la période 2019"):
        series_for(variable, period="2019")


def test_hyphenated_command_names_run_the_import_and_export_commands():
    assert command_name("import-data") == "import_data"
    assert command_name("export-data") == "export_data"


def test_import_data_prints_the_report_with_guessed_kinds_and_forced_ones(stats_dir):
    out, err = StringIO(), StringIO()
    call_command("import_data", str(stats_dir / POPULATIONS), "--dataset", "populations",
                 "--level", "commune", "--period", "2021", "--kind", "PCAP=amount",
                 "--title", "Populations légales 2021", stdout=out, stderr=err)
    text = out.getvalue()
    assert "Jeu « populations », version 1 enregistrée." in text
    assert "PMUN → pmun : Effectif (nombres entiers positifs : un effectif)" in text
    assert "PCAP → pcap : Montant (choisie)" in text
    assert "100 % Import terminé" in err.getvalue()


def test_a_refused_import_exits_in_error_prints_why_and_writes_nothing(tmp_path, stats_dir):
    lines = (stats_dir / POPULATIONS).read_text(encoding="utf-8").splitlines()
    path = write_lines(tmp_path, lines + [lines[1]])
    before, out = db_state(), StringIO()
    with pytest.raises(CommandError, match="Import refusé : rien n'a été écrit"):
        call_command("import_data", str(path), "--dataset", "populations", "--level",
                     "commune", stdout=out, stderr=StringIO())
    assert "Le code 18001 apparaît 2 fois (lignes 2 et 1759)" in out.getvalue()
    assert db_state() == before


def test_a_bad_kind_option_is_explained():
    with pytest.raises(CommandError, match="--kind PMUN : écrivez COLONNE=NATURE"):
        call_command("import_data", "x.csv", "--dataset", "x", "--level", "commune",
                     "--kind", "PMUN")


def test_the_json_report_is_machine_readable(stats_dir):
    out = StringIO()
    call_command("import_data", str(stats_dir / POPULATIONS), "--dataset", "populations",
                 "--level", "commune", "--format", "json", stdout=out, stderr=StringIO())
    data = json.loads(out.getvalue())
    assert data["version"] == 1 and data["report"]["zones"] == 1757


def test_export_data_writes_long_rows_with_reasons_and_neutralised_cells(tmp_path,
                                                                         stats_dir):
    lines = (stats_dir / POPULATIONS).read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(";")
    cells[8] = "s"
    lines[1] = ";".join(cells)
    dataset_import(path=write_lines(tmp_path, lines),
                   plan=ImportPlan("populations", "commune", period="=1+1"))
    out = StringIO()
    call_command("export_data", "--dataset", "populations", stdout=out)
    rows = list(csv.reader(StringIO(out.getvalue())))
    assert rows[0] == ["zone", "variable", "period", "value", "reason"]
    assert len(rows) == 1 + 1757 * 3
    assert rows[1] == ["18001", "pmun", "'=1+1", "", "s"]
    assert rows[2] == ["18001", "pcap", "'=1+1", "7.0", ""]
    target = tmp_path / "export.xlsx"
    call_command("export_data", "--dataset", "populations", "--format", "xlsx", "--output",
                 str(target), stderr=StringIO())
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert sheet[1][:3] == ["18001", "pmun", "'=1+1"] and sheet[1][3] in ("", None)
    assert len(sheet) == 1 + 1757 * 3
