from django.db import models


class RunStatus(models.TextChoices):
    """Where a run of a saved analysis stands (it runs as a background task)."""

    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminée"
    FAILED = "failed", "Échec"
