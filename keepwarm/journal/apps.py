from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "keepwarm.journal"
    label = "journal"
