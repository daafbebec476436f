"""XLSForm: import (upload) and download of a questionnaire version.

Importing is for the designers of a group (queries.can_design): as a new questionnaire of
one of their groups, or as a new version of a questionnaire they design (/enquetes/<slug>/
importer/ preselects it; another group's questionnaire is a 404, a member's is a 403). The
file is checked whole by pyxform before anything is written; its diagnosis is shown beside
the file field in French (sheet, row, column). Every member of the group downloads any
version as .xlsx.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from terreau.core.exports import CONTENT_TYPES

from ..forms_xlsform import NEW, VERSION, XLSFormUploadForm
from ..models import Questionnaire
from ..queries import (
    groups_designed_by,
    questionnaire_list_visible,
)
from ..services import SurveyError, questionnaire_create, version_save
from ..xlsform import xlsform_read, xlsform_write
from ..xlsform_errors import XLSFormError
from . import questionnaire_access
from .questionnaire_access import readable

NOT_DESIGNER = ("Importer un XLSForm est réservé à l'animation d'un groupe (facilitateur·rice "
                "ou administrateur·rice).")


def designable(request, slug: str) -> Questionnaire:
    return questionnaire_access.designable(request, slug, NOT_DESIGNER)


def _designed_questionnaires(user):
    questionnaires = questionnaire_list_visible(user).order_by("title")
    if user.is_superuser:
        return questionnaires
    return questionnaires.filter(group__in=groups_designed_by(user))


def _save(form: XLSFormUploadForm, definition: dict, user, groups, questionnaires,
          filename: str) -> Questionnaire:
    destination = form.cleaned_data["destination"]
    if destination.startswith(NEW):
        group = get_object_or_404(groups, slug=destination.removeprefix(NEW))
        return questionnaire_create(group=group, definition=definition, user=user,
                                    slug=form.cleaned_data["slug"], source_name=filename)
    questionnaire = get_object_or_404(questionnaires,
                                      slug=destination.removeprefix(VERSION))
    version_save(questionnaire=questionnaire, definition=definition, user=user,
                 source_name=filename,
                 note=form.cleaned_data["note"] or f"Import du fichier {filename}")
    return questionnaire


@require_http_methods(["GET", "POST"])
def xlsform_import(request, slug: str = ""):
    user = request.user
    target = designable(request, slug) if slug else None
    groups = groups_designed_by(user)
    questionnaires = _designed_questionnaires(user)
    if target is None and not groups.exists():
        raise PermissionDenied(NOT_DESIGNER)
    initial = {"destination": f"{VERSION}{target.slug}"} if target else {}
    form = XLSFormUploadForm(request.POST or None, request.FILES or None, initial=initial,
                             groups=list(groups), questionnaires=list(questionnaires))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            definition = xlsform_read(upload.read(), upload.name)
            with transaction.atomic():
                questionnaire = _save(form, definition, user, groups, questionnaires,
                                      upload.name)
        except XLSFormError as error:
            form.add_error("file", str(error))
        except SurveyError as error:
            field = "slug" if "identifiant" in str(error) else "file"
            form.add_error(field, str(error))
        else:
            messages.success(request, f"XLSForm « {upload.name} » importé dans "
                                      f"« {questionnaire.title} ».")
            return redirect(questionnaire.get_absolute_url())
    return render(request, "surveys/xlsform_import.html",
                  {"form": form, "target": target}, status=400 if form.errors else 200)


@require_GET
def xlsform_download(request, slug: str, number: int | None = None):
    questionnaire = readable(request, slug)
    versions = questionnaire.versions.all()
    version = (versions.filter(number=number).first() if number is not None
               else versions.order_by("-number").first())
    if version is None:
        raise Http404("Cette version du questionnaire n'existe pas.")
    response = HttpResponse(xlsform_write(version.definition), content_type=CONTENT_TYPES["xlsx"])
    filename = f"{questionnaire.slug}-v{version.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("importer/", xlsform_import, name="xlsform_import"),
    path("<slug:slug>/importer/", xlsform_import, name="xlsform_import"),
    path("<slug:slug>/xlsform/", xlsform_download, name="xlsform_download"),
    path("<slug:slug>/versions/<int:number>/xlsform/", xlsform_download,
         name="xlsform_download"),
]
