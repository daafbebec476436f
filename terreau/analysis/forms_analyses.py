"""Forms of the saved analyses: the analysis (questions and settings), the number of profiles
of a new run, a profile's name.

The questions are chosen variable by variable (each choice of a multiple-choice question is
its own yes/no variable): active (shapes the profiles), supplementary (describes them
without shaping them) or not used. Services check the parameters again.
"""

from django import forms

from .profiles import PARAMETER_DEFAULTS
from .services import NAME_MAX, NCP_RANGE, PROFILES_RANGE

ROLE_PREFIX = "role__"
ROLES = [("active", "Active"), ("supplementary", "Supplémentaire"), ("", "Non utilisée")]
KK_CHOICES = [("auto", "Automatique (pré-regroupement au-delà de quelques milliers de "
                       "réponses)"),
              ("exact", "Exact (classification de chaque personne, plus lent)"),
              ("n", "Pré-regrouper en N groupes")]
RARE_CHOICES = [("group", "Regrouper les réponses rares avec une réponse voisine "
                          "(conseillé pour une petite enquête)"),
                ("keep", "Les garder telles quelles")]
STABILITY_CHOICES = [("0", "Pas de contrôle"), ("30", "30 rééchantillonnages (rapide)"),
                     ("100", "100 rééchantillonnages (plus sûr, plus long)")]


def profile_choices() -> list[tuple[str, str]]:
    low, high = PROFILES_RANGE
    return [("", "Automatique (proposé d'après les gains d'inertie)")] + [
        (str(k), f"{k} profils") for k in range(low, high + 1)]


class AnalysisForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(label="Notes", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    campaign = forms.ModelChoiceField(label="Campagne", queryset=None, required=False,
                                      empty_label="Toutes les campagnes")
    ncp = forms.IntegerField(label="Nombre d'axes gardés", min_value=NCP_RANGE[0],
                             max_value=NCP_RANGE[1], initial=PARAMETER_DEFAULTS["ncp"],
                             help_text="Les profils se forment sur ces axes (5 par défaut, "
                                       "comme FactoMineR).")
    profiles = forms.TypedChoiceField(label="Nombre de profils", required=False,
                                      coerce=int, empty_value=None)
    consolidation = forms.BooleanField(
        label="Consolider les profils (k-means après la classification)", required=False,
        initial=True)
    kk_mode = forms.ChoiceField(label="Classification", choices=KK_CHOICES,
                                widget=forms.RadioSelect, initial="auto")
    kk_n = forms.IntegerField(label="N (pré-regroupement)", required=False, min_value=10,
                              max_value=100_000)
    rare = forms.ChoiceField(label="Réponses rares", choices=RARE_CHOICES,
                             widget=forms.RadioSelect, initial=PARAMETER_DEFAULTS["rare"])
    stability = forms.TypedChoiceField(label="Contrôle de stabilité", coerce=int,
                                       choices=STABILITY_CHOICES, initial="0")

    def __init__(self, *args, variables: dict, campaigns, parameters: dict | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.variables = variables
        self.fields["campaign"].queryset = campaigns
        self.fields["profiles"].choices = profile_choices()
        parameters = parameters or {}
        roles = {**{k: "supplementary" for k in parameters.get("supplementary", [])},
                 **{k: "active" for k in parameters.get("active", [])}}
        for key in variables:
            self.fields[ROLE_PREFIX + key] = forms.ChoiceField(
                label=variables[key].label, choices=ROLES, required=False,
                widget=forms.RadioSelect, initial=roles.get(key, ""))
        if parameters:
            self._initial_from(parameters)

    def _initial_from(self, parameters: dict) -> None:
        kk = parameters.get("kk", "auto")
        self.initial.update({
            "ncp": parameters.get("ncp", 5), "profiles": parameters.get("profiles") or "",
            "consolidation": parameters.get("consolidation", True),
            "kk_mode": "auto" if kk == "auto" else "exact" if kk is None else "n",
            "kk_n": kk if isinstance(kk, int) else None,
            "rare": parameters.get("rare", "keep"),
            "stability": str(parameters.get("stability", 0))})

    def clean(self):
        data = super().clean()
        if data.get("kk_mode") == "n" and not data.get("kk_n"):
            self.add_error("kk_n", "Donnez le nombre de groupes du pré-regroupement.")
        roles = {key: data.get(ROLE_PREFIX + key) for key in self.variables}
        if sum(1 for role in roles.values() if role == "active") < 2:
            raise forms.ValidationError("Choisissez au moins deux questions actives.")
        return data

    def parameters(self) -> dict:
        data = self.cleaned_data
        roles = {key: data.get(ROLE_PREFIX + key) for key in self.variables}
        kk = {"auto": "auto", "exact": None}.get(data["kk_mode"], data.get("kk_n"))
        return {"active": [k for k, r in roles.items() if r == "active"],
                "supplementary": [k for k, r in roles.items() if r == "supplementary"],
                "ncp": data["ncp"], "profiles": data.get("profiles"),
                "consolidation": data["consolidation"], "kk": kk, "rare": data["rare"],
                "stability": data["stability"]}

    def question_groups(self) -> list[dict]:
        """The variables grouped by their question, each with its bound role field."""
        groups: dict[str, dict] = {}
        for key, variable in self.variables.items():
            group = groups.setdefault(variable.question, {"question": variable.question,
                                                          "rows": []})
            if variable.kind == "choice":
                group["label"] = variable.label.rpartition(" — ")[0] or variable.label
                text = variable.choice_label
            else:
                group.setdefault("label", variable.label)
                text = variable.label
            group["rows"].append({"key": key, "text": text, "field": self[ROLE_PREFIX + key],
                                  "categories": len(variable.categories)})
        return list(groups.values())


class ProfilesCountForm(forms.Form):
    profiles = forms.TypedChoiceField(label="Nombre de profils", required=False, coerce=int,
                                      empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profiles"].choices = profile_choices()


class ProfileNameForm(forms.Form):
    name = forms.CharField(label="Nom du profil", max_length=NAME_MAX, required=False)
