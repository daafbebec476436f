from django.db import models


class AuditAction(models.TextChoices):
    """What an audit event records (DESIGN.md, "Privacy and trust")."""

    EXPORT = "export", "Export de fichier"
    RESTRICTED_ACCESS = "restricted_access", "Consultation de données restreintes"
    ERASURE = "erasure", "Effacement de données personnelles"


class AuditTarget(models.TextChoices):
    """The kind of thing an audit event is about."""

    DATASET = "dataset", "Jeu de données"
    INDICATOR = "indicator", "Indicateur"
    INVENTORY = "inventory", "Inventaire des données"
    QUESTIONNAIRE = "questionnaire", "Questionnaire (réponses d'enquête)"
    DIRECTORY = "directory", "Annuaire des services"
    ATTENDANCE = "attendance", "Présences (noms des participants)"
    INTERVIEW = "interview", "Entretien (notes)"
