"""Tabulations page: /analyses/tableaux/<questionnaire slug>/ (a GET form, a table, a chart).

Members of the questionnaire's group read it (aggregates: the group sees its own figures in
full); others get a 404. Filtering by collector is for the answer readers only (can_analyse):
for another member the page answers 403 rather than silently showing other figures than
asked. The CSV and XLSX exports hold the table as shown: counts and percentages, no
answer-level data, hence no audit record (core.audit is for answer-level exports).
"""

import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from terreau.core.exports import CONTENT_TYPES, write_csv, write_xlsx
from terreau.surveys.models import Questionnaire
from terreau.surveys.queries import questionnaire_get_visible

from ..answers import answers_table, filtered_submissions
from ..forms_tabulations import TabulationForm, tabulation_choices
from ..queries import can_analyse
from ..table import SurveyTable
from ..tabulate import TabulateError, tabulate
from .tabulations_grid import chart_data, export_rows, grid

NOT_FOUND = "Questionnaire introuvable."
NOT_READER = ("Seules l'animation et les référent·es du groupe filtrent les tableaux par "
              "enquêteur·rice.")
VEGA = ("vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js")


@dataclass
class Tabulation:
    """Everything a page or the API shows: the form, the result (or None) and its table."""

    questionnaire: Questionnaire
    form: TabulationForm | None  # None: the questionnaire has no complete answer yet
    result: dict | None = None
    percentages: str = "colonne"
    respondents: int = 0


def readable(user, slug: str) -> Questionnaire | None:
    return questionnaire_get_visible(slug=slug, user=user)


def collector_refused(user, questionnaire: Questionnaire, data) -> bool:
    """A collector filter asked by someone who may not use it."""
    return bool(data.get("enqueteur")) and not can_analyse(user, questionnaire.group_id)


def _narrowed(questionnaire, table: SurveyTable, filters) -> SurveyTable:
    if filters == type(filters)():
        return table
    kept = set(filtered_submissions(questionnaire, filters).values_list("pk", flat=True))
    return table.subset([pk for pk in table.frame.index if pk in kept])


def tabulation_make(questionnaire: Questionnaire, user, data) -> Tabulation:
    """Read the answers once (number classes stay the same whatever the filters), build the
    form from them and, when a question is chosen and valid, the table of the filtered ones."""
    table = answers_table(questionnaire).table
    if not len(table):
        return Tabulation(questionnaire, None)
    choices = tabulation_choices(questionnaire, table, user=user,
                                 reader=can_analyse(user, questionnaire.group_id))
    form = TabulationForm(data if data.get("question") else None, choices=choices)
    page = Tabulation(questionnaire, form, respondents=len(table))
    if form.is_bound and form.is_valid():
        question, crossed, weight, page.percentages = form.what()
        try:
            page.result = tabulate(_narrowed(questionnaire, table, form.filters()),
                                   question, crossed, weight=weight)
        except TabulateError as error:
            form.add_error(None, str(error))
    return page


def _export(page: Tabulation, kind: str) -> HttpResponse:
    header, rows = export_rows(page.result, page.percentages)
    result = page.result
    names = [result.get("question") or result["rows"]["key"]]
    if result["type"] == "cross":
        names.append(result["columns"]["key"])
    file = f"tableau-{page.questionnaire.slug}-{slugify('-'.join(names))}.{kind}"
    response = HttpResponse(content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{file}"'
    if kind == "csv":
        write_csv(response, header, rows)
    else:
        buffer = io.BytesIO()
        write_xlsx(buffer, header, rows, sheet="Tableau")
        response.write(buffer.getvalue())
    return response


@require_GET
def tabulations(request, slug: str):
    questionnaire = readable(request.user, slug)
    if questionnaire is None:
        raise Http404(NOT_FOUND)
    if collector_refused(request.user, questionnaire, request.GET):
        raise PermissionDenied(NOT_READER)
    page = tabulation_make(questionnaire, request.user, request.GET)
    kind = request.GET.get("format")
    if kind in CONTENT_TYPES and page.result is not None:
        return _export(page, kind)
    context = {"questionnaire": questionnaire, "page": page, "form": page.form,
               "result": page.result,
               "vega_scripts": " ".join(static(s) for s in VEGA)}
    if page.result is not None:
        context.update(grid=grid(page.result, page.percentages),
                       chart=chart_data(page.result, page.percentages))
    status = 400 if page.form is not None and page.form.errors else 200
    return render(request, "analysis/tabulations.html", context, status=status)


urlpatterns = [
    path("tableaux/<slug:slug>/", tabulations, name="tabulations"),
]
