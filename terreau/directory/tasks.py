"""A directory import between its pages, and the background task that writes it.

As the statistics import (catalog/staging.py, whose `StagedImport` files this reuses): each
upload gets a folder MEDIA_ROOT/imports/annuaire/<uuid>/ with the file(s) in `fichier/`,
`meta.json` (who, for which group, format, mapping, options), `report.json` (the report shown
before writing) and `state.json` (the task's progress, then its result). No database row;
every read checks that the person is the one who uploaded.
"""

import shutil
import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils import timezone

from terreau.accounts.models import TerritorialGroup
from terreau.catalog.staging import FILE_SUBDIR, StagedImport, Status, staging_prune

from .importers import ReadError, read_file
from .imports import ImportRefused, import_apply, import_report
from .queries import can_import

STAGING_SUBDIR = Path("imports") / "annuaire"
UNEXPECTED_ERROR = ("Erreur inattendue pendant l'import ; rien n'a été enregistré. "
                    "Signalez-la à la personne qui administre Terreau.")
NOT_ALLOWED = "Vous ne pouvez plus importer pour ce groupe : rien n'a été enregistré."
# data·inclusion exports come as two files; the reader finds them by these names.
DATAINCLUSION_NAMES = ("structures.json", "services.json")


def staging_root() -> Path:
    return Path(settings.MEDIA_ROOT) / STAGING_SUBDIR


def safe_name(name: str) -> str:
    name = PurePath(name).name.strip()[:200]
    return name if name not in ("", ".", "..") else "fichier"


def staged_create(*, uploads: list, user, options: dict) -> StagedImport:
    """Keep the uploaded file(s) in a new folder owned by `user`, with the chosen options
    (format, group id, mapping, source, geocode)."""
    staging_prune(staging_root())
    token = uuid.uuid4()
    folder = staging_root() / str(token)
    (folder / FILE_SUBDIR).mkdir(parents=True)
    pair = options.get("format") == "datainclusion" and len(uploads) == 2
    names = DATAINCLUSION_NAMES if pair else [safe_name(u.name) for u in uploads]
    for upload, name in zip(uploads, names, strict=True):
        with open(folder / FILE_SUBDIR / name, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    stored = FILE_SUBDIR if pair else f"{FILE_SUBDIR}/{names[0]}"
    staged = StagedImport(token, folder)
    staged.write("meta", {**options, "original_name": " + ".join(
        PurePath(u.name).name[:300] for u in uploads), "stored_name": stored,
        "user_id": user.pk, "created_at": timezone.now().isoformat(),
        "size": sum(u.size for u in uploads)})
    staged.write("state", {"status": Status.UPLOADED, "progress": 0, "label": ""})
    return staged


def staged_get(*, token, user) -> StagedImport | None:
    """The pending import if it exists and belongs to `user`, else None."""
    folder = staging_root() / str(token)
    staged = StagedImport(token, folder)
    meta = staged.read("meta") if folder.is_dir() else {}
    if not meta or meta.get("user_id") != user.pk:
        return None
    return staged


def staged_group(staged: StagedImport) -> TerritorialGroup | None:
    group_id = staged.meta.get("group_id")
    return TerritorialGroup.objects.filter(pk=group_id).first() if group_id else None


def staged_records(staged: StagedImport) -> list:
    """Read the staged file(s) again (ReadError for a file that cannot be imported)."""
    meta = staged.meta
    return read_file(staged.path, meta["format"], mapping=meta.get("mapping") or None,
                     source=meta.get("source", ""))


def staged_check(staged: StagedImport) -> dict:
    """Read and check the file; keep the report (or the reading error) for the report page."""
    try:
        records = staged_records(staged)
    except ReadError as error:
        staged.write("report", {"read_error": str(error)})
        return staged.read("report")
    report = import_report(records, group=staged_group(staged))
    staged.write("report", report.as_dict())
    staged.set_state(status=Status.CHECKED)
    return staged.read("report")


def directory_import_run(token: str) -> dict:
    """Run a confirmed import; return (and keep in state.json) its result."""
    staged = StagedImport(uuid.UUID(token), staging_root() / token)
    meta = staged.meta
    user = get_user_model().objects.filter(pk=meta.get("user_id")).first()
    group = staged_group(staged)
    staged.set_state(status=Status.RUNNING, progress=0, label="Démarrage", error="")
    if user is None or not can_import(user, group):
        return staged.set_state(status=Status.FAILED, error=NOT_ALLOWED)

    def progress(percent: int, label: str) -> None:
        staged.set_state(progress=percent, label=label)

    try:
        records = staged_records(staged)
        report = import_apply(records, group=group, user=user, progress=progress,
                              geocode=bool(meta.get("geocode")),
                              leave_out_refused=bool(meta.get("leave_out_refused")),
                              note=f"Import de {meta.get('original_name', '')}")
    except ReadError as error:
        return staged.set_state(status=Status.FAILED, error=str(error))
    except ImportRefused as error:
        staged.write("report", error.report.as_dict())
        return staged.set_state(status=Status.FAILED, error=str(error))
    except Exception:
        staged.set_state(status=Status.FAILED, error=UNEXPECTED_ERROR)
        raise
    staged.write("report", report.as_dict())
    _discard_files(staged)
    return staged.set_state(status=Status.DONE, progress=100, label="Import terminé",
                            lines=report.lines()[:4])


@task
def run_directory_import(token: str) -> dict:
    """Import the structures and services of a staged upload (imports/annuaire/<token>/)."""
    return directory_import_run(token)


def _discard_files(staged: StagedImport) -> None:
    """Remove the uploaded file(s) once imported; the JSON files stay for the result page."""
    shutil.rmtree(staged.folder / FILE_SUBDIR, ignore_errors=True)
