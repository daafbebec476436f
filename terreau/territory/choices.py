from django.db import models


class Level(models.TextChoices):
    """Kinds of territorial units, from the largest to the smallest."""

    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "Intercommunalité (EPCI)"
    COMMUNE = "commune", "Commune"
    IRIS = "iris", "IRIS"
    QPV = "qpv", "Quartier prioritaire (QPV)"
    CUSTOM = "custom", "Zonage personnalisé"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"
