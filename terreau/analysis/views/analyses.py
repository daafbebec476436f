"""Saved analyses (profiles of needs): the index of /analyses/, create and edit with the
readiness check, delete, run in the background and follow the progress.

The results page, the naming of profiles and the runs' pages are in analyses_results.py.
Members of the questionnaire's group read; answer readers (queries.can_analyse) act; anyone
else gets 404, the existence of an analysis being not revealed outside its group.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from terreau.surveys.models import Campaign
from terreau.surveys.queries import questionnaire_get_visible, questionnaire_list_visible

from ..answers import answers_table
from ..choices import RunStatus
from ..forms_analyses import AnalysisForm, ProfilesCountForm
from ..models import Analysis
from ..queries import analysis_list_visible, can_analyse
from ..readiness import readiness
from ..services import (
    AnalysisError,
    analysis_create,
    analysis_delete,
    analysis_update,
    answer_filters,
    run_start,
    suggested_parameters,
)
from . import analyses_results
from .access import NOT_ANALYST, analysable, readable


def analysis_index(request):
    """Per questionnaire of the user's groups: its tabulations and its saved analyses."""
    analyses: dict[int, list] = {}
    for analysis in analysis_list_visible(request.user).order_by("title"):
        analyses.setdefault(analysis.questionnaire_id, []).append(analysis)
    rows = [{"questionnaire": q, "analyses": analyses.get(q.pk, []),
             "can_analyse": can_analyse(request.user, q.group_id)}
            for q in questionnaire_list_visible(request.user).order_by("title")]
    return render(request, "analysis/index.html", {"rows": rows})


def _check(questionnaire, campaign, parameters: dict) -> dict:
    """readiness() on the answers the analysis would read, with the rare-answers choice."""
    filters = answer_filters(Analysis(questionnaire=questionnaire, campaign=campaign),
                             parameters)
    table = answers_table(questionnaire, filters).table
    result = readiness(table, parameters["active"], parameters["supplementary"],
                       rare=parameters["rare"])
    return {**result, "rare_choice": parameters["rare"]}


def _form_page(request, questionnaire, analysis: Analysis | None):
    variables = answers_table(questionnaire).table.variables
    campaigns = Campaign.objects.filter(questionnaire=questionnaire).order_by("-starts_on")
    initial = ({"title": analysis.title, "description": analysis.description,
                "campaign": analysis.campaign} if analysis else {})
    parameters = analysis.parameters if analysis else suggested_parameters(variables)
    form = AnalysisForm(request.POST or None, variables=variables, campaigns=campaigns,
                        parameters=parameters, initial=initial)
    check, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if form.is_valid():
            data, parameters = form.cleaned_data, form.parameters()
            if action == "check":
                check = _check(questionnaire, data["campaign"], parameters)
            else:
                try:
                    analysis = _save(request, questionnaire, analysis, data, parameters)
                except AnalysisError as error:
                    form.add_error(None, str(error))
                else:
                    return _after_save(request, analysis, action)
        status = 400 if form.errors else 200
    return render(request, "analysis/analysis_form.html", {
        "form": form, "analysis": analysis, "questionnaire": questionnaire, "check": check,
        "groups": form.question_groups(), "has_answers": bool(variables)}, status=status)


def _save(request, questionnaire, analysis, data, parameters) -> Analysis:
    fields = {"title": data["title"], "description": data["description"],
              "campaign": data["campaign"]}
    if analysis is None:
        return analysis_create(questionnaire=questionnaire, parameters=parameters,
                               user=request.user, **fields)
    return analysis_update(analysis=analysis, user=request.user, parameters=parameters,
                           **fields)


def _after_save(request, analysis: Analysis, action: str):
    if action == "run":
        run = run_start(analysis=analysis, user=request.user)
        return redirect("analysis:run", analysis.slug, run.number)
    messages.success(request, f"Analyse « {analysis.title} » enregistrée.")
    return redirect(analysis)


def analysis_create_view(request):
    slug = request.GET.get("questionnaire", "")
    if not slug:
        return redirect("analysis:index")
    questionnaire = questionnaire_get_visible(slug=slug, user=request.user)
    if questionnaire is None:
        raise Http404("Questionnaire introuvable.")
    if not can_analyse(request.user, questionnaire.group_id):
        raise PermissionDenied(NOT_ANALYST)
    return _form_page(request, questionnaire, None)


def analysis_edit(request, slug: str):
    analysis = analysable(request, slug)
    return _form_page(request, analysis.questionnaire, analysis)


def analysis_delete_view(request, slug: str):
    analysis = analysable(request, slug)
    if request.method == "POST":
        title = analysis.title
        analysis_delete(analysis=analysis, user=request.user)
        messages.success(request, f"Analyse « {title} » supprimée.")
        return redirect("analysis:index")
    return render(request, "analysis/analysis_delete.html", {
        "analysis": analysis, "runs": analysis.runs.count()})


@require_POST
def run_create(request, slug: str):
    """Start a run (with another number of profiles when the form says so)."""
    analysis = analysable(request, slug)
    parameters = None
    if "profiles" in request.POST:
        form = ProfilesCountForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Nombre de profils : choisissez dans la liste.")
            return redirect(analysis)
        parameters = {"profiles": form.cleaned_data["profiles"]}
    try:
        run = run_start(analysis=analysis, user=request.user, parameters=parameters)
    except AnalysisError as error:
        messages.error(request, str(error))
        return redirect(analysis)
    return redirect("analysis:run", analysis.slug, run.number)


def run_state(request, slug: str, number: int):
    """The progress of a run as JSON, for progress.js (polled every second)."""
    analysis = readable(request, slug)
    run = analysis.runs.filter(number=number).first()
    if run is None:
        raise Http404("Exécution introuvable.")
    finished = run.status in (RunStatus.DONE, RunStatus.FAILED)
    return JsonResponse({
        "statut": run.status, "avancement": run.progress, "etape": run.label,
        "erreur": run.error, "termine": finished,
        "adresse": reverse("analysis:run", args=[analysis.slug, run.number])})


urlpatterns = [
    path("", analysis_index, name="index"),
    path("nouvelle/", analysis_create_view, name="create"),
    path("<slug:slug>/", analyses_results.analysis_detail, name="analysis"),
    path("<slug:slug>/modifier/", analysis_edit, name="edit"),
    path("<slug:slug>/supprimer/", analysis_delete_view, name="delete"),
    path("<slug:slug>/lancer/", run_create, name="run_create"),
    path("<slug:slug>/executions/<int:number>/", analyses_results.run_detail, name="run"),
    path("<slug:slug>/executions/<int:number>/etat/", run_state, name="run_state"),
    path("<slug:slug>/executions/<int:number>/profils/<int:profile>/nom/",
         analyses_results.profile_name, name="profile_name"),
]
