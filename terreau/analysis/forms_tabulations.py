"""The tabulation form (a GET form: a table is a link one can share and bookmark).

What to tabulate (a question, optionally a second one to cross with, weights, which
percentages) and which answers (campaign, period, zone, collector, profile of a saved
analysis). The choices come from the questionnaire's answers and the user's rights:
`tabulation_choices` builds them, the form only validates against them.
"""

from dataclasses import dataclass, field

from django import forms

from terreau.surveys.models import Submission
from terreau.surveys.queries import campaign_list_visible

from .answers import AnswerFilters
from .models import Analysis, ProfileName
from .table import ZONE, SurveyTable
from .tabulate import tab_questions, weight_questions

PERCENTAGES = [
    ("colonne", "En colonne (part de chaque réponse dans chaque colonne)"),
    ("ligne", "En ligne (part de chaque colonne dans chaque réponse)"),
    ("aucun", "Aucun (effectifs seulement)"),
]


@dataclass
class TabulationChoices:
    """What the user may pick; `collectors` is None for those who may not filter by them."""

    questions: list[tuple[str, str]]
    weights: list[tuple[str, str]] = field(default_factory=list)
    campaigns: list[tuple[str, str, int]] = field(default_factory=list)  # slug, title, id
    zones: list[tuple[str, str]] = field(default_factory=list)
    collectors: list[tuple[str, str]] | None = None
    profiles: list[tuple[str, str, int, int]] = field(default_factory=list)  # value, label,
    # run id, profile number


def _profiles(questionnaire) -> list[tuple[str, str, int, int]]:
    """Every profile of the latest finished run of each saved analysis of the questionnaire."""
    found = []
    for analysis in Analysis.objects.filter(questionnaire=questionnaire).order_by("title"):
        run = analysis.latest_done_run()
        if run is None:
            continue
        names = dict(ProfileName.objects.filter(run=run).values_list("number", "name"))
        count = run.results.get("profiles_count") or len(run.results.get("profiles", []))
        for number in range(1, int(count) + 1):
            name = f" : {names[number]}" if names.get(number) else ""
            found.append((f"{analysis.slug}:{number}",
                          f"{analysis.title} — profil {number}{name}", run.pk, number))
    return found


def _collectors(questionnaire) -> list[tuple[str, str]]:
    people = (Submission.objects.filter(questionnaire=questionnaire, complete=True)
              .exclude(collector=None)
              .values_list("collector_id", "collector__username", "collector__first_name",
                           "collector__last_name").distinct())
    named = {pk: f"{first} {last}".strip() or username
             for pk, username, first, last in people}
    return sorted(((str(pk), name) for pk, name in named.items()), key=lambda c: c[1].lower())


def tabulation_choices(questionnaire, table: SurveyTable, *, user,
                       reader: bool) -> TabulationChoices:
    zone = table.variables.get(ZONE)
    campaigns = campaign_list_visible(user).filter(questionnaire=questionnaire).order_by(
        "-starts_on", "title")
    return TabulationChoices(
        questions=tab_questions(table), weights=weight_questions(table),
        campaigns=[(c.slug, c.title, c.pk) for c in campaigns],
        zones=[(c.name, f"{c.label} ({c.name})" if c.label != c.name else c.name)
               for c in (zone.categories if zone else ())],
        collectors=_collectors(questionnaire) if reader else None,
        profiles=_profiles(questionnaire))


def _optional(choices, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *choices]


class TabulationForm(forms.Form):
    question = forms.ChoiceField(label="Question à compter")
    croise = forms.ChoiceField(
        label="Croiser avec (facultatif)", required=False,
        help_text="Un tableau croisé compare les réponses à la première question selon "
                  "celles à la seconde, avec le test du khi².")
    poids = forms.ChoiceField(
        label="Pondérer par (facultatif)", required=False,
        help_text="Une question à réponse numérique dont la valeur sert de poids à chaque "
                  "personne.")
    pourcentages = forms.ChoiceField(label="Pourcentages du tableau croisé",
                                     choices=PERCENTAGES, required=False)
    campagne = forms.ChoiceField(label="Campagne", required=False)
    debut = forms.DateField(label="Recueillies à partir du", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    fin = forms.DateField(label="Recueillies jusqu'au", required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    zone = forms.ChoiceField(label="Zone", required=False)
    enqueteur = forms.ChoiceField(label="Enquêteur·rice", required=False)
    profil = forms.ChoiceField(
        label="Profil d'une analyse enregistrée", required=False,
        help_text="Seulement les personnes d'un profil (dernière exécution terminée).")

    def __init__(self, data=None, *, choices: TabulationChoices, **kwargs):
        super().__init__(data, **kwargs)
        self.choices = choices
        fields = self.fields
        fields["question"].choices = choices.questions
        fields["croise"].choices = _optional(choices.questions, "Pas de croisement")
        fields["poids"].choices = _optional(choices.weights, "Pas de pondération")
        fields["campagne"].choices = _optional([(s, t) for s, t, _ in choices.campaigns],
                                               "Toutes les campagnes")
        fields["zone"].choices = _optional(choices.zones, "Toutes les zones")
        fields["profil"].choices = _optional([(v, lab) for v, lab, _, _ in choices.profiles],
                                             "Toutes les personnes")
        if choices.collectors is None:
            del fields["enqueteur"]
        else:
            fields["enqueteur"].choices = _optional(choices.collectors, "Tous et toutes")
        for name in ("poids", "profil"):
            if len(fields[name].choices) == 1:
                del fields[name]

    WHAT = ("question", "croise", "poids", "pourcentages")

    def what_fields(self):
        return [self[name] for name in self.WHAT if name in self.fields]

    def filter_fields(self):
        return [self[name] for name in self.fields if name not in self.WHAT]

    def clean(self):
        data = super().clean()
        if data.get("croise") and data.get("croise") == data.get("question"):
            self.add_error("croise", "Choisissez une autre question que la première.")
        if data.get("debut") and data.get("fin") and data["fin"] < data["debut"]:
            self.add_error("fin", "La fin de la période vient avant son début.")
        return data

    def filters(self) -> AnswerFilters:
        """The answer filters of the valid form (answers.py's meaning)."""
        data = self.cleaned_data
        campaign = {s: pk for s, _, pk in self.choices.campaigns}.get(data.get("campagne"))
        profile = {v: (run, n) for v, _, run, n in self.choices.profiles}.get(
            data.get("profil") or "", (None, None))
        collector = data.get("enqueteur")
        return AnswerFilters(
            campaign_id=campaign, start=data.get("debut"), end=data.get("fin"),
            zones=(data["zone"],) if data.get("zone") else (),
            collector_id=int(collector) if collector else None,
            profile_run_id=profile[0], profile_number=profile[1])

    def what(self) -> tuple[str, str | None, str | None, str]:
        """(question, crossed question or None, weight or None, percentages)."""
        data = self.cleaned_data
        return (data["question"], data.get("croise") or None, data.get("poids") or None,
                data.get("pourcentages") or "colonne")
