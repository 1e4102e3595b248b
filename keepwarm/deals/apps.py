from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "keepwarm.deals"
    label = "deals"
