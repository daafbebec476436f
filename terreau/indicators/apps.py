from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "terreau.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"
