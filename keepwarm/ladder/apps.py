from django.apps import AppConfig


class LadderConfig(AppConfig):
    name = "keepwarm.ladder"
    label = "ladder"
