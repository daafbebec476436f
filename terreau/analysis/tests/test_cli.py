"""`terreau analyse-profiles` on FactoMineR's real `tea_time` table and on a campaign's answers."""

import json

import pandas as pd
import pytest

from terreau.core.exports import write_xlsx
from terreau.core.models import AuditEvent
from terreau.core.tests.fixtures import run_cli as _run_cli  # noqa: F401  (fixture `run_cli`)

from . import analyses_setup as setup

TEA_TIME = "analysis/factominer-tea-time.csv"
ACTIVE = "Tea,How,how,sugar,where,lunch"
# The fixtures of the campaign tests: the Tours campaign and 120 answers drawn from 3 groups.
answered, campaign, collector, facilitator = (setup.answered, setup.campaign, setup.collector,
                                              setup.facilitator)
# ../shared/data/MANIFEST.md: FactoMineR's published MCA(tea_time) eigenvalues.
PUBLISHED = [0.279, 0.261, 0.219]


@pytest.fixture
def tea(data_dir):
    return data_dir / TEA_TIME


def analyse(run_cli, *args):
    return run_cli("analyse-profiles", *map(str, args))


def run_json(run_cli, tmp_path, source, *options) -> tuple[dict, str]:
    target = tmp_path / "profils.json"
    code, out, err = analyse(run_cli, source, "--active", ACTIVE, "--json", target, *options)
    assert code == 0, err
    return json.loads(target.read_text(encoding="utf-8")), out


def check_shapes(result: dict, people: int, ncp: int = 5) -> None:
    """The keys and shapes the issue promises."""
    assert {"eigenvalues", "corrected_inertia", "categories", "partition",
            "profiles"} <= set(result)
    assert all(isinstance(v, float) for v in result["eigenvalues"])
    assert all(isinstance(v, float) for v in result["corrected_inertia"])
    assert len(result["partition"]) == people
    for key, category in result["categories"].items():
        assert "=" in key
        for part in ("coord", "contrib", "cos2"):
            assert len(category[part]) == ncp, (key, part)
    sizes = [profile["size"] for profile in result["profiles"]]
    assert sum(sizes) == people
    assert sorted(set(result["partition"])) == list(range(1, len(sizes) + 1))
    for number, profile in enumerate(result["profiles"], start=1):
        assert result["partition"].count(number) == profile["size"]
        for side in ("over", "under"):
            for item in profile[side]:
                assert set(item) >= {"category", "v_test", "p_value"}
                assert item["category"] in result["categories"]
                assert 0 <= item["p_value"] <= 1


@pytest.mark.django_db
def test_tea_time_gives_factominer_eigenvalues_and_a_partition_of_the_300_people(
        run_cli, tea, tmp_path):
    result, out = run_json(run_cli, tmp_path, tea)
    assert [round(v, 3) for v in result["eigenvalues"][:3]] == PUBLISHED
    check_shapes(result, 300)
    assert len(result["categories"]) == 17  # the 17 categories of the 6 questions
    assert "Profils de besoins — factominer-tea-time.csv : 300 personnes" in out
    assert "Axe 1 : 0,279 (15,2 %" in out
    assert f"{len(result['profiles'])} profils, nombre proposé d'après les gains d'inertie" in out
    for profile in result["profiles"]:
        assert f"({profile['size']} personnes)" in out


@pytest.mark.django_db
def test_an_xlsx_copy_gives_the_same_results(run_cli, tea, tmp_path):
    frame = pd.read_csv(tea, dtype=str)
    copy = tmp_path / "tea.xlsx"
    with open(copy, "wb") as handle:
        write_xlsx(handle, list(frame.columns), frame.itertuples(index=False))
    from_xlsx, _ = run_json(run_cli, tmp_path, copy)
    from_csv, _ = run_json(run_cli, tmp_path, tea)
    assert from_xlsx["partition"] == from_csv["partition"]
    assert from_xlsx["eigenvalues"] == pytest.approx(from_csv["eigenvalues"])


@pytest.mark.django_db
@pytest.mark.parametrize(("encoding", "separator"), [("latin-1", ";"), ("utf-8-sig", ",")])
def test_french_spreadsheet_csv_with_accents_and_empty_cells(run_cli, tea, tmp_path, encoding,
                                                             separator):
    frame = pd.read_csv(tea, dtype=str).rename(columns={"where": "où"})
    frame["lunch"] = frame["lunch"].map({"lunch": "déjeuner", "Not.lunch": "pas déjeuner"})
    frame.loc[:9, "sugar"] = None  # ten missing answers: empty cells
    source = tmp_path / "the.csv"
    frame.to_csv(source, sep=separator, index=False, encoding=encoding)
    target = tmp_path / "out.json"
    code, out, err = analyse(run_cli, source, "--active", "Tea,How,how,sugar,où,lunch",
                             "--json", target)
    assert code == 0, err
    result = json.loads(target.read_text(encoding="utf-8"))
    check_shapes(result, 300)
    assert "lunch=pas déjeuner" in result["categories"]
    assert "où=chain store" in result["categories"]
    assert not any(key.startswith("sugar=") and key.endswith(("=", "=nan"))
                   for key in result["categories"])


@pytest.mark.django_db
def test_the_number_of_profiles_can_be_chosen(run_cli, tea, tmp_path):
    result, out = run_json(run_cli, tmp_path, tea, "--profiles", 4)
    assert len(result["profiles"]) == 4
    check_shapes(result, 300)
    assert "4 profils : le nombre demandé (--profiles)" in out


@pytest.mark.django_db
@pytest.mark.parametrize("kk", ["none", "50"])
def test_exact_ward_or_a_k_means_pre_grouping(run_cli, tea, tmp_path, kk):
    result, out = run_json(run_cli, tmp_path, tea, "--kk", kk)
    check_shapes(result, 300)
    if kk == "50":
        assert result["pre_groups"] == 50
        assert "Pré-regroupement : 50 groupes k-means avant Ward" in out
    else:
        assert not result["pre_groups"]


@pytest.mark.django_db
def test_without_consolidation_nobody_moves(run_cli, tea, tmp_path):
    result, out = run_json(run_cli, tmp_path, tea, "--no-consolidation")
    assert result["moved"] == 0
    assert "Sans consolidation par k-means : 0 personne déplacée." in out
    consolidated, out = run_json(run_cli, tmp_path, tea)
    assert "Consolidation par k-means :" in out


@pytest.mark.django_db
def test_supplementary_questions_describe_without_shaping(run_cli, data_dir, tmp_path):
    result, _ = run_json(run_cli, tmp_path, data_dir / "analysis/factominer-tea.csv",
                         "--supplementary", "sex,SPC")
    plain, _ = run_json(run_cli, tmp_path, data_dir / "analysis/factominer-tea.csv")
    assert result["eigenvalues"] == pytest.approx(plain["eigenvalues"])
    assert "sex=F" in result["supplementary_categories"]
    assert "sex=F" not in result["categories"]


# ---- Bad input: a French message, a non-zero exit, nothing written -------------------------


def _binary(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    return path


def _empty(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_text("", encoding="utf-8")
    return path


def _header_only(tmp_path):
    path = tmp_path / "entete.csv"
    path.write_text("Tea,How,how,sugar,where,lunch\n", encoding="utf-8")
    return path


BAD = [
    (lambda tea, tmp: [tea, "--active", "Tea,Café,sugar"],
     ["Colonne inconnue : Café.", "Colonnes disponibles : Tea, How, how, sugar, where, lunch."]),
    (lambda tea, tmp: [tea, "--active", "Tea,How", "--supplementary", "Sexe,lunch"],
     ["Colonne inconnue : Sexe."]),
    (lambda tea, tmp: [tea, "--active", "Tea"], ["au moins deux questions actives"]),
    (lambda tea, tmp: [tea, "--active", "Tea,Tea"], ["au moins deux questions actives"]),
    (lambda tea, tmp: [tea], ["au moins deux questions actives"]),
    (lambda tea, tmp: [tea, "--active", "Tea,How,sugar", "--supplementary", "sugar"],
     ["à la fois active et supplémentaire : sugar"]),
    (lambda tea, tmp: [_empty(tmp), "--active", "Tea,How"], ["vide.csv est vide"]),
    (lambda tea, tmp: [_header_only(tmp), "--active", "Tea,How"],
     ["aucune ligne de réponses"]),
    (lambda tea, tmp: [_binary(tmp), "--active", "Tea,How"], ["Fichier illisible"]),
    (lambda tea, tmp: [tmp / "absent.csv", "--active", "Tea,How"], ["Fichier introuvable"]),
    (lambda tea, tmp: ["--campaign", "nulle-part", "--active", "Tea,How"],
     ["Campagne inconnue : « nulle-part »."]),
    (lambda tea, tmp: ["--active", "Tea,How"], ["soit un fichier", "soit --campaign"]),
    (lambda tea, tmp: [tea, "--active", "Tea,How", "--profiles", "deux"],
     ["--profiles deux : un nombre entier est attendu."]),
    (lambda tea, tmp: [tea, "--active", "Tea,How", "--kk", "1"],
     ["--kk 1 : un nombre d'au moins 2 est attendu."]),
    (lambda tea, tmp: [tea, "--active", "Tea,How", "--ncp", "0"],
     ["--ncp 0 : un nombre d'au moins 1 est attendu."]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("arguments", "messages"), BAD)
def test_bad_input_says_what_is_wrong_in_french_and_writes_nothing(run_cli, tea, tmp_path,
                                                                   arguments, messages):
    target = tmp_path / "jamais.json"
    code, out, err = analyse(run_cli, *arguments(tea, tmp_path), "--json", target)
    assert code == 1
    for message in messages:
        assert message in err
    assert not target.exists()
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_json_file_in_a_missing_folder_is_refused_before_computing(run_cli, tea, tmp_path):
    code, _, err = analyse(run_cli, tea, "--active", ACTIVE, "--json",
                           tmp_path / "absent" / "out.json")
    assert code == 1 and "le dossier" in err and "n'existe pas" in err


# ---- A campaign's answers -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_campaigns_answers_are_analysed_and_the_reading_is_audited(run_cli, answered,
                                                                     campaign, tmp_path):
    target = tmp_path / "campagne.json"
    code, out, err = analyse(run_cli, "--campaign", campaign.slug, "--active",
                             "logement,vit_seul,voiture,age,besoins/emploi,besoins/sante,"
                             "besoins/garde,besoins/isolement", "--supplementary", "zone",
                             "--json", target)
    assert code == 0, err
    result = json.loads(target.read_text(encoding="utf-8"))
    check_shapes(result, 120)
    assert "voiture=non" in result["categories"]
    assert "zone=372610101" in result["supplementary_categories"]
    assert "Profils de besoins — campagne « diagnostic-tours » : 120 personnes" in out
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id) == ("export", campaign.questionnaire.slug)
    assert event.details["reponses"] == 120
    assert event.details["campagne"] == "diagnostic-tours"
    assert event.details["fichier"] == str(target)
    assert "ligne de commande" in event.actor


@pytest.mark.django_db
def test_a_campaigns_unknown_column_lists_the_variable_keys(run_cli, answered, campaign):
    code, _, err = analyse(run_cli, "--campaign", campaign.slug, "--active",
                           "logement,besoins")
    assert code == 1
    assert "Colonne inconnue : besoins." in err
    assert "besoins/emploi" in err and "vit_seul" in err
    assert AuditEvent.objects.count() == 0
