"""The campaign form: questionnaire, period, territory and zone level, collectors, consent
texts, public link, closing."""

import secrets

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from terreau.territory.choices import Level
from terreau.territory.queries import territory_choices, within_resolve, zone_list_for_layer
from terreau.territory.within import WithinLevelError

from .models import Campaign, Questionnaire

ZONE_LEVELS = [("", "Toutes les zones du territoire")] + [
    (value, label) for value, label in Level.choices if value != Level.CUSTOM]


def public_token_new() -> str:
    return secrets.token_urlsafe(18)


class CampaignForm(forms.ModelForm):
    within = forms.ChoiceField(label="Territoire de l'enquête", required=False,
                               help_text="Les zones proposées aux personnes interrogées sont "
                                         "celles de ce territoire.")
    zone_level = forms.ChoiceField(label="Niveau des zones proposées", choices=ZONE_LEVELS,
                                   required=False)
    collectors = forms.ModelMultipleChoiceField(
        label="Enquêteur·rices", required=False, queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Membres du groupe qui recueillent des réponses avec le formulaire.")
    public_link = forms.BooleanField(
        label="Lien public (les personnes répondent elles-mêmes, sans compte)", required=False)
    new_public_link = forms.BooleanField(
        label="Changer le lien public (l'ancien ne marchera plus)", required=False)
    closed = forms.BooleanField(label="Collecte close (plus aucune réponse acceptée)",
                                required=False)

    class Meta:
        model = Campaign
        fields = ["questionnaire", "title", "starts_on", "ends_on", "within", "zone_level",
                  "collectors", "collected_by", "purpose", "publication", "retention", "contact"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "purpose": forms.Textarea(attrs={"rows": 3}),
                   "publication": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["questionnaire"].empty_label = None
        if self.instance.pk:  # a campaign keeps its questionnaire
            del self.fields["questionnaire"]
            self.fields["public_link"].initial = bool(self.instance.public_token)
            self.fields["closed"].initial = self.instance.closed_at is not None
        else:
            del self.fields["new_public_link"], self.fields["closed"]
        group_ids = questionnaires.values("group")
        self.fields["collectors"].queryset = (get_user_model().objects
                                              .filter(memberships__group__in=group_ids)
                                              .distinct().order_by("username"))
        self.fields["within"].choices = self._territories()

    def _territories(self) -> list:
        choices: list = [("", "Toute la France")]
        known = set()
        for group, options in territory_choices(self.user):
            choices.append((group, [(value, label) for value, label, _ in options]))
            known |= {value for value, _, _ in options}
        current = self.initial.get("within") or self.data.get("within")
        if current and current not in known:  # a commune or IRIS typed elsewhere stays
            within = within_resolve(current, user=self.user)
            choices.insert(1, (current, within.label if within else current))
        return choices

    def clean(self):
        data = super().clean()
        within_value, level = data.get("within") or "", data.get("zone_level") or ""
        within = within_resolve(within_value, user=self.user) if within_value else None
        if within_value and within is None:
            self.add_error("within", "Territoire inconnu.")
        elif level:
            try:
                if not zone_list_for_layer(level=level, within=within).exists():
                    self.add_error("zone_level", "Aucune zone de ce niveau dans ce territoire.")
            except WithinLevelError as error:
                self.add_error("zone_level", str(error))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "La fin vient avant le début.")
        questionnaire: Questionnaire | None = data.get("questionnaire") or getattr(
            self.instance, "questionnaire", None)
        strangers = [user for user in data.get("collectors") or []
                     if questionnaire and not user.memberships.filter(
                         group_id=questionnaire.group_id).exists()]
        if strangers:
            self.add_error("collectors", "Les enquêteur·rices sont des membres du groupe du "
                                         "questionnaire.")
        return data

    def save(self, commit=True):
        campaign = super().save(commit=False)
        data = self.cleaned_data
        if not data.get("public_link"):
            campaign.public_token = None
        elif campaign.public_token is None or data.get("new_public_link"):
            campaign.public_token = public_token_new()
        if "closed" in data:
            if data["closed"] and campaign.closed_at is None:
                campaign.closed_at = timezone.now()
            elif not data["closed"]:
                campaign.closed_at = None
        if commit:
            campaign.save()
            self.save_m2m()
        return campaign
