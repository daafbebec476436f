"""A campaign of the demo questionnaire for the tests of submissions, campaigns and erasure:
the group tours-insertion, the IRIS of Tours (the real list), a collector, a public link."""

import datetime
import uuid

import pytest

from terreau.indicators.tests.factories import user_make
from terreau.surveys.demo import DEFINITION
from terreau.surveys.models import Campaign
from terreau.surveys.services import questionnaire_create

TOURS_IRIS = "372610101"  # an IRIS of Tours (real code of the shared list)
AMBOISE = "37003"  # a commune of Indre-et-Loire, outside Tours


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


@pytest.fixture
def collector(tours_group):
    return user_make("colette", group=tours_group, role="member")


@pytest.fixture
def campaign(cvl_zones, tours_group, facilitator, collector):
    questionnaire = questionnaire_create(group=tours_group, definition=DEFINITION,
                                         user=facilitator, slug="guide-tours")
    campaign = Campaign.objects.create(
        questionnaire=questionnaire, slug="diagnostic-tours", title="Diagnostic Tours",
        starts_on=datetime.date(2020, 1, 1), within="commune:37261", zone_level="iris",
        collected_by="Le groupe Tours insertion", purpose="Connaître les besoins.",
        public_token="jeton-public-de-test", created_by=facilitator)
    campaign.collectors.add(collector)
    return campaign


def answers(**changes) -> dict:
    return {"quartier": TOURS_IRIS, "age": "34", "logement": "locataire_social",
            "voiture": "non", "transport": "oui", "besoins": "emploi sante", **changes}


def body(**changes) -> dict:
    """What the form sends for one respondent."""
    return {"cle": str(uuid.uuid4()), "recu": "K7PX3M9QRT", "version": 1,
            "reponses": answers(), "zone": "",
            "consentement": {"accepte": True, "affiche_le": "2026-03-02T09:58:00+01:00"},
            "recueillie_le": "2026-03-02T10:05:00+01:00", **changes}
