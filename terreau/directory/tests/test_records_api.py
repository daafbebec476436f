"""The records API: 401 for anonymous clients, creation by the group's stewards, changes
applied (stewards) or proposed (202, others), refusals in French with each field, the
proposals to review and their acceptance or refusal."""

import pytest

from terreau.directory.choices import ChangeVia, ProposalStatus
from terreau.directory.models import ChangeProposal, ChangeRecord, Structure
from terreau.directory.records_review import proposal_create

pytestmark = pytest.mark.django_db
pytest_plugins = ["terreau.directory.tests.test_records_fixtures"]
BASE = "/api/v1/annuaire"


def _as(client, user):
    client.force_login(user)
    return client


def _patch(client, pk, body):
    return client.patch(f"{BASE}/structures/{pk}", body, content_type="application/json")


def _post(client, url, body=None):
    return client.post(f"{BASE}{url}", body or {}, content_type="application/json")


def test_anonymous_clients_get_401(client, place):
    assert _post(client, "/structures", {"structure": {"nom": "X"}}).status_code == 401
    assert _patch(client, place.pk, {"structure": {}}).status_code == 401
    assert client.get(f"{BASE}/propositions").status_code == 401
    assert _post(client, "/propositions/1/accepter").status_code == 401


def test_stewards_create_structures_for_their_group(client, vocabularies, tours_group,
                                                    steward, tours_member):
    body = {"groupe": "tours-insertion", "structure": {"nom": "Café des parents"},
            "services": [{"nom": "Groupe de parole", "description": "Chaque mardi soir.",
                          "publics": ["familles"]}]}
    assert _post(_as(client, tours_member), "/structures", body).status_code == 403
    response = _post(_as(client, steward), "/structures", body)
    assert response.status_code == 201
    created = response.json()
    structure = Structure.objects.get(pk=created["id"])
    assert created["source"] == "terreau" and created["groupe"] == "tours-insertion"
    assert len(created["services"]) == 1 and structure.history.first().via == ChangeVia.API
    refused = _post(client, "/structures", {"groupe": "tours-insertion",
                                            "structure": {"nom": "Café", "latitude": 200,
                                                          "longitude": 0.7,
                                                          "code_postal": "37"}})
    assert refused.status_code == 400
    assert {(p["fiche"], p["champ"]) for p in refused.json()["problemes"]} == {
        ("structure", "code_postal"), ("structure", "latitude")}
    assert _post(client, "/structures", {"groupe": "inconnu", "structure": {
        "nom": "Abc"}}).status_code == 404


def test_stewards_change_directly_others_propose(client, place, service, steward,
                                                 tours_member, other_steward):
    response = _patch(_as(client, tours_member), place.pk,
                      {"structure": {"telephone": "02 00 00 00 01"}, "message": "Vu sur place"})
    assert response.status_code == 202 and response.json()["statut"] == "pending"
    assert _patch(_as(client, other_steward), place.pk, {
        "structure": {"telephone": "02 00 00 00 02"}}).status_code == 202
    place.refresh_from_db()
    assert place.telephone == "02 47 00 00 00" and ChangeProposal.objects.count() == 2
    response = _patch(_as(client, steward), place.pk, {
        "structure": {"telephone": "02 00 00 00 03"},
        "services": {str(service.pk): {"modes_accueil": ["en-presentiel", "a-distance"]}}})
    assert response.status_code == 200 and response.json()["modifications"] == 2
    place.refresh_from_db()
    assert place.telephone == "02 00 00 00 03"
    assert ChangeRecord.objects.filter(via=ChangeVia.API).count() == 2
    assert _patch(client, 99999, {"structure": {}}).status_code == 404


def test_invalid_changes_are_refused_with_each_field(client, place, service, steward):
    before = ChangeRecord.objects.count()
    response = _patch(_as(client, steward), place.pk, {
        "structure": {"code_postal": "37"},
        "services": {str(service.pk): {"publics": ["martiens"]}}})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("Modification refusée")
    assert {(p["fiche"], p["champ"]) for p in body["problemes"]} == {
        ("structure", "code_postal"), (str(service.pk), "publics")}
    assert ChangeRecord.objects.count() == before


def test_review_through_the_api(client, place, national, steward, tours_member,
                                other_steward):
    first = proposal_create(place, {"structure": {"commune": "Tours (37)"}},
                            via=ChangeVia.FORM, user=tours_member)
    second = proposal_create(national, {"structure": {"commune": "Loches"}},
                             via=ChangeVia.SECRET_LINK, name="Accueil")
    assert _as(client, tours_member).get(f"{BASE}/propositions").json() == []
    assert _post(client, f"/propositions/{first.pk}/accepter").status_code == 403
    assert _post(client, f"/propositions/{second.pk}/accepter").status_code == 404
    listed = _as(client, other_steward).get(f"{BASE}/propositions").json()
    assert [p["id"] for p in listed] == [second.pk]
    assert _post(client, f"/propositions/{first.pk}/accepter").status_code == 404
    stewarding = _as(client, steward)
    assert [p["id"] for p in stewarding.get(f"{BASE}/propositions").json()] == [
        first.pk, second.pk]
    accepted = _post(stewarding, f"/propositions/{first.pk}/accepter", {"note": "Oui"})
    assert accepted.status_code == 200 and accepted.json()["statut"] == "approved"
    place.refresh_from_db()
    assert place.commune == "Tours (37)"
    refused = _post(stewarding, f"/propositions/{second.pk}/refuser")
    assert refused.json()["statut"] == "rejected"
    national.refresh_from_db()
    assert national.commune == "" and ChangeProposal.objects.filter(
        status=ProposalStatus.PENDING).count() == 0
    assert _post(stewarding, f"/propositions/{second.pk}/accepter").status_code == 400


def test_reading_a_structure_still_works_beside_the_patch(client, place, tours_member):
    """GET /structures/{pk} (the search part) and PATCH (this part) share a path."""
    response = _as(client, tours_member).get(f"{BASE}/structures/{place.pk}")
    assert response.status_code == 200
