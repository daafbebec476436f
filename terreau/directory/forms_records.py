"""The forms that change a structure and its services, in plain words.

The forms only shape the values (lists from checkboxes, numbers with a decimal comma, codes
split); whether a value is acceptable is decided once, by records.changes_check with
validation.py, whose French messages come back on the fields (`errors_add`).
"""

from django import forms

from .hours import EXAMPLE, hours_check
from .queries import can_import, groups_stewarded_by
from .records import FieldError
from .vocabularies import THEME_CATEGORIES, vocabulary

HOURS_HELP = (
    "Au format d'OpenStreetMap : jours en anglais abrégé (Mo, Tu, We, Th, Fr, Sa, Su), heures "
    f"sur 24 h. Par exemple « {EXAMPLE} » (du lundi au vendredi, fermé les jours fériés), ou "
    "« Tu,Th 14:00-17:00 » (mardi et jeudi après-midi). Laissez vide si vous ne savez pas.")
OTHER_THEMES = "Thèmes ajoutés par les groupes"
LONG_LIST = 15  # choices (or families of themes) beyond which a list is folded


def _text(label: str, help_text: str = "", *, required=False, textarea=False, **attrs):
    widget = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, help_text=help_text, required=required,
                           widget=widget, max_length=None if textarea else 500)


def _number(label: str, help_text: str):
    return forms.FloatField(label=label, help_text=help_text, required=False, localize=True,
                            widget=forms.TextInput(attrs={"inputmode": "decimal"}))


def _choices(kind: str, current) -> list:
    """The list's values by label; values the record holds but the list lacks are kept."""
    known = vocabulary(kind)
    extra = [(value, value) for value in current or [] if value not in known]
    return sorted(known.items(), key=lambda item: item[1].lower()) + extra


def _theme_choices(current) -> list:
    """Themes grouped by family ("Numérique", …), the groups' own themes last."""
    families: dict[str, list] = {}
    for value, label in _choices("thematiques", current):
        family = THEME_CATEGORIES.get(value.split("--", 1)[0], OTHER_THEMES)
        families.setdefault(family, []).append((value, label))
    ordered = sorted(families, key=lambda name: (name == OTHER_THEMES, name))
    return [(family, families[family]) for family in ordered]


def _checkboxes(label: str, help_text: str = ""):
    return forms.MultipleChoiceField(label=label, help_text=help_text, required=False,
                                     widget=forms.CheckboxSelectMultiple)


class RecordForm(forms.Form):
    """Common part: initial values from the record, values out as the models hold them."""

    LISTS: dict[str, str] = {}  # field → vocabulary kind

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {name: getattr(instance, name)
                                          for name in self.base_fields})
        super().__init__(*args, **kwargs)
        for name, kind in self.LISTS.items():
            current = getattr(instance, name, None)
            choices = (_theme_choices(current) if kind == "thematiques"
                       else _choices(kind, current))
            self.fields[name].choices = choices
            # Folded on the page when nothing is ticked (record_fields.html).
            self.fields[name].long_list = len(self.fields[name].choices) > LONG_LIST

    def values(self) -> dict:
        """Every field's value as records.py takes it (unchanged ones are dropped there)."""
        return {name: self.cleaned_data.get(name) for name in self.fields}

    def clean_horaires_accueil(self):
        text = (self.cleaned_data.get("horaires_accueil") or "").strip()
        message = hours_check(text)
        if message:
            raise forms.ValidationError(message[:1].upper() + message[1:])
        return text

    def errors_add(self, errors: list[FieldError]) -> None:
        for error in errors:
            message = error.message[:1].upper() + error.message[1:]
            self.add_error(error.field if error.field in self.fields else None, message)


class StructureForm(RecordForm):
    LISTS = {"reseaux_porteurs": "reseaux-porteurs"}

    nom = _text("Nom de la structure", required=True)
    description = _text("Présentation", "Ce que fait la structure, pour qui, en quelques "
                        "phrases simples.", textarea=True)
    adresse = _text("Adresse", "Numéro et rue, par exemple « 12 rue Nationale ».",
                    autocomplete="street-address")
    complement_adresse = _text("Complément d'adresse", "Bâtiment, étage, entrée…")
    code_postal = _text("Code postal", inputmode="numeric", autocomplete="postal-code")
    commune = _text("Commune")
    code_insee = _text("Code INSEE de la commune", "5 caractères, différent du code postal "
                       "(par exemple 37261 pour Tours).", inputmode="numeric")
    latitude = _number("Latitude", "Position sur la carte en degrés décimaux, par exemple "
                       "47,39. Laissez vide si vous ne savez pas.")
    longitude = _number("Longitude", "Par exemple 0,69 (à l'ouest de Greenwich : un signe "
                        "moins, -1,55).")
    telephone = _text("Téléphone", inputmode="tel", autocomplete="tel")
    courriel = _text("Adresse électronique", inputmode="email", autocomplete="email")
    site_web = _text("Site web", "Adresse complète, commençant par https://",
                     inputmode="url")
    horaires_accueil = _text("Horaires d'ouverture", HOURS_HELP)
    accessibilite_lieu = _text("Accessibilité du lieu", "Lien vers la fiche Acceslibre du "
                               "lieu (https://acceslibre.beta.gouv.fr/…).", inputmode="url")
    siret = _text("Numéro SIRET", "14 chiffres, sans espace.", inputmode="numeric")
    reseaux_porteurs = _checkboxes("Réseaux dont la structure fait partie")


class ServiceForm(RecordForm):
    LISTS = {"thematiques": "thematiques", "publics": "publics",
             "modes_accueil": "modes-accueil", "modes_mobilisation": "modes-mobilisation",
             "mobilisable_par": "personnes-mobilisatrices"}

    nom = _text("Nom du service", required=True)
    description = _text("Description", "Ce que le service apporte, concrètement (au moins "
                        "5 caractères).", required=True, textarea=True)
    type = forms.ChoiceField(label="Type de service", required=False)
    thematiques = _checkboxes("Thèmes", "Les besoins auxquels le service répond.")
    publics = _checkboxes("Publics")
    publics_precisions = _text("Précisions sur les publics", textarea=True)
    conditions_acces = _text("Conditions d'accès", "Justificatifs, rendez-vous, âge…",
                             textarea=True)
    frais = forms.ChoiceField(label="Frais", required=False, widget=forms.RadioSelect)
    frais_precisions = _text("Précisions sur les frais")
    modes_accueil = _checkboxes("Comment le service reçoit")
    modes_mobilisation = _checkboxes("Comment y accéder")
    mobilisable_par = _checkboxes("Qui peut faire la démarche")
    mobilisation_precisions = _text("Précisions sur l'accès", textarea=True)
    lien_mobilisation = _text("Lien pour s'inscrire ou prendre rendez-vous",
                              inputmode="url")
    zone_eligibilite = _text("Où faut-il habiter ?", "Codes des communes (5 caractères, "
                             "37261), départements (37) ou intercommunalités (9 chiffres), "
                             "séparés par des espaces ou des virgules. Vide : pas de "
                             "condition.")
    horaires_accueil = _text("Horaires du service", HOURS_HELP)
    telephone = _text("Téléphone", inputmode="tel")
    courriel = _text("Adresse électronique", inputmode="email")
    contact_nom_prenom = _text("Personne à contacter")
    adresse = _text("Adresse du service", "Seulement si elle diffère de celle de la "
                    "structure.")
    complement_adresse = _text("Complément d'adresse")
    code_postal = _text("Code postal", inputmode="numeric")
    commune = _text("Commune")
    code_insee = _text("Code INSEE de la commune", inputmode="numeric")
    latitude = _number("Latitude", "Seulement si le service est ailleurs que la structure.")
    longitude = _number("Longitude", "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Non précisé"),
                                       *_choices("types-de-services", [])]
        self.fields["frais"].choices = [("", "Non précisé"), *_choices("frais", [])]
        if self.instance is not None:
            self.initial["zone_eligibilite"] = " ".join(self.instance.zone_eligibilite or [])

    def clean_zone_eligibilite(self):
        text = self.cleaned_data.get("zone_eligibilite") or ""
        return [code for code in text.replace(",", " ").replace(";", " ").split() if code]


class ProposerForm(forms.Form):
    """Who proposes (no account: the structure's staff) and what they want to say."""

    nom = forms.CharField(label="Votre nom", max_length=200,
                          help_text="Pour que l'équipe qui relit sache qui a écrit.")
    message = forms.CharField(label="Message à l'équipe qui relit", required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Facultatif : ce qui a changé, une fermeture "
                                        "prévue, un service qui n'existe plus…")


class MessageForm(forms.Form):
    message = forms.CharField(label="Pourquoi ce changement ?", required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Facultatif : aide les référent·es à relire.")


class ReviewForm(forms.Form):
    note = forms.CharField(label="Réponse (facultative)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


INSTANCE = "instance"


class GroupChoiceForm(forms.Form):
    """For which group a new structure is kept (the groups the person stewards)."""

    groupe = forms.ChoiceField(label="Groupe qui la tient à jour")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {str(g.pk): g for g in groups_stewarded_by(user)}
        choices = [(pk, g.name) for pk, g in self.groups.items()]
        if can_import(user, None):
            choices.append((INSTANCE, "Toute l'instance (aucun groupe)"))
        self.fields["groupe"].choices = choices

    def group(self):
        value = self.cleaned_data["groupe"]
        return None if value == INSTANCE else self.groups[value]
