"""`terreau render-map`: the same classification as the API, French errors, nothing written."""

import json

import pytest

from terreau.core.choices import AuditAction
from terreau.core.models import AuditEvent

RENDER = ("render-map", "--indicator", "chomage", "--level", "commune", "--within", "37")


def api_classification(client, **params) -> dict:
    response = client.get("/api/v1/atlas/carte", {"indicateur": "chomage", "dans": "37",
                                                  **params})
    return response.json()["classification"]


@pytest.mark.parametrize("options, params", [
    ((), {}),
    (("--method", "fisher_jenks", "--classes", "7"), {"methode": "fisher_jenks",
                                                      "classes": "7"}),
    (("--method", "std_mean", "--classes", "4"), {"methode": "std_mean", "classes": "4"}),
    (("--breaks", "8,10,12.5,15"), {"bornes": "8,10,12.5,15"}),
])
def test_json_output_equals_the_api_classification(run_cli, member_api, atlas_indicators,
                                                   options, params):
    code, out, err = run_cli(*RENDER, *options, "--format", "json")
    assert code == 0, err
    printed = json.loads(out)
    assert list(printed)[:4] == ["method", "breaks", "counts", "missing"]
    api = api_classification(member_api, **params)
    assert printed["method"] == api["methode"]
    assert printed["breaks"] == api["bornes"] and printed["counts"] == api["effectifs"]
    assert printed["missing"] == api["manquantes"] and printed["colors"] == api["couleurs"]


def test_json_to_a_file(run_cli, atlas_indicators, tmp_path):
    target = tmp_path / "classes.json"
    code, out, err = run_cli(*RENDER, "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    data = json.loads(target.read_text())
    assert (data["method"], len(data["breaks"]), sum(data["counts"]), data["missing"]) == (
        "quantiles", 5, 272, 0)


def test_svg_and_png_files_are_written_and_audited(run_cli, atlas_indicators, tmp_path):
    svg, png = tmp_path / "carte.svg", tmp_path / "carte.png"
    assert run_cli(*RENDER, "--format", "svg", "-o", str(svg), "--symbols", "population")[0] == 0
    assert run_cli(*RENDER, "--format", "png", "--output", str(png), "--palette", "Reds")[0] == 0
    text = svg.read_text()
    assert text.startswith("<svg") and "Taux de chômage" in text
    assert "Licence Ouverte / Etalab 2.0" in text and "Population (2018)" in text
    assert png.read_bytes()[:4] == b"\x89PNG"
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert [e.details["format"] for e in events] == ["svg", "png"]
    assert events[0].details["file"] == str(svg) and "ligne de commande" in events[0].actor


def test_svg_goes_to_the_standard_output_without_o(run_cli, atlas_indicators):
    code, out, err = run_cli(*RENDER, "--format", "svg")
    assert code == 0 and out.startswith("<svg")


@pytest.mark.parametrize("options, message", [
    (("--format", "pdf"), "Option --format : pdf ; choisissez svg, png, json."),
    (("--classes", "12", "--format", "json"), "Option --classes : « 12 » ; le nombre de "
                                              "classes va de 3 à 9."),
    (("--method", "jenks", "--format", "json"), "Option --method : méthode inconnue « jenks »"),
    (("--breaks", "10,5", "--format", "json"), "Option --breaks : les bornes doivent être "
                                               "rangées"),
    (("--breaks", "5,10,150", "--format", "json"), "Le seuil 150 est en dehors des valeurs"),
    (("--palette", "Jet", "--format", "svg"), "Option --palette : palette inconnue « Jet »"),
    (("--within", "99", "--format", "json"), "territoire inconnu « 99 »"),
    (("--level", "iris", "--within", "commune:37261", "--format", "json"),
     "n'a pas de données au niveau « IRIS »"),
    (("--period", "2030", "--format", "json"), "Période inconnue : 2030. Périodes "
                                               "disponibles : 2018."),
])
def test_bad_input_is_a_french_error_and_writes_nothing(run_cli, atlas_indicators, tmp_path,
                                                        options, message):
    target = tmp_path / "carte.out"
    code, out, err = run_cli(*RENDER, *options, "-o", str(target))
    assert code == 1 and out == ""
    assert err.startswith("Erreur: ") and message in err
    assert not target.exists()


def test_the_indicator_is_required_and_must_exist(run_cli, atlas_indicators):
    code, _, err = run_cli("render-map", "--format", "json")
    assert code == 1 and "Option --indicator manquant" in err
    code, _, err = run_cli("render-map", "--indicator", "inconnu", "--format", "json")
    assert code == 1 and "Indicateur introuvable : « inconnu »." in err


def test_group_data_need_a_user_who_sees_them(run_cli, chomage_groupe, tours_member, outsider):
    base = ("render-map", "--indicator", "chomage-tours", "--within", "37", "--format", "json")
    code, _, err = run_cli(*base)
    assert code == 1 and "données de groupe ou restreintes : précisez --user NOM" in err
    code, _, err = run_cli(*base, "--user", "olga")
    assert code == 1 and "Indicateur introuvable : « chomage-tours »." in err
    code, _, err = run_cli(*base, "--user", "personne")
    assert code == 1 and "Option --user : personne inconnue « personne »." in err
    code, out, err = run_cli(*base, "--user", "mehdi")
    assert code == 0, err
    assert sum(json.loads(out)["counts"]) == 272


def test_restricted_data_never_leave_as_a_file(run_cli, chomage_restreint, steward, tmp_path):
    target = tmp_path / "carte.svg"
    code, _, err = run_cli("render-map", "--indicator", "chomage-restreint", "--user",
                           "stephane", "--format", "svg", "-o", str(target))
    assert code == 1 and "données restreintes" in err and not target.exists()


def test_help_says_who_the_command_acts_as(run_cli):
    code, out, _ = run_cli("help", "render-map")
    assert "--user" in out and "données ouvertes" in out and "--format" in out
