"""Copy another group's scenario onto one's own territory ("adapter à mon territoire")."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from terreau.territory.queries import territory_choices

from ..queries import groups_for_new_scenario
from ..services import TITLE_MAX, ScenarioError
from ..sharing import copy_preview, copy_refusal, scenario_copy
from .access import readable


def territory_options(user) -> list:
    """territory_choices(user) as grouped <select> choices (the groups' drawn ones first)."""
    return [(label, [(value, text) for value, text, _key in options])
            for label, options in territory_choices(user) if options]


class CopyForm(forms.Form):
    groupe = forms.ModelChoiceField(label="Groupe qui reçoit la copie", queryset=None,
                                    empty_label=None)
    dans = forms.ChoiceField(label="Votre territoire")
    titre = forms.CharField(label="Titre de la copie", required=False, max_length=TITLE_MAX,
                            help_text="Laissez vide : le titre d'origine suivi du nom du "
                                      "territoire.")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groupe"].queryset = groups_for_new_scenario(user)
        self.fields["dans"].choices = [("", "Choisissez un territoire…"),
                                       *territory_options(user)]


def _source_or_404(request, slug):
    source = readable(request, slug)
    if not groups_for_new_scenario(request.user).exists():
        raise PermissionDenied("Il faut faire partie d'un groupe pour adapter un scénario.")
    return source


def _initial_within(form: CopyForm) -> str:
    """The first drawn territory of the user's groups, if any (listed first)."""
    choices = form.fields["dans"].choices
    if len(choices) > 1 and isinstance(choices[1][1], list) and choices[1][1]:
        if choices[1][0] == "Territoires de mes groupes":
            return choices[1][1][0][0]
    return ""


@require_http_methods(["GET", "POST"])
def scenario_copy_view(request, slug):
    source = _source_or_404(request, slug)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = CopyForm(data, user=request.user)
    if data is None:
        form = CopyForm(user=request.user, initial={"dans": _initial_within(form)})
    previews, refusal = [], ""
    if form.is_bound and form.is_valid():
        try:
            previews = copy_preview(source=source, within=form.cleaned_data["dans"],
                                    user=request.user)
        except ScenarioError as error:
            form.add_error("dans", str(error))
        refusal = copy_refusal(previews)
        if request.method == "POST" and not form.errors and not refusal:
            try:
                copy = scenario_copy(source=source, group=form.cleaned_data["groupe"],
                                     within=form.cleaned_data["dans"], user=request.user,
                                     title=form.cleaned_data["titre"])
            except ScenarioError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Scénario adapté : « {copy.title} ». Il est visible "
                                          "par votre groupe ; relisez ses récits.")
                return redirect(copy)
    elif not form.is_bound and form.initial.get("dans"):
        previews = copy_preview(source=source, within=form.initial["dans"], user=request.user)
    status = 400 if request.method == "POST" else 200
    return render(request, "scenarios/copy.html",
                  {"scenario": source, "form": form, "previews": previews, "refusal": refusal},
                  status=status)


urlpatterns = [
    path("<slug:slug>/adapter/", scenario_copy_view, name="copy"),
]
