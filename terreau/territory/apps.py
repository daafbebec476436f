from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "terreau.territory"
    label = "territory"
    verbose_name = "Territoires"
