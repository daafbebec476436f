"""Pages of the statistics import: upload → layout → mapping → report → progress.

Thin: reading and checking are the import core's (`reading`, `services`), the pending
import lives in `staging`, the background task in `tasks`, the plan in `import_plans`.
Nothing is written to the database before the user confirms the validation report.
"""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from terreau.territory.import_views import UploadLimitHandler

from ..forms.imports import DataUploadForm, LayoutForm
from ..forms.mapping import ColumnFormSet, MappingForm
from ..import_plans import (
    guess_level,
    plan_from_dict,
    plan_from_forms,
    plan_to_dict,
    propose,
    read_for_mapping,
)
from ..models import Dataset, DatasetVersion
from ..reading import TableReadError, preview
from ..services import dataset_import_check
from ..staging import Status, staged_import_create, staged_import_get
from ..tasks import run_data_import
from .import_report import report_context

PERMISSION = "catalog.import_data"
PREVIEW_ROWS = 20
RECENT_VERSIONS = 10
ACCEPT_NEEDED = ("Cochez « Laisser de côté les codes inconnus » pour importer sans eux, ou "
                 "corrigez le fichier et envoyez-le à nouveau.")


def _staged_or_404(request, token):
    staged = staged_import_get(token=token, user=request.user)
    if staged is None:
        raise Http404("Import introuvable (il a peut-être expiré) : envoyez le fichier à nouveau.")
    return staged


def _after_check(staged):
    """Return where a pending import continues once it has been sent to the worker."""
    if staged.state.get("status") in (Status.QUEUED, Status.RUNNING, Status.DONE, Status.FAILED):
        return redirect("catalog:import_progress", staged.token)
    return None


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
@permission_required(PERMISSION, raise_exception=True)
def import_upload(request):
    """Upload a table of statistics."""
    request.upload_handlers.insert(0, UploadLimitHandler(request))
    return _upload_page(request)


@csrf_protect
def _upload_page(request):
    form, too_large, status = DataUploadForm(), "", 200
    if request.method == "POST":
        form = DataUploadForm(request.POST, request.FILES)  # reading the body sets the flag
        too_large = getattr(request, "upload_too_large", "")
        if too_large:
            form, status = DataUploadForm(), 413
        elif form.is_valid():
            staged = staged_import_create(upload=form.cleaned_data["file"], user=request.user)
            return redirect("catalog:import_preview", staged.token)
    recent = (DatasetVersion.objects
              .filter(created_by=request.user, dataset__in=Dataset.objects.visible_to(request.user))
              .select_related("dataset").defer("zone_ids", "report")
              .order_by("-created_at")[:RECENT_VERSIONS])
    return render(request, "catalog/import_upload.html",
                  {"form": form, "too_large": too_large, "recent": recent}, status=status)


@permission_required(PERMISSION, raise_exception=True)
def import_preview(request, token):
    """Show the first raw lines; let the user choose the sheet and the header row."""
    staged = _staged_or_404(request, token)
    if (moved := _after_check(staged)) is not None:
        return moved
    meta = staged.meta
    sheet = request.POST.get("sheet") or request.GET.get("feuille") or meta.get("sheet") or None
    try:
        raw = preview(staged.path, PREVIEW_ROWS, sheet=sheet)
    except TableReadError as error:
        return render(request, "catalog/import_preview.html",
                      {"staged": staged, "file_error": str(error)})
    chosen = meta.get("header_row") if meta.get("sheet", raw.sheet) == raw.sheet else None
    initial = {"sheet": raw.sheet, "header_row": chosen or raw.header_row}
    form = LayoutForm(request.POST or None, initial=initial, sheets=raw.sheets,
                      row_count=len(raw.rows))
    if request.method == "POST" and request.POST.get("action") == "continue" and form.is_valid():
        staged.update("meta", sheet=raw.sheet if raw.sheets else "",
                      header_row=form.cleaned_data["header_row"])
        return redirect("catalog:import_mapping", staged.token)
    selected = form.cleaned_data["header_row"] if form.is_bound and form.is_valid() \
        else initial["header_row"]
    width = max((len(row) for row in raw.rows), default=0)
    return render(request, "catalog/import_preview.html", {
        "staged": staged, "raw": raw, "form": form, "selected": selected,
        "rows": [(n, row + [""] * (width - len(row))) for n, row in enumerate(raw.rows, 1)],
        "width": range(1, width + 1),
    })


@permission_required(PERMISSION, raise_exception=True)
def import_mapping(request, token):
    """Choose the code column, level, period and dataset, and what each column becomes."""
    staged = _staged_or_404(request, token)
    if (moved := _after_check(staged)) is not None:
        return moved
    meta = staged.meta
    try:
        raw = read_for_mapping(staged.path, sheet=meta.get("sheet"),
                               header_row=meta.get("header_row"))
    except TableReadError as error:
        return render(request, "catalog/import_preview.html",
                      {"staged": staged, "file_error": str(error)})
    level = request.POST.get("level") or guess_level(raw)
    mapping, columns = propose(raw, level=level, filename=staged.original_name)
    names = [c["column"] for c in columns]
    form = MappingForm(request.POST or None, initial=mapping, columns=raw.columns,
                       user=request.user)
    formset = ColumnFormSet(request.POST or None, initial=columns, prefix="col")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kept = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("column") in names]
        plan = plan_from_forms(form.cleaned_data, kept, sheet=meta.get("sheet", ""),
                               header_row=raw.header_row,
                               guessed={c["column"]: c["kind"] for c in columns})
        report = dataset_import_check(path=staged.path, plan=plan)
        staged.write("plan", plan_to_dict(plan))
        staged.write("report", report.as_dict())
        staged.set_state(status=Status.CHECKED)
        return redirect("catalog:import_report", staged.token)
    rows = list(zip(formset.forms, columns, strict=False))
    return render(request, "catalog/import_mapping.html", {
        "staged": staged, "raw": raw, "form": form, "formset": formset, "rows": rows,
        "has_labels": bool(raw.labels),
    })


@permission_required(PERMISSION, raise_exception=True)
def import_report(request, token):
    """Show the validation report before anything is written; confirm to import."""
    staged = _staged_or_404(request, token)
    if (moved := _after_check(staged)) is not None:
        return moved
    plan_data = staged.read("plan")
    if not plan_data:
        return redirect("catalog:import_mapping", staged.token)
    context = report_context(staged.read("report"), plan_data)
    context["staged"] = staged
    if request.method == "POST":
        accept = request.POST.get("accept_unknown_codes") == "on"
        if context["blocking_other"] or (context["blocking_unknown"] and not accept):
            context["confirm_error"] = ACCEPT_NEEDED if not context["blocking_other"] else ""
            return render(request, "catalog/import_report.html", context, status=400)
        plan = plan_from_dict({**plan_data, "accept_unknown_codes": accept})
        staged.write("plan", plan_to_dict(plan))
        staged.set_state(status=Status.QUEUED, progress=0,
                         label="En attente du traitement en arrière-plan")
        run_data_import.enqueue(str(staged.token))
        return redirect("catalog:import_progress", staged.token)
    return render(request, "catalog/import_report.html", context)


@permission_required(PERMISSION, raise_exception=True)
def import_progress(request, token):
    """Follow the import: a bar refreshed every second by HTMX, then its result."""
    staged = _staged_or_404(request, token)
    state = staged.state
    if state.get("status") in (Status.UPLOADED, Status.CHECKED):
        return redirect("catalog:import_report", staged.token)
    context = {"staged": staged, "state": state,
               "finished": state.get("status") in (Status.DONE, Status.FAILED)}
    if state.get("status") == Status.FAILED and staged.read("report"):
        context.update(report_context(staged.read("report"), staged.read("plan")))
    template = ("catalog/partials/import_status.html"
                if request.headers.get("HX-Request") == "true" else "catalog/import_progress.html")
    return render(request, template, context)
