from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "terreau.core"
    label = "core"
    verbose_name = "Terreau"
