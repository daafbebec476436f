"""The compose API (/api/v1/scenarios/): same rules as the pages, French errors."""

import pytest

from terreau.indicators.tests.factories import user_make
from terreau.scenarios.models import Scenario, Step
from terreau.scenarios.services import scenario_create, step_add

API = "/api/v1/scenarios/"
CHOMAGE_37 = "indicateur=chomage&niveau=commune&dans=37"
POPULATION_37 = "indicateur=population&niveau=commune&dans=37"


@pytest.fixture
def scenario(tours_group, tours_member, chomage, population):
    return scenario_create(title="Chômage et population", group=tours_group,
                           author=tours_member)


def test_compose_through_the_api(member_api, tours_group, chomage, population):
    response = member_api.post(API, {"titre": "Par l'API", "question": "Pourquoi ?"},
                               content_type="application/json")
    assert response.status_code == 201, response.content
    slug = response.json()["slug"]
    assert response.json()["groupe"] == tours_group.slug
    assert response.json()["visibilite"] == "group"

    steps_url = f"{API}{slug}/etapes"
    first = member_api.post(steps_url, {"vue": CHOMAGE_37, "titre": "Chômage",
                                        "recit": "**Fort** à Tours"},
                            content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["recit_html"].strip() == "<p><strong>Fort</strong> à Tours</p>"
    assert first.json()["lien_atlas"] == f"/atlas/?{CHOMAGE_37}"
    second = member_api.post(steps_url, {"page": "carte", "vue": "?" + POPULATION_37,
                                         "titre": "Population"},
                             content_type="application/json").json()
    assert second["position"] == 2 and second["vue"] == POPULATION_37

    order = member_api.post(f"{API}{slug}/ordre", {"ids": [second["id"], first.json()["id"]]},
                            content_type="application/json")
    assert [s["titre"] for s in order.json()["etapes"]] == ["Population", "Chômage"]

    changed = member_api.put(f"{steps_url}/{second['id']}", {"titre": "Habitants",
                                                            "recit": "*Beaucoup*"},
                             content_type="application/json")
    assert changed.json()["recit_html"].strip() == "<p><em>Beaucoup</em></p>"

    assert member_api.delete(f"{steps_url}/{second['id']}").status_code == 204
    detail = member_api.get(f"{API}{slug}").json()
    assert [(s["position"], s["titre"]) for s in detail["etapes"]] == [(1, "Chômage")]
    assert detail["nombre_etapes"] == 1
    assert [s["slug"] for s in member_api.get(API).json()] == [slug]


@pytest.mark.parametrize(("body", "message"), [
    ({"vue": "indicateur=inconnu", "titre": "x"}, "Indicateur introuvable"),
    ({"vue": "indicateur=chomage&classes=99", "titre": "x"}, "Paramètre « classes »"),
    ({"vue": CHOMAGE_37, "titre": " "}, "Le titre de l'étape est obligatoire."),
    ({"page": "tableau", "vue": CHOMAGE_37, "titre": "x"}, "Page de l'atlas inconnue"),
    ({"vue": CHOMAGE_37, "titre": "x", "recit": "a" * 20_001}, "Le récit dépasse 20000"),
])
def test_refused_steps_are_400_with_a_french_detail(member_api, scenario, body, message):
    response = member_api.post(f"{API}{scenario.slug}/etapes", body,
                               content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Step.objects.exists()


def test_a_bad_order_is_refused(member_api, scenario, tours_member):
    step = step_add(scenario=scenario, kind="carte", query=CHOMAGE_37, title="a",
                    user=tours_member)
    response = member_api.post(f"{API}{scenario.slug}/ordre", {"ids": [step.pk, step.pk]},
                               content_type="application/json")
    assert response.status_code == 400 and "chaque étape une fois" in response.json()["detail"]


def test_group_data_in_a_public_scenario_is_refused(member_api, scenario, chomage_groupe):
    scenario.visibility = "public"
    scenario.save()
    response = member_api.post(f"{API}{scenario.slug}/etapes",
                               {"vue": "indicateur=chomage-tours&dans=37", "titre": "Groupe"},
                               content_type="application/json")
    assert response.status_code == 400
    assert "Étape 1 « Groupe » : données du groupe" in response.json()["detail"]
    assert not Step.objects.exists()


def test_anonymous_clients_read_public_scenarios_and_write_nothing(client, scenario,
                                                                   tours_group, tours_member):
    public = scenario_create(title="Ouvert", group=tours_group, author=tours_member,
                             visibility="public")
    step_add(scenario=public, kind="carte", query=CHOMAGE_37, title="Chômage",
             user=tours_member)
    assert [s["slug"] for s in client.get(API).json()] == [public.slug]
    detail = client.get(f"{API}{public.slug}")
    assert detail.status_code == 200 and detail.json()["etapes"][0]["titre"] == "Chômage"
    assert client.get(f"{API}{scenario.slug}").status_code == 404
    assert client.post(API, {"titre": "x"}, content_type="application/json").status_code == 401
    response = client.post(f"{API}{public.slug}/etapes", {"vue": CHOMAGE_37, "titre": "x"},
                           content_type="application/json")
    assert response.status_code == 401
    assert client.delete(f"{API}{public.slug}/etapes/1").status_code == 401


def test_outsiders_404_members_403_facilitators_write(client, scenario, tours_group,
                                                      tours_member, outsider):
    step = step_add(scenario=scenario, kind="carte", query=CHOMAGE_37, title="Chômage",
                    user=tours_member)
    step_url = f"{API}{scenario.slug}/etapes/{step.pk}"
    body = {"titre": "Autre", "recit": ""}
    client.force_login(outsider)
    assert client.get(f"{API}{scenario.slug}").status_code == 404
    assert client.put(step_url, body, content_type="application/json").status_code == 404
    assert client.post(API, {"titre": "x", "groupe": tours_group.slug},
                       content_type="application/json").status_code == 400

    client.force_login(user_make("nadia", group=tours_group))
    assert client.get(f"{API}{scenario.slug}").status_code == 200
    response = client.put(step_url, body, content_type="application/json")
    assert response.status_code == 403 and "auteur" in response.json()["detail"]
    assert client.delete(step_url).status_code == 403

    client.force_login(user_make("fanny", group=tours_group, role="facilitator"))
    assert client.put(step_url, body, content_type="application/json").status_code == 200
    assert client.put(f"{API}{scenario.slug}/etapes/999999", body,
                      content_type="application/json").status_code == 404


def test_no_group_no_scenario(client, member):
    client.force_login(member)
    response = client.post(API, {"titre": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert not Scenario.objects.exists()
