"""The targets' API: /api/v1/suivi/{group}/objectifs (read by members, with realisation,
share and late; POST by facilitators) and /api/v1/suivi/projet/objectifs."""

from datetime import date

import pytest

from terreau.monitoring.choices import Metric
from terreau.monitoring.models import Target
from terreau.monitoring.targets import target_create

from . import targets_setup
from .factories import session_make

on_day = targets_setup.on_day  # the fixture, shared

pytestmark = pytest.mark.django_db
API = "/api/v1/suivi"


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/tours-insertion/objectifs"), ("post", "/tours-insertion/objectifs"),
    ("get", "/projet/objectifs")])
def test_anonymous_clients_get_401(client, group, method, path):
    assert getattr(client, method)(API + path, content_type="application/json"
                                   ).status_code == 401


def test_members_read_targets_with_realisation(client, group, fanny, mehdi, people, on_day):
    for month in (5, 6, 7, 8):
        session_make(group, date(2025, month, 3), people=[people["fanny"]])
    target = target_create(group=group, by=fanny, label="Dix séances", unit="séances",
                           value=10, metric=Metric.SESSIONS, year=1)
    client.force_login(mehdi)
    body = client.get(f"{API}/{group.slug}/objectifs").json()
    assert body == [{
        "id": target.pk, "groupe": "tours-insertion", "annee": 1, "debut": "2025-04-01",
        "fin": "2026-03-31", "objectif": "Dix séances", "unite": "séances", "cible": 10.0,
        "mesure": "seances", "mesure_libelle": "Séances tenues", "type_seance": "",
        "producteur": None, "realise": 4.0, "part": 0.4, "part_attendue": 0.7534,
        "en_retard": True, "etat": "en retard : 40 % fait pour 75 % de l'année écoulée",
        "precisions": ""}]


def test_outsiders_get_404(client, group, olga):
    client.force_login(olga)
    assert client.get(f"{API}/{group.slug}/objectifs").status_code == 404
    response = client.post(f"{API}/{group.slug}/objectifs", {"objectif": "x"},
                           content_type="application/json")
    assert response.status_code == 404


def test_facilitators_create_members_get_403(client, group, fanny, mehdi, on_day):
    body = {"objectif": "Former 20 bénévoles", "unite": "personnes", "cible": "20",
            "mesure": "formes", "annee": 2}
    client.force_login(mehdi)
    response = client.post(f"{API}/{group.slug}/objectifs", body,
                           content_type="application/json")
    assert response.status_code == 403 and "animation" in response.json()["detail"]
    client.force_login(fanny)
    response = client.post(f"{API}/{group.slug}/objectifs", body,
                           content_type="application/json")
    assert response.status_code == 201
    assert response.json()["annee"] == 2 and response.json()["realise"] == 0
    assert Target.objects.get().created_by == fanny


@pytest.mark.parametrize(("body", "message"), [
    ({"objectif": "Former", "unite": "personnes", "cible": 0}, "plus grande que 0"),
    ({"objectif": "Former", "unite": "personnes", "cible": 3, "annee": 7},
     "le projet compte 3 années"),
    ({"objectif": "Former", "unite": "", "cible": 3}, "Indiquez l'unité"),
    ({"objectif": "Former", "unite": "u", "cible": 3, "producteur": 999},
     "Producteur de données inconnu"),
])
def test_bad_input_is_a_400_in_french(client, group, fanny, body, message):
    client.force_login(fanny)
    response = client.post(f"{API}/{group.slug}/objectifs", body,
                           content_type="application/json")
    assert response.status_code == 400 and message in response.json()["detail"]
    assert not Target.objects.exists()


def test_project_targets_for_everyone_signed_in(client, group, ada, camille, on_day):
    target_create(group=None, by=ada, label="Cent heures", unit="heures", value=100,
                  metric=Metric.PERSON_HOURS)
    client.force_login(camille)
    body = client.get(f"{API}/projet/objectifs").json()
    assert [(t["objectif"], t["groupe"], t["annee"], t["realise"]) for t in body] == [
        ("Cent heures", None, None, 0.0)]
