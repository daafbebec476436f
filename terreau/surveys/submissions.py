"""Use cases that store and erase answers given with Terreau's form.

A stored answer always has the respondent's consent, the questionnaire version it was given
with, the campaign, the collector (none on a public link), the zone and the device time; its
receipt code is kept only as a hash, so that whoever holds the code may erase it and nobody
can read the code back. A resend (same idempotency key: the offline queue retries) returns
the answer already stored instead of writing a second one.
"""

import datetime
import hashlib
import re

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from terreau.territory.models import Zone
from terreau.territory.queries import within_resolve, zone_list_for_layer
from terreau.territory.within import WithinLevelError

from . import definition as defn
from .answers import answers_check
from .models import Campaign, QuestionnaireVersion, Submission
from .services import SurveyError

RECEIPT_MIN_LENGTH = 8
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
CONSENT_FIELDS = ("collected_by", "purpose", "publication", "retention", "contact")


class SubmissionRefused(SurveyError):
    """Answers refused; `errors` maps a question name to its French message."""

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.errors = errors or {}


class CampaignClosed(SurveyError):
    """The campaign does not take answers (not started, ended or closed)."""


def receipt_normalize(code: str) -> str:
    """The code as the respondent may type it back: case, spaces and dashes do not count."""
    return re.sub(r"[\s-]", "", code or "").upper()


def receipt_hash(code: str) -> str:
    return hashlib.sha256(receipt_normalize(code).encode()).hexdigest()


def campaign_is_open(campaign: Campaign, at: datetime.datetime | None = None) -> bool:
    at = at or timezone.now()
    day = timezone.localdate(at)
    if campaign.closed_at is not None and at >= campaign.closed_at:
        return False
    return campaign.starts_on <= day and (campaign.ends_on is None or day <= campaign.ends_on)


def campaign_zones(campaign: Campaign) -> QuerySet[Zone]:
    """The zones a respondent may pick: the campaign's level inside its territory (every
    zone of that level when no territory; every zone inside it when no level)."""
    within = (within_resolve(campaign.within, user=campaign.created_by)
              if campaign.within else None)
    if campaign.within and within is None:
        return Zone.objects.none()
    if campaign.zone_level:
        try:
            return zone_list_for_layer(level=campaign.zone_level, within=within)
        except WithinLevelError:
            return Zone.objects.none()
    if within is None:
        return Zone.objects.order_by("level", "code")
    ids: set[int] = set(within.zone_ids)
    for level in Zone.objects.values_list("level", flat=True).distinct():
        try:
            ids |= set(zone_list_for_layer(level=level, within=within)
                       .values_list("pk", flat=True))
        except WithinLevelError:
            continue
    return Zone.objects.filter(pk__in=ids).order_by("level", "code")


def _zone_of(zones: QuerySet[Zone], code: str) -> Zone | None:
    code = (code or "").strip()
    if not code:
        return None
    level, _, bare = code.rpartition(":")
    found = zones.filter(code=bare)
    return (found.filter(level=level) if level else found).first()


def _zone_code(definition: dict, clean: dict, zone_code: str) -> str:
    """The zone given beside the answers, else the answer to the first zone question."""
    if zone_code:
        return zone_code
    for node in defn.questions(definition):
        if node["type"] == "zone" and isinstance(clean.get(node["name"]), str):
            return clean[node["name"]]
    return ""


def _consent_record(campaign: Campaign, consent: dict) -> dict:
    if not isinstance(consent, dict) or consent.get("accepte") is not True:
        raise SubmissionRefused("Sans le consentement de la personne, rien n'est enregistré.")
    shown = {field: getattr(campaign, field) for field in CONSENT_FIELDS}
    return {"accepte": True, "affiche_le": str(consent.get("affiche_le") or ""),
            "textes": shown}


def _aware(value: datetime.datetime | None, default: datetime.datetime) -> datetime.datetime:
    if value is None:
        return default
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return min(value, default)  # a device clock ahead of ours does not write the future


def _existing(key: str, campaign: Campaign) -> Submission:
    first = Submission.objects.filter(idempotency_key=key).first()
    if first is None or first.campaign_id != campaign.pk:
        raise SubmissionRefused("Cette clé d'envoi sert déjà à une autre réponse.")
    return first


def submission_create(*, campaign: Campaign, version: QuestionnaireVersion, raw_answers: dict,
                      consent: dict, receipt_code: str, idempotency_key: str,
                      collected_at: datetime.datetime | None, collector=None,
                      zone_code: str = "", complete: bool = True,
                      check_open_at: datetime.datetime | None = None,
                      ) -> tuple[Submission, bool]:
    """Store one respondent's answers; (the answer, True) or (the first one, False) on a resend.

    Raises SubmissionRefused (French message, errors per question) or CampaignClosed.
    `check_open_at`: when the campaign must have been open (default: the device time).
    """
    key = (idempotency_key or "").strip()
    if not KEY_PATTERN.match(key):
        raise SubmissionRefused("Clé d'envoi absente ou illisible.")
    if Submission.objects.filter(idempotency_key=key).exists():
        return _existing(key, campaign), False
    now = timezone.now()
    collected = _aware(collected_at, now)
    if not campaign_is_open(campaign, check_open_at or collected):
        raise CampaignClosed("Cette enquête est close : elle ne reçoit plus de réponses.")
    if version.questionnaire_id != campaign.questionnaire_id:
        raise SubmissionRefused("Cette version n'est pas celle du questionnaire de l'enquête.")
    consent_record = _consent_record(campaign, consent)
    if len(receipt_normalize(receipt_code)) < RECEIPT_MIN_LENGTH:
        raise SubmissionRefused("Code de reçu absent ou trop court.")
    if not isinstance(raw_answers, dict):
        raise SubmissionRefused("Réponses illisibles.")

    zones = campaign_zones(campaign)
    clean, errors = answers_check(version.definition, raw_answers,
                                  zone_ok=lambda code: _zone_of(zones, code) is not None)
    if not complete:  # kept as incomplete: only unanswered questions may be missing
        errors = {name: message for name, message in errors.items()
                  if raw_answers.get(name) not in (None, "", [])}
    code = _zone_code(version.definition, clean, zone_code)
    zone = _zone_of(zones, code)
    if code and zone is None:
        errors.setdefault("zone", "Cette zone n'est pas dans le territoire de l'enquête.")
    if errors:
        raise SubmissionRefused("Certaines réponses sont à corriger.", errors)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                questionnaire_id=campaign.questionnaire_id, version=version, campaign=campaign,
                collector=None if campaign.anonymous else collector, zone=zone,
                answers=clean, complete=complete,
                consent=consent_record, consent_at=collected, idempotency_key=key,
                receipt_hash=receipt_hash(receipt_code), source=Submission.Source.WEB,
                collected_at=collected)
    except IntegrityError:  # the same key sent twice at once: the other request stored it
        return _existing(key, campaign), False
    return submission, True


def submissions_erase(receipt_code: str) -> int:
    """Erase every answer given with this receipt code; the number erased (0 when unknown)."""
    if len(receipt_normalize(receipt_code)) < RECEIPT_MIN_LENGTH:
        return 0
    erased, _ = Submission.objects.filter(receipt_hash=receipt_hash(receipt_code)).delete()
    return erased
