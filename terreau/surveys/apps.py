from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "terreau.surveys"
    verbose_name = "Enquêtes participatives"
