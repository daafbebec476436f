"""The whole path of a facilitator through the profiles of needs, in a real Chromium: on the
demo's health survey of Vierzon, create and run an analysis, change the number of profiles,
name a profile, publish the profiles and see the named profile drawn by the atlas."""

import re

import pytest

from terreau.analysis import demo
from terreau.analysis.models import Analysis
from terreau.core import testing

from .test_demo import CODES, vierzon  # noqa: F401 (fixture: Vierzon and its neighbours)

pytestmark = [pytest.mark.browser]

TIMEOUT = 20_000
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_run_rename_and_map_the_profiles_of_the_demo_survey(page, live_server, vierzon,  # noqa: F811
                                                            settings, console_errors):
    settings.TASKS = IMMEDIATE  # the run ends within the request that starts it
    demo.demo_analysis_load()
    testing.browser_sign_in(page, live_server.url, demo.AUTHOR)

    # A new analysis on the demo questionnaire: the closed questions are proposed as active.
    page.goto(f"{live_server.url}/analyses/")
    section = page.locator("section, article, div").filter(
        has=page.get_by_role("heading", name="Santé et accès aux soins — Vierzon (exemple "
                                             "fictif)")).last
    section.get_by_role("link", name="Nouvelle analyse").click()
    page.get_by_label("Titre").fill("Profils de l'atelier")
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_text("250 personnes").first.wait_for()
    page.get_by_role("button", name="Enregistrer et lancer").click()
    page.get_by_role("heading", name="Les profils de besoins").wait_for(timeout=TIMEOUT)
    analysis = Analysis.objects.get(title="Profils de l'atelier")
    proposed = analysis.latest_done_run().results["profiles_count"]
    assert page.locator(".profile-card").count() == proposed

    # Another number of profiles: a new run, its profiles listed.
    wanted = 5 if proposed != 5 else 4
    page.get_by_label("Nombre de profils").select_option(str(wanted))
    page.get_by_role("button", name="Relancer avec ce nombre").click()
    page.get_by_role("heading", name="Les profils de besoins").wait_for(timeout=TIMEOUT)
    page.wait_for_function(f"document.querySelectorAll('.profile-card').length === {wanted}",
                           timeout=TIMEOUT)
    assert analysis.latest_done_run().number == 2

    # The group names a profile.
    page.get_by_label("Nom du profil 1").fill("Parents sans médecin")
    page.get_by_role("button", name="Nommer").first.click()
    page.get_by_label("Nom du profil 1").and_(
        page.locator("[value='Parents sans médecin']")).wait_for()

    # Published to the atlas, the named profile is drawn on the ten communes.
    page.get_by_role("link", name="Carte des profils").first.click()
    page.get_by_label("Groupe", exact=True).check()
    page.get_by_role("button", name="Publier dans l'atlas").click()
    page.get_by_role("link", name="Voir sur la carte (Profil 1 — Parents sans médecin (part "
                                   "des personnes interrogées))").click()
    page.wait_for_url(re.compile(r"/atlas/\?"))
    page.wait_for_function("document.body?.dataset.atlasReady === '1' "
                           "&& document.body?.dataset.mapIdle === '1'", timeout=TIMEOUT)
    assert "Parents sans médecin" in page.locator("[data-legend-caption]").inner_text()
    colours = testing.frequent_colours(page, page.locator("#atlas-map canvas"), min_pixels=50)
    assert len(colours) >= 3  # several classes of shares among the communes
    page.locator("summary", has_text="Voir en tableau").click()  # the table beside the map
    table = page.get_by_role("table").filter(has_text="Vierzon").first
    table.wait_for()
    assert table.locator("tbody tr").count() >= len(CODES)
    assert console_errors == []
