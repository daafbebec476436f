"""The mapping step of the import: zone codes, level, period, dataset, and each column."""

import re

from django import forms

from terreau.accounts.models import TerritorialGroup
from terreau.territory.choices import Level

from ..choices import Sensitivity, VariableKind
from ..models import DataHolder, Dataset
from ..rules import is_instance_admin

# Paths under /donnees/ that a dataset slug would hide.
RESERVED_SLUGS = {"importer", "detenteurs", "inventaire"}
VARIABLE_SLUG = re.compile(r"^[a-z_][a-z0-9_]*$")

SLUG_TAKEN = "Un jeu de données porte déjà l'identifiant « {slug} » : choisissez-le dans la " \
             "liste des jeux existants, ou donnez un autre identifiant."
SLUG_RESERVED = "« {slug} » est réservé par Terreau : choisissez un autre identifiant."
LEVEL_MISMATCH = "Le jeu « {title} » est au niveau « {level} » : ce fichier doit l'être aussi."
DATASET_NEEDED = "Choisissez le jeu de données à compléter."
NEW_DATASET_NEEDED = "Donnez l'identifiant et le titre du nouveau jeu de données."
GROUP_NEEDED = "Des données « Groupe » appartiennent à un groupe : choisissez-le."
PERIOD_COLUMN_NEEDED = "Choisissez la colonne qui donne la période de chaque ligne."
VARIABLE_SLUG_INVALID = ("Lettres minuscules sans accent, chiffres et _ seulement, sans "
                         "chiffre au début (par exemple p18_pop).")
VARIABLE_SLUG_TWICE = "Deux colonnes donneraient la variable « {slug} » : renommez l'une."
NO_COLUMN = "Cochez au moins une colonne à importer."


class MappingForm(forms.Form):
    """What the file is: its level, its codes, its period, and the dataset it feeds."""

    level = forms.ChoiceField(label="Niveau des zones", choices=Level.choices)
    code_column = forms.ChoiceField(label="Colonne des codes de zone")
    period_mode = forms.ChoiceField(
        label="Période des valeurs", widget=forms.RadioSelect, initial="value",
        choices=[("value", "La même pour tout le fichier"),
                 ("column", "Donnée par une colonne (une ligne par zone et par période)")])
    period = forms.CharField(label="Période", required=False, max_length=20,
                             help_text="Par exemple 2018. Laissez vide si les noms des colonnes "
                                       "portent déjà l'année (P18_POP, P13_POP).")
    period_column = forms.ChoiceField(label="Colonne des périodes", required=False)
    dataset_mode = forms.ChoiceField(
        label="Jeu de données", widget=forms.RadioSelect, initial="new",
        choices=[("new", "Un nouveau jeu de données"),
                 ("existing", "Une nouvelle version d'un jeu existant")])
    dataset = forms.ModelChoiceField(label="Jeu existant", required=False,
                                     queryset=Dataset.objects.none(),
                                     empty_label="— choisir —")
    slug = forms.SlugField(label="Identifiant du nouveau jeu", required=False, max_length=80,
                           help_text="Court, sans espace ni accent : il apparaît dans les "
                                     "adresses. Par exemple comparateur-2022.")
    title = forms.CharField(label="Titre", required=False, max_length=300)
    description = forms.CharField(label="Description", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    holder = forms.ModelChoiceField(label="Producteur / détenteur", required=False,
                                    queryset=DataHolder.objects.order_by("name"),
                                    empty_label="— non renseigné —")
    source_url = forms.URLField(label="Lien vers la source", required=False, max_length=500,
                                error_messages={"invalid": "Saisissez une adresse web "
                                                           "complète, commençant par https://"})
    licence = forms.CharField(label="Licence", required=False, max_length=200)
    vintage = forms.CharField(label="Millésime", required=False, max_length=50)
    method_notes = forms.CharField(label="Notes de méthode", required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    sensitivity = forms.ChoiceField(label="Qui peut voir ces données", choices=Sensitivity.choices,
                                    initial=Sensitivity.SHARED,
                                    help_text="Données restreintes : vous en serez le ou la "
                                              "référent·e ; nommez-en d'autres sur la fiche.")
    owner_group = forms.ModelChoiceField(label="Groupe propriétaire", required=False,
                                         queryset=TerritorialGroup.objects.none(),
                                         empty_label="— aucun —")

    def __init__(self, *args, columns: list[str], user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c, c) for c in columns]
        self.fields["code_column"].choices = choices
        self.fields["period_column"].choices = [("", "— choisir —"), *choices]
        self.fields["dataset"].queryset = Dataset.objects.visible_to(user).order_by("title")
        groups = TerritorialGroup.objects.order_by("name")
        if not is_instance_admin(user):
            groups = groups.filter(memberships__user=user)
        self.fields["owner_group"].queryset = groups

    def clean(self):
        data = super().clean()
        if data.get("period_mode") == "column" and not data.get("period_column"):
            self.add_error("period_column", PERIOD_COLUMN_NEEDED)
        if data.get("dataset_mode") == "existing":
            self._clean_existing(data)
        else:
            self._clean_new(data)
        return data

    def _clean_existing(self, data):
        dataset = data.get("dataset")
        if dataset is None:
            self.add_error("dataset", DATASET_NEEDED)
        elif data.get("level") and dataset.level != data["level"]:
            self.add_error("level", LEVEL_MISMATCH.format(
                title=dataset.title, level=Level(dataset.level).label
                if dataset.level in Level.values else dataset.level))

    def _clean_new(self, data):
        slug, title = data.get("slug"), data.get("title")
        if not slug or not title:
            self.add_error("slug" if not slug else "title", NEW_DATASET_NEEDED)
        elif slug in RESERVED_SLUGS:
            self.add_error("slug", SLUG_RESERVED.format(slug=slug))
        elif Dataset.objects.filter(slug=slug).exists():
            self.add_error("slug", SLUG_TAKEN.format(slug=slug))
        if data.get("sensitivity") == Sensitivity.GROUP and not data.get("owner_group"):
            self.add_error("owner_group", GROUP_NEEDED)


class ColumnForm(forms.Form):
    """One column of the file: import it or not, and as which variable."""

    column = forms.CharField(widget=forms.HiddenInput)
    include = forms.BooleanField(label="Importer", required=False)
    slug = forms.CharField(label="Nom dans les formules", required=False, max_length=80)
    label = forms.CharField(label="Libellé", required=False, max_length=300)
    unit = forms.CharField(label="Unité", required=False, max_length=50)
    kind = forms.ChoiceField(label="Nature", required=False,
                             choices=[("", "— à préciser —"), *VariableKind.choices])

    def clean(self):
        data = super().clean()
        if data.get("include"):
            slug = (data.get("slug") or "").strip()
            if not VARIABLE_SLUG.match(slug):
                self.add_error("slug", VARIABLE_SLUG_INVALID)
            if not data.get("kind"):
                self.add_error("kind", "Choisissez la nature de la variable.")
        return data


class BaseColumnFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data.get("include"):
                continue
            slug = form.cleaned_data["slug"]
            if slug in seen:
                form.add_error("slug", VARIABLE_SLUG_TWICE.format(slug=slug))
            seen.add(slug)
        if not seen:
            raise forms.ValidationError(NO_COLUMN)


ColumnFormSet = forms.formset_factory(ColumnForm, formset=BaseColumnFormSet, extra=0)
