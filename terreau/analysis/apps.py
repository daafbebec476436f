from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "terreau.analysis"
    verbose_name = "Analyse des besoins"
