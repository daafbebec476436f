from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "terreau.directory"
    verbose_name = "Annuaire des structures et services"
