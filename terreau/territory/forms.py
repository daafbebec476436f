"""Forms of the zone import page: the upload, then the options chosen in the preview."""

from pathlib import PurePath

from django import forms
from django.conf import settings

from .choices import Level

SINGLE_FILE_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".gz")
SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg"}
SHAPEFILE_REQUIRED = {".shp", ".shx", ".dbf"}

UPLOAD_TOO_LARGE = (
    "Le fichier « {name} » pèse {size} : c'est plus que la limite de {limit} fixée pour les "
    "imports. Envoyez-le zippé, découpez-le (par exemple un fichier par département) ou "
    "demandez à la personne qui administre Terreau de relever la limite."
)
UPLOAD_FORMAT = (
    "Le fichier « {name} » n'est pas d'un format accepté. Formats acceptés : GeoJSON "
    "(.geojson, .json), GeoPackage (.gpkg), Shapefile zippé (.zip) ou les fichiers d'un "
    "Shapefile envoyés ensemble (.shp, .shx, .dbf et .prj)."
)
SHAPEFILE_INCOMPLETE = (
    "Un Shapefile se compose de plusieurs fichiers qui portent le même nom : il manque {missing}. "
    "Choisissez-les ensemble (.shp, .shx, .dbf et .prj), ou envoyez-les dans un fichier zip."
)
SHAPEFILE_MIXED = (
    "Plusieurs fichiers ne peuvent être envoyés ensemble que s'ils forment un seul Shapefile "
    "(même nom, extensions .shp, .shx, .dbf, .prj). Reçus : {names}."
)


def max_upload_bytes() -> int:
    return int(settings.TERREAU_MAX_UPLOAD_MB * 1024 * 1024)


def megabytes(size: float) -> str:
    """Return a size in bytes as French text, e.g. "12,4 Mo"."""
    value = size / (1024 * 1024)
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return text.replace(".", ",") + " Mo"


def limit_text() -> str:
    return f"{settings.TERREAU_MAX_UPLOAD_MB:g}".replace(".", ",") + " Mo"


def upload_too_large_message(name: str, size: int) -> str:
    return UPLOAD_TOO_LARGE.format(name=name, size=megabytes(size), limit=limit_text())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once (the parts of a Shapefile)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class ZoneUploadForm(forms.Form):
    level = forms.ChoiceField(label="Niveau des zones", choices=Level.choices,
                              initial=Level.COMMUNE)
    files = MultipleFileField(label="Fichier des contours")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            "GeoJSON, GeoPackage, Shapefile zippé, ou les fichiers d'un Shapefile choisis "
            f"ensemble (.shp, .shx, .dbf, .prj et .cpg s'il existe). Taille maximale : "
            f"{limit_text()}."
        )

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        limit = max_upload_bytes()
        for upload in files:  # UploadedFile.size is known without reading the content
            if upload.size > limit:
                raise forms.ValidationError(upload_too_large_message(upload.name, upload.size))
        total = sum(upload.size for upload in files)
        if total > limit:
            names = ", ".join(upload.name for upload in files)
            raise forms.ValidationError(upload_too_large_message(names, total))
        if len(files) == 1 and files[0].name.lower().endswith(SINGLE_FILE_SUFFIXES):
            return files
        return self.check_shapefile_parts(files)

    @staticmethod
    def check_shapefile_parts(files: list) -> list:
        paths = [PurePath(upload.name) for upload in files]
        for path in paths:
            if path.suffix.lower() not in SHAPEFILE_PARTS:
                raise forms.ValidationError(UPLOAD_FORMAT.format(name=path.name))
        if len({path.stem for path in paths}) > 1 or len(paths) > len(SHAPEFILE_PARTS):
            raise forms.ValidationError(
                SHAPEFILE_MIXED.format(names=", ".join(p.name for p in paths)))
        missing = SHAPEFILE_REQUIRED - {path.suffix.lower() for path in paths}
        if missing:
            raise forms.ValidationError(
                SHAPEFILE_INCOMPLETE.format(missing=", ".join(sorted(missing))))
        return files


class ZonePreviewForm(forms.Form):
    """The options of an import, preselected from what the file holds."""

    level = forms.ChoiceField(label="Niveau des zones", choices=Level.choices)
    code_field = forms.ChoiceField(label="Champ qui contient le code (INSEE)")
    name_field = forms.ChoiceField(label="Champ qui contient le nom")
    crs = forms.CharField(
        label="Système de coordonnées du fichier", required=False, max_length=50,
        help_text="À remplir seulement si le fichier ne le déclare pas, par exemple EPSG:2154 "
                  "pour le Lambert-93 (le système officiel de la France métropolitaine).",
    )
    vintage = forms.IntegerField(
        label="Millésime de la géographie", required=False, min_value=1900, max_value=2100,
        help_text="L'année du découpage (par exemple 2024) : les communes fusionnent, les IRIS "
                  "changent.",
    )

    def __init__(self, *args, fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(name, name) for name in fields]
        self.fields["code_field"].choices = choices
        self.fields["name_field"].choices = choices
