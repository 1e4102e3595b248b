from django.apps import AppConfig


class QualificationConfig(AppConfig):
    name = "keepwarm.qualification"
    label = "qualification"
