"""Statistics coded in another COG year than the contours (COG 2018 communes of Centre-Val de
Loire, INSEE's commune table 2024): recognised, explained, and attached to the right zone."""

import csv
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from terreau.catalog.choices import MissingReason
from terreau.catalog.services import ImportPlan, dataset_import, dataset_import_check
from terreau.territory import cog
from terreau.territory.models import Zone, ZoneAlias
from terreau.territory.vintages import aliases_load_cog, merges_pending, zones_derive_vintage

from .test_import_service import values_of, write_lines

pytestmark = pytest.mark.django_db
COMPARATEUR = "base-cc-comparateur-2022-centre-val-de-loire.csv"
# The communes nouvelles of COG 2024 whose old communes the COG 2018 contours still separate.
MERGED_SINCE_2018 = {
    "28018": ["28018", "28376"], "28199": ["28002", "28199", "28311"],
    "28236": ["28063", "28112", "28236"], "28331": ["28165", "28331"],
    "28406": ["28406", "28412"], "36244": ["36072", "36244"],
    "41059": ["41059", "41082", "41092", "41170", "41257"], "41070": ["41070", "41263"],
}


@pytest.fixture(autouse=True)
def zones(cvl_zones_2018):
    """Every test here runs against the real zones (loaded once per module)."""


@pytest.fixture
def cog_2024(cog_dir):
    aliases_load_cog(cog_dir / "v-commune-2024.csv")
    return cog_dir / "v-commune-2024.csv"


def derive_2024(cog_path):
    names = {e.code: e.name for e in cog.read_commune_table(cog_path) if e.kind == "COM"}
    return zones_derive_vintage("commune", 2024, {m.code: m.members for m in merges_pending()},
                                names=names)


def test_loading_the_commune_table_twice_adds_nothing_the_second_time(cog_dir):
    first = aliases_load_cog(cog_dir / "v-commune-2024.csv")
    again = aliases_load_cog(cog_dir / "v-commune-2024.csv")
    assert (first.read, first.created, again.created, again.kept) == (2609, 2609, 0, 2609)
    assert ZoneAlias.objects.get(code="41082").target_code == "41059"


def test_statistics_coded_after_the_mergers_are_recognised(cog_2024, stats_dir):
    report = dataset_import_check(path=stats_dir / COMPARATEUR,
                                  plan=ImportPlan("comparateur", "commune"))
    newer = {w.code: w.message for w in report.warnings if w.kind == "newer_vintage"}
    assert set(newer) == set(MERGED_SINCE_2018) and not report.blocking
    assert "41082 Feings, 41092 Fougères-sur-Bièvre, 41170 Ouchamps, 41257 Thenay" in \
        newer["41059"]
    absent = next(w.message for w in report.warnings if w.kind == "absent_zones")
    assert absent.startswith("19 zones connues n'ont pas de ligne dans le fichier : 18123 "
                             "Laverdines")


def test_merged_communes_are_derived_from_the_old_contours(cog_2024, stats_dir):
    pending = {m.code: m.members for m in merges_pending()}
    assert pending == MERGED_SINCE_2018
    old_area = sum(Zone.objects.filter(code__in=MERGED_SINCE_2018["41059"])
                   .values_list("area_km2", flat=True))
    report = derive_2024(cog_2024)
    assert len(report.derived) == 8 and len(report.deleted) == 13
    zone = Zone.objects.get(level="commune", code="41059")
    assert (zone.name, zone.vintage) == ("Le Controis-en-Sologne", 2024)
    assert [(d["code"], d["vintage"]) for d in zone.derived_from] == \
        [(c, 2018) for c in MERGED_SINCE_2018["41059"]]
    assert zone.area_km2 == pytest.approx(old_area, rel=1e-3) and zone.display
    assert not Zone.objects.filter(code__in=["41082", "41092", "41170", "41257"]).exists()
    assert ZoneAlias.objects.filter(code="41082", target_code="41059").exists()
    again = dataset_import_check(path=stats_dir / COMPARATEUR,
                                 plan=ImportPlan("comparateur", "commune"))
    assert not [w for w in again.warnings if w.kind == "newer_vintage"]
    absent = next(w.message for w in again.warnings if w.kind == "absent_zones")
    assert absent.startswith("6 zones connues")


def test_values_of_old_codes_are_summed_for_counts_and_left_out_for_medians(cog_2024,
                                                                            tmp_path):
    derive_2024(cog_2024)
    # Made-up values for the five old communes of Le Controis-en-Sologne, coded COG 2018.
    lines = ["CODGEO;NB_LOGEMENTS;MED_REVENU", "41059;1500;21000", "41082;300;20500",
             "41092;400;22000", "41170;350;21500", "41257;450;20000"]
    version = dataset_import(path=write_lines(tmp_path, lines, "cog2018.csv"),
                             plan=ImportPlan("logements", "commune", period="2018"))
    assert values_of("nb_logements", "logements")["41059"] == (3000.0, MissingReason.VALUE)
    median, reason = values_of("med_revenu", "logements")["41059"]
    assert np.isnan(median) and reason == MissingReason.NOT_AVAILABLE
    merged = next(w["message"] for w in version.report["warnings"]
                  if w["kind"] == "merged_code")
    assert "41082 Feings" in merged and "leurs valeurs iront à 41059" in merged
    secret = lines[:2] + ["41082;s;20500"] + lines[3:]
    dataset_import(path=write_lines(tmp_path, secret, "secret.csv"),
                   plan=ImportPlan("logements-s", "commune"))
    total, reason = values_of("nb_logements", "logements-s")["41059"]
    assert np.isnan(total) and reason == MissingReason.NOT_AVAILABLE


def test_arrondissements_are_summed_into_their_commune_unless_it_has_its_own_row(
        cog_2024, stats_dir, tmp_path):
    Zone.objects.create(level="commune", code="75056", name="Paris")
    with (stats_dir / "populations-legales-2021-communes.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["COM"].startswith("751")
                or r["COM"] == "75056"]
    districts = [r for r in rows if r["COM"] != "75056"]
    assert len(districts) == 20
    lines = ["COM;PMUN"] + [f"{r['COM']};{r['PMUN']}" for r in districts]
    dataset_import(path=write_lines(tmp_path, lines, "arm.csv"),
                   plan=ImportPlan("paris", "commune"))
    total = sum(int(r["PMUN"]) for r in districts)
    assert values_of("pmun", "paris")["75056"] == (float(total), MissingReason.VALUE)
    paris = next(r for r in rows if r["COM"] == "75056")
    lines.append(f"75056;{paris['PMUN']}")
    version = dataset_import(path=write_lines(tmp_path, lines, "arm-et-paris.csv"),
                             plan=ImportPlan("paris", "commune"))
    assert values_of("pmun", "paris")["75056"][0] == float(paris["PMUN"])
    assert any("75101" in n and "ignoré pour ne pas compter deux fois" in n
               for n in version.report["notes"])


def test_the_commands_list_then_derive_the_merged_communes(cog_dir):
    out = StringIO()
    call_command("derive_zones", "--cog", str(cog_dir / "v-commune-2024.csv"), "--dry-run",
                 stdout=out)
    assert "41059 Le Controis-en-Sologne ← 41059, 41082, 41092, 41170, 41257" in out.getvalue()
    assert Zone.objects.filter(code="41082").exists()
    out = StringIO()
    call_command("derive_zones", "--cog", str(cog_dir / "v-commune-2024.csv"), stdout=out)
    assert "8 zones du COG 2024 dérivées par fusion des contours, 13 anciennes zones " \
           "remplacées." in out.getvalue()
    out = StringIO()
    call_command("load_cog", str(cog_dir / "v-commune-2024.csv"), stdout=out)
    assert "0 ajoutés, 2609 déjà connus" in out.getvalue()


def test_a_new_code_whose_old_communes_are_zones_suggests_deriving_it(cog_2024, tmp_path):
    Zone.objects.filter(code="41059").delete()  # as if the commune nouvelle had a new code
    path = write_lines(tmp_path, ["CODGEO;NB_LOGEMENTS", "41059;3000", "41018;25000"], "n.csv")
    report = dataset_import_check(path=path, plan=ImportPlan("logements", "commune"))
    unknown = next(e for e in report.errors if e.kind == "unknown_code")
    assert unknown.line == 2 and "le code 41059 n'est pas une zone « commune » connue" in \
        unknown.message
    assert "commune nouvelle, plus récente que vos contours : elle regroupe 41082, 41092, " \
           "41170, 41257" in unknown.message


def test_a_code_of_another_level_is_told_so(tmp_path):
    path = write_lines(tmp_path, ["CODGEO;NB", "372610101;12", "37261;14"], "iris.csv")
    report = dataset_import_check(path=path, plan=ImportPlan("x", "commune"))
    assert report.errors[0].message == (
        "Ligne 2 : le code 372610101 n'est pas une zone « commune » connue. Un code « commune » "
        "a 5 caractères, celui-ci 9 (la longueur d'un code « iris » : le niveau est-il le bon ?).")
