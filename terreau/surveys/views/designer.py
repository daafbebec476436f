"""The designer: sections, questions and choice lists, one plain form at a time (no JS needed).

Every change reads the latest version's definition, applies one change (designer.py through
forms_designer.py) and saves it with services.version_save: in place while the latest
version has no answers, as a new version once it has (the page says so beforehand).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .. import designer, outline
from ..forms_designer import (
    ChoiceListForm,
    QuestionForm,
    SectionForm,
    TitleForm,
    question_initial,
)
from ..models import Questionnaire
from ..services import SurveyError, version_save
from .questionnaire_access import designable


def _initial(definition: dict, name: str) -> dict:
    try:
        return question_initial(definition, name)
    except designer.DesignError as error:
        raise Http404(str(error)) from error


def _latest(questionnaire: Questionnaire):
    version = questionnaire.latest_version()
    return version, (version.definition if version else designer.blank(questionnaire.title))


def _has_answers(version) -> bool:
    return version is not None and version.submissions.exists()


def _design_url(questionnaire: Questionnaire, anchor: str = "") -> str:
    url = reverse("surveys:design", args=[questionnaire.slug])
    return f"{url}#{anchor}" if anchor else url


def _save(request, questionnaire: Questionnaire, definition: dict, note: str) -> bool:
    """Save through version_save and say which version now holds the change."""
    before = questionnaire.latest_version()
    try:
        version = version_save(questionnaire=questionnaire, definition=definition,
                               user=request.user, note=note[:300])
    except SurveyError as error:
        messages.error(request, str(error))
        return False
    if before is not None and version.number != before.number:
        messages.success(request, f"{note}. Version {version.number} créée : les réponses "
                                  f"déjà reçues gardent la version {before.number}.")
    else:
        messages.success(request, f"{note} (version {version.number}).")
    return True


def _context(questionnaire: Questionnaire, version, **extra) -> dict:
    return {"questionnaire": questionnaire, "version": version,
            "has_answers": _has_answers(version), **extra}


def design(request, slug: str):
    """The outline with its actions, the sections and the choice lists."""
    questionnaire = designable(request, slug)
    version, definition = _latest(questionnaire)
    french, _ = designer.languages(definition)
    section_form = SectionForm(definition=definition, auto_id="section_%s")
    title_form = TitleForm(auto_id="title_%s", initial={
        "title": questionnaire.title, "description": questionnaire.description})
    lists = [(name, [outline.label_of(c, french, c["name"]) for c in choices],
              designer.choice_list_users(definition, name))
             for name, choices in definition.get("choice_lists", {}).items()]
    return render(request, "surveys/designer/design.html", _context(
        questionnaire, version, lines=outline.lines(definition, french),
        section_form=section_form, title_form=title_form, choice_lists=lists))


@require_POST
def title_edit(request, slug: str):
    """The title lives in the definition (a new version once there are answers); the
    description is the questionnaire's own."""
    questionnaire = designable(request, slug)
    _, definition = _latest(questionnaire)
    form = TitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Donnez un titre au questionnaire.")
        return redirect(_design_url(questionnaire))
    title = " ".join(form.cleaned_data["title"].split())
    if form.cleaned_data["description"] != questionnaire.description:
        questionnaire.description = form.cleaned_data["description"]
        questionnaire.save(update_fields=["description", "updated_at"])
        if title == questionnaire.title:
            messages.success(request, "Description enregistrée.")
    if title != questionnaire.title:
        _save(request, questionnaire, {**definition, "title": title},
              f"Titre « {title} »")
    return redirect(_design_url(questionnaire))


def section_edit(request, slug: str, name: str = ""):
    questionnaire = designable(request, slug)
    version, definition = _latest(questionnaire)
    initial = {}
    if name:
        initial = _initial(definition, name)
        initial = {"label_fr": initial["label_fr"], "label_en": initial["label_en"],
                   "relevant": initial["relevant"], "parent": initial["parent"],
                   "name": name}
    form = SectionForm(request.POST or None, definition=definition, original=name,
                       initial=initial)
    if request.method == "POST" and form.is_valid():
        label = form.cleaned_data["label_fr"]
        note = f"Section « {label} » {'modifiée' if name else 'ajoutée'}"
        if _save(request, questionnaire, form.definition, note):
            return redirect(_design_url(questionnaire, f"q-{name or _last_name(form)}"))
    return render(request, "surveys/designer/section_form.html", _context(
        questionnaire, version, form=form, name=name),
        status=400 if form.errors else 200)


def _last_name(form) -> str:
    """The name of the node a form just added: the one the source did not have."""
    added = designer.names(form.definition) - designer.names(form.source)
    return next(iter(added), "")


def question_edit(request, slug: str, name: str = ""):
    questionnaire = designable(request, slug)
    version, definition = _latest(questionnaire)
    initial = _initial(definition, name) if name else {
        "section": request.GET.get("section", ""), "type": request.GET.get("type", "")}
    form = QuestionForm(request.POST or None, definition=definition, original=name,
                        initial=initial)
    if request.method == "POST" and form.is_valid():
        label = form.cleaned_data["label_fr"]
        short = label if len(label) < 60 else f"{label[:57]}…"
        note = f"Question « {short} » {'modifiée' if name else 'ajoutée'}"
        if _save(request, questionnaire, form.definition, note):
            target = name if name in designer.names(form.definition) else _last_name(form)
            return redirect(_design_url(questionnaire, f"q-{target}"))
    return render(request, "surveys/designer/question_form.html", _context(
        questionnaire, version, form=form, name=name),
        status=400 if form.errors else 200)


@require_POST
def node_move(request, slug: str, name: str):
    """"Monter" / "Descendre" among the question's neighbours."""
    questionnaire = designable(request, slug)
    _, definition = _latest(questionnaire)
    step = -1 if request.POST.get("sens") == "monter" else 1
    try:
        changed = designer.node_move(definition, name, step)
    except designer.DesignError as error:
        messages.error(request, str(error))
        return redirect(_design_url(questionnaire))
    _save(request, questionnaire, changed, f"« {name} » déplacée")
    return redirect(_design_url(questionnaire, f"q-{name}"))


def node_remove(request, slug: str, name: str):
    questionnaire = designable(request, slug)
    version, definition = _latest(questionnaire)
    try:
        node = designer.find(definition, name)[2]
        changed = designer.node_remove(definition, name)
    except designer.DesignError as error:
        messages.error(request, str(error))
        return redirect(_design_url(questionnaire, f"q-{name}"))
    if request.method == "POST":
        if _save(request, questionnaire, changed, f"« {name} » retirée"):
            return redirect(_design_url(questionnaire))
        return redirect(_design_url(questionnaire, f"q-{name}"))
    french, _ = designer.languages(definition)
    return render(request, "surveys/designer/confirm_remove.html", _context(
        questionnaire, version, node=node, label=outline.label_of(node, french, name),
        is_section=node.get("type") in designer.CONTAINERS))


def choice_list_edit(request, slug: str, name: str = ""):
    questionnaire = designable(request, slug)
    version, definition = _latest(questionnaire)
    initial = {}
    if name:
        choices = definition.get("choice_lists", {}).get(name)
        if choices is None:
            messages.error(request, f"La liste « {name} » n'existe pas.")
            return redirect(_design_url(questionnaire, "listes"))
        french, _ = designer.languages(definition)
        initial = {"name": name, "choices": designer.choices_text(choices, french)}
    form = ChoiceListForm(request.POST or None, definition=definition, original=name,
                          initial=initial)
    if request.method == "POST" and form.is_valid():
        list_name = form.cleaned_data["name"]
        note = f"Liste de choix « {list_name} » {'modifiée' if name else 'ajoutée'}"
        if _save(request, questionnaire, form.definition, note):
            return redirect(_design_url(questionnaire, f"liste-{list_name}"))
    return render(request, "surveys/designer/choice_list_form.html", _context(
        questionnaire, version, form=form, name=name,
        users=designer.choice_list_users(definition, name) if name else []),
        status=400 if form.errors else 200)


urlpatterns = [
    path("<slug:slug>/modifier/", design, name="design"),
    path("<slug:slug>/modifier/titre/", title_edit, name="title_edit"),
    path("<slug:slug>/modifier/section/", section_edit, name="section_add"),
    path("<slug:slug>/modifier/section/<str:name>/", section_edit, name="section_edit"),
    path("<slug:slug>/modifier/question/", question_edit, name="question_add"),
    path("<slug:slug>/modifier/question/<str:name>/", question_edit, name="question_edit"),
    path("<slug:slug>/modifier/deplacer/<str:name>/", node_move, name="node_move"),
    path("<slug:slug>/modifier/retirer/<str:name>/", node_remove, name="node_remove"),
    path("<slug:slug>/modifier/liste/", choice_list_edit, name="choice_list_add"),
    path("<slug:slug>/modifier/liste/<str:name>/", choice_list_edit, name="choice_list_edit"),
]
