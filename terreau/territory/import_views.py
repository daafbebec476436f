"""Pages of the zone import: upload, preview, progress. Thin: the work is in `imports`."""

import json

from django.contrib.auth.decorators import permission_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .choices import Level
from .forms import ZonePreviewForm, ZoneUploadForm, max_upload_bytes, upload_too_large_message
from .geometry import GeometryFileError, inspect_file, preview_features
from .imports import (
    zone_import_create,
    zone_import_is_waiting,
    zone_import_list_recent,
    zone_import_path,
    zone_import_report,
    zone_import_start,
)
from .models import ZoneImport

PERMISSION = "territory.import_zones"
# The preview map and its table (the map's text alternative) show the same first features.
PREVIEW_FEATURES = 100
# The geometry types GDAL reports, as a steward reads them.
GEOMETRY_LABELS = {"Polygon": "polygones (contours)", "MultiPolygon": "polygones (contours)",
                   "Point": "points — pas des contours", "LineString": "lignes — pas des contours",
                   "MultiLineString": "lignes — pas des contours"}
EMPTY_FILE = "Le fichier ne contient aucune zone (collection vide) : rien à importer."


class UploadLimitHandler(FileUploadHandler):
    """Stop reading an upload as soon as it passes the size limit (the rest is discarded)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            size = int(self.request.META.get("CONTENT_LENGTH") or self.received)
            self.request.upload_too_large = upload_too_large_message(self.file_name, size)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
@permission_required(PERMISSION, raise_exception=True)
def import_view(request):
    """Upload a file of contours (and list the past imports)."""
    request.upload_handlers.insert(0, UploadLimitHandler(request))
    return _import_page(request)


@csrf_protect
def _import_page(request):
    form, too_large, status = ZoneUploadForm(), "", 200
    if request.method == "POST":
        form = ZoneUploadForm(request.POST, request.FILES)
        too_large = getattr(request, "upload_too_large", "")
        if too_large:
            form, status = ZoneUploadForm(initial={"level": request.POST.get("level")}), 413
        elif form.is_valid():
            job = zone_import_create(files=form.cleaned_data["files"],
                                     level=form.cleaned_data["level"], user=request.user)
            return redirect("territory:import_preview", job.pk)
    context = {"form": form, "too_large": too_large, "imports": zone_import_list_recent()}
    return render(request, "territory/import_upload.html", context, status=status)


@permission_required(PERMISSION, raise_exception=True)
def import_preview_view(request, pk: int):
    """Show what the file holds; let the user choose the fields, then start the import."""
    job = get_object_or_404(ZoneImport, pk=pk)
    if not zone_import_is_waiting(job):
        return redirect("territory:import_progress", job.pk)
    level = request.POST.get("level", job.level)
    level = level if level in Level.values else job.level
    context = {"job": job}
    try:
        info = inspect_file(zone_import_path(job), level)
    except GeometryFileError as error:
        return render(request, "territory/import_preview.html", {**context, "file_error": error})
    initial = {"level": level, "code_field": info.code_field, "crs": job.crs,
               "name_field": info.name_field or info.code_field, "vintage": job.vintage}
    form = ZonePreviewForm(request.POST or None, fields=info.fields, initial=initial)
    options = form.cleaned_data if form.is_bound and form.is_valid() else initial
    collection, preview_error = _preview(job, options)
    if request.POST.get("action") == "confirm" and form.is_valid() and not preview_error:
        zone_import_start(zone_import=job, **form.cleaned_data)
        return redirect("territory:import_progress", job.pk)
    drawn = collection and [f for f in collection["features"] if f["geometry"]]
    context.update(
        info=info, form=form, preview_error=preview_error,
        geometry_label=GEOMETRY_LABELS.get(info.geometry_type, info.geometry_type or "inconnue"),
        rows=collection["features"] if collection else [],
        collection=collection if drawn else None,
        bbox=json.dumps(collection["bbox"]) if drawn else "",
        worker_url=static("vendor/maplibre-gl-worker.mjs"), map_count=len(drawn or []),
    )
    return render(request, "territory/import_preview.html", context)


def _preview(job: ZoneImport, options: dict) -> tuple[dict | None, str]:
    """Return the first features as GeoJSON, or the French reason why they cannot be shown."""
    try:
        collection = preview_features(
            zone_import_path(job), PREVIEW_FEATURES, level=options["level"],
            code_field=options["code_field"], name_field=options["name_field"],
            crs=options.get("crs") or None,
        )
    except GeometryFileError as error:
        return None, str(error)
    return (collection, "") if collection["features"] else (None, EMPTY_FILE)


@permission_required(PERMISSION, raise_exception=True)
def import_progress_view(request, pk: int):
    """Follow an import: a progress bar refreshed every second, then its report."""
    job = get_object_or_404(ZoneImport, pk=pk)
    if zone_import_is_waiting(job):
        return redirect("territory:import_preview", job.pk)
    return render(request, "territory/import_progress.html", _status_context(job))


@permission_required(PERMISSION, raise_exception=True)
def import_status_view(request, pk: int):
    """The part of the progress page that HTMX reloads every second."""
    job = get_object_or_404(ZoneImport, pk=pk)
    return render(request, "territory/import_status.html", _status_context(job))


def _status_context(job: ZoneImport) -> dict:
    report = zone_import_report(job)
    return {"job": job, "report": report, "lines": report.lines() if report else [],
            "finished": job.status in ("done", "failed")}
