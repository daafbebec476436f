"""Import answers collected with KoboToolbox / ODK (report before writing); export a
questionnaire's answers as CSV for the group (audit log).

The import is two steps: the upload is checked and its report shown, nothing written; the
file waits in the var folder under a random name kept in the session, and "Importer" writes
it (all or nothing, rows already imported skipped). Designers only; the export is for the
people who read answers.
"""

import secrets
import time
from pathlib import Path, PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from terreau.core.exports import CONTENT_TYPES, write_csv
from terreau.territory.forms import megabytes

from ..imports import MAX_EXPORT_BYTES, answers_import, export_record, export_rows, import_report
from ..models import Questionnaire
from ..queries import can_read_answers
from ..services import SurveyError
from .questionnaire_access import designable, readable

NOT_DESIGNER = "Seule l'animation du groupe importe des réponses dans ce questionnaire."
NOT_READER = ("Les réponses sont des données personnelles : seules l'animation du groupe et "
              "les personnes chargées des données les exportent.")
ACCEPTED_SUFFIXES = (".csv", ".xlsx", ".xls")
PENDING_HOURS = 24  # an upload nobody confirmed is deleted after this


class AnswersUploadForm(forms.Form):
    file = forms.FileField(
        label="Export de KoboToolbox ou d'ODK",
        help_text=("Fichier CSV ou XLSX tel que KoboToolbox ou ODK le donne (une ligne par "
                   "réponse, colonnes « groupe/question », _uuid, _submission_time). Taille "
                   f"maximale : {megabytes(MAX_EXPORT_BYTES)}."),
        error_messages={"required": "Choisissez le fichier à importer."})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name).name
        if upload.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError(f"Le fichier « {name} » pèse {megabytes(upload.size)} : "
                                        f"la limite est de {megabytes(MAX_EXPORT_BYTES)}.")
        if not name.lower().endswith(ACCEPTED_SUFFIXES):
            raise forms.ValidationError(f"Le fichier « {name} » n'est pas un export CSV ou "
                                        "XLSX.")
        if upload.size == 0:
            raise forms.ValidationError(f"Le fichier « {name} » est vide.")
        return upload


def _pending_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "surveys-imports"
    folder.mkdir(parents=True, exist_ok=True)
    limit = time.time() - PENDING_HOURS * 3600
    for old in folder.iterdir():
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)
    return folder


def _session_key(questionnaire: Questionnaire) -> str:
    return f"surveys-import-{questionnaire.pk}"


def _pending(request, questionnaire: Questionnaire) -> tuple[Path, str] | None:
    stored = request.session.get(_session_key(questionnaire))
    if not stored:
        return None
    file = _pending_dir() / stored["token"]
    return (file, stored["name"]) if file.is_file() else None


def _store(request, questionnaire: Questionnaire, upload) -> tuple[Path, str]:
    name = PurePath(upload.name).name
    token = secrets.token_hex(16) + PurePath(name).suffix.lower()
    file = _pending_dir() / token
    with file.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    previous = _pending(request, questionnaire)
    if previous:
        previous[0].unlink(missing_ok=True)
    request.session[_session_key(questionnaire)] = {"token": token, "name": name}
    return file, name


def _forget(request, questionnaire: Questionnaire) -> None:
    pending = _pending(request, questionnaire)
    if pending:
        pending[0].unlink(missing_ok=True)
    request.session.pop(_session_key(questionnaire), None)


@require_http_methods(["GET", "POST"])
def answers_import_view(request, slug: str):
    questionnaire = designable(request, slug, NOT_DESIGNER)
    form, report, error = AnswersUploadForm(), None, ""
    if request.method == "POST" and "confirmer" in request.POST:
        pending = _pending(request, questionnaire)
        if pending is None:
            error = "Le fichier vérifié n'est plus là : envoyez-le de nouveau."
        else:
            try:
                report = answers_import(pending[0], questionnaire, user=request.user,
                                        file_name=pending[1])
            except SurveyError as exc:
                error = str(exc)
            if report is not None and not report.refused:
                _forget(request, questionnaire)
    elif request.method == "POST":
        form = AnswersUploadForm(request.POST, request.FILES)
        if form.is_valid():
            file, name = _store(request, questionnaire, form.cleaned_data["file"])
            try:
                report, _ = import_report(file, questionnaire, file_name=name)
            except SurveyError as exc:
                form.add_error("file", str(exc))
                _forget(request, questionnaire)
            if report is not None and report.refused:
                _forget(request, questionnaire)
    return render(request, "surveys/answers_import.html", {
        "questionnaire": questionnaire, "form": form, "report": report, "error": error,
        "written": report is not None and "confirmer" in request.POST and not report.refused,
    }, status=400 if form.errors or (report is not None and report.refused) else 200)


@require_GET
def answers_export_view(request, slug: str):
    questionnaire = readable(request, slug)
    if not can_read_answers(request.user, questionnaire.group_id):
        raise PermissionDenied(NOT_READER)
    header, rows, _ = export_rows(questionnaire)
    file = f"reponses-{questionnaire.slug}.csv"
    response = HttpResponse(content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{file}"'
    response["Cache-Control"] = "no-store"
    count = write_csv(response, header, rows)
    export_record(questionnaire, rows=count, request=request, file=file)
    return response


urlpatterns = [
    path("<slug:slug>/reponses/importer/", answers_import_view, name="answers_import"),
    path("<slug:slug>/reponses/export.csv", answers_export_view, name="answers_export"),
]
