"""Roles grant permissions; pages are French and show a user only their own groups."""

import pytest
from django.urls import reverse

from .factories import group_make, user_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "granted", "refused"),
    [
        ("member", [], ["territory.import_zones", "accounts.manage_group"]),
        ("facilitator", ["accounts.manage_group"], ["territory.import_zones"]),
        ("steward", ["territory.import_zones"], ["accounts.administer_instance"]),
        ("admin", ["territory.import_zones", "accounts.manage_group",
                   "accounts.administer_instance"], []),
    ],
)
def test_each_role_grants_its_permissions_and_no_more(role, granted, refused):
    user = user_make("camille", group=group_make("tours", "Tours"), role=role)
    for perm in granted:
        assert user.has_perm(perm), perm
    for perm in refused:
        assert not user.has_perm(perm), perm


def test_a_steward_may_import_zones_and_a_member_may_not():
    group = group_make("tours", "Tours")
    assert user_make("donnees", group=group, role="steward").has_perm("territory.import_zones")
    assert not user_make("membre", group=group, role="member").has_perm("territory.import_zones")


def test_the_login_page_speaks_french(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    for text in ("Connexion", "Identifiant", "Mot de passe", "Se connecter"):
        assert text in html


def test_a_wrong_password_is_explained_in_french(client):
    user_make("camille")
    response = client.post(reverse("accounts:login"),
                           {"username": "camille", "password": "pas-le-bon"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_signing_in_leads_to_the_home_page_with_the_users_groups(client):
    tours, blois = group_make("tours-insertion", "Tours — insertion"), group_make("blois", "Blois")
    user_make("membre", group=tours, password="demo-membre")
    response = client.post(reverse("accounts:login"),
                           {"username": "membre", "password": "demo-membre"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mes groupes" in html
    assert "Tours — insertion" in html
    assert blois.name not in html


def test_a_member_sees_their_group_page(client):
    group = group_make("tours", "Tours")
    client.force_login(user_make("membre", group=group))
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert "membre" in response.content.decode()


def test_a_group_page_is_hidden_from_non_members(client):
    tours, blois = group_make("tours", "Tours"), group_make("blois", "Blois")
    client.force_login(user_make("membre", group=tours))
    assert client.get(blois.get_absolute_url()).status_code == 404
    assert client.get(reverse("accounts:group", args=["inexistant"])).status_code == 404


def test_an_administrator_sees_every_group_page(client):
    blois = group_make("blois", "Blois")
    client.force_login(user_make("admin", group=group_make("tours", "Tours"), role="admin"))
    assert client.get(blois.get_absolute_url()).status_code == 200

