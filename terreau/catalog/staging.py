"""A pending statistics import, kept on disk between the pages of the import UI.

Each upload gets a folder MEDIA_ROOT/imports/data/<uuid>/ holding the file and small JSON
files: `meta.json` (who, which file, the sheet and header row chosen), `plan.json` (the
mapping chosen), `report.json` (the validation report shown before anything is written) and
`state.json` (the background task's progress, then its result). The file itself keeps its
own name, in a `fichier/` subfolder. JSON files are replaced atomically, so the progress
page never reads half a file while the worker writes it.

There is no database row for a pending import (no model may be added without asking); the
folder name is a random UUID and every read checks that the user is the one who uploaded.
"""

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

STAGING_SUBDIR = Path("imports") / "data"
FILE_SUBDIR = "fichier"
# Uploads left unfinished are removed after this many days, at the next upload.
KEEP_DAYS = 7


class Status:
    UPLOADED = "uploaded"
    CHECKED = "checked"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def staging_root() -> Path:
    return Path(settings.MEDIA_ROOT) / STAGING_SUBDIR


@dataclass
class StagedImport:
    token: uuid.UUID
    folder: Path

    @property
    def meta(self) -> dict:
        return self.read("meta")

    @property
    def path(self) -> Path:
        return self.folder / self.meta["stored_name"]

    @property
    def original_name(self) -> str:
        return self.meta["original_name"]

    def read(self, name: str) -> dict:
        try:
            return json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def write(self, name: str, data: dict) -> None:
        target = self.folder / f"{name}.json"
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, default=str),
                             encoding="utf-8")
        os.replace(temporary, target)

    def update(self, name: str, **changes) -> dict:
        data = {**self.read(name), **changes}
        self.write(name, data)
        return data

    @property
    def state(self) -> dict:
        return self.read("state") or {"status": Status.UPLOADED, "progress": 0, "label": ""}

    def set_state(self, **changes) -> dict:
        return self.update("state", **changes)

    def discard_file(self) -> None:
        """Remove the uploaded file once imported; the JSON files stay for the result page."""
        self.path.unlink(missing_ok=True)


def staged_import_create(*, upload: UploadedFile, user) -> StagedImport:
    """Keep an uploaded file in a new staging folder, owned by `user`."""
    staging_prune(staging_root())
    token = uuid.uuid4()
    folder = staging_root() / str(token)
    folder.mkdir(parents=True)
    # Kept under its own name (in a subfolder, away from the JSON files): the import core
    # records the file name with the version and in its report.
    name = PurePath(upload.name).name.strip()[:200]
    stored_name = f"{FILE_SUBDIR}/{name if name not in ('', '.', '..') else 'fichier'}"
    (folder / FILE_SUBDIR).mkdir()
    with open(folder / stored_name, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    staged = StagedImport(token, folder)
    staged.write("meta", {"original_name": PurePath(upload.name).name[:300],
                          "stored_name": stored_name, "user_id": user.pk,
                          "created_at": timezone.now().isoformat(), "size": upload.size})
    staged.write("state", {"status": Status.UPLOADED, "progress": 0, "label": ""})
    return staged


def staged_import_get(*, token: uuid.UUID, user) -> StagedImport | None:
    """Return the pending import if it exists and belongs to the user, else None."""
    folder = staging_root() / str(token)
    staged = StagedImport(token, folder)
    meta = staged.read("meta") if folder.is_dir() else {}
    if not meta or (meta.get("user_id") != user.pk and not user.is_superuser):
        return None
    return staged


def staged_import_for_task(token: str) -> StagedImport:
    return StagedImport(uuid.UUID(token), staging_root() / token)


def staging_prune(root: Path) -> None:
    """Remove the staging folders under `root` older than KEEP_DAYS (abandoned uploads)."""
    if not root.is_dir():
        return
    limit = time.time() - KEEP_DAYS * 86400
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
