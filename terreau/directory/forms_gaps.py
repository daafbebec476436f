"""The form of a new gap map: group, title, theme, need, level and territory.

The need is one of three: an indicator the person sees, a yes/no answer of a questionnaire
of their groups ("questionnaire::variable"), or a profile of a saved analysis with a
finished run ("analysis::number"). The service (gap_publish.gap_map_create) computes the map
before saving it, so a need that cannot be read is refused with its French reason.
"""

from django import forms

from terreau.analysis.publish import profiles_count, run_profile_names
from terreau.analysis.queries import analysis_list_visible
from terreau.indicators.queries import indicator_list_visible
from terreau.surveys.queries import questionnaire_list_visible
from terreau.territory.queries import territory_choices

from .gap_needs import NEED_KINDS, survey_variables
from .gap_queries import LEVELS, theme_choices

SEPARATOR = "::"


def _survey_choices(user, group_ids: set[int]) -> list:
    groups = []
    for questionnaire in questionnaire_list_visible(user).filter(group_id__in=group_ids) \
            .order_by("title"):
        options = [(f"{questionnaire.slug}{SEPARATOR}{key}", label)
                   for key, label in survey_variables(questionnaire)]
        if options:
            groups.append((questionnaire.title, options))
    return groups


def _profile_choices(user, group_ids: set[int]) -> list:
    groups = []
    for analysis in analysis_list_visible(user).filter(
            questionnaire__group_id__in=group_ids).order_by("title"):
        run = analysis.latest_done_run()
        if run is None:
            continue
        names = run_profile_names(run)
        options = [(f"{analysis.slug}{SEPARATOR}{k}",
                    f"Profil {k}" + (f" — {names[k]}" if names.get(k) else ""))
                   for k in range(1, profiles_count(run) + 1)]
        if options:
            groups.append((analysis.title, options))
    return groups


class GapMapForm(forms.Form):
    group = forms.ModelChoiceField(label="Groupe", queryset=None, empty_label=None)
    title = forms.CharField(label="Titre", max_length=200,
                            help_text="Par exemple : « Aide au numérique — quartiers de Tours ».")
    theme = forms.ChoiceField(label="Thématique des services",
                              help_text="Une famille (« Numérique ») prend toutes ses "
                                        "thématiques.")
    need_kind = forms.ChoiceField(label="Le besoin vient de", choices=NEED_KINDS.items(),
                                  widget=forms.RadioSelect, initial="indicator")
    indicator = forms.ChoiceField(label="Indicateur", required=False)
    survey = forms.ChoiceField(label="Réponse à un questionnaire (part des personnes qui la "
                                     "citent)", required=False)
    profile = forms.ChoiceField(label="Profil d'une analyse (part des personnes de ce profil)",
                                required=False)
    level = forms.ChoiceField(label="Zones", choices=LEVELS.items(), initial="commune")
    within = forms.ChoiceField(label="Territoire")

    def __init__(self, *args, user, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        group_ids = set(groups.values_list("pk", flat=True))
        self.fields["theme"].choices = [("", "— choisir —"), *theme_choices()]
        self.fields["indicator"].choices = [("", "— choisir —"), *indicator_list_visible(
            user).order_by("label").values_list("slug", "label")]
        self.fields["survey"].choices = [("", "— choisir —"),
                                         *_survey_choices(user, group_ids)]
        self.fields["profile"].choices = [("", "— choisir —"),
                                          *_profile_choices(user, group_ids)]
        self.fields["within"].choices = [
            (label, [(value, text) for value, text, _ in options])
            for label, options in territory_choices(user) if options]

    def need(self) -> dict:
        """The need as GapMap.need stores it (after is_valid)."""
        data = self.cleaned_data
        kind = data["need_kind"]
        if kind == "indicator":
            return {"kind": kind, "indicator": data["indicator"]}
        first, _, second = data[kind].partition(SEPARATOR)
        if kind == "survey":
            return {"kind": kind, "questionnaire": first, "variable": second}
        return {"kind": kind, "analysis": first, "profile": int(second)}

    def clean(self):
        data = super().clean()
        kind = data.get("need_kind")
        if kind and not data.get(kind):
            self.add_error(kind, "Choisissez le besoin à mettre en face des services.")
        return data
