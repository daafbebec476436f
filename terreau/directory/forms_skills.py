"""Forms of the skills pages: the search "who can help with X near Y", the declaration of an
offer (for oneself or for a structure), the addition of a skill to the shared list.

Each form resolves what was typed (a skill's identifier, a place, a zone, a structure) with
skills.py and puts the objects in cleaned_data; what cannot be resolved is a French error
next to its field.
"""

from django import forms

from .skills import (
    DETAILS_MAX,
    LABEL_MAX,
    groups_for_structures,
    groups_of,
    skill_list,
    structure_find,
)
from .skills_places import SkillError, place_resolve, zone_find

PLACE_HELP = ("Une commune, un IRIS ou un quartier (nom ou code INSEE), ou une adresse : "
              "les plus proches sont en tête.")


def _skill_choices(empty: str | None) -> list[tuple[str, str]]:
    choices = [(s.slug, s.label) for s in skill_list()]
    return [("", empty), *choices] if empty else choices


UNKNOWN_SKILL = "Compétence inconnue : choisissez-en une de la liste."


class SkillSearchForm(forms.Form):
    competence = forms.ChoiceField(label="Compétence", required=False,
                                   error_messages={"invalid_choice": UNKNOWN_SKILL})
    texte = forms.CharField(
        label="Mots à trouver dans les précisions (facultatif)", required=False, max_length=200,
        help_text="Par exemple une langue (« arabe »), un public, un quartier.",
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": "200 caractères au plus."})
    pres_de = forms.CharField(label="Près de (facultatif)", required=False, max_length=200,
                              help_text=PLACE_HELP,
                              error_messages={"max_length": "200 caractères au plus."})
    groupe = forms.ChoiceField(label="Parmi les membres de", required=False,
                               error_messages={"invalid_choice": "Vous ne faites pas partie "
                                                                 "de ce groupe."})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = _skill_choices("Toutes les compétences")
        self.groups = {g.slug: g for g in groups_of(user)}
        self.fields["groupe"].choices = [("", "Tous mes groupes"),
                                         *((g.slug, g.name) for g in self.groups.values())]

    def clean(self):
        data = super().clean()
        slug = data.get("competence")
        data["skill"] = skill_list().get(slug=slug) if slug else None
        data["group"] = self.groups.get(data.get("groupe") or "")
        try:
            data["place"] = place_resolve(data.get("pres_de", ""))
        except SkillError as error:
            self.add_error("pres_de", str(error))
        return data


class OfferForm(forms.Form):
    pour = forms.ChoiceField(label="Pour qui ?", widget=forms.RadioSelect, initial="moi",
                             choices=[("moi", "Pour moi"),
                                      ("structure", "Pour une structure de l'annuaire")])
    groupe = forms.ChoiceField(
        label="Dans le groupe", error_messages={"required": "Choisissez le groupe.",
                                                "invalid_choice": "Choisissez un de vos "
                                                                  "groupes."},
        help_text="Seuls les membres de ce groupe verront ce que vous proposez. Ce qu'une "
                  "structure propose est visible de toutes les personnes connectées.")
    competence = forms.ChoiceField(label="Compétence",
                                   error_messages={"required": "Choisissez une compétence.",
                                                   "invalid_choice": UNKNOWN_SKILL})
    precisions = forms.CharField(
        label="Précisions (facultatif)", required=False, max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour l'interprétariat, les langues ; vos disponibilités ; ce que vous ne "
                  f"faites pas. {DETAILS_MAX} caractères au plus.",
        error_messages={"max_length": f"Les précisions dépassent {DETAILS_MAX} caractères."})
    lieu = forms.CharField(
        label="Où (facultatif)", required=False, max_length=200,
        help_text="Commune, IRIS ou quartier où l'aide est donnée (nom ou code INSEE). Vide : "
                  "partout, ou à l'adresse de la structure.",
        error_messages={"max_length": "200 caractères au plus."})
    structure = forms.CharField(
        label="Structure (si c'est pour une structure)", required=False, max_length=300,
        help_text="Son nom, suivi de sa commune si besoin, ou son numéro dans l'annuaire.",
        error_messages={"max_length": "300 caractères au plus."})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.mine = {g.slug: g for g in groups_of(user)}
        self.running = {g.slug: g for g in groups_for_structures(user)}
        groups = {**self.mine, **self.running}
        self.fields["groupe"].choices = [(slug, g.name) for slug, g in
                                         sorted(groups.items(), key=lambda kv: kv[1].name)]
        if len(groups) == 1:
            self.fields["groupe"].initial = next(iter(groups))
        self.fields["competence"].choices = _skill_choices("— Choisir —")
        if not self.running:
            # Only facilitators, stewards and admins declare for structures.
            self.fields["pour"].widget = forms.HiddenInput()
            del self.fields["structure"]

    def clean(self):
        data = super().clean()
        slug, for_structure = data.get("competence"), data.get("pour") == "structure"
        data["skill"] = skill_list().get(slug=slug) if slug else None
        group_slug = data.get("groupe") or ""
        data["group"] = (self.running if for_structure else self.mine).get(group_slug)
        if group_slug and data["group"] is None:
            self.add_error("groupe", "Seules l'animation, les référent·es des données et "
                                     "l'administration d'un groupe déclarent les compétences "
                                     "d'une structure en son nom." if for_structure else
                                     "Vous ne faites pas partie de ce groupe.")
        data["zone"] = zone_find(data.get("lieu", ""))
        if data.get("lieu") and data["zone"] is None:
            self.add_error("lieu", f"Zone introuvable : « {data['lieu']} ». Écrivez le nom ou "
                                   "le code d'une commune, d'un IRIS ou d'un quartier.")
        data["structure_obj"] = None
        if for_structure and "structure" in self.fields:
            try:
                data["structure_obj"] = structure_find(data.get("structure", ""))
            except SkillError as error:
                self.add_error("structure", str(error))
        return data


class SkillAddForm(forms.Form):
    label = forms.CharField(
        label="Nom de la compétence", max_length=LABEL_MAX,
        help_text="Quelques mots, par exemple « bricolage » ou « démarches de retraite ».",
        error_messages={"required": "Écrivez le nom de la compétence.",
                        "max_length": f"Le nom dépasse {LABEL_MAX} caractères."})
    description = forms.CharField(
        label="Précisions (facultatif)", required=False, max_length=DETAILS_MAX,
        help_text="Ce qu'elle recouvre, ce qu'il faut préciser en la déclarant.",
        error_messages={"max_length": f"Les précisions dépassent {DETAILS_MAX} caractères."})
