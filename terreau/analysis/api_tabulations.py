"""JSON API of the tabulations, under /api/v1/analyses/: the page's table as numbers.

Same rules and parameters as the page (views/tabulations.py): members of the questionnaire's
group read (401 for anonymous clients, 404 for another group's questionnaire), the collector
filter is for the answer readers (403 otherwise), a wrong parameter is a 400 with a French
message naming it.
"""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut

from .views.tabulations import (
    NOT_FOUND,
    NOT_READER,
    collector_refused,
    readable,
    tabulation_make,
)

router = Router(tags=["analyses"])


class TabulationQuery(Schema):
    question: str = Field(description="Nom de la question (ou de la question à choix "
                                      "multiples) à compter.")
    croise: str | None = Field(None, description="Seconde question, pour un tableau croisé.")
    poids: str | None = Field(None, description="Question numérique servant de poids.")
    campagne: str | None = Field(None, description="Identifiant (slug) d'une campagne.")
    debut: datetime.date | None = Field(None, description="Réponses recueillies à partir "
                                                          "de ce jour.")
    fin: datetime.date | None = Field(None, description="… et jusqu'à ce jour.")
    zone: str | None = Field(None, description="Code d'une zone.")
    enqueteur: str | None = Field(None, description="Identifiant d'un·e enquêteur·rice "
                                                    "(animation et référent·es seulement).")
    profil: str | None = Field(None, description="« analyse:numéro » : un profil de la "
                                                 "dernière exécution d'une analyse.")


def _errors(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label} : {' '.join(errors)}" if label else " ".join(errors))
    return " ; ".join(parts)


@router.get("tableaux/{slug}", response={200: dict, 400: ErrorOut, 403: ErrorOut,
                                         404: ErrorOut},
            url_name="analysis_tabulation",
            summary="Tableau à plat ou croisé des réponses d'un questionnaire",
            description="Effectifs, pourcentages avec et sans non-réponses, pondération ; "
                        "pour un tableau croisé, pourcentages en ligne et en colonne, test "
                        "du khi² (sans correction de Yates), V de Cramér et résidus "
                        "standardisés ajustés (« flags » : + ou - au-delà de ±1,96).")
def tabulation(request: HttpRequest, slug: str, query: Query[TabulationQuery]):
    questionnaire = readable(request.user, slug)
    if questionnaire is None:
        raise HttpError(404, NOT_FOUND)
    if collector_refused(request.user, questionnaire, request.GET):
        raise HttpError(403, NOT_READER)
    page = tabulation_make(questionnaire, request.user, request.GET)
    if page.form is None:
        return {"questionnaire": questionnaire.slug, "reponses": 0, "type": None,
                "detail": "Pas encore de réponse complète à ce questionnaire."}
    if page.result is None:
        raise HttpError(400, _errors(page.form) or "Tableau impossible.")
    return {"questionnaire": questionnaire.slug, "reponses": page.respondents,
            "filtres": page.form.filters().as_dict(), **page.result}
