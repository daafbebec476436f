"""Forms of the targets and of the project's calendar. The checks are targets.py's (the API
uses the same): each form hands what was typed to them and puts the French message beside
its field."""

from django import forms

from terreau.catalog.models import DataHolder

from .choices import UNIT_SUGGESTIONS, Metric, SessionType
from .models import ProjectCalendar
from .targets import TargetError, calendar_update, group_offset_set, target_clean
from .years import ProjectYears

NUMBER = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class TargetForm(forms.Form):
    label = forms.CharField(label="Objectif", max_length=300,
                            help_text="En quelques mots : « Former 20 bénévoles », « 60 journées "
                                      "de travail »…",
                            error_messages={"required": "Indiquez l'objectif.",
                                            "max_length": "300 caractères au plus."})
    value = forms.CharField(label="Cible (un nombre)", widget=NUMBER,
                            error_messages={"required": "Indiquez la cible (un nombre plus "
                                                        "grand que 0)."})
    unit = forms.CharField(label="Unité", max_length=60,
                           help_text="Jours, personnes, séances, documents… (choisissez ou "
                                     "écrivez la vôtre).",
                           widget=forms.TextInput(attrs={"list": "unit-suggestions"}),
                           error_messages={"required": "Indiquez l'unité.",
                                           "max_length": "60 caractères au plus."})
    year = forms.TypedChoiceField(label="Période", required=False, coerce=int,
                                  empty_value=None)
    metric = forms.ChoiceField(
        label="Comment compter ce qui est fait", choices=Metric.choices,
        help_text="L'application compte elle-même ce qu'elle connaît (séances, présences, "
                  "scénarios, données, enquêtes…) ; sinon choisissez « Saisie à la main ».",
        error_messages={"invalid_choice": "Choisissez une façon de compter de la liste."})
    session_type = forms.ChoiceField(
        label="Seulement les séances de type (facultatif)", required=False,
        choices=[("", "Tous les types"), *SessionType.choices],
        help_text="Pour les objectifs comptés sur les séances.",
        error_messages={"invalid_choice": "Choisissez un type de séance de la liste."})
    holder = forms.ModelChoiceField(
        label="Seulement les données de ce producteur (facultatif)", required=False,
        queryset=DataHolder.objects.order_by("name"), empty_label="Tous les producteurs",
        help_text="Pour les objectifs comptés sur les jeux de données.",
        error_messages={"invalid_choice": "Choisissez un producteur de la liste."})

    unit_suggestions = UNIT_SUGGESTIONS

    def __init__(self, *args, group, years: ProjectYears, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["year"].choices = [("", "Tout le projet"), *(
            (i, years.label(i)) for i in range(1, years.count + 1))]
        self.fields["year"].error_messages["invalid_choice"] = (
            f"Choisissez une année de 1 à {years.count}, ou tout le projet.")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data.update(target_clean(self.group, **{name: data.get(name) for name in (
                "label", "unit", "value", "metric", "year", "session_type", "holder")}))
        except TargetError as error:
            self.add_error(error.field if error.field in self.fields else None, str(error))
        return data

    def target_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in (
            "label", "unit", "value", "metric", "year", "session_type", "holder")}


class DoneForm(forms.Form):
    """What is done, typed by hand (targets the application cannot count)."""

    done = forms.CharField(label="Réalisé à ce jour (un nombre ; vide : pas encore connu)",
                           required=False, widget=NUMBER)
    note = forms.CharField(label="Précisions (d'où vient ce chiffre)", required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": "2 000 caractères au plus."})


class CalendarForm(forms.Form):
    first_day = forms.DateField(label="Premier jour de l'année 1",
                                widget=forms.DateInput(attrs={"type": "date"},
                                                       format="%Y-%m-%d"),
                                error_messages={"required": "Indiquez le premier jour.",
                                                "invalid": "Date attendue (jj/mm/aaaa)."})
    years = forms.CharField(label="Nombre d'années du projet",
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                            error_messages={"required": "Indiquez le nombre d'années."})
    hours_per_day = forms.CharField(label="Heures d'une journée de travail", widget=NUMBER,
                                    help_text="Pour compter les journées à partir des heures "
                                              "de présence.",
                                    error_messages={"required": "Indiquez les heures d'une "
                                                                "journée."})

    @classmethod
    def for_calendar(cls, calendar: ProjectCalendar, data=None):
        return cls(data, initial={"first_day": calendar.first_day, "years": calendar.years,
                                  "hours_per_day": calendar.hours_per_day})

    def save(self, *, by) -> bool:
        """Apply the settings; False with the message beside its field when refused."""
        try:
            calendar_update(by=by, **self.cleaned_data)
        except TargetError as error:
            self.add_error(error.field if error.field in self.fields else None, str(error))
            return False
        return True


class OffsetsForm(forms.Form):
    """Each group's offset: a group that started one year later has 1."""

    def __init__(self, data=None, *, groups, offsets: dict[int, int]):
        super().__init__(data)
        self.groups = list(groups)
        for group in self.groups:
            self.fields[f"decalage_{group.pk}"] = forms.IntegerField(
                label=f"{group.name} : décalage (années)", min_value=0, max_value=9,
                initial=offsets.get(group.pk, 0),
                error_messages={"required": f"Indiquez le décalage de {group.name} (0 s'il "
                                            f"a commencé avec le projet).",
                                "invalid": "Nombre entier attendu.",
                                "min_value": "0 au moins.", "max_value": "9 au plus."})

    def save(self, *, by) -> bool:
        try:
            for group in self.groups:
                group_offset_set(by=by, group=group,
                                 offset=self.cleaned_data[f"decalage_{group.pk}"])
        except TargetError as error:
            self.add_error(None, str(error))
            return False
        return True
