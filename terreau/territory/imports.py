"""Use cases of the import page: keep an uploaded file, start its import, run it, list imports.

The import itself is `services.zones_import`; this module adds what the web page needs
around it: a ZoneImport row that holds the file, the options chosen in the preview, the
progress of the background task and its report.
"""

import tempfile
import zipfile
from pathlib import Path, PurePath

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from .choices import ImportStatus
from .models import ZoneImport
from .services import ImportReport, ZoneImportError, zones_import

# Label of an import confirmed by the user and waiting for the background worker (an import
# still PENDING with no label is an upload whose preview was not confirmed yet).
QUEUED_LABEL = "En attente du traitement en arrière-plan"
UNEXPECTED_ERROR = ("Erreur inattendue pendant l'import ; aucune zone n'a été modifiée. "
                    "Signalez-la à la personne qui administre Terreau.")


def zone_import_create(*, files: list[UploadedFile], level: str, user=None) -> ZoneImport:
    """Keep an upload (one file, or the parts of a Shapefile put in one zip) for its preview."""
    if len(files) == 1:
        upload = files[0]
        job = ZoneImport(original_name=upload.name[:300], level=level, created_by=user)
        job.file.save(upload.name, upload, save=False)
    else:
        names = sorted(f.name for f in files)
        stem = PurePath(next(n for n in names if n.lower().endswith(".shp"))).stem
        job = ZoneImport(original_name=", ".join(names)[:300], level=level, created_by=user)
        with tempfile.TemporaryFile() as archive:
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
                for upload in files:
                    with bundle.open(PurePath(upload.name).name, "w") as member:
                        for chunk in upload.chunks():
                            member.write(chunk)
            archive.seek(0)
            job.file.save(f"{stem}.zip", File(archive), save=False)
    job.save()
    return job


def zone_import_start(
    *,
    zone_import: ZoneImport,
    level: str,
    code_field: str,
    name_field: str,
    crs: str = "",
    vintage: int | None = None,
) -> ZoneImport:
    """Record the options chosen in the preview and queue the import as a background task."""
    from .tasks import run_zone_import  # tasks imports this module

    zone_import.level, zone_import.crs, zone_import.vintage = level, crs, vintage
    zone_import.code_field, zone_import.name_field = code_field, name_field
    zone_import.progress, zone_import.progress_label = 0, QUEUED_LABEL
    zone_import.save()
    run_zone_import.enqueue(zone_import.pk)
    zone_import.refresh_from_db()  # an immediate backend has already run it
    return zone_import


def zone_import_run(import_id: int) -> dict:
    """Run a queued import, writing its progress, then its report or its error, on its row."""
    rows = ZoneImport.objects.filter(pk=import_id)
    job = rows.get()
    rows.update(status=ImportStatus.RUNNING, progress=0, progress_label="Démarrage", error="")

    def progress(percent: int, label: str) -> None:
        rows.update(progress=percent, progress_label=label)

    try:
        report = zones_import(
            path=job.file.path, level=job.level, code_field=job.code_field or None,
            name_field=job.name_field or None, crs=job.crs or None, vintage=job.vintage,
            source=job.original_name, progress=progress,
        )
    except ZoneImportError as error:
        rows.update(status=ImportStatus.FAILED, error=str(error), finished_at=timezone.now())
        return {"error": str(error)}
    except Exception:
        rows.update(status=ImportStatus.FAILED, error=UNEXPECTED_ERROR, finished_at=timezone.now())
        raise
    rows.update(status=ImportStatus.DONE, progress=100, progress_label="Import terminé",
                report=report.as_dict(), finished_at=timezone.now())
    return report.as_dict()


def zone_import_report(zone_import: ZoneImport) -> ImportReport | None:
    """Return the report of a finished import (None before it ends)."""
    return ImportReport(**zone_import.report) if zone_import.report else None


def zone_import_is_waiting(zone_import: ZoneImport) -> bool:
    """Tell whether an import was uploaded but its preview not confirmed yet."""
    return zone_import.status == ImportStatus.PENDING and not zone_import.progress_label


def zone_import_list_recent(limit: int = 20) -> QuerySet[ZoneImport]:
    """Return the latest imports, newest first, with who made them."""
    return ZoneImport.objects.select_related("created_by").order_by("-created_at")[:limit]


def zone_import_path(zone_import: ZoneImport) -> Path:
    """Return where the uploaded file is kept on disk."""
    return Path(zone_import.file.path)
