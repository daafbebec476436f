"""Background tasks of the catalogue (Django's tasks API; django-tasks-db by default).

`data_import_run` imports a staged file with the plan confirmed on the report page and
writes its progress, then its result, in the staging folder's state.json for the progress
page. The import core refuses a file whose report blocks (`DataImportError`): nothing is
written then, and the report that explains why is kept for the page.
"""

from django.contrib.auth import get_user_model
from django.tasks import task

from .choices import Sensitivity
from .import_plans import plan_from_dict
from .page_queries import version_changes_lines
from .services import DataImportError, dataset_import
from .staging import Status, staged_import_for_task

UNEXPECTED_ERROR = ("Erreur inattendue pendant l'import ; aucune donnée n'a été enregistrée. "
                    "Signalez-la à la personne qui administre Terreau.")


def data_import_run(token: str) -> dict:
    """Run a confirmed import; return (and keep in state.json) its result."""
    staged = staged_import_for_task(token)
    plan = plan_from_dict(staged.read("plan"))
    user = get_user_model().objects.filter(pk=staged.meta.get("user_id")).first()
    staged.set_state(status=Status.RUNNING, progress=0, label="Démarrage", error="")

    def progress(percent: int, label: str) -> None:
        staged.set_state(progress=percent, label=label)

    try:
        version = dataset_import(path=staged.path, plan=plan, user=user, progress=progress)
    except DataImportError as error:
        staged.write("report", error.report.as_dict())
        return staged.set_state(status=Status.FAILED, error=str(error))
    except Exception:
        staged.set_state(status=Status.FAILED, error=UNEXPECTED_ERROR)
        raise
    dataset = version.dataset
    if dataset.sensitivity == Sensitivity.RESTRICTED and user and not dataset.stewards.exists():
        dataset.stewards.add(user)  # otherwise nobody but superusers could see it
    staged.discard_file()
    return staged.set_state(status=Status.DONE, progress=100, label="Import terminé",
                            dataset=dataset.slug, title=dataset.title,
                            version=version.number, rows=version.row_count,
                            zones=len(version.zone_id_array()),
                            changes=version_changes_lines(version.changes))


@task
def run_data_import(token: str) -> dict:
    """Import the statistics of a staged upload (MEDIA_ROOT/imports/data/<token>/)."""
    return data_import_run(token)
