"""Background tasks of the territory app (Django's tasks API; django-tasks-db by default)."""

from django.tasks import task

from .imports import zone_import_run


@task
def run_zone_import(import_id: int) -> dict:
    """Import the zones of an uploaded file (ZoneImport `import_id`), reporting progress."""
    return zone_import_run(import_id)
