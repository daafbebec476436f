"""The yearly report pages: a group's (its members: counts; its facilitators may add the
names with ?noms=1, written to the audit log) and the whole project's (every signed-in
person: counts per group, never names), each as a page, an XLSX workbook and a PDF.

A year that is not a year of the project, or a group the person does not belong to: 404.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from terreau.core.exports import CONTENT_TYPES

from ..queries import can_see_names, group_get_readable, project_years
from ..report import ReportYearError, report_build, report_display, report_names_record
from ..report_pdf import report_pdf
from ..report_xlsx import report_xlsx

PDF = "application/pdf"


def _report(request, slug: str | None, year: int):
    """(group, report, may see names) or 404."""
    group = None
    if slug is not None:
        group = group_get_readable(request.user, slug)
        if group is None:
            raise Http404("Groupe introuvable.")
    names_allowed = group is not None and can_see_names(request.user, group)
    try:
        report = report_build(group, year, with_names=names_allowed
                              and request.GET.get("noms") == "1")
    except ReportYearError as error:
        raise Http404(str(error)) from None
    return group, report, names_allowed


def _page(request, slug: str | None, year: int, template: str):
    group, report, names_allowed = _report(request, slug, year)
    if report["with_names"]:
        report_names_record(report, fmt="page", request=request)
    count = project_years(group).count
    return render(request, template, {
        "group": group, "report": report_display(report), "can_see_names": names_allowed,
        "previous_year": year - 1 if year > 1 else None,
        "next_year": year + 1 if year < count else None})


def _file(request, slug: str | None, year: int, fmt: str) -> HttpResponse:
    group, report, _names_allowed = _report(request, slug, year)
    data = report_xlsx(report) if fmt == "xlsx" else report_pdf(report)
    who = group.slug if group else "projet"
    name = f"bilan-{slugify(who)}-annee-{year}{'-noms' if report['with_names'] else ''}.{fmt}"
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(fmt, PDF))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    if report["with_names"]:
        report_names_record(report, fmt=fmt, request=request, file=name)
    return response


@require_GET
def report(request, group: str, year: int):
    return _page(request, group, year, "monitoring/report.html")


@require_GET
def report_xlsx_download(request, group: str, year: int):
    return _file(request, group, year, "xlsx")


@require_GET
def report_pdf_download(request, group: str, year: int):
    return _file(request, group, year, "pdf")


@require_GET
def project_report(request, year: int):
    return _page(request, None, year, "monitoring/project_report.html")


@require_GET
def project_report_xlsx(request, year: int):
    return _file(request, None, year, "xlsx")


@require_GET
def project_report_pdf(request, year: int):
    return _file(request, None, year, "pdf")


urlpatterns = [
    path("groupes/<slug:group>/bilan/<int:year>/", report, name="report"),
    path("groupes/<slug:group>/bilan/<int:year>.xlsx", report_xlsx_download,
         name="report_xlsx"),
    path("groupes/<slug:group>/bilan/<int:year>.pdf", report_pdf_download, name="report_pdf"),
    path("projet/bilan/<int:year>/", project_report, name="project_report"),
    path("projet/bilan/<int:year>.xlsx", project_report_xlsx, name="project_report_xlsx"),
    path("projet/bilan/<int:year>.pdf", project_report_pdf, name="project_report_pdf"),
]
