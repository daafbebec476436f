"""Questionnaires: the list of the user's groups', creating one, reading a version as an
outline (sections, questions, choices, conditions in plain French) with its versions.
The designer's pages are in views/designer.py.

A questionnaire of another group is a 404; a member reads it, only the group's designers
(queries.can_design) create and change (403 otherwise).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse

from .. import designer, outline
from ..forms_designer import QuestionnaireCreateForm
from ..queries import (
    can_design,
    can_read_answers,
    groups_designed_by,
    questionnaire_list_visible,
)
from ..services import SurveyError, questionnaire_create
from . import designer as designer_views
from .questionnaire_access import readable


def questionnaire_list(request):
    user = request.user
    questionnaires = list(questionnaire_list_visible(user).annotate(
        campaign_count=Count("campaigns", distinct=True),
        answer_count=Count("submissions", distinct=True)).order_by("title", "pk"))
    readers = {group_id for group_id in {q.group_id for q in questionnaires}
               if can_read_answers(user, group_id)}
    for questionnaire in questionnaires:
        questionnaire.reads_answers = questionnaire.group_id in readers
    can_create = groups_designed_by(user).exists()
    return render(request, "surveys/questionnaire_list.html", {
        "questionnaires": questionnaires, "can_create": can_create,
        "import_url": reverse("surveys:xlsform_import") if can_create else ""})


def questionnaire_new(request):
    groups = groups_designed_by(request.user)
    if not groups.exists():
        raise PermissionDenied("Seule l'animation d'un groupe crée des questionnaires.")
    form = QuestionnaireCreateForm(request.POST or None, groups=groups,
                                   initial={"group": groups.first()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questionnaire = questionnaire_create(
                group=data["group"], definition=designer.blank(data["title"]),
                user=request.user, title=data["title"], description=data["description"])
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Questionnaire « {questionnaire.title} » créé. "
                                      "Ajoutez-lui ses questions.")
            return redirect("surveys:design", questionnaire.slug)
    return render(request, "surveys/questionnaire_create.html", {
        "form": form, "import_url": reverse("surveys:xlsform_import")})


def questionnaire_detail(request, slug: str):
    """The latest version (or `?version=N`) as an outline, the versions, the campaigns."""
    questionnaire = readable(request, slug)
    versions = list(questionnaire.versions.annotate(answer_count=Count("submissions"))
                    .select_related("created_by").order_by("-number"))
    number = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == number), None) if number \
        else (versions[0] if versions else None)
    if version is None:
        raise Http404("Cette version n'existe pas.")
    reads_answers = can_read_answers(request.user, questionnaire.group_id)
    designs = can_design(request.user, questionnaire.group_id)
    slug = questionnaire.slug
    campaigns = questionnaire.campaigns.order_by("-starts_on")
    french, _ = designer.languages(version.definition)
    return render(request, "surveys/questionnaire_detail.html", {
        "questionnaire": questionnaire, "version": version, "versions": versions,
        "is_latest": version.number == versions[0].number,
        "lines": outline.lines(version.definition, french),
        "choice_lists": _choice_lists(version.definition, french),
        "can_design": designs, "reads_answers": reads_answers, "campaigns": campaigns,
        "campaign_create_url": reverse("surveys:campaign_create") if designs else "",
        "download_url": reverse("surveys:xlsform_download", args=[slug, version.number]),
        "import_url": reverse("surveys:xlsform_import", args=[slug]) if designs else "",
        "export_url": reverse("surveys:answers_export", args=[slug]) if reads_answers else "",
        "answers_import_url": (reverse("surveys:answers_import", args=[slug])
                               if designs else "")})


def _choice_lists(definition: dict, language: str) -> list[tuple[str, list[str], list[str]]]:
    """Each list with its choices and the questions that use it."""
    return [(name, [outline.label_of(c, language, c["name"]) for c in choices],
             designer.choice_list_users(definition, name))
            for name, choices in definition.get("choice_lists", {}).items()]


urlpatterns = [
    path("", questionnaire_list, name="list"),
    path("nouveau/", questionnaire_new, name="create"),
    path("<slug:slug>/", questionnaire_detail, name="questionnaire"),
    *designer_views.urlpatterns,
]
