"""What members type in the analysis pages (titles, notes, profile names, codes, open answers)
is shown inert everywhere: classic XSS payloads run nothing on any page that shows them."""

import pytest
from django.urls import reverse

from terreau.analysis.coding import code_create
from terreau.analysis.models import ProfileName
from terreau.analysis.publish import publish
from terreau.analysis.services import analysis_create, run_execute, run_start
from terreau.scenarios.tests.test_xss_payloads import PAYLOADS, active_content

from . import analyses_setup as setup
from .analyses_setup import PARAMETERS, answers_generate

pytestmark = pytest.mark.django_db
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator


@pytest.fixture
def typed(campaign, facilitator):
    """An analysis, its profiles, codes and open answers, all named with payloads."""
    answers = answers_generate(campaign, 60)
    for answer, payload in zip(answers, PAYLOADS, strict=False):
        answer.answers["autre_besoin"] = payload
        answer.save()
    questionnaire = campaign.questionnaire
    analysis = analysis_create(questionnaire=questionnaire, title=PAYLOADS[0],
                               description=" ".join(PAYLOADS), parameters=PARAMETERS,
                               user=facilitator, campaign=campaign)
    run = run_execute(run_start(analysis=analysis, user=facilitator))
    for number in range(1, run.results["profiles_count"] + 1):
        ProfileName.objects.create(run=run, number=number, name=PAYLOADS[number][:120])
    for payload in PAYLOADS[:12]:
        code_create(questionnaire=questionnaire, question="autre_besoin", label=payload[:120],
                    description=payload, user=facilitator)
    publish(analysis=analysis, user=facilitator)
    return analysis


def test_no_page_runs_what_members_typed(client, typed, facilitator):
    client.force_login(facilitator)
    slug, questionnaire = typed.slug, typed.questionnaire.slug
    pages = [
        reverse("analysis:index"),
        reverse("analysis:analysis", args=[slug]),
        reverse("analysis:edit", args=[slug]),
        reverse("analysis:profile_map", args=[slug]),
        reverse("analysis:coding", args=[questionnaire]),
        reverse("analysis:coding_question", args=[questionnaire, "autre_besoin"]),
        reverse("analysis:tabulations", args=[questionnaire]) + "?question=autre_besoin",
        reverse("analysis:tabulations", args=[questionnaire])
        + f"?question=logement&profil={slug}:1",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert active_content(response.content.decode()) == [], url
    # The payloads are there, as text.
    page = client.get(reverse("analysis:analysis", args=[slug])).content.decode()
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
