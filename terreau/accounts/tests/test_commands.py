"""`terreau add-group` and `terreau add-user`: what administrators script their set-up with."""

import pytest
from django.contrib.auth import get_user_model

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.accounts.services import GROUP_NOT_FOUND, ZONE_UNKNOWN

from .factories import group_make, user_make, zone_make

pytestmark = pytest.mark.django_db
User = get_user_model()


def db_state() -> tuple:
    """Everything the commands may write, to check that a failure wrote nothing."""
    return (
        list(TerritorialGroup.objects.values_list("slug", "name").order_by("slug")),
        list(TerritorialGroup.zones.through.objects.values_list("territorialgroup_id", "zone_id")
             .order_by("pk")),
        list(User.objects.values_list("username", "password", "is_superuser").order_by("pk")),
        list(Membership.objects.values_list("user_id", "group_id", "role").order_by("pk")),
    )


@pytest.fixture
def communes():
    return [zone_make("37261", "Tours"), zone_make("37122", "Joué-lès-Tours")]


def test_add_group_creates_the_group_with_its_zones(run_cli, communes):
    code, out, err = run_cli("add-group", "tours-insertion", "--name", "Tours — insertion",
                             "--zones", "37261,37122")
    assert code == 0, err
    group = TerritorialGroup.objects.get(slug="tours-insertion")
    assert group.name == "Tours — insertion"
    assert sorted(group.zones.values_list("code", flat=True)) == ["37122", "37261"]
    assert "Groupe « Tours — insertion » (tours-insertion) créé" in out


def test_add_group_twice_updates_the_group_without_duplicating_it(run_cli, communes):
    run_cli("add-group", "tours-insertion", "--name", "Tours", "--zones", "37261,37122")
    code, out, _ = run_cli("add-group", "tours-insertion", "--name", "Tours — insertion",
                           "--zones", "37261")
    assert code == 0
    assert "mis à jour" in out
    group = TerritorialGroup.objects.get()
    assert group.name == "Tours — insertion"
    assert list(group.zones.values_list("code", flat=True)) == ["37261"]


def test_add_group_refuses_the_word_that_names_the_whole_project(run_cli, communes):
    code, _, err = run_cli("add-group", "projet", "--name", "Projet")
    assert code != 0
    assert "réservé" in err
    assert not TerritorialGroup.objects.exists()


def test_add_group_without_zones_keeps_the_zones_it_has(run_cli, communes):
    run_cli("add-group", "tours", "--name", "Tours", "--zones", "37261")
    run_cli("add-group", "tours", "--name", "Tours (renommé)")
    assert list(TerritorialGroup.objects.get().zones.values_list("code", flat=True)) == ["37261"]


def test_add_group_accepts_a_level_to_pick_between_zones_with_the_same_code(run_cli):
    zone_make("24", "Centre-Val de Loire", level="region")
    zone_make("24", "Dordogne", level="departement")
    code, _, err = run_cli("add-group", "cvl", "--name", "Région", "--zones", "24")
    assert code == 1
    assert "plusieurs zones" in err and "departement:24" in err
    code, _, err = run_cli("add-group", "cvl", "--name", "Région", "--zones", "region:24")
    assert code == 0, err
    assert TerritorialGroup.objects.get().zones.get().name == "Centre-Val de Loire"


def test_add_group_with_an_unknown_zone_code_fails_and_writes_nothing(run_cli, communes):
    group_make("tours", "Tours")
    before = db_state()
    code, out, err = run_cli("add-group", "blois", "--name", "Blois", "--zones", "37261,99999")
    assert code == 1
    assert ZONE_UNKNOWN.format(codes="99999") in err
    assert err.startswith("Erreur: ")
    assert db_state() == before


def test_add_user_creates_the_account_with_a_generated_password(run_cli):
    group_make("tours-insertion", "Tours — insertion")
    code, out, err = run_cli("add-user", "camille", "--group", "tours-insertion",
                             "--role", "facilitator", "--email", "camille@example.org")
    assert code == 0, err
    password = out.split("Mot de passe : ")[1].split()[0]
    user = User.objects.get(username="camille")
    assert user.check_password(password)
    assert user.email == "camille@example.org"
    assert not user.is_staff
    membership = user.memberships.get()
    assert (membership.group.slug, membership.role) == ("tours-insertion", "facilitator")
    assert "Animateur·rice du groupe « Tours — insertion »" in out


def test_add_user_again_changes_the_role_and_keeps_the_password(run_cli):
    group = group_make("tours", "Tours")
    user_make("camille", group=group, role="member", password="premier-mot-de-passe")
    code, out, _ = run_cli("add-user", "camille", "--group", "tours", "--role", "steward")
    assert code == 0
    assert "Mot de passe" not in out
    user = User.objects.get()
    assert user.check_password("premier-mot-de-passe")
    assert Membership.objects.get().role == "steward"


def test_add_user_to_a_second_group_adds_a_membership(run_cli):
    group_make("tours", "Tours")
    group_make("blois", "Blois")
    run_cli("add-user", "camille", "--group", "tours", "--role", "member",
            "--password", "x-12345678")
    run_cli("add-user", "camille", "--group", "blois", "--role", "steward")
    roles = dict(Membership.objects.values_list("group__slug", "role"))
    assert roles == {"tours": "member", "blois": "steward"}
    assert User.objects.count() == 1


def test_add_user_as_admin_makes_a_staff_superuser(run_cli):
    group_make("tours", "Tours")
    code, _, _ = run_cli("add-user", "alex", "--group", "tours", "--role", "admin",
                         "--password", "un-mot-de-passe-solide")
    assert code == 0
    user = User.objects.get()
    assert user.is_staff and user.is_superuser
    assert user.check_password("un-mot-de-passe-solide")


def test_add_user_to_an_unknown_group_fails_and_writes_nothing(run_cli):
    group_make("tours", "Tours")
    before = db_state()
    code, _, err = run_cli("add-user", "camille", "--group", "nulle-part", "--role", "member")
    assert code == 1
    assert GROUP_NOT_FOUND.format(slug="nulle-part", known="tours") in err
    assert db_state() == before


def test_add_user_with_an_unknown_role_fails_and_writes_nothing(run_cli):
    group_make("tours", "Tours")
    before = db_state()
    code, _, err = run_cli("add-user", "camille", "--group", "tours", "--role", "chef")
    assert code == 1
    assert "Rôle inconnu « chef »" in err
    assert "steward (Structuration des données)" in err
    assert db_state() == before


def test_add_user_with_a_too_short_password_fails_in_french_and_writes_nothing(run_cli):
    group_make("tours", "Tours")
    before = db_state()
    code, _, err = run_cli("add-user", "camille", "--group", "tours", "--role", "member",
                           "--password", "court")
    assert code == 1
    assert "Mot de passe invalide" in err and "trop court" in err
    assert db_state() == before
