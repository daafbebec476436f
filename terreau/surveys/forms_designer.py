"""The designer's forms: create a questionnaire, a section, a question, a choice list.

Each form works on a copy of the latest definition: its `clean()` applies the change with
designer.py and keeps the changed definition in `self.definition`; a refused change becomes
an error beside the field it is about, and nothing is saved.
"""

from django import forms

from . import designer
from .definition import SELECTS
from .definition import label as label_of

TEXTAREA = {"rows": 2}
NEW_LIST = "__nouvelle__"


class QuestionnaireCreateForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    group = forms.ModelChoiceField(label="Groupe", queryset=None, empty_label=None)
    description = forms.CharField(label="Description (facultative)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class TitleForm(forms.Form):
    title = forms.CharField(label="Titre du questionnaire", max_length=200)
    description = forms.CharField(label="Description (facultative)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class DesignForm(forms.Form):
    """A change applied to `definition`; subclasses say which one in `change()`."""

    def __init__(self, *args, definition: dict, original: str = "", **kwargs):
        self.original = original
        self.source = definition
        self.definition = None
        super().__init__(*args, **kwargs)
        main, _ = designer.languages(definition)
        if main != "fr":  # an imported form in another language: say which one
            for name, field in self.fields.items():
                if name.endswith("_fr"):
                    field.label = field.label.replace("(français)", f"(langue « {main} »)")

    def change(self, data: dict) -> dict:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.definition = self.change(data)
        except designer.DesignError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, str(error))
        return data


class RelevanceFields(forms.Form):
    """"Afficher si [question] [=, ≠, >, <] [valeur]": writes the condition, or type it."""

    show_if_question = forms.ChoiceField(label="Afficher seulement si la question",
                                         required=False)
    show_if_operator = forms.ChoiceField(
        label="est", required=False,
        choices=[(key, sign) for key, sign in designer.OPERATORS.items()])
    show_if_value = forms.CharField(label="à la valeur (code ou libellé du choix, nombre)",
                                    required=False, max_length=200)
    relevant = forms.CharField(
        label="Condition d'affichage (expression XLSForm)", required=False, max_length=1000,
        help_text="Par exemple ${voiture} = 'non'. Laissez vide pour toujours afficher.")

    def relevance_choices(self, definition: dict, own: str = "") -> None:
        french, _ = designer.languages(definition)
        options = [("", "— (toujours afficher)")]
        for _, node in designer.walk(definition.get("children", [])):
            if node.get("type") in designer.TYPES and node.get("type") != "note" \
                    and node["name"] != own:
                options.append((node["name"], f"{label_of(node, french, node['name'])} "
                                              f"({node['name']})"))
        self.fields["show_if_question"].choices = options

    def relevance(self, definition: dict, data: dict) -> str:
        if data.get("show_if_question"):
            return designer.relevance_build(definition, data["show_if_question"],
                                            data.get("show_if_operator", "="),
                                            data.get("show_if_value", ""))
        return data.get("relevant", "")


class SectionForm(DesignForm, RelevanceFields):
    label_fr = forms.CharField(label="Titre de la section (français)", max_length=300)
    label_en = forms.CharField(label="Titre en anglais (facultatif)", max_length=300,
                               required=False)
    parent = forms.ChoiceField(label="Dans la section", required=False)

    field_order = ["label_fr", "label_en", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "— (au premier niveau)")] + [
            (node["name"], _section_label(self.source, node))
            for _, node in designer.sections(self.source) if node["name"] != self.original]
        self.relevance_choices(self.source, self.original)

    def change(self, data: dict) -> dict:
        return designer.section_save(self.source, {**data, "relevant": self.relevance(
            self.source, data)}, self.original)


class QuestionForm(DesignForm, RelevanceFields):
    section = forms.ChoiceField(label="Section", required=False)
    type = forms.ChoiceField(label="Type de question", choices=list(designer.TYPES.items()))
    label_fr = forms.CharField(label="Libellé (français)", max_length=1000,
                               widget=forms.Textarea(attrs=TEXTAREA))
    label_en = forms.CharField(label="Libellé en anglais (facultatif)", max_length=1000,
                               required=False, widget=forms.Textarea(attrs=TEXTAREA))
    hint_fr = forms.CharField(label="Aide (facultative)", max_length=1000, required=False)
    hint_en = forms.CharField(label="Aide en anglais (facultative)", max_length=1000,
                              required=False)
    name = forms.CharField(
        label="Nom court (facultatif)", max_length=60, required=False,
        help_text="Identifiant de la question dans les conditions et les exports : lettres "
                  "sans accent, chiffres et _. Déduit du libellé si vide.")
    required = forms.BooleanField(label="Réponse obligatoire", required=False)
    choice_list = forms.ChoiceField(label="Liste de choix", required=False)
    new_list_name = forms.CharField(label="Nom de la nouvelle liste", max_length=60,
                                    required=False)
    new_list_choices = forms.CharField(
        label="Choix de la nouvelle liste", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un choix par ligne : « Libellé », ou « code = Libellé », ou "
                  "« code = Libellé | English label ».")
    constraint = forms.CharField(
        label="Contrainte (expression XLSForm)", required=False, max_length=1000,
        help_text="« . » est la réponse. Par exemple . >= 0 and . <= 120.")
    constraint_message_fr = forms.CharField(label="Message si la contrainte n'est pas "
                                                  "respectée", max_length=300, required=False)
    constraint_message_en = forms.CharField(label="Message en anglais (facultatif)",
                                            max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "— (hors section)")] + [
            (node["name"], _section_label(self.source, node))
            for _, node in designer.sections(self.source)]
        lists = self.source.get("choice_lists", {})
        self.fields["choice_list"].choices = [("", "—")] + [
            (name, f"{name} ({len(choices)} choix)") for name, choices in lists.items()
        ] + [(NEW_LIST, "Nouvelle liste (ci-dessous)")]
        self.relevance_choices(self.source, self.original)
        if self.original:  # imported types the menu lacks stay what they are
            kind = designer.find(self.source, self.original)[2].get("type", "")
            if kind not in designer.TYPES:
                self.fields["type"].choices = [(kind, kind)]

    def change(self, data: dict) -> dict:
        definition = self.source
        if data.get("type") in SELECTS and data.get("choice_list") in ("", NEW_LIST) \
                and data.get("new_list_choices", "").strip():
            name = data.get("new_list_name", "").strip() or designer.name_free(
                {}, data.get("label_fr", ""), set(definition.get("choice_lists", {})))
            try:
                definition = designer.choice_list_save(definition, name,
                                                       data["new_list_choices"])
            except designer.DesignError as error:
                field = "new_list_name" if error.field == "name" else "new_list_choices"
                raise designer.DesignError(str(error), field) from error
            data = {**data, "choice_list": name}
        relevant = self.relevance(definition, data)
        return designer.question_save(definition, {**data, "relevant": relevant},
                                      self.original)


class ChoiceListForm(DesignForm):
    name = forms.CharField(label="Nom de la liste", max_length=60,
                           help_text="Lettres sans accent, chiffres et _ (par exemple oui_non).")
    choices = forms.CharField(
        label="Choix", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Un choix par ligne : « Libellé », ou « code = Libellé », ou "
                  "« code = Libellé | English label ». Garder un code garde les réponses "
                  "déjà données.")

    def change(self, data: dict) -> dict:
        return designer.choice_list_save(self.source, data["name"], data["choices"],
                                         self.original)


def question_initial(definition: dict, name: str) -> dict:
    node = designer.find(definition, name)[2]
    french, _ = designer.languages(definition)
    return {
        "section": _parent(definition, name), "type": node.get("type"), "name": name,
        "label_fr": (node.get("label") or {}).get(french, ""),
        "label_en": (node.get("label") or {}).get("en", ""),
        "hint_fr": (node.get("hint") or {}).get(french, ""),
        "hint_en": (node.get("hint") or {}).get("en", ""),
        "required": node.get("required", False), "choice_list": node.get("choice_list", ""),
        "constraint": node.get("constraint", ""), "relevant": node.get("relevant", ""),
        "constraint_message_fr": (node.get("constraint_message") or {}).get(french, ""),
        "constraint_message_en": (node.get("constraint_message") or {}).get("en", ""),
        "label_section": node.get("label"), "parent": _parent(definition, name)}


def _section_label(definition: dict, node: dict) -> str:
    french, _ = designer.languages(definition)
    return f"{label_of(node, french, node['name'])} ({node['name']})"


def _parent(definition: dict, name: str) -> str:
    for path, node in designer.walk(definition.get("children", [])):
        if node["name"] == name:
            return path[-1] if path else ""
    return ""
