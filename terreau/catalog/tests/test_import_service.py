"""Importing real INSEE statistics against the real communes of Centre-Val de Loire (COG 2018).

Bad files are the real populations file changed in one precise place at test time; each test
checks that the French message names the line, column or code, and that nothing was written.
"""

import csv

import numpy as np
import pytest

from terreau.catalog.choices import MissingReason
from terreau.catalog.models import Dataset, Series, Variable
from terreau.catalog.queries import series_for
from terreau.catalog.services import (
    DataImportError,
    ImportPlan,
    dataset_import,
    dataset_import_check,
)

from .conftest import db_state

pytestmark = pytest.mark.django_db
COMPARATEUR = "base-cc-comparateur-2022-centre-val-de-loire.csv"
FILOSOFI = "filosofi-dec-iris-2019-centre-val-de-loire.csv"
POPULATIONS = "populations-legales-2021-communes-centre-val-de-loire.csv"


@pytest.fixture(autouse=True)
def zones(cvl_zones_2018):
    """Every test here runs against the real zones (loaded once per module)."""


@pytest.fixture
def populations_lines(stats_dir) -> list[str]:
    """The lines of the real populations file, to change one thing in a copy."""
    return (stats_dir / POPULATIONS).read_text(encoding="utf-8").splitlines()


def write_lines(tmp_path, lines: list[str], name: str = "populations.csv"):
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def values_of(variable_slug: str, dataset: str, **kwargs) -> dict[str, tuple[float, int]]:
    """Return {zone code: (value, reason)} of a variable, read back through the queries."""
    from terreau.territory.models import Zone

    variable = Variable.objects.get(dataset__slug=dataset, slug=variable_slug)
    ids, values, reasons = series_for(variable, **kwargs)
    codes = dict(Zone.objects.filter(pk__in=ids.tolist()).values_list("pk", "code"))
    return {codes[int(i)]: (float(v), int(r)) for i, v, r in zip(ids, values, reasons,
                                                                   strict=True)}


def test_the_comparateur_becomes_version_1_with_one_series_per_column(stats_dir):
    path = stats_dir / COMPARATEUR
    version = dataset_import(path=path, plan=ImportPlan("comparateur", "commune",
                                                        period="2018", title="Comparateur"))
    assert version.number == 1 and version.row_count == 1757 and version.series.count() == 32
    kinds = dict(Variable.objects.filter(dataset__slug="comparateur").values_list("slug", "kind"))
    assert (kinds["p18_pop"], kinds["med19"], kinds["tp6019"], kinds["superf"]) == \
        ("count", "median", "rate", "amount")
    with path.open(encoding="ascii", newline="") as handle:
        rows = {row["CODGEO"]: row for row in csv.DictReader(handle, delimiter=";")}
    population = values_of("p18_pop", "comparateur")
    assert population["37261"] == (float(rows["37261"]["P18_POP"]), MissingReason.VALUE)
    poverty = values_of("tp6019", "comparateur")
    empty = [code for code, row in rows.items() if row["TP6019"] == ""]
    assert len(empty) == 1595
    assert all(np.isnan(poverty[c][0]) and poverty[c][1] == MissingReason.EMPTY for c in empty)


def test_filosofi_by_iris_keeps_labels_units_decimal_commas_and_secret_cells(stats_dir):
    dataset_import(path=stats_dir / FILOSOFI, plan=ImportPlan("filosofi", "iris", period="2019"))
    median = Variable.objects.get(dataset__slug="filosofi", slug="dec_med19")
    assert (median.label, median.unit, median.kind) == ("Médiane (€)", "€", "median")
    share = values_of("dec_pimp19", "filosofi")
    assert share["180330101"] == (62.0, MissingReason.VALUE)  # "62,0" in the file
    ratio = values_of("dec_rd19", "filosofi")
    secret = [code for code, (value, _) in ratio.items() if np.isnan(value)]
    assert len(ratio) == 375 and len(secret) == 23
    assert {ratio[c][1] for c in secret} == {MissingReason.EMPTY}


def test_insee_markers_are_stored_as_missing_with_their_reason(tmp_path, populations_lines):
    lines = list(populations_lines)
    for number, marker in zip(range(1, 5), ["s", "nd", "nc", "-"], strict=True):
        cells = lines[number].split(";")
        cells[8] = marker
        lines[number] = ";".join(cells)
    version = dataset_import(path=write_lines(tmp_path, lines),
                             plan=ImportPlan("populations", "commune", period="2021"))
    population = values_of("pmun", "populations")
    got = [population[code] for code in ("18001", "18002", "18003", "18004")]
    assert all(np.isnan(value) for value, _ in got)
    assert [reason for _, reason in got] == [MissingReason.SECRET, MissingReason.NOT_AVAILABLE,
                                             MissingReason.NOT_CONCERNED, MissingReason.DASH]
    summary = next(v for v in version.report["variables"] if v["slug"] == "pmun")
    assert summary["missing"] == 4 and summary["values"] == 1753


def test_codes_that_lost_their_zero_and_corsican_codes_find_their_zones(tmp_path, stats_dir,
                                                                         cog_dir):
    from terreau.territory.models import Zone

    wanted = ["01001", "01002", "01004", "2A004", "2B033"]
    with (cog_dir / "v-commune-2024.csv").open(encoding="utf-8") as handle:
        names = {r["COM"]: r["LIBELLE"] for r in csv.DictReader(handle) if r["COM"] in wanted
                 and r["TYPECOM"] == "COM"}
    Zone.objects.bulk_create([Zone(level="commune", code=c, name=names[c]) for c in wanted])
    with (stats_dir / "populations-legales-2021-communes.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["COM"] in wanted]
    lines = ["CODGEO;PMUN"] + [f"{r['COM'].lstrip('0')};{r['PMUN']}" for r in rows]
    version = dataset_import(path=write_lines(tmp_path, lines),
                             plan=ImportPlan("corse-ain", "commune", period="2021"))
    population = values_of("pmun", "corse-ain")
    assert population == {r["COM"]: (float(r["PMUN"]), 0) for r in rows}
    assert any("3 codes avaient perdu leur zéro initial" in note and "1001 → 01001" in note
               for note in version.report["notes"])


# ---- Bad input: refused with a message that says where, and nothing written ------------


def _changed(lines, number, column, text):
    cells = lines[number].split(";")
    cells[column] = text
    return lines[:number] + [";".join(cells)] + lines[number + 1:]


BAD_FILES = {
    "empty": (lambda lines: [], "est vide"),
    "header only": (lambda lines: lines[:1],
                    "aucune ligne de données sous l'en-tête (ligne 1)"),
    "same column twice": (lambda lines: [lines[0].replace("PCAP", "PMUN")] + lines[1:],
                          "La colonne « PMUN » apparaît 2 fois dans l'en-tête (colonnes 9 et "
                          "10)"),
    "unknown code": (lambda lines: _changed(lines, 4, 6, "18999"),
                     "Ligne 5 : le code 18999 n'est pas une zone « commune » connue"),
    "duplicate row": (lambda lines: lines + [lines[1]],
                      "Le code 18001 apparaît 2 fois (lignes 2 et 1759)"),
    "not a number": (lambda lines: _changed(lines, 9, 8, "trois cents"),
                     "Ligne 10, colonne « PMUN » (code 18009) : « trois cents » n'est pas un "
                     "nombre"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_with_a_message_naming_the_fault(tmp_path, populations_lines,
                                                                case):
    change, message = BAD_FILES[case]
    path = write_lines(tmp_path, change(list(populations_lines)))
    if case == "empty":
        path.write_bytes(b"")
    plan = ImportPlan("populations", "commune", period="2021")
    before = db_state()
    report = dataset_import_check(path=path, plan=plan)
    assert report.blocking and any(message in e.message for e in report.errors), report.lines()
    with pytest.raises(DataImportError) as refused:
        dataset_import(path=path, plan=plan)
    assert any(message in line for line in refused.value.report.lines())
    assert db_state() == before


def test_a_binary_file_named_csv_is_refused(tmp_path, data_dir):
    path = tmp_path / "donnees.csv"
    path.write_bytes((data_dir / "geo" / "communes-france-2018.geojson.gz").read_bytes()[:4000])
    before = db_state()
    with pytest.raises(DataImportError, match="contenu est binaire"):
        dataset_import(path=path, plan=ImportPlan("x", "commune"))
    assert db_state() == before


def test_a_file_over_the_size_limit_is_refused(settings, stats_dir):
    settings.TERREAU_MAX_UPLOAD_MB = 1
    before = db_state()
    with pytest.raises(DataImportError, match="la limite est de 1 Mo"):
        dataset_import(path=stats_dir / "populations-legales-2021-communes.csv",
                       plan=ImportPlan("x", "commune"))
    assert db_state() == before


def test_a_missing_code_column_names_the_columns_there_are(stats_dir):
    report = dataset_import_check(path=stats_dir / POPULATIONS,
                                  plan=ImportPlan("x", "commune", code_column="INSEE_COM"))
    assert report.blocking
    assert "La colonne « INSEE_COM » n'existe pas. Colonnes du fichier : REG, Région" in \
        report.errors[0].message


def test_unknown_codes_can_be_left_out_explicitly(tmp_path, populations_lines):
    path = write_lines(tmp_path, _changed(list(populations_lines), 4, 6, "18999"))
    version = dataset_import(path=path, plan=ImportPlan("populations", "commune",
                                                        accept_unknown_codes=True))
    assert version.report["blocking"] is False and version.report["zones"] == 1756
    warning = next(w for w in version.report["warnings"] if w["kind"] == "unknown_code")
    assert warning["line"] == 5 and "Ligne laissée de côté" in warning["message"]


# ---- Versions ------------------------------------------------------------------------------


def test_a_reimport_makes_version_2_lists_changes_and_keeps_version_1(tmp_path,
                                                                     populations_lines):
    plan = ImportPlan("populations", "commune", period="2021")
    dataset_import(path=write_lines(tmp_path, populations_lines), plan=plan)
    tours = next(i for i, line in enumerate(populations_lines) if ";37261;" in line)
    changed = _changed(list(populations_lines), tours, 8, "140000")
    changed = [line for line in changed if ";41018;" not in line]  # Blois removed
    version = dataset_import(path=write_lines(tmp_path, changed, "v2.csv"), plan=plan)
    assert version.number == 2
    changes = version.changes
    assert changes["values_changed"] == 1 and changes["zones_removed"] == 1
    assert changes["zones_removed_sample"] == ["41018"]
    assert changes["sample"] == [{"zone": "37261", "variable": "pmun", "period": "2021",
                                  "before": 137658.0, "after": 140000.0}]
    assert values_of("pmun", "populations", version=1)["37261"][0] == 137658.0
    assert values_of("pmun", "populations")["37261"][0] == 140000.0
    assert "41018" in values_of("pmun", "populations", version=1)
    assert Dataset.objects.get(slug="populations").versions.count() == 2


def test_a_column_of_periods_makes_one_series_per_period(tmp_path, populations_lines):
    header, *rows = populations_lines
    lines = [header + ";ANNEE"] + [r + ";2021" for r in rows] + [r + ";2022" for r in rows[:10]]
    version = dataset_import(path=write_lines(tmp_path, lines),
                             plan=ImportPlan("populations", "commune", period_column="ANNEE"))
    periods = sorted(set(Series.objects.filter(version=version).values_list("period",
                                                                            flat=True)))
    assert periods == ["2021", "2022"]
    assert len([v for v, _ in values_of("pmun", "populations", period="2022").values()
                if not np.isnan(v)]) == 10


def test_bad_metadata_is_refused_in_french_and_nothing_is_written(stats_dir):
    before = db_state()
    with pytest.raises(DataImportError, match="lien vers la source : Saisissez une URL valide"):
        dataset_import(path=stats_dir / POPULATIONS,
                       plan=ImportPlan("populations", "commune", source_url="pas un lien"))
    assert db_state() == before
