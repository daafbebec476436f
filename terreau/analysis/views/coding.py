"""Pages for coding the open answers of a questionnaire (/analyses/codage/…).

Free text is personal data: only those who analyse the group's answers (queries.can_analyse:
facilitators, stewards, admins) open these pages; other members of the group get a 403, and
anyone else a 404 (the questionnaire's existence is not revealed). Every reading of the
answers' text is written to the audit log. Everything works without JavaScript: each change
is a form that comes back to the same list (same search, filter and page).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget
from terreau.surveys.models import Questionnaire
from terreau.surveys.queries import questionnaire_get_visible

from .. import coding
from ..coding import CodingError
from ..forms_coding import (
    BulkForm,
    CodeForm,
    SearchForm,
    kept_filters,
    posted_codes,
    posted_ids,
)
from ..models import OpenCode
from ..queries import can_analyse

NOT_FOUND = "Questionnaire introuvable."
NOT_ANALYST = ("Seule l'animation du groupe (animation, référent·es, administration) lit et "
               "code les réponses ouvertes : ce sont des données personnelles.")
ANSWERS_PER_PAGE = 50


def _answers(count: int) -> str:
    return f"{count} réponse{'s' * (count > 1)}"


def _questionnaire(request, slug: str) -> Questionnaire:
    questionnaire = questionnaire_get_visible(slug=slug, user=request.user)
    if questionnaire is None:
        raise Http404(NOT_FOUND)
    if not can_analyse(request.user, questionnaire.group_id):
        raise PermissionDenied(NOT_ANALYST)
    return questionnaire


def _question(request, slug: str, name: str) -> tuple[Questionnaire, dict]:
    questionnaire = _questionnaire(request, slug)
    try:
        return questionnaire, coding.text_question(questionnaire, name)
    except CodingError as error:
        raise Http404(str(error)) from None


def _code(questionnaire, question: dict, pk: int) -> OpenCode:
    code = OpenCode.objects.filter(questionnaire=questionnaire, question=question["name"],
                                   pk=pk).first()
    if code is None:
        raise Http404("Code introuvable.")
    return code


def _back(request, questionnaire, question: dict, **filters):
    """The question's page with the list as it was (search, filter, page) or as given."""
    url = reverse("analysis:coding_question", args=[questionnaire.slug, question["name"]])
    query = urlencode(filters or kept_filters(request.GET))
    return redirect(f"{url}?{query}" if query else url)


def coding_index(request, slug: str):
    questionnaire = _questionnaire(request, slug)
    return render(request, "analysis/coding.html", {
        "questionnaire": questionnaire, "questions": coding.coding_summary(questionnaire)})


def _shown(answers: list, filters: dict, codes: dict) -> tuple[list, OpenCode | None]:
    """The answers the list shows, and the code whose suggestions they are (if asked)."""
    suggested = codes.get(filters["suggestion"])
    if suggested is not None:
        by_id = {a.id: a for a in answers}
        ids = coding.suggest([(a.id, a.text) for a in answers], suggested.label,
                             exclude=[a.id for a in answers if suggested.pk in a.codes])
        answers = [by_id[i] for i in ids]
    if filters["q"]:
        found = set(coding.search([(a.id, a.text) for a in answers], filters["q"]))
        answers = [a for a in answers if a.id in found]
    if filters["non_codees"]:
        answers = [a for a in answers if not a.codes]
    return answers, suggested


def _page(request, questionnaire, question: dict, code_form: CodeForm | None = None):
    answers = coding.open_answers(questionnaire, question["name"])
    summary = coding.question_summary(questionnaire, question, answers)
    codes = {code.pk: code for code, _ in summary.codes}
    search = SearchForm(request.GET or None, codes=codes.values())
    shown, suggested = _shown(answers, search.filters(), codes)
    page = Paginator(shown, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    audit_record(action=AuditAction.RESTRICTED_ACCESS, target_type=AuditTarget.QUESTIONNAIRE,
                 target_id=questionnaire.slug, target_label=questionnaire.title,
                 details={"via": "codage", "question": question["name"],
                          "reponses": len(page.object_list)}, request=request)
    bulk = BulkForm(codes=codes.values(), initial={"code": suggested.pk if suggested else None})
    return render(request, "analysis/coding_question.html", {
        "questionnaire": questionnaire, "question": question, "summary": summary,
        "codes": list(codes.values()), "search": search, "page": page, "suggested": suggested,
        "filtered": len(shown) != len(answers), "bulk": bulk,
        "code_form": code_form or CodeForm(), "query": urlencode(kept_filters(request.GET))})


def coding_question(request, slug: str, question: str):
    questionnaire, question = _question(request, slug, question)
    return _page(request, questionnaire, question)


@require_POST
def code_new(request, slug: str, question: str):
    questionnaire, question = _question(request, slug, question)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            code = coding.code_create(questionnaire=questionnaire, question=question["name"],
                                      user=request.user, **form.cleaned_data)
        except CodingError as error:
            form.apply_error(error)
        else:
            messages.success(request, f"Code « {code.label} » créé. Voici les réponses qui "
                                      "citent un mot de son nom.")
            return _back(request, questionnaire, question, suggestion=code.pk)
    return _page(request, questionnaire, question, code_form=form)


@require_POST
def answers_save(request, slug: str, question: str):
    """The checkboxes of the answers shown: each answer gets exactly the codes ticked."""
    questionnaire, question = _question(request, slug, question)
    try:
        changed = coding.answers_codes_set(questionnaire=questionnaire,
                                           question=question["name"],
                                           chosen=posted_codes(request.POST), user=request.user)
    except CodingError as error:
        messages.error(request, f"Rien n'est enregistré : {error}")
    else:
        messages.success(request, f"Codes enregistrés : {_answers(changed)} "
                                  f"modifiée{'s' * (changed > 1)}.")
    return _back(request, questionnaire, question)


@require_POST
def answers_bulk(request, slug: str, question: str):
    """"Coder toutes les réponses affichées avec …": add or take one code from all of them."""
    questionnaire, question = _question(request, slug, question)
    codes = coding.question_codes(questionnaire, question["name"])
    form = BulkForm(request.POST, codes=codes)
    if not form.is_valid():
        errors = " ".join(e for field in form.errors.values() for e in field)
        messages.error(request, f"Rien n'est enregistré : {errors}")
        return _back(request, questionnaire, question)
    code = next(c for c in codes if c.pk == form.cleaned_data["code"])
    try:
        ids = posted_ids(request.POST)
        if form.cleaned_data["action"] == "retirer":
            count = coding.codes_unassign(code=code, submission_ids=ids)
            done = f"Code « {code.label} » retiré de {_answers(count)}."
        else:
            count = coding.codes_assign(code=code, submission_ids=ids, user=request.user)
            had = len(set(ids)) - count
            done = (f"Code « {code.label} » donné à {_answers(count)} de plus"
                    + (f" ; {_answers(had)} l'avai{'en' * (had > 1)}t déjà." if had else "."))
    except CodingError as error:
        messages.error(request, f"Rien n'est enregistré : {error}")
    else:
        messages.success(request, done)
    return _back(request, questionnaire, question)


def code_edit(request, slug: str, question: str, pk: int):
    questionnaire, question = _question(request, slug, question)
    code = _code(questionnaire, question, pk)
    form = CodeForm(request.POST or None,
                    initial={"label": code.label, "description": code.description})
    if request.method == "POST" and form.is_valid():
        try:
            coding.code_update(code=code, **form.cleaned_data)
        except CodingError as error:
            form.apply_error(error)
        else:
            messages.success(request, f"Code « {code.label} » enregistré.")
            return _back(request, questionnaire, question)
    return render(request, "analysis/coding_code_form.html", {
        "questionnaire": questionnaire, "question": question, "code": code, "form": form})


def code_remove(request, slug: str, question: str, pk: int):
    questionnaire, question = _question(request, slug, question)
    code = _code(questionnaire, question, pk)
    if request.method == "POST":
        count = coding.code_delete(code=code)
        messages.success(request, f"Code « {code.label} » supprimé ; {_answers(count)} le "
                                  f"portai{'en' * (count > 1)}t (elles ne changent pas).")
        return _back(request, questionnaire, question)
    return render(request, "analysis/coding_code_delete.html", {
        "questionnaire": questionnaire, "question": question, "code": code,
        "count": code.assignments.count()})


urlpatterns = [
    path("codage/<slug:slug>/", coding_index, name="coding"),
    path("codage/<slug:slug>/<str:question>/", coding_question, name="coding_question"),
    path("codage/<slug:slug>/<str:question>/codes/nouveau/", code_new, name="coding_code_new"),
    path("codage/<slug:slug>/<str:question>/codes/<int:pk>/modifier/", code_edit,
         name="coding_code_edit"),
    path("codage/<slug:slug>/<str:question>/codes/<int:pk>/supprimer/", code_remove,
         name="coding_code_delete"),
    path("codage/<slug:slug>/<str:question>/enregistrer/", answers_save,
         name="coding_answers_save"),
    path("codage/<slug:slug>/<str:question>/tout-coder/", answers_bulk,
         name="coding_answers_bulk"),
]
