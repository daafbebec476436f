"""The register of levers and obstacles: across the actions one reads, filters, counts per
theme, the CSV file (made safe for spreadsheets), the page and the API."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from terreau.actions.choices import FactorKind, FactorTheme
from terreau.actions.evaluation import FactorInput, round_save
from terreau.actions.models import Action
from terreau.actions.register import RegisterFilters, counts_by_theme, factors_visible

LEVER, OBSTACLE = FactorKind.LEVER, FactorKind.OBSTACLE


@pytest.fixture
def register(group, other_group, fanny, olga):
    """A shared action of Tours (2025 and 2026 rounds), a private action of Vierzon."""
    tours = Action.objects.create(group=group, slug="permanence", title="Permanence",
                                  created_by=fanny)
    vierzon = Action.objects.create(group=other_group, slug="bus-sante", title="Bus santé",
                                    created_by=olga, shared=False)
    round_save(action=tours, by=fanny, fields={"held_on": date(2025, 11, 5)}, factors=[
        FactorInput(LEVER, FactorTheme.PARTNERSHIP, "La Mission locale vient."),
        FactorInput(OBSTACLE, FactorTheme.MEANS, "=Pas de salle le mardi.")])
    round_save(action=tours, by=fanny, fields={"held_on": date(2026, 3, 12)}, factors=[
        FactorInput(OBSTACLE, FactorTheme.MEANS, "Pas de budget pour les affiches.")])
    round_save(action=vierzon, by=olga, fields={"held_on": date(2026, 2, 1)}, factors=[
        FactorInput(LEVER, FactorTheme.PARTICIPATION, "Les habitants relaient.")])
    return tours, vierzon


def texts(factors):
    return sorted(f.text for f in factors)


def test_each_person_reads_the_factors_of_the_actions_they_read(register, fanny, olga,
                                                                camille, ada):
    assert len(factors_visible(fanny)) == 3  # Vierzon's action is not shared
    assert len(factors_visible(olga)) == 4  # its own group's, and the shared one
    assert len(factors_visible(camille)) == 3
    assert len(factors_visible(ada)) == 4


def test_filters(register, olga):
    assert texts(factors_visible(olga, RegisterFilters(kind=LEVER))) == [
        "La Mission locale vient.", "Les habitants relaient."]
    assert len(factors_visible(olga, RegisterFilters(theme=FactorTheme.MEANS))) == 2
    assert texts(factors_visible(olga, RegisterFilters(group="vierzon-sante"))) == [
        "Les habitants relaient."]
    assert len(factors_visible(olga, RegisterFilters(action="permanence"))) == 3
    assert len(factors_visible(olga, RegisterFilters(year=2025))) == 2


def test_counts_per_theme(register, olga):
    counts = {c["theme"]: (c["levers"], c["obstacles"])
              for c in counts_by_theme(factors_visible(olga))}
    assert counts == {"partenariat": (1, 0), "participation": (1, 0), "moyens": (0, 2)}


def test_page_and_csv(client, register, fanny):
    client.force_login(fanny)
    page = client.get(reverse("actions:register"), {"theme": "moyens", "annee": "2026"}
                      ).content.decode()
    assert 'href="?theme=moyens&amp;annee=2026"' in page  # a theme's link keeps the year
    assert "Pas de budget pour les affiches." in page and "La Mission locale" not in page
    assert "Le registre (1)" in page
    response = client.get(reverse("actions:register"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    assert "'=Pas de salle le mardi." in [r["description"] for r in rows]
    assert {r["groupe"] for r in rows} == {"Tours — insertion"}
    assert rows[0]["adresse"].endswith("/actions/permanence/evaluations/2/")


def test_a_bad_filter_shows_everything(client, register, fanny):
    client.force_login(fanny)
    page = client.get(reverse("actions:register"), {"annee": "deux-mille"}).content.decode()
    assert "Un filtre n'est pas valable" in page and "Le registre (3)" in page


def test_api(client, register, olga):
    assert client.get("/api/v1/actions/leviers-et-freins").status_code == 401
    client.force_login(olga)
    body = client.get("/api/v1/actions/leviers-et-freins", {"type": "levier"}).json()
    assert {e["action"] for e in body["elements"]} == {"permanence", "bus-sante"}
    assert {c["theme"]: c["leviers"] for c in body["par_theme"]} == {
        "partenariat": 1, "participation": 1}
