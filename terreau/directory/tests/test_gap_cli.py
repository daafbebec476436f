"""`terreau gap`: the table as CSV or JSON, the exit statuses and the French refusals."""

import csv
import io
import json

import pytest

from . import gap_setup as setup
from .gap_setup import highest_need

gap_services = setup.gap_services

pytestmark = pytest.mark.django_db
ARGS = ("gap", "--theme", "numerique", "--need", "chomage", "--level", "commune",
        "--within", "37")


def test_csv(run_cli, gap_services, chomage, steward):
    code, out, err = run_cli(*ARGS, "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["zone", "name", "need", "eligible_services", "nearest_km", "rank",
                       "reasons"]
    assert len(rows) == 1 + 272
    worst, value = highest_need(chomage, steward)
    first = rows[1]
    assert first[0] == worst and float(first[2]) == pytest.approx(value)
    assert first[3] == "0" and first[5] == "1"
    assert "aucun service de ce thème n'y est éligible" in first[6]
    tours = next(row for row in rows if row[0] == "37261")
    assert tours[3] == "1" and float(tours[4]) < 1


def test_json(run_cli, gap_services, chomage):
    code, out, err = run_cli(*ARGS, "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    assert len(records) == 272 and records[0]["rank"] == 1
    assert records[0]["eligible_services"] == 0 and records[0]["high_need"]
    assert [r["rank"] for r in records] == list(range(1, 273))


@pytest.mark.parametrize(("changes", "message"), [
    ({"--theme": "cuisine"}, "Thématique inconnue : « cuisine »"),
    ({"--need": "inconnu"}, "Indicateur introuvable : « inconnu »"),
    ({"--level": "region"}, "Option --level : « region » ; choisissez commune ou iris."),
    ({"--within": "99"}, "Territoire inconnu : « 99 »"),
    ({"--format": "xlsx"}, "Option --format : xlsx ; choisissez csv ou json."),
])
def test_refusals_in_french(run_cli, gap_services, chomage, changes, message):
    args = dict(zip(ARGS[1::2], ARGS[2::2], strict=True)) | {"--format": "csv"} | changes
    code, out, err = run_cli("gap", *[part for pair in args.items() for part in pair])
    assert code == 1 and out == ""
    assert message in err


def test_group_indicator_needs_a_user(run_cli, gap_services, chomage_groupe, steward):
    args = ["gap", "--theme", "numerique", "--need", "chomage-tours", "--within", "37",
            "--format", "csv"]
    code, _, err = run_cli(*args)
    assert code == 1 and "précisez --user NOM" in err
    code, out, err = run_cli(*args, "--user", steward.username)
    assert code == 0, err
    assert len(out.strip().splitlines()) == 273
    code, _, err = run_cli(*args, "--user", "personne")
    assert code == 1 and "personne inconnue" in err
