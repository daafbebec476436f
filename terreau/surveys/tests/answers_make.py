"""Answers written straight to the database (the follow-up and erasure tests need many)."""

import datetime
import uuid

from django.utils import timezone

from terreau.surveys.models import Submission
from terreau.surveys.submissions import receipt_hash
from terreau.territory.models import Zone


def answers_make(campaign, n: int, *, zone_code: str = "372610101", collector=None,
                 day: datetime.date = datetime.date(2026, 3, 2), receipt: str = "",
                 complete: bool = True) -> None:
    zone = Zone.objects.filter(code=zone_code).first()
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
    Submission.objects.bulk_create([
        Submission(questionnaire=campaign.questionnaire,
                   version=campaign.questionnaire.latest_version(), campaign=campaign,
                   collector=collector, zone=zone, answers={"age": 40}, complete=complete,
                   consent={"accepte": True}, consent_at=at, collected_at=at,
                   receipt_hash=receipt_hash(receipt) if receipt else "",
                   idempotency_key=str(uuid.uuid4()))
        for _ in range(n)])
