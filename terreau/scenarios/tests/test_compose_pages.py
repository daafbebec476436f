"""Compose and read scenarios through the pages: create, add views from real atlas
permalinks, reorder, edit, remove; visibility refused by group data; who reads and changes."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from terreau.indicators.tests.factories import user_make
from terreau.scenarios.models import Scenario, Step
from terreau.scenarios.services import scenario_create, step_add

CHOMAGE_37 = "indicateur=chomage&niveau=commune&dans=37"
POPULATION_37 = "indicateur=population&niveau=commune&dans=37"
GROUP_DATA_37 = "indicateur=chomage-tours&niveau=commune&dans=37"


def add_view_url(vue: str, page: str = "carte") -> str:
    return f"{reverse('scenarios:add_view')}?{urlencode({'page': page, 'vue': vue})}"


def add_view(client, scenario, vue: str, title: str, narrative: str = "", page: str = "carte"):
    return client.post(reverse("scenarios:add_view"), {
        "page": page, "vue": vue, "scenario": str(scenario.pk), "title": title,
        "narrative": narrative})


@pytest.fixture
def scenario(tours_group, tours_member, chomage, population):
    return scenario_create(title="Chômage et population", group=tours_group,
                           author=tours_member, question="Où le chômage pèse-t-il ?")


def step_titles(scenario) -> list[str]:
    return list(scenario.steps.order_by("position").values_list("title", flat=True))


def test_create_add_two_views_reorder_edit_and_remove(client, tours_member, chomage,
                                                      population):
    client.force_login(tours_member)
    assert "Nouveau scénario" in client.get(reverse("scenarios:list")).content.decode()
    response = client.post(reverse("scenarios:create"), {
        "title": "Chômage en Touraine", "question": "Où le chômage pèse-t-il le plus ?",
        "group": tours_member.memberships.get().group_id, "visibility": "group"})
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response.url == scenario.get_absolute_url()

    # The form, opened from the atlas, names the view: indicator and territory.
    page = client.get(add_view_url(CHOMAGE_37)).content.decode()
    assert "Taux de chômage — Indre-et-Loire" in page
    assert "Markdown : **gras**" in page
    response = add_view(client, scenario, CHOMAGE_37, "Taux de chômage — Indre-et-Loire",
                        "Le chômage est **plus fort** à Tours.")
    assert response.status_code == 302
    assert response.url == f"{scenario.get_absolute_url()}#etape-1"
    response = add_view(client, scenario, POPULATION_37, "Population")
    assert response.url == f"{scenario.get_absolute_url()}#etape-2"
    assert "Vue ajoutée : étape 2" in client.get(response.url).content.decode()

    reader = client.get(scenario.get_absolute_url()).content.decode()
    assert 'id="etape-1"' in reader and 'id="etape-2"' in reader
    assert "Étape 1 sur 2" in reader
    assert "<strong>plus fort</strong>" in reader
    step = scenario.steps.get(position=1)
    assert f'data-bundle-url="/api/v1/scenarios/{scenario.slug}/etapes/{step.pk}/carte"' \
        in reader
    assert f'href="/atlas/?{CHOMAGE_37.replace("&", "&amp;")}"' in reader

    # "Monter" puts the population first.
    population_step = scenario.steps.get(position=2)
    response = client.post(reverse("scenarios:step_move", args=[scenario.slug,
                                                                population_step.pk]),
                           {"position": "1"})
    assert response.status_code == 302
    assert step_titles(scenario) == ["Population", "Taux de chômage — Indre-et-Loire"]
    edit = client.get(reverse("scenarios:edit", args=[scenario.slug])).content.decode()
    assert edit.index("1. Population") < edit.index("2. Taux de chômage")
    assert "Monter" in edit and "Descendre" in edit and "Voir dans l'atlas" in edit

    # Editing a step: title and narrative.
    url = reverse("scenarios:step_edit", args=[scenario.slug, population_step.pk])
    assert client.post(url, {"title": "", "narrative": "x"}).status_code == 200
    client.post(url, {"title": "Habitants", "narrative": "Tours compte *beaucoup*."})
    population_step.refresh_from_db()
    assert population_step.title == "Habitants"
    assert "<em>beaucoup</em>" in client.get(scenario.get_absolute_url()).content.decode()

    # "Retirer" asks first, then removes and renumbers.
    url = reverse("scenarios:step_delete", args=[scenario.slug, population_step.pk])
    assert "Retirer l&#x27;étape 1 « Habitants »" in client.get(url).content.decode()
    assert scenario.steps.count() == 2
    client.post(url)
    assert step_titles(scenario) == ["Taux de chômage — Indre-et-Loire"]
    assert scenario.steps.get().position == 1

    # Deleting the scenario asks first too.
    url = reverse("scenarios:delete", args=[scenario.slug])
    assert client.get(url).status_code == 200 and Scenario.objects.exists()
    assert client.post(url).url == reverse("scenarios:list")
    assert not Scenario.objects.exists() and not Step.objects.exists()


def test_add_view_to_a_new_scenario(client, tours_member, tours_group, chomage):
    client.force_login(tours_member)
    response = client.post(reverse("scenarios:add_view"), {
        "page": "carte", "vue": CHOMAGE_37, "scenario": "nouveau",
        "new_title": "Premier essai", "new_group": tours_group.pk, "title": "Chômage",
        "narrative": ""})
    scenario = Scenario.objects.get()
    assert scenario.title == "Premier essai" and scenario.author == tours_member
    assert response.url == f"{scenario.get_absolute_url()}#etape-1"
    # A new scenario needs its title.
    response = client.post(reverse("scenarios:add_view"), {
        "page": "carte", "vue": CHOMAGE_37, "scenario": "nouveau", "new_title": "",
        "new_group": tours_group.pk, "title": "Chômage"})
    assert response.status_code == 400
    assert "Donnez un titre au nouveau scénario." in response.content.decode()
    assert Scenario.objects.count() == 1


@pytest.mark.parametrize(("vue", "message"), [
    ("indicateur=inconnu&niveau=commune&dans=37", "Indicateur introuvable : « inconnu »"),
    ("indicateur=chomage&niveau=commune&classes=99", "Paramètre « classes »"),
    ("indicateur=chomage&niveau=canton", "niveau inconnu"),
])
def test_add_view_errors_write_nothing(client, scenario, tours_member, tours_group, vue,
                                       message):
    client.force_login(tours_member)
    page = client.get(add_view_url(vue))
    assert page.status_code == 400 and message in page.content.decode()
    for target in ({"scenario": str(scenario.pk)},
                   {"scenario": "nouveau", "new_title": "Autre", "new_group": tours_group.pk}):
        response = client.post(reverse("scenarios:add_view"), {
            "page": "carte", "vue": vue, "title": "Essai", **target})
        assert response.status_code == 400 and message in response.content.decode()
    assert Scenario.objects.count() == 1 and not Step.objects.exists()


def test_group_data_caps_the_visibility_naming_the_step(client, scenario, tours_member,
                                                        chomage_groupe):
    client.force_login(tours_member)
    add_view(client, scenario, CHOMAGE_37, "Chômage public")
    add_view(client, scenario, GROUP_DATA_37, "Chômage du groupe")
    url = reverse("scenarios:edit", args=[scenario.slug])
    page = client.get(url).content.decode()
    assert 'id="visibility-public" value="public" disabled' in page
    assert 'id="visibility-instance" value="instance" disabled' in page
    assert 'id="visibility-author" value="author" disabled' not in page
    assert "Étape 2 « Chômage du groupe » : données du groupe" in page
    for visibility in ("instance", "public"):
        response = client.post(url, {"title": scenario.title, "question": "",
                                     "visibility": visibility})
        body = response.content.decode()
        assert response.status_code == 200
        assert "ne peut pas être rendu visible" in body
        assert "Étape 2 « Chômage du groupe »" in body and "Étape 1" not in body.split(
            "ne peut pas être rendu visible")[1].split("</div>")[0]
        scenario.refresh_from_db()
        assert scenario.visibility == "group"


def test_group_data_is_refused_in_a_public_scenario(client, scenario, tours_member,
                                                    chomage_groupe):
    scenario.visibility = "public"
    scenario.save()
    client.force_login(tours_member)
    response = add_view(client, scenario, GROUP_DATA_37, "Chômage du groupe")
    assert response.status_code == 400
    assert "Réduisez d&#x27;abord la visibilité du scénario" in response.content.decode()
    assert not Step.objects.exists()


def test_anonymous_visitors_read_public_scenarios_only(client, scenario, tours_group,
                                                       tours_member):
    step_add(scenario=scenario, kind="carte", query=CHOMAGE_37, title="Chômage",
             user=tours_member, narrative="Un récit.")
    public = scenario_create(title="Ouvert à tous", group=tours_group, author=tours_member,
                             visibility="public")
    page = client.get(reverse("scenarios:list")).content.decode()
    assert "Ouvert à tous" in page and "Chômage et population" not in page
    assert "Nouveau scénario" not in page
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(scenario.get_absolute_url()).status_code == 404
    assert client.get(reverse("scenarios:edit", args=[public.slug])).status_code == 302


def test_outsiders_get_404_members_403_and_facilitators_edit(client, scenario, tours_group,
                                                             tours_member, outsider, steward):
    edit = reverse("scenarios:edit", args=[scenario.slug])
    client.force_login(outsider)
    assert client.get(scenario.get_absolute_url()).status_code == 404
    assert client.get(edit).status_code == 404
    assert "Chômage et population" not in client.get(reverse("scenarios:list")).content.decode()

    other = user_make("nadia", group=tours_group)
    client.force_login(other)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "Chômage et population" in page and "Modifier" not in page
    assert client.get(edit).status_code == 403
    step = step_add(scenario=scenario, kind="carte", query=CHOMAGE_37, title="Chômage",
                    user=tours_member)
    url = reverse("scenarios:step_move", args=[scenario.slug, step.pk])
    assert client.post(url, {"position": "1"}).status_code == 403
    assert client.post(reverse("scenarios:delete", args=[scenario.slug])).status_code == 403

    facilitator = user_make("fanny", group=tours_group, role="facilitator")
    client.force_login(facilitator)
    assert 'href="/scenarios/' in client.get(scenario.get_absolute_url()).content.decode()
    assert client.get(edit).status_code == 200
    client.post(edit, {"title": "Chômage revu", "question": "", "visibility": "instance"})
    scenario.refresh_from_db()
    assert (scenario.title, scenario.visibility) == ("Chômage revu", "instance")


def test_the_list_groups_scenarios(client, scenario, tours_member, outsider, other_group):
    scenario_create(title="Santé à Blois", group=other_group, author=outsider,
                    visibility="instance")
    scenario_create(title="Exemple ouvert", group=other_group, author=outsider,
                    visibility="public", is_example=True)
    client.force_login(tours_member)
    page = client.get(reverse("scenarios:list")).content.decode()
    mine, others, public = (page.index(s) for s in ("Mes groupes", "Autres groupes",
                                                    "Publics"))
    assert mine < page.index("Chômage et population") < others
    assert others < page.index("Santé à Blois") < public < page.index("Exemple ouvert")
    assert "Exemple</span>" in page


def test_the_atlas_offers_to_add_the_view(client, tours_member, member, atlas_indicators):
    client.force_login(tours_member)
    page = client.get(f"/atlas/?{CHOMAGE_37}").content.decode()
    assert "Ajouter à un scénario" in page
    assert "/scenarios/ajouter-vue/?page=carte&amp;vue=indicateur%3Dchomage" in page
    compare = client.get("/atlas/rapprochement/?carte=chomage,commune,37&carte=population,"
                         "commune,37").content.decode()
    assert "/scenarios/ajouter-vue/?page=rapprochement&amp;vue=carte%3Dchomage" in compare
    client.force_login(member)  # no group: nothing to compose
    assert "Ajouter à un scénario" not in client.get(f"/atlas/?{CHOMAGE_37}").content.decode()
    assert client.get(add_view_url(CHOMAGE_37)).status_code == 403


def test_a_comparison_view_becomes_a_step(client, scenario, tours_member):
    client.force_login(tours_member)
    vue = "carte=chomage,commune,37,&carte=population,commune,37,"
    page = client.get(add_view_url(vue, "rapprochement")).content.decode()
    assert "Taux de chômage et Population — Indre-et-Loire" in page
    response = add_view(client, scenario, vue, "Deux cartes", page="rapprochement")
    assert response.status_code == 302
    assert scenario.steps.get().atlas_url().startswith("/atlas/rapprochement/?carte=chomage")


def test_an_empty_scenario_says_how_to_add_steps(client, scenario, tours_member):
    client.force_login(tours_member)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "pas encore d'étape" in page and "Ajouter à un scénario" in page


def test_the_comparison_page_without_maps_in_its_url_offers_its_default_maps(
        client, tours_member, atlas_indicators):
    client.force_login(tours_member)
    page = client.get("/atlas/rapprochement/").content.decode()
    start = page.index("/scenarios/ajouter-vue/?page=rapprochement&amp;vue=")
    href = page[start:page.index('"', start)].replace("&amp;", "&")
    assert client.get(href).status_code == 200


def test_the_group_page_link_lists_that_groups_scenarios_only(client, scenario, outsider,
                                                             other_group):
    scenario_create(title="Santé à Blois", group=other_group, author=outsider,
                    visibility="instance")
    client.force_login(outsider)
    everything = client.get(reverse("scenarios:list")).content.decode()
    assert "Santé à Blois" in everything
    one_group = client.get(reverse("scenarios:list"), {"groupe": other_group.slug})
    page = one_group.content.decode()
    assert f"Scénarios du groupe {other_group.name}" in page
    assert "Santé à Blois" in page and "Chômage et population" not in page
    assert "Voir tous les scénarios" in page
