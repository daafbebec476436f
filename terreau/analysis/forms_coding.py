"""Forms of the coding pages: a code (name, definition), the search among the answers, the
bulk coding of the answers shown, and the reading of the checkboxes of each answer."""

from django import forms

from .coding import DESCRIPTION_MAX, LABEL_MAX, CodingError

# The filters of the answers' list, kept in the address across pages and saves.
FILTERS = ("q", "non_codees", "suggestion", "page")


class CodeForm(forms.Form):
    label = forms.CharField(
        label="Nom du code", max_length=LABEL_MAX,
        help_text="Quelques mots qui disent le besoin, par exemple « garde d'enfants » ou "
                  "« transport le soir ».",
        error_messages={"required": "Donnez un nom au code.",
                        "max_length": f"Le nom du code dépasse {LABEL_MAX} caractères."})
    description = forms.CharField(
        label="Définition (facultative)", max_length=DESCRIPTION_MAX, required=False,
        help_text="Ce que le code regroupe, pour coder de la même façon à plusieurs.",
        error_messages={"max_length": f"La définition dépasse {DESCRIPTION_MAX} caractères."})

    def apply_error(self, error: CodingError) -> None:
        """Show a refusal of the services next to the field it is about."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error))


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Chercher dans les réponses", required=False, max_length=200,
        help_text="Tous les mots doivent y être ; majuscules et accents n'importent pas, "
                  "et « enfant » trouve aussi « enfants ».",
        widget=forms.TextInput(attrs={"type": "search"}))
    non_codees = forms.BooleanField(label="Réponses non codées seulement", required=False)
    suggestion = forms.TypedChoiceField(
        label="Proposer des réponses pour le code", required=False, coerce=int,
        empty_value=None)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestion"].choices = [("", "—")] + [(c.pk, c.label) for c in codes]

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown with its error and not applied)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"q": (data.get("q") or "").strip(), "non_codees": bool(data.get("non_codees")),
                "suggestion": data.get("suggestion")}


class BulkForm(forms.Form):
    """"Coder toutes les réponses affichées avec …": one code, added to or taken from them."""

    code = forms.TypedChoiceField(label="Code", coerce=int,
                                  error_messages={"required": "Choisissez un code.",
                                                  "invalid_choice": "Ce code n'existe pas "
                                                                    "pour cette question."})
    action = forms.ChoiceField(choices=[("ajouter", "Ajouter ce code"),
                                        ("retirer", "Retirer ce code")],
                               initial="ajouter")

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(c.pk, c.label) for c in codes]


def posted_ids(data, name: str = "reponse") -> list[int]:
    """The answer numbers a form sent (hidden fields, one per answer shown)."""
    try:
        return [int(value) for value in data.getlist(name)]
    except ValueError:
        raise CodingError("Les réponses se désignent par leur numéro.", "reponses") from None


def posted_codes(data) -> dict[int, list[str]]:
    """Answer number → the code numbers ticked for it (its checkboxes "codes-<number>")."""
    return {answer_id: data.getlist(f"codes-{answer_id}") for answer_id in posted_ids(data)}


def kept_filters(data) -> dict:
    """The list's filters from an address, to come back to the same list after a change."""
    return {key: data[key] for key in FILTERS if data.get(key)}
