"""Standalone offline HTML and PDF exports of a scenario: /scenarios/<slug>/export.html, .pdf.

A scenario the user may not read is a 404. Its data decides whether it may leave as a file
(rules.export_refusal): group data only for a member of the scenario's group, restricted data
never; a refusal is a French page (403) naming the blocking steps. Public scenarios export
without signing in (open data only, and no one's name in the file). Each file is audited.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ..models import Scenario
from ..offline import export_audit, scenario_offline_html
from ..pdf import scenario_pdf
from ..queries import user_group_ids
from ..rules import export_refusal, scenario_blockers
from .access import readable

CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
ANONYMOUS = "visiteur anonyme"


def scenario_export_refusal(scenario: Scenario, user) -> str:
    """Why `user` may not take the scenario away as a file ("" when they may)."""
    for_group = scenario.group_id in user_group_ids(user)
    return export_refusal(scenario_blockers(scenario), for_group=for_group)


def export_filename(scenario: Scenario, fmt: str) -> str:
    return f"scenario-{scenario.slug}.{fmt}"


def _export(request, slug: str, fmt: str) -> HttpResponse:
    scenario = readable(request, slug)
    refusal = scenario_export_refusal(scenario, request.user)
    if refusal:
        return render(request, "scenarios/export_refused.html",
                      {"scenario": scenario, "refusal": refusal}, status=403)
    names = request.user.is_authenticated
    if fmt == "pdf":
        content = scenario_pdf(scenario, request.user, names=names)
    else:
        content = scenario_offline_html(scenario, request.user, names=names)
    filename = export_filename(scenario, fmt)
    export_audit(scenario, fmt, request=request, file=filename,
                 actor="" if request.user.is_authenticated else ANONYMOUS)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@require_GET
def export_html(request, slug: str) -> HttpResponse:
    """The scenario as one HTML file that works offline (maps, narratives, hypotheses)."""
    return _export(request, slug, "html")


@login_not_required
@require_GET
def export_pdf(request, slug: str) -> HttpResponse:
    """The scenario as a PDF (static maps of the atlas, narratives, hypotheses)."""
    return _export(request, slug, "pdf")


urlpatterns = [
    path("<slug:slug>/export.html", export_html, name="export_html"),
    path("<slug:slug>/export.pdf", export_pdf, name="export_pdf"),
]
