"""The themes page (/annuaire/themes/): the national list of data·inclusion themes,
searchable, and the groups' own themes for needs it does not name.

Every signed-in person reads it (LoginRequiredMiddleware); the facilitators, data stewards
and administrators of a group add the group's own themes (POST, checked here again). A
group's themes are used on its services and in its gap maps; they stay out of the
data·inclusion exports (not in the national list).
"""

import unicodedata

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from ..choices import VocabularyKind
from ..models import Vocabulary
from ..vocabularies import (
    THEME_CATEGORIES,
    ThemeError,
    theme_create,
    theme_groups,
    themes_readable,
)

NOT_MAKER = ("Seules l'animation, les référent·es des données et les administrateur·rices d'un "
             "groupe lui ajoutent des thèmes.")


class ThemeForm(forms.Form):
    groupe = forms.ModelChoiceField(queryset=None, label="Groupe", to_field_name="slug",
                                    empty_label=None)
    libelle = forms.CharField(label="Nom du thème", max_length=300,
                              help_text="Un besoin que la liste nationale ne nomme pas, en mots "
                                        "simples : « Garde d'enfants en horaires décalés ».")
    description = forms.CharField(label="Ce qu'il recouvre (facultatif)", required=False,
                                  max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groupe"].queryset = groups


def _plain(text: str) -> str:
    """Lower case without accents, for a search that finds "sante" in "Santé"."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def national_families(query: str) -> list[dict]:
    """The national themes by family, those matching `query` (label, value, description)."""
    words = _plain(query).split()
    families: dict[str, dict] = {}
    national = Vocabulary.objects.filter(kind=VocabularyKind.THEMATIQUE, national=True)
    for theme in national.order_by("value"):
        text = _plain(f"{theme.label} {theme.value} {theme.description}")
        family = theme.value.split("--", 1)[0]
        name = THEME_CATEGORIES.get(family, family)
        if words and not all(word in text or word in _plain(name) for word in words):
            continue
        families.setdefault(family, {"name": name, "themes": []})["themes"].append(theme)
    return sorted(families.values(), key=lambda family: _plain(family["name"]))


@require_http_methods(["GET", "POST"])
def themes(request):
    groups = theme_groups(request.user)
    form = ThemeForm(request.POST or None, groups=groups) if groups.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(NOT_MAKER)
        if form.is_valid():
            data = form.cleaned_data
            try:
                theme = theme_create(data["groupe"], data["libelle"], data["description"],
                                     request.user)
            except ThemeError as error:
                form.add_error("libelle", str(error))
            else:
                messages.success(request, f"Thème « {theme.label} » ajouté au groupe "
                                          f"{theme.group.name}.")
                return redirect("directory:themes")
    query = request.GET.get("q", "").strip()[:100]
    families = national_families(query)
    return render(request, "directory/themes.html", {
        "form": form, "query": query, "families": families,
        "found": sum(len(family["themes"]) for family in families),
        "own": themes_readable(request.user)})


urlpatterns = [
    path("themes/", themes, name="themes"),
]
