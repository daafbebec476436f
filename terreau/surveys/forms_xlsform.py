"""The XLSForm upload form: the file, and where it goes (a new questionnaire in one of the
designer's groups, or a new version of a questionnaire they design)."""

from pathlib import PurePath

from django import forms

from terreau.territory.forms import megabytes

from .xlsform import MAX_BYTES, SUFFIXES

NEW = "nouveau:"
VERSION = "version:"


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier XLSForm",
        help_text="Un classeur .xlsx ou .xls au format XLSForm (KoboToolbox, ODK) avec ses "
                  f"feuilles survey, choices et settings. Taille maximale : "
                  f"{megabytes(MAX_BYTES)}.",
        error_messages={"required": "Choisissez le fichier XLSForm à importer."})
    destination = forms.ChoiceField(
        label="Importer comme",
        error_messages={"required": "Choisissez où importer ce formulaire.",
                        "invalid_choice": "Choisissez une des destinations proposées."})
    slug = forms.SlugField(
        label="Identifiant (facultatif, nouveau questionnaire)", required=False, max_length=70,
        help_text="Dans l'adresse de la page : lettres sans accent, chiffres et tirets. "
                  "Laissé vide, il est tiré du titre.",
        error_messages={"invalid": "Seulement des lettres sans accent, des chiffres et des "
                                   "tirets."})
    note = forms.CharField(label="Ce qui change (nouvelle version)", required=False,
                           max_length=300)

    def __init__(self, *args, groups, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if groups:
            choices.append(("Nouveau questionnaire", [
                (f"{NEW}{group.slug}", f"Nouveau questionnaire du groupe {group.name}")
                for group in groups]))
        if questionnaires:
            choices.append(("Nouvelle version", [
                (f"{VERSION}{q.slug}", f"Nouvelle version de « {q.title} »")
                for q in questionnaires]))
        self.fields["destination"].choices = choices
        self.fields["file"].widget.attrs["accept"] = ",".join(SUFFIXES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name).name
        if not name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(
                f"« {name} » n'est pas un classeur XLSForm : choisissez un fichier .xlsx ou "
                ".xls.")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"« {name} » pèse {megabytes(upload.size)} : la limite est de "
                f"{megabytes(MAX_BYTES)}.")
        if upload.size == 0:
            raise forms.ValidationError(f"« {name} » est vide.")
        return upload
