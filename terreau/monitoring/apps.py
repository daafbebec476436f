from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "terreau.monitoring"
    verbose_name = "Suivi du projet : séances, présences, objectifs, bilans"
