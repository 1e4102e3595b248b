from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "keepwarm.needs"
    label = "needs"
