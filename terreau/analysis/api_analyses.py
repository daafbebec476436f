"""JSON API of the saved analyses (profiles of needs), under /api/v1/analyses/.

Same rules as the pages: 401 for anonymous clients, 404 outside the questionnaire's group,
members read the results (aggregates), 403 when a member who does not analyse tries to run
or to name. The partition (the profile of each answer, with the answers' ids) is given only
to those who read the answers: for the others, the results are the aggregates alone.
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut

from .api_access import analysable, readable
from .choices import RunStatus
from .models import Analysis, AnalysisRun
from .queries import analysis_list_visible, can_analyse
from .services import AnalysisError, profile_name_set, profile_names, run_start

router = Router(tags=["analyses"])

ANSWER_LEVEL = ("partition",)  # result keys that concern each answer


class RunSummaryOut(Schema):
    numero: int
    statut: str = Field(description="pending, running, done ou failed.")
    avancement: int = Field(description="De 0 à 100.")
    etape: str
    erreur: str = Field(description="Pourquoi le calcul a échoué (en français), sinon vide.")
    personnes: int
    lancee_le: str
    terminee_le: str | None


class RunOut(RunSummaryOut):
    analyse: str
    parametres: dict
    version: int | None = Field(description="Numéro de la version du questionnaire lue.")
    empreinte: str = Field(description="Empreinte (sha256) des réponses lues.")
    noms: dict[str, str] = Field(description="Noms donnés aux profils, par numéro.")
    resultats: dict | None = Field(
        description="Résultats complets (valeurs propres, réponses, profils…) d'une exécution "
                    "terminée. La partition (profil de chaque réponse) et les identifiants des "
                    "réponses ne sont donnés qu'à l'animation et aux référent·es du groupe.")
    reponses: list[int] | None = Field(
        description="Identifiants des réponses lues, dans l'ordre de la partition (animation "
                    "et référent·es seulement).")


class AnalysisOut(Schema):
    slug: str
    titre: str
    description: str
    questionnaire: str
    groupe: str
    campagne: str | None
    parametres: dict
    derniere_execution: int | None = Field(description="Numéro de la dernière exécution.")
    modifiee_le: str


class AnalysisDetailOut(AnalysisOut):
    executions: list[RunSummaryOut]
    resultats: RunOut | None = Field(description="La dernière exécution terminée.")


class RunIn(Schema):
    parametres: dict | None = Field(
        None, description="Paramètres à changer avant le calcul (par exemple "
                          "{\"profiles\": 4}) ; ils deviennent ceux de l'analyse.")


class NameIn(Schema):
    nom: str = Field(description="Nom du profil ; vide pour l'effacer.")


class NameOut(Schema):
    numero: int
    nom: str


def _run(analysis: Analysis, number: int) -> AnalysisRun:
    run = analysis.runs.filter(number=number).first()
    if run is None:
        raise HttpError(404, "Exécution introuvable.")
    return run


def _summary(run: AnalysisRun) -> dict:
    return {"numero": run.number, "statut": run.status, "avancement": run.progress,
            "etape": run.label, "erreur": run.error, "personnes": run.respondents,
            "lancee_le": run.created_at.isoformat(),
            "terminee_le": run.finished_at.isoformat() if run.finished_at else None}


def _run_out(request: HttpRequest, run: AnalysisRun) -> dict:
    reader = can_analyse(request.user, run.analysis.group_id)
    results = None
    if run.status == RunStatus.DONE:
        results = {k: v for k, v in run.results.items() if reader or k not in ANSWER_LEVEL}
    return {**_summary(run), "analyse": run.analysis.slug, "parametres": run.parameters,
            "version": run.version.number if run.version else None,
            "empreinte": run.answers_digest,
            "noms": {str(k): v for k, v in profile_names(run).items()},
            "resultats": results,
            "reponses": run.submission_ids if reader and results is not None else None}


def _analysis_out(analysis: Analysis) -> dict:
    latest = analysis.latest_run()
    return {"slug": analysis.slug, "titre": analysis.title,
            "description": analysis.description, "questionnaire": analysis.questionnaire.slug,
            "groupe": analysis.questionnaire.group.slug,
            "campagne": analysis.campaign.slug if analysis.campaign else None,
            "parametres": analysis.parameters,
            "derniere_execution": latest.number if latest else None,
            "modifiee_le": analysis.updated_at.isoformat()}


@router.get("/", response=list[AnalysisOut], url_name="analyses_list",
            summary="Analyses enregistrées de mes groupes")
def analyses_list(request: HttpRequest):
    return [_analysis_out(a) for a in analysis_list_visible(request.user).order_by("title")]


@router.get("/{slug}", response={200: AnalysisDetailOut, 404: ErrorOut},
            url_name="analysis_detail", summary="Une analyse et ses derniers résultats")
def analysis_detail(request: HttpRequest, slug: str):
    analysis = readable(request, slug)
    done = analysis.latest_done_run()
    return {**_analysis_out(analysis),
            "executions": [_summary(r) for r in analysis.runs.order_by("-number")],
            "resultats": _run_out(request, done) if done else None}


@router.post("/{slug}/executions", response={202: RunOut, 400: ErrorOut, 403: ErrorOut,
                                              404: ErrorOut},
             url_name="analysis_run_create", summary="Lancer une exécution")
def run_create(request: HttpRequest, slug: str, body: RunIn | None = None):
    analysis = analysable(request, slug)
    try:
        run = run_start(analysis=analysis, user=request.user,
                        parameters=body.parametres if body else None)
    except AnalysisError as error:
        raise HttpError(400, str(error)) from None
    run.refresh_from_db()
    return Status(202, _run_out(request, run))


@router.get("/{slug}/executions/{number}", response={200: RunOut, 404: ErrorOut},
            url_name="analysis_run", summary="Une exécution : état, avancement, résultats")
def run_detail(request: HttpRequest, slug: str, number: int):
    return _run_out(request, _run(readable(request, slug), number))


@router.post("/{slug}/executions/{number}/profils/{profile}/nom",
             response={200: NameOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="analysis_profile_name", summary="Nommer un profil")
def profile_name(request: HttpRequest, slug: str, number: int, profile: int, body: NameIn):
    run = _run(analysable(request, slug), number)
    try:
        named = profile_name_set(run=run, number=profile, name=body.nom, user=request.user)
    except AnalysisError as error:
        raise HttpError(400, str(error)) from None
    return {"numero": profile, "nom": named.name if named else ""}
