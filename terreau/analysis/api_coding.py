"""JSON API of the coding of open answers, under /api/v1/analyses/codage/….

Same rules as the pages (views/coding.py): anonymous clients get 401, another group's
questionnaire (or a question that is not a text question of it) 404, a member of the group
who does not analyse its answers 403. The API gives codes and counts, never the answers'
text; it assigns codes to answers designated by their numbers.
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut
from terreau.surveys.models import Questionnaire
from terreau.surveys.queries import questionnaire_get_visible

from . import coding
from .coding import CodingError
from .models import OpenCode
from .queries import can_analyse
from .views.coding import NOT_ANALYST, NOT_FOUND

router = Router()


class CodeOut(Schema):
    id: int
    libelle: str
    definition: str
    reponses: int = Field(description="Nombre de réponses qui portent ce code.")
    variable: str = Field(description="Colonne du code dans les tableaux et les analyses "
                                      "(« question/code-<id> », oui ou non).")


class QuestionCodesOut(Schema):
    questionnaire: str
    question: str
    libelle: str
    reponses: int = Field(description="Réponses complètes non vides à cette question.")
    codees: int = Field(description="Réponses qui portent au moins un code.")
    codes: list[CodeOut]


class CodeIn(Schema):
    libelle: str
    definition: str = ""


class AssignIn(Schema):
    code: int = Field(description="Identifiant du code.")
    reponses: list[int] = Field(description="Numéros des réponses (soumissions).")
    retirer: bool = Field(False, description="Vrai : retirer le code de ces réponses.")


class AssignOut(Schema):
    code: int
    modifiees: int = Field(description="Réponses qui ont gagné (ou perdu) le code.")
    reponses: int = Field(description="Réponses qui portent le code après l'opération.")


def _question(request: HttpRequest, slug: str, name: str) -> tuple[Questionnaire, dict]:
    questionnaire = questionnaire_get_visible(slug=slug, user=request.user)
    if questionnaire is None:
        raise HttpError(404, NOT_FOUND)
    if not can_analyse(request.user, questionnaire.group_id):
        raise HttpError(403, NOT_ANALYST)
    try:
        return questionnaire, coding.text_question(questionnaire, name)
    except CodingError as error:
        raise HttpError(404, str(error)) from None


def _code_out(code: OpenCode, count: int) -> dict:
    return {"id": code.pk, "libelle": code.label, "definition": code.description,
            "reponses": count, "variable": f"{code.question}/code-{code.pk}"}


@router.get("codage/{slug}/{question}",
            response={200: QuestionCodesOut, 403: ErrorOut, 404: ErrorOut},
            url_name="coding_question", summary="Les codes d'une question à réponse libre")
def question_codes(request: HttpRequest, slug: str, question: str):
    questionnaire, question = _question(request, slug, question)
    summary = coding.question_summary(questionnaire, question)
    return {"questionnaire": questionnaire.slug, "question": summary.name,
            "libelle": summary.label, "reponses": summary.answers, "codees": summary.coded,
            "codes": [_code_out(code, count) for code, count in summary.codes]}


@router.post("codage/{slug}/{question}/codes",
             response={201: CodeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="coding_code_create", summary="Créer un code")
def code_new(request: HttpRequest, slug: str, question: str, body: CodeIn):
    questionnaire, question = _question(request, slug, question)
    try:
        code = coding.code_create(questionnaire=questionnaire, question=question["name"],
                                  label=body.libelle, description=body.definition,
                                  user=request.user)
    except CodingError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _code_out(code, 0))


@router.post("codage/{slug}/{question}/affectations",
             response={200: AssignOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="coding_assign",
             summary="Donner un code à des réponses (ou le leur retirer)")
def assign(request: HttpRequest, slug: str, question: str, body: AssignIn):
    questionnaire, question = _question(request, slug, question)
    code = OpenCode.objects.filter(questionnaire=questionnaire, question=question["name"],
                                   pk=body.code).first()
    if code is None:
        raise HttpError(400, f"Cette question n'a pas de code {body.code}.")
    try:
        if body.retirer:
            changed = coding.codes_unassign(code=code, submission_ids=body.reponses)
        else:
            changed = coding.codes_assign(code=code, submission_ids=body.reponses,
                                          user=request.user)
    except CodingError as error:
        raise HttpError(400, str(error)) from None
    return {"code": code.pk, "modifiees": changed, "reponses": code.assignments.count()}
