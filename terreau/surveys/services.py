"""Use cases that write questionnaires and their versions (the designer and the XLSForm import
both go through here). Errors are SurveyError with a French message; permissions are checked
by the callers with queries.can_design."""

from django.db import transaction
from django.db.models import Max

from terreau.accounts.models import TerritorialGroup
from terreau.core.slugs import slug_free

from .definition import FORMAT
from .models import Questionnaire, QuestionnaireVersion

# Words of the app's own URLs (/enquetes/nouveau/, /enquetes/campagnes/…): never a slug.
RESERVED_SLUGS = frozenset({"nouveau", "importer", "campagnes", "campagne", "collecte", "r",
                            "recu", "effacer", "reponses", "api"})


class SurveyError(ValueError):
    """A change refused; `str(error)` is a French sentence saying why."""


def survey_slug(text: str, model=Questionnaire) -> str:
    """A free slug for a questionnaire or a campaign."""
    return slug_free(text, model, fallback="questionnaire", reserved=RESERVED_SLUGS)


def _check_definition(definition: dict) -> None:
    if definition.get("format") != FORMAT or not isinstance(definition.get("children"), list):
        raise SurveyError("Définition de questionnaire illisible (format inconnu).")
    if not definition["children"]:
        raise SurveyError("Le questionnaire n'a aucune question.")


@transaction.atomic
def questionnaire_create(*, group: TerritorialGroup, definition: dict, user, title: str = "",
                         slug: str = "", source_name: str = "",
                         description: str = "") -> Questionnaire:
    """A new questionnaire with its version 1."""
    _check_definition(definition)
    title = " ".join((title or definition.get("title") or "").split())[:200]
    if not title:
        raise SurveyError("Donnez un titre au questionnaire.")
    if slug:
        if slug in RESERVED_SLUGS or Questionnaire.objects.filter(slug=slug).exists():
            raise SurveyError(f"L'identifiant « {slug} » est déjà pris.")
    questionnaire = Questionnaire.objects.create(slug=slug or survey_slug(title), title=title,
                                                 group=group, created_by=user,
                                                 description=description)
    QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1,
                                        definition=definition, source_name=source_name,
                                        created_by=user, note="Première version")
    return questionnaire


@transaction.atomic
def version_save(*, questionnaire: Questionnaire, definition: dict, user,
                 source_name: str = "", note: str = "") -> QuestionnaireVersion:
    """Save a changed definition. While the latest version has no answer it is changed in
    place; once it has answers, a new version is written and the answers keep theirs."""
    _check_definition(definition)
    latest = (QuestionnaireVersion.objects.select_for_update()
              .filter(questionnaire=questionnaire).order_by("-number").first())
    if latest is not None and not latest.submissions.exists():
        latest.definition = definition
        latest.source_name = source_name or latest.source_name
        latest.note = note or latest.note
        latest.save()
        version = latest
    else:
        number = (questionnaire.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=number, definition=definition,
            source_name=source_name, created_by=user, note=note)
    title = " ".join((definition.get("title") or "").split())[:200]
    if title and title != questionnaire.title:
        questionnaire.title = title
    questionnaire.save()
    return version
