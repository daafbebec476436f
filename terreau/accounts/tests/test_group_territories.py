"""A group draws its own territory: the service, the pages, who sees it, where it is offered."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from terreau.accounts.models import GroupTerritory
from terreau.accounts.queries import group_territories_containing
from terreau.accounts.services import (
    group_territory_create,
    group_territory_delete,
    group_territory_update,
)
from terreau.territory.models import Zone
from terreau.territory.queries import territory_choices

from .conftest import AROUND_TOURS, commune_ids
from .factories import user_make

pytestmark = pytest.mark.usefixtures("cvl_zones")


def add_url(group) -> str:
    return reverse("accounts:territory_add", args=[group.slug])


def codes_of(territory) -> set[str]:
    return set(territory.zones.values_list("code", flat=True))


# ---- The service ------------------------------------------------------------------------


def test_the_service_saves_five_communes_as_a_named_territory(tours_group, tours_member):
    territory = group_territory_create(
        group=tours_group, name="  Agglomération   de Tours ", description="Pour le CLIC",
        zone_ids=commune_ids(AROUND_TOURS), user=tours_member)
    territory.refresh_from_db()
    assert territory.name == "Agglomération de Tours"
    assert territory.slug == "agglomeration-de-tours"
    assert territory.level == "commune" and territory.revision == 1
    assert territory.created_by == tours_member and territory.description == "Pour le CLIC"
    assert codes_of(territory) == set(AROUND_TOURS)
    assert territory.within_param == f"vecu:{territory.pk}"


@pytest.mark.parametrize(("name", "zones", "field", "message"), [
    ("", AROUND_TOURS, "name", "Donnez un nom au territoire."),
    ("Agglomération de Tours", (), "zones", "Choisissez au moins une zone"),
    ("x" * 121, AROUND_TOURS, "name", "Le nom compte au plus 120 caractères (il en a 121)."),
])
def test_invalid_territories_are_explained_in_french_and_nothing_is_created(
        tours_group, name, zones, field, message):
    with pytest.raises(ValidationError) as caught:
        group_territory_create(group=tours_group, name=name, zone_ids=commune_ids(zones))
    assert any(message in text for text in caught.value.message_dict[field])
    assert not GroupTerritory.objects.exists()


def test_zones_of_two_levels_are_refused(tours_group):
    iris = list(Zone.objects.filter(level="iris", parent__code="37261")
                .values_list("pk", flat=True)[:2])
    with pytest.raises(ValidationError) as caught:
        group_territory_create(group=tours_group, name="Mélange",
                               zone_ids=commune_ids(["37122"]) + iris)
    assert caught.value.message_dict["zones"] == [
        "Les zones d'un territoire sont toutes du même niveau ; vous avez choisi 1 de niveau "
        "commune et 2 de niveau iris. Gardez un seul niveau."]
    assert not GroupTerritory.objects.exists()


def test_a_zone_that_does_not_exist_is_refused(tours_group):
    missing = Zone.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    with pytest.raises(ValidationError) as caught:
        group_territory_create(group=tours_group, name="Fantôme",
                               zone_ids=[*commune_ids(["37261"]), missing])
    assert "1 des zones choisies n'existent plus" in caught.value.message_dict["zones"][0]
    assert not GroupTerritory.objects.exists()


def test_a_name_is_unique_in_its_group_but_not_across_groups(around_tours, tours_group,
                                                            blois_group):
    with pytest.raises(ValidationError) as caught:
        group_territory_create(group=tours_group, name="agglomération de tours",
                               zone_ids=commune_ids(["37003"]))
    assert caught.value.message_dict["name"] == [
        "Le groupe « Tours — insertion » a déjà un territoire nommé « agglomération de tours » "
        ": choisissez un autre nom."]
    assert GroupTerritory.objects.count() == 1
    group_territory_create(group=blois_group, name="Agglomération de Tours",
                           zone_ids=commune_ids(["37003"]))
    assert GroupTerritory.objects.count() == 2


def test_an_update_replaces_the_zones_and_raises_the_revision(around_tours):
    group_territory_update(territory=around_tours, name="Tours et Joué",
                           zone_ids=commune_ids(["37261", "37122"]))
    around_tours.refresh_from_db()
    assert (around_tours.name, around_tours.revision) == ("Tours et Joué", 2)
    assert codes_of(around_tours) == {"37261", "37122"}


def test_territories_containing_a_zone_are_those_of_the_users_groups(around_tours,
                                                                    tours_member, outsider):
    tours = Zone.objects.get(level="commune", code="37261")
    iris = Zone.objects.filter(level="iris", parent=tours).first()
    amboise = Zone.objects.get(level="commune", code="37003")
    assert group_territories_containing(tours, tours_member) == [around_tours]
    assert group_territories_containing(iris, tours_member) == [around_tours]
    assert group_territories_containing(amboise, tours_member) == []
    assert group_territories_containing(tours, outsider) == []


# ---- The pages --------------------------------------------------------------------------


def test_a_member_draws_a_territory_through_the_page(client, tours_group, tours_member):
    client.force_login(tours_member)
    page = client.get(add_url(tours_group) + "?niveau=commune&dans=37")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('name="zones"') == 272
    assert "/api/v1/territoires/couches/commune?dans=37" in html
    response = client.post(add_url(tours_group) + "?niveau=commune&dans=37", {
        "name": "Agglomération de Tours", "description": "",
        "zones": [str(pk) for pk in commune_ids(AROUND_TOURS)]})
    assert response.status_code == 302 and response.url == tours_group.get_absolute_url()
    territory = GroupTerritory.objects.get(group=tours_group)
    assert codes_of(territory) == set(AROUND_TOURS) and territory.created_by == tours_member
    group_page = client.get(response.url).content.decode()
    assert "Territoire « Agglomération de Tours » enregistré." in group_page
    assert "Agglomération de Tours</a>" in group_page and "5 zones (commune)" in group_page


def test_an_invalid_form_says_why_keeps_the_choices_and_creates_nothing(
        client, tours_group, tours_member):
    client.force_login(tours_member)
    response = client.post(add_url(tours_group) + "?niveau=commune&dans=37",
                           {"name": " ", "zones": []})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Le territoire n'a pas été enregistré" in html
    assert "Donnez un nom au territoire." in html
    assert "Choisissez au moins une zone, sur la carte ou dans la liste." in html
    assert not GroupTerritory.objects.exists()
    chosen = commune_ids(["37261"])
    response = client.post(add_url(tours_group) + "?niveau=commune&dans=37",
                           {"name": "", "zones": chosen})
    assert f'value="{chosen[0]}" id="zone-{chosen[0]}" checked' in response.content.decode()


def test_the_edit_page_shows_the_zones_checked_and_saves_the_change(client, around_tours,
                                                                    tours_member):
    client.force_login(tours_member)
    url = reverse("accounts:territory_edit", args=[around_tours.group.slug, around_tours.slug])
    html = client.get(url).content.decode()
    assert html.count(" checked>") == 5
    assert ("5 zones choisies : Joué-lès-Tours, Riche, Saint-Cyr-sur-Loire, "
            "Saint-Pierre-des-Corps, Tours</p>") in html
    response = client.post(url, {"name": "Agglomération de Tours",
                                 "zones": commune_ids(["37261", "37003"])})
    assert response.status_code == 302
    assert codes_of(around_tours) == {"37261", "37003"}


def test_delete_asks_for_confirmation_then_deletes(client, around_tours, tours_member):
    client.force_login(tours_member)
    url = reverse("accounts:territory_delete", args=[around_tours.group.slug, around_tours.slug])
    page = client.get(url)
    assert page.status_code == 200 and "Supprimer définitivement" in page.content.decode()
    assert GroupTerritory.objects.exists()
    response = client.post(url)
    assert response.status_code == 302 and not GroupTerritory.objects.exists()
    assert Zone.objects.filter(level="commune").count() == 272  # the zones stay


def test_the_detail_page_links_to_the_map_and_the_atlas(client, around_tours, tours_member):
    client.force_login(tours_member)
    html = client.get(around_tours.get_absolute_url()).content.decode()
    dans = f"dans=vecu%3A{around_tours.pk}"
    assert f"/territoires/carte/?niveau=commune&amp;{dans}" in html
    assert f"/atlas/?niveau=commune&amp;{dans}" in html
    assert html.count('data-zone-id="') == 5


@pytest.mark.parametrize("name", ["territory", "territory_edit", "territory_delete"])
def test_pages_of_a_territory_are_404_for_another_group(client, around_tours, outsider, name):
    client.force_login(outsider)
    url = reverse(f"accounts:{name}", args=[around_tours.group.slug, around_tours.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Volé", "zones": commune_ids(["37003"])}).status_code == 404
    around_tours.refresh_from_db()
    assert around_tours.name == "Agglomération de Tours" and around_tours.revision == 1


def test_another_group_cannot_draw_in_this_group(client, tours_group, outsider):
    client.force_login(outsider)
    response = client.post(add_url(tours_group), {"name": "Intrus",
                                                  "zones": commune_ids(["37003"])})
    assert response.status_code == 404
    assert not GroupTerritory.objects.exists()


def test_an_instance_admin_sees_every_groups_territory(client, around_tours):
    client.force_login(user_make("sans-groupe"))
    assert client.get(around_tours.get_absolute_url()).status_code == 404
    admin = user_make("root")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get(around_tours.get_absolute_url()).status_code == 200


# ---- Where it is offered ----------------------------------------------------------------


def _options(user) -> dict[str, list[tuple[str, str, str]]]:
    return dict(territory_choices(user=user))


def test_territory_choices_offer_it_to_its_group_only(around_tours, tours_member, outsider):
    param = around_tours.within_param
    assert _options(tours_member)["Territoires de mes groupes"] == [
        (param, "Agglomération de Tours (Tours — insertion)", param)]
    assert "Territoires de mes groupes" not in _options(outsider)
    assert "Territoires de mes groupes" not in dict(territory_choices())


def test_territory_choices_offer_the_communes_divided_into_iris(tours_member):
    assert _options(tours_member)["Communes découpées en IRIS"] == [
        ("commune:37261", "Tours (37261)", "commune:37261")]


def test_the_map_and_indicator_selects_show_it_to_members(client, around_tours, tours_member,
                                                         outsider):
    option = f'<option value="{around_tours.within_param}"'
    client.force_login(tours_member)
    assert option in client.get("/territoires/carte/?niveau=commune&dans=37").content.decode()
    client.force_login(outsider)
    assert option not in client.get("/territoires/carte/?niveau=commune&dans=37"
                                    ).content.decode()


def test_deleting_through_the_service_removes_it_from_the_choices(around_tours, tours_member):
    group_territory_delete(territory=around_tours)
    assert "Territoires de mes groupes" not in _options(tours_member)


def test_the_neighbourhoods_of_a_social_centre_are_drawn_from_the_iris_list(
        client, tours_group, tours_member):
    """IRIS of Tours (no contours here): the list alone draws the territory."""
    client.force_login(tours_member)
    url = add_url(tours_group) + "?niveau=iris&dans=commune:37261"
    page = client.get(url)
    html = page.content.decode()
    iris = list(Zone.objects.filter(level="iris", parent__code="37261").order_by("code")
                .values_list("pk", flat=True))
    assert html.count('name="zones"') == len(iris) > 1
    assert 'id="draw-map"' not in html  # nothing to draw: the list does it all
    response = client.post(url, {"name": "Quartiers du centre social", "zones": iris[:3]})
    assert response.status_code == 302
    territory = GroupTerritory.objects.get()
    assert territory.level == "iris" and territory.zones.count() == 3
