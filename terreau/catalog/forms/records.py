"""Forms of the records kept by hand: metadata sheets, holders, requests, the inventory."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from terreau.accounts.roles import Role

from ..choices import Sensitivity
from ..models import DataHolder, Dataset, HolderRequest, InventoryItem
from ..rules import can_change_access, groups_edited_by

GROUP_NEEDED = "Des données « Groupe » appartiennent à un groupe : choisissez-le."
STEWARD_NEEDED = ("Des données restreintes ne sont visibles que par leurs référent·es : "
                  "nommez-en au moins un·e.")
ANSWER_BEFORE_REQUEST = "La réponse ne peut pas être antérieure à l'envoi de la demande."
EMAIL_INVALID = "Saisissez une adresse de courriel valide, par exemple nom@exemple.fr."
URL_INVALID = "Saisissez une adresse web complète, commençant par https://"


def steward_choices():
    """Return the people who may be named stewards of restricted data."""
    return (get_user_model().objects
            .filter(Q(is_superuser=True)
                    | Q(memberships__role__in=[Role.STEWARD, Role.ADMIN]))
            .distinct().order_by("username"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DatasetMetadataForm(forms.ModelForm):
    """The metadata sheet; who sees the data is only offered to stewards."""

    ACCESS_FIELDS = ("sensitivity", "owner_group", "stewards")

    class Meta:
        model = Dataset
        fields = ["title", "description", "holder", "source_url", "licence", "vintage",
                  "method_notes", "sensitivity", "owner_group", "stewards"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "method_notes": forms.Textarea(attrs={"rows": 4}),
                   "stewards": forms.CheckboxSelectMultiple}
        help_texts = {
            "vintage": "Année des données, par exemple 2021.",
            "licence": "Par exemple : Licence Ouverte 2.0, ODbL, convention de partage.",
            "method_notes": "Comment les données ont été produites, leurs limites.",
            "sensitivity": "Qui peut voir ces données dans Terreau.",
            "stewards": "Seulement pour les données restreintes.",
        }
        error_messages = {"source_url": {"invalid": URL_INVALID}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].empty_label = "— non renseigné —"
        if can_change_access(user):
            self.fields["owner_group"].empty_label = "— aucun —"
            self.fields["stewards"].queryset = steward_choices()
        else:
            for name in self.ACCESS_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if "sensitivity" not in self.fields:
            return data
        if data.get("sensitivity") == Sensitivity.GROUP and not data.get("owner_group"):
            self.add_error("owner_group", GROUP_NEEDED)
        if data.get("sensitivity") == Sensitivity.RESTRICTED and not data.get("stewards"):
            self.add_error("stewards", STEWARD_NEEDED)
        return data


class HolderForm(forms.ModelForm):
    class Meta:
        model = DataHolder
        fields = ["name", "kind", "contact_name", "email", "phone", "website",
                  "terms_of_use", "licence", "notes"]
        widgets = {"terms_of_use": forms.Textarea(attrs={"rows": 4}),
                   "notes": forms.Textarea(attrs={"rows": 3}),
                   "email": forms.EmailInput(attrs={"autocomplete": "off"}),
                   "phone": forms.TextInput(attrs={"type": "tel"})}
        help_texts = {
            "terms_of_use": "Ce qui a été convenu : usage autorisé, diffusion, durée, "
                            "référence de la convention.",
            "contact_name": "La personne à qui s'adresser, et sa fonction.",
        }
        error_messages = {"email": {"invalid": EMAIL_INVALID},
                          "website": {"invalid": URL_INVALID}}


class HolderRequestForm(forms.ModelForm):
    class Meta:
        model = HolderRequest
        fields = ["group", "subject", "sent_on", "status", "answered_on", "answer"]
        widgets = {"sent_on": DateInput(), "answered_on": DateInput(),
                   "answer": forms.Textarea(attrs={"rows": 3})}
        labels = {"group": "groupe qui fait la demande"}
        help_texts = {"subject": "Quelles données, à quelle échelle, pour quelle question."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_edited_by(user)
        self.fields["group"].empty_label = None

    def clean(self):
        data = super().clean()
        sent, answered = data.get("sent_on"), data.get("answered_on")
        if sent and answered and answered < sent:
            self.add_error("answered_on", ANSWER_BEFORE_REQUEST)
        return data


class InventoryItemForm(forms.ModelForm):
    class Meta:
        model = InventoryItem
        fields = ["question", "data_needed", "status", "holder", "contact", "next_action",
                  "dataset"]
        help_texts = {
            "question": "La question que se pose le groupe, ou l'indicateur souhaité.",
            "data_needed": "Par exemple : nombre d'allocataires du RSA par IRIS.",
            "next_action": "Par exemple : écrire à la CAF, préparer l'enquête.",
            "dataset": "Quand la donnée est dans Terreau.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].empty_label = "— inconnu —"
        visible = Dataset.objects.visible_to(user).order_by("title")
        if self.instance.dataset_id and not visible.filter(pk=self.instance.dataset_id).exists():
            # Linked by someone who may see it: keep the link, do not reveal its title.
            del self.fields["dataset"]
            return
        self.fields["dataset"].empty_label = "— pas encore dans Terreau —"
        self.fields["dataset"].queryset = visible
