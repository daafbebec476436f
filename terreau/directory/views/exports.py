"""The export page (/annuaire/exporter/): the directory as data·inclusion v1 files.

Data stewards and administrators choose a group they keep (or the whole directory) and a
format, look at what will go out (the report: counts, what is left out and why), then
download. Others get a 403. Each download is written to the audit log.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ..export import (
    CONTENT_TYPES,
    FORMAT_LABELS,
    FORMATS,
    can_export,
    export_build,
    export_bytes,
    export_filename,
    export_groups,
    export_record,
)
from ..queries import is_any_steward
from ..vocabularies import vocabularies_cached

NOT_STEWARD = ("L'export de l'annuaire est réservé aux référent·es des données et aux "
               "administrateur·rices.")
ALL = "tout"


class ExportForm(forms.Form):
    groupe = forms.ChoiceField(label="Structures à exporter")
    format = forms.ChoiceField(label="Format", widget=forms.RadioSelect,
                               choices=[(fmt, FORMAT_LABELS[fmt]) for fmt in FORMATS],
                               initial=FORMATS[0])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {group.slug: group for group in export_groups(user)}
        choices = [(slug, f"Tenues par le groupe {group.name}")
                   for slug, group in self.groups.items()]
        if is_any_steward(user):
            choices.insert(0, (ALL, "Tout l'annuaire"))
        self.fields["groupe"].choices = choices

    def group(self):
        return self.groups.get(self.cleaned_data["groupe"])


@require_GET
def export_page(request):
    if not is_any_steward(request.user):
        raise PermissionDenied(NOT_STEWARD)
    action = request.GET.get("action", "")
    form = ExportForm(request.GET if action else None, user=request.user)
    report = None
    if action and form.is_valid():
        group, fmt = form.group(), form.cleaned_data["format"]
        if not can_export(request.user, group):
            raise PermissionDenied(NOT_STEWARD)
        with vocabularies_cached():
            export = export_build(group)
        if action == "telecharger":
            return export_response(request, export, group, fmt)
        report = export.report
    return render(request, "directory/export.html", {"form": form, "report": report})


def export_response(request, export, group, fmt) -> HttpResponse:
    """The file as a download, written to the audit log (the page and the API)."""
    name = export_filename(group, fmt)
    response = HttpResponse(export_bytes(export, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    export_record(group=group, fmt=fmt, report=export.report, request=request, file=name)
    return response


urlpatterns = [
    path("exporter/", export_page, name="export"),
]
