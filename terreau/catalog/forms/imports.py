"""Forms of the statistics import: upload, layout of the file (sheet, header row)."""

from pathlib import PurePath

from django import forms

from terreau.territory.forms import limit_text, max_upload_bytes, upload_too_large_message

ACCEPTED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".zip")
UPLOAD_FORMAT = ("Le fichier « {name} » n'est pas d'un format accepté. Formats acceptés : "
                 "CSV ou TSV (.csv, .tsv, .txt), classeur (.xlsx, .xls, .ods), ou un zip "
                 "contenant un CSV (comme ceux de l'INSEE).")
UPLOAD_EMPTY = "Le fichier « {name} » est vide : rien à importer."


class DataUploadForm(forms.Form):
    file = forms.FileField(label="Fichier de données",
                           error_messages={"required": "Choisissez un fichier à importer."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "Un tableau avec une ligne par zone (commune, IRIS…) et une colonne par "
            "variable : CSV de l'INSEE, classeur XLSX ou ODS d'un partenaire. Taille "
            f"maximale : {limit_text()}.")
        self.fields["file"].widget.attrs["accept"] = ",".join(ACCEPTED_SUFFIXES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(upload_too_large_message(upload.name, upload.size))
        if not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
            raise forms.ValidationError(UPLOAD_FORMAT.format(name=PurePath(upload.name).name))
        if upload.size == 0:
            raise forms.ValidationError(UPLOAD_EMPTY.format(name=PurePath(upload.name).name))
        return upload


class LayoutForm(forms.Form):
    """Where the table starts: the sheet (or file in a zip) and the row of column names."""

    sheet = forms.ChoiceField(label="Feuille", required=False)
    header_row = forms.TypedChoiceField(
        label="Ligne d'en-tête (les noms des colonnes)", coerce=int,
        error_messages={"required": "Choisissez la ligne qui porte les noms des colonnes.",
                        "invalid_choice": "Choisissez une des lignes affichées."})

    def __init__(self, *args, sheets: list[str], row_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(s, s) for s in sheets] or [("", "")]
        self.fields["header_row"].choices = [(n, f"Ligne {n}") for n in range(1, row_count + 1)]
