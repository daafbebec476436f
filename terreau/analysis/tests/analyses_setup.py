"""Answers of the Tours demo questionnaire for the tests of saved analyses: written through
the surveys' own use case (submission_create), drawn with a seeded generator from three
latent groups of people so that profiles of needs exist in them.

- young people looking for work: 18–29, social housing or hosted, no car, need a job and
  help with online procedures;
- older people living alone: 65–90, owners or private tenants, no car, need care, company,
  getting about;
- families with a car: 30–55, private tenants, need childcare.
"""

import datetime
import random
import uuid

import pytest
from django.utils import timezone

from terreau.indicators.tests.factories import user_make
from terreau.surveys.submissions import submission_create
from terreau.surveys.tests import campaign_setup

TOURS_IRIS = ("372610101", "372610102")
GROUPS = [
    {"age": (18, 29), "logement": ["locataire_social", "heberge"], "vit_seul": "non",
     "voiture": "non", "transport": "non", "besoins": ["emploi", "demarches"]},
    {"age": (65, 90), "logement": ["proprietaire"], "vit_seul": "oui",
     "voiture": "non", "transport": "oui", "besoins": ["sante", "isolement", "mobilite"]},
    {"age": (30, 55), "logement": ["locataire_prive"], "vit_seul": "non",
     "voiture": "oui", "transport": None, "besoins": ["garde"]},
]
LOGEMENTS = ["locataire_social", "locataire_prive", "proprietaire", "heberge"]
BESOINS = ["emploi", "demarches", "sante", "garde", "mobilite", "isolement"]
# The variables an analysis of these answers uses.
ACTIVE = ["logement", "vit_seul", "voiture", "age", *[f"besoins/{b}" for b in BESOINS]]
SUPPLEMENTARY = ["zone"]
PARAMETERS = {"active": ACTIVE, "supplementary": SUPPLEMENTARY, "ncp": 5, "rare": "group"}


def _person(rng: random.Random, group: dict) -> dict:
    def typical(value, others, p=0.85):
        return value if rng.random() < p else rng.choice(others)

    answers = {
        "quartier": rng.choice(TOURS_IRIS),
        "age": str(rng.randint(*group["age"])),
        "logement": typical(rng.choice(group["logement"]), LOGEMENTS),
        "vit_seul": typical(group["vit_seul"], ["oui", "non"]),
        "voiture": typical(group["voiture"], ["oui", "non"], 0.9),
    }
    if answers["voiture"] == "non":
        answers["transport"] = group["transport"] or rng.choice(["oui", "non"])
    needs = [b for b in BESOINS if (b in group["besoins"] and rng.random() < 0.8)
             or (b not in group["besoins"] and rng.random() < 0.08)]
    answers["besoins"] = " ".join(needs or group["besoins"][:1])  # everyone needs something
    return answers


def answers_generate(campaign, n: int, *, seed: int = 7, day=datetime.date(2026, 3, 2)) -> list:
    """`n` complete answers from the three groups (in turn), stored as the form stores them."""
    rng = random.Random(seed)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    version = campaign.questionnaire.latest_version()
    stored = []
    for i in range(n):
        submission, _ = submission_create(
            campaign=campaign, version=version, raw_answers=_person(rng, GROUPS[i % 3]),
            consent={"accepte": True}, receipt_code=f"RECU{seed:04d}{i:05d}",
            idempotency_key=str(uuid.uuid4()), collected_at=at)
        stored.append(submission)
    return stored


campaign, collector, facilitator = (campaign_setup.campaign, campaign_setup.collector,
                                    campaign_setup.facilitator)


@pytest.fixture
def answered(campaign):
    """120 answers of the three groups."""
    return answers_generate(campaign, 120)


@pytest.fixture
def questionnaire(campaign):
    return campaign.questionnaire


@pytest.fixture
def group_admin(tours_group):
    return user_make("adele", group=tours_group, role="admin")
