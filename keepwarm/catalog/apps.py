from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "keepwarm.catalog"
    label = "catalog"
