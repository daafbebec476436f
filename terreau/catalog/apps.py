from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "terreau.catalog"
    label = "catalog"
    verbose_name = "Catalogue de données"
