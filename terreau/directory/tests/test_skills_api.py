"""The skills API (/api/v1/annuaire/competences…): the list, the search, declaring and
withdrawing; 401 for anonymous clients, the same privacy as the pages, French errors."""

# The fixtures of test_skills.py are imported, then named as arguments (pytest's way).
# ruff: noqa: F811

import pytest

from terreau.directory.models import SkillOffer
from terreau.directory.skills import offer_declare

from .test_skills import (  # noqa: F401 (fixtures)
    TOURS,
    amboise_centre,
    facilitator,
    helpers,
    offline,
    skill,
    zone,
)

API = "/api/v1/annuaire/competences"


@pytest.mark.parametrize(("method", "path"), [
    ("get", ""), ("get", "/recherche?competence=interpretariat"), ("post", "/offres"),
    ("delete", "/offres/1"),
])
def test_anonymous_clients_get_401(client, db, method, path):
    response = getattr(client, method)(API + path, content_type="application/json")
    assert response.status_code == 401


def test_the_list(client, tours_member):
    client.force_login(tours_member)
    skills = client.get(API).json()
    interpreting = next(s for s in skills if s["slug"] == "interpretariat")
    assert interpreting["libelle"] == "Interprétariat" and "langues" in interpreting["precisions"]


def test_search_near_a_zone(client, helpers, tours_member, amboise_centre, facilitator,
                            tours_group):
    offer_declare(user=facilitator, group=tours_group, skill=skill("interpretariat"),
                  structure=amboise_centre, details="langue des signes")
    client.force_login(tours_member)
    body = client.get(f"{API}/recherche", {"competence": "interpretariat",
                                           "pres_de": "Tours"}).json()
    assert body["pres_de"]["zone"] == {"code": TOURS, "niveau": "commune", "nom": "Tours"}
    assert body["nombre"] == 5
    who = [r["qui"] for r in body["resultats"]]
    assert who == ["Samia Exemple", "Jules Exemple", "Centre social du Val d'Amboise",
                   "Chloe Exemple", "Nadia Exemple"]
    distances = [r["distance_km"] for r in body["resultats"]]
    assert distances[:4] == sorted(distances[:4]) and distances[4] is None
    first, structure = body["resultats"][0], body["resultats"][2]
    assert (first["type"], first["groupe"], first["precisions"]) == (
        "personne", "tours-insertion", "arabe, tamoul")
    assert first["zone"]["nom"] == "Saint-Pierre-des-Corps" and first["structure"] is None
    assert structure["type"] == "structure" and structure["groupe"] is None
    assert structure["structure"]["telephone"] == "02 47 00 00 00"
    assert structure["ou"] == "1 rue Test, 37400 Amboise"


def test_text_and_group_filters(client, helpers, tours_member, tours_group):
    client.force_login(tours_member)
    body = client.get(f"{API}/recherche", {"texte": "turc"}).json()
    assert [r["qui"] for r in body["resultats"]] == ["Jules Exemple"]
    body = client.get(f"{API}/recherche", {"groupe": tours_group.slug}).json()
    assert body["nombre"] == 4 and body["pres_de"] is None and body["competence"] is None


def test_another_group_sees_structures_only(client, helpers, outsider, amboise_centre,
                                            facilitator, tours_group):
    offer_declare(user=facilitator, group=tours_group, skill=skill("interpretariat"),
                  structure=amboise_centre)
    client.force_login(outsider)
    body = client.get(f"{API}/recherche", {"competence": "interpretariat"}).json()
    assert [r["type"] for r in body["resultats"]] == ["structure"]


@pytest.mark.parametrize(("query", "message"), [
    ({"competence": "plongee"}, "Compétence inconnue : « plongee »"),
    ({"pres_de": "Atlantide"}, "Lieu introuvable : « Atlantide »"),
    ({"groupe": "blois-sante"}, "Groupe inconnu, ou dont vous ne faites pas partie"),
])
def test_bad_search_input_is_a_400_in_french(client, cvl_zones, tours_member, other_group,
                                             query, message):
    client.force_login(tours_member)
    response = client.get(f"{API}/recherche", query)
    assert response.status_code == 400 and message in response.json()["detail"]


def test_declare_for_oneself_then_withdraw(client, cvl_zones, tours_member, tours_group):
    client.force_login(tours_member)
    response = client.post(f"{API}/offres", {
        "competence": "mobilite", "groupe": tours_group.slug, "precisions": "j'ai une voiture",
        "lieu": "Tours"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["pour_moi"] and body["zone"]["code"] == TOURS
    assert body["groupe"] == "tours-insertion"
    offer = SkillOffer.objects.get(pk=body["id"])
    assert (offer.person, offer.zone, offer.details) == (tours_member, zone(TOURS),
                                                         "j'ai une voiture")
    assert client.delete(f"{API}/offres/{offer.pk}").status_code == 204
    assert not SkillOffer.objects.exists()


def test_a_steward_declares_for_a_structure(client, cvl_zones, steward, tours_group,
                                            amboise_centre):
    client.force_login(steward)
    response = client.post(f"{API}/offres", {
        "competence": "aide-numerique", "groupe": tours_group.slug,
        "structure": amboise_centre.pk}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["structure"]["nom"] == "Centre social du Val d'Amboise"
    assert SkillOffer.objects.get().structure == amboise_centre


@pytest.mark.parametrize(("changes", "status", "message"), [
    ({"competence": ""}, 400, "Indiquez la compétence"),
    ({"competence": "plongee"}, 400, "Compétence inconnue"),
    ({"groupe": ""}, 400, "Indiquez le groupe"),
    ({"groupe": "blois-sante"}, 404, "Groupe inconnu, ou dont vous ne faites pas partie"),
    ({"lieu": "Atlantide"}, 400, "Zone introuvable : « Atlantide »"),
    ({"precisions": "x" * 301}, 400, "300 au plus"),
    ({"structure": "Centre social du Val d'Amboise"}, 403, "Seules l'animation"),
])
def test_bad_declarations_are_refused_in_french(client, cvl_zones, tours_member, tours_group,
                                                other_group, amboise_centre, changes, status,
                                                message):
    client.force_login(tours_member)
    data = {"competence": "interpretariat", "groupe": tours_group.slug, **changes}
    response = client.post(f"{API}/offres", data, content_type="application/json")
    assert response.status_code == status and message in response.json()["detail"]
    assert not SkillOffer.objects.exists()


def test_nobody_withdraws_someone_elses_offer(client, helpers, tours_member, outsider):
    offer = helpers["spdc"]
    for user in (tours_member, outsider):
        client.force_login(user)
        response = client.delete(f"{API}/offres/{offer.pk}")
        assert response.status_code == 404 and response.json()["detail"] == \
            "Compétence introuvable."
    assert SkillOffer.objects.filter(pk=offer.pk).exists()
