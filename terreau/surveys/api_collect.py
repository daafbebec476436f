"""API: submit answers (idempotent), erase them with a receipt code.

Collectors send with their session (and its CSRF token). The public link sends without an
account: the link's token authorises (`auth=None`, no CSRF: no session is involved), and the
campaign must be open now. Erasing takes no account either: the receipt code is the proof.
"""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from .models import Campaign
from .queries import campaign_get_visible, can_collect
from .submissions import CampaignClosed, SubmissionRefused, submission_create, submissions_erase

router = Router(tags=["enquêtes"])


class ConsentIn(Schema):
    accepte: bool = Field(description="La personne a accepté (sinon rien n'est envoyé).")
    affiche_le: str = Field("", description="Quand l'écran de consentement a été montré (ISO).")


class SubmissionIn(Schema):
    cle: str = Field(description="Clé d'idempotence (UUID) : un renvoi ne crée pas de doublon.")
    recu: str = Field(description="Code de reçu, généré sur l'appareil (seul son empreinte "
                                  "est gardée).")
    version: int = Field(description="Numéro de la version du questionnaire remplie.")
    reponses: dict = Field(description="{nom de question: valeur} ; répétitions : listes.")
    zone: str = Field("", description="Code de la zone (défaut : la réponse à la première "
                                      "question de type zone).")
    consentement: ConsentIn
    recueillie_le: datetime.datetime | None = Field(None, description="Heure de l'appareil.")
    complete: bool = Field(True, description="False : réponse gardée incomplète.")


class EraseIn(Schema):
    recu: str = Field(description="Le code de reçu donné à la fin du questionnaire.")


def _submit(campaign: Campaign, payload: SubmissionIn, *, collector, open_at=None):
    version = campaign.questionnaire.versions.filter(number=payload.version).first()
    if version is None:
        raise HttpError(400, "Version du questionnaire inconnue.")
    try:
        submission, created = submission_create(
            campaign=campaign, version=version, raw_answers=payload.reponses,
            consent=payload.consentement.dict(), receipt_code=payload.recu,
            idempotency_key=payload.cle, collected_at=payload.recueillie_le,
            collector=collector, zone_code=payload.zone, complete=payload.complete,
            check_open_at=open_at)
    except CampaignClosed as error:
        return Status(403, {"detail": str(error), "erreurs": {}})
    except SubmissionRefused as error:
        return Status(400, {"detail": str(error), "erreurs": error.errors})
    return Status(201 if created else 200, {"id": submission.pk})


@router.post("campagnes/{slug}/reponses", url_name="survey_submit",
             response={200: dict, 201: dict, 400: dict, 403: dict},
             summary="Envoyer les réponses d'une personne (enquêteur·rice)")
def submit_api(request: HttpRequest, slug: str, payload: SubmissionIn):
    campaign = campaign_get_visible(slug=slug, user=request.user)
    if campaign is None:
        raise HttpError(404, "Enquête introuvable.")
    if not can_collect(request.user, campaign):
        raise HttpError(403, "Seul·es les enquêteur·rices de cette enquête y envoient des "
                             "réponses.")
    return _submit(campaign, payload, collector=request.user)


@router.post("r/{token}/reponses", auth=None, url_name="survey_submit_public",
             response={200: dict, 201: dict, 400: dict, 403: dict},
             summary="Envoyer ses réponses par le lien public d'une enquête")
def submit_public_api(request: HttpRequest, token: str, payload: SubmissionIn):
    campaign = (Campaign.objects.select_related("questionnaire")
                .filter(public_token=token).first() if token else None)
    if campaign is None:
        raise HttpError(404, "Ce lien d'enquête n'existe pas ou plus.")
    # Devices may lie about their clock: a public link answers while the campaign is open.
    return _submit(campaign, payload, collector=None, open_at=timezone.now())


@router.post("effacer", auth=None, url_name="survey_erase",
             summary="Effacer ses réponses avec son code de reçu")
def erase_api(request: HttpRequest, payload: EraseIn):
    return {"effacees": submissions_erase(payload.recu)}
