"""The tabulations page and its API (views/tabulations.py, api_tabulations.py) for every
role: outsiders 404, members read, the collector filter for answer readers only (403 for
others), anonymous visitors sent to sign in (401 for the API); the CSV/XLSX exports hold
the shown table; filters narrow the answers; no answer yet gives a clear page."""

import csv
import io
import json

import numpy as np
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from scipy.stats import chi2_contingency

from terreau.analysis.choices import RunStatus
from terreau.analysis.models import Analysis, AnalysisRun, ProfileName

from . import tab_fixtures as fx

pytestmark = pytest.mark.django_db
campaign, collector, facilitator, answered = (fx.campaign, fx.collector, fx.facilitator,
                                              fx.answered)


def page_url(campaign) -> str:
    return reverse("analysis:tabulations", args=[campaign.questionnaire.slug])


def api_url(campaign) -> str:
    return reverse("api:analysis_tabulation", args=[campaign.questionnaire.slug])


def test_an_outsider_gets_a_404_on_the_page_and_the_api(client, campaign, answered, outsider):
    client.force_login(outsider)
    assert client.get(page_url(campaign), {"question": "logement"}).status_code == 404
    assert client.get(api_url(campaign), {"question": "logement"}).status_code == 404


def test_anonymous_visitors_sign_in_first_and_the_api_answers_401(client, campaign, answered):
    response = client.get(page_url(campaign))
    assert response.status_code == 302 and "/connexion/" in response.url
    assert client.get(api_url(campaign), {"question": "logement"}).status_code == 401


def test_a_member_reads_a_flat_table_with_its_chart_data(client, campaign, answered,
                                                          tours_member):
    client.force_login(tours_member)
    response = client.get(page_url(campaign), {"question": "vit_seul"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<caption>Vivez-vous seul·e ?</caption>" in text
    assert "<th scope=\"row\">Non-réponse</th>" in text
    assert "44,4\u202f%" in text and "40,0\u202f%" in text  # 16 of 36, 16 of 40
    assert 'id="tab-chart-data"' in text and "tabulations.js" in text
    assert "vendor/vega-lite.min.js" in text
    assert 'name="enqueteur"' not in text  # not an answer reader


def test_the_cross_table_explains_the_chi2_and_marks_cells_with_words(client, campaign,
                                                                      answered, tours_member):
    client.force_login(tours_member)
    text = client.get(page_url(campaign), {"question": "logement", "croise": "voiture",
                                           "pourcentages": "ligne"}).content.decode()
    reference = chi2_contingency(np.array(fx.LOGEMENT_VOITURE), correction=False)
    v = (reference.statistic / 40) ** 0.5
    assert f"V de Cramér = {v:.2f}".replace(".", ",") in text
    assert "Le lien entre « Votre logement » et « Avez-vous une voiture ? » est" in text
    assert "sans correction de Yates" in text
    assert f"khi² = {reference.statistic:.2f}".replace(".", ",") in text
    assert "plus souvent que si les deux questions n&#x27;étaient pas liées" in text
    assert "▲" in text and "▼" in text
    assert "Prudence" in text  # hébergé·es: 4 people, small expected counts


def test_the_api_returns_the_same_table_as_json(client, campaign, answered, tours_member):
    client.force_login(tours_member)
    response = client.get(api_url(campaign), {"question": "logement", "croise": "voiture"})
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "cross" and data["reponses"] == 40
    assert data["counts"] == fx.LOGEMENT_VOITURE
    reference = chi2_contingency(np.array(fx.LOGEMENT_VOITURE), correction=False)
    assert data["test"]["chi2"] == pytest.approx(reference.statistic)
    assert data["test"]["dof"] == 2
    bad = client.get(api_url(campaign), {"question": "pas_une_question"})
    assert bad.status_code == 400 and "Question à compter" in bad.json()["detail"]


def test_the_collector_filter_is_for_answer_readers_only(client, campaign, answered,
                                                         collector, facilitator, tours_member):
    query = {"question": "logement", "enqueteur": str(collector.pk)}
    client.force_login(tours_member)
    assert client.get(page_url(campaign), query).status_code == 403
    assert client.get(api_url(campaign), query).status_code == 403
    client.force_login(facilitator)
    text = client.get(page_url(campaign), query).content.decode()
    assert 'name="enqueteur"' in text and "colette" in text
    data = client.get(api_url(campaign), query).json()
    assert data["filtres"] == {"collector_id": collector.pk}
    assert [line["count"] for line in data["lines"]][:1] == [12]  # Colette's 12 answers
    assert data["non_response"]["count"] == 0


def test_filters_narrow_the_answers(client, campaign, answered, tours_member):
    client.force_login(tours_member)

    def people(**filters):
        data = client.get(api_url(campaign), {"question": "logement", **filters}).json()
        return int(data["total"])
    assert people() == 40
    assert people(zone=fx.ZONE_A) == 20
    assert people(debut="2026-04-01") == 20 and people(fin="2026-03-31") == 20
    assert people(campagne=campaign.slug) == 40
    assert people(debut="2030-01-01") == 0
    empty = client.get(page_url(campaign), {"question": "logement", "croise": "voiture",
                                            "debut": "2030-01-01"}).content.decode()
    assert "Aucune réponse ne correspond à ces filtres" in empty
    wrong = client.get(page_url(campaign), {"question": "logement", "debut": "2026-05-01",
                                            "fin": "2026-04-01"})
    assert wrong.status_code == 400
    assert "La fin de la période vient avant son début." in wrong.content.decode()


def test_the_profiles_of_the_latest_finished_run_filter_the_answers(client, campaign,
                                                                    answered, tours_member):
    analysis = Analysis.objects.create(slug="profils-tours", title="Profils de Tours",
                                       questionnaire=campaign.questionnaire)
    ids = [s.pk for s in answered]
    AnalysisRun.objects.create(analysis=analysis, number=1, status=RunStatus.DONE,
                               submission_ids=ids, results={
                                   "partition": [1] * 20 + [2] * 20, "profiles_count": 2})
    run = AnalysisRun.objects.create(analysis=analysis, number=2, status=RunStatus.DONE,
                                     submission_ids=ids, results={
                                         "partition": [1] * 30 + [2] * 10,
                                         "profiles_count": 2})
    AnalysisRun.objects.create(analysis=analysis, number=3, status=RunStatus.RUNNING)
    ProfileName.objects.create(run=run, number=2, name="Jeunes sans voiture")
    client.force_login(tours_member)
    text = client.get(page_url(campaign), {"question": "logement"}).content.decode()
    assert "Profils de Tours — profil 2 : Jeunes sans voiture" in text
    data = client.get(api_url(campaign), {"question": "logement",
                                          "profil": "profils-tours:2"}).json()
    assert data["total"] == 10  # run 2, not run 1 nor the running run 3
    assert data["filtres"] == {"profile_run_id": run.pk, "profile_number": 2}


def test_the_csv_export_is_the_shown_cross_table(client, campaign, answered, tours_member):
    client.force_login(tours_member)
    response = client.get(page_url(campaign), {"question": "logement", "croise": "voiture",
                                               "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "tableau-guide-tours-logement-voiture.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Votre logement / Avez-vous une voiture ?", "Oui (effectif)",
                       "Oui (% en colonne)", "Non (effectif)", "Non (% en colonne)",
                       "Total (effectif)", "Total (% en colonne)"]
    assert rows[1] == ["Locataire d'un logement social", "8", "40.0", "12", "60.0", "20",
                       "50.0"]
    assert rows[-1] == ["Total", "20", "100.0", "20", "100.0", "40", "100.0"]


def test_the_xlsx_export_of_a_flat_table_keeps_numbers(client, campaign, answered,
                                                       tours_member):
    client.force_login(tours_member)
    response = client.get(page_url(campaign), {"question": "besoins", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Réponse", "Effectif", "% des personnes ayant répondu",
                       "% de toutes les personnes"]
    sante = next(r for r in rows if r[0] == "Se soigner")
    assert sante == ["Se soigner", 16, 44.4, 40.0]
    assert rows[-1] == ["Ensemble des personnes", 40, None, 100.0]


def test_a_questionnaire_without_answers_says_so(client, campaign, tours_member):
    client.force_login(tours_member)
    text = client.get(page_url(campaign)).content.decode()
    assert "Pas encore de réponse" in text and "<form" not in text.split("<main")[1]
    data = client.get(api_url(campaign), {"question": "logement"}).json()
    assert data["reponses"] == 0


def test_the_form_works_without_javascript_and_keeps_the_choices(client, campaign,
                                                                 answered, tours_member):
    client.force_login(tours_member)
    text = client.get(page_url(campaign)).content.decode()
    assert '<form method="get"' in text and "Afficher le tableau" in text
    assert '<option value="besoins">' in text and '<option value="zone">' in text
    assert "Choisissez une question" in text
    text = client.get(page_url(campaign), {"question": "age", "poids": "age"}).content.decode()
    assert "seulement indicatif" in text
    chart = json.loads(text.split('id="tab-chart-data" type="application/json">')[1]
                       .split("</script>")[0])
    assert chart["mesure"] == "% des personnes ayant répondu" and chart["barres"]
