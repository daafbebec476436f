from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "terreau.atlas"
    label = "atlas"
    verbose_name = "Atlas"
