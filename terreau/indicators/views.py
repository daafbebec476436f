"""Pages of the indicators under /indicateurs/: list, sheet with values, form, export.

Access: every signed-in user reaches these pages and sees only the indicators whose every
dataset they may see (404 otherwise); creating and editing need `manage_indicators`
(facilitators, stewards, admins); files leave only for open and shared data.
"""

import io
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from terreau.core.exports import CONTENT_TYPES
from terreau.territory.choices import Level
from terreau.territory.queries import level_list_present, map_default, territory_choices

from .audit import indicator_access_record, indicator_export_record
from .exports import FORMATS, export_filename, export_write
from .forms import IndicatorForm
from .formula import FUNCTIONS, FormulaError
from .queries import (
    formula_read,
    indicator_can_edit,
    indicator_get_visible,
    indicator_is_exportable,
    indicator_list_visible,
    indicator_sources,
    indicator_values,
    variable_list_visible,
)
from .services import indicator_create, indicator_update
from .values import IndicatorUnavailable, level_word

TABLE_MAX_ROWS = 2000
FORM_FIELDS = ("slug", "label", "unit", "kind", "decimals", "direction", "definition",
               "owner_group")


def _visible_or_404(slug: str, user):
    indicator = indicator_get_visible(slug=slug, user=user)
    if indicator is None:
        raise Http404("Indicateur introuvable.")
    return indicator


def indicator_list(request):
    """List the indicators the user may see."""
    indicators = indicator_list_visible(request.user).prefetch_related("variables__dataset")
    return render(request, "indicators/indicator_list.html", {
        "indicators": indicators, "can_create": indicator_can_edit(None, request.user)})


def _selection(request, indicator) -> tuple[str, str, str | None]:
    """Read the level, the territory and the period asked for, with defaults."""
    level = request.GET.get("niveau", "")
    if level not in Level.values:
        first = indicator.variables.select_related("dataset").first()
        level = first.dataset.level if first and first.dataset.level in Level.values else ""
        level = level or map_default()[0]
    if "dans" in request.GET:
        within = request.GET["dans"].strip()[:20]
    else:
        within = map_default()[1] if level == Level.COMMUNE else ""
    return level, within, request.GET.get("periode") or None


def indicator_detail(request, slug: str):
    """Show the indicator's sheet and its values per zone beside the reference territories."""
    indicator = _visible_or_404(slug, request.user)
    level, within, period = _selection(request, indicator)
    context = {"indicator": indicator, "sources": indicator_sources(indicator),
               "level": level, "dans": within, "levels": level_list_present(),
               "territories": territory_choices(user=request.user), "table_max": TABLE_MAX_ROWS,
               "can_edit": indicator_can_edit(indicator, request.user),
               "can_export": indicator_is_exportable(indicator, request.user),
               "formats": FORMATS, "query": request.GET.urlencode()}
    try:
        result = indicator_values(indicator, level=level, within=within, period=period,
                                  user=request.user)
    except IndicatorUnavailable as error:
        return render(request, "indicators/indicator_detail.html",
                      {**context, "unavailable": str(error)}, status=404)
    context.update(result=result, rows=result.rows[:TABLE_MAX_ROWS],
                   level_plural=level_word(level, 2), period=result.period)
    indicator_access_record(request=request, indicator=indicator, level=level, within=within,
                            period=result.period)
    return render(request, "indicators/indicator_detail.html", context)


def indicator_export(request, slug: str, fmt: str):
    """Download the values shown on the page as CSV or XLSX."""
    indicator = _visible_or_404(slug, request.user)
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    if not indicator_is_exportable(indicator, request.user):
        return render(request, "indicators/export_refused.html", {"indicator": indicator},
                      status=403)
    level, within, period = _selection(request, indicator)
    try:
        result = indicator_values(indicator, level=level, within=within, period=period,
                                  user=request.user)
    except IndicatorUnavailable as error:
        raise Http404(str(error)) from None
    handle = io.BytesIO() if fmt == "xlsx" else io.StringIO()
    count = export_write(result, fmt, handle)
    indicator_export_record(indicator=indicator, result=result, fmt=fmt, rows=count,
                            request=request)
    body = handle.getvalue()
    response = HttpResponse(body if fmt == "xlsx" else body.encode(),
                            content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(result, fmt)}"'
    return response


def _form_page(request, indicator=None):
    if not indicator_can_edit(indicator, request.user):
        raise PermissionDenied
    initial = {name: getattr(indicator, name) for name in (*FORM_FIELDS, "formula")} \
        if indicator else None
    form = IndicatorForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in FORM_FIELDS}
        try:
            if indicator is None:
                indicator = indicator_create(formula=data["formula"], user=request.user,
                                             **fields)
            else:
                indicator = indicator_update(indicator=indicator, formula=data["formula"],
                                             user=request.user, **fields)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect(indicator)
    variables = list(variable_list_visible(request.user))
    shared = Counter(variable.slug for variable in variables)
    for variable in variables:  # a slug found in two datasets is written dataset.slug
        variable.formula_name = (variable.qualified_slug if shared[variable.slug] > 1
                                 else variable.slug)
    return render(request, "indicators/indicator_form.html", {
        "form": form, "indicator": indicator, "functions": FUNCTIONS.values(),
        "variables": variables})


def indicator_add(request):
    """Create an indicator (facilitators, stewards, admins)."""
    return _form_page(request)


def indicator_edit(request, slug: str):
    """Change an indicator (its group's facilitators and stewards, admins)."""
    return _form_page(request, _visible_or_404(slug, request.user))


@require_POST
def formula_check(request):
    """Check a formula as it is typed (HTMX): the error with its caret, or the variables."""
    if not indicator_can_edit(None, request.user):
        raise PermissionDenied
    text = request.POST.get("formula", "")
    context = {"text": text}
    if text.strip():
        try:
            formula, variables = formula_read(text, request.user)
        except FormulaError as error:
            context.update(error=str(error), caret=error.caret())
        else:
            context["variables"] = [(name, variables[name]) for name in formula.variables]
            context["checked"] = True
    return render(request, "indicators/partials/formula_check.html", context)
