"""Answers of the demo questionnaire of Tours for the tabulation tests (views, API, browser).

40 complete answers written straight to the database, in five groups whose counts are known,
so that every expected figure can be recomputed by hand or with scipy in the tests:

| n  | logement         | voiture | vit_seul | age | besoins            | zone      | when  |
|----|------------------|---------|----------|-----|--------------------|-----------|-------|
| 12 | locataire_social | non     | oui      | 70  | isolement, sante   | 372610101 | March |
| 8  | locataire_social | oui     | non      | 35  | emploi             | 372610101 | March |
| 4  | proprietaire     | non     | oui      | 80  | sante              | 372610102 | April |
| 12 | proprietaire     | oui     | non      | 45  | (none)             | 372610102 | April |
| 4  | heberge          | non     | —        | 22  | — (not answered)   | 372610102 | April |

The first 12 were collected by the collector (Colette). Plus one incomplete answer, which
no table counts.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from terreau.surveys.models import Submission
from terreau.surveys.tests import campaign_setup as setup
from terreau.territory.models import Zone

campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator

MARCH, APRIL = datetime.date(2026, 3, 2), datetime.date(2026, 4, 10)
ZONE_A, ZONE_B = "372610101", "372610102"
GROUPS = [
    (12, {"logement": "locataire_social", "voiture": "non", "vit_seul": "oui", "age": 70,
          "besoins": ["isolement", "sante"]}, ZONE_A, MARCH, True),
    (8, {"logement": "locataire_social", "voiture": "oui", "vit_seul": "non", "age": 35,
         "besoins": ["emploi"]}, ZONE_A, MARCH, False),
    (4, {"logement": "proprietaire", "voiture": "non", "vit_seul": "oui", "age": 80,
         "besoins": ["sante"]}, ZONE_B, APRIL, False),
    (12, {"logement": "proprietaire", "voiture": "oui", "vit_seul": "non", "age": 45,
          "besoins": []}, ZONE_B, APRIL, False),
    (4, {"logement": "heberge", "voiture": "non", "age": 22}, ZONE_B, APRIL, False),
]
LOGEMENT_VOITURE = [[8, 12], [12, 4], [0, 4]]  # social, propriétaire, hébergé × oui, non


def submission_make(campaign, answers, *, zone, day, collector=None, complete=True):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
    return Submission.objects.create(
        questionnaire=campaign.questionnaire, version=campaign.questionnaire.latest_version(),
        campaign=campaign, collector=collector, zone=Zone.objects.get(code=zone),
        answers=answers, complete=complete, consent={"accepte": True}, consent_at=at,
        collected_at=at, idempotency_key=str(uuid.uuid4()))


@pytest.fixture
def answered(campaign, collector):
    """The 40 answers of the table above (and one incomplete); returns their submissions."""
    made = []
    for count, answers, zone, day, by_collector in GROUPS:
        for _ in range(count):
            made.append(submission_make(campaign, dict(answers), zone=zone, day=day,
                                        collector=collector if by_collector else None))
    submission_make(campaign, {"logement": "heberge"}, zone=ZONE_A, day=MARCH, complete=False)
    return made
