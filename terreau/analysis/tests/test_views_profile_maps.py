"""The page and the API of the profiles on the map: who reads, who publishes, what is shown."""

import json
import re

import pytest

from terreau.analysis.tests import test_publish as made
from terreau.catalog.models import Dataset

pytestmark = pytest.mark.django_db
campaign, collector, facilitator = made.campaign, made.collector, made.facilitator
analysis, run = made.analysis, made.run
PAGE = "/analyses/besoins-tours/carte/"
PUBLISH = "/analyses/besoins-tours/carte/publier/"
API = "/api/v1/analyses/besoins-tours/"


def test_the_page_url_is_named(analysis):
    from django.urls import reverse

    assert reverse("analysis:profile_map", args=[analysis.slug]) == PAGE


def test_members_read_the_table_with_small_zones_marked(client, run, collector):
    client.force_login(collector)
    response = client.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    iris = made.tours_iris()
    assert iris[0].name in text and iris[2].code in text
    assert "Profil 1 — Familles en logement social" in text
    assert "moins de 11 réponses : non publié hors du groupe" in text
    assert text.count("non publié hors du groupe") == 1
    assert "9 (75 %)" in text
    assert "Sans zone" in text
    assert "Publier dans l'atlas" not in text and "publier/" not in text


def test_outsiders_get_404_on_the_page_and_the_api(client, run, outsider):
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 404
    assert client.post(PUBLISH, {"sensitivity": "group"}).status_code == 404
    assert client.get(API + "zones").status_code == 404
    response = client.post(API + "publication", {"sensibilite": "group"},
                           content_type="application/json")
    assert response.status_code == 404


def test_members_who_may_not_analyse_get_403_on_publishing(client, run, collector):
    client.force_login(collector)
    assert client.post(PUBLISH, {"sensitivity": "group"}).status_code == 403
    response = client.post(API + "publication", {"sensibilite": "group"},
                           content_type="application/json")
    assert response.status_code == 403
    assert not Dataset.objects.exists()


def test_publishing_from_the_page_then_republishing(client, analysis, run, facilitator):
    client.force_login(facilitator)
    page = client.get(PAGE).content.decode()
    assert "Publier dans l'atlas" in page and "Partagée" in page
    response = client.post(PUBLISH, {"sensitivity": "shared"}, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    text = response.content.decode()
    assert "version 1" in text
    assert "1 zone(s) de moins de 11 réponses restent secrètes" in text
    assert text.count("Voir sur la carte") == 3
    assert "/atlas/?indicateur=profils-besoins-tours-1&amp;niveau=iris&amp;dans=commune%3A37261" \
        in text
    assert "Ajouter à un scénario" in text
    made.run_make(analysis, {0: [1] * 12, 1: [2] * 11}, [], number=2)
    response = client.post(PUBLISH, {"sensitivity": "shared"}, follow=True)
    text = response.content.decode()
    assert "version 2" in text
    assert "Indicateurs retirés" in text
    assert Dataset.objects.get(slug="profils-besoins-tours").versions.count() == 2


def test_a_refused_publication_says_why(client, analysis, run, facilitator):
    client.force_login(facilitator)
    response = client.post(PUBLISH, {"sensitivity": "restricted"})
    assert response.status_code == 400
    assert "Choisissez groupe, partagée ou ouverte." in response.content.decode()
    client.post(PUBLISH, {"sensitivity": "group"})
    response = client.post(PUBLISH, {"sensitivity": "open"})
    assert response.status_code == 400
    assert "anciennes versions" in response.content.decode()


def test_without_a_finished_run_the_page_says_so(client, analysis, facilitator):
    client.force_login(facilitator)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Aucune exécution terminée" in response.content.decode()


def test_the_api_gives_counts_per_zone_to_members(client, run, collector):
    client.force_login(collector)
    body = client.get(API + "zones").json()
    iris = made.tours_iris()
    assert (body["execution"], body["niveau"], body["seuil"]) == (1, "iris", 11)
    assert body["profils"][0] == {"numero": 1, "nom": "Familles en logement social"}
    first = body["zones"][0]
    assert (first["code"], first["repondants"], first["effectifs"]) == (
        iris[0].code, 12, [9, 3, 0])
    assert first["parts"] == [75.0, 25.0, 0.0]
    assert [z["moins_que_le_seuil"] for z in body["zones"]] == [False, False, True]
    assert body["sans_zone"] == {"repondants": 2, "effectifs": [1, 0, 1]}


def test_the_api_publishes_for_answer_readers(client, run, facilitator, outsider):
    client.force_login(facilitator)
    response = client.post(API + "publication", {"sensibilite": "shared"},
                           content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["jeu"], body["version"], body["sensibilite"]) == (
        "profils-besoins-tours", 1, "shared")
    assert body["zones_secretes"] == 1
    assert body["indicateurs"][0]["atlas"].startswith("/atlas/?indicateur=profils-besoins-")
    bad = client.post(API + "publication", {"sensibilite": "restricted"},
                      content_type="application/json")
    assert bad.status_code == 400 and "Sensibilité" in bad.json()["detail"]
    # Another group's member reads the shares on the atlas's own API, small zone empty.
    client.force_login(outsider)
    response = client.get("/api/v1/atlas/carte", {"indicateur": "profils-besoins-tours-1",
                                                   "niveau": "iris", "dans": "commune:37261"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = made._rows_by_code(json.loads(content))
    iris = made.tours_iris()
    assert rows[iris[0].code]["valeur"] == pytest.approx(75.0)
    assert rows[iris[2].code]["valeur"] is None


def test_a_group_publication_is_absent_from_another_groups_atlas(client, run, facilitator,
                                                                   outsider):
    client.force_login(facilitator)
    client.post(PUBLISH, {"sensitivity": "group"})
    client.force_login(outsider)
    response = client.get("/api/v1/atlas/carte", {"indicateur": "profils-besoins-tours-1",
                                                   "niveau": "iris"})
    assert response.status_code == 404
    assert client.get("/api/v1/indicateurs/profils-besoins-tours-1").status_code == 404


@pytest.mark.browser
def test_the_published_profile_is_drawn_by_the_atlas(page, live_server, run, facilitator,
                                                     console_errors):
    """Publish from the page, follow « Voir sur la carte »: the atlas draws the shares."""
    from terreau.core import testing

    testing.browser_sign_in(page, live_server.url, facilitator.username)
    page.goto(f"{live_server.url}{PAGE}")
    page.get_by_label("Groupe", exact=True).check()
    page.get_by_role("button", name="Publier dans l'atlas").click()
    page.wait_for_url(f"{live_server.url}{PAGE}")
    page.get_by_role("link", name="Voir sur la carte (Profil 1 — Familles en logement "
                                   "social (part des personnes interrogées))").click()
    page.wait_for_url(re.compile(r"/atlas/\?"))
    page.wait_for_function("document.body?.dataset.atlasReady === '1' "
                           "&& document.body?.dataset.mapIdle === '1'", timeout=20_000)
    assert "indicateur=profils-besoins-tours-1" in page.url
    caption = page.locator("[data-legend-caption]").inner_text()
    assert "Profil 1" in caption
    items = page.locator("[data-legend-classes] li")
    counts = {items.nth(i).locator(".legend-label").inner_text():
              int(re.sub(r"\D", "", items.nth(i).locator(".legend-count").inner_text()
                         .split(" ")[0])) for i in range(items.count())}
    assert sum(n for label, n in counts.items() if label != "sans valeur") == 3
    colours = testing.frequent_colours(page, page.locator("#atlas-map canvas"), min_pixels=50)
    assert len(colours) >= 3  # the classes of the three IRIS with answers, and the rest
    assert console_errors == []
