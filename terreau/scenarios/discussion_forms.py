"""Forms of the discussion pages: hypothesis, status change, comment (French labels)."""

from django import forms

from terreau.catalog.models import Dataset
from terreau.core.markdown import MAX_LENGTH
from terreau.indicators.queries import indicator_list_visible

from .choices import Status
from .hypotheses import REASON_MAX, STATEMENT_MAX

MENTION_HINT = "Mentionnez quelqu'un avec @identifiant. Markdown accepté (**gras**, listes, liens)."


class HypothesisForm(forms.Form):
    statement = forms.CharField(label="Énoncé de l'hypothèse", max_length=STATEMENT_MAX,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                help_text="Une phrase que l'action confirmera ou infirmera.")
    steps = forms.MultipleChoiceField(label="Étapes qui l'appuient", required=False,
                                      widget=forms.CheckboxSelectMultiple)
    indicators = forms.MultipleChoiceField(label="Indicateurs", required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 5}))
    datasets = forms.MultipleChoiceField(label="Jeux de données", required=False,
                                         widget=forms.SelectMultiple(attrs={"size": 5}))
    evidence_note = forms.CharField(label="Autres éléments (Markdown)", required=False,
                                    max_length=MAX_LENGTH,
                                    widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scenario, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["steps"].choices = [(str(s.pk), f"{s.position}. {s.title}")
                                        for s in scenario.steps.order_by("position")]
        self.fields["indicators"].choices = [
            (i.slug, i.label) for i in indicator_list_visible(user)]
        self.fields["datasets"].choices = [
            (str(d.pk), d.title) for d in Dataset.objects.visible_to(user).order_by("title")]

    @classmethod
    def initial_for(cls, hypothesis, user) -> dict:
        visible_ind = set(indicator_list_visible(user).values_list("pk", flat=True))
        visible_ds = set(Dataset.objects.visible_to(user).values_list("pk", flat=True))
        return {"statement": hypothesis.statement, "evidence_note": hypothesis.evidence_note,
                "steps": [str(pk) for pk in hypothesis.steps.values_list("pk", flat=True)],
                "indicators": [i.slug for i in hypothesis.indicators.all()
                               if i.pk in visible_ind],
                "datasets": [str(pk) for pk in hypothesis.datasets.values_list("pk", flat=True)
                             if pk in visible_ds]}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nouveau statut", choices=Status.choices)
    reason = forms.CharField(label="Pourquoi ce changement ?", max_length=REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Dites pourquoi le statut change."})

    def __init__(self, *args, hypothesis, **kwargs):
        super().__init__(*args, **kwargs)
        self.hypothesis = hypothesis
        self.fields["status"].choices = [c for c in Status.choices if c[0] != hypothesis.status]
        self.auto_id = f"statut-{hypothesis.pk}-%s"


class CommentForm(forms.Form):
    body = forms.CharField(label="Votre commentaire", max_length=MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}), help_text=MENTION_HINT,
                           error_messages={"required": "Le commentaire est vide : "
                                                       "écrivez quelque chose."})
    step = forms.IntegerField(required=False, widget=forms.HiddenInput)
    hypothesis = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
