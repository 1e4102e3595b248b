from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keepwarm.core"
    label = "core"
