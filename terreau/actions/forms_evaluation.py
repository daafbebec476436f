"""Forms of an evaluation round: the round itself, its watched indicators and its levers and
obstacles (formsets with empty lines to fill), one verdict per hypothesis the action tests,
and the filters of the register. Values are read as text so that "12,5" is a number."""

from django import forms
from django.forms import formset_factory

from terreau.scenarios.choices import Status

from .choices import Decision, FactorKind, FactorTheme
from .evaluation import FactorInput, VerdictInput, WatchedInput

PERIODS_LIST = "periodes-catalogue"


def number_read(text: str) -> float | None:
    text = (text or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise forms.ValidationError("Écrivez un nombre, par exemple 12,5.") from None


class RoundForm(forms.Form):
    held_on = forms.DateField(label="Date de ce temps d'évaluation",
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    what_happened = forms.CharField(label="Ce qui s'est passé", required=False,
                                    widget=forms.Textarea(attrs={"rows": 5}),
                                    help_text="Markdown possible (listes, gras, liens).")
    decision = forms.ChoiceField(label="Décision", required=False,
                                 choices=[("", "Pas encore décidée"), *Decision.choices],
                                 help_text="Elle est nécessaire pour conclure.")
    decision_note = forms.CharField(label="Pourquoi cette décision", required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    improvements = forms.CharField(label="Ce qu'on améliorera", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))


class WatchedForm(forms.Form):
    indicator = forms.ModelChoiceField(label="Indicateur", queryset=None, required=False,
                                       empty_label="— choisir —")
    zone = forms.ModelChoiceField(label="Zone", queryset=None, required=False,
                                  empty_label="— aucune —")
    before_period = forms.CharField(label="Période « avant »", required=False, max_length=40)
    before_value = forms.CharField(label="Valeur avant (si le catalogue n'en a pas)",
                                   required=False, max_length=30)
    after_period = forms.CharField(label="Période « après »", required=False, max_length=40)
    after_value = forms.CharField(label="Valeur après (si le catalogue n'en a pas)",
                                  required=False, max_length=30)
    note = forms.CharField(label="Commentaire", required=False, max_length=500)

    def __init__(self, *args, indicators=None, zones=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["zone"].queryset = zones
        for name in ("before_period", "after_period"):
            self.fields[name].widget.attrs["list"] = PERIODS_LIST

    def clean_before_value(self):
        return number_read(self.cleaned_data["before_value"])

    def clean_after_value(self):
        return number_read(self.cleaned_data["after_value"])

    def clean(self):
        data = super().clean()
        filled = any(data.get(name) not in (None, "") for name in
                     ("zone", "before_period", "before_value", "after_period", "after_value",
                      "note"))
        if filled and not data.get("indicator") and not self.errors:
            self.add_error("indicator", "Choisissez l'indicateur de cette ligne.")
        return data

    def as_input(self) -> WatchedInput | None:
        data = self.cleaned_data
        if not data.get("indicator") or data.get("DELETE"):
            return None
        return WatchedInput(**{name: data.get(name) for name in (
            "indicator", "zone", "before_period", "before_value", "after_period",
            "after_value", "note")})


class FactorForm(forms.Form):
    kind = forms.ChoiceField(label="Levier ou frein", choices=FactorKind.choices)
    theme = forms.ChoiceField(label="Thème", choices=FactorTheme.choices,
                              initial=FactorTheme.OTHER)
    text = forms.CharField(label="Description", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def as_input(self) -> FactorInput | None:
        data = self.cleaned_data
        if not (data.get("text") or "").strip() or data.get("DELETE"):
            return None
        return FactorInput(kind=data["kind"], theme=data["theme"], text=data["text"])


WatchedFormSet = formset_factory(WatchedForm, extra=2, can_delete=True, max_num=30,
                                 validate_max=True)
FactorFormSet = formset_factory(FactorForm, extra=3, can_delete=True, max_num=100,
                                validate_max=True)


class VerdictsForm(forms.Form):
    """One status and one reason per hypothesis the action tests; "no conclusion" leaves the
    hypothesis as it is."""

    def __init__(self, *args, hypotheses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hypotheses = list(hypotheses)
        for h in self.hypotheses:
            self.fields[f"status_{h.pk}"] = forms.ChoiceField(
                label=f"Nouveau statut de « {h.statement} »", required=False,
                choices=[("", "Pas de conclusion"), *Status.choices],
                help_text=f"Statut actuel : {h.get_status_display()} "
                          f"(scénario « {h.scenario.title} »).")
            self.fields[f"reason_{h.pk}"] = forms.CharField(
                label="Pourquoi", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        """(hypothesis, status field, reason field) for the template."""
        return [(h, self[f"status_{h.pk}"], self[f"reason_{h.pk}"]) for h in self.hypotheses]

    def clean(self):
        data = super().clean()
        for h in self.hypotheses:
            if data.get(f"status_{h.pk}") and not (data.get(f"reason_{h.pk}") or "").strip():
                self.add_error(f"reason_{h.pk}", "Dites pourquoi vous concluez ainsi.")
        return data

    def as_inputs(self) -> list[VerdictInput]:
        data = self.cleaned_data
        return [VerdictInput(hypothesis=h, new_status=data[f"status_{h.pk}"],
                             reason=data[f"reason_{h.pk}"])
                for h in self.hypotheses if data.get(f"status_{h.pk}")]


class RegisterFilterForm(forms.Form):
    type = forms.ChoiceField(label="Levier ou frein", required=False,
                             choices=[("", "Les deux"), *FactorKind.choices])
    theme = forms.ChoiceField(label="Thème", required=False,
                              choices=[("", "Tous les thèmes"), *FactorTheme.choices])
    groupe = forms.ChoiceField(label="Groupe", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    annee = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, groups=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groupe"].choices = [("", "Tous"), *[(g.slug, g.name) for g in groups]]
        self.fields["action"].choices = [("", "Toutes"), *[(a.slug, a.title) for a in actions]]
