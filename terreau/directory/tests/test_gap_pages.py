"""The gap map on real communes of Indre-et-Loire: the table (the zone of highest need and no
service first), the publication to the atlas and its bivariate link, a scenario step, the
pages and the API per role."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from terreau.catalog.choices import Sensitivity
from terreau.directory.gap_needs import GapError
from terreau.directory.gap_publish import gap_map_create, gap_map_refresh, indicator_slugs
from terreau.directory.gap_queries import GapSpec, gap_run, gap_spec
from terreau.directory.models import GapMap
from terreau.indicators.queries import indicator_get_visible, indicator_values
from terreau.indicators.tests.factories import user_make
from terreau.scenarios.services import step_query_check

from . import gap_setup as setup
from .gap_setup import SPEC, highest_need

gap_services, gap_map = setup.gap_services, setup.gap_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


def test_first_row_is_the_highest_need_without_service(gap_services, chomage, steward):
    result = gap_run(SPEC, user=steward)
    worst, value = highest_need(chomage, steward)
    first = result.table.rows[0]
    assert first.code == worst and first.need == pytest.approx(value)
    assert first.eligible == 0 and first.high_need and first.low_offer
    assert first.reasons.startswith("besoin fort (") and "3ᵉ tiers" in first.reasons
    assert "aucun service de ce thème n'y est éligible" in first.reasons
    assert len(result.table.rows) == 272
    rows = result.table.by_code
    assert rows["37261"].eligible == 1 and rows["37261"].nearest_km < 1
    assert rows["37233"].eligible == 1  # Saint-Pierre-des-Corps, from the commune list
    # Amboise's service states no eligibility: it counts around Amboise, within 15 km.
    assert rows["37003"].eligible == 1 and rows["37003"].eligible_open == 1
    assert result.table.services == 3  # the mobility one and the closed one are left out


def test_theme_as_one_thematique(gap_services, chomage, steward, vocabularies):
    spec = GapSpec("numerique--acceder-a-une-connexion-internet", SPEC.need, "commune", "37")
    assert gap_run(spec, user=steward).table.services == 3
    spec = GapSpec("mobilite", SPEC.need, "commune", "37")
    assert gap_run(spec, user=steward).table.services == 1


def test_errors_are_french(gap_services, chomage, steward, tours_member):
    with pytest.raises(GapError, match="Thématique inconnue : « cuisine »"):
        gap_run(GapSpec("cuisine", SPEC.need), user=steward)
    with pytest.raises(GapError, match="Indicateur introuvable : « rien »"):
        gap_run(GapSpec("numerique", {"kind": "indicator", "indicator": "rien"}), user=steward)
    with pytest.raises(GapError, match="Territoire inconnu"):
        gap_run(GapSpec("numerique", SPEC.need, "commune", "99"), user=steward)
    with pytest.raises(GapError, match="commune ou iris"):
        gap_run(GapSpec("numerique", SPEC.need, "region", ""), user=steward)


def test_publication_and_bivariate_link(gap_map, chomage, tours_member, outsider):
    assert gap_map.dataset.sensitivity == Sensitivity.GROUP
    assert gap_map.dataset.owner_group == gap_map.group
    slugs = indicator_slugs(gap_map)
    distance = indicator_get_visible(slug=slugs["distance"], user=tours_member)
    assert distance is not None and distance.unit == "km"
    assert indicator_get_visible(slug=slugs["distance"], user=outsider) is None
    values = {row.code: row.value for row in indicator_values(
        distance, level="commune", within="37", user=tours_member).rows}
    table = gap_run(gap_spec(gap_map), user=tours_member).table.by_code
    assert values["37261"] == pytest.approx(round(table["37261"].nearest_km, 2))
    services = indicator_get_visible(slug=slugs["services"], user=tours_member)
    counts = {row.code: row.value for row in indicator_values(
        services, level="commune", within="37", user=tours_member).rows}
    first = gap_run(gap_spec(gap_map), user=tours_member).table.rows[0]
    assert counts["37233"] == 1 and counts[first.code] == 0
    # Republishing makes version 2.
    _, publication = gap_map_refresh(gap_map, user=gap_map.created_by)
    assert publication.version == 2


def test_page_links_the_atlas_comparison_and_a_scenario_takes_it(client, gap_map,
                                                                   tours_member):
    client.force_login(tours_member)
    page = client.get(reverse("directory:gap_map", args=[gap_map.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Voir la carte bivariée" in html
    link = html.split('href="/atlas/rapprochement/?', 1)[1].split('"', 1)[0]
    query = parse_qs(link.replace("&amp;", "&"))
    slugs = indicator_slugs(gap_map)
    assert query["carte"] == ["chomage,commune,37,", f"{slugs['distance']},commune,37,"]
    atlas = client.get(f"/atlas/rapprochement/?{link.replace('&amp;', '&')}")
    assert atlas.status_code == 200
    assert step_query_check(kind="rapprochement", query=link.replace("&amp;", "&"),
                            user=tours_member)
    # The table: the first row is the highest need without service.
    worst = gap_run(gap_spec(gap_map), user=tours_member).table.rows[0]
    first_row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert worst.name in first_row and "besoin sans réponse" in first_row


def test_pages_per_role(client, gap_map, tours_member, outsider, steward, facilitator,
                        member):
    detail = reverse("directory:gap_map", args=[gap_map.slug])
    listing, create = reverse("directory:gap_maps"), reverse("directory:gap_map_create")
    recompute = reverse("directory:gap_map_recompute", args=[gap_map.slug])
    assert client.get(detail).status_code == 302  # signed out: to the sign-in page
    client.force_login(tours_member)
    assert gap_map.title in client.get(listing).content.decode()
    assert client.get(detail).status_code == 200
    assert client.get(create).status_code == 403
    assert client.post(recompute).status_code == 403
    for stranger in (outsider, member):
        client.force_login(stranger)
        assert gap_map.title not in client.get(listing).content.decode()
        assert client.get(detail).status_code == 404
        assert client.post(recompute).status_code == 404
        assert client.get(create).status_code == 403
    for maker in (steward, facilitator):
        client.force_login(maker)
        assert client.get(create).status_code == 200
        assert client.post(recompute).status_code == 302
        page = client.get(detail).content.decode()
        assert "Recalculer et publier" in page


def test_create_through_the_form(client, gap_services, chomage, facilitator, tours_group):
    client.force_login(facilitator)
    form = client.get(reverse("directory:gap_map_create")).content.decode()
    assert 'value="numerique"' in form and 'value="chomage"' in form
    data = {"group": tours_group.pk, "title": "Numérique <script>x</script>",
            "theme": "numerique", "need_kind": "indicator", "indicator": "chomage",
            "level": "commune", "within": "37"}
    response = client.post(reverse("directory:gap_map_create"), data)
    made = GapMap.objects.get(group=tours_group)
    assert response.status_code == 302 and response.url == made.get_absolute_url()
    assert made.need == {"kind": "indicator", "indicator": "chomage"}
    page = client.get(made.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    # A need that is missing is refused with its field.
    bad = client.post(reverse("directory:gap_map_create"),
                      {**data, "need_kind": "survey", "survey": ""})
    assert bad.status_code == 400
    assert "Choisissez le besoin" in bad.content.decode()


def test_create_refused_to_a_member(gap_services, chomage, tours_group, tours_member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        gap_map_create(group=tours_group, title="x", spec=SPEC, user=tours_member)
    assert not GapMap.objects.exists()


def test_api_per_role(client, gap_map, tours_member, outsider):
    url = f"/api/v1/annuaire/ecarts/{gap_map.slug}"
    assert client.get(url).status_code == 401
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(tours_member)
    response = client.get(url)
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["slug"] == gap_map.slug and data["niveau"] == "commune"
    assert len(data["zones"]) == 272
    first = data["zones"][0]
    assert first["rank"] == 1 and first["eligible_services"] == 0 and first["high_need"]
    assert set(first) >= {"zone", "name", "need", "eligible_services", "nearest_km",
                          "reasons"}
    assert urlsplit(data["carte_bivariee"]).path == "/atlas/rapprochement/"
