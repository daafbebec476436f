from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "terreau.scenarios"
    verbose_name = "Scénarios"
