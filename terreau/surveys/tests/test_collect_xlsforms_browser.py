"""Real XLSForms in the phone form (../shared/data/surveys/xlsforms, read by xlsform.py):
nested repeats sent as lists of items, and a cascading choice filter."""

import datetime

import pytest
from playwright.sync_api import expect

from terreau.indicators.tests.factories import user_make
from terreau.surveys.models import Campaign, Submission
from terreau.surveys.services import questionnaire_create
from terreau.surveys.xlsform import xlsform_read

from . import test_collect_browser as base
from .test_collect_browser import TIMEOUT, open_form

phone = base.phone  # the phone-sized page fixture

pytestmark = [pytest.mark.browser]


@pytest.fixture
def public_form(data_dir, tours_group):
    def make(filename: str) -> str:
        path = data_dir / "surveys" / "xlsforms" / filename
        definition = xlsform_read(path, filename)
        author = user_make("fanny", group=tours_group, role="facilitator")
        questionnaire = questionnaire_create(group=tours_group, definition=definition,
                                             user=author, slug="formulaire-reel")
        Campaign.objects.create(
            questionnaire=questionnaire, slug="reel", title="Formulaire réel",
            starts_on=datetime.date(2020, 1, 1), collected_by="Le groupe Tours insertion",
            purpose="Essayer un vrai formulaire.", public_token="jeton-reel", created_by=author)
        return "/enquetes/r/jeton-reel/"
    return make


def test_nested_repeats_are_sent_as_lists_of_items(phone, live_server, public_form):
    open_form(phone, live_server.url + public_form("kobo-nested-repeats.xls"))
    phone.get_by_role("button", name="J'accepte").click()
    details = phone.locator("[data-group='kids_details']")
    expect(details).to_be_hidden()  # only for people with kids
    phone.locator("[data-question='has_kids']").get_by_label("yes").check()
    expect(details).to_be_visible()
    phone.locator("#q-kids_details-0-kids_name").fill("Inès")
    phone.locator("#q-kids_details-0-kids_age").fill("7")
    phone.locator("#q-kids_details-0-kids_immunization-0-immunization_info").fill("BCG")
    phone.get_by_role("button", name="Ajouter : 4.1 Kids Details").click()
    phone.locator("#q-kids_details-1-kids_name").fill("Noé")
    phone.locator("#q-kids_details-1-kids_age").fill("trois")
    phone.get_by_role("button", name="Suivant").click()
    expect(phone.locator("[data-question='kids_age']").nth(1).locator(".survey-msg")).to_have_text(
        "Entrez un nombre entier, sans virgule.")
    phone.locator("#q-kids_details-1-kids_age").fill("3")
    phone.get_by_role("button", name="Suivant").click()
    expect(phone.locator("[data-survey-progress]")).to_have_text("Section 2 sur 2")
    phone.get_by_label("5. Address").fill("12 rue Nationale, Tours")
    phone.get_by_label("Latitude").fill("47,3941")
    phone.get_by_label("Longitude").fill("0.6848")
    phone.get_by_label("Mozilla Firefox").check()
    phone.get_by_role("button", name="Terminer et enregistrer").click()
    expect(phone.locator("[data-receipt-sent]")).to_have_text("Vos réponses sont arrivées.",
                                                              timeout=TIMEOUT)
    answers = Submission.objects.get().answers
    kids = answers["kids_details"]
    assert [kid["kids_name"] for kid in kids] == ["Inès", "Noé"]
    assert [kid["kids_age"] for kid in kids] == [7, 3]
    assert kids[0]["kids_immunization"] == [{"immunization_info": "BCG"}]
    assert "kids_immunization" not in kids[1]
    assert answers["web_browsers"] == ["firefox"]
    assert answers["gps"].split()[:2] == ["47.3941", "0.6848"]
    assert phone.errors == []


def test_a_choice_filter_offers_the_counties_of_the_state(phone, live_server, public_form):
    open_form(phone, live_server.url + public_form("pyxform-choice-filter-test.xlsx"))
    phone.get_by_role("button", name="J'accepte").click()
    county = phone.locator("[data-question='county']")
    phone.locator("[data-question='state']").get_by_label("Washington").check()
    expect(county.get_by_label("Pierce")).to_be_visible()
    expect(county.get_by_label("Cameron")).to_be_hidden()
    phone.locator("[data-question='state']").get_by_label("Texas").check()
    expect(county.get_by_label("Cameron")).to_be_visible()
    expect(county.get_by_label("Pierce")).to_be_hidden()
    county.get_by_label("Cameron").check()
    city = phone.locator("[data-question='city']")
    expect(city.get_by_label("harlingen")).to_be_visible()
    expect(city.get_by_label("Seattle")).to_be_hidden()
    city.get_by_label("harlingen").check()
    phone.get_by_role("button", name="Terminer et enregistrer").click()
    expect(phone.locator("[data-receipt-sent]")).to_have_text("Vos réponses sont arrivées.",
                                                              timeout=TIMEOUT)
    assert Submission.objects.get().answers == {"state": "texas", "county": "cameron",
                                                "city": "harlingen"}
