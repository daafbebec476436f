"""The form to create or change an indicator; the service does the real checks."""

from django import forms

from terreau.accounts.models import TerritorialGroup
from terreau.catalog.choices import VariableKind

from .choices import Direction
from .formula import MAX_LENGTH
from .services import MAX_DECIMALS


class IndicatorForm(forms.Form):
    label = forms.CharField(label="Libellé", max_length=300,
                            help_text="ex. Taux de chômage des 15-64 ans")
    slug = forms.SlugField(label="Identifiant", max_length=80,
                           help_text="lettres sans accents, chiffres et tirets : taux-chomage")
    formula = forms.CharField(
        label="Formule", max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text="ex. taux(p18_chom1564, p18_act1564) — décimales avec un point (0.5)")
    unit = forms.CharField(label="Unité", max_length=50, required=False,
                           help_text="ex. %, ‰, €, habitants")
    kind = forms.ChoiceField(label="Nature", choices=VariableKind.choices,
                             initial=VariableKind.RATE)
    decimals = forms.IntegerField(label="Décimales affichées", min_value=0,
                                  max_value=MAX_DECIMALS, initial=1)
    direction = forms.ChoiceField(label="Sens", choices=Direction.choices,
                                  initial=Direction.NEUTRAL)
    definition = forms.CharField(label="Définition", required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    owner_group = forms.ModelChoiceField(label="Groupe", required=False,
                                         queryset=TerritorialGroup.objects.none(),
                                         empty_label="Aucun (tous les groupes)")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        groups = TerritorialGroup.objects.order_by("name")
        if not user.is_superuser:
            groups = groups.filter(memberships__user=user).distinct()
        self.fields["owner_group"].queryset = groups
