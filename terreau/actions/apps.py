from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "terreau.actions"
    verbose_name = "Actions et évaluations"
