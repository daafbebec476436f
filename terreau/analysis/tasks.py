"""Background tasks of the analyses (Django's tasks API; django-tasks-db by default).

`run_analysis` executes a pending run of a saved analysis: services.run_execute reads the
answers, computes the profiles and writes its progress on the run, which the progress page
polls. A run that vanished meanwhile (its analysis deleted) is nothing to do.
"""

from django.tasks import task

from .models import AnalysisRun
from .services import run_execute


@task
def run_analysis(run_id: int) -> dict:
    """Compute the profiles of run `run_id`; return its status (kept in the task result)."""
    run = AnalysisRun.objects.select_related("analysis", "analysis__questionnaire").filter(
        pk=run_id).first()
    if run is None:
        return {"status": "missing"}
    run = run_execute(run)
    return {"status": run.status, "error": run.error}
