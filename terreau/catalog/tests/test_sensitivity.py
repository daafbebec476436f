"""Sensitivity is enforced everywhere: pages, API and downloads, for every role and level.

A dataset a person may not see answers 404 exactly like one that does not exist (its
existence is not revealed); anonymous visitors are sent to the login page (pages) or get
401 (API) whether the dataset exists or not.
"""

import pytest

from terreau.catalog.choices import Sensitivity

from .ui_factories import ROLES, SEES, world_fixture  # noqa: F401

LEVELS = Sensitivity.values


def _pages(slug: str) -> dict[str, str]:
    return {"detail": f"/donnees/{slug}/", "version": f"/donnees/{slug}/v1/",
            "edit": f"/donnees/{slug}/modifier/"}


def _api(slug: str) -> dict[str, str]:
    return {"detail": f"/api/v1/donnees/jeux/{slug}",
            "values": f"/api/v1/donnees/jeux/{slug}/versions/1/valeurs"}


@pytest.mark.parametrize("role", ROLES)
def test_the_dataset_list_shows_exactly_what_each_role_may_see(client, world, role):
    client.force_login(world["people"][role])
    page = client.get("/donnees/").content.decode()
    for level in LEVELS:
        assert (f"/donnees/donnees-{level}/" in page) is (level in SEES[role]), level


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("level", LEVELS)
def test_dataset_and_version_pages_answer_404_to_those_who_may_not_see(client, world, role,
                                                                       level):
    client.force_login(world["people"][role])
    for name in ("detail", "version"):
        status = client.get(_pages(f"donnees-{level}")[name]).status_code
        assert status == (200 if level in SEES[role] else 404), name


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_dataset_looks_exactly_like_a_missing_one(client, world, role):
    client.force_login(world["people"][role])
    missing = client.get("/donnees/n-existe-pas/")
    for level in set(LEVELS) - SEES[role]:
        hidden = client.get(f"/donnees/donnees-{level}/")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.content.replace(b"donnees-" + level.encode(), b"") == \
            missing.content.replace(b"n-existe-pas", b"")


@pytest.mark.parametrize("level", LEVELS)
def test_anonymous_visitors_are_sent_to_sign_in_whether_the_dataset_exists_or_not(client,
                                                                                  world,
                                                                                  level):
    for url in [*_pages(f"donnees-{level}").values(), "/donnees/n-existe-pas/", "/donnees/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/connexion/")


@pytest.mark.parametrize("level", LEVELS)
def test_anonymous_api_clients_get_401_for_any_dataset(client, world, level):
    for url in [*_api(f"donnees-{level}").values(), "/api/v1/donnees/jeux",
                "/api/v1/donnees/variables", "/api/v1/donnees/jeux/n-existe-pas"]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_and_serves_exactly_what_each_role_may_see(client, world, role):
    client.force_login(world["people"][role])
    listed = {d["slug"] for d in client.get("/api/v1/donnees/jeux").json()}
    assert listed == {f"donnees-{level}" for level in SEES[role]}
    variables = {v["jeu"] for v in client.get("/api/v1/donnees/variables").json()}
    assert variables == listed
    for level in LEVELS:
        for url in _api(f"donnees-{level}").values():
            expected = 200 if level in SEES[role] else 404
            response = client.get(url)
            assert response.status_code == expected, url
            if expected == 404:
                assert response.json() == {"detail": "Jeu de données introuvable."}


@pytest.mark.parametrize("role", ROLES)
def test_holder_pages_list_only_the_datasets_each_role_may_see(client, world, role):
    from terreau.catalog.models import DataHolder

    holder = DataHolder.objects.create(name="INSEE", kind="state")
    for dataset in world["datasets"].values():
        dataset.holder = holder
        dataset.save()
    client.force_login(world["people"][role])
    page = client.get(f"/donnees/detenteurs/{holder.pk}/").content.decode()
    for level in LEVELS:
        assert (f"/donnees/donnees-{level}/" in page) is (level in SEES[role]), level


def test_an_inventory_row_does_not_reveal_a_dataset_the_reader_may_not_see(client, world):
    from terreau.catalog.models import InventoryItem

    restricted = world["datasets"]["restricted"]
    InventoryItem.objects.create(group=world["groups"]["tours"], question="Pauvreté",
                                 data_needed="Revenus fins", status="available",
                                 dataset=restricted)
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/inventaire/tours/").content.decode()
    assert restricted.title not in page
    assert "jeu de données non accessible" in page
    client.force_login(world["people"]["steward"])
    assert restricted.title in client.get("/donnees/inventaire/tours/").content.decode()


# ---- Downloads ---------------------------------------------------------------------------

DOWNLOADABLE = {"open", "shared"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_follow_visibility_and_never_let_group_or_restricted_data_out(client, world,
                                                                                role, level,
                                                                                fmt):
    client.force_login(world["people"][role])
    response = client.get(f"/donnees/donnees-{level}/v1/export.{fmt}")
    if level not in SEES[role]:
        assert response.status_code == 404
    elif level in DOWNLOADABLE:
        assert response.status_code == 200
        assert f'filename="donnees-{level}-v1.{fmt}"' in response["Content-Disposition"]
    else:
        assert response.status_code == 403
        assert "ne sortent pas de Terreau" in response.content.decode()


@pytest.mark.parametrize("level", LEVELS)
def test_the_download_links_are_shown_only_where_downloads_are_allowed(client, world, level):
    client.force_login(world["people"]["superuser"])
    page = client.get(f"/donnees/donnees-{level}/").content.decode()
    assert ("export.csv" in page) is (level in DOWNLOADABLE)


def test_anonymous_visitors_cannot_download(client, world):
    response = client.get("/donnees/donnees-open/v1/export.csv")
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")
