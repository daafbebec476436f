"""Pages of the directory import: upload → report (nothing written yet) → confirm → progress.

Thin: reading is the importers', checking and writing `imports`', the pending import and
the background task `tasks`'. Only the data stewards and admins of a group import for it;
instance-wide imports are the instance admins' (queries.can_import).
"""

import shutil
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from terreau.catalog.staging import Status
from terreau.territory.forms import megabytes

from ..importers import FORMAT_LABELS, ReadError
from ..imports import ImportReport, mapping_read
from ..queries import can_import, groups_stewarded_by
from ..tasks import run_directory_import, staged_check, staged_create, staged_get

DEFAULT_MAX_UPLOAD_MB = 20
NOT_ALLOWED = ("Seul·es les référent·es des données et les administrateur·rices d'un groupe "
               "importent des annuaires.")
NOT_FOUND = "Import introuvable (il a peut-être expiré) : envoyez le fichier à nouveau."
TOO_LARGE = ("Le fichier « {name} » pèse {size} : c'est plus que la limite de {limit} pour "
             "un annuaire. Rien n'a été enregistré.")
LEAVE_OUT_NEEDED = ("Cochez « Laisser de côté les fiches refusées » pour importer les autres, "
                    "ou corrigez le fichier et envoyez-le à nouveau.")
INSTANCE = "__instance__"


def max_upload_bytes() -> int:
    return int(getattr(settings, "TERREAU_DIRECTORY_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)
               * 1024 * 1024)


class UploadLimit(FileUploadHandler):
    """Stop reading an upload past the directory's limit (the rest is discarded)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            size = int(self.request.META.get("CONTENT_LENGTH") or self.received)
            self.request.upload_too_large = TOO_LARGE.format(
                name=self.file_name, size=megabytes(size), limit=megabytes(max_upload_bytes()))
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


class ImportForm(forms.Form):
    file = forms.FileField(label="Fichier de l'annuaire", error_messages={
        "required": "Choisissez le fichier à importer."})
    services_file = forms.FileField(
        label="Fichier des services (data·inclusion en deux fichiers, facultatif)",
        required=False, help_text="Pour un export data·inclusion en deux fichiers : "
        "structures.json ci-dessus, services.json ici.")
    format = forms.ChoiceField(label="Format du fichier", choices=list(FORMAT_LABELS.items()))
    mapping = forms.FileField(
        label="Correspondance des colonnes (format « Tableau »)", required=False,
        help_text="Un fichier CSV à deux colonnes, champ et colonne (par exemple « nom;NOM » "
        "puis « commune;COMMUNE »), ou le même en JSON. Sans correspondance, les colonnes "
        "nommées comme les champs data·inclusion sont lues.")
    source = forms.CharField(label="Nom de la source (si le fichier ne le dit pas)",
                             required=False, max_length=100,
                             help_text="Par exemple « pole-emploi ».")
    group = forms.ChoiceField(label="Fiches tenues à jour par")
    geocode = forms.BooleanField(
        label="Chercher les positions manquantes avec la Base adresse nationale (il faut que "
        "la machine soit connectée à Internet)", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = [(str(g.pk), g.name) for g in groups_stewarded_by(user)]
        if can_import(user, None):
            choices.insert(0, (INSTANCE, "Toute l'instance (import national)"))
        self.fields["group"].choices = choices
        limit = megabytes(max_upload_bytes())
        self.fields["file"].help_text = (
            f"Export data·inclusion (JSON), lieux de médiation numérique (CSV ou JSON), liste "
            f"des France services (CSV) ou tableau (CSV, XLSX, ODS). Taille maximale : {limit}.")

    def clean_group(self):
        value = self.cleaned_data["group"]
        group = None if value == INSTANCE else groups_stewarded_by(self.user).filter(
            pk=value).first()
        if (value != INSTANCE and group is None) or not can_import(self.user, group):
            raise forms.ValidationError(NOT_ALLOWED)
        return group

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        try:
            return mapping_read(upload.read(256 * 1024))
        except UnicodeDecodeError as error:
            raise forms.ValidationError("La correspondance doit être un fichier texte en "
                                        "UTF-8.") from error
        except ReadError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        data = super().clean()
        uploads = [u for u in (data.get("file"), data.get("services_file")) if u]
        if sum(u.size for u in uploads) > max_upload_bytes():
            names = ", ".join(PurePath(u.name).name for u in uploads)
            self.add_error("file", TOO_LARGE.format(
                name=names, size=megabytes(sum(u.size for u in uploads)),
                limit=megabytes(max_upload_bytes())))
        if data.get("services_file") and data.get("format") != "datainclusion":
            self.add_error("services_file", "Un second fichier ne sert qu'aux exports "
                           "data·inclusion.")
        return data


def _may_import(user) -> bool:
    return can_import(user, None) or groups_stewarded_by(user).exists()


def _staged_or_404(request, token):
    if not _may_import(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    staged = staged_get(token=token, user=request.user)
    if staged is None:
        raise Http404(NOT_FOUND)
    return staged


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
def import_upload(request):
    """Send a directory file, choose its format and the group that keeps its records."""
    if not _may_import(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    request.upload_handlers.insert(0, UploadLimit(request))
    return _upload_page(request)


@csrf_protect
def _upload_page(request):
    form, status = ImportForm(user=request.user), 200
    too_large = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        too_large = getattr(request, "upload_too_large", "")
        if too_large:
            form, status = ImportForm(user=request.user), 413
        elif form.is_valid():
            data = form.cleaned_data
            group = data["group"]
            uploads = [u for u in (data["file"], data["services_file"]) if u]
            staged = staged_create(uploads=uploads, user=request.user, options={
                "format": data["format"], "mapping": data["mapping"] or {},
                "source": data["source"].strip(), "geocode": data["geocode"],
                "group_id": group.pk if group else None,
                "group_name": group.name if group else ""})
            report = staged_check(staged)
            if not report.get("read_error"):
                return redirect("directory:import_report", staged.token)
            shutil.rmtree(staged.folder, ignore_errors=True)
            form.add_error("file", f"{report['read_error']} Rien n'a été enregistré.")
            status = 400
    return render(request, "directory/import.html",
                  {"form": form, "too_large": too_large}, status=status)


def _moved_on(staged):
    if staged.state.get("status") in (Status.QUEUED, Status.RUNNING, Status.DONE, Status.FAILED):
        return redirect("directory:import_progress", staged.token)
    return None


def import_report(request, token):
    """The report before anything is written; confirm to import."""
    staged = _staged_or_404(request, token)
    if (moved := _moved_on(staged)) is not None:
        return moved
    report = ImportReport.from_dict(staged.read("report"))
    context = {"staged": staged, "meta": staged.meta, "report": report,
               "lines": report.lines()[:4],
               "can_leave_out": bool(report.error_count) and report.refused < report.read}
    if request.method == "POST":
        leave_out = request.POST.get("leave_out_refused") == "on"
        if not report.read or report.refused == report.read or (
                report.error_count and not leave_out):
            context["confirm_error"] = LEAVE_OUT_NEEDED if context["can_leave_out"] else ""
            return render(request, "directory/import_report.html", context, status=400)
        staged.update("meta", leave_out_refused=leave_out)
        staged.set_state(status=Status.QUEUED, progress=0,
                         label="En attente du traitement en arrière-plan")
        run_directory_import.enqueue(str(staged.token))
        return redirect("directory:import_progress", staged.token)
    return render(request, "directory/import_report.html", context)


def import_progress(request, token):
    """Follow the import: a bar refreshed every second by HTMX, then its result."""
    staged = _staged_or_404(request, token)
    state = staged.state
    if state.get("status") in (Status.UPLOADED, Status.CHECKED):
        return redirect("directory:import_report", staged.token)
    report = ImportReport.from_dict(staged.read("report"))
    context = {"staged": staged, "meta": staged.meta, "state": state, "report": report,
               "finished": state.get("status") in (Status.DONE, Status.FAILED)}
    template = ("directory/import_status.html" if request.headers.get("HX-Request") == "true"
                else "directory/import_progress.html")
    return render(request, template, context)


urlpatterns = [
    path("importer/", import_upload, name="import"),
    path("importer/<uuid:token>/", import_report, name="import_report"),
    path("importer/<uuid:token>/suivi/", import_progress, name="import_progress"),
]
