"""Import of an attendance sheet: upload → report (nothing written yet) → "Importer".

Thin: reading, checking and writing are `imports`'. The uploaded file waits between the two
steps the way the statistics import keeps it (`catalog.staging`: a random folder owned by
the uploader), with the group it is for; confirming checks it again against the database of
that moment, then writes. Only the group's facilitators (and admins) import.
"""

import shutil

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from terreau.catalog.staging import Status, staged_import_create, staged_import_get
from terreau.territory.forms import limit_text, max_upload_bytes
from terreau.territory.import_views import UploadLimitHandler

from ..imports import SessionsImportRefused, SessionsImportReport, sessions_import
from ..queries import can_manage, group_get_readable

NOT_ALLOWED = "Seul·es les animateur·rices du groupe importent des feuilles de présences."
NOT_FOUND = "Import introuvable (il a peut-être expiré) : envoyez le fichier à nouveau."


class SessionsUploadForm(forms.Form):
    file = forms.FileField(label="Feuille de présences", error_messages={
        "required": "Choisissez le fichier à importer."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "Classeur XLSX ou ODS, ou fichier CSV (séparateur « ; » ou « , »). Une ligne par "
            "personne et par séance. Taille maximale : " + limit_text() + ".")
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.ods,.xls,.csv,.txt"


def _group_managed(request, slug: str):
    group = group_get_readable(request.user, slug)
    if group is None:
        raise Http404("Groupe introuvable.")
    if not can_manage(request.user, group):
        raise PermissionDenied(NOT_ALLOWED)
    return group


def _check(staged, group, *, dry_run: bool, user=None) -> SessionsImportReport:
    try:
        return sessions_import(staged.path, group=group, by=user, dry_run=dry_run,
                               max_bytes=max_upload_bytes(), file_name=staged.original_name)
    except SessionsImportRefused as refused:
        return refused.report


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
def sessions_import_upload(request, group):
    group = _group_managed(request, group)
    request.upload_handlers.insert(0, UploadLimitHandler(request))
    return _upload_page(request, group)


@csrf_protect
def _upload_page(request, group):
    form, too_large, status = SessionsUploadForm(), "", 200
    if request.method == "POST":
        form = SessionsUploadForm(request.POST, request.FILES)  # reading the body sets the flag
        too_large = getattr(request, "upload_too_large", "")
        if too_large:
            form, status = SessionsUploadForm(), 413
        elif form.is_valid():
            staged = staged_import_create(upload=form.cleaned_data["file"], user=request.user)
            staged.update("meta", group_id=group.pk, kind="attendance")
            report = _check(staged, group, dry_run=True)
            staged.write("report", report.as_dict())
            staged.set_state(status=Status.CHECKED)
            return redirect("monitoring:sessions_import_report", group.slug, staged.token)
        else:
            status = 400
    return render(request, "monitoring/sessions_import.html",
                  {"group": group, "form": form, "too_large": too_large, "step": "upload"},
                  status=status)


def sessions_import_report(request, group, token):
    """The report before anything is written; "Importer" writes (checked again first)."""
    group = _group_managed(request, group)
    staged = staged_import_get(token=token, user=request.user)
    if staged is None or staged.meta.get("group_id") != group.pk:
        raise Http404(NOT_FOUND)
    report = SessionsImportReport.from_dict(staged.read("report"))
    done = staged.state.get("status") == Status.DONE
    status = 200
    if request.method == "POST" and not done:
        if not staged.path.exists():
            raise Http404(NOT_FOUND)
        report = _check(staged, group, dry_run=False, user=request.user)
        staged.write("report", report.as_dict())
        if report.written:
            staged.set_state(status=Status.DONE)
            staged.discard_file()
            return redirect("monitoring:sessions_import_report", group.slug, staged.token)
        status = 400
    if report.errors and not done:
        shutil.rmtree(staged.folder, ignore_errors=True)  # a refused file is sent again
        status = 400 if request.method == "POST" else 200
    return render(request, "monitoring/sessions_import.html", {
        "group": group, "report": report, "staged": staged, "done": done,
        "step": "done" if done else "report"}, status=status)


urlpatterns = [
    path("groupes/<slug:group>/seances/importer/", sessions_import_upload,
         name="sessions_import"),
    path("groupes/<slug:group>/seances/importer/<uuid:token>/", sessions_import_report,
         name="sessions_import_report"),
]
