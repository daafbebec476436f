"""The catalogue's JSON API: datasets, variables, a version's values, OpenAPI schemas.

Visibility per role and level is in test_sensitivity.py; here, what each operation returns.
"""

import pytest

from terreau.catalog.models import DataHolder

from .ui_factories import dataset_make, version_make, world_fixture, zone_make  # noqa: F401

BASE = "/api/v1/donnees"


@pytest.fixture
def api(client, world):
    dataset = world["datasets"]["shared"]
    dataset.holder = DataHolder.objects.create(name="INSEE", kind="state")
    dataset.licence, dataset.vintage = "Licence Ouverte 2.0", "2018"
    dataset.save()
    version_make(dataset, {"p18_pop": [136500, 38090, 15000]}, zones=world["zones"],
                 user=world["people"]["steward"],
                 changes={"values_changed": 2, "zones_added": 0, "zones_removed": 0,
                          "sample": [], "series_added": [], "series_removed": ["med19 2018"]})
    client.force_login(world["people"]["member"])
    return client


def test_the_openapi_schema_documents_the_catalogue_operations(api):
    schema = api.get("/api/v1/openapi.json").json()
    assert {f"{BASE}/jeux", f"{BASE}/jeux/{{slug}}", f"{BASE}/variables",
            f"{BASE}/jeux/{{slug}}/versions/{{number}}/valeurs"} <= set(schema["paths"])
    components = schema["components"]["schemas"]
    assert {"DatasetOut", "DatasetDetailOut", "VariableOut", "VersionOut", "ValuesOut",
            "ValueOut"} <= set(components)
    assert components["ValueOut"]["properties"]["valeur"]["description"].startswith("Vide")
    values = schema["paths"][f"{BASE}/jeux/{{slug}}/versions/{{number}}/valeurs"]["get"]
    assert [p["name"] for p in values["parameters"]] == ["slug", "number", "variable", "zone",
                                                         "limit", "offset"]


def test_the_list_gives_each_dataset_with_its_latest_version(api):
    data = {d["slug"]: d for d in api.get(f"{BASE}/jeux").json()}
    shared = data["donnees-shared"]
    assert shared["titre"] == "Données shared" and shared["niveau"] == "commune"
    assert shared["sensibilite"] == "shared" and shared["derniere_version"] == 2
    assert shared["producteur"]["nom"] == "INSEE"
    assert shared["url"] == "/donnees/donnees-shared/"


def test_the_detail_gives_the_sheet_variables_and_versions(api):
    data = api.get(f"{BASE}/jeux/donnees-shared").json()
    assert data["licence"] == "Licence Ouverte 2.0" and data["groupe"] == "tours"
    assert [v["slug"] for v in data["variables"]] == ["p18_pop", "med19"]
    assert data["variables"][0]["slug_complet"] == "donnees-shared.p18_pop"
    assert [v["numero"] for v in data["versions"]] == [2, 1]
    assert data["versions"][0]["changements"] == ["2 valeurs modifiées", "1 série retirée"]
    assert data["versions"][0]["auteur"] == "referente"
    assert data["versions"][1]["url"] == "/donnees/donnees-shared/v1/"


def test_variables_are_filtered_by_dataset_and_name(api):
    by_dataset = api.get(f"{BASE}/variables", {"jeu": "donnees-open"}).json()
    assert {v["jeu"] for v in by_dataset} == {"donnees-open"}
    by_name = api.get(f"{BASE}/variables", {"slug": "med19"}).json()
    assert {v["jeu"] for v in by_name} == {"donnees-open", "donnees-shared", "donnees-group"}
    assert by_name[0]["nature"] == "count"


def test_values_give_zone_code_name_variable_period_value_and_reason(api):
    data = api.get(f"{BASE}/jeux/donnees-shared/versions/1/valeurs").json()
    assert data["total"] == 6 and data["version"] == 1
    assert data["valeurs"][0] == {"zone": "37122", "nom": "Joué-lès-Tours",
                                  "variable": "p18_pop", "periode": "2018", "valeur": 38090.0,
                                  "raison": ""}
    assert [v["zone"] for v in data["valeurs"]] == ["37122", "37233", "37261"] * 2
    secret = [v for v in data["valeurs"] if v["zone"] == "37233"]
    assert all(v["valeur"] is None and v["raison"] == "Secret statistique (s)" for v in secret)


def test_values_are_filtered_and_paged(api):
    url = f"{BASE}/jeux/donnees-shared/versions/1/valeurs"
    tours = api.get(url, {"zone": "37261", "variable": "med19"}).json()
    assert tours["total"] == 1 and tours["valeurs"][0]["valeur"] == 20210
    page = api.get(url, {"limit": 2, "offset": 2}).json()
    assert page["total"] == 6
    assert [(v["zone"], v["variable"]) for v in page["valeurs"]] == [("37261", "p18_pop"),
                                                                      ("37122", "med19")]
    assert api.get(url, {"offset": 10}).json()["valeurs"] == []
    assert api.get(url, {"zone": "99999"}).json()["total"] == 0
    for params in [{"limit": 0}, {"limit": 10_001}, {"offset": -1}]:
        assert api.get(url, params).status_code == 422


def test_an_unknown_version_is_404(api):
    response = api.get(f"{BASE}/jeux/donnees-shared/versions/9/valeurs")
    assert response.status_code == 404
    assert response.json() == {"detail": "Cette version n'existe pas."}


def test_values_of_a_large_version_are_served_page_by_page(api, world):
    zones = [zone_make(f"41{i:03d}", f"Commune {i}") for i in range(1, 301)]
    dataset = dataset_make("grand", sensitivity="open")
    version_make(dataset, {f"v{j}": [float(i * j) for i in range(300)] for j in range(1, 6)},
                 zones=zones)
    url = f"{BASE}/jeux/grand/versions/1/valeurs"
    data = api.get(url, {"offset": 299, "limit": 3}).json()
    assert data["total"] == 1500
    assert [(v["zone"], v["variable"], v["valeur"]) for v in data["valeurs"]] == [
        ("41300", "v1", 299.0), ("41001", "v2", 0.0), ("41002", "v2", 2.0)]


def test_a_version_of_every_commune_of_france_is_served(api, data_dir):
    """The 34,935 communes of INSEE's COG 2024: more zones than SQLite takes SQL parameters."""
    import csv

    from terreau.territory.models import Zone

    with open(data_dir / "cog" / "v-commune-2024.csv", encoding="utf-8", newline="") as handle:
        communes = [row for row in csv.DictReader(handle) if row["TYPECOM"] == "COM"]
    known = set(Zone.objects.values_list("code", flat=True))
    Zone.objects.bulk_create([Zone(level="commune", code=row["COM"], name=row["LIBELLE"],
                                   search_name="") for row in communes if row["COM"] not in known],
                             batch_size=5000)
    zones = list(Zone.objects.filter(level="commune").order_by("pk"))
    assert len(zones) == len(communes) > 32_766
    dataset = dataset_make("france", sensitivity="open")
    version_make(dataset, {"n": [float(i) for i in range(len(zones))]}, zones=zones)
    paris = api.get(f"{BASE}/jeux/france/versions/1/valeurs", {"zone": "75056"}).json()
    assert paris["total"] == 1 and paris["valeurs"][0]["nom"] == "Paris"
    page = api.get("/donnees/france/", {"page": 2}).content.decode()
    assert f"zones 51 à 100 sur {len(zones)}" in page
    assert api.get("/donnees/france/v1/export.csv").content.count(b"\r\n") == len(zones) + 1
