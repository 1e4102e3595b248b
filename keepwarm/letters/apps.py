from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "keepwarm.letters"
    label = "letters"
