"""Forms of the compose pages (French labels), and the one write that "ajouter cette vue" and
the API share: a step added only when the scenario's visibility still allows its data."""

from django import forms
from django.db import transaction

from terreau.core.markdown import MAX_LENGTH

from .choices import StepKind, Visibility
from .models import QUERY_MAX_LENGTH, Scenario, Step
from .services import TITLE_MAX, scenario_create, step_add

NEW = "nouveau"  # the scenario choice that creates one
MARKDOWN_HELP = "Markdown : **gras**, *italique*, listes, liens."


class ScenarioForm(forms.Form):
    """Create (with its group) or edit (without) a scenario."""

    title = forms.CharField(label="Titre", max_length=TITLE_MAX)
    question = forms.CharField(label="Question explorée", required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="La question à laquelle le scénario cherche à "
                                         "répondre.")
    group = forms.ModelChoiceField(label="Groupe", queryset=None, empty_label=None)
    visibility = forms.ChoiceField(label="Qui peut le lire", choices=Visibility.choices,
                                   initial=Visibility.GROUP, widget=forms.RadioSelect)

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is None:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups


class StepForm(forms.Form):
    title = forms.CharField(label="Titre de l'étape", max_length=TITLE_MAX)
    narrative = forms.CharField(label="Récit", required=False, max_length=MAX_LENGTH,
                                widget=forms.Textarea(attrs={"rows": 10}),
                                help_text=MARKDOWN_HELP)


class AddViewForm(StepForm):
    """"Ajouter cette vue à un scénario": an existing scenario, or a new one."""

    page = forms.ChoiceField(choices=StepKind.choices, widget=forms.HiddenInput)
    vue = forms.CharField(max_length=QUERY_MAX_LENGTH, required=False,
                          widget=forms.HiddenInput)
    scenario = forms.ChoiceField(label="Scénario")
    new_title = forms.CharField(label="Titre du nouveau scénario", required=False,
                                max_length=TITLE_MAX)
    new_group = forms.ModelChoiceField(label="Groupe du nouveau scénario", queryset=None,
                                       required=False, empty_label=None)

    field_order = ["scenario", "new_title", "new_group", "title", "narrative"]

    def __init__(self, *args, scenarios, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenarios = {str(s.pk): s for s in scenarios}
        choices = [(pk, f"{s.title} ({s.group.name})") for pk, s in self.scenarios.items()]
        if groups.exists():
            choices.append((NEW, "Nouveau scénario…"))
        else:
            del self.fields["new_title"], self.fields["new_group"]
        self.fields["scenario"].choices = choices
        if "new_group" in self.fields:
            self.fields["new_group"].queryset = groups

    def clean(self):
        data = super().clean()
        if data.get("scenario") == NEW:
            if not data.get("new_title", "").strip():
                self.add_error("new_title", "Donnez un titre au nouveau scénario.")
            if not data.get("new_group"):
                self.add_error("new_group", "Choisissez le groupe du nouveau scénario.")
        return data

    def target(self) -> Scenario | None:
        return self.scenarios.get(self.cleaned_data["scenario"])


@transaction.atomic
def add_view_save(form: AddViewForm, user) -> Step:
    """Write what the "ajouter cette vue" form asks (a new scenario when chosen), all or
    nothing: a ScenarioError leaves the database as it was."""
    data = form.cleaned_data
    scenario = form.target()
    if scenario is None:
        scenario = scenario_create(title=data["new_title"], group=data["new_group"],
                                   author=user, visibility=Visibility.GROUP)
    return step_add(scenario=scenario, kind=data["page"], query=data["vue"],
                            title=data["title"], user=user, narrative=data["narrative"])
