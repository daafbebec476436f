"""The monitoring's index and a group's dashboard: who sees what, the bars with their numbers
in words, what is late listed first, the year's key figures, the self-evaluation beside."""

import re
from datetime import date

import pytest
from django.urls import reverse

from terreau.monitoring.choices import Metric
from terreau.monitoring.targets import target_create

from . import targets_setup
from .factories import session_make

on_day = targets_setup.on_day  # the fixture, shared

pytestmark = pytest.mark.django_db


def dashboard(group):
    return reverse("monitoring:dashboard", args=[group.slug])


@pytest.fixture
def year_one(group, fanny, people):
    """Four sessions in year 1; a target reached, one late, one for year 2, one whole."""
    for month in (5, 6, 7, 8):
        session_make(group, date(2025, month, 3), hours=3, people=[people["fanny"]],
                     inhabitants=1)
    make = {"group": group, "by": fanny, "metric": Metric.SESSIONS, "unit": "séances"}
    return {
        "reached": target_create(label="Quatre séances", value=4, year=1, **make),
        "late": target_create(label="Dix séances", value=10, year=1, **make),
        "next": target_create(label="Séances de l'an 2", value=6, year=2, **make),
        "whole": target_create(label="Heures sur le projet", value=100, year=None,
                               **{**make, "metric": Metric.PERSON_HOURS, "unit": "heures"}),
    }


@pytest.mark.parametrize("who", ["fanny", "mehdi", "ada"])
def test_members_and_admins_see_the_dashboard(client, request, group, year_one, who, on_day):
    client.force_login(request.getfixturevalue(who))
    page = client.get(dashboard(group)).content.decode()
    for label in ("Année 1 (2025-2026)", "Année 2 (2026-2027)", "Année 3 (2027-2028)",
                  "Quatre séances", "Sur tout le projet", "Heures sur le projet"):
        assert label in page
    assert "Fanny Martin" not in page  # counts only, never names


@pytest.mark.parametrize("who", ["olga", "camille"])
def test_others_get_404(client, request, group, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(dashboard(group)).status_code == 404


def test_bars_carry_their_numbers_and_late_comes_first(client, group, mehdi, year_one, on_day):
    client.force_login(mehdi)
    page = client.get(dashboard(group)).content.decode()
    late, reached = year_one["late"], year_one["reached"]
    assert re.search(rf'<progress max="100" value="40"[^>]*objectif-{late.pk}-chiffres', page)
    assert "4 sur 10 séances (40 %)" in page
    assert "En retard : 40 % fait pour 75 % de l&#x27;année écoulée" in page
    assert "4 sur 4 séances (100 %)" in page and "Atteint" in page
    assert "24 sur 100 heures (24 %)" in page  # whole project, 24 % for 25 %
    # Late ones first within year 1, and listed at the top.
    assert page.index(f'id="objectif-{late.pk}"') < page.index(f'id="objectif-{reached.pk}"')
    top = page[page.index('id="retard"'):page.index('id="objectif-')]
    assert "Dix séances" in top and "Quatre séances" not in top
    # Only facilitators get the links to change targets.
    assert f"objectifs/{late.pk}/" not in page


def test_key_figures_of_the_year_and_edit_links_for_facilitators(client, group, fanny,
                                                                  year_one, on_day):
    session_make(group, date(2026, 5, 1), hours=2)  # year 2: not in year 1's figures
    client.force_login(fanny)
    page = client.get(dashboard(group)).content.decode()
    figures = page[page.index('id="chiffres"'):page.index('id="retard"')]
    assert "Année 1 (2025-2026) : les chiffres clés" in figures
    assert re.search(r"<strong>4</strong> séances", figures)
    assert re.search(r"<strong>24</strong> heures de présence", figures)
    assert re.search(r"<strong>1</strong> participant différent<", figures)
    assert f'objectifs/{year_one["late"].pk}/' in page


def test_the_self_evaluation_summary_sits_beside_the_targets(client, group, mehdi, year_one,
                                                            monkeypatch, on_day):
    client.force_login(mehdi)
    assert "Pas encore d'auto-évaluation" in client.get(dashboard(group)).content.decode()
    summary = {"answers": 3, "members": 5, "questions": [{"label": "Qualité de l'engagement",
               "rows": [{"label": "Bonne", "count": 2, "share": 0.6667}]}],
               "improvements": ["Venir <b>plus</b> souvent"]}
    asked = []

    def fake_summary(group_arg, year):
        asked.append((group_arg, year))
        return summary

    monkeypatch.setattr("terreau.monitoring.selfeval.summary", fake_summary)
    page = client.get(dashboard(group)).content.decode()
    assert asked == [(group, 1)]
    assert "3 réponses sur 5 membres." in page and "Bonne</th><td>2</td><td>67 %" in page
    assert "Venir &lt;b&gt;plus&lt;/b&gt; souvent" in page


def test_the_index_lists_the_groups_one_follows(client, group, other_group, mehdi, ada,
                                                year_one, on_day):
    client.force_login(mehdi)
    page = client.get(reverse("monitoring:index")).content.decode()
    assert "Tours — insertion" in page and "Vierzon" not in page
    assert dashboard(group) in page and re.search(r"<strong>4</strong> séances", page)
    client.force_login(ada)
    page = client.get(reverse("monitoring:index")).content.decode()
    assert "Tours — insertion" in page and "Vierzon — santé" in page
