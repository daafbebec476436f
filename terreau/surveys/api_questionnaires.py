"""API: questionnaires and their versions (/api/v1/enquetes/questionnaires…).

Same rules as the pages: signed-in members of the questionnaire's group read it (401 for
anonymous clients, 404 for another group's); the definition is definition.py's dict as
stored. Counts of answers are given only to those who read answers (queries.py).
"""

from django.db.models import Count
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut

from .models import Questionnaire, QuestionnaireVersion
from .queries import can_read_answers, questionnaire_get_visible, questionnaire_list_visible

router = Router(tags=["enquêtes"])

NOT_FOUND = "Questionnaire introuvable."


class QuestionnaireOut(Schema):
    slug: str
    titre: str
    description: str
    groupe: str = Field(description="Identifiant du groupe du questionnaire.")
    version: int = Field(description="Numéro de la dernière version.")
    campagnes: int = Field(description="Nombre de campagnes de collecte.")
    reponses: int | None = Field(
        description="Nombre de réponses, pour l'animation et les référent·es du groupe "
                    "seulement (null sinon).")
    modifie_le: str


class VersionSummaryOut(Schema):
    numero: int
    cree_le: str
    note: str
    fichier: str = Field(description="Fichier XLSForm d'origine, s'il y en a un.")


class VersionOut(VersionSummaryOut):
    questionnaire: str
    definition: dict = Field(description="Le questionnaire complet (format Terreau : "
                                         "sections, questions, listes de choix, langues).")


class QuestionnaireDetailOut(QuestionnaireOut):
    versions: list[VersionSummaryOut]
    definition: dict = Field(description="La définition de la dernière version.")


def _readable(request: HttpRequest, slug: str) -> Questionnaire:
    questionnaire = questionnaire_get_visible(slug=slug, user=request.user)
    if questionnaire is None:
        raise HttpError(404, NOT_FOUND)
    return questionnaire


def _summary(version: QuestionnaireVersion) -> dict:
    return {"numero": version.number, "cree_le": version.created_at.isoformat(),
            "note": version.note, "fichier": version.source_name}


def _out(request: HttpRequest, questionnaire: Questionnaire, latest: int) -> dict:
    reads = can_read_answers(request.user, questionnaire.group_id)
    return {"slug": questionnaire.slug, "titre": questionnaire.title,
            "description": questionnaire.description, "groupe": questionnaire.group.slug,
            "version": latest, "campagnes": questionnaire.campaign_count,
            "reponses": questionnaire.answer_count if reads else None,
            "modifie_le": questionnaire.updated_at.isoformat()}


def _annotated(request: HttpRequest):
    return questionnaire_list_visible(request.user).annotate(
        campaign_count=Count("campaigns", distinct=True),
        answer_count=Count("submissions", distinct=True))


@router.get("questionnaires", response=list[QuestionnaireOut], url_name="questionnaire_list",
            summary="Les questionnaires des groupes de l'utilisateur·rice")
def questionnaires(request: HttpRequest):
    result = []
    for questionnaire in _annotated(request).order_by("title", "pk"):
        latest = questionnaire.latest_version()
        result.append(_out(request, questionnaire, latest.number if latest else 0))
    return result


@router.get("questionnaires/{slug}", response={200: QuestionnaireDetailOut, 404: ErrorOut},
            url_name="questionnaire_detail",
            summary="Un questionnaire, ses versions et la définition de la dernière")
def questionnaire_detail(request: HttpRequest, slug: str):
    _readable(request, slug)
    questionnaire = _annotated(request).get(slug=slug)
    versions = list(questionnaire.versions.order_by("-number"))
    if not versions:
        raise HttpError(404, "Ce questionnaire n'a pas encore de version.")
    return {**_out(request, questionnaire, versions[0].number),
            "versions": [_summary(v) for v in versions], "definition": versions[0].definition}


@router.get("questionnaires/{slug}/versions/{number}",
            response={200: VersionOut, 404: ErrorOut}, url_name="questionnaire_version",
            summary="Une version d'un questionnaire, avec sa définition")
def questionnaire_version(request: HttpRequest, slug: str, number: int):
    questionnaire = _readable(request, slug)
    version = questionnaire.versions.filter(number=number).first()
    if version is None:
        raise HttpError(404, f"Ce questionnaire n'a pas de version {number}.")
    return {**_summary(version), "questionnaire": questionnaire.slug,
            "definition": version.definition}
